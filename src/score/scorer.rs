//! [`WordScorer`]: a `char_wb` vectorizer's linear scores of a document
//! against a weight table, word by word through a [`WordCache`], alone or
//! with a word vectorizer beside it ([`ChunkPart`]), without building its
//! TF-IDF row.
//!
//! A document is scored in steps, each a method of [`DocScore`]:
//! [`begin`](DocScore::begin) zeroes the sums and takes a new stamp; each
//! word is then [`cached`](DocScore::cached) (its record's sums added, or
//! first computed from the record's columns for this block) or a
//! [`miss`](DocScore::miss) (its n-grams and tokens looked up, then cached),
//! and [`join`](DocScore::join)ed to the word before (the bigram across the
//! two is kept for later); [`add_pairs`](DocScore::add_pairs) adds those
//! bigrams, [`correct_repeats`](DocScore::correct_repeats) the columns seen
//! more than once, and [`finish`](DocScore::finish) gives the norms.
//!
//! Invariants: until corrected, every column occurrence counts with a term
//! frequency of 1 (what a word's record holds); the correction then makes
//! the sums and norms those of [`FittedTfidf::weigh`] (sums in another
//! order: equal up to rounding). A word's columns are added in the same
//! order whether it is computed, filled or cached, so a score does not
//! depend on the cache. The word vectorizer's columns are numbered after
//! the `char_wb` one's (`nc + col`) in the stamps and in records.

use crate::features::analyzer::AnalyzerScratch;
use crate::features::col_counts::ColCounts;
use crate::features::term_index::{Hit, Lookup};
use crate::features::tfidf::{finish_norm, norm_term, sublinear, FittedTfidf, Norm};
use crate::mem::prefetch;

use super::pairs::{filter_has, pack_ids, unpack_ids, ChunkIndex, NO_TOKENS, NO_TOKEN_ID};
use super::scratch::ScoreScratch;
use super::staged::StagedDoc;
use super::stamps::{Marks, Stamps};
use super::word_cache::{BlockAt, WordCache, NOT_FOUND, WORD_CACHE_MAX_KEY};

/// `extra` words of a [`WordCache`] record with a word part: its norm share,
/// its first and last token ids and the [`ChunkIndex`] filter of its first
/// token (two words), so that joining the word to the one before reads no
/// other memory.
const CHUNK_EXTRA: usize = 4;

/// A `char_wb` vectorizer made a scorer: built from the fitted vectorizer,
/// given the weights (`k` per column, row-major) with each document.
#[derive(Debug, Clone, Copy)]
pub struct WordScorer<'v> {
    v: &'v FittedTfidf,
}

/// The word vectorizer of [`WordScorer::score_chunks`]: its index, its
/// weight table (`k` per column, as the `char_wb` one's), and where its
/// sums and norm go.
#[derive(Debug)]
pub struct ChunkPart<'a> {
    /// The word vectorizer.
    pub vectorizer: &'a FittedTfidf,
    /// Its [`ChunkIndex::new`] against the `char_wb` vectorizer.
    pub index: &'a ChunkIndex,
    /// Its weight table.
    pub table: &'a [f32],
    /// Its sums (set by the call).
    pub acc: &'a mut [f64],
    /// Its norm (set by the call).
    pub norm: f64,
}

impl<'v> WordScorer<'v> {
    /// The scorer of `v`, or `None` unless it is a `char_wb` vectorizer
    /// (whose terms of a document are those of its words in turn).
    pub fn new(v: &'v FittedTfidf) -> Option<WordScorer<'v>> {
        WordScorer::applies(v).then_some(WordScorer { v })
    }

    /// Whether `v` can be scored word by word: a `char_wb` vectorizer.
    pub fn applies(v: &FittedTfidf) -> bool {
        v.text_analyzer().is_char_wb()
    }

    /// The vectorizer scored.
    pub fn vectorizer(&self) -> &'v FittedTfidf {
        self.v
    }

