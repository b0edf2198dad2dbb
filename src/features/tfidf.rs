//! TF-IDF vectorizing with scikit-learn's `TfidfVectorizer` parameters and
//! arithmetic, emitting sparse [`Csr`] rows.
//!
//! [`TfidfParams`] (builder, checked by [`TfidfParams::check`]) ->
//! [`TfidfParams::fit`] -> [`FittedTfidf`] (sorted vocabulary + IDF, both
//! fixed at fit time and saved) -> [`FittedTfidf::transform`]. Several
//! vectorizers side by side, each normalized on its own, form a
//! [`TfidfUnion`] (sklearn's `FeatureUnion` of `TfidfVectorizer`s).
//!
//! Weights follow sklearn exactly: `tf` is the raw count, or `1 + ln(tf)`
//! with `sublinear_tf`; `idf = ln((1 + n) / (1 + df)) + 1` with
//! `smooth_idf`, else `ln(n / df) + 1`; rows are then L2- or L1-normalized.
//! Arithmetic is `f64`; stored values are `f32`.
//!
//! A document's terms are looked up in the fitted vectorizer's
//! [`TermIndex`] and counted in [`ColCounts`]; [`FittedTfidf::transform`]
//! is the reference every faster way of scoring a document is checked
//! against, and [`FittedTfidf::weigh`] gives its weights before
//! normalization.

use rayon::prelude::*;
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::features::analyzer::{
    compile_pattern, Analyzer, AnalyzerScratch, StripAccents, TextAnalyzer, TokenizerKind,
};
use crate::features::col_counts::{ColCount, ColCounts};
use crate::features::sparse::Csr;
use crate::features::term_index::{Hit, Pending, TermIndex};
use crate::features::vocabulary::{TermCounts, Vocabulary};

/// A document-frequency bound (sklearn's `min_df` / `max_df`): an absolute
/// document count or a fraction of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocFreq {
    /// This many documents.
    Count(usize),
    /// This fraction of the documents, in `[0, 1]`.
    Fraction(f64),
}

impl DocFreq {
    /// The bound as a document count for a corpus of `n_docs` (sklearn
    /// multiplies fractions without rounding).
    pub fn to_count(self, n_docs: usize) -> f64 {
        match self {
            DocFreq::Count(c) => c as f64,
            DocFreq::Fraction(f) => f * n_docs as f64,
        }
    }

    fn show(self) -> String {
        match self {
            DocFreq::Count(c) => c.to_string(),
            DocFreq::Fraction(f) => format!("{f:?}"),
        }
    }
}

/// Row normalization (sklearn's `norm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Norm {
    /// Divide by the sum of absolute values.
    L1,
    /// Divide by the Euclidean length.
    L2,
}

/// TF-IDF parameters, named as sklearn's `TfidfVectorizer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TfidfParams {
    analyzer: Analyzer,
    tokenizer: TokenizerKind,
    lowercase: bool,
    strip_accents: Option<StripAccents>,
    ngram_range: (usize, usize),
    min_df: DocFreq,
    max_df: DocFreq,
    max_features: Option<usize>,
    sublinear_tf: bool,
    smooth_idf: bool,
    use_idf: bool,
    norm: Option<Norm>,
    stop_words: Vec<String>,
}

impl Default for TfidfParams {
    fn default() -> Self {
        TfidfParams {
            analyzer: Analyzer::Word,
            tokenizer: TokenizerKind::Stance,
            lowercase: true,
            strip_accents: None,
            ngram_range: (1, 1),
            min_df: DocFreq::Count(1),
            max_df: DocFreq::Fraction(1.0),
            max_features: None,
            sublinear_tf: false,
            smooth_idf: true,
            use_idf: true,
            norm: Some(Norm::L2),
            stop_words: Vec::new(),
        }
    }
}

impl TfidfParams {
    /// Parameters with every default (sklearn's, except the tokenizer).
    pub fn new() -> Self {
        Self::default()
    }

    /// What a term is; defaults to [`Analyzer::Word`].
    pub fn analyzer(mut self, analyzer: Analyzer) -> Self {
        self.analyzer = analyzer;
        self
    }

    /// How the word analyzer splits text into tokens; defaults to
    /// [`TokenizerKind::Stance`] (use [`TokenizerKind::sklearn_default`] for
    /// sklearn's `token_pattern`).
    pub fn tokenizer(mut self, tokenizer: TokenizerKind) -> Self {
        self.tokenizer = tokenizer;
        self
    }

    /// Lowercase the text before tokenizing; defaults to `true`.
    pub fn lowercase(mut self, lowercase: bool) -> Self {
        self.lowercase = lowercase;
        self
    }

    /// Remove accents after lowercasing; defaults to `None` (keep them).
    pub fn strip_accents(mut self, strip: Option<StripAccents>) -> Self {
        self.strip_accents = strip;
        self
    }

    /// Smallest and largest n-gram length, in tokens (word) or characters
    /// (char, char_wb); defaults to `(1, 1)`.
    pub fn ngram_range(mut self, min_n: usize, max_n: usize) -> Self {
        self.ngram_range = (min_n, max_n);
        self
    }

