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

use rayon::prelude::*;
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::features::analyzer::{
    compile_pattern, Analyzer, AnalyzerScratch, StripAccents, TextAnalyzer, TokenizerKind,
};
use crate::features::sparse::Csr;
use crate::features::vocabulary::{TermCounts, Vocabulary};
use crate::mem::{huge_page_capacity, huge_page_vec, prefetch};
use rustc_hash::FxHashMap;

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

/// The term -> column table of the transform hot path: open addressing
/// with linear probing over slots that hold a 16-byte fingerprint of the
/// term, so a lookup compares two words instead of calling `memcmp`, and
/// a miss (most char n-grams of unseen text) touches one or two slots.
/// Terms of at most 16 bytes are identified by the fingerprint and length
/// alone; longer ones are then compared in full against `arena`.
#[derive(Debug, Clone, Default)]
struct TermIndex {
    slots: Vec<Slot>,
    arena: Vec<u8>,
    starts: Vec<usize>,
}

/// One table slot: 32 bytes, aligned, so a probe touches one cache line,
/// which also holds the term's IDF (the transform needs it next).
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    key: (u64, u64),
    len: u32,
    /// `u32::MAX` marks an empty slot.
    col: u32,
    /// The term's IDF, or 1 without IDF weighting.
    idf: f64,
}

/// A term found by [`TermIndex`]: its column and IDF.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hit {
    col: u32,
    idf: f64,
}

const EMPTY: u32 = u32::MAX;

#[inline]
fn load_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

#[inline]
fn load_u32(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes(
        b[at..at + 4].try_into().expect("4 bytes"),
    ))
}

/// A fingerprint that determines any term of at most 16 bytes given its
/// length (overlapping loads cover every byte).
#[inline]
fn fingerprint(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        4..=7 => (load_u32(b, 0) | load_u32(b, n - 4) << 32, 0),
        _ => (load_u64(b, 0), load_u64(b, n - 8)),
    }
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[inline]
fn hash_term(b: &[u8], key: (u64, u64)) -> u64 {
    let mut h = mix(mix(b.len() as u64, key.0), key.1);
    if b.len() > 16 {
        for c in b[8..b.len() - 8].chunks(8) {
            h = mix(h, pack(c));
        }
    }
    h ^ (h >> 32)
}

impl TermIndex {
    /// The index of `terms` (column `j` is `terms[j]`), with `idf[j]`
    /// beside each (1 for every term when `idf` is `None`).
    fn new(terms: &[String], idf: Option<&[f64]>) -> TermIndex {
        let cap = (terms.len() * 2).next_power_of_two().max(16);
        let mut slots = huge_page_vec(
            cap,
            Slot {
                key: (0, 0),
                len: 0,
                col: EMPTY,
                idf: 0.0,
            },
        );
        let mut arena = Vec::with_capacity(terms.iter().map(String::len).sum());
        let mut starts = Vec::with_capacity(terms.len() + 1);
        let mask = cap - 1;
        for (col, t) in terms.iter().enumerate() {
            starts.push(arena.len());
            arena.extend_from_slice(t.as_bytes());
            let b = t.as_bytes();
            let key = fingerprint(b);
            let mut i = hash_term(b, key) as usize & mask;
            while slots[i].col != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                key,
                len: b.len() as u32,
                col: col as u32,
                idf: idf.map_or(1.0, |idf| idf[col]),
            };
        }
        starts.push(arena.len());
        TermIndex {
            slots,
            arena,
            starts,
        }
    }

    /// Where a term's probe starts, for [`TermIndex::get_short`] (and a
    /// prefetch of that slot, so that looking up a run of terms overlaps
    /// their cache misses).
    #[inline]
    fn start_short(&self, b: &[u8]) -> Pending {
        debug_assert!(b.len() <= 16);
        let key = fingerprint(b);
        let slot = hash_term(b, key) as usize & (self.slots.len() - 1);
        prefetch(&self.slots[slot]);
        Pending {
            key,
            len: b.len() as u32,
            slot: slot as u32,
        }
    }

    /// Finishes a lookup begun by [`TermIndex::start_short`]: the same
    /// answer as [`TermIndex::get`] for that term (at most 16 bytes, so the
    /// fingerprint and length determine it).
    #[inline]
    fn get_short(&self, p: Pending) -> Option<Hit> {
        let mask = self.slots.len() - 1;
        let mut i = p.slot as usize;
        loop {
            let s = self.slots[i];
            if s.col == EMPTY {
                return None;
            }
            if s.key == p.key && s.len == p.len {
                return Some(Hit {
                    col: s.col,
                    idf: s.idf,
                });
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, b: &[u8]) -> Option<Hit> {
        let key = fingerprint(b);
        let mask = self.slots.len() - 1;
        let mut i = hash_term(b, key) as usize & mask;
        loop {
            let s = self.slots[i];
            if s.col == EMPTY {
                return None;
            }
            if s.key == key
                && s.len as usize == b.len()
                && (b.len() <= 16 || {
                    let c = s.col as usize;
                    &self.arena[self.starts[c]..self.starts[c + 1]] == b
                })
            {
                return Some(Hit {
                    col: s.col,
                    idf: s.idf,
                });
            }
            i = (i + 1) & mask;
        }
    }
}

/// Documents per parallel work item: a few items per thread, never tiny.
fn chunk_len(n_docs: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    (n_docs / (threads * 4)).max(64)
}

/// A short term's lookup in flight ([`TermIndex::start_short`]).
#[derive(Debug, Clone, Copy, Default)]
struct Pending {
    key: (u64, u64),
    len: u32,
    slot: u32,
}

/// A term lookup begun (a short term's slot fetched) or, for a long term,
/// done.
#[derive(Debug, Clone, Copy)]
enum Lookup {
    Short(Pending),
    Done(Option<Hit>),
}

impl Lookup {
    #[inline]
    fn start(index: &TermIndex, b: &[u8]) -> Lookup {
        if b.len() <= 16 {
            Lookup::Short(index.start_short(b))
        } else {
            Lookup::Done(index.get(b))
        }
    }

    /// The answer of [`TermIndex::get`] for the term, from the index the
    /// lookup was started in.
    #[inline]
    fn finish(&self, index: &TermIndex) -> Option<Hit> {
        match *self {
            Lookup::Short(p) => index.get_short(p),
            Lookup::Done(h) => h,
        }
    }
}

/// How many short-term lookups [`FittedTfidf::count_terms`] keeps in flight.
const IN_FLIGHT: usize = 16;

/// The distinct columns of one document with their counts, in order of
/// first occurrence: a small open-addressing table from column to entry,
/// reused from document to document (cleared through its entries, so a
/// clear costs the document's distinct terms, not the table size). It
/// replaces sorting every hit: a document's columns stay in the caches.
#[derive(Debug, Clone, Default)]
struct ColCounts {
    /// Entry index + 1 per slot; 0 marks an empty slot.
    table: Vec<u32>,
    /// `64 - log2(table.len())`, for multiplicative hashing.
    shift: u32,
    entries: Vec<ColCount>,
    /// Whether `table` holds entries (see [`ColCounts::clear_table`]).
    dirty: bool,
}

/// One distinct column of a document ([`ColCounts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct ColCount {
    col: u32,
    count: u32,
    idf: f64,
}

