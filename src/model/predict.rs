//! Labeled-CSV prediction: stream rows in, score them in parallel batches,
//! and write every input column plus `predicted` and `confidence` (and
//! optionally `p_<label>`), in input order.
//!
//! Nothing is lost: every row read is either written or, with
//! [`OnError::Skip`], recorded in the error report; [`PredictSummary`]
//! counts both, and `read == written + rejected` always holds.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::data::{BadRow, Format, Row, RowReader};
use crate::error::{Error, Result};
use crate::features::pipeline::{normalize_target, Input, Scratch, TargetMode};
use crate::features::tfidf::{FittedTfidf, TfidfScratch};
use crate::mem::{huge_page_vec, prefetch_span};
use crate::model::explain::{explain, explained_label, Explanation};
use crate::model::solver::ByFeature;
use crate::model::{argmax, Model, Predictor};
use crate::score::{ChunkIndex, ChunkPart, ScoreScratch, StagedDoc, WordCache, WordScorer};

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
    /// Where the time went.
    #[serde(skip)]
    pub times: StageTimes,
}

/// Busy time of each stage of a prediction run. With one thread the
/// stages run in turn and add up to the run; with more, reading and
/// writing run on threads of their own beside the scoring, so they overlap
/// it. `score` is the time from a parsed batch to its probabilities
/// (tokenizing, TF-IDF weighting and the linear scores): the part that
/// compares with a library's `transform` + `predict` on texts already in
/// memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Reading and parsing input rows.
    pub read: Duration,
    /// Scoring parsed rows.
    pub score: Duration,
    /// Writing output rows and the error report.
    pub write: Duration,
}

/// Runs `f`, adding its time to `total`.
fn timed<T>(total: &mut Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    *total += start.elapsed();
    out
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
    /// Explain each row's label by its `explain` largest feature
    /// contributions ([`crate::model::explain`]); 0 for none.
    pub explain: usize,
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

/// A byte that `char::is_whitespace` holds for, among ASCII ones.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Whether `s` is empty or all whitespace (`str::trim` leaves nothing),
/// decided by its first byte when that is ASCII.
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(&b) if b.is_ascii() && !is_ascii_space(b) => false,
        _ => s.trim().is_empty(),
    }
}

/// [`normalize_target`] of an ASCII `t` (at most 64 bytes once trimmed),
/// written into `buf` rather than a new string: on ASCII, `trim` takes off
/// the bytes of [`is_ascii_space`] and `to_lowercase` is ASCII's. `None`
/// for any other `t`.
fn normalize_ascii_target<'b>(t: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    if !t.is_ascii() {
        return None;
    }
    let t = t.trim_matches(|c: char| is_ascii_space(c as u8));
    let b = buf.get_mut(..t.len())?;
    b.copy_from_slice(t.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

fn check_row<'a>(
    row: &'a Row,
    cols: &Cols,
    headers: &[String],
) -> std::result::Result<Input<'a>, String> {
    let value = |c: Option<usize>| c.map(|c| (row.values[c].as_str(), headers[c].as_str()));
    check_input(
        (row.values[cols.text].as_str(), headers[cols.text].as_str()),
        value(cols.target),
        value(cols.holder),
    )
}

/// The input of one row from its text, target and holder values, each
/// with the name of its column, or why it cannot be scored (a blank text,
/// target or holder), in the words `predict --data` reports it with.
pub fn check_input<'a>(
    text: (&'a str, &str),
    target: Option<(&'a str, &str)>,
    holder: Option<(&'a str, &str)>,
) -> std::result::Result<Input<'a>, String> {
    if is_blank(text.0) {
        return Err(format!(
            "empty text in column \"{}\"; expected text to classify",
            text.1
        ));
    }
    let get = |v: Option<(&'a str, &str)>, what: &str| match v {
        None => Ok(None),
        Some((v, column)) if is_blank(v) => Err(format!(
            "empty {what} in column \"{column}\"; expected a value"
        )),
        Some((v, _)) => Ok(Some(v)),
    };
    Ok(Input {
        text: text.0,
        target: get(target, "target")?,
        holder: get(holder, "holder")?,
    })
}

/// A model prepared to score rows straight from their text, without
/// building a feature row: each vectorizer weighs the text
/// ([`FittedTfidf::weigh`](crate::features::tfidf::FittedTfidf::weigh)) and
/// the weights of its distinct terms are read from one `f32` table, in which
/// a target's block already holds the shared weights plus its own (with
/// [`TargetMode::Shared`]), so a term costs one weight lookup per row
/// instead of two. Columns are fetched while the text is still being read.
///
/// With three or more classes, scores are kept relative to the first
/// class (softmax is unchanged by a common shift), so a column has one
/// weight fewer than there are classes.
///
/// Probabilities agree with [`Model::predict_proba`] to about 1e-6
/// (weights rounded to `f32`, sums in another order): a printed
/// probability can differ in its last digit. They depend only on the row,
/// so output is the same for any thread count or batch size.
#[derive(Debug)]
pub struct RowScorer<'m> {
    model: &'m Model,
    /// Weights per column: 1 for two classes, else the class count - 1
    /// (scores relative to the first class's).
    k: usize,
    /// 1 when scores are relative to the first class, else 0: the
    /// first score `k` scores start at.
    first: usize,
    /// Columns of one block (all vectorizers side by side).
    width: usize,
    /// First column of each vectorizer in a block.
    offsets: Vec<usize>,
    /// `blocks x width x k`: block 0 for rows without a known target,
    /// block `t + 1` for target `t`.
    table: Vec<f32>,
    /// Normalized target -> block.
    targets: FxHashMap<String, usize>,
    /// Blocks in `table`.
    n_blocks: usize,
    /// A `char_wb` vectorizer and a word one scored together in one pass
    /// over the words ([`WordScorer::score_chunks`]),
    /// with the word one's index.
    chunks: Option<Chunks>,
    /// Whether the entity parts of a block (context and name tokens,
    /// after the vectorizers' columns) are scored
    /// ([`RowScorer::with_entities`]).
    entities: bool,
}