    /// Drop terms in fewer documents than this; defaults to `Count(1)`.
    pub fn min_df(mut self, min_df: DocFreq) -> Self {
        self.min_df = min_df;
        self
    }

    /// Drop terms in more documents than this; defaults to `Fraction(1.0)`.
    pub fn max_df(mut self, max_df: DocFreq) -> Self {
        self.max_df = max_df;
        self
    }

    /// Keep only this many terms, the most frequent in the corpus, after the
    /// `min_df`/`max_df` pruning; defaults to `None` (keep all).
    pub fn max_features(mut self, max_features: Option<usize>) -> Self {
        self.max_features = max_features;
        self
    }

    /// Use `1 + ln(tf)` instead of the raw count; defaults to `false`.
    pub fn sublinear_tf(mut self, sublinear_tf: bool) -> Self {
        self.sublinear_tf = sublinear_tf;
        self
    }

    /// Add one to document frequencies as if an extra document held every
    /// term; defaults to `true`.
    pub fn smooth_idf(mut self, smooth_idf: bool) -> Self {
        self.smooth_idf = smooth_idf;
        self
    }

    /// Weight by inverse document frequency; defaults to `true`.
    pub fn use_idf(mut self, use_idf: bool) -> Self {
        self.use_idf = use_idf;
        self
    }

    /// Row normalization; defaults to `Some(Norm::L2)`.
    pub fn norm(mut self, norm: Option<Norm>) -> Self {
        self.norm = norm;
        self
    }

    /// Tokens to drop before building word n-grams, compared after
    /// lowercasing and accent stripping (word analyzer only); defaults to an
    /// empty list.
    pub fn stop_words(mut self, words: Vec<String>) -> Self {
        self.stop_words = words;
        self
    }

    /// The analyzer kind.
    pub fn get_analyzer(&self) -> Analyzer {
        self.analyzer
    }

    /// The n-gram range.
    pub fn get_ngram_range(&self) -> (usize, usize) {
        self.ngram_range
    }

    /// Whether term frequencies are sublinear (`1 + ln(tf)`).
    pub fn get_sublinear_tf(&self) -> bool {
        self.sublinear_tf
    }

    /// The row normalization.
    pub fn get_norm(&self) -> Option<Norm> {
        self.norm
    }

    /// Checks every parameter on its own and the pairs that can be checked
    /// without the corpus (`max_df` against `min_df` when both are counts or
    /// both fractions).
    pub fn check(&self) -> Result<()> {
        let (lo, hi) = self.ngram_range;
        if lo == 0 || lo > hi {
            return Err(Error::Param {
                name: "ngram_range",
                value: format!("({lo}, {hi})"),
                expected: "(min_n, max_n) with 1 <= min_n <= max_n".into(),
            });
        }
        for (name, v) in [("min_df", self.min_df), ("max_df", self.max_df)] {
            if let DocFreq::Fraction(f) = v {
                if !(0.0..=1.0).contains(&f) {
                    return Err(Error::Param {
                        name,
                        value: v.show(),
                        expected: "a fraction in [0, 1] or a document count".into(),
                    });
                }
            }
        }
        let comparable = match (self.min_df, self.max_df) {
            (DocFreq::Count(a), DocFreq::Count(b)) => Some((a as f64, b as f64)),
            (DocFreq::Fraction(a), DocFreq::Fraction(b)) => Some((a, b)),
            _ => None,
        };
        if let Some((min, max)) = comparable {
            if max < min {
                return Err(self.max_df_error(None));
            }
        }
        if self.max_features == Some(0) {
            return Err(Error::Param {
                name: "max_features",
                value: "0".into(),
                expected: "at least 1, or none for no limit".into(),
            });
        }
        if self.analyzer == Analyzer::Word {
            if let TokenizerKind::Pattern(p) = &self.tokenizer {
                compile_pattern(p)?;
            }
        } else if !self.stop_words.is_empty() {
            return Err(Error::Param {
                name: "stop_words",
                value: format!("{} words", self.stop_words.len()),
                expected: format!(
                    "no stop words with analyzer {}; they apply to the word analyzer only",
                    self.analyzer.name()
                ),
            });
        }
        Ok(())
    }

    fn max_df_error(&self, n_docs: Option<usize>) -> Error {
        let expected = match n_docs {
            None => format!(
                "max_df corresponds to < documents than min_df = {}",
                self.min_df.show()
            ),
            Some(n) => format!(
                "max_df corresponds to < documents than min_df = {} ({} vs {} of {n} documents)",
                self.min_df.show(),
                self.max_df.to_count(n),
                self.min_df.to_count(n)
            ),
        };
        Error::Param {
            name: "max_df",
            value: self.max_df.show(),
            expected,
        }
    }

    fn text_analyzer(&self) -> Result<TextAnalyzer> {
        TextAnalyzer::new(
            self.analyzer,
            &self.tokenizer,
            self.lowercase,
            self.strip_accents,
            self.ngram_range,
            &self.stop_words,
        )
    }

