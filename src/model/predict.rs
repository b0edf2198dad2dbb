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

use crate::data::{Format, Row, RowReader};
use crate::error::{Error, Result};
use crate::features::pipeline::{Input, Scratch};
use crate::features::sparse::{Csr, RowView};
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
        if let Some(w) = &mut self.writer {
            w.write_record([&row.number.to_string(), &row.line.to_string(), reason])
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
    let mut summary = PredictSummary::default();
    let scorer = Scorer::new(model);
    let k = scorer.n_classes;
    let batch_size = opts.batch.max(1);
    let mut batch: Vec<Row> = Vec::with_capacity(batch_size);
    let mut next: Vec<Row> = Vec::with_capacity(batch_size);
    let mut eof = read_batch(&mut reader, &mut batch, batch_size)?;
    loop {
        summary.read += batch.len() as u64;
        // Score this batch while the next one is read (on one thread the
        // two simply run one after the other).
        let (scored, read) = rayon::join(
            || {
                batch
                    .par_chunks(256)
                    .map(|chunk| scorer.score_chunk(chunk, &cols, &headers))
                    .collect::<Vec<_>>()
            },
            || {
                if eof {
                    Ok(true)
                } else {
                    read_batch(&mut reader, &mut next, batch_size)
                }
            },
        );
        let rows = batch.chunks(256).zip(&scored).flat_map(|(rows, s)| {
            rows.iter()
                .zip(&s.status)
                .scan(0usize, move |at, (row, st)| {
                    let r = match st {
                        None => {
                            *at += 1;
                            Ok(&s.probs[(*at - 1) * k..*at * k])
                        }
                        Some(reason) => Err(reason.as_str()),
                    };
                    Some((row, r))
                })
        });
        for (row, res) in rows {
            match res {
                Ok(p) => {
                    writer.write(row, model, p, opts.probabilities)?;
                    summary.written += 1;
                }
                Err(reason) => match opts.on_error {
                    OnError::Stop => {
                        return Err(Error::input(&path, Some(row.line), reason));
                    }
                    OnError::Skip => {
                        errors.add(row, reason)?;
                        summary.rejected += 1;
                    }
                },
            }
        }
        progress(Progress {
            rows: summary.read,
            bytes: reader.bytes_read(),
        });
        if eof {
            break;
        }
        // A row that cannot even be parsed: its place is in the message.
        // Under skip, the reader cannot resynchronize reliably after a
        // structural CSV error, so stop either way (after writing the rows
        // before it).
        eof = read?;
        std::mem::swap(&mut batch, &mut next);
        if batch.is_empty() && eof {
            break;
        }
    }
    writer.finish()?;
    Ok(summary)
}

/// Reads up to `n` rows into `batch` (cleared first); true at end of input.
fn read_batch(reader: &mut RowReader, batch: &mut Vec<Row>, n: usize) -> Result<bool> {
    batch.clear();
    while batch.len() < n {
        match reader.next_row()? {
            Some(r) => batch.push(r),
            None => return Ok(true),
        }
    }
    Ok(false)
}

/// Scores of one chunk of rows: `status[i]` is `None` for a scored row
/// (its probabilities are the next `n_classes` values of `probs`) or the
/// reason it was rejected.
struct Scored {
    probs: Vec<f64>,
    status: Vec<Option<String>>,
}

/// The model's weights laid out feature-major (`coef_t[j * n_out + o]`),
/// so scoring a sparse row reads one short run of memory per feature
/// instead of one scattered value per class. Sums run in the same order as
/// [`Weights::decision`](crate::model::solver::Weights::decision), so the
/// probabilities are bit-identical to [`Model::predict_proba`].
struct Scorer<'m> {
    model: &'m Model,
    coef_t: Vec<f64>,
    n_out: usize,
    n_classes: usize,
}

impl<'m> Scorer<'m> {
    fn new(model: &'m Model) -> Scorer<'m> {
        let w = &model.weights;
        let n_out = w.n_outputs();
        let nf = w.n_features;
        let mut coef_t = vec![0.0; nf * n_out];
        for o in 0..n_out {
            for (j, &c) in w.coef[o * nf..(o + 1) * nf].iter().enumerate() {
                coef_t[j * n_out + o] = c;
            }
        }
        Scorer {
            model,
            coef_t,
            n_out,
            n_classes: w.n_classes,
        }
    }

    /// Appends the class probabilities of `row` to `out`.
    fn proba(&self, row: RowView<'_>, z: &mut [f64; 64], out: &mut Vec<f64>) {
        let n_out = self.n_out;
        if n_out > z.len() {
            out.extend(self.model.weights.predict_proba(row));
            return;
        }
        let z = &mut z[..n_out];
        z.fill(0.0);
        for (&j, &v) in row.indices.iter().zip(row.data) {
            let w = &self.coef_t[j as usize * n_out..(j as usize + 1) * n_out];
            let v = f64::from(v);
            for (zo, &wo) in z.iter_mut().zip(w) {
                *zo += v * wo;
            }
        }
        for (zo, &b) in z.iter_mut().zip(&self.model.weights.intercept) {
            *zo += b;
        }
        if self.n_classes == 2 {
            let p = sigmoid(z[0]);
            out.push(1.0 - p);
            out.push(p);
        } else {
            let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let start = out.len();
            out.extend(z.iter().map(|&v| (v - m).exp()));
            let s: f64 = out[start..].iter().sum();
            out[start..].iter_mut().for_each(|v| *v /= s);
        }
    }

    fn score_chunk(&self, chunk: &[Row], cols: &Cols, headers: &[String]) -> Scored {
        let mut scratch = Scratch::default();
        let mut x = Csr::new(self.model.features.n_features());
        let mut z = [0.0; 64];
        let mut out = Scored {
            probs: Vec::with_capacity(chunk.len() * self.n_classes),
            status: Vec::with_capacity(chunk.len()),
        };
        for row in chunk {
            match check_row(row, cols, headers) {
                Ok(input) => {
                    x.indptr.truncate(1);
                    x.indices.clear();
                    x.data.clear();
                    self.model
                        .features
                        .transform_into(&input, &mut scratch, &mut x);
                    self.proba(x.row(0), &mut z, &mut out.probs);
                    out.status.push(None);
                }
                Err(reason) => out.status.push(Some(reason)),
            }
        }
        out
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
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
        let (best, conf) = argmax(p);
        match self {
            OutWriter::Csv(w, buf) => {
                use std::fmt::Write as _;
                for v in &row.values {
                    w.write_field(v).map_err(write_err)?;
                }
                w.write_field(&model.labels[best]).map_err(write_err)?;
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
                m.insert("predicted".into(), model.labels[best].clone().into());
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