    /// The linear scores of `doc` against `table` (`k = acc.len()` weights
    /// per column, row-major): sets `acc[o]` to `sum(tf_j * idf_j *
    /// table[j * k + o])` over the document's distinct columns and returns
    /// the row norm to divide it by, as [`FittedTfidf::weigh`] followed by
    /// the sum would, but word by word through `cache`.
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
        s: &mut ScoreScratch,
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
    /// U+FDFA): score it with [`FittedTfidf::weigh`] instead.
    #[allow(clippy::too_many_arguments)]
    pub fn score_chunks(
        &self,
        doc: &str,
        s: &mut ScoreScratch,
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
        s: &mut ScoreScratch,
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
    /// `cache` ([`StagedDoc::stage_words`]). `block` and `blocks` are as
    /// for [`score_words`](Self::score_words).
    #[inline]
    pub fn stage_words(
        &self,
        doc: &str,
        cache: &WordCache,
        block: u32,
        blocks: u32,
        staged: &mut StagedDoc,
    ) {
        let analyzer = self.vectorizer().text_analyzer();
        staged.stage_words(analyzer, doc, cache, block, blocks);
    }

    /// The second step, after [`stage_words`](Self::stage_words) (best a
    /// document or so later): asks for the records the words' slots point
    /// at ([`StagedDoc::stage_records`]).
    #[inline]
    pub fn stage_records(&self, cache: &WordCache, staged: &mut StagedDoc) {
        staged.stage_records(cache);
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
        s: &mut ScoreScratch,
        cache: &mut WordCache,
        table: &[f32],
        acc: &mut [f64],
        part: Option<&mut ChunkPart<'_>>,
    ) -> Option<f64> {
        let ScoreScratch {
            padded,
            counts,
            cols,
            sums,
            stamps,
            toks,
            tok_spans,
            lookups,
            pair_keys,
            ..
        } = s;
        let bufs = WordBufs {
            padded,
            cols,
            sums,
            toks,
            tok_spans,
            lookups,
        };
        let mut doc = DocScore::begin(self.v, table, acc, part, stamps, pair_keys, bufs);
        let at_block = staged.block_at();
        for w in staged.words() {
            let b = staged.word_bytes(w);
            let at = staged.record_of(cache, w, b, at_block.group);
            if at != NOT_FOUND {
                cache.stats.hits += 1;
                doc.cached(cache, at as usize, at_block.slot);
                continue;
            }
            cache.stats.misses += 1;
            let word = staged.word(w);
            let computed = doc.miss(word)?;
            if b.len() <= WORD_CACHE_MAX_KEY {
                let per_record = staged.per_record();
                doc.insert(cache, w.hash, at_block, per_record, word, &computed);
            }
            doc.join(&computed.extra);
        }
        doc.add_pairs();
        doc.correct_repeats(counts);
        Some(doc.finish())
    }
}

/// The per-word buffers of a [`DocScore`] (parts of [`ScoreScratch`]).
struct WordBufs<'a> {
    /// The padded word of a miss.
    padded: &'a mut AnalyzerScratch,
    /// A computed word's columns, in order.
    cols: &'a mut Vec<u32>,
    /// A computed or filled word's sums: `k`, then the word part's `k`.
    sums: &'a mut Vec<f64>,
    /// A computed word's tokens joined by spaces, and their spans.
    toks: &'a mut String,
    tok_spans: &'a mut Vec<(u32, u32)>,
    /// A computed word's term lookups: its tokens' (with a word part),
    /// then its n-grams'.
    lookups: &'a mut Vec<Lookup>,
}

/// What a computed word adds to the norms' sums and keeps beside its
/// columns and sums in its cache record.
#[derive(Debug, Clone, Copy)]
struct Computed {
    /// Its share of the `char_wb` norm's sum.
    share: f64,
    /// With a word part, the part's norm share, first and last token ids
    /// and first token's filter ([`CHUNK_EXTRA`]); else zeros.
    extra: [u64; CHUNK_EXTRA],
}

/// One document being scored ([`WordScorer::score_staged`]): the sums and
/// norm totals so far, and what its steps share. The steps are
/// `#[inline(always)]` so that they compile to one loop with the fields in
/// registers, as the single function they were split from did (counted
/// with callgrind: the same instructions per row within 0.6%).
struct DocScore<'a, 'p> {
    /// The `char_wb` vectorizer, its table and sums.
    v: &'a FittedTfidf,
    table: &'a [f32],
    acc: &'a mut [f64],
    part: Option<&'a mut ChunkPart<'p>>,
    /// Outputs per column.
    k: usize,
    /// Sums per record block: `k`, doubled with a word part.
    k2: usize,
    /// `extra` words per record: [`CHUNK_EXTRA`] with a word part, else 0.
    extra_len: usize,
    /// The `char_wb` vectorizer's columns: the word part's follow.
    nc: usize,
    norm: Option<Norm>,
    w_norm: Option<Norm>,
    /// The norms' sums so far (`char_wb`, word part).
    total: f64,
    total_w: f64,
    marks: Marks<'a>,
    /// The last token id of the words before.
    prev_id: u32,
    /// Keys of the bigrams across words so far, later their columns.
    pair_keys: &'a mut Vec<u64>,
    bufs: WordBufs<'a>,
}