    /// Learns the vocabulary and IDF from `docs` (in parallel; the result
    /// does not depend on the thread count).
    pub fn fit(&self, docs: &[&str]) -> Result<FittedTfidf> {
        self.check()?;
        let analyzer = self.text_analyzer()?;
        let counts = docs
            .par_chunks(chunk_len(docs.len()))
            .map(|chunk| {
                let mut counts = TermCounts::default();
                let mut scratch = AnalyzerScratch::default();
                for doc in chunk {
                    counts.start_doc();
                    analyzer.for_each_term(doc, &mut scratch, |t| counts.add(t));
                }
                counts
            })
            .reduce(TermCounts::default, TermCounts::merge);
        let n = docs.len();
        let max_doc_count = self.max_df.to_count(n);
        let min_doc_count = self.min_df.to_count(n);
        if counts.n_terms() > 0 && max_doc_count < min_doc_count {
            return Err(self.max_df_error(Some(n)));
        }
        let (vocabulary, dfs) = counts.prune(max_doc_count, min_doc_count, self.max_features)?;
        let idf: Option<Vec<f64>> = self.use_idf.then(|| {
            let smooth = f64::from(u8::from(self.smooth_idf));
            let n = n as f64 + smooth;
            dfs.iter()
                .map(|&df| (n / (df as f64 + smooth)).ln() + 1.0)
                .collect()
        });
        let index = TermIndex::new(vocabulary.terms(), idf.as_deref());
        Ok(FittedTfidf {
            params: self.clone(),
            vocabulary,
            idf,
            analyzer,
            index,
        })
    }

    /// [`fit`](Self::fit), then [`FittedTfidf::transform`] of the same docs.
    pub fn fit_transform(&self, docs: &[&str]) -> Result<(FittedTfidf, Csr)> {
        let fitted = self.fit(docs)?;
        let x = fitted.transform(docs);
        Ok((fitted, x))
    }
}

/// Documents per parallel work item: a few items per thread, never tiny.
fn chunk_len(n_docs: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    (n_docs / (threads * 4)).max(64)
}

/// How many short-term lookups [`FittedTfidf::count_terms`] keeps in flight.
const IN_FLIGHT: usize = 16;

/// `1 + ln(count)` (sublinear TF), exact for a count of 1. Small counts
/// (nearly all of them) are read from a table of the same values.
#[inline]
pub(crate) fn sublinear(count: u32) -> f64 {
    match SUBLINEAR.get(count as usize) {
        Some(&x) => x,
        None => 1.0 + f64::from(count).ln(),
    }
}

/// Counts below this have their [`sublinear`] value in a table.
const SUBLINEAR_TABLE: usize = 64;

/// `1 + ln(t)` for `t < SUBLINEAR_TABLE` (computed by the same `ln` at
/// first use, so a value is the same from the table or not); `t = 0` is
/// never asked for.
static SUBLINEAR: std::sync::LazyLock<[f64; SUBLINEAR_TABLE]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|t| if t == 1 { 1.0 } else { 1.0 + (t as f64).ln() })
});

/// Reusable per-thread buffers for [`FittedTfidf::transform_into`],
/// [`FittedTfidf::weigh`] and [`TfidfUnion::transform_into`].
#[derive(Debug, Default, Clone)]
pub struct TfidfScratch {
    analyzer: AnalyzerScratch,
    counts: ColCounts,
    pending: [Pending; IN_FLIGHT],
    cols: Vec<u32>,
    weights: Vec<f64>,
    values: Vec<f32>,
    union_cols: Vec<u32>,
    union_values: Vec<f32>,
}

/// order of first occurrence, each with its TF-IDF weight before
/// normalization, and the divisor that normalizes them.
#[derive(Debug, Clone, Copy)]
pub struct Weighed<'a> {
    /// Distinct vocabulary columns, in order of first occurrence.
    pub cols: &'a [u32],
    /// `tf * idf` per column (`tf` sublinear if so fitted).
    pub weights: &'a [f64],
    /// The row norm to divide the weights by (1 without normalization or
    /// for an empty row).
    pub norm: f64,
}

/// A fitted TF-IDF vectorizer: parameters, sorted vocabulary and the IDF of
/// each term (sklearn's `vocabulary_` and `idf_`). Serializes as
/// `{params, vocabulary, idf}`; the term index and compiled analyzer are
/// rebuilt when deserializing.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "FittedTfidfData")]
pub struct FittedTfidf {
    params: TfidfParams,
    vocabulary: Vocabulary,
    /// `None` when `use_idf` is false.
    idf: Option<Vec<f64>>,
    analyzer: TextAnalyzer,
    index: TermIndex,
}

#[derive(Serialize)]
struct FittedTfidfRef<'a> {
    params: &'a TfidfParams,
    vocabulary: &'a Vocabulary,
    idf: &'a Option<Vec<f64>>,
}

#[derive(Deserialize)]
struct FittedTfidfData {
    params: TfidfParams,
    vocabulary: Vocabulary,
    idf: Option<Vec<f64>>,
}

impl Serialize for FittedTfidf {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        FittedTfidfRef {
            params: &self.params,
            vocabulary: &self.vocabulary,
            idf: &self.idf,
        }
        .serialize(s)
    }
}

