//! Row mode of `stancekit predict` (`--data` without `--as-articles`):
//! every input row back with its predicted label and confidence, streamed
//! by [`crate::model::predict::predict_rows`].

use std::time::{Duration, Instant};

use super::args::Args;
use super::shared::{limits, load_model, parse_format};
use crate::cli::output::{bytes_progress_bar, progress_bar, Output};
use crate::data::{display_name, Format, RowReader};
use crate::error::{Error, Result};
use crate::model::predict::{
    self, ErrorReport, OnError, PredictColumns, PredictOptions, PredictSummary,
};
use crate::model::Task;

/// Run row mode on `data`.
pub fn run(a: &Args, data: &str) -> Result<()> {
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
    let (output, out) = Output::open(a.output.as_deref())?;
    let (err_out, err_writer) = match &a.errors {
        Some(p) => {
            let (o, w) = Output::open(Some(p))?;
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
        on_error: if a.on_error.as_deref() == Some("skip") {
            OnError::Skip
        } else {
            OnError::Stop
        },
        format: out_format,
        batch: a.batch.unwrap_or(4096).max(1),
        explain: a.explain,
    };
    // With a file of known size the bar tracks bytes (rows/s and ETA from
    // them); on stdin it counts rows.
    let size = std::fs::metadata(data)
        .ok()
        .filter(|m| data != "-" && m.is_file())
        .map(|m| m.len());
    let pb = match size {
        Some(len) => bytes_progress_bar(a.quiet, len, "predict"),
        None => progress_bar(a.quiet, None, "predict"),
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