impl ColCounts {
    #[inline]
    fn slot(&self, col: u32) -> usize {
        (u64::from(col).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Counts one occurrence of `hit`; calls `new_col` when its column is
    /// new to the document.
    #[inline]
    fn add(&mut self, hit: Hit, new_col: &mut impl FnMut(u32)) {
        if self.entries.len() * 2 >= self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = self.slot(hit.col);
        loop {
            let e = self.table[i];
            if e == 0 {
                self.entries.push(ColCount {
                    col: hit.col,
                    count: 1,
                    idf: hit.idf,
                });
                self.table[i] = self.entries.len() as u32;
                self.dirty = true;
                new_col(hit.col);
                return;
            }
            let entry = &mut self.entries[e as usize - 1];
            if entry.col == hit.col {
                entry.count += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Counts one occurrence of `col` (with no IDF) and returns its count
    /// so far.
    #[inline]
    fn bump(&mut self, col: u32) -> u32 {
        if self.entries.len() * 2 >= self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = self.slot(col);
        loop {
            let e = self.table[i];
            if e == 0 {
                self.entries.push(ColCount {
                    col,
                    count: 1,
                    idf: 0.0,
                });
                self.table[i] = self.entries.len() as u32;
                self.dirty = true;
                return 1;
            }
            let entry = &mut self.entries[e as usize - 1];
            if entry.col == col {
                entry.count += 1;
                return entry.count;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.table.len() * 2).max(256);
        self.table.clear();
        self.table.resize(cap, 0);
        self.shift = 64 - cap.trailing_zeros();
        let mask = cap - 1;
        for (k, e) in self.entries.iter().enumerate() {
            let mut i = self.slot(e.col);
            while self.table[i] != 0 {
                i = (i + 1) & mask;
            }
            self.table[i] = k as u32 + 1;
        }
    }

    /// Empties the table, keeping the entries (which may then be
    /// reordered); a no-op when already empty.
    fn clear_table(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        if self.entries.len() * 16 >= self.table.len() {
            self.table.fill(0);
            return;
        }
        let mask = self.table.len() - 1;
        for k in 0..self.entries.len() {
            // No entry was ever removed, so entry `k` sits in the probe
            // chain of its column.
            let mut i = self.slot(self.entries[k].col);
            while self.table[i] as usize != k + 1 {
                i = (i + 1) & mask;
            }
            self.table[i] = 0;
        }
    }

    /// Empties the table and the entries, for the next document.
    fn clear(&mut self) {
        self.clear_table();
        self.entries.clear();
    }
}

/// `acc[o] += f64::from_bits(bits[o])` for each output `o` of `acc`.
/// Straight code for one or two outputs: as a loop of unknown length, the
/// two adds of a three-class model took about 30 instructions (checks for
/// a vector path that never pays at this length).
#[inline(always)]
fn add_bits(acc: &mut [f64], bits: &[u64]) {
    match (acc, bits) {
        ([a], [x, ..]) => *a += f64::from_bits(*x),
        ([a, b], [x, y, ..]) => {
            *a += f64::from_bits(*x);
            *b += f64::from_bits(*y);
        }
        (acc, bits) => {
            for (a, &x) in acc.iter_mut().zip(bits) {
                *a += f64::from_bits(x);
            }
        }
    }
}

/// `acc[o] += m * f64::from(coef[o])` for each output `o` of `acc`, as
/// [`add_bits`] with straight code for one or two outputs.
#[inline(always)]
fn add_scaled(acc: &mut [f64], m: f64, coef: &[f32]) {
    match (acc, coef) {
        ([a], [x, ..]) => *a += m * f64::from(*x),
        ([a, b], [x, y, ..]) => {
            *a += m * f64::from(*x);
            *b += m * f64::from(*y);
        }
        (acc, coef) => {
            for (a, &c) in acc.iter_mut().zip(coef) {
                *a += m * f64::from(c);
            }
        }
    }
}

/// `1 + ln(count)` (sublinear TF), exact for a count of 1. Small counts
/// (nearly all of them) are read from a table of the same values.
#[inline]
fn sublinear(count: u32) -> f64 {
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
    /// The padded word of [`FittedTfidf::score_words`] on a cache miss.
    word: AnalyzerScratch,
    counts: ColCounts,
    pending: [Pending; IN_FLIGHT],
    cols: Vec<u32>,
    weights: Vec<f64>,
    values: Vec<f32>,
    /// The document being scored in one go ([`FittedTfidf::score_words`]).
    staged: StagedDoc,
    /// One stamp per column: the column was seen in the current document
    /// when its stamp is `stamp`. A new document takes the next stamp, so
    /// nothing is cleared between documents (all stamps are zeroed once
    /// every 255 documents, when `stamp` wraps).
    stamps: Vec<u8>,
    stamp: u8,
    /// Column occurrences of the current document already seen before.
    repeats: Vec<u32>,
    /// The tokens of a word joined by spaces, their spans, and the term
    /// lookups of a word ([`FittedTfidf::score_words`] on a cache miss).
    toks: String,
    tok_spans: Vec<(u32, u32)>,
    lookups: Vec<Lookup>,
    /// Keys of the bigrams across words of the document being scored.
    pair_keys: Vec<u64>,
    union_cols: Vec<u32>,
    union_values: Vec<f32>,
}

/// Default entry bound of a [`WordCache`].
pub const WORD_CACHE_ENTRIES: usize = 1 << 18;
/// Default byte bound of a [`WordCache`] (its probe table and records).
pub const WORD_CACHE_BYTES: usize = 48 << 20;
/// Longest word (in bytes) a [`WordCache`] keeps; longer ones are always
/// computed.
const WORD_CACHE_MAX_KEY: usize = 64;

/// A bounded cache from words to what [`FittedTfidf::score_words`] needs
/// of them: the columns of a word's `char_wb` n-grams (with repeats, in
/// order), the word's share of the row norm and, for each block's weight
/// table of `k` outputs, the sums `sum(idf_j * w_j[o])` over them. A word's
/// n-gram columns depend on the word alone, so a document costs one probe
/// per word instead of about ten term lookups and weight fetches.
///
/// Blocks (one weight table per target of a model) share a word's record:
/// its columns and norm share are stored once, with room for the sums of
/// up to [`BLOCKS_PER_RECORD`] blocks, each filled the first time a row of
/// that block meets the word (from the stored columns, without repeating
/// the term lookups). Models with more blocks key records by group of
/// blocks. Sharing matters for per-target models: on the 7-block synthetic
/// model a char_wb-only predict took 0.99 CPU s per 200k rows with one
/// record per (block, word) against 0.72 s for a 1-block model, and 0.87 s
/// with shared records (1 thread, 2026-11-28).
///
/// Scored beside a word vectorizer ([`FittedTfidf::score_chunks`]), a
/// record also holds that vectorizer's part of the word: its unigram and
/// in-word bigram columns (after the n-grams'), its `k` sums per block
/// (after the n-grams' `k`), its norm share, its first and last token
/// ids and the bigram filter of its first token, so a cached word costs
/// one probe for both vectorizers and no tokenizing.
///
/// An entry holds exactly what a miss computes (in the same order), so
/// scores do not depend on what is cached. The cache belongs to one
/// vectorizer (or one pair) and one table per block; when it reaches its
/// entry or byte bound it is emptied. Memory: each record is `16 + 8 * e +
/// len + 4 * cols + 8 * k * g` bytes (each part rounded up to 8; `g` blocks
/// per record; `e` is 4 with a word part, which also doubles `k`) and up
/// to 56 bytes of padding that start its header on a line, plus a
/// probe table of 8 bytes per slot that starts at [`MIN_SLOTS`] and doubles
/// to stay at most half full, up to two slots per entry of the bound (4 MiB
/// by default); all of it stays below the byte bound.
#[derive(Debug, Clone)]
pub struct WordCache {
    max_entries: usize,
    max_bytes: usize,
    /// Per slot: 0 when empty, else the hash's upper half above the
    /// record's offset + 1 (allocated on first use).
    slots: Vec<u64>,
    /// Records, one after the other: `k` sums per block of the group;
    /// the header, where slots point: group, the bit set of filled
    /// blocks, key length and column count in one word, then the norm
    /// share (bits of `f64`); `extra` words; the key bytes; the columns,
    /// two per word. A hit reads one block's sums and the run from the
    /// header to the last column: the sums sit before the header so that
    /// [`WordCache::candidate`] knows where they are before the record is
    /// read, and the rest is read without a gap.
    records: Vec<u64>,
    entries: usize,
    /// `k` of the sums, fixed by the first use.
    k: usize,
    /// Blocks per record, fixed by the first use.
    group: usize,
    /// Words of block-independent data after the norm share, fixed by the
    /// first use (those of a word vectorizer scored beside the `char_wb`
    /// one, [`FittedTfidf::score_chunks`]).
    extra: usize,
    /// Bumped when the cache is emptied (offsets found before are stale).
    generation: u64,
    /// `records`' first word's place in its 64-byte line (in words):
    /// headers are put at line starts ([`WordCache::header_at`]).
    skew: usize,
    stats: WordCacheStats,
}

/// Most blocks whose sums share one [`WordCache`] record.
pub const BLOCKS_PER_RECORD: usize = 8;

/// Where a word's record lives for a block: the group key of the record
/// and the block's place in it.
#[derive(Debug, Clone, Copy)]
struct BlockAt {
    group: u32,
    slot: u32,
}

impl BlockAt {
    fn new(block: u32, blocks: u32) -> BlockAt {
        let g = blocks.clamp(1, BLOCKS_PER_RECORD as u32);
        BlockAt {
            group: block / g,
            slot: block % g,
        }
    }
}

/// Counters of a [`WordCache`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCacheStats {
    /// Words found in the cache.
    pub hits: u64,
    /// Words computed (and added when short enough).
    pub misses: u64,
    /// Times the cache was emptied for being full.
    pub clears: u64,
    /// Cached words whose sums for another block were computed from
    /// their stored columns.
    pub fills: u64,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache::new(WORD_CACHE_ENTRIES, WORD_CACHE_BYTES)
    }
}

/// The columns of a cached word: two per `u64` (low half first), the last
/// word's high half unused when `odd`.
struct RecordCols<'a> {
    words: &'a [u64],
    odd: bool,
}

impl<'a> RecordCols<'a> {
    /// The words holding two columns each, and the last column alone
    /// when their count is odd.
    #[inline(always)]
    fn halves(&self) -> (&'a [u64], Option<u64>) {
        match (self.odd, self.words.split_last()) {
            (true, Some((&last, full))) => (full, Some(last)),
            _ => (self.words, None),
        }
    }

    /// Calls `f` with each column in order.
    #[inline(always)]
    fn each(&self, mut f: impl FnMut(u32)) {
        let (full, last) = self.halves();
        for &x in full {
            f(x as u32);
            f((x >> 32) as u32);
        }
        if let Some(x) = last {
            f(x as u32);
        }
    }
}

/// A document made ready for the word-cache scorer ahead of its turn
/// ([`FittedTfidf::stage_words`], [`FittedTfidf::stage_records`],
/// [`FittedTfidf::score_staged`]): its preprocessed text, its words with
/// their hashes and the records they seem to have. Staging documents one
/// or two ahead of the one being scored lets the cache's memory come while
/// the CPU works, instead of within one document.
#[derive(Debug, Default, Clone)]
pub struct StagedDoc {
    analyzer: AnalyzerScratch,
    words: Vec<WordRef>,
    block: u32,
    blocks: u32,
    /// The cache's generation when the records were looked up, if they
    /// were.
    generation: Option<u64>,
}

/// A word of the document being scored ([`FittedTfidf::score_words`]).
#[derive(Debug, Clone, Copy, Default)]
struct WordRef {
    start: u32,
    len: u32,
    hash: u64,
    /// Record offset found in the first pass, or `NOT_FOUND`.
    found: u32,
}

const NOT_FOUND: u32 = u32::MAX;

/// A [`WordCache`] record's header word holds its group (low 32 bits), the
/// bit set of its filled blocks, its key length and its column count.
const FILLED_SHIFT: u32 = 32;
const KEY_LEN_SHIFT: u32 = 40;
const N_COLS_SHIFT: u32 = 48;

impl WordCache {
    /// An empty cache of at most `max_entries` words and about `max_bytes`
    /// bytes (nothing is allocated before the first word).
    pub fn new(max_entries: usize, max_bytes: usize) -> WordCache {
        WordCache {
            max_entries: max_entries.clamp(1, 1 << 28),
            max_bytes,
            slots: Vec::new(),
            records: Vec::new(),
            entries: 0,
            k: 0,
            group: 0,
            extra: 0,
            generation: 0,
            skew: 0,
            stats: WordCacheStats::default(),
        }
    }

    /// Hits, misses and clears so far.
    pub fn stats(&self) -> WordCacheStats {
        self.stats
    }

    /// Words cached.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether no word is cached.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Bytes held by the probe table and records (lengths, not capacity).
    pub fn bytes(&self) -> usize {
        (self.slots.len() + self.records.len()) * 8
    }

    #[inline]
    fn hash(group: u32, word: &[u8]) -> u64 {
        let h = hash_term(word, fingerprint(word))
            ^ u64::from(group).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // Both halves are used (slot index, tag): mix again.
        h.wrapping_mul(0xff51_afd7_ed55_8ccd) ^ (h >> 29)
    }

    #[inline]
    fn prefetch_slot(&self, hash: u64) {
        if !self.slots.is_empty() {
            prefetch(&self.slots[hash as usize & (self.slots.len() - 1)]);
        }
    }

    /// Walks the probe chain of `hash` and returns the first record whose
    /// slot carries the hash's tag and that `accept`s, or [`NOT_FOUND`] at
    /// a free slot.
    #[inline(always)]
    fn probe(&self, hash: u64, accept: impl Fn(u32) -> bool) -> u32 {
        if self.slots.is_empty() {
            return NOT_FOUND;
        }
        let mask = self.slots.len() - 1;
        let tag = hash >> 32;
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return NOT_FOUND;
            }
            if s >> 32 == tag && accept(s as u32 - 1) {
                return s as u32 - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /// The record offset of `(group, word)`, or [`NOT_FOUND`].
    #[inline]
    fn find(&self, hash: u64, group: u32, word: &[u8]) -> u32 {
        self.probe(hash, |at| self.is_at(at, group, word))
    }

    /// The record the slot of `hash` (or the next ones) points at by its
    /// tag alone, with the lines a hit for block `slot` of a `len`-byte
    /// word reads prefetched; [`NOT_FOUND`] for a free slot. Only a guess:
    /// check it with [`WordCache::is_at`].
    #[inline]
    fn candidate(&self, hash: u64, slot: u32, len: usize) -> u32 {
        let at = self.probe(hash, |_| true);
        if at != NOT_FOUND {
            let at = at as usize;
            prefetch(&self.records[self.sums_at(at, slot)]);
            // The header, key and columns, one run of words: a char_wb
            // word of `len` bytes has about `4 * len` n-grams of 2 to 5
            // chars, two per word.
            let r = &self.records[at..];
            let end = (self.head() + len.div_ceil(8) + 2 * len + 2).min(r.len());
            for i in (0..end).step_by(8) {
                prefetch(&r[i]);
            }
            if end > 0 {
                prefetch(&r[end - 1]);
            }
        }
        at
    }

    /// Whether the record at `at` (if any) is the one of `(group, word)`.
    #[inline]
    fn is_at(&self, at: u32, group: u32, word: &[u8]) -> bool {
        if at == NOT_FOUND {
            return false;
        }
        let at = at as usize;
        let meta = self.records[at];
        meta as u32 == group
            && (meta >> KEY_LEN_SHIFT) as u8 as usize == word.len()
            && self.key_matches(at, word)
    }

    fn key_matches(&self, at: usize, word: &[u8]) -> bool {
        let key = &self.records[at + self.head()..];
        word.chunks(8).zip(key).all(|(c, &x)| pack(c) == x)
    }

    /// The norm share and the columns of the record at `at`, and where the
    /// sums of its block `slot` are if they are filled.
    #[inline]
    fn record(&self, at: usize, slot: u32) -> (f64, RecordCols<'_>, Option<usize>) {
        let r = &self.records[at..];
        let meta = r[0];
        let filled = (meta >> FILLED_SHIFT) & (1 << slot) != 0;
        let key_len = (meta >> KEY_LEN_SHIFT) as u8 as usize;
        let n_cols = (meta >> N_COLS_SHIFT) as usize;
        let cols_at = self.head() + key_len.div_ceil(8);
        let cols = RecordCols {
            words: &r[cols_at..cols_at + n_cols.div_ceil(2)],
            odd: n_cols % 2 == 1,
        };
        let sums = filled.then(|| self.sums_at(at, slot));
        (f64::from_bits(r[1]), cols, sums)
    }

    /// The `extra` words of the record at `at`.
    #[inline]
    fn extra(&self, at: usize) -> &[u64] {
        &self.records[at + 2..at + 2 + self.extra]
    }

    /// Words from a record's header to its key: the header (its layout
    /// word and norm share) and the `extra` words.
    #[inline]
    fn head(&self) -> usize {
        2 + self.extra
    }

    /// Where the sums of block `slot` of the record at `at` are: the
    /// sums of its blocks come just before its header.
    #[inline]
    fn sums_at(&self, at: usize, slot: u32) -> usize {
        at - (self.group - slot as usize) * self.k
    }

    /// Stores the sums of block `slot` in the record at `at`.
    fn fill(&mut self, at: usize, slot: u32, sums: &[f64]) {
        let sums_at = self.sums_at(at, slot);
        for (x, &v) in self.records[sums_at..sums_at + self.k].iter_mut().zip(sums) {
            *x = v.to_bits();
        }
        self.records[at] |= 1 << (FILLED_SHIFT + slot);
    }

    /// Adds the record of `(at_block.group, word)` with its norm share,
    /// `extra` words, columns and the sums of block `at_block.slot`
    /// (records hold `per_record` blocks), first emptying the cache when it
    /// is full.
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        hash: u64,
        at_block: BlockAt,
        per_record: usize,
        word: &[u8],
        norm_share: f64,
        extra: &[u64],
        sums: &[f64],
        cols: &[u32],
    ) {
        if self.slots.is_empty() {
            self.slots = vec![0; MIN_SLOTS.min(self.max_slots())];
            // Room up to the byte bound, backed by memory only once used.
            self.records = huge_page_capacity(self.max_bytes.saturating_sub(self.bytes()) / 8);
            self.skew = (self.records.as_ptr() as usize / 8) % 8;
            self.k = sums.len();
            self.group = per_record;
            self.extra = extra.len();
        }
        assert_eq!(
            (self.k, self.group, self.extra),
            (sums.len(), per_record, extra.len()),
            "a word cache serves one output count, block count and record kind"
        );
        if (self.entries + 1) * 2 > self.slots.len() && self.slots.len() < self.max_slots() {
            self.grow_slots();
        }
        assert!(
            word.len() <= WORD_CACHE_MAX_KEY && cols.len() <= u16::MAX as usize,
            "a cached word's key length and column count fit its header"
        );
        // With the padding that puts the header at a line start.
        let words = self.record_len(word.len(), cols.len()) + 7;
        if self.entries >= self.max_entries
            || self.bytes() + words * 8 > self.max_bytes
            || self.records.len() + words > u32::MAX as usize - 1
        {
            self.slots.fill(0);
            self.records.clear();
            self.entries = 0;
            self.generation += 1;
            self.stats.clears += 1;
        }
        let at = self.header_at(self.records.len());
        self.records.resize(at, 0);
        self.records.push(
            u64::from(at_block.group)
                | (word.len() as u64) << KEY_LEN_SHIFT
                | (cols.len() as u64) << N_COLS_SHIFT,
        );
        self.records.push(norm_share.to_bits());
        self.records.extend_from_slice(extra);
        self.records.extend(word.chunks(8).map(pack));
        self.records.extend(
            cols.chunks(2)
                .map(|c| u64::from(c[0]) | u64::from(c.get(1).copied().unwrap_or(0)) << 32),
        );
        self.fill(at, at_block.slot, sums);
        self.entries += 1;
        self.put_slot(hash, at);
    }

    /// Where the header of a record put after the first `end` words of
    /// `records` goes: after the record's sums and the fewest words of
    /// padding that put it at the start of a 64-byte line, so that a hit
    /// reads as few lines as the record's length allows (and sums of 1, 2,
    /// 4 or 8 words never straddle two lines).
    #[inline]
    fn header_at(&self, end: usize) -> usize {
        let at = end + self.k * self.group;
        at + (8 - (at + self.skew) % 8) % 8
    }

    /// Words of a record with a key of `key_len` bytes and `n_cols`
    /// columns, without its padding.
    fn record_len(&self, key_len: usize, n_cols: usize) -> usize {
        self.k * self.group + self.head() + key_len.div_ceil(8) + n_cols.div_ceil(2)
    }

    /// Probe-table size for the entry bound (at most half full).
    fn max_slots(&self) -> usize {
        (self.max_entries * 2).next_power_of_two()
    }

    /// Points a free slot of `hash`'s chain at the record at `at`.
    fn put_slot(&mut self, hash: u64, at: usize) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = (hash >> 32) << 32 | (at as u64 + 1);
    }

    /// Doubles the probe table and re-enters every record (walked in
    /// order: a record's length follows from its header).
    fn grow_slots(&mut self) {
        let n = if self.slots.len() * 2 >= HUGE_SLOTS {
            huge_page_vec(self.slots.len() * 2, 0)
        } else {
            vec![0; self.slots.len() * 2]
        };
        self.slots = n;
        // Records are walked in order (a record's length follows from
        // its header), and each word's hash computed again from its key.
        let mut start = 0;
        let mut key = Vec::with_capacity(WORD_CACHE_MAX_KEY);
        while start < self.records.len() {
            let at = self.header_at(start);
            let meta = self.records[at];
            let key_len = (meta >> KEY_LEN_SHIFT) as u8 as usize;
            let n_cols = (meta >> N_COLS_SHIFT) as usize;
            key.clear();
            let words = &self.records[at + self.head()..][..key_len.div_ceil(8)];
            key.extend(words.iter().flat_map(|w| w.to_le_bytes()));
            key.truncate(key_len);
            self.put_slot(WordCache::hash(meta as u32, &key), at);
            // The record's words after its sums end it.
            start = at + self.record_len(key_len, n_cols) - self.k * self.group;
        }
    }
}

/// First probe-table size of a [`WordCache`] (it doubles as words come, so
/// a small vocabulary keeps its table in the core's own caches).
const MIN_SLOTS: usize = 1 << 12;
/// Probe tables from this many slots up are put on huge pages.
const HUGE_SLOTS: usize = 1 << 18;

/// Up to 8 bytes as a little-endian word, zero-padded.
#[inline]
fn pack(c: &[u8]) -> u64 {
    // Overlapping loads rather than a copy into a zeroed word: the copy
    // (a `memcpy` call of a few bytes) and the wider load after it stalled
    // the key check of every word-cache hit on store forwarding.
    let n = c.len();
    match n {
        0 => 0,
        1..=3 => {
            u64::from(c[0])
                | u64::from(c[n / 2]) << (n / 2 * 8)
                | u64::from(c[n - 1]) << ((n - 1) * 8)
        }
        4..=7 => load_u32(c, 0) | load_u32(c, n - 4) << ((n - 4) * 8),
        _ => load_u64(c, 0),
    }
}

/// One document weighed by [`FittedTfidf::weigh`]: its distinct columns in
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
fn norm_term(norm: Option<Norm>, x: f64) -> f64 {
    match norm {
        Some(Norm::L2) => x * x,
        Some(Norm::L1) => x.abs(),
        None => 0.0,
    }
}

/// The divisor of a row whose [`norm_term`]s sum to `total` (1 for no
/// norm or an all-zero row, which sklearn leaves as it is).
#[inline]
fn finish_norm(norm: Option<Norm>, total: f64) -> f64 {
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

/// A word with no token (it takes no part in bigrams).
const NO_TOKENS: u32 = u32::MAX;
/// A token that is in no bigram of the vocabulary.
const NO_TOKEN_ID: u32 = u32::MAX - 1;
/// `extra` words of a [`WordCache`] record with a word part: its norm share,
/// its first and last token ids and the [`ChunkIndex`] filter of its first
/// token (two words), so that joining the word to the one before reads no
/// other memory.
const CHUNK_EXTRA: usize = 4;

#[inline]
fn pack_ids(first: u32, last: u32) -> u64 {
    u64::from(first) | u64::from(last) << 32
}

/// The bit of token id `id` in a [`ChunkIndex`] filter of 128 bits.
#[inline]
fn left_bit(id: u32) -> usize {
    (u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57) as usize
}

/// Whether `filter` ([`ChunkIndex::filter`]) has the bit of token id `id`.
#[inline]
fn filter_has(filter: [u64; 2], id: u32) -> bool {
    let h = left_bit(id);
    filter[h >> 6] >> (h & 63) & 1 != 0
}

/// Sets the bit of token id `id` in `filter` ([`filter_has`]).
fn filter_add(filter: &mut [u64; 2], id: u32) {
    let h = left_bit(id);
    filter[h >> 6] |= 1 << (h & 63);
}

#[inline]
fn unpack_ids(x: u64) -> (u32, u32) {
    (x as u32, (x >> 32) as u32)
}

/// What scoring a word vectorizer word by word beside a `char_wb` one
/// needs ([`FittedTfidf::score_chunks`]): which n-gram sizes it has, and
/// its bigrams by the ids of their two tokens, so a bigram across two
/// words is one lookup of two ids the words' records hold.
#[derive(Debug, Clone)]
pub struct ChunkIndex {
    unigrams: bool,
    bigrams: bool,
    /// The id of each unigram column's token (`NO_TOKEN_ID` for one in no
    /// bigram), when the vocabulary has unigrams.
    col_ids: Vec<u32>,
    /// The ids of the other tokens of bigrams.
    ids: FxHashMap<Box<str>, u32>,
    /// The bigrams' columns by the ids of their tokens.
    pairs: PairTable,
    /// Per token id, a Bloom filter of the tokens it follows in some
    /// bigram ([`filter_has`]).
    left_of: Vec<[u64; 2]>,
}

/// An open-addressing table from two token ids (`first << 32 | second`)
/// to a bigram's column, whose slot for a pair can be prefetched: a
/// document's bigrams across words are looked up after its words, with
/// their slots fetched meanwhile.
#[derive(Debug, Clone)]
struct PairTable {
    /// `(key, column)`; `EMPTY_PAIR` keys are free.
    slots: Vec<(u64, u32)>,
    /// Bits of the slot index.
    bits: u32,
}

const EMPTY_PAIR: u64 = u64::MAX;

impl PairTable {
    fn new(pairs: &[(u64, u32)]) -> PairTable {
        let n = (pairs.len() * 2).next_power_of_two().max(16);
        let mut t = PairTable {
            // Huge pages: a slot is looked up at random for each word.
            slots: huge_page_vec(n, (EMPTY_PAIR, 0)),
            bits: n.trailing_zeros(),
        };
        for &(key, col) in pairs {
            let mut i = t.slot(key);
            while t.slots[i].0 != EMPTY_PAIR {
                i = (i + 1) & (n - 1);
            }
            t.slots[i] = (key, col);
        }
        t
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize
    }

    #[inline]
    fn prefetch(&self, key: u64) {
        prefetch(&self.slots[self.slot(key)]);
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, col) = self.slots[i];
            if k == key {
                return Some(col);
            }
            if k == EMPTY_PAIR {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

impl ChunkIndex {
    /// The id of `token`, found as `unigram` in the vocabulary.
    #[inline]
    fn id(&self, token: &str, unigram: Option<Hit>) -> u32 {
        if !self.bigrams {
            return NO_TOKEN_ID;
        }
        match unigram {
            Some(h) => self.col_ids[h.col as usize],
            None => self.ids.get(token).copied().unwrap_or(NO_TOKEN_ID),
        }
    }

    /// Whether the bigram `first second` may be in the vocabulary: false
    /// only when it is not (checked without the bigram table, whose
    /// lines are mostly far away in memory). `second` must be an id.
    #[cfg(test)]
    fn may_follow(&self, first: u32, second: u32) -> bool {
        filter_has(self.filter(second), first)
    }

    /// The filter of the tokens `id` follows in some bigram (empty for
    /// `NO_TOKENS` and `NO_TOKEN_ID`).
    #[inline]
    fn filter(&self, id: u32) -> [u64; 2] {
        self.left_of.get(id as usize).copied().unwrap_or([0; 2])
    }

    /// The key of the bigram of two token ids, `None` when either is no
    /// bigram's token.
    #[inline]
    fn pair_key(first: u32, second: u32) -> Option<u64> {
        (first < NO_TOKEN_ID && second < NO_TOKEN_ID).then(|| pack_ids(second, first))
    }
}

/// The word vectorizer of [`FittedTfidf::score_chunks`]: its index, its
/// weight table (`k` per column, as the `char_wb` one's), and where its
/// sums and norm go.
#[derive(Debug)]
pub struct ChunkPart<'a> {
    /// The word vectorizer.
    pub vectorizer: &'a FittedTfidf,
    /// Its [`FittedTfidf::chunk_index`] against the `char_wb` vectorizer.
    pub index: &'a ChunkIndex,
    /// Its weight table.
    pub table: &'a [f32],
    /// Its sums (set by the call).
    pub acc: &'a mut [f64],
    /// Its norm (set by the call).
    pub norm: f64,
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

    /// Whether [`score_words`](Self::score_words) applies: a `char_wb`
    /// vectorizer.
    pub fn scores_words(&self) -> bool {
        self.analyzer.is_char_wb()
    }

    /// The index that lets the `char_wb` vectorizer `wb` score this word
    /// vectorizer word by word beside its own n-grams
    /// ([`score_chunks`](Self::score_chunks)), or `None` when the two do
    /// not split a document alike (see `TextAnalyzer::chunks_with`) or the
    /// columns would not fit in `u32`.
    pub fn chunk_index(&self, wb: &FittedTfidf) -> Option<ChunkIndex> {
        if !self.analyzer.chunks_with(&wb.analyzer)
            || (self.n_features() + wb.n_features()) as u64 >= u64::from(NO_TOKEN_ID)
        {
            return None;
        }
        let (min_n, max_n) = self.params.get_ngram_range();
        let bigrams = max_n >= 2;
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut pairs = Vec::new();
        if bigrams {
            for (col, term) in self.vocabulary.terms().iter().enumerate() {
                // A term of two tokens; one with another space can only
                // come from a token holding a space, which the long way
                // scores.
                let Some((a, b)) = term.split_once(' ') else {
                    continue;
                };
                if a.is_empty() || b.is_empty() || b.contains(' ') {
                    continue;
                }
                let mut id = |t| {
                    let n = ids.len() as u32;
                    *ids.entry(t).or_insert(n)
                };
                let (a, b) = (id(a), id(b));
                pairs.push((pack_ids(b, a), col as u32));
            }
        }
        let n_ids = ids.len();
        // A token that is a unigram term too finds its id by its column.
        let unigrams = min_n <= 1;
        let mut col_ids = vec![NO_TOKEN_ID; if unigrams { self.n_features() } else { 0 }];
        let mut others = FxHashMap::default();
        for (t, id) in ids {
            match self.index.get(t.as_bytes()).filter(|_| unigrams) {
                Some(h) => col_ids[h.col as usize] = id,
                None => {
                    others.insert(Box::from(t), id);
                }
            }
        }
        let mut left_of = vec![[0u64; 2]; n_ids];
        for &(key, _) in &pairs {
            let (second, first) = unpack_ids(key);
            filter_add(&mut left_of[second as usize], first);
        }
        Some(ChunkIndex {
            unigrams,
            bigrams,
            col_ids,
            ids: others,
            pairs: PairTable::new(&pairs),
            left_of,
        })
    }

    /// The linear scores of `doc` against `table` (`k = acc.len()` weights
    /// per column, row-major): sets `acc[o]` to `sum(tf_j * idf_j *
    /// table[j * k + o])` over the document's distinct columns and returns
    /// the row norm to divide it by, as [`weigh`](Self::weigh) followed by
    /// the sum would, but word by word through `cache` (only for a
    /// [`scores_words`](Self::scores_words) vectorizer).
    ///
    /// Each word adds its cached sums, which count every n-gram occurrence
    /// with a term frequency of 1; the columns that occur `t > 1` times in
    /// the document are then corrected: `(tf(t) - t) * idf * w` to the
    /// score and `n(tf(t) * idf) - t * n(idf)` to the norm's sum, with
    /// `n(x) = x^2` for L2 and `x` for L1 (`tf(t)` is `1 + ln t` with
    /// sublinear TF, else `t`). `block` (one of `blocks`) names `table` in
    /// the cache: one cache must always see the same table for a block and
    /// the same `blocks`. The result does not depend on the cache's
    /// contents.
    #[allow(clippy::too_many_arguments)]
    pub fn score_words(
        &self,
        doc: &str,
        s: &mut TfidfScratch,
        cache: &mut WordCache,
        block: u32,
        blocks: u32,
        table: &[f32],
        acc: &mut [f64],
    ) -> f64 {
        self.score_impl(doc, s, cache, block, blocks, table, acc, None)
            .expect("only a word part can ask for the long way")
    }

    /// [`score_words`](Self::score_words) for this `char_wb` vectorizer
    /// and, in the same pass over the words, for the word vectorizer of
    /// `part` (whose [`ChunkIndex`] was built against this one): sets
    /// `acc` and `part.acc` and returns the norms `(this, part's)` to divide
    /// them by. One cache record per word holds both vectorizers' columns
    /// and sums, so a cached word costs one probe for both, without
    /// tokenizing; bigrams across words are found from token ids. `cache`
    /// must be used with one `part` vectorizer (or none) throughout.
    ///
    /// Returns `None`, having changed nothing but the cache, for a document
    /// with a token holding a space (NFKC can make one, for example from
    /// U+FDFA): score it with [`weigh`](Self::weigh) instead.
    #[allow(clippy::too_many_arguments)]
    pub fn score_chunks(
        &self,
        doc: &str,
        s: &mut TfidfScratch,
        cache: &mut WordCache,
        block: u32,
        blocks: u32,
        table: &[f32],
        acc: &mut [f64],
        part: &mut ChunkPart<'_>,
    ) -> Option<(f64, f64)> {
        let norm = self.score_impl(doc, s, cache, block, blocks, table, acc, Some(part))?;
        Some((norm, part.norm))
    }

    #[allow(clippy::too_many_arguments)]
    fn score_impl(
        &self,
        doc: &str,
        s: &mut TfidfScratch,
        cache: &mut WordCache,
        block: u32,
        blocks: u32,
        table: &[f32],
        acc: &mut [f64],
        part: Option<&mut ChunkPart<'_>>,
    ) -> Option<f64> {
        let mut staged = std::mem::take(&mut s.staged);
        self.stage_words(doc, cache, block, blocks, &mut staged);
        self.stage_records(cache, &mut staged);
        let norm = self.score_staged(&staged, s, cache, table, acc, part);
        s.staged = staged;
        norm
    }

    /// The first step of scoring `doc` ahead of its turn
    /// ([`score_staged`](Self::score_staged)): preprocesses it into
    /// `staged`, splits and hashes its words and asks for their slots of
    /// `cache`, so that they are on their way while other documents are
    /// scored. `block` and `blocks` are as for
    /// [`score_words`](Self::score_words).
    pub fn stage_words(
        &self,
        doc: &str,
        cache: &WordCache,
        block: u32,
        blocks: u32,
        staged: &mut StagedDoc,
    ) {
        debug_assert!(self.scores_words());
        let StagedDoc {
            analyzer,
            words,
            block: staged_block,
            blocks: staged_blocks,
            generation,
        } = staged;
        (*staged_block, *staged_blocks, *generation) = (block, blocks, None);
        let text = self.analyzer.preprocessed(doc, analyzer);
        let group = BlockAt::new(block, blocks).group;
        words.clear();
        for w in TextAnalyzer::wb_words(text) {
            let b = w.as_bytes();
            let hash = WordCache::hash(group, b);
            cache.prefetch_slot(hash);
            words.push(WordRef {
                start: (b.as_ptr() as usize - text.as_ptr() as usize) as u32,
                len: b.len() as u32,
                hash,
                found: NOT_FOUND,
            });
        }
    }

    /// The second step, after [`stage_words`](Self::stage_words) (best a
    /// document or so later, when the slots have come): reads the words'
    /// slots of `cache` and asks for the records they point at. Finding
    /// them is only a guess, checked when the document is scored, so
    /// `cache` may change in between.
    pub fn stage_records(&self, cache: &WordCache, staged: &mut StagedDoc) {
        let slot = BlockAt::new(staged.block, staged.blocks).slot;
        for w in staged.words.iter_mut() {
            if w.len as usize <= WORD_CACHE_MAX_KEY {
                w.found = cache.candidate(w.hash, slot, w.len as usize);
            }
        }
        staged.generation = Some(cache.generation);
    }

    /// [`score_words`](Self::score_words) (`part` `None`) or
    /// [`score_chunks`](Self::score_chunks) (the word vectorizer's norm
    /// left in `part.norm`) of a document staged by
    /// [`stage_words`](Self::stage_words) and, optionally,
    /// [`stage_records`](Self::stage_records), with the same `cache`. The
    /// result is that of scoring the document in one go: staging only
    /// fetches memory early.
    pub fn score_staged(
        &self,
        staged: &StagedDoc,
        s: &mut TfidfScratch,
        cache: &mut WordCache,
        table: &[f32],
        acc: &mut [f64],
        mut part: Option<&mut ChunkPart<'_>>,
    ) -> Option<f64> {
        debug_assert!(self.scores_words());
        let k = acc.len();
        acc.fill(0.0);
        let norm = self.params.norm;
        let w_norm = part.as_ref().and_then(|p| p.vectorizer.params.norm);
        let mut total = 0.0;
        let mut total_w = 0.0;
        let TfidfScratch {
            word,
            counts,
            cols,
            weights: sums,
            stamps,
            stamp,
            repeats,
            toks,
            tok_spans,
            lookups,
            pair_keys,
            ..
        } = s;
        counts.clear();
        // Columns of the word vectorizer follow this one's: `nc + col`.
        let nc = self.n_features();
        let (k2, extra_len) = match &mut part {
            Some(p) => {
                assert_eq!(p.acc.len(), k, "both parts have the same outputs");
                p.acc.fill(0.0);
                (2 * k, CHUNK_EXTRA)
            }
            None => (k, 0),
        };
        let n_cols = nc + part.as_ref().map_or(0, |p| p.vectorizer.n_features());
        if stamps.len() < n_cols {
            stamps.resize(n_cols, 0);
        }
        *stamp = stamp.wrapping_add(1);
        if *stamp == 0 {
            stamps.fill(0);
            *stamp = 1;
        }
        let cur = *stamp;
        let text = staged.analyzer.text();
        let words = &staged.words;
        let at_block = BlockAt::new(staged.block, staged.blocks);
        let per_record = staged.blocks.clamp(1, BLOCKS_PER_RECORD as u32) as usize;
        let generation = staged.generation;
        // Every column occurrence is stamped with this document's stamp;
        // one already stamped is a repeat and goes to `repeats` (counted
        // after the words, so a column's term frequency is its repeats +
        // 1). Written without branches: `repeats` keeps its slot only for
        // a repeat, and `n_doc` (the occurrences so far) bounds its length.
        // A macro rather than a closure: it runs for every n-gram
        // occurrence.
        let (mut n_doc, mut n_rep) = (0usize, 0usize);
        macro_rules! reserve {
            ($n:expr) => {{
                let need = n_doc + $n;
                if repeats.len() < need {
                    repeats.resize(need.next_power_of_two(), 0);
                }
            }};
        }
        macro_rules! add {
            ($col:expr) => {{
                let col: u32 = $col;
                let old = stamps[col as usize];
                stamps[col as usize] = cur;
                n_doc += 1;
                debug_assert!(n_rep < n_doc && n_doc <= repeats.len(), "room was reserved");
                // SAFETY: `reserve!` gives `repeats` room for every
                // occurrence before it is added (so `n_doc <=
                // repeats.len()`), and `n_rep`, the repeats among the
                // occurrences before this one, is below `n_doc`. Without
                // the bounds check the in-cache file took 1.50 s instead
                // of 1.56 (median of five, alternating).
                unsafe { *repeats.get_unchecked_mut(n_rep) = col };
                n_rep += usize::from(old == cur);
            }};
        }
        macro_rules! add_cached {
            ($cols:expr) => {{
                let (full, last) = $cols.halves();
                reserve!(full.len() * 2 + 1);
                for &x in full {
                    add!(x as u32);
                    add!((x >> 32) as u32);
                }
                if let Some(x) = last {
                    add!(x as u32);
                }
            }};
        }
        // The word part: the last token id of the words before, and the
        // step that joins a word to them: the bigram across the two is
        // looked up after the words (its slot is fetched meanwhile), unless
        // the right token's filter (in the word's `extra`) shows it is no
        // bigram.
        let mut prev_id = NO_TOKEN_ID;
        pair_keys.clear();
        macro_rules! join {
            ($extra:expr) => {{
                if let Some(p) = part.as_deref() {
                    let extra: &[u64] = $extra;
                    let (first, last) = unpack_ids(extra[1]);
                    if first != NO_TOKENS {
                        if let Some(key) = ChunkIndex::pair_key(prev_id, first)
                            .filter(|_| filter_has([extra[2], extra[3]], prev_id))
                        {
                            p.index.pairs.prefetch(key);
                            pair_keys.push(key);
                        }
                        prev_id = last;
                    }
                }
            }};
        }
        for w in words.iter() {
            let b = &text.as_bytes()[w.start as usize..][..w.len as usize];
            let cacheable = b.len() <= WORD_CACHE_MAX_KEY;
            let mut at = NOT_FOUND;
            if cacheable {
                at = if Some(cache.generation) == generation
                    && cache.is_at(w.found, at_block.group, b)
                {
                    w.found
                } else {
                    // A tag collision, a word added by an earlier word of
                    // this document, or an emptied cache.
                    cache.find(w.hash, at_block.group, b)
                };
            }
            if at != NOT_FOUND {
                cache.stats.hits += 1;
                let (share, cached_cols, sums_at) = cache.record(at as usize, at_block.slot);
                total += share;
                let mut extra = [0u64; CHUNK_EXTRA];
                if part.is_some() {
                    extra.copy_from_slice(cache.extra(at as usize));
                    total_w += f64::from_bits(extra[0]);
                }
                if let Some(o) = sums_at {
                    let filled = &cache.records[o..o + k2];
                    add_bits(acc, filled);
                    if let Some(p) = part.as_deref_mut() {
                        add_bits(p.acc, &filled[k..]);
                    }
                    add_cached!(cached_cols);
                    join!(&extra);
                    continue;
                }
                // The first row of this block to meet the word: its sums
                // from the stored columns, in the order a miss adds them.
                sums.clear();
                sums.resize(k2, 0.0);
                cached_cols.each(|col| {
                    let (idf, coef, into) = match part.as_deref() {
                        Some(p) if col as usize >= nc => {
                            let col = col as usize - nc;
                            let idf = p.vectorizer.idf.as_ref().map_or(1.0, |idf| idf[col]);
                            (idf, &p.table[col * k..][..k], &mut sums[k..])
                        }
                        _ => {
                            let idf = self.idf.as_ref().map_or(1.0, |idf| idf[col as usize]);
                            (idf, &table[col as usize * k..][..k], &mut sums[..k])
                        }
                    };
                    add_scaled(into, idf, coef);
                });
                for (a, &x) in acc.iter_mut().zip(sums.iter()) {
                    *a += x;
                }
                if let Some(p) = part.as_deref_mut() {
                    for (a, &x) in p.acc.iter_mut().zip(&sums[k..]) {
                        *a += x;
                    }
                }
                add_cached!(cached_cols);
                cache.fill(at as usize, at_block.slot, sums);
                cache.stats.fills += 1;
                join!(&extra);
                continue;
            }
            cache.stats.misses += 1;
            cols.clear();
            sums.clear();
            sums.resize(k2, 0.0);
            let mut share = 0.0;
            let hash = w.hash;
            let w = &text[w.start as usize..][..w.len as usize];
            // The word's tokens (with a word part) and n-grams are looked
            // up in two steps, so that their cache misses overlap: every
            // lookup is started (its slot fetched), then each is finished
            // in order.
            toks.clear();
            tok_spans.clear();
            lookups.clear();
            if let Some(p) = part.as_deref() {
                let mut spaced = false;
                p.vectorizer.analyzer.chunk_tokens(w, word, |t| {
                    spaced |= t.contains(' ');
                    if !toks.is_empty() {
                        toks.push(' ');
                    }
                    let start = toks.len() as u32;
                    toks.push_str(t);
                    tok_spans.push((start, toks.len() as u32));
                });
                if spaced {
                    // The document's token n-grams are not those of its
                    // words' tokens: each is scored the long way (the
                    // next document takes a new stamp).
                    return None;
                }
                if p.index.unigrams {
                    for &(a, b) in tok_spans.iter() {
                        let t = &toks.as_bytes()[a as usize..b as usize];
                        lookups.push(Lookup::start(&p.vectorizer.index, t));
                    }
                }
            }
            let n_unigrams = lookups.len();
            self.analyzer.wb_word_terms(w, word, |t| {
                lookups.push(Lookup::start(&self.index, t.as_bytes()));
            });
            for l in &lookups[n_unigrams..] {
                if let Some(h) = l.finish(&self.index) {
                    cols.push(h.col);
                    add_scaled(&mut sums[..k], h.idf, &table[h.col as usize * k..][..k]);
                    share += norm_term(norm, h.idf);
                }
            }
            let mut extra = [0u64; CHUNK_EXTRA];
            if let Some(p) = part.as_deref_mut() {
                // The word's tokens: unigram and bigram columns within it,
                // after its n-grams' (a hit adds them in this order too).
                let (v, index) = (p.vectorizer, p.index);
                let mut share_w = 0.0;
                let mut count = |h: Option<Hit>, cols: &mut Vec<u32>, sums: &mut Vec<f64>| {
                    if let Some(h) = h {
                        cols.push(nc as u32 + h.col);
                        add_scaled(&mut sums[k..], h.idf, &p.table[h.col as usize * k..][..k]);
                        share_w += norm_term(w_norm, h.idf);
                    }
                };
                let (mut first, mut last) = (NO_TOKENS, NO_TOKENS);
                for (i, &(a, b)) in tok_spans.iter().enumerate() {
                    let unigram = lookups[..n_unigrams]
                        .get(i)
                        .and_then(|l| l.finish(&v.index));
                    count(unigram, cols, sums);
                    if index.bigrams && i > 0 {
                        // Joined by one space in `toks`, as a bigram term.
                        let bigram = &toks.as_bytes()[tok_spans[i - 1].0 as usize..b as usize];
                        count(v.index.get(bigram), cols, sums);
                    }
                    let id = index.id(&toks[a as usize..b as usize], unigram);
                    if i == 0 {
                        first = id;
                    }
                    last = id;
                }
                for (a, &x) in p.acc.iter_mut().zip(&sums[k..]) {
                    *a += x;
                }
                total_w += share_w;
                let [f0, f1] = index.filter(first);
                extra = [share_w.to_bits(), pack_ids(first, last), f0, f1];
            }
            for (a, &x) in acc.iter_mut().zip(sums.iter()) {
                *a += x;
            }
            total += share;
            reserve!(cols.len());
            for &col in cols.iter() {
                add!(col);
            }
            if cacheable {
                cache.insert(
                    hash,
                    at_block,
                    per_record,
                    w.as_bytes(),
                    share,
                    &extra[..extra_len],
                    sums,
                    cols,
                );
            }
            join!(&extra);
        }
        if let Some(p) = part.as_deref_mut() {
            // The bigrams' columns, with their weights and IDF fetched
            // before they are used.
            let mut n = 0;
            for i in 0..pair_keys.len() {
                if let Some(col) = p.index.pairs.get(pair_keys[i]) {
                    prefetch(&p.table[col as usize * k]);
                    if let Some(idf) = &p.vectorizer.idf {
                        prefetch(&idf[col as usize]);
                    }
                    pair_keys[n] = u64::from(col);
                    n += 1;
                }
            }
            reserve!(n);
            let idfs = p.vectorizer.idf.as_deref();
            for &col in &pair_keys[..n] {
                let col = col as u32;
                let idf = idfs.map_or(1.0, |idf| idf[col as usize]);
                add_scaled(p.acc, idf, &p.table[col as usize * k..][..k]);
                total_w += norm_term(w_norm, idf);
                add!(nc as u32 + col);
            }
            debug_assert!(n_rep <= n_doc, "repeats are occurrences");
        }
        for &col in &repeats[..n_rep] {
            if counts.bump(col) == 1 {
                // Its weights and IDF are needed for the correction.
                let (v, table, col) = match part.as_deref() {
                    Some(p) if col as usize >= nc => (p.vectorizer, p.table, col as usize - nc),
                    _ => (self, table, col as usize),
                };
                prefetch(&table[col * k]);
                if let Some(idf) = &v.idf {
                    prefetch(&idf[col]);
                }
            }
        }
        for e in &counts.entries {
            let t = f64::from(e.count + 1);
            let (v, table, acc, total, norm, col) = match part.as_deref_mut() {
                Some(p) if e.col as usize >= nc => (
                    p.vectorizer,
                    p.table,
                    &mut *p.acc,
                    &mut total_w,
                    w_norm,
                    e.col as usize - nc,
                ),
                _ => (self, table, &mut *acc, &mut total, norm, e.col as usize),
            };
            let sublinear_tf = v.params.sublinear_tf;
            let tf = if sublinear_tf {
                sublinear(e.count + 1)
            } else {
                t
            };
            let idf = v.idf.as_ref().map_or(1.0, |idf| idf[col]);
            if sublinear_tf {
                let d = (tf - t) * idf;
                add_scaled(acc, d, &table[col * k..][..k]);
            }
            *total += norm_term(norm, tf * idf) - t * norm_term(norm, idf);
        }
        if let Some(p) = part {
            p.norm = finish_norm(w_norm, total_w);
        }
        Some(finish_norm(norm, total))
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
    fn pack_is_the_zero_padded_little_endian_word() {
        // Every length a key chunk can have, with bytes that differ at
        // every position (a byte from the wrong place shows).
        let bytes: Vec<u8> = (0..8u8)
            .map(|i| 0x81u8.wrapping_add(i.wrapping_mul(0x35)))
            .collect();
        for n in 0..=8 {
            let c = &bytes[..n];
            let mut want = [0u8; 8];
            want[..n].copy_from_slice(c);
            assert_eq!(pack(c), u64::from_le_bytes(want), "{n} bytes");
        }
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
    fn term_index_finds_every_term_and_only_those() {
        // Short terms (fingerprint alone), 4-7 and 8-16 byte terms
        // (overlapping loads), and long terms that share their first and
        // last 8 bytes (full comparison).
        let mut terms: Vec<String> = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "ação",
            "abcdefg",
            "abcdefgh",
            "abcdefghijklmnop",
            "missile defense system",
            "missile xxxxxx system",
            "é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        terms.sort();
        let idf: Vec<f64> = (0..terms.len()).map(|j| 1.5 + j as f64).collect();
        let index = TermIndex::new(&terms, Some(&idf));
        for (j, t) in terms.iter().enumerate() {
            let want = Hit {
                col: j as u32,
                idf: idf[j],
            };
            assert_eq!(index.get(t.as_bytes()), Some(want), "{t:?}");
            if t.len() <= 16 {
                let p = index.start_short(t.as_bytes());
                assert_eq!(index.get_short(p), Some(want), "{t:?}");
            }
        }
        for miss in [
            "b",
            "ba",
            "abd",
            "abce",
            "abcdefgi",
            "abcdefghijklmnoq",
            "missile yyyyyy system",
            "missile defense systen",
            "ação ",
            "e",
        ] {
            assert_eq!(index.get(miss.as_bytes()), None, "{miss:?}");
            if miss.len() <= 16 {
                let p = index.start_short(miss.as_bytes());
                assert_eq!(index.get_short(p), None, "{miss:?}");
            }
        }
        assert_eq!(TermIndex::new(&[], None).get(b"x"), None);
        let plain = TermIndex::new(&terms, None);
        assert_eq!(plain.get(b"abc").map(|h| h.idf), Some(1.0));
    }

    /// Distinct columns with counts in order of first occurrence, as a
    /// naive scan finds them.
    fn naive_counts(cols: &[u32]) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for &c in cols {
            match out.iter_mut().find(|(k, _)| *k == c) {
                Some(e) => e.1 += 1,
                None => out.push((c, 1)),
            }
        }
        out
    }

    proptest::proptest! {
        /// One table reused over many documents (growing, cleared by
        /// filling or by probing, and after reordering) counts each exactly.
        #[test]
        fn col_counts_match_a_naive_count(
            docs in proptest::collection::vec(
                proptest::collection::vec(0u32..3000, 0..700), 1..6),
            sort_some in proptest::bool::ANY,
        ) {
            let mut counts = ColCounts::default();
            for (d, cols) in docs.iter().enumerate() {
                counts.clear();
                let mut new = Vec::new();
                for &c in cols {
                    counts.add(Hit { col: c, idf: f64::from(c) }, &mut |c| new.push(c));
                }
                let got: Vec<(u32, u32)> =
                    counts.entries.iter().map(|e| (e.col, e.count)).collect();
                let want = naive_counts(cols);
                proptest::prop_assert_eq!(&got, &want);
                let first: Vec<u32> = want.iter().map(|e| e.0).collect();
                proptest::prop_assert_eq!(new, first);
                proptest::prop_assert!(counts.entries.iter().all(|e| e.idf == f64::from(e.col)));
                if sort_some && d % 2 == 1 {
                    counts.clear_table();
                    counts.entries.sort_unstable_by_key(|e| e.col);
                }
            }
        }
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
    fn word_cache_grows_its_probe_table_and_finds_every_word() {
        // 5,000 distinct words: more than half of the first table, so it
        // doubles (twice) while words are added.
        let words: Vec<String> = (0..5000)
            .map(|i| format!("w{i}x{}", i * 7919 % 1000))
            .collect();
        let docs: Vec<String> = words.chunks(10).map(|c| c.join(" ")).collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let f = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 4)
            .fit(&refs)
            .unwrap();
        let k = 2;
        let table: Vec<f32> = (0..f.n_features() * k)
            .map(|i| (i % 7) as f32 - 3.0)
            .collect();
        let mut s = TfidfScratch::default();
        let mut cache = WordCache::default();
        let mut first = Vec::new();
        for doc in &refs {
            let mut acc = vec![0.0; k];
            let norm = f.score_words(doc, &mut s, &mut cache, 0, 1, &table, &mut acc);
            first.push((norm, acc));
        }
        assert_eq!(cache.len(), 5000);
        assert_eq!(cache.stats().misses, 5000);
        assert_eq!(cache.slots.len(), 16384, "grown to stay at most half full");
        assert!(cache.bytes() <= WORD_CACHE_BYTES);
        // Every record's header starts a 64-byte line.
        let base = cache.records.as_ptr() as usize;
        for &slot in cache.slots.iter().filter(|&&x| x != 0) {
            let at = (slot as u32 - 1) as usize;
            assert_eq!((base + 8 * at) % 64, 0, "header at word {at}");
        }
        for (doc, want) in refs.iter().zip(&first) {
            let mut acc = vec![0.0; k];
            let norm = f.score_words(doc, &mut s, &mut cache, 0, 1, &table, &mut acc);
            assert_eq!(&(norm, acc), want, "{doc:?}");
        }
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.clears), (5000, 5000, 0));
    }

    #[test]
    fn score_words_matches_weigh_for_every_tf_and_norm() {
        let train = [
            "the vote passed ünïcode ü",
            "the vote failed 😀😀😀😀😀",
            "a vote on trade aaaa",
            "trade talks resumed nanana",
        ];
        let long = "trade".repeat(20);
        let docs = [
            "the vote vote passed on trade",
            "aaaaaa nanana anana the the",
            "ünïcode 😀😀😀😀😀😀 ü ü",
            "",
            "   ",
            "nothing known",
            &long,
        ];
        let k = 3;
        for (sublinear_tf, norm, use_idf) in [
            (true, Some(Norm::L2), true),
            (false, Some(Norm::L2), true),
            (true, Some(Norm::L1), true),
            (false, Some(Norm::L1), false),
            (true, None, true),
            (false, None, false),
        ] {
            let f = TfidfParams::new()
                .analyzer(Analyzer::CharWb)
                .ngram_range(2, 5)
                .sublinear_tf(sublinear_tf)
                .norm(norm)
                .use_idf(use_idf)
                .fit(&train)
                .unwrap();
            assert!(f.scores_words());
            let n = f.n_features();
            let table: Vec<f32> = (0..n * k).map(|i| ((i * 37) % 11) as f32 - 5.0).collect();
            let (mut s, mut s2) = (TfidfScratch::default(), TfidfScratch::default());
            let mut cache = WordCache::default();
            let mut tiny = WordCache::new(1, 1 << 20);
            for doc in docs {
                let w = f.weigh(doc, &mut s, |_| {});
                let mut want = vec![0.0; k];
                for (&col, &x) in w.cols.iter().zip(w.weights) {
                    for (o, a) in want.iter_mut().enumerate() {
                        *a += x * f64::from(table[col as usize * k + o]);
                    }
                }
                let want_norm = w.norm;
                let mut acc = vec![0.0; k];
                let norm_got = f.score_words(doc, &mut s2, &mut cache, 7, 9, &table, &mut acc);
                let what = format!("{doc:?} sublinear {sublinear_tf} {norm:?} idf {use_idf}");
                assert!((norm_got - want_norm).abs() < 1e-9 * want_norm, "{what}");
                for (g, e) in acc.iter().zip(&want) {
                    assert!(
                        (g - e).abs() < 1e-9 * (1.0 + e.abs()),
                        "{what}: {acc:?} vs {want:?}"
                    );
                }
                // Again from the cache, and through a cache of one word.
                let mut again = vec![0.0; k];
                let n2 = f.score_words(doc, &mut s2, &mut cache, 7, 9, &table, &mut again);
                let mut evicted = vec![0.0; k];
                let n3 = f.score_words(doc, &mut s2, &mut tiny, 7, 9, &table, &mut evicted);
                assert_eq!((n2, &again), (norm_got, &acc), "{what}");
                assert_eq!((n3, &evicted), (norm_got, &acc), "{what}");
            }
            assert!(cache.stats().hits > 0 && tiny.stats().clears > 0);
        }
        // One word's n-gram columns repeat: " aaaaaa " has "aa" five times.
        let f = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 2)
            .norm(None)
            .use_idf(false)
            .sublinear_tf(true)
            .fit(&["aa"])
            .unwrap();
        let v = f.vocabulary();
        let mut table = vec![0f32; f.n_features()];
        table[v.get("aa").unwrap() as usize] = 1.0;
        let mut acc = [0.0];
        let mut cache = WordCache::default();
        let norm = f.score_words(
            "aaaaaa aa",
            &mut TfidfScratch::default(),
            &mut cache,
            0,
            1,
            &table,
            &mut acc,
        );
        assert_eq!(norm, 1.0);
        assert!((acc[0] - (1.0 + 6f64.ln())).abs() < 1e-12, "{acc:?}");
    }

    #[test]
    fn score_words_stamps_wrap_without_false_repeats() {
        // 700 documents through one scratch: the per-column stamps wrap
        // (every 255 documents) twice. "alpha" (no letter of the other
        // words) comes back exactly when the stamp it was last seen with
        // does, so a stale stamp would count its n-grams as repeats.
        let words = ["vote", "tory", "union", "mixed", "tune", "noon"];
        let docs: Vec<String> = (0..700)
            .map(|i| {
                let mut d: Vec<&str> = (0..1 + i % 5)
                    .map(|j| words[(i * 7 + j * 3) % words.len()])
                    .collect();
                if i % 255 == 0 {
                    d.push("alpha");
                }
                d.join(" ")
            })
            .collect();
        let f = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 4)
            .sublinear_tf(true)
            .fit(&["vote tory union mixed tune noon alpha"])
            .unwrap();
        let k = 2;
        let table: Vec<f32> = (0..f.n_features() * k)
            .map(|i| ((i * 13) % 9) as f32 - 4.0)
            .collect();
        let (mut s, mut s2) = (TfidfScratch::default(), TfidfScratch::default());
        let mut cache = WordCache::default();
        for (i, doc) in docs.iter().enumerate() {
            let w = f.weigh(doc, &mut s, |_| {});
            let mut want = vec![0.0; k];
            for (&col, &x) in w.cols.iter().zip(w.weights) {
                for (o, a) in want.iter_mut().enumerate() {
                    *a += x * f64::from(table[col as usize * k + o]);
                }
            }
            let mut acc = vec![0.0; k];
            let norm = f.score_words(doc, &mut s2, &mut cache, 0, 1, &table, &mut acc);
            assert!((norm - w.norm).abs() < 1e-9 * w.norm, "doc {i} {doc:?}");
            for (g, e) in acc.iter().zip(&want) {
                assert!((g - e).abs() < 1e-9 * (1.0 + e.abs()), "doc {i} {doc:?}");
            }
        }
    }

    #[test]
    fn score_words_shares_a_word_between_blocks() {
        // Ten blocks: 0-7 share one record per word, 8-9 another. Each
        // block has its own table; interleaving them fills a word's record
        // block by block from its stored columns.
        let f = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 4)
            .sublinear_tf(true)
            .fit(&["the vote passed", "trade talks on the vote", "a vote"])
            .unwrap();
        let (n, k, blocks) = (f.n_features(), 2, 10u32);
        let tables: Vec<Vec<f32>> = (0..blocks as usize)
            .map(|b| {
                (0..n * k)
                    .map(|i| ((i * 7 + b * 13) % 17) as f32 - 8.0)
                    .collect()
            })
            .collect();
        let docs = ["the vote the vote", "trade vote", "passed talks the"];
        let mut cache = WordCache::default();
        let mut s = TfidfScratch::default();
        for &b in &[3u32, 0, 9, 3, 8, 7, 0, 9] {
            let table = &tables[b as usize];
            for doc in docs {
                let mut got = vec![0.0; k];
                let norm = f.score_words(doc, &mut s, &mut cache, b, blocks, table, &mut got);
                // The same with an empty cache: bit for bit.
                let mut fresh = vec![0.0; k];
                let norm_fresh = f.score_words(
                    doc,
                    &mut TfidfScratch::default(),
                    &mut WordCache::default(),
                    b,
                    blocks,
                    table,
                    &mut fresh,
                );
                assert_eq!((norm, &got), (norm_fresh, &fresh), "block {b} {doc:?}");
                // And the sum over weigh's columns, up to rounding.
                let mut ws = TfidfScratch::default();
                let w = f.weigh(doc, &mut ws, |_| {});
                for (o, g) in got.iter().enumerate() {
                    let want: f64 = w
                        .cols
                        .iter()
                        .zip(w.weights)
                        .map(|(&c, &x)| x * f64::from(table[c as usize * k + o]))
                        .sum();
                    assert!((g - want).abs() < 1e-9 * (1.0 + want.abs()), "block {b}");
                }
                assert!((norm - w.norm).abs() < 1e-12 * w.norm);
            }
        }
        let st = cache.stats();
        // Every word was computed once per group (0 and 1) and filled for
        // the group's other blocks: 5 distinct words, blocks 0, 3, 7 in
        // group 0 and 8, 9 in group 1.
        assert_eq!((st.misses, st.fills), (5 * 2, 5 * 2 + 5));
    }