impl TryFrom<FittedTfidfData> for FittedTfidf {
    type Error = Error;

    fn try_from(d: FittedTfidfData) -> Result<Self> {
        d.params.check()?;
        match (&d.idf, d.params.use_idf) {
            (Some(idf), true) if idf.len() == d.vocabulary.len() => {}
            (None, false) => {}
            (idf, use_idf) => {
                return Err(Error::Other(format!(
                    "tfidf has {} idf values for {} terms with use_idf = {use_idf}; expected {}",
                    idf.as_ref().map_or(0, Vec::len),
                    d.vocabulary.len(),
                    if use_idf { "one per term" } else { "none" }
                )))
            }
        }
        let analyzer = d.params.text_analyzer()?;
        let index = TermIndex::new(d.vocabulary.terms(), d.idf.as_deref());
        Ok(FittedTfidf {
            params: d.params,
            vocabulary: d.vocabulary,
            idf: d.idf,
            analyzer,
            index,
        })
    }
}

/// A row's norm contribution of one weight `x`: `x^2` for L2, `|x|` for
/// L1, nothing without a norm.
#[inline]
pub(crate) fn norm_term(norm: Option<Norm>, x: f64) -> f64 {
    match norm {
        Some(Norm::L2) => x * x,
        Some(Norm::L1) => x.abs(),
        None => 0.0,
    }
}

/// The divisor of a row whose [`norm_term`]s sum to `total` (1 for no
/// norm or an all-zero row, which sklearn leaves as it is).
#[inline]
pub(crate) fn finish_norm(norm: Option<Norm>, total: f64) -> f64 {
    let total = match norm {
        None => return 1.0,
        Some(Norm::L1) => total,
        Some(Norm::L2) => total.sqrt(),
    };
    if total > 0.0 {
        total
    } else {
        1.0
    }
}

impl FittedTfidf {
    /// The parameters it was fitted with.
    pub fn params(&self) -> &TfidfParams {
        &self.params
    }

    /// The sorted vocabulary; column `j` is term `j`.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// IDF per column, or `None` when `use_idf` is false.
    pub fn idf(&self) -> Option<&[f64]> {
        self.idf.as_deref()
    }

    /// Number of columns.
    pub fn n_features(&self) -> usize {
        self.vocabulary.len()
    }

    /// Column name as `analyzer:term`, e.g. `word:missile defense` or
    /// `char_wb: th`.
    pub fn feature_name(&self, col: usize) -> String {
        format!(
            "{}:{}",
            self.params.analyzer.name(),
            self.vocabulary.term(col)
        )
    }

    /// Counts the vocabulary terms of `doc` into `s.counts` (distinct
    /// columns in order of first occurrence), calling `new_col` with each
    /// column when first seen.
    fn count_terms(&self, doc: &str, s: &mut TfidfScratch, mut new_col: impl FnMut(u32)) {
        let TfidfScratch {
            analyzer,
            counts,
            pending,
            ..
        } = s;
        counts.clear();
        let index = &self.index;
        // Short terms are looked up IN_FLIGHT terms after their slot was
        // prefetched (the table is usually far larger than the caches), in
        // a ring of pending lookups; counting does not depend on the order.
        let mut n = 0usize;
        self.analyzer.for_each_term(doc, analyzer, |t| {
            let b = t.as_bytes();
            if b.len() > 16 {
                if let Some(h) = index.get(b) {
                    counts.add(h, &mut new_col);
                }
                return;
            }
            let at = n % IN_FLIGHT;
            if n >= IN_FLIGHT {
                if let Some(h) = index.get_short(pending[at]) {
                    counts.add(h, &mut new_col);
                }
            }
            pending[at] = index.start_short(b);
            n += 1;
        });
        for k in n.saturating_sub(IN_FLIGHT)..n {
            if let Some(h) = index.get_short(pending[k % IN_FLIGHT]) {
                counts.add(h, &mut new_col);
            }
        }
    }

    /// The row norm of `weights` under the fitted normalization (1 for none
    /// or an all-zero row: sklearn leaves zero rows as they are).
    fn norm_of(&self, weights: impl Iterator<Item = f64>) -> f64 {
        let norm = self.params.norm;
        finish_norm(norm, weights.map(|w| norm_term(norm, w)).sum())
    }

    /// The counted columns of a document, in `entries` order, into `cols`,
    /// with their unnormalized TF-IDF weights into `weights`.
    fn weights_of(&self, entries: &[ColCount], cols: &mut Vec<u32>, weights: &mut Vec<f64>) {
        cols.clear();
        weights.clear();
        let sublinear_tf = self.params.sublinear_tf;
        for e in entries {
            cols.push(e.col);
            let tf = if sublinear_tf {
                sublinear(e.count)
            } else {
                f64::from(e.count)
            };
            // Multiplying by the IDF of 1 stored without IDF weighting is exact.
            weights.push(tf * e.idf);
        }
    }

    /// Weighs one document into `s.cols` / `s.values` (sorted columns).
    fn row(&self, doc: &str, s: &mut TfidfScratch) {
        self.count_terms(doc, s, |_| {});
        self.finish_row(s);
    }