impl<'a, 'p> DocScore<'a, 'p> {
    /// Zeroes the sums and starts the document's marks.
    #[inline(always)]
    fn begin(
        v: &'a FittedTfidf,
        table: &'a [f32],
        acc: &'a mut [f64],
        mut part: Option<&'a mut ChunkPart<'p>>,
        stamps: &'a mut Stamps,
        pair_keys: &'a mut Vec<u64>,
        bufs: WordBufs<'a>,
    ) -> DocScore<'a, 'p> {
        let k = acc.len();
        acc.fill(0.0);
        let norm = v.params().get_norm();
        let w_norm = part.as_ref().and_then(|p| p.vectorizer.params().get_norm());
        // Columns of the word vectorizer follow this one's: `nc + col`.
        let nc = v.n_features();
        let (k2, extra_len) = match &mut part {
            Some(p) => {
                assert_eq!(p.acc.len(), k, "both parts have the same outputs");
                p.acc.fill(0.0);
                (2 * k, CHUNK_EXTRA)
            }
            None => (k, 0),
        };
        let n_cols = nc + part.as_ref().map_or(0, |p| p.vectorizer.n_features());
        let marks = stamps.begin(n_cols);
        pair_keys.clear();
        DocScore {
            v,
            table,
            acc,
            part,
            k,
            k2,
            extra_len,
            nc,
            norm,
            w_norm,
            total: 0.0,
            total_w: 0.0,
            marks,
            prev_id: NO_TOKEN_ID,
            pair_keys,
            bufs,
        }
    }

    /// Adds a cached word, the record at `at`: its sums for block `slot`
    /// if filled, else computed from its stored columns (in the order a
    /// miss adds them) and stored; then marks its columns and joins it.
    #[inline(always)]
    fn cached(&mut self, cache: &mut WordCache, at: usize, slot: u32) {
        let (k, k2, nc) = (self.k, self.k2, self.nc);
        let (share, cached_cols, sums_at) = cache.record(at, slot);
        self.total += share;
        let mut extra = [0u64; CHUNK_EXTRA];
        if self.part.is_some() {
            extra.copy_from_slice(cache.extra(at));
            self.total_w += f64::from_bits(extra[0]);
        }
        if let Some(o) = sums_at {
            let filled = cache.sums(o, k2);
            add_bits(self.acc, filled);
            if let Some(p) = self.part.as_deref_mut() {
                add_bits(p.acc, &filled[k..]);
            }
            self.marks.add_record(&cached_cols);
            self.join(&extra);
            return;
        }
        // The first row of this block to meet the word.
        let (v, table, part) = (self.v, self.table, self.part.as_deref());
        let sums = &mut *self.bufs.sums;
        sums.clear();
        sums.resize(k2, 0.0);
        cached_cols.each(|col| {
            let (idf, coef, into) = match part {
                Some(p) if col as usize >= nc => {
                    let col = col as usize - nc;
                    let idf = p.vectorizer.idf().map_or(1.0, |idf| idf[col]);
                    (idf, &p.table[col * k..][..k], &mut sums[k..])
                }
                _ => {
                    let idf = v.idf().map_or(1.0, |idf| idf[col as usize]);
                    (idf, &table[col as usize * k..][..k], &mut sums[..k])
                }
            };
            add_scaled(into, idf, coef);
        });
        for (a, &x) in self.acc.iter_mut().zip(sums.iter()) {
            *a += x;
        }
        if let Some(p) = self.part.as_deref_mut() {
            for (a, &x) in p.acc.iter_mut().zip(&sums[k..]) {
                *a += x;
            }
        }
        self.marks.add_record(&cached_cols);
        cache.fill(at, slot, sums);
        cache.stats.fills += 1;
        self.join(&extra);
    }

