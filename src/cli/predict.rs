//! `stancekit predict`: labeled-CSV rows (`--data`) or whole articles.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::data::{display_name, Format, Limits, RowReader};
use crate::error::{Error, Result};
use crate::model::predict::{
    self, ErrorReport, OnError, PredictColumns, PredictOptions, PredictSummary,
};
use crate::model::{persist, Model, Task};

const EXAMPLES: &str = "Examples:
  # country stance in articles, with the embedded default model
  stancekit predict datasets/examples/thaad.txt

  # rows of a CSV, keeping every input column, adding predicted and confidence
  stancekit predict --model semeval.json --data test.csv --output out.csv --probabilities

  # topics of articles (top 3 with probabilities), with the embedded topic model
  stancekit predict --task topic --top 3 datasets/examples/thaad.txt

  # skip bad rows into a report instead of stopping
  stancekit predict --model m.json --data in.csv --on-error skip --errors bad.csv";

/// Arguments of `stancekit predict`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Article files (plain text; `-` for stdin). Without --data, each is read whole.
    pub articles: Vec<String>,
    /// Model file (default: the embedded default model for the task).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Labeled-CSV mode: a CSV or JSON Lines file of rows to score (`-` for stdin).
    #[arg(long)]
    pub data: Option<String>,
    /// Text column (default: the model's).
    #[arg(long)]
    pub text: Option<String>,
    /// Target column (default: the model's).
    #[arg(long)]
    pub target: Option<String>,
    /// Holder column (default: the model's).
    #[arg(long)]
    pub holder: Option<String>,
    /// Article id column, when articles come from --data with --articles.
    #[arg(long)]
    pub id: Option<String>,
    /// Treat each --data row as a whole article (country stance per article).
    #[arg(long = "as-articles")]
    pub as_articles: bool,
    /// Output file (default stdout; written atomically).
    #[arg(long, short)]
    pub output: Option<String>,
    /// Output format: csv or jsonl (for --data, also the input format unless --input-format).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub format: Option<String>,
    /// Input format of --data (default: from the file extension).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub input_format: Option<String>,
    /// Add one p_<label> column per label.
    #[arg(long)]
    pub probabilities: bool,
    /// What to do with a bad row: stop (default) or skip (record it in --errors).
    #[arg(long, default_value = "stop", value_parser = ["stop", "skip"])]
    pub on_error: String,
    /// Error report for skipped rows (CSV: row, line, reason).
    #[arg(long)]
    pub errors: Option<String>,
    /// Task for article mode: stance (countries) or topic.
    #[arg(long, value_parser = ["stance", "topic"])]
    pub task: Option<String>,
    /// Restrict article prediction to a topic: NAME or NAME=alias,alias (repeatable).
    #[arg(long)]
    pub topic: Vec<String>,
    /// Topics TSV (name<TAB>alias|alias) restricting article prediction.
    #[arg(long)]
    pub topics: Option<PathBuf>,
    /// Topic model classifying sentences that name no topic alias, in
    /// article mode without --topic (default: the embedded topic model;
    /// `none` turns it off).
    #[arg(long)]
    pub topic_model: Option<String>,
    /// Extra country aliases (TSV: ISO3<TAB>alias).
    #[arg(long)]
    pub aliases: Option<PathBuf>,
    /// Article mode: the articles' date (YYYY-MM-DD, YYYY-MM or YYYY). Heads
    /// of state and government, foreign and defence ministers in office
    /// that day count as their country ("Obama vowed ..." in 2014 is the
    /// United States); names two countries' office holders share are
    /// refused. Without a date no person is resolved.
    #[arg(long)]
    pub date: Option<String>,
    /// Article mode with --data: the column holding each article's date
    /// (as --date; an empty value means no date).
    #[arg(long)]
    pub date_column: Option<String>,
    /// Below this confidence an article-level stance is reported as `unclear`.
    #[arg(long, default_value_t = 0.5)]
    pub min_confidence: f64,
    /// Article mode: a country's stance is neutral unless one of its
    /// evidence sentences has at least this polar probability (1 -
    /// p(neutral)) times its weight (1 naming the topic, less carried over)
    /// [default: 0.2 with --topic/--topics, 0.7 without].
    #[arg(long)]
    pub min_polar: Option<f64>,
    /// Article mode: also write every evidence sentence with its label
    /// probabilities (one row per sentence) after each article-level row.
    #[arg(long)]
    pub all_evidence: bool,
    /// Topic mode (--task topic): keep the N most probable topics of each
    /// article (0 = all).
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Rows per parallel batch.
    #[arg(long, default_value_t = 4096)]
    pub batch: usize,
    /// Largest CSV field or JSON value in bytes [default: 8 MiB].
    #[arg(long)]
    pub max_field_bytes: Option<usize>,
    /// Largest JSON Lines line in bytes [default: 16 MiB].
    #[arg(long)]
    pub max_line_bytes: Option<usize>,
    /// Largest article in bytes, from a file, stdin or an --as-articles row [default: 32 MiB].
    #[arg(long)]
    pub max_article_bytes: Option<usize>,
    /// Largest model file in bytes [default: 2 GiB].
    #[arg(long)]
    pub max_model_bytes: Option<u64>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// With --data: print where the time went (model load, then the busy
    /// time of reading, scoring and writing rows) to stderr, even with -q.
    #[arg(long)]
    pub timings: bool,
}

