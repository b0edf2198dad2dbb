//! stancekit: which countries support or oppose which topics in news
//! articles, and where the article says so.
#![deny(missing_docs)]

pub mod data;
pub mod entities;
pub mod error;
pub mod eval;
pub mod features;
pub mod model;
pub mod text;

pub use error::{Error, Result};