    /// `doc`'s sums against `table` and its norm through `weigh`.
    fn weighed_sums(f: &FittedTfidf, doc: &str, table: &[f32], k: usize) -> (Vec<f64>, f64) {
        let mut s = TfidfScratch::default();
        let w = f.weigh(doc, &mut s, |_| {});
        let mut acc = vec![0.0; k];
        for (&col, &x) in w.cols.iter().zip(w.weights) {
            for (o, a) in acc.iter_mut().enumerate() {
                *a += x * f64::from(table[col as usize * k + o]);
            }
        }
        (acc, w.norm)
    }

    /// A `char_wb` and a word vectorizer scored together.
    struct Pair {
        c: FittedTfidf,
        w: FittedTfidf,
        index: ChunkIndex,
        /// Per block: the `char_wb` table and the word one.
        tables: Vec<(Vec<f32>, Vec<f32>)>,
    }

    const PAIR_K: usize = 3;

    impl Pair {
        fn new(c: FittedTfidf, w: FittedTfidf, blocks: usize) -> Pair {
            let index = w.chunk_index(&c).expect("the pair splits alike");
            let table = |n: usize, b: usize| -> Vec<f32> {
                (0..n * PAIR_K)
                    .map(|i| ((i * 37 + b * 11) % 13) as f32 - 6.0)
                    .collect()
            };
            let tables = (0..blocks)
                .map(|b| (table(c.n_features(), b), table(w.n_features(), b + 5)))
                .collect();
            Pair {
                c,
                w,
                index,
                tables,
            }
        }

