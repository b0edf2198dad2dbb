//! Labeled-CSV prediction: stream rows in, score them in parallel batches,
//! and write every input column plus `predicted` and `confidence` (and
//! optionally `p_<label>`), in input order.
//!
//! Nothing is lost: every row read is either written or, with
//! [`OnError::Skip`], recorded in the error report; [`PredictSummary`]
//! counts both, and `read == written + rejected` always holds.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::data::{BadRow, Format, Row, RowReader};
use crate::error::{Error, Result};
use crate::features::pipeline::{Input, Scratch};
use crate::model::{argmax, Model};

/// What to do with a bad row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Stop at the first bad row with its location (default).
    Stop,
    /// Record it in the error report and go on.
    Skip,
}

/// Column choices for prediction (default: the model's training columns).
#[derive(Debug, Clone, Default)]
pub struct PredictColumns {
    /// Text column.
    pub text: Option<String>,
    /// Target column.
    pub target: Option<String>,
    /// Holder column.
    pub holder: Option<String>,
}

/// Counts of a prediction run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PredictSummary {
    /// Rows read from the input.
    pub read: u64,
    /// Rows written to the output.
    pub written: u64,
    /// Rows rejected (written to the error report).
    pub rejected: u64,
}

/// Progress of a prediction run, reported after each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Rows read so far.
    pub rows: u64,
    /// Input bytes read so far (buffered input runs slightly ahead).
    pub bytes: u64,
}

/// Sink for rejected rows: `row number, line, reason` CSV.
pub struct ErrorReport {
    writer: Option<csv::Writer<Box<dyn Write + Send>>>,
}

impl ErrorReport {
    /// A report written to `w`, or discarded when `None`.
    pub fn new(w: Option<Box<dyn Write + Send>>) -> Result<ErrorReport> {
        let writer = match w {
            Some(w) => {
                let mut wr = csv::Writer::from_writer(w);
                wr.write_record(["row", "line", "reason"])
                    .map_err(|e| Error::Other(format!("cannot write error report: {e}")))?;
                Some(wr)
            }
            None => None,
        };
        Ok(ErrorReport { writer })
    }

    fn add(&mut self, row: &Row, reason: &str) -> Result<()> {
        self.add_at(row.number, row.line, reason)
    }

    fn add_at(&mut self, number: u64, line: u64, reason: &str) -> Result<()> {
        if let Some(w) = &mut self.writer {
            w.write_record([&number.to_string(), &line.to_string(), reason])
                .map_err(|e| Error::Other(format!("cannot write error report: {e}")))?;
        }
        Ok(())
    }

    /// Flush the report.
    pub fn finish(mut self) -> Result<()> {
        if let Some(w) = &mut self.writer {
            w.flush()
                .map_err(|e| Error::Other(format!("cannot write error report: {e}")))?;
        }
        Ok(())
    }
}

/// Options of a prediction run.
pub struct PredictOptions {
    /// Columns to read.
    pub columns: PredictColumns,
    /// Add one `p_<label>` column per label.
    pub probabilities: bool,
    /// Bad-row policy.
    pub on_error: OnError,
    /// Output format.
    pub format: Format,
    /// Rows per parallel batch.
    pub batch: usize,
}

struct Cols {
    text: usize,
    target: Option<usize>,
    holder: Option<usize>,
}

fn resolve(model: &Model, reader: &RowReader, c: &PredictColumns) -> Result<Cols> {
    let text = c.text.clone().unwrap_or_else(|| model.columns.text.clone());
    let target = c.target.clone().or_else(|| model.columns.target.clone());
    let holder = c.holder.clone().or_else(|| model.columns.holder.clone());
    Ok(Cols {
        text: reader.column(&text)?,
        target: target.map(|t| reader.column(&t)).transpose()?,
        holder: holder.map(|h| reader.column(&h)).transpose()?,
    })
}

fn check_row<'a>(
    row: &'a Row,
    cols: &Cols,
    headers: &[String],
) -> std::result::Result<Input<'a>, String> {
    let text = row.values[cols.text].as_str();
    if text.trim().is_empty() {
        return Err(format!(
            "empty text in column \"{}\"; expected text to classify",
            headers[cols.text]
        ));
    }
    let get = |c: Option<usize>, what: &str| -> std::result::Result<Option<&'a str>, String> {
        match c {
            None => Ok(None),
            Some(c) if row.values[c].trim().is_empty() => Err(format!(
                "empty {what} in column \"{}\"; expected a value",
                headers[c]
            )),
            Some(c) => Ok(Some(row.values[c].as_str())),
        }
    };
    Ok(Input {
        text,
        target: get(cols.target, "target")?,
        holder: get(cols.holder, "holder")?,
    })
}