    /// Computes a word that is not cached: adds its n-grams' (and with a
    /// word part its tokens') columns and sums, and marks the columns.
    /// `None` for a word with a token holding a space: the document's
    /// token n-grams are then not those of its words' tokens, and each
    /// vectorizer must score it the long way (the next document takes a
    /// new stamp).
    #[inline(always)]
    fn miss(&mut self, word: &str) -> Option<Computed> {
        self.bufs.cols.clear();
        self.bufs.sums.clear();
        self.bufs.sums.resize(self.k2, 0.0);
        // The word's tokens (with a word part) and n-grams are looked up
        // in two steps, so that their cache misses overlap: every lookup
        // is started (its slot fetched), then each is finished in order.
        let n_unigrams = self.start_tokens(word)?;
        let share = self.add_ngrams(word, n_unigrams);
        let extra = self.add_tokens(n_unigrams);
        for (a, &x) in self.acc.iter_mut().zip(self.bufs.sums.iter()) {
            *a += x;
        }
        self.total += share;
        self.marks.reserve(self.bufs.cols.len());
        for &col in self.bufs.cols.iter() {
            self.marks.add(col);
        }
        Some(Computed { share, extra })
    }

    /// Splits a computed word into the word part's tokens (joined by
    /// spaces in `toks`) and starts their unigram lookups; returns how
    /// many were started, or `None` for a token holding a space. Nothing
    /// without a word part.
    #[inline(always)]
    fn start_tokens(&mut self, word: &str) -> Option<usize> {
        // Reborrowed apart (not as places in `self`): a closure that is not
        // inlined must not hold the address of a field of `self`, which
        // would keep the whole `DocScore` in memory instead of registers.
        let bufs = &mut self.bufs;
        let (padded, toks, tok_spans, lookups) = (
            &mut *bufs.padded,
            &mut *bufs.toks,
            &mut *bufs.tok_spans,
            &mut *bufs.lookups,
        );
        toks.clear();
        tok_spans.clear();
        lookups.clear();
        if let Some(p) = self.part.as_deref() {
            let mut spaced = false;
            p.vectorizer
                .text_analyzer()
                .chunk_tokens(word, padded, |t| {
                    spaced |= t.contains(' ');
                    if !toks.is_empty() {
                        toks.push(' ');
                    }
                    let start = toks.len() as u32;
                    toks.push_str(t);
                    tok_spans.push((start, toks.len() as u32));
                });
            if spaced {
                return None;
            }
            if p.index.unigrams {
                for &(a, b) in tok_spans.iter() {
                    let t = &toks.as_bytes()[a as usize..b as usize];
                    lookups.push(Lookup::start(p.vectorizer.term_index(), t));
                }
            }
        }
        Some(lookups.len())
    }

    /// Looks up a computed word's `char_wb` n-grams (after its
    /// `n_unigrams` token lookups): their columns to `cols`, their sums to
    /// the first `k` of `sums`. Returns the word's share of the norm's sum.
    #[inline(always)]
    fn add_ngrams(&mut self, word: &str, n_unigrams: usize) -> f64 {
        let (k, norm, table) = (self.k, self.norm, self.table);
        let bufs = &mut self.bufs;
        let (padded, cols, sums, lookups) = (
            &mut *bufs.padded,
            &mut *bufs.cols,
            &mut *bufs.sums,
            &mut *bufs.lookups,
        );
        let index = self.v.term_index();
        self.v.text_analyzer().wb_word_terms(word, padded, |t| {
            lookups.push(Lookup::start(index, t.as_bytes()));
        });
        let mut share = 0.0;
        for l in &lookups[n_unigrams..] {
            if let Some(h) = l.finish(index) {
                cols.push(h.col);
                add_scaled(&mut sums[..k], h.idf, &table[h.col as usize * k..][..k]);
                share += norm_term(norm, h.idf);
            }
        }
        share
    }