        /// `score_chunks` of `doc` in `block`: the sums and norms of both.
        fn score(
            &self,
            doc: &str,
            s: &mut TfidfScratch,
            cache: &mut WordCache,
            block: usize,
        ) -> Option<(Vec<f64>, f64, Vec<f64>, f64)> {
            let (tc, tw) = &self.tables[block];
            let (mut acc, mut acc_w) = (vec![0.0; PAIR_K], vec![0.0; PAIR_K]);
            let mut part = ChunkPart {
                vectorizer: &self.w,
                index: &self.index,
                table: tw,
                acc: &mut acc_w,
                norm: 0.0,
            };
            let blocks = self.tables.len() as u32;
            let (nc, nw) = self.c.score_chunks(
                doc,
                s,
                cache,
                block as u32,
                blocks,
                tc,
                &mut acc,
                &mut part,
            )?;
            Some((acc, nc, acc_w, nw))
        }

        /// Checks `doc` in `block` against `weigh` of each vectorizer, and
        /// bit for bit through `cache`, a fresh cache and `tiny`. Returns
        /// false when the document must take the long way.
        fn check(
            &self,
            doc: &str,
            s: &mut TfidfScratch,
            cache: &mut WordCache,
            tiny: &mut WordCache,
            block: usize,
            what: &str,
        ) -> bool {
            let Some(got) = self.score(doc, s, cache, block) else {
                return false;
            };
            let (tc, tw) = &self.tables[block];
            let (want_c, norm_c) = weighed_sums(&self.c, doc, tc, PAIR_K);
            let (want_w, norm_w) = weighed_sums(&self.w, doc, tw, PAIR_K);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
            let what = format!(
                "{what} block {block} {doc:?}: {got:?} vs {want_c:?} {norm_c} {want_w:?} {norm_w}"
            );
            assert!(close(got.1, norm_c) && close(got.3, norm_w), "{what}");
            for (g, e) in got.0.iter().zip(&want_c).chain(got.2.iter().zip(&want_w)) {
                assert!(close(*g, *e), "{what}");
            }
            let again = self.score(doc, s, cache, block);
            let fresh = self.score(
                doc,
                &mut TfidfScratch::default(),
                &mut WordCache::default(),
                block,
            );
            let evicted = self.score(doc, s, tiny, block);
            assert_eq!(again.as_ref(), Some(&got), "{what}");
            assert_eq!(fresh.as_ref(), Some(&got), "{what}");
            assert_eq!(evicted.as_ref(), Some(&got), "{what}");
            true
        }
    }