/// The pair of vectorizers of [`RowScorer::chunks`].
#[derive(Debug)]
struct Chunks {
    char_wb: usize,
    word: usize,
    index: ChunkIndex,
}

/// Reusable per-thread buffers of [`RowScorer::predict_proba`].
#[derive(Debug, Default)]
pub struct RowScratch {
    tfidf: TfidfScratch,
    /// The word-cache scorer's buffers.
    score: ScoreScratch,
    acc: Vec<f64>,
    /// The word vectorizer's sums beside `acc` ([`RowScorer::chunks`]).
    acc_word: Vec<f64>,
    /// One word cache per vectorizer (used by `char_wb` ones only).
    caches: Vec<WordCache>,
    /// Rows staged ahead of the one being scored
    /// ([`RowScorer::predict_proba_rows`]).
    staged: Vec<StagedDoc>,
}

/// How many rows [`RowScorer::predict_proba_rows`] stages ahead of the
/// row it scores: the words of row `i + 2` are split and their cache
/// slots asked for, and the records of row `i + 1`'s words, while row `i`
/// is scored.
const STAGE_AHEAD: usize = 2;

impl<'m> RowScorer<'m> {
    /// The scorer of `model`, or `None` for a model it does not cover: a
    /// multi-label model, or one with entity context or name features.
    pub fn new(model: &'m Model) -> Option<RowScorer<'m>> {
        let f = &model.features;
        if f.context.is_some() || f.names.is_some() {
            return None;
        }
        RowScorer::with_entities(model)
    }

    /// The scorer of `model`, entity models included: their context and
    /// name-token parts are small documents built from the marked text
    /// ([`Features::entity_docs`](crate::features::pipeline::Features::entity_docs))
    /// and weighed by the reference analyzer, the text itself scored as
    /// any other model's. `None` for a multi-label model.
    pub fn with_entities(model: &'m Model) -> Option<RowScorer<'m>> {
        let f = &model.features;
        if model.multi_label.is_some() {
            return None;
        }
        let entities = f.context.is_some() || f.names.is_some();
        let w = &model.weights;
        let width = f.block_width();
        let n_blocks = match f.config.target_mode {
            TargetMode::Ignore => 1,
            TargetMode::Shared | TargetMode::PerTarget => 1 + f.targets.len(),
        };
        if w.n_features != f.n_features() {
            return None;
        }
        // Block b serves rows without a known target (b = 0) or with
        // target b - 1: each text column's weight is the sum of the model
        // columns it feeds there (shared and/or the target's, which a
        // pruned target block may lack).
        // With three or more classes, scores are kept relative to the
        // first class: softmax does not change when every score moves by
        // the same amount, so a column needs `n_classes - 1` weights
        // (`w_c - w_0`), which shrinks the table, the word cache's sums
        // and every per-column loop by a third for three classes.
        let (outputs, nf) = (w.n_outputs(), w.n_features);
        let first = usize::from(outputs > 1);
        let k = outputs - first;
        let mut table = huge_page_vec(n_blocks * width * k, 0f32);
        let weight = |o: usize, shared: Option<usize>, own: Option<usize>| {
            let coef = &w.coef[o * nf..(o + 1) * nf];
            match (shared, own) {
                (Some(a), Some(c)) => coef[a] + coef[c],
                (Some(a), None) | (None, Some(a)) => coef[a],
                (None, None) => 0.0,
            }
        };
        for (b, block) in table.chunks_exact_mut(width * k).enumerate() {
            let t = b.checked_sub(1);
            for (j, cells) in block.chunks_exact_mut(k).enumerate() {
                let (shared, own) = f.columns_of(t, j);
                let base = if first == 1 {
                    weight(0, shared, own)
                } else {
                    0.0
                };
                for (o, cell) in cells.iter_mut().enumerate() {
                    *cell = (weight(o + first, shared, own) - base) as f32;
                }
            }
        }
        let mut offsets = Vec::with_capacity(f.vectorizers.len());
        let mut at = 0;
        for v in &f.vectorizers {
            offsets.push(at);
            at += v.n_features();
        }
        let targets = f
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i + 1))
            .collect();
        let vs = &f.vectorizers;
        let chunks = vs.iter().position(WordScorer::applies).and_then(|c| {
            vs.iter().enumerate().find_map(|(w, v)| {
                let index = ChunkIndex::new(v, &vs[c])?;
                Some(Chunks {
                    char_wb: c,
                    word: w,
                    index,
                })
            })
        });
        Some(RowScorer {
            model,
            k,
            first,
            width,
            offsets,
            table,
            targets,
            n_blocks,
            chunks,
            entities,
        })
    }

    /// The block of `input`'s target: 0 without one or for an unknown one.
    fn block(&self, input: &Input<'_>) -> usize {
        if self.model.features.config.target_mode == TargetMode::Ignore {
            return 0;
        }
        let Some(t) = input.target else { return 0 };
        let mut buf = [0u8; 64];
        let found = match normalize_ascii_target(t, &mut buf) {
            Some(t) => self.targets.get(t),
            None => self.targets.get(&normalize_target(t)),
        };
        found.copied().unwrap_or(0)
    }

    /// Class probabilities of one input.
    pub fn predict_proba(&self, input: &Input<'_>, s: &mut RowScratch) -> Vec<f64> {
        let text = self.model.features.prepared_text(input);
        let block = self.block(input);
        self.ensure_caches(s);
        self.score_row(input, &text, block, s, None)
    }

