//! `stancekit inspect`: what a model file holds.

use std::path::PathBuf;

use crate::error::Result;

/// Arguments of `stancekit inspect`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  stancekit inspect --model m.json --top 10")]
pub struct Args {
    /// Model file (default: the embedded default stance model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Show the N heaviest features per label.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Largest model file in bytes [default: 2 GiB].
    #[arg(long)]
    pub max_model_bytes: Option<u64>,
}

/// Run `inspect`.
pub fn run(a: Args) -> Result<()> {
    let model = super::predict::load_model(a.model.as_deref(), None, a.max_model_bytes)?;
    print!("{}", crate::model::describe::describe(&model, a.top));
    Ok(())
}