    #[test]
    fn score_chunks_matches_weigh_of_both_vectorizers() {
        let train = [
            "The U.S.-backed plan passed on Monday, officials said.The vote was close.",
            "China's ministry rejected the plan; #THAAD @seoul http://example.org/a b",
            "Trade talks on the plan resumed \u{2014} 1,000 delegates, 3.5 days. Don't stop.",
            "\u{6771}\u{4eac} talks: the plan, the vote! \u{fc}n\u{ef}code aaaa",
            // NFKC makes U+FDFA four words: one token holding spaces.
            "\u{fdfa} plan talks",
        ];
        let long = "trade".repeat(20);
        let docs = [
            "the plan the plan passed on the vote",
            "The U.S.-backed   plan\u{a0}said.The vote\n\ntalks",
            "China's #THAAD plan \u{2014} talks on 1,000",
            "plan",
            "",
            " \t ",
            "a b c vote",
            "\u{fdfa} plan talks",
            "vote\u{2014}plan talks\u{2014}plan",
            &long,
            "\u{6771}\u{4eac}\u{6771} talks don't stop the vote",
            // U+001C separates words for char_wb (Python's isspace) and
            // for the tokenizer, a URL included.
            "http://example.org/a\u{1c}plan talks",
            "nothing here is known",
        ];
        let tokenizers = [TokenizerKind::Stance, TokenizerKind::sklearn_default()];
        let mut long_ways = 0;
        for tokenizer in &tokenizers {
            for ngram in [(1, 1), (1, 2), (2, 2)] {
                for stop in [vec![], vec!["the".to_string(), "on".to_string()]] {
                    for (sublinear_tf, norm, use_idf) in [
                        (true, Some(Norm::L2), true),
                        (false, Some(Norm::L1), false),
                        (true, None, true),
                    ] {
                        let c = TfidfParams::new()
                            .analyzer(Analyzer::CharWb)
                            .ngram_range(2, 5)
                            .sublinear_tf(!sublinear_tf)
                            .fit(&train)
                            .unwrap();
                        let w = TfidfParams::new()
                            .tokenizer(tokenizer.clone())
                            .ngram_range(ngram.0, ngram.1)
                            .stop_words(stop.clone())
                            .sublinear_tf(sublinear_tf)
                            .norm(norm)
                            .use_idf(use_idf)
                            .fit(&train)
                            .unwrap();
                        let pair = Pair::new(c, w, 10);
                        let what = format!(
                            "{tokenizer:?} {ngram:?} {stop:?} {sublinear_tf} {norm:?} {use_idf}"
                        );
                        let mut s = TfidfScratch::default();
                        let mut cache = WordCache::default();
                        let mut tiny = WordCache::new(1, 1 << 20);
                        // Blocks 7 and 0 share records (filled from the
                        // stored columns), 9 is in another group.
                        for block in [7, 0, 9, 7] {
                            for doc in docs {
                                if !pair.check(doc, &mut s, &mut cache, &mut tiny, block, &what) {
                                    long_ways += 1;
                                    // Only a token holding a space: U+FDFA
                                    // under NFKC (the crate's tokenizer).
                                    assert!(doc.contains('\u{fdfa}'), "{what} {doc:?}");
                                    assert_eq!(tokenizer, &TokenizerKind::Stance, "{what}");
                                }
                            }
                        }
                        assert!(cache.stats().hits > 0 && cache.stats().fills > 0, "{what}");
                        assert!(tiny.stats().clears > 0, "{what}");
                    }
                }
            }
        }
        // Every configuration of the crate's tokenizer, in every block round.
        assert_eq!(long_ways, 3 * 2 * 3 * 4);
    }

