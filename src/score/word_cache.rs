//! [`WordCache`]: a bounded cache from a word to its part of a row's
//! scores, so that a word met before costs one probe instead of its term
//! lookups and weight fetches.
//!
//! Layout: a probe table of `u64` slots (0 empty, else the hash's upper
//! half above the record's offset + 1; open addressing, linear probing, at
//! most half full) and one `u64` array of records put one after the other.
//! A record is `k` sums per block of its group (bits of `f64`), then, at
//! the start of a 64-byte line, its header word (group in the low 32 bits,
//! the bit set of filled blocks, key length, column count), its norm share,
//! `extra` words, the key bytes packed eight to a word, and its columns two
//! to a word. The type's own doc gives the sizes.
//!
//! Invariants: a record holds exactly what computing the word gives, in
//! the same order, so a score does not depend on what is cached; a block's
//! sums are read only when its filled bit is set; `k`, blocks per record
//! and `extra` are fixed by the first insert and checked on every later
//! one; offsets found before the cache was emptied are stale, which the
//! `generation` counter tells; everything stays below the byte bound.

use crate::features::term_index::{fingerprint, hash_term, pack};
use crate::mem::{huge_page_capacity, huge_page_vec, prefetch};

/// Default entry bound of a [`WordCache`].
pub const WORD_CACHE_ENTRIES: usize = 1 << 18;
/// Default byte bound of a [`WordCache`] (its probe table and records).
pub const WORD_CACHE_BYTES: usize = 48 << 20;
/// Longest word (in bytes) a [`WordCache`] keeps; longer ones are always
/// computed.
pub(super) const WORD_CACHE_MAX_KEY: usize = 64;

/// A bounded cache from words to what
/// [`WordScorer::score_words`](super::WordScorer::score_words) needs of
/// them: the columns of a word's `char_wb` n-grams (with repeats, in
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
/// Scored beside a word vectorizer
/// ([`WordScorer::score_chunks`](super::WordScorer::score_chunks)), a
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
    /// one, [`score_chunks`](super::WordScorer::score_chunks)).
    extra: usize,
    /// Bumped when the cache is emptied (offsets found before are stale).
    generation: u64,
    /// `records`' first word's place in its 64-byte line (in words):
    /// headers are put at line starts ([`WordCache::header_at`]).
    skew: usize,
    pub(super) stats: WordCacheStats,
}

/// Most blocks whose sums share one [`WordCache`] record.
pub const BLOCKS_PER_RECORD: usize = 8;

/// Where a word's record lives for a block: the group key of the record
/// and the block's place in it.
#[derive(Debug, Clone, Copy)]
pub(super) struct BlockAt {
    pub(super) group: u32,
    pub(super) slot: u32,
}

impl BlockAt {
    pub(super) fn new(block: u32, blocks: u32) -> BlockAt {
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
pub(super) struct RecordCols<'a> {
    words: &'a [u64],
    odd: bool,
}

impl<'a> RecordCols<'a> {
    /// The words holding two columns each, and the last column alone
    /// when their count is odd.
    #[inline(always)]
    pub(super) fn halves(&self) -> (&'a [u64], Option<u64>) {
        match (self.odd, self.words.split_last()) {
            (true, Some((&last, full))) => (full, Some(last)),
            _ => (self.words, None),
        }
    }

    /// Calls `f` with each column in order.
    #[inline(always)]
    pub(super) fn each(&self, mut f: impl FnMut(u32)) {
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

pub(super) const NOT_FOUND: u32 = u32::MAX;

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

    /// Bumped each time the cache is emptied: a record offset found under
    /// another generation is stale.
    #[inline]
    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// The `n` words of filled sums at `at` (as [`WordCache::record`]
    /// gives them).
    #[inline]
    pub(super) fn sums(&self, at: usize, n: usize) -> &[u64] {
        &self.records[at..at + n]
    }

    #[inline]
    pub(super) fn hash(group: u32, word: &[u8]) -> u64 {
        let h = hash_term(word, fingerprint(word))
            ^ u64::from(group).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // Both halves are used (slot index, tag): mix again.
        h.wrapping_mul(0xff51_afd7_ed55_8ccd) ^ (h >> 29)
    }

    #[inline]
    pub(super) fn prefetch_slot(&self, hash: u64) {
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
    pub(super) fn find(&self, hash: u64, group: u32, word: &[u8]) -> u32 {
        self.probe(hash, |at| self.is_at(at, group, word))
    }

    /// The record the slot of `hash` (or the next ones) points at by its
    /// tag alone, with the lines a hit for block `slot` of a `len`-byte
    /// word reads prefetched; [`NOT_FOUND`] for a free slot. Only a guess:
    /// check it with [`WordCache::is_at`].
    #[inline]
    pub(super) fn candidate(&self, hash: u64, slot: u32, len: usize) -> u32 {
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
    pub(super) fn is_at(&self, at: u32, group: u32, word: &[u8]) -> bool {
        if at == NOT_FOUND {
            return false;
        }
        let at = at as usize;
        let meta = self.records[at];
        meta as u32 == group
            && (meta >> KEY_LEN_SHIFT) as u8 as usize == word.len()
            && self.key_matches(at, word)
    }

    #[inline]
    fn key_matches(&self, at: usize, word: &[u8]) -> bool {
        let key = &self.records[at + self.head()..];
        word.chunks(8).zip(key).all(|(c, &x)| pack(c) == x)
    }

    /// The norm share and the columns of the record at `at`, and where the
    /// sums of its block `slot` are if they are filled.
    #[inline]
    pub(super) fn record(&self, at: usize, slot: u32) -> (f64, RecordCols<'_>, Option<usize>) {
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
    pub(super) fn extra(&self, at: usize) -> &[u64] {
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
    pub(super) fn fill(&mut self, at: usize, slot: u32, sums: &[f64]) {
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
    pub(super) fn insert(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::analyzer::Analyzer;
    use crate::features::tfidf::TfidfParams;
    use crate::score::{ScoreScratch, WordScorer};

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
        let ws = WordScorer::new(&f).unwrap();
        let mut s = ScoreScratch::default();
        let mut cache = WordCache::default();
        let mut first = Vec::new();
        for doc in &refs {
            let mut acc = vec![0.0; k];
            let norm = ws.score_words(doc, &mut s, &mut cache, 0, 1, &table, &mut acc);
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
            let norm = ws.score_words(doc, &mut s, &mut cache, 0, 1, &table, &mut acc);
            assert_eq!(&(norm, acc), want, "{doc:?}");
        }
        let stats = cache.stats();
        assert_eq!((stats.hits, stats.misses, stats.clears), (5000, 5000, 0));
    }
}
