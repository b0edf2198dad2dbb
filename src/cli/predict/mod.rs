//! `stancekit predict`: labeled-CSV rows (`--data`, [`rows`]) or whole
//! articles ([`articles`], written by [`writers`]). The arguments are in
//! [`args`]; what the two modes share (and the other subcommands use:
//! loading a model, the input limits) is in [`shared`]; `--emit-text` in
//! [`emit`]. Each mode builds on `args` and `shared` only (articles also
//! on `emit` and `writers`); this module picks the mode.

pub mod args;
pub mod articles;
pub mod emit;
pub mod rows;
pub mod shared;
pub mod writers;

pub use self::args::Args;
pub use self::shared::{limits, load_model, MAX_ARTICLE_BYTES};
use crate::error::{Error, Result};

/// Run `predict`.
pub fn run(a: Args) -> Result<()> {
    if a.data.is_some() && !a.articles.is_empty() {
        return Err(Error::Param {
            name: "data",
            value: a.data.clone().unwrap_or_default(),
            expected: "either --data FILE or article files, not both".into(),
        });
    }
    if let (Some(d), Some(f @ ("text" | "html" | "warc"))) = (&a.data, a.input_format.as_deref()) {
        return Err(Error::Param {
            name: "input-format",
            value: f.into(),
            expected: format!(
                "csv or jsonl for --data {d} (text, html and warc are for article files)"
            ),
        });
    }
    match &a.data {
        Some(d) if !a.as_articles && !a.per_article => rows::run(&a, d),
        _ if a.timings => Err(Error::Param {
            name: "timings",
            value: String::new(),
            expected: "--data FILE: stage timings are kept for rows, not articles".into(),
        }),
        _ => articles::run(&a),
    }
}
