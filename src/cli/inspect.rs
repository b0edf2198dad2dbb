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
    let t = &model.training;
    println!("task          {}", model.task);
    println!("labels        {}", model.labels.join(", "));
    println!(
        "columns       text={} label={} target={} holder={}",
        model.columns.text,
        model.columns.label,
        model.columns.target.as_deref().unwrap_or("-"),
        model.columns.holder.as_deref().unwrap_or("-")
    );
    println!("features      {}", model.features.n_features());
    println!("target mode   {:?}", model.features.config.target_mode);
    println!(
        "trained on    {} ({} rows, sha256 {})",
        t.data_file, t.rows, t.data_sha256
    );
    println!(
        "solver        {} ({} iterations, {}, converged: {})",
        t.solver, t.report.iterations, t.report.termination, t.report.converged
    );
    if !model.topics.is_empty() {
        println!(
            "topics        {}",
            model
                .topics
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (c, label) in model.labels.iter().enumerate() {
        let top = model.weights.top_features(c, a.top);
        let names: Vec<String> = top
            .iter()
            .map(|(j, w)| format!("{} ({w:+.3})", model.features.feature_name(*j)))
            .collect();
        println!("top {label}: {}", names.join("; "));
    }
    Ok(())
}