/// Score every row of `reader`, writing results to `out`. Rows are read in
/// batches, scored in parallel and written in input order, so memory stays
/// bounded by the batch size whatever the input size. `progress` is called
/// after each batch with the rows and bytes read so far.
pub fn predict_rows(
    model: &Model,
    mut reader: RowReader,
    out: Box<dyn Write + Send>,
    errors: &mut ErrorReport,
    opts: &PredictOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<PredictSummary> {
    let cols = resolve(model, &reader, &opts.columns)?;
    let headers = reader.headers().to_vec();
    let path = reader.path().to_string();
    let mut out_headers = headers.clone();
    out_headers.push("predicted".into());
    out_headers.push("confidence".into());
    if opts.probabilities {
        out_headers.extend(model.labels.iter().map(|l| format!("p_{l}")));
    }
    let mut writer = OutWriter::new(out, opts.format, out_headers)?;
    let predictor = model.predictor();
    let mut summary = PredictSummary::default();
    let mut batch: Vec<Row> = Vec::with_capacity(opts.batch);
    // Rows that cannot be parsed (ragged, invalid UTF-8, broken JSON line),
    // each with the index in `batch` of the row that follows it, so they
    // are reported in input order.
    let mut bad_rows: Vec<(usize, BadRow)> = Vec::new();
    loop {
        batch.clear();
        bad_rows.clear();
        let mut eof = false;
        while batch.len() < opts.batch {
            match reader.next_checked()? {
                Some(Ok(r)) => batch.push(r),
                None => {
                    eof = true;
                    break;
                }
                Some(Err(bad)) => {
                    bad_rows.push((batch.len(), bad));
                    // The reader has moved past a bad row, so under skip
                    // reading goes on; under stop nothing after it is read.
                    if opts.on_error == OnError::Stop {
                        eof = true;
                        break;
                    }
                }
            }
        }
        summary.read += (batch.len() + bad_rows.len()) as u64;
        let scored: Vec<std::result::Result<Vec<f64>, String>> = batch
            .par_chunks(64)
            .flat_map_iter(|chunk| {
                let mut scratch = Scratch::default();
                chunk
                    .iter()
                    .map(|row| {
                        let input = check_row(row, &cols, &headers)?;
                        Ok(predictor.predict_proba(&input, &mut scratch))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut bad_iter = bad_rows.drain(..).peekable();
        let mut reject_bad =
            |upto: usize, errors: &mut ErrorReport, summary: &mut PredictSummary| -> Result<()> {
                while let Some((_, bad)) = bad_iter.next_if(|(at, _)| *at <= upto) {
                    if opts.on_error == OnError::Stop {
                        return Err(bad.error);
                    }
                    errors.add_at(bad.number, bad.line, &bad.error.to_string())?;
                    summary.rejected += 1;
                }
                Ok(())
            };
        for (i, (row, res)) in batch.iter().zip(scored).enumerate() {
            reject_bad(i, errors, &mut summary)?;
            match res {
                Ok(p) => {
                    writer.write(row, model, &p, opts.probabilities)?;
                    summary.written += 1;
                }
                Err(reason) => match opts.on_error {
                    OnError::Stop => {
                        return Err(Error::input(&path, Some(row.line), reason));
                    }
                    OnError::Skip => {
                        errors.add(row, &reason)?;
                        summary.rejected += 1;
                    }
                },
            }
        }
        reject_bad(batch.len(), errors, &mut summary)?;
        progress(Progress {
            rows: summary.read,
            bytes: reader.bytes_read(),
        });
        if eof {
            break;
        }
    }
    writer.finish()?;
    Ok(summary)
}

enum OutWriter {
    /// The writer and a reusable buffer for formatting numbers.
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>, String),
    Jsonl(std::io::BufWriter<Box<dyn Write + Send>>, Vec<String>),
}

impl OutWriter {
    fn new(out: Box<dyn Write + Send>, format: Format, headers: Vec<String>) -> Result<OutWriter> {
        Ok(match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&headers).map_err(write_err)?;
                OutWriter::Csv(Box::new(w), String::new())
            }
            Format::Jsonl => OutWriter::Jsonl(std::io::BufWriter::new(out), headers),
        })
    }

    fn write(&mut self, row: &Row, model: &Model, p: &[f64], probs: bool) -> Result<()> {
        let (predicted, conf) = match &model.multi_label {
            Some(m) => m.predicted(&model.labels, p),
            None => {
                let (best, conf) = argmax(p);
                (model.labels[best].clone(), conf)
            }
        };
        match self {
            OutWriter::Csv(w, buf) => {
                use std::fmt::Write as _;
                for v in &row.values {
                    w.write_field(v).map_err(write_err)?;
                }
                w.write_field(&predicted).map_err(write_err)?;
                buf.clear();
                write!(buf, "{conf:.6}").expect("formatting into a String");
                w.write_field(buf.as_bytes()).map_err(write_err)?;
                if probs {
                    for x in p {
                        buf.clear();
                        write!(buf, "{x:.6}").expect("formatting into a String");
                        w.write_field(buf.as_bytes()).map_err(write_err)?;
                    }
                }
                w.write_record(None::<&[u8]>).map_err(write_err)?;
            }
            OutWriter::Jsonl(w, headers) => {
                let mut m = serde_json::Map::new();
                for (h, v) in headers.iter().zip(&row.values) {
                    m.insert(h.clone(), serde_json::Value::String(v.clone()));
                }
                m.insert("predicted".into(), predicted.into());
                m.insert("confidence".into(), round6(conf).into());
                if probs {
                    for (l, x) in model.labels.iter().zip(p) {
                        m.insert(format!("p_{l}"), round6(*x).into());
                    }
                }
                serde_json::to_writer(&mut *w, &m).map_err(|e| Error::Other(e.to_string()))?;
                w.write_all(b"\n")
                    .map_err(|e| Error::Other(e.to_string()))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            OutWriter::Csv(mut w, _) => w.flush().map_err(|e| Error::Other(e.to_string())),
            OutWriter::Jsonl(mut w, _) => w.flush().map_err(|e| Error::Other(e.to_string())),
        }
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn write_err(e: csv::Error) -> Error {
    Error::Other(format!("cannot write output: {e}"))
}