    /// The row of a document whose vocabulary terms were found elsewhere
    /// (`hits`, one per occurrence, in any order): its sorted columns and
    /// values, bit for bit those of [`transform_into`](Self::transform_into)
    /// for the same occurrences.
    pub(crate) fn row_of_hits<'s>(
        &self,
        hits: impl IntoIterator<Item = Hit>,
        s: &'s mut TfidfScratch,
    ) -> (&'s [u32], &'s [f32]) {
        s.counts.clear();
        for h in hits {
            s.counts.add(h, &mut |_| {});
        }
        self.finish_row(s);
        (&s.cols, &s.values)
    }

    /// Weighs the counted columns of `s.counts` into `s.cols` / `s.values`
    /// (sorted columns).
    fn finish_row(&self, s: &mut TfidfScratch) {
        let TfidfScratch {
            counts,
            cols,
            weights,
            values,
            ..
        } = s;
        // Sorting reorders the entries the table points at: empty the
        // table first.
        counts.clear_table();
        counts.entries.sort_unstable_by_key(|e| e.col);
        self.weights_of(&counts.entries, cols, weights);
        let total = self.norm_of(weights.iter().copied());
        values.clear();
        values.extend(weights.iter().map(|&w| (w / total) as f32));
    }

    /// Weighs `doc` for scoring without building a row: its distinct
    /// columns in order of first occurrence with their unnormalized TF-IDF
    /// weights and the norm, so a linear score is `sum(w * coef[col]) /
    /// norm`. `new_col` is called with each column as soon as it is found
    /// (while the rest of the document is still being read), for example to
    /// prefetch that column's coefficients. The values are the ones
    /// [`transform_into`](Self::transform_into) divides, summed in another
    /// order, so a score can differ from the one of the row in the last bits.
    pub fn weigh<'s>(
        &self,
        doc: &str,
        s: &'s mut TfidfScratch,
        new_col: impl FnMut(u32),
    ) -> Weighed<'s> {
        self.count_terms(doc, s, new_col);
        let TfidfScratch {
            counts,
            cols,
            weights,
            ..
        } = s;
        self.weights_of(&counts.entries, cols, weights);
        let norm = self.norm_of(weights.iter().copied());
        Weighed {
            cols,
            weights,
            norm,
        }
    }

    /// The compiled analyzer (the word splitting and n-grams of
    /// [`transform`](Self::transform)).
    pub(crate) fn text_analyzer(&self) -> &TextAnalyzer {
        &self.analyzer
    }

    /// The term -> column and IDF table built from the vocabulary.
    pub(crate) fn term_index(&self) -> &TermIndex {
        &self.index
    }

    /// Appends the TF-IDF row of `doc` to `out` (which must have
    /// [`n_features`](Self::n_features) columns). Uses only the fitted
    /// vocabulary and IDF.
    pub fn transform_into(&self, doc: &str, scratch: &mut TfidfScratch, out: &mut Csr) {
        assert_eq!(out.n_cols, self.n_features(), "output column count");
        self.row(doc, scratch);
        out.push_row_sorted(&scratch.cols, &scratch.values);
    }

    /// TF-IDF rows of `docs`, in order (computed in parallel).
    pub fn transform(&self, docs: &[&str]) -> Csr {
        parallel_rows(docs, self.n_features(), |doc, s, out| {
            self.transform_into(doc, s, out)
        })
    }
}

/// Runs `row` over `docs` in parallel chunks and concatenates the chunks in
/// order.
fn parallel_rows<F>(docs: &[&str], n_cols: usize, row: F) -> Csr
where
    F: Fn(&str, &mut TfidfScratch, &mut Csr) + Sync,
{
    let parts: Vec<Csr> = docs
        .par_chunks(chunk_len(docs.len()))
        .map(|chunk| {
            let mut scratch = TfidfScratch::default();
            let mut out = Csr::new(n_cols);
            for doc in chunk {
                row(doc, &mut scratch, &mut out);
            }
            out
        })
        .collect();
    let mut out = Csr::new(n_cols);
    for p in &parts {
        out.append(p);
    }
    out
}

/// Fitted vectorizers side by side, as sklearn's `FeatureUnion` of
/// `TfidfVectorizer`s: part `k`'s columns follow those of parts `0..k`, and
/// each part is normalized on its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TfidfUnion {
    /// The fitted parts, in column order.
    pub parts: Vec<FittedTfidf>,
}

impl TfidfUnion {
    /// Fits one part per parameter set on the same documents.
    pub fn fit(params: &[TfidfParams], docs: &[&str]) -> Result<Self> {
        if params.is_empty() {
            return Err(Error::Param {
                name: "tfidf",
                value: "no parts".into(),
                expected: "at least one vectorizer in the union".into(),
            });
        }
        let parts = params
            .iter()
            .map(|p| p.fit(docs))
            .collect::<Result<Vec<_>>>()?;
        Ok(TfidfUnion { parts })
    }

    /// Total number of columns.
    pub fn n_features(&self) -> usize {
        self.parts.iter().map(FittedTfidf::n_features).sum()
    }

