//! stancekit: which countries support or oppose which topics in news
//! articles, and where the article says so.
//!
//! The pipeline, one module per step:
//!
//! 1. [`data`] reads labeled rows (CSV / JSON Lines) keeping file and line;
//! 2. [`text`] cleans scraped boilerplate, splits sentences, tokenizes;
//! 3. [`entities`] finds countries (names, demonyms, capitals, institutions);
//! 4. [`features`] turns text into TF-IDF rows (sklearn semantics), with
//!    holder/target marking for entity stance;
//! 5. [`model`] fits sparse logistic regression and saves one model file,
//!    and scores rows ([`score`] scores TF-IDF terms straight from the text);
//! 6. [`article`] combines sentence scores into country stances per article,
//!    and [`batch`] runs it over archives in parallel, in input order;
//! 7. [`eval`] scores predictions.
//!
//! ```
//! use stancekit::features::entity::{EntityConfig, EntityMarker};
//! let m = EntityMarker::new(&EntityConfig::default()).unwrap();
//! let s = "Beijing and Moscow oppose THAAD.";
//! let marked = m.mark(s, Some("China"), Some("THAAD"));
//! assert_eq!(marked, " xholderx  and  xotherx  oppose  xtargetx .");
//! ```
#![deny(missing_docs)]

pub mod article;
pub mod batch;
pub mod cli;
pub mod data;
pub mod entities;
pub mod error;
pub mod eval;
pub mod features;
pub mod input;
mod mem;
pub mod model;
pub mod news;
pub mod report;
pub mod score;
pub mod text;

pub use error::{Error, Result};
