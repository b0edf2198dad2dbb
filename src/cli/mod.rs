//! Command-line interface: argument structs, help text and I/O wiring only.
//! Each subcommand lives in its own file (xsv's `src/cmd/*.rs`); the logic
//! they call is in the library.

pub mod data;
pub mod evaluate;
pub mod inspect;
pub mod output;
pub mod predict;
pub mod report;
pub mod train;

use clap::{Parser, Subcommand};

pub use self::output::{bytes_progress_bar, progress_bar, Output};

use crate::error::Result;

/// stancekit: which countries support or oppose which topics in news
/// articles, and where the article says so.
#[derive(Debug, Parser)]
#[command(name = "stancekit", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fit a stance or topic model from a labeled CSV and save it.
    Train(train::Args),
    /// Apply a model to labeled-CSV rows or to whole articles.
    Predict(predict::Args),
    /// Score a model on labeled data.
    Evaluate(evaluate::Args),
    /// Show a model's settings, labels, training record and top features.
    Inspect(inspect::Args),
    /// Sum up article predictions per country and topic: a table, a
    /// heatmap, stance over time, and an HTML page.
    Report(report::Args),
    /// Real-news gold data: annotation sheets, stand-off resolution, articles, agreement.
    Data(data::Args),
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Train(a) => train::run(a),
        Command::Predict(a) => predict::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Report(a) => report::run(a),
        Command::Data(a) => data::run(a),
    }
}