    /// Name of column `col`, as [`FittedTfidf::feature_name`] of its part.
    pub fn feature_name(&self, col: usize) -> String {
        let mut c = col;
        for p in &self.parts {
            if c < p.n_features() {
                return p.feature_name(c);
            }
            c -= p.n_features();
        }
        panic!(
            "column {col} out of range; the union has {} columns",
            self.n_features()
        )
    }

    /// Appends the row of `doc` (all parts side by side) to `out`.
    pub fn transform_into(&self, doc: &str, s: &mut TfidfScratch, out: &mut Csr) {
        assert_eq!(out.n_cols, self.n_features(), "output column count");
        let mut cols = std::mem::take(&mut s.union_cols);
        let mut values = std::mem::take(&mut s.union_values);
        cols.clear();
        values.clear();
        let mut offset = 0u32;
        for p in &self.parts {
            p.row(doc, s);
            cols.extend(s.cols.iter().map(|&j| j + offset));
            values.extend_from_slice(&s.values);
            offset += p.n_features() as u32;
        }
        out.push_row_sorted(&cols, &values);
        s.union_cols = cols;
        s.union_values = values;
    }

    /// Rows of `docs`, in order (computed in parallel).
    pub fn transform(&self, docs: &[&str]) -> Csr {
        parallel_rows(docs, self.n_features(), |doc, s, out| {
            self.transform_into(doc, s, out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const FIXTURE: &str = include_str!("../../tests/fixtures/tfidf/expected.json");

    fn params_from_fixture(p: &Value) -> TfidfParams {
        let mut t = TfidfParams::new().tokenizer(TokenizerKind::sklearn_default());
        for (k, v) in p.as_object().unwrap() {
            let df = |v: &Value| match v.as_u64() {
                Some(c) => DocFreq::Count(c as usize),
                None => DocFreq::Fraction(v.as_f64().unwrap()),
            };
            t = match k.as_str() {
                "analyzer" => t.analyzer(serde_json::from_value(v.clone()).unwrap()),
                "ngram_range" => t.ngram_range(
                    v[0].as_u64().unwrap() as usize,
                    v[1].as_u64().unwrap() as usize,
                ),
                "sublinear_tf" => t.sublinear_tf(v.as_bool().unwrap()),
                "use_idf" => t.use_idf(v.as_bool().unwrap()),
                "smooth_idf" => t.smooth_idf(v.as_bool().unwrap()),
                "lowercase" => t.lowercase(v.as_bool().unwrap()),
                "min_df" => t.min_df(df(v)),
                "max_df" => t.max_df(df(v)),
                "max_features" => t.max_features(Some(v.as_u64().unwrap() as usize)),
                "norm" => t.norm(serde_json::from_value(v.clone()).unwrap()),
                "strip_accents" => t.strip_accents(serde_json::from_value(v.clone()).unwrap()),
                "stop_words" => t.stop_words(serde_json::from_value(v.clone()).unwrap()),
                other => panic!("fixture parameter {other} not mapped"),
            };
        }
        t
    }

    fn assert_rows(name: &str, what: &str, got: &Csr, want: &Value) {
        let want = want.as_array().unwrap();
        assert_eq!(got.n_rows(), want.len(), "{name} {what}: row count");
        for (i, w) in want.iter().enumerate() {
            let r = got.row(i);
            let idx: Vec<u32> = serde_json::from_value(w["indices"].clone()).unwrap();
            let vals: Vec<f64> = serde_json::from_value(w["values"].clone()).unwrap();
            assert_eq!(r.indices, &idx[..], "{name} {what} row {i}: columns");
            for (k, (&g, &e)) in r.data.iter().zip(&vals).enumerate() {
                assert!(
                    (f64::from(g) - e).abs() <= 1e-6,
                    "{name} {what} row {i} value {k}: {g} vs sklearn {e}"
                );
            }
        }
    }

    #[test]
    fn matches_sklearn_fixture() {
        let fx: Value = serde_json::from_str(FIXTURE).unwrap();
        let fit_docs: Vec<&str> = fx["fit_docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        let held: Vec<&str> = fx["held_out_docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        let cases = fx["cases"].as_array().unwrap();
        assert_eq!(cases.len(), 9);
        for case in cases {
            let name = case["name"].as_str().unwrap();
            let params = params_from_fixture(&case["params"]);
            let (fitted, x) = params.fit_transform(&fit_docs).unwrap();
            let vocab: Vec<String> = serde_json::from_value(case["vocabulary"].clone()).unwrap();
            assert_eq!(
                fitted.vocabulary().terms(),
                &vocab[..],
                "{name}: vocabulary"
            );
            match case["idf"].as_array() {
                None => assert!(fitted.idf().is_none(), "{name}: idf"),
                Some(want) => {
                    let got = fitted.idf().unwrap();
                    assert_eq!(got.len(), want.len());
                    for (g, w) in got.iter().zip(want) {
                        assert!((g - w.as_f64().unwrap()).abs() <= 1e-12, "{name}: idf");
                    }
                }
            }
            assert_rows(name, "fit", &x, &case["fit_rows"]);
            assert_rows(
                name,
                "held-out",
                &fitted.transform(&held),
                &case["held_out_rows"],
            );
        }
    }

    fn docs() -> Vec<&'static str> {
        vec![
            "the vote passed",
            "the vote failed",
            "a vote on trade",
            "trade talks resumed",
        ]
    }

    #[test]
    fn sublinear_table_holds_the_computed_values() {
        assert_eq!(sublinear(1).to_bits(), 1.0f64.to_bits());
        for count in 2..200u32 {
            let want = 1.0 + f64::from(count).ln();
            assert_eq!(sublinear(count).to_bits(), want.to_bits(), "count {count}");
        }
        assert!((sublinear(2) - (1.0 + std::f64::consts::LN_2)).abs() < 1e-15);
    }

    #[test]
    fn lone_document_uses_fitted_idf() {
        let p = TfidfParams::new()
            .tokenizer(TokenizerKind::sklearn_default())
            .norm(None);
        let f = p.fit(&docs()).unwrap();
        // "vote": df 3 of 4 -> ln(5/4) + 1; "talks": df 1 -> ln(5/2) + 1.
        let x = f.transform(&["talks vote vote"]);
        let v = f.vocabulary();
        let (talks, vote) = (v.get("talks").unwrap(), v.get("vote").unwrap());
        assert_eq!(x.row(0).indices, &[talks, vote]);
        let want = [(2.5f64).ln() + 1.0, 2.0 * ((1.25f64).ln() + 1.0)];
        assert_eq!(x.row(0).data, &[want[0] as f32, want[1] as f32]);
    }

    #[test]
    fn check_names_the_parameter() {
        let e = TfidfParams::new().ngram_range(3, 1).check().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter ngram_range = (3, 1): (min_n, max_n) with 1 <= min_n <= max_n"
        );
        let e = TfidfParams::new()
            .min_df(DocFreq::Fraction(0.5))
            .max_df(DocFreq::Fraction(0.2))
            .check()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter max_df = 0.2: max_df corresponds to < documents than min_df = 0.5"
        );
        // Mixed kinds are compared once the corpus size is known.
        let p = TfidfParams::new()
            .min_df(DocFreq::Count(3))
            .max_df(DocFreq::Fraction(0.5));
        p.check().unwrap();
        let e = p.fit(&docs()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter max_df = 0.5: max_df corresponds to < documents than min_df = 3 (2 vs 3 of 4 documents)"
        );
        let e = TfidfParams::new()
            .max_features(Some(0))
            .check()
            .unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid parameter max_features = 0"));
        let e = TfidfParams::new()
            .min_df(DocFreq::Fraction(1.5))
            .check()
            .unwrap_err();
        assert!(e.to_string().starts_with("invalid parameter min_df = 1.5"));
    }

    #[test]
    fn fit_errors_match_sklearn() {
        let p = TfidfParams::new().stop_words(vec!["the".into(), "a".into()]);
        let e = p.fit(&["the a", "a"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "empty vocabulary; perhaps the documents only contain stop words"
        );
        let e = TfidfParams::new()
            .min_df(DocFreq::Count(4))
            .max_df(DocFreq::Count(4))
            .fit(&docs())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "after pruning, no terms remain; try a lower min_df or a higher max_df"
        );
    }

    #[test]
    fn save_load_round_trip_rebuilds_index() {
        let f = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 3)
            .fit(&docs())
            .unwrap();
        let json = serde_json::to_string(&f).unwrap();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["params", "vocabulary", "idf"]
        );
        let back: FittedTfidf = serde_json::from_str(&json).unwrap();
        assert_eq!(back.vocabulary(), f.vocabulary());
        assert_eq!(back.idf(), f.idf());
        let d = ["trade vote", "zz"];
        assert_eq!(back.transform(&d), f.transform(&d));
        let bad = json.replacen("\"idf\":[", "\"idf\":[1.0,", 1);
        let e = serde_json::from_str::<FittedTfidf>(&bad).unwrap_err();
        assert!(e.to_string().contains("idf values for"), "{e}");
    }