/// Load `path` (refusing files over `max_bytes`, default
/// [`persist::MAX_MODEL_BYTES`]), or the embedded default model for `task`
/// when `path` is None.
pub fn load_model(
    path: Option<&Path>,
    task: Option<Task>,
    max_bytes: Option<u64>,
) -> Result<Model> {
    match path {
        Some(p) => persist::load_with_limit(p, max_bytes.unwrap_or(persist::MAX_MODEL_BYTES)),
        None => crate::model::defaults::load(task.unwrap_or(Task::Stance)),
    }
}

/// Input limits from the command-line overrides.
pub fn limits(max_field_bytes: Option<usize>, max_line_bytes: Option<usize>) -> Limits {
    let mut limits = Limits::default();
    if let Some(m) = max_field_bytes {
        limits.max_field_bytes = m;
    }
    if let Some(m) = max_line_bytes {
        limits.max_line_bytes = m;
    }
    limits
}

fn parse_format(s: Option<&str>) -> Option<Format> {
    s.map(|f| {
        if f == "jsonl" {
            Format::Jsonl
        } else {
            Format::Csv
        }
    })
}

/// Run `predict`.
pub fn run(a: Args) -> Result<()> {
    if a.data.is_some() && !a.articles.is_empty() {
        return Err(Error::Param {
            name: "data",
            value: a.data.clone().unwrap_or_default(),
            expected: "either --data FILE or article files, not both".into(),
        });
    }
    match &a.data {
        Some(d) if !a.as_articles => run_rows(&a, d),
        _ if a.timings => Err(Error::Param {
            name: "timings",
            value: String::new(),
            expected: "--data FILE: stage timings are kept for rows, not articles".into(),
        }),
        _ => crate::cli::predict_articles::run(&a),
    }
}

fn run_rows(a: &Args, data: &str) -> Result<()> {
    let task = a.task.as_deref().map(|t| {
        if t == "topic" {
            Task::Topic
        } else {
            Task::Stance
        }
    });
    let started = Instant::now();
    let model = load_model(a.model.as_deref(), task, a.max_model_bytes)?;
    let load = started.elapsed();
    let in_format = parse_format(a.input_format.as_deref())
        .or_else(|| parse_format(a.format.as_deref()))
        .unwrap_or_else(|| Format::from_path(data));
    let out_format = parse_format(a.format.as_deref()).unwrap_or(in_format);
    let limits = limits(a.max_field_bytes, a.max_line_bytes);
    let reader = RowReader::open(data, in_format, limits)?;
    let (output, out) = super::Output::open(a.output.as_deref())?;
    let (err_out, err_writer) = match &a.errors {
        Some(p) => {
            let (o, w) = super::Output::open(Some(p))?;
            (Some(o), Some(w))
        }
        None => (None, None),
    };
    let mut errors = ErrorReport::new(err_writer)?;
    let opts = PredictOptions {
        columns: PredictColumns {
            text: a.text.clone(),
            target: a.target.clone(),
            holder: a.holder.clone(),
        },
        probabilities: a.probabilities,
        on_error: if a.on_error == "skip" {
            OnError::Skip
        } else {
            OnError::Stop
        },
        format: out_format,
        batch: a.batch.max(1),
    };
    // With a file of known size the bar tracks bytes (rows/s and ETA from
    // them); on stdin it counts rows.
    let size = std::fs::metadata(data)
        .ok()
        .filter(|m| data != "-" && m.is_file())
        .map(|m| m.len());
    let pb = match size {
        Some(len) => super::bytes_progress_bar(a.quiet, len, "predict"),
        None => super::progress_bar(a.quiet, None, "predict"),
    };
    let result = predict::predict_rows(&model, reader, out, &mut errors, &opts, &mut |p| {
        if size.is_some() {
            pb.set_position(p.bytes);
            let secs = pb.elapsed().as_secs_f64().max(1e-3);
            pb.set_message(format!(
                "predict {} rows, {:.0} rows/s",
                p.rows,
                p.rows as f64 / secs
            ));
        } else {
            pb.set_position(p.rows);
        }
    });
    pb.finish_and_clear();
    let summary = result?;
    errors.finish()?;
    output.commit()?;
    if let Some(o) = err_out {
        o.commit()?;
    }
    let line = format!(
        "{}: read {} rows, wrote {}, rejected {}{}",
        display_name(data),
        summary.read,
        summary.written,
        summary.rejected,
        match (&a.errors, summary.rejected) {
            (_, 0) => String::new(),
            (Some(p), _) => format!(" (reasons in {p})"),
            (None, _) => " (use --errors FILE to keep the reasons)".into(),
        }
    );
    if summary.rejected == 0 && !a.quiet {
        eprintln!("{line}");
    }
    if a.timings {
        // Also when rows were rejected: the run finished either way.
        eprintln!("{}", timings_line(load, &summary, started.elapsed()));
    }
    if summary.rejected > 0 {
        // Exit status 1: the run finished, but not every row was scored.
        return Err(Error::Other(format!("{line}; expected no rejected rows")));
    }
    Ok(())
}

/// The `--timings` report: model load, then each stage's busy time, with
/// the scoring stage's rows per second.
fn timings_line(load: Duration, summary: &PredictSummary, total: Duration) -> String {
    let t = &summary.times;
    let rate = match t.score.as_secs_f64() {
        s if s > 0.0 => format!(" ({:.0} rows/s)", summary.written as f64 / s),
        _ => String::new(),
    };
    format!(
        "timings: model load {:.3} s; read {:.3} s, score {:.3} s{rate}, write {:.3} s; total {:.3} s",
        load.as_secs_f64(),
        t.read.as_secs_f64(),
        t.score.as_secs_f64(),
        t.write.as_secs_f64(),
        total.as_secs_f64(),
    )
}