    /// The word part of a computed word: its tokens' unigram and in-word
    /// bigram columns, after its n-grams' (a hit adds them in this order
    /// too), and their sums after the first `k`, added to the part's sums
    /// and norm. Returns the word's `extra` record words (zeros without a
    /// word part).
    #[inline(always)]
    fn add_tokens(&mut self, n_unigrams: usize) -> [u64; CHUNK_EXTRA] {
        let (k, nc, w_norm) = (self.k, self.nc, self.w_norm);
        let Some(p) = self.part.as_deref_mut() else {
            return [0; CHUNK_EXTRA];
        };
        let bufs = &mut self.bufs;
        let (cols, sums, toks, tok_spans, lookups) = (
            &mut *bufs.cols,
            &mut *bufs.sums,
            &*bufs.toks,
            &*bufs.tok_spans,
            &*bufs.lookups,
        );
        let (v, index, table) = (p.vectorizer, p.index, p.table);
        let mut share_w = 0.0;
        let mut count = |h: Option<Hit>, cols: &mut Vec<u32>, sums: &mut Vec<f64>| {
            if let Some(h) = h {
                cols.push(nc as u32 + h.col);
                add_scaled(&mut sums[k..], h.idf, &table[h.col as usize * k..][..k]);
                share_w += norm_term(w_norm, h.idf);
            }
        };
        let (mut first, mut last) = (NO_TOKENS, NO_TOKENS);
        for (i, &(a, b)) in tok_spans.iter().enumerate() {
            let unigram = lookups[..n_unigrams]
                .get(i)
                .and_then(|l| l.finish(v.term_index()));
            count(unigram, cols, sums);
            if index.bigrams && i > 0 {
                // Joined by one space in `toks`, as a bigram term.
                let bigram = &toks.as_bytes()[tok_spans[i - 1].0 as usize..b as usize];
                count(v.term_index().get(bigram), cols, sums);
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
        self.total_w += share_w;
        let [f0, f1] = index.filter(first);
        [share_w.to_bits(), pack_ids(first, last), f0, f1]
    }

    /// Caches a computed word (`hash` and `word`, scored in `at_block` of
    /// records holding `per_record` blocks) with its columns and sums.
    #[inline(always)]
    fn insert(
        &self,
        cache: &mut WordCache,
        hash: u64,
        at_block: BlockAt,
        per_record: usize,
        word: &str,
        c: &Computed,
    ) {
        cache.insert(
            hash,
            at_block,
            per_record,
            word.as_bytes(),
            c.share,
            &c.extra[..self.extra_len],
            self.bufs.sums,
            self.bufs.cols,
        );
    }

    /// Joins a word (its `extra` record words) to the words before: the
    /// bigram across the two is looked up after the words (its slot is
    /// fetched meanwhile), unless the right token's filter shows it is no
    /// bigram. Nothing without a word part or for a word with no token.
    #[inline(always)]
    fn join(&mut self, extra: &[u64; CHUNK_EXTRA]) {
        let Some(p) = self.part.as_deref() else {
            return;
        };
        let (first, last) = unpack_ids(extra[1]);
        if first != NO_TOKENS {
            if let Some(key) = ChunkIndex::pair_key(self.prev_id, first)
                .filter(|_| filter_has([extra[2], extra[3]], self.prev_id))
            {
                p.index.pairs.prefetch(key);
                self.pair_keys.push(key);
            }
            self.prev_id = last;
        }
    }

    /// Adds the bigrams across words that are in the word part's
    /// vocabulary, with their weights and IDF fetched before they are used.
    #[inline(always)]
    fn add_pairs(&mut self) {
        let (k, nc) = (self.k, self.nc);
        let Some(p) = self.part.as_deref_mut() else {
            return;
        };
        let pair_keys = &mut *self.pair_keys;
        let mut n = 0;
        for i in 0..pair_keys.len() {
            if let Some(col) = p.index.pairs.get(pair_keys[i]) {
                prefetch(&p.table[col as usize * k]);
                if let Some(idf) = p.vectorizer.idf() {
                    prefetch(&idf[col as usize]);
                }
                pair_keys[n] = u64::from(col);
                n += 1;
            }
        }
        self.marks.reserve(n);
        let idfs = p.vectorizer.idf();
        for &col in &pair_keys[..n] {
            let col = col as u32;
            let idf = idfs.map_or(1.0, |idf| idf[col as usize]);
            add_scaled(p.acc, idf, &p.table[col as usize * k..][..k]);
            self.total_w += norm_term(self.w_norm, idf);
            self.marks.add(nc as u32 + col);
        }
    }

    /// Corrects the columns seen `t > 1` times (see
    /// [`WordScorer::score_words`]): counts the repeats in `counts`,
    /// fetching each column's weights and IDF when first counted, then
    /// corrects the sums (with sublinear TF) and the norms' sums.
    #[inline(always)]
    fn correct_repeats(&mut self, counts: &mut ColCounts) {
        let (k, nc) = (self.k, self.nc);
        counts.clear();
        for &col in self.marks.repeats() {
            if counts.bump(col) == 1 {
                let (v, table, col) = match self.part.as_deref() {
                    Some(p) if col as usize >= nc => (p.vectorizer, p.table, col as usize - nc),
                    _ => (self.v, self.table, col as usize),
                };
                prefetch(&table[col * k]);
                if let Some(idf) = v.idf() {
                    prefetch(&idf[col]);
                }
            }
        }
        for e in &counts.entries {
            let t = f64::from(e.count + 1);
            let (v, table, acc, total, norm, col) = match self.part.as_deref_mut() {
                Some(p) if e.col as usize >= nc => (
                    p.vectorizer,
                    p.table,
                    &mut *p.acc,
                    &mut self.total_w,
                    self.w_norm,
                    e.col as usize - nc,
                ),
                _ => (
                    self.v,
                    self.table,
                    &mut *self.acc,
                    &mut self.total,
                    self.norm,
                    e.col as usize,
                ),
            };
            let sublinear_tf = v.params().get_sublinear_tf();
            let tf = if sublinear_tf {
                sublinear(e.count + 1)
            } else {
                t
            };
            let idf = v.idf().map_or(1.0, |idf| idf[col]);
            if sublinear_tf {
                let d = (tf - t) * idf;
                add_scaled(acc, d, &table[col * k..][..k]);
            }
            *total += norm_term(norm, tf * idf) - t * norm_term(norm, idf);
        }
    }

    /// The norms: the `char_wb` one returned, the word part's left in
    /// `part.norm`.
    #[inline(always)]
    fn finish(self) -> f64 {
        if let Some(p) = self.part {
            p.norm = finish_norm(self.w_norm, self.total_w);
        }
        finish_norm(self.norm, self.total)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::analyzer::{Analyzer, TokenizerKind};
    use crate::features::tfidf::{TfidfParams, TfidfScratch};
    use crate::score::WordCache;

    fn scorer(f: &FittedTfidf) -> WordScorer<'_> {
        WordScorer::new(f).expect("a char_wb vectorizer")
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
            assert!(WordScorer::new(&f).is_some());
            let n = f.n_features();
            let table: Vec<f32> = (0..n * k).map(|i| ((i * 37) % 11) as f32 - 5.0).collect();
            let (mut s, mut s2) = (TfidfScratch::default(), ScoreScratch::default());
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
                let norm_got =
                    scorer(&f).score_words(doc, &mut s2, &mut cache, 7, 9, &table, &mut acc);
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
                let n2 = scorer(&f).score_words(doc, &mut s2, &mut cache, 7, 9, &table, &mut again);
                let mut evicted = vec![0.0; k];
                let n3 =
                    scorer(&f).score_words(doc, &mut s2, &mut tiny, 7, 9, &table, &mut evicted);
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
        let norm = scorer(&f).score_words(
            "aaaaaa aa",
            &mut ScoreScratch::default(),
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
        let (mut s, mut s2) = (TfidfScratch::default(), ScoreScratch::default());
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
            let norm = scorer(&f).score_words(doc, &mut s2, &mut cache, 0, 1, &table, &mut acc);
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
        let mut s = ScoreScratch::default();
        for &b in &[3u32, 0, 9, 3, 8, 7, 0, 9] {
            let table = &tables[b as usize];
            for doc in docs {
                let mut got = vec![0.0; k];
                let norm =
                    scorer(&f).score_words(doc, &mut s, &mut cache, b, blocks, table, &mut got);
                // The same with an empty cache: bit for bit.
                let mut fresh = vec![0.0; k];
                let norm_fresh = scorer(&f).score_words(
                    doc,
                    &mut ScoreScratch::default(),
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
            let index = ChunkIndex::new(&w, &c).expect("the pair splits alike");
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
            s: &mut ScoreScratch,
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
            let (nc, nw) = scorer(&self.c).score_chunks(
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
            s: &mut ScoreScratch,
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
                &mut ScoreScratch::default(),
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
                        let mut s = ScoreScratch::default();
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
                (ScoreScratch::default(), WordCache::default(), WordCache::new(1, 1 << 20));
            for doc in &refs {
                for block in [1, 0] {
                    if !pair.check(doc, &mut s, &mut cache, &mut tiny, block, "newsy") {
                        proptest::prop_assert!(!pattern, "{:?}", doc);
                    }
                }
            }
        }
    }
}