    #[test]
    fn union_hstacks_separately_normalized_parts() {
        let word = TfidfParams::new().ngram_range(1, 2);
        let chars = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 2);
        let d = docs();
        let u = TfidfUnion::fit(&[word.clone(), chars.clone()], &d).unwrap();
        let (w, c) = (word.fit(&d).unwrap(), chars.fit(&d).unwrap());
        assert_eq!(u.n_features(), w.n_features() + c.n_features());
        let x = u.transform(&d);
        assert_eq!(x, Csr::hstack(&[w.transform(&d), c.transform(&d)]));
        let norm0: f64 = x.row(0).data.iter().map(|&v| f64::from(v).powi(2)).sum();
        assert!(
            (norm0 - 2.0).abs() < 1e-6,
            "each part has unit length: {norm0}"
        );
        let vp = w.vocabulary().get("vote passed").unwrap() as usize;
        assert_eq!(u.feature_name(vp), "word:vote passed");
        let th = c.vocabulary().get(" t").unwrap() as usize;
        assert_eq!(u.feature_name(w.n_features() + th), "char_wb: t");
    }

    #[test]
    fn weigh_matches_the_row_before_normalizing() {
        for p in [
            TfidfParams::new().ngram_range(1, 2).sublinear_tf(true),
            TfidfParams::new().norm(Some(Norm::L1)).use_idf(false),
            TfidfParams::new()
                .analyzer(Analyzer::CharWb)
                .ngram_range(2, 4)
                .norm(None),
        ] {
            let f = p.fit(&docs()).unwrap();
            let mut s = TfidfScratch::default();
            for doc in ["the vote vote passed on trade", "nothing known", ""] {
                let row = f.transform(&[doc]);
                let mut seen = Vec::new();
                let w = f.weigh(doc, &mut s, |c| seen.push(c));
                assert_eq!(seen, w.cols, "{doc:?}");
                let mut pairs: Vec<(u32, f64)> = w
                    .cols
                    .iter()
                    .copied()
                    .zip(w.weights.iter().copied())
                    .collect();
                pairs.sort_by_key(|p| p.0);
                let cols: Vec<u32> = pairs.iter().map(|p| p.0).collect();
                assert_eq!(cols, row.row(0).indices, "{doc:?}");
                let norm = w.norm;
                let vals: Vec<f32> = pairs.iter().map(|p| (p.1 / norm) as f32).collect();
                assert_eq!(vals, row.row(0).data, "{doc:?}");
            }
        }
        // "vote" twice: first occurrence order, counts summed.
        let f = TfidfParams::new()
            .norm(None)
            .use_idf(false)
            .fit(&docs())
            .unwrap();
        let mut s = TfidfScratch::default();
        let w = f.weigh("vote the vote", &mut s, |_| {});
        let v = f.vocabulary();
        assert_eq!(w.cols, [v.get("vote").unwrap(), v.get("the").unwrap()]);
        assert_eq!(w.weights, [2.0, 1.0]);
        assert_eq!(w.norm, 1.0);
    }

    #[test]
    fn parallel_transform_keeps_order() {
        let f = TfidfParams::new().fit(&docs()).unwrap();
        let many: Vec<&str> = (0..1000).map(|i| docs()[i % 4]).collect();
        let x = f.transform(&many);
        let one = f.transform(&docs());
        for i in 0..1000 {
            assert_eq!(x.row(i), one.row(i % 4), "row {i}");
        }
    }
}

