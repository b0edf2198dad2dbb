//! `stancekit evaluate`: score a model on labeled rows ([`rows`]) or
//! article prediction on article-level gold labels ([`articles`]).

mod args;
mod articles;
mod rows;

pub use args::Args;

use crate::error::Result;

/// Run `evaluate`: `--articles` scores article prediction, else `--data` rows.
pub fn run(a: Args) -> Result<()> {
    if a.articles.is_some() {
        articles::run(&a)
    } else {
        rows::run(a)
    }
}