    /// Class probabilities of each of `inputs`, the same as
    /// [`predict_proba`](Self::predict_proba) row by row. With a `char_wb`
    /// and a word vectorizer scored together, the rows go through the
    /// word cache as a pipeline: a row's words are hashed and their slots
    /// asked for two rows ahead of its scoring, and the records they point
    /// at one row ahead, so that the memory the cache needs arrives while
    /// earlier rows are scored.
    pub fn predict_proba_rows(&self, inputs: &[Input<'_>], s: &mut RowScratch) -> Vec<Vec<f64>> {
        let Some(c) = &self.chunks else {
            return inputs.iter().map(|i| self.predict_proba(i, s)).collect();
        };
        let texts: Vec<_> = inputs
            .iter()
            .map(|i| self.model.features.prepared_text(i))
            .collect();
        let blocks: Vec<usize> = inputs.iter().map(|i| self.block(i)).collect();
        self.ensure_caches(s);
        let mut staged = std::mem::take(&mut s.staged);
        staged.resize_with(STAGE_AHEAD + 1, StagedDoc::default);
        let wb = WordScorer::new(&self.model.features.vectorizers[c.char_wb]).expect("char_wb");
        let n = inputs.len();
        let mut out = Vec::with_capacity(n);
        for i in 0..n + STAGE_AHEAD {
            if i < n {
                wb.stage_words(
                    &texts[i],
                    &s.caches[c.char_wb],
                    blocks[i] as u32,
                    self.n_blocks as u32,
                    &mut staged[i % (STAGE_AHEAD + 1)],
                );
            }
            if let Some(j) = (i + 1).checked_sub(STAGE_AHEAD).filter(|&j| j < n) {
                wb.stage_records(&s.caches[c.char_wb], &mut staged[j % (STAGE_AHEAD + 1)]);
            }
            if let Some(j) = i.checked_sub(STAGE_AHEAD) {
                let st = &staged[j % (STAGE_AHEAD + 1)];
                out.push(self.score_row(&inputs[j], &texts[j], blocks[j], s, Some(st)));
            }
        }
        s.staged = staged;
        out
    }

    /// Gives `s` one word cache per vectorizer.
    fn ensure_caches(&self, s: &mut RowScratch) {
        let n = self.model.features.vectorizers.len();
        if s.caches.len() < n {
            s.caches.resize_with(n, WordCache::default);
        }
    }

    /// Class probabilities of `input`, whose prepared text is `text`, in
    /// `block`, the pair of [`RowScorer::chunks`] scored from `staged` when
    /// given (staged from `text` and `block`). The caches must be there
    /// ([`ensure_caches`](Self::ensure_caches)).
    fn score_row(
        &self,
        input: &Input<'_>,
        text: &str,
        block: usize,
        s: &mut RowScratch,
        staged: Option<&StagedDoc>,
    ) -> Vec<f64> {
        // With `first` 1, the columns add `w_c - w_0` to class c's score
        // and nothing to the first's: every score less `w_0 . x`.
        let mut z = self.model.weights.intercept.clone();
        let zk = &mut z[self.first..];
        for i in 0..self.model.features.vectorizers.len() {
            match &self.chunks {
                Some(c) if i == c.word => {}
                Some(c) if i == c.char_wb => {
                    if !self.add_chunks(c, text, block, s, zk, staged) {
                        // Rare: without the cache, which holds pair records.
                        self.add_scores(c.char_wb.min(c.word), text, block, s, zk, false);
                        self.add_scores(c.char_wb.max(c.word), text, block, s, zk, false);
                    }
                }
                _ => self.add_scores(i, text, block, s, zk, true),
            }
        }
        if self.entities {
            self.add_entity_scores(input, text, block, s, zk);
        }
        ByFeature::probabilities(self.model.weights.n_classes, z)
    }

    /// Adds the normalized scores of the entity parts (context tokens,
    /// then name tokens, in block order) of `input`, whose marked text is
    /// `text`, to `z`.
    fn add_entity_scores(
        &self,
        input: &Input<'_>,
        text: &str,
        block: usize,
        s: &mut RowScratch,
        z: &mut [f64],
    ) {
        let f = &self.model.features;
        let (ctx, names) = f.entity_docs(text, input);
        let mut at = self.offsets.last().map_or(0, |&o| o)
            + f.vectorizers.last().map_or(0, |v| v.n_features());
        for (v, doc, scale) in [(&f.context, ctx, 1.0), (&f.names, names, f.name_weight())] {
            if let (Some(v), Some(doc)) = (v, doc) {
                let table = self.table_at(at, v.n_features(), block);
                self.add_weighed(v, table, &doc, scale, s, z);
            }
            at += v.as_ref().map_or(0, FittedTfidf::n_features);
        }
    }

    /// The weights of vectorizer `i` in block `block`.
    fn table_of(&self, i: usize, block: usize) -> &[f32] {
        let v = &self.model.features.vectorizers[i];
        self.table_at(self.offsets[i], v.n_features(), block)
    }

    /// The weights of the `n` block columns from `offset` in block `block`.
    fn table_at(&self, offset: usize, n: usize, block: usize) -> &[f32] {
        let at = block * self.width + offset;
        &self.table[at * self.k..(at + n) * self.k]
    }

    /// Adds vectorizer `i`'s normalized scores of `text` to `z`, through
    /// its word cache if it has one and `cached`.
    fn add_scores(
        &self,
        i: usize,
        text: &str,
        block: usize,
        s: &mut RowScratch,
        z: &mut [f64],
        cached: bool,
    ) {
        let k = self.k;
        let v = &self.model.features.vectorizers[i];
        let table = self.table_of(i, block);
        s.acc.clear();
        s.acc.resize(k, 0.0);
        if let Some(ws) = WordScorer::new(v).filter(|_| cached) {
            let norm = ws.score_words(
                text,
                &mut s.score,
                &mut s.caches[i],
                block as u32,
                self.n_blocks as u32,
                table,
                &mut s.acc,
            );
            for (z, a) in z.iter_mut().zip(&s.acc) {
                *z += a / norm;
            }
            return;
        }
        self.add_weighed(v, table, text, 1.0, s, z);
    }

    /// Adds the normalized scores of `doc` under vectorizer `v`, whose
    /// weights are `table`, to `z`, weighed by the reference analyzer.
    fn add_weighed(
        &self,
        v: &FittedTfidf,
        table: &[f32],
        doc: &str,
        scale: f64,
        s: &mut RowScratch,
        z: &mut [f64],
    ) {
        let k = self.k;
        s.acc.clear();
        s.acc.resize(k, 0.0);
        let w = v.weigh(doc, &mut s.tfidf, |col| {
            prefetch_span(&table[col as usize * k..][..k])
        });
        for (&col, &x) in w.cols.iter().zip(w.weights) {
            let coef = &table[col as usize * k..][..k];
            for (a, &c) in s.acc.iter_mut().zip(coef) {
                *a += x * f64::from(c);
            }
        }
        for (z, a) in z.iter_mut().zip(&s.acc) {
            *z += if scale == 1.0 {
                a / w.norm
            } else {
                scale * (a / w.norm)
            };
        }
    }

    /// Adds the normalized scores of the pair `c` to `z` in one pass, or
    /// returns false (having added nothing) for a text that needs each
    /// scored on its own.
    fn add_chunks(
        &self,
        c: &Chunks,
        text: &str,
        block: usize,
        s: &mut RowScratch,
        z: &mut [f64],
        staged: Option<&StagedDoc>,
    ) -> bool {
        let vs = &self.model.features.vectorizers;
        // Sized only: scoring sets every element.
        s.acc.resize(self.k, 0.0);
        s.acc_word.resize(self.k, 0.0);
        let mut part = ChunkPart {
            vectorizer: &vs[c.word],
            index: &c.index,
            table: self.table_of(c.word, block),
            acc: &mut s.acc_word,
            norm: 1.0,
        };
        let (wb, cache, table) = (
            WordScorer::new(&vs[c.char_wb]).expect("char_wb"),
            &mut s.caches[c.char_wb],
            self.table_of(c.char_wb, block),
        );
        let norms = match staged {
            Some(st) => wb
                .score_staged(st, &mut s.score, cache, table, &mut s.acc, Some(&mut part))
                .map(|norm| (norm, part.norm)),
            None => wb.score_chunks(
                text,
                &mut s.score,
                cache,
                block as u32,
                self.n_blocks as u32,
                table,
                &mut s.acc,
                &mut part,
            ),
        };
        let Some((norm, norm_word)) = norms else {
            return false;
        };
        // In the vectorizers' order, as each on its own would add them.
        let (first, second) = if c.word < c.char_wb {
            ((&s.acc_word, norm_word), (&s.acc, norm))
        } else {
            ((&s.acc, norm), (&s.acc_word, norm_word))
        };
        for (z, a) in z.iter_mut().zip(first.0) {
            *z += a / first.1;
        }
        for (z, a) in z.iter_mut().zip(second.0) {
            *z += a / second.1;
        }
        true
    }
}

/// How rows are scored: straight from the text when [`RowScorer`] covers
/// the model, else through feature rows ([`Predictor`]).
enum Scoring<'m> {
    Fused(RowScorer<'m>),
    Rows(Predictor<'m>),
}

/// Per-thread buffers of either [`Scoring`].
#[derive(Default)]
struct ScoringScratch {
    fused: RowScratch,
    rows: Option<Scratch>,
}

impl<'m> Scoring<'m> {
    fn new(model: &'m Model) -> Scoring<'m> {
        match RowScorer::new(model) {
            Some(s) => Scoring::Fused(s),
            None => Scoring::Rows(model.predictor()),
        }
    }

    fn predict_proba_rows(&self, inputs: &[Input<'_>], s: &mut ScoringScratch) -> Vec<Vec<f64>> {
        match self {
            Scoring::Fused(f) => f.predict_proba_rows(inputs, &mut s.fused),
            Scoring::Rows(p) => {
                let scratch = s.rows.get_or_insert_with(Scratch::default);
                inputs.iter().map(|i| p.predict_proba(i, scratch)).collect()
            }
        }
    }
}

/// Score every row of `reader`, writing results to `out`. Rows are read in
/// batches, scored in parallel and written in input order, so memory stays
/// bounded by the batch size whatever the input size. With more than one
/// rayon thread, reading the next batch and writing the previous one run on
/// their own threads while a batch is scored. `progress` is called after
/// each batch is scored with the rows and bytes read so far.
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
    let mut out_headers = headers.clone();
    out_headers.push("predicted".into());
    out_headers.push("confidence".into());
    if opts.probabilities {
        out_headers.extend(model.labels.iter().map(|l| format!("p_{l}")));
    }
    if opts.explain > 0 && opts.format == Format::Csv {
        out_headers.extend(EXPLAIN_COLUMNS.iter().map(|c| c.to_string()));
    }
    let writer = OutWriter::new(out, opts.format, out_headers)?;
    let mut sink = Sink {
        writer,
        errors,
        summary: PredictSummary::default(),
        path: reader.path().to_string(),
        model,
        opts,
    };
    let scorer = BatchScorer::new(model);
    let score = |b: &Batch| {
        let scored = score_batch(&scorer, &b.rows, &cols, &headers);
        explain_batch(model, opts.explain, scored, &b.rows, &cols, &headers)
    };
    let mut seen = 0u64;
    let mut report = |b: &Batch| {
        seen += (b.rows.len() + b.bad_rows.len()) as u64;
        progress(Progress {
            rows: seen,
            bytes: b.bytes,
        });
    };
    let mut times = StageTimes::default();
    if rayon::current_num_threads() <= 1 {
        loop {
            let b = timed(&mut times.read, || read_batch(&mut reader, opts))?;
            let scored = timed(&mut times.score, || score(&b));
            report(&b);
            let eof = b.eof;
            timed(&mut times.write, || sink.write(b, scored))?;
            if eof {
                break;
            }
        }
        timed(&mut times.write, || sink.writer.finish())?;
    } else {
        pipelined(
            &mut reader,
            &mut sink,
            opts,
            &score,
            &mut report,
            &mut times,
        )?;
        sink.writer.finish()?;
    }
    Ok(PredictSummary {
        times,
        ..sink.summary
    })
}

/// The parallel run of [`predict_rows`]: a reader thread, the scoring on
/// the calling thread (in parallel over rayon's pool) and a writer thread,
/// joined by channels of one batch each, so at most four batches are in
/// memory.
fn pipelined(
    reader: &mut RowReader,
    sink: &mut Sink<'_>,
    opts: &PredictOptions,
    score: &(dyn Fn(&Batch) -> Vec<Explained> + Sync),
    report: &mut dyn FnMut(&Batch),
    times: &mut StageTimes,
) -> Result<()> {
    use std::sync::mpsc::sync_channel;
    std::thread::scope(|sc| {
        let (read_tx, read_rx) = sync_channel::<Result<Batch>>(1);
        let (write_tx, write_rx) = sync_channel::<(Batch, Vec<Explained>)>(1);
        let reading = sc.spawn(move || {
            let mut busy = Duration::ZERO;
            loop {
                let b = timed(&mut busy, || read_batch(reader, opts));
                let last = b.as_ref().map_or(true, |b| b.eof);
                // A closed channel means the run stopped at an error.
                if read_tx.send(b).is_err() || last {
                    break busy;
                }
            }
        });
        let writing = sc.spawn(move || -> (Result<()>, Duration) {
            let mut busy = Duration::ZERO;
            for (b, scored) in write_rx {
                if let Err(e) = timed(&mut busy, || sink.write(b, scored)) {
                    return (Err(e), busy);
                }
            }
            (Ok(()), busy)
        });
        let mut read_error = None;
        for b in read_rx {
            let b = match b {
                Ok(b) => b,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            };
            let scored = timed(&mut times.score, || score(&b));
            report(&b);
            if write_tx.send((b, scored)).is_err() {
                break;
            }
        }
        drop(write_tx);
        times.read = reading.join().expect("the reader thread does not panic");
        // Rows before a read error are written first, as when run in turn;
        // a write error is about an earlier row than a read error.
        let (written, busy) = writing.join().expect("the writer thread does not panic");
        times.write = busy;
        written?;
        read_error.map_or(Ok(()), Err)
    })
}

/// One batch of input rows.
struct Batch {
    rows: Vec<Row>,
    /// Rows that cannot be parsed (ragged, invalid UTF-8, broken JSON
    /// line), each with the index in `rows` of the row that follows it, so
    /// they are reported in input order.
    bad_rows: Vec<(usize, BadRow)>,
    /// Nothing is read after this batch.
    eof: bool,
    /// Input bytes read once this batch was read.
    bytes: u64,
}

/// A row's probabilities, or why it cannot be scored.
type Scored = std::result::Result<Vec<f64>, String>;

/// A row's probabilities and, with `--explain`, its explanation.
type Explained = std::result::Result<(Vec<f64>, Option<Explanation>), String>;

/// The CSV columns `--explain` adds (in JSON Lines, one `explanation`
/// object): the explained label, its decision value, the intercept, the
/// sum of the contributions not listed, and the listed ones as a JSON array
/// of `{feature, value, weight, contribution}`.
pub const EXPLAIN_COLUMNS: [&str; 5] = [
    "explain_label",
    "explain_decision",
    "explain_intercept",
    "explain_other",
    "explain_features",
];

/// The explanations of a scored batch's rows (in parallel), by the
/// reference transform ([`explain`]), when `top` > 0.
fn explain_batch(
    model: &Model,
    top: usize,
    scored: Vec<Scored>,
    rows: &[Row],
    cols: &Cols,
    headers: &[String],
) -> Vec<Explained> {
    if top == 0 {
        return scored.into_iter().map(|s| s.map(|p| (p, None))).collect();
    }
    scored
        .into_par_iter()
        .zip(rows.par_iter())
        .map_init(Scratch::default, |scratch, (s, row)| {
            let p = s?;
            let input = check_row(row, cols, headers)?;
            let e = explain(model, &input, explained_label(model, &p), top, scratch);
            Ok((p, Some(e)))
        })
        .collect()
}

fn read_batch(reader: &mut RowReader, opts: &PredictOptions) -> Result<Batch> {
    let mut b = Batch {
        rows: Vec::with_capacity(opts.batch),
        bad_rows: Vec::new(),
        eof: false,
        bytes: 0,
    };
    while b.rows.len() < opts.batch {
        match reader.next_checked()? {
            Some(Ok(r)) => b.rows.push(r),
            None => {
                b.eof = true;
                break;
            }
            Some(Err(bad)) => {
                b.bad_rows.push((b.rows.len(), bad));
                // The reader has moved past a bad row, so under skip
                // reading goes on; under stop nothing after it is read.
                if opts.on_error == OnError::Stop {
                    b.eof = true;
                    break;
                }
            }
        }
    }
    b.bytes = reader.bytes_read();
    Ok(b)
}

fn score_batch(
    scorer: &BatchScorer<'_>,
    rows: &[Row],
    cols: &Cols,
    headers: &[String],
) -> Vec<Scored> {
    let checked: Vec<_> = rows
        .iter()
        .map(|row| check_row(row, cols, headers))
        .collect();
    let inputs: Vec<Input<'_>> = checked.iter().filter_map(|c| c.clone().ok()).collect();
    let mut probs = scorer.predict_proba(&inputs).into_iter();
    checked
        .into_iter()
        .map(|c| c.map(|_| probs.next().expect("one result per checked row")))
        .collect()
}

/// Many inputs scored in parallel, the way `predict --data` scores its
/// batches: by [`RowScorer`] when it covers the model, else by feature rows
/// ([`Predictor`]), chunks of 64 inputs over rayon's pool, each thread with
/// buffers (and word caches) kept from one call to the next. Probabilities
/// depend only on the input, so they are the same for any thread count or
/// batch size.
pub struct BatchScorer<'m> {
    scoring: Scoring<'m>,
    /// One scratch per pool thread (plus one for any other thread), kept
    /// across calls so that word caches stay warm.
    scratches: Vec<Mutex<ScoringScratch>>,
}

impl<'m> BatchScorer<'m> {
    /// A scorer of `model` for the current rayon pool.
    pub fn new(model: &'m Model) -> BatchScorer<'m> {
        BatchScorer {
            scoring: Scoring::new(model),
            scratches: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }

    /// Class probabilities of each input (per label, in label order), in
    /// input order.
    pub fn predict_proba(&self, inputs: &[Input<'_>]) -> Vec<Vec<f64>> {
        let scratches = &self.scratches;
        inputs
            .par_chunks(64)
            .flat_map_iter(|chunk| {
                let slot = rayon::current_thread_index()
                    .filter(|&i| i + 1 < scratches.len())
                    .unwrap_or(scratches.len() - 1);
                // Uncontended: a thread holds its own slot while scoring a chunk.
                let mut scratch = scratches[slot]
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                self.scoring.predict_proba_rows(chunk, &mut scratch)
            })
            .collect()
    }
}

/// The predicted label of probabilities `p` and its confidence, as
/// `predict` writes them: the most probable label (the first on ties), or
/// for a multi-label model the labels over their thresholds.
pub fn predicted_label<'m>(model: &'m Model, p: &[f64]) -> (Cow<'m, str>, f64) {
    match &model.multi_label {
        Some(m) => {
            let (predicted, conf) = m.predicted(&model.labels, p);
            (Cow::Owned(predicted), conf)
        }
        None => {
            let (best, conf) = argmax(p);
            (Cow::Borrowed(model.labels[best].as_str()), conf)
        }
    }
}

/// Where scored batches go: the output, the error report and the counts.
struct Sink<'a> {
    writer: OutWriter,
    errors: &'a mut ErrorReport,
    summary: PredictSummary,
    path: String,
    model: &'a Model,
    opts: &'a PredictOptions,
}

impl Sink<'_> {
    /// Writes a batch's rows in input order, its bad rows and rejected rows
    /// to the error report (or stops at the first, under [`OnError::Stop`]).
    fn write(&mut self, b: Batch, scored: Vec<Explained>) -> Result<()> {
        let opts = self.opts;
        self.summary.read += (b.rows.len() + b.bad_rows.len()) as u64;
        let mut bad_iter = b.bad_rows.into_iter().peekable();
        let mut reject_bad = |upto: usize, sink: &mut Sink<'_>| -> Result<()> {
            while let Some((_, bad)) = bad_iter.next_if(|(at, _)| *at <= upto) {
                if opts.on_error == OnError::Stop {
                    return Err(bad.error);
                }
                sink.errors
                    .add_at(bad.number, bad.line, &bad.error.to_string())?;
                sink.summary.rejected += 1;
            }
            Ok(())
        };
        for (i, (row, res)) in b.rows.iter().zip(scored).enumerate() {
            reject_bad(i, self)?;
            match res {
                Ok((p, e)) => {
                    self.writer
                        .write(row, self.model, &p, opts.probabilities, e.as_ref())?;
                    self.summary.written += 1;
                }
                Err(reason) => match opts.on_error {
                    OnError::Stop => {
                        return Err(Error::input(&self.path, Some(row.line), reason));
                    }
                    OnError::Skip => {
                        self.errors.add(row, &reason)?;
                        self.summary.rejected += 1;
                    }
                },
            }
        }
        reject_bad(b.rows.len(), self)
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

    fn write(
        &mut self,
        row: &Row,
        model: &Model,
        p: &[f64],
        probs: bool,
        explained: Option<&Explanation>,
    ) -> Result<()> {
        let (predicted, conf) = predicted_label(model, p);
        match self {
            OutWriter::Csv(w, buf) => {
                use std::fmt::Write as _;
                for v in &row.values {
                    w.write_field(v).map_err(write_err)?;
                }
                w.write_field(predicted.as_bytes()).map_err(write_err)?;
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
                if let Some(e) = explained {
                    let features = serde_json::to_string(&e.features)
                        .map_err(|e| Error::Other(e.to_string()))?;
                    w.write_field(&e.label).map_err(write_err)?;
                    for x in [e.decision, e.intercept, e.other] {
                        w.write_field(x.to_string()).map_err(write_err)?;
                    }
                    w.write_field(features).map_err(write_err)?;
                }
                w.write_record(None::<&[u8]>).map_err(write_err)?;
            }
            OutWriter::Jsonl(w, headers) => {
                let mut m = serde_json::Map::new();
                for (h, v) in headers.iter().zip(&row.values) {
                    m.insert(h.clone(), serde_json::Value::String(v.clone()));
                }
                m.insert("predicted".into(), predicted.into_owned().into());
                m.insert("confidence".into(), round6(conf).into());
                if probs {
                    for (l, x) in model.labels.iter().zip(p) {
                        m.insert(format!("p_{l}"), round6(*x).into());
                    }
                }
                if let Some(e) = explained {
                    let v = serde_json::to_value(e).map_err(|e| Error::Other(e.to_string()))?;
                    m.insert("explanation".into(), v);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_ascii_targets_agree_with_trim() {
        let cases = [
            "",
            " ",
            "\t\n\x0b\x0c\r ",
            "a",
            " a",
            "a ",
            "\x0ba",
            "a\x0b",
            "\u{1c}",
            "\u{a0}",
            "\u{3000}x",
            "x\u{2028}",
            "é",
            " é ",
            "\u{85}",
            "Target C",
            "target c ",
            "\x0b TRADE Deal\x0c\r\n",
            "\u{1f}Target\u{1c}",
        ];
        // Longer than the buffer: the allocating way.
        let long = format!(" {} ", "Target".repeat(11));
        assert_eq!(normalize_ascii_target(&long, &mut [0u8; 64]), None);
        assert!(normalize_ascii_target(long.trim(), &mut [0u8; 64]).is_none());
        assert_eq!(
            normalize_ascii_target(&format!("  {}  ", "T".repeat(64)), &mut [0u8; 64]),
            Some("t".repeat(64).as_str())
        );
        for c in cases {
            assert_eq!(is_blank(c), c.trim().is_empty(), "{c:?}");
            let mut buf = [0u8; 64];
            let want = normalize_target(c);
            match normalize_ascii_target(c, &mut buf) {
                Some(t) => assert_eq!(t, want, "{c:?}"),
                None => assert!(!c.is_ascii(), "{c:?}"),
            }
        }
    }
    use crate::data::Table;
    use crate::features::pipeline::FeatureConfig;
    use crate::model::solver::{ClassWeight, LogisticParams};
    use crate::model::train::{self, stance_chars, stance_words, SolverKind, TrainOptions};
    use crate::model::{Columns, Task};
    use crate::text::email::EmailStrip;

    const ROWS: [(&str, &str, &str); 9] = [
        ("we back the missile plan", "THAAD", "FAVOR"),
        ("they reject the missile plan", "THAAD", "AGAINST"),
        ("the plan was discussed today", "THAAD", "NONE"),
        ("strong support for the trade deal", "trade deal", "FAVOR"),
        ("the trade deal is a disaster", "trade deal", "AGAINST"),
        ("talks on the deal went on", "trade deal", "NONE"),
        ("welcome news on the deal", "trade deal", "FAVOR"),
        ("protests against the missiles", "THAAD", "AGAINST"),
        ("ünïcode 😀😀😀😀😀 東京都 support", "THAAD", "FAVOR"),
    ];

    fn model(mode: TargetMode, labels: usize) -> Model {
        let rows = ROWS
            .iter()
            .filter(|r| labels == 3 || r.2 != "NONE")
            .enumerate()
            .map(|(i, (text, target, label))| Row {
                line: i as u64 + 2,
                number: i as u64 + 1,
                values: vec![text.to_string(), target.to_string(), label.to_string()],
            })
            .collect();
        let table = Table {
            path: "t.csv".into(),
            headers: vec!["text".into(), "target".into(), "label".into()],
            rows,
            sha256: String::new(),
        };
        let opts = TrainOptions {
            columns: Columns {
                text: "text".into(),
                label: "label".into(),
                target: Some("target".into()),
                holder: None,
            },
            task: Task::Stance,
            features: FeatureConfig {
                vectorizers: vec![stance_words(), stance_chars()],
                target_mode: mode,
                entity: None,
                email: EmailStrip::NONE,
                hashtags: false,
            },
            solver: SolverKind::Sparse,
            params: LogisticParams {
                c: 10.0,
                class_weight: ClassWeight::Balanced,
                ..LogisticParams::default()
            },
            topics: Vec::new(),
        };
        train::train(&table, &opts, None).unwrap()
    }

    /// Texts that exercise the word cache: repeated n-grams within and
    /// across words, repeated words, unicode, whitespace only, words longer
    /// than the cache keeps and n-grams longer than 16 bytes.
    fn texts() -> Vec<String> {
        let long = "missile".repeat(12);
        vec![
            "we reject the deal".into(),
            "Missile plan: support!".into(),
            "zzz".into(),
            "ünïcode".into(),
            "".into(),
            " \t\n ".into(),
            "the the the deal deal the plan plan plan".into(),
            "aaaaaa nanana deal".into(),
            "Ωmega ΣΊΣΥΦΟΣ 東京都 ünïcode ünïcode".into(),
            format!("{long} the {long}x plan"),
            "ééééé ëëëëë missile".into(),
            // A token holding spaces (NFKC of U+FDFA): the pair of
            // vectorizers is scored each on its own.
            "\u{fdfa} missile deal".into(),
        ]
    }

    #[test]
    fn row_scorer_agrees_with_feature_rows() {
        for (mode, labels) in [
            (TargetMode::Shared, 3),
            (TargetMode::PerTarget, 3),
            (TargetMode::Ignore, 3),
            (TargetMode::Shared, 2),
        ] {
            let m = model(mode, labels);
            let scorer = RowScorer::new(&m).unwrap();
            let (mut a, mut b) = (RowScratch::default(), Scratch::default());
            // A cache of two words is emptied over and over.
            let mut tiny = RowScratch {
                caches: vec![WordCache::new(2, 1 << 20); 2],
                ..RowScratch::default()
            };
            for target in [Some("THAAD"), Some("  Trade Deal "), Some("unknown"), None] {
                for text in texts() {
                    let input = Input {
                        text: &text,
                        target,
                        holder: None,
                    };
                    let fast = scorer.predict_proba(&input, &mut a);
                    let slow = m.predict_proba(&input, &mut b);
                    assert_eq!(fast.len(), labels, "{mode:?}");
                    for (f, s) in fast.iter().zip(&slow) {
                        assert!(
                            (f - s).abs() < 1e-6,
                            "{mode:?} {target:?} {text:?}: {fast:?} vs {slow:?}"
                        );
                    }
                    // Cached, uncached and evicted words give the same bits.
                    let again = scorer.predict_proba(&input, &mut a);
                    let fresh = scorer.predict_proba(&input, &mut RowScratch::default());
                    let evicted = scorer.predict_proba(&input, &mut tiny);
                    assert_eq!(fast, again, "{text:?}");
                    assert_eq!(fast, fresh, "{text:?}");
                    assert_eq!(fast, evicted, "{text:?}");
                }
            }
            let stats = tiny.caches[1].stats();
            assert!(stats.clears > 10, "{stats:?}");
            assert!(tiny.caches[1].len() <= 2);
            let stats = a.caches[1].stats();
            assert!(stats.hits > stats.misses, "{stats:?}");
        }
    }

    #[test]
    fn entity_scorer_agrees_with_the_default_stance_model() {
        let m = crate::model::defaults::load(Task::Stance).unwrap();
        assert!(m.features.context.is_some() && m.features.names.is_some());
        // Row mode keeps the feature rows for entity models.
        assert!(RowScorer::new(&m).is_none());
        let scorer = RowScorer::with_entities(&m).unwrap();
        let sentences = [
            (
                "China firmly opposes the deployment of THAAD in South Korea.",
                "China",
                "THAAD",
            ),
            (
                "China firmly opposes the deployment of THAAD in South Korea.",
                "South Korea",
                "THAAD",
            ),
            (
                "Japan and Canada signed the Paris agreement on Friday, officials said.",
                "Canada",
                "Paris agreement",
            ),
            (
                "Russia's foreign ministry condemned the new sanctions against Iran.",
                "Russia",
                "sanctions",
            ),
            (
                "Germany did not back the plan, which France has long championed.",
                "Germany",
                "climate change",
            ),
            (
                "\"We will never accept it,\" Beijing said of the tariffs Washington imposed.",
                "United States",
                "tariffs",
            ),
            ("Brazil welcomed the deal.", "Brazil", "trade deal"),
            (
                "No country here, just a plain sentence about the weather.",
                "India",
                "nuclear weapons",
            ),
        ];
        let (mut a, mut b) = (RowScratch::default(), Scratch::default());
        for (text, holder, target) in sentences {
            let input = Input {
                text,
                target: Some(target),
                holder: Some(holder),
            };
            let fast = scorer.predict_proba(&input, &mut a);
            let slow = m.predict_proba(&input, &mut b);
            assert_eq!(fast.len(), 3);
            for (f, s) in fast.iter().zip(&slow) {
                assert!(
                    (f - s).abs() < 1e-6,
                    "{text:?} {holder}: {fast:?} vs {slow:?}"
                );
            }
            // The cache warm or cold gives the same bits.
            assert_eq!(
                scorer.predict_proba(&input, &mut RowScratch::default()),
                fast
            );
        }
    }

    #[test]
    fn staged_rows_score_as_row_by_row() {
        for (mode, labels) in [(TargetMode::Shared, 3), (TargetMode::Ignore, 2)] {
            let m = model(mode, labels);
            let scorer = RowScorer::new(&m).unwrap();
            assert!(scorer.chunks.is_some(), "the pair is scored together");
            let texts = texts();
            let targets = [Some("THAAD"), Some("  Trade Deal "), Some("unknown"), None];
            // Targets change from row to row, and words come back in
            // later rows (found by the staged lookups or added meanwhile).
            let inputs: Vec<Input<'_>> = (0..texts.len() * 3)
                .map(|i| Input {
                    text: &texts[(i * 5) % texts.len()],
                    target: targets[i % targets.len()],
                    holder: None,
                })
                .collect();
            let want: Vec<Vec<f64>> = inputs
                .iter()
                .map(|i| scorer.predict_proba(i, &mut RowScratch::default()))
                .collect();
            for size in [1, 2, 3, 7, inputs.len()] {
                let mut s = RowScratch::default();
                // A cache of two words, emptied between a row's staging
                // and its scoring.
                let mut tiny = RowScratch {
                    caches: vec![WordCache::new(2, 1 << 20); 2],
                    ..RowScratch::default()
                };
                for (n, chunk) in inputs.chunks(size).enumerate() {
                    let got = scorer.predict_proba_rows(chunk, &mut s);
                    let evicted = scorer.predict_proba_rows(chunk, &mut tiny);
                    let want = &want[n * size..][..chunk.len()];
                    assert_eq!(got, want, "{mode:?}, chunks of {size}");
                    assert_eq!(evicted, want, "{mode:?}, chunks of {size}");
                }
                let stats = s.caches[scorer.chunks.as_ref().unwrap().char_wb].stats();
                assert!(stats.hits > 0, "{stats:?}");
                assert!(tiny.caches.iter().map(|c| c.stats().clears).sum::<u64>() > 10);
            }
        }
    }
}