    #[test]
    fn chunk_index_needs_the_same_split() {
        let train = ["the plan passed", "the vote failed on the plan"];
        let c = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 4)
            .fit(&train)
            .unwrap();
        let fit = |p: TfidfParams| p.fit(&train).unwrap();
        assert!(fit(TfidfParams::new().ngram_range(1, 2))
            .chunk_index(&c)
            .is_some());
        // Tokens made from more than each word alone, or n-grams of
        // three tokens, or text preprocessed otherwise: no.
        let spanning = TokenizerKind::Pattern(r"\S+ \S+|\S+".to_string());
        assert!(fit(TfidfParams::new().tokenizer(spanning))
            .chunk_index(&c)
            .is_none());
        assert!(fit(TfidfParams::new().ngram_range(1, 3))
            .chunk_index(&c)
            .is_none());
        assert!(fit(TfidfParams::new().lowercase(false))
            .chunk_index(&c)
            .is_none());
        let accents = TfidfParams::new().strip_accents(Some(StripAccents::Ascii));
        assert!(fit(accents).chunk_index(&c).is_none());
        // Nor two word vectorizers, nor a char_wb one against itself.
        let w = fit(TfidfParams::new());
        assert!(w.chunk_index(&w).is_none());
        assert!(c.chunk_index(&c).is_none());
    }

    #[test]
    fn small_width_adds_match_the_loop_bit_for_bit() {
        for k in 1..=5usize {
            let start: Vec<f64> = (0..k).map(|o| 0.1 * o as f64 - 0.37).collect();
            let bits: Vec<u64> = (0..k + 2)
                .map(|o| (1.0 / (o as f64 + 3.0)).to_bits())
                .collect();
            let coef: Vec<f32> = (0..k + 2).map(|o| o as f32 * 0.3 - 0.7).collect();
            let m = std::f64::consts::LN_2;
            let (mut got, mut want) = (start.clone(), start.clone());
            add_bits(&mut got, &bits);
            for (a, &x) in want.iter_mut().zip(&bits) {
                *a += f64::from_bits(x);
            }
            assert_eq!(got, want, "add_bits, {k} outputs");
            add_scaled(&mut got, m, &coef);
            for (a, &c) in want.iter_mut().zip(&coef) {
                *a += m * f64::from(c);
            }
            assert_eq!(got, want, "add_scaled, {k} outputs");
            // Only the outputs move: the rest of `bits` and `coef` is not read.
            assert_eq!(got.len(), k);
        }
    }

    #[test]
    fn bigram_filter_keeps_every_bigram_and_drops_most_others() {
        // 40 tokens; each follows three others in the training text (the
        // tokens after it in its row, and the one before its row's end).
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let docs: Vec<String> = (0..40)
            .map(|i| {
                let (a, b, c) = (&words[i], &words[(i + 1) % 40], &words[(i + 7) % 40]);
                format!("{a} {b}. {a} {c}.")
            })
            .collect();
        let train: Vec<&str> = docs.iter().flat_map(|d| [d.as_str(); 2]).collect();
        let w = TfidfParams::new().ngram_range(1, 2).fit(&train).unwrap();
        let c = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .fit(&train)
            .unwrap();
        let index = w.chunk_index(&c).unwrap();
        let id = |t: &str| index.id(t, w.index.get(t.as_bytes()));
        let (mut kept, mut dropped) = (0, 0);
        for a in &words {
            for b in &words {
                let key = ChunkIndex::pair_key(id(a), id(b)).expect("both are bigram tokens");
                let known = index.pairs.get(key).is_some();
                assert_eq!(known, w.index.get(format!("{a} {b}").as_bytes()).is_some());
                if known {
                    assert!(index.may_follow(id(a), id(b)), "{a} {b} is a bigram");
                    kept += 1;
                } else if !index.may_follow(id(a), id(b)) {
                    dropped += 1;
                }
            }
        }
        assert_eq!(kept, 120);
        // At most three bits of 128 set per token: nearly all of the 1,480
        // others go.
        assert!(
            dropped > 1_350,
            "only {dropped} of 1480 unknown pairs dropped"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn score_chunks_matches_weigh_on_newsy_text(
            docs in proptest::collection::vec(crate::text::testing::newsy(), 2..6),
            pattern in proptest::bool::ANY,
        ) {
            let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
            let tokenizer = if pattern {
                TokenizerKind::sklearn_default()
            } else {
                TokenizerKind::Stance
            };
            let c = TfidfParams::new().analyzer(Analyzer::CharWb).ngram_range(2, 5).fit(&refs);
            let w = TfidfParams::new().tokenizer(tokenizer).ngram_range(1, 2).sublinear_tf(true).fit(&refs);
            // A corpus without a single term has no vocabulary to fit.
            let (Ok(c), Ok(w)) = (c, w) else { return Ok(()) };
            let pair = Pair::new(c, w, 2);
            let (mut s, mut cache, mut tiny) =
                (TfidfScratch::default(), WordCache::default(), WordCache::new(1, 1 << 20));
            for doc in &refs {
                for block in [1, 0] {
                    if !pair.check(doc, &mut s, &mut cache, &mut tiny, block, "newsy") {
                        proptest::prop_assert!(!pattern, "{:?}", doc);
                    }
                }
            }
        }
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