/// Transform throughput on synthetic short documents; run with
/// `cargo test --release --lib throughput -- --ignored --nocapture`.
/// Also checks that the parallel transform equals the sequential one.
#[cfg(test)]
mod throughput {
    use super::*;
    use std::time::Instant;

    fn synthetic(n: usize) -> Vec<String> {
        let words = [
            "council",
            "minister",
            "missile",
            "defense",
            "trade",
            "deal",
            "tariff",
            "vote",
            "plan",
            "talks",
            "border",
            "sanctions",
            "summit",
            "treaty",
            "rejected",
            "backed",
            "the",
            "a",
            "of",
            "on",
            "and",
            "said",
            "new",
            "government",
            "president",
            "agreement",
            "nuclear",
            "energy",
            "climate",
            "aid",
            "refugees",
            "election",
            "parliament",
            "Brasília",
        ];
        let mut x: u64 = 42;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let len = 12 + (x >> 60) as usize;
                (0..len)
                    .map(|_| {
                        x = x
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        words[(x >> 33) as usize % words.len()]
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
                    + "."
            })
            .collect()
    }

    #[test]
    #[ignore]
    fn measure_transform_throughput() {
        let owned = synthetic(5000);
        let docs: Vec<&str> = owned.iter().map(String::as_str).collect();
        for (name, p) in [
            (
                "word 1-2",
                TfidfParams::new()
                    .tokenizer(TokenizerKind::sklearn_default())
                    .ngram_range(1, 2),
            ),
            ("word 1-2 stance", TfidfParams::new().ngram_range(1, 2)),
            (
                "char_wb 2-5",
                TfidfParams::new()
                    .analyzer(Analyzer::CharWb)
                    .ngram_range(2, 5),
            ),
        ] {
            let t = Instant::now();
            let f = p.fit(&docs).unwrap();
            let fit_s = t.elapsed().as_secs_f64();
            let mut s = TfidfScratch::default();
            let mut out = Csr::new(f.n_features());
            let t = Instant::now();
            for _ in 0..4 {
                out = Csr::new(f.n_features());
                for d in &docs {
                    f.transform_into(d, &mut s, &mut out);
                }
            }
            let seq = 4.0 * docs.len() as f64 / t.elapsed().as_secs_f64();
            let t = Instant::now();
            let mut x = Csr::new(0);
            for _ in 0..4 {
                x = f.transform(&docs);
            }
            let par = 4.0 * docs.len() as f64 / t.elapsed().as_secs_f64();
            assert_eq!(x, out);
            println!(
                "{name}: {} features, nnz/doc {:.1}, fit {:.3}s, transform {:.0} docs/s sequential, {:.0} docs/s parallel ({} threads)",
                f.n_features(),
                x.nnz() as f64 / docs.len() as f64,
                fit_s,
                seq,
                par,
                rayon::current_num_threads()
            );
        }
    }
}
