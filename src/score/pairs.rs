//! [`ChunkIndex`]: a word vectorizer's unigrams and bigrams by token id,
//! so that a word vectorizer is scored word by word beside a `char_wb` one
//! and a bigram across two words is one lookup of two ids their cache
//! records hold.
//!
//! Layout: token ids are dense (`0..n_ids`) over the tokens of two-token
//! bigram terms; a unigram column's token has its id in `col_ids`, other
//! tokens in `ids`. [`PairTable`] maps `second << 32 | first` to the
//! bigram's column (open addressing, linear probing, at most half full,
//! `u64::MAX` keys free, on huge pages). `left_of[id]` is a 128-bit Bloom
//! filter (one bit per token, multiplicative hash) of the tokens that `id`
//! follows in some bigram.
//!
//! Invariants: every two-token bigram of the vocabulary (no empty token, no
//! third token) is in the pair table under its two ids, and the filter of
//! its second token has the bit of its first (a filter may say yes to a
//! pair that is no bigram, never no to one that is); ids and the two
//! markers `NO_TOKEN_ID` and `NO_TOKENS` stay below `u32::MAX`, and the
//! columns of both vectorizers fit below `NO_TOKEN_ID`.

use rustc_hash::FxHashMap;

use crate::features::term_index::Hit;
use crate::features::tfidf::FittedTfidf;
use crate::mem::{huge_page_vec, prefetch};

/// A word with no token (it takes no part in bigrams).
pub(super) const NO_TOKENS: u32 = u32::MAX;
/// A token that is in no bigram of the vocabulary.
pub(super) const NO_TOKEN_ID: u32 = u32::MAX - 1;

#[inline]
pub(super) fn pack_ids(first: u32, last: u32) -> u64 {
    u64::from(first) | u64::from(last) << 32
}

/// The bit of token id `id` in a [`ChunkIndex`] filter of 128 bits.
#[inline]
fn left_bit(id: u32) -> usize {
    (u64::from(id).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 57) as usize
}

/// Whether `filter` ([`ChunkIndex::filter`]) has the bit of token id `id`.
#[inline]
pub(super) fn filter_has(filter: [u64; 2], id: u32) -> bool {
    let h = left_bit(id);
    filter[h >> 6] >> (h & 63) & 1 != 0
}

/// Sets the bit of token id `id` in `filter` ([`filter_has`]).
fn filter_add(filter: &mut [u64; 2], id: u32) {
    let h = left_bit(id);
    filter[h >> 6] |= 1 << (h & 63);
}

#[inline]
pub(super) fn unpack_ids(x: u64) -> (u32, u32) {
    (x as u32, (x >> 32) as u32)
}

/// What scoring a word vectorizer word by word beside a `char_wb` one
/// needs ([`WordScorer::score_chunks`](super::WordScorer::score_chunks)):
/// which n-gram sizes it has, and its bigrams by the ids of their two
/// tokens, so a bigram across two words is one lookup of two ids the
/// words' records hold.
#[derive(Debug, Clone)]
pub struct ChunkIndex {
    pub(super) unigrams: bool,
    pub(super) bigrams: bool,
    /// The id of each unigram column's token (`NO_TOKEN_ID` for one in no
    /// bigram), when the vocabulary has unigrams.
    col_ids: Vec<u32>,
    /// The ids of the other tokens of bigrams.
    ids: FxHashMap<Box<str>, u32>,
    /// The bigrams' columns by the ids of their tokens.
    pub(super) pairs: PairTable,
    /// Per token id, a Bloom filter of the tokens it follows in some
    /// bigram ([`filter_has`]).
    left_of: Vec<[u64; 2]>,
}

/// An open-addressing table from two token ids (`first << 32 | second`)
/// to a bigram's column, whose slot for a pair can be prefetched: a
/// document's bigrams across words are looked up after its words, with
/// their slots fetched meanwhile.
#[derive(Debug, Clone)]
pub(super) struct PairTable {
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
    pub(super) fn prefetch(&self, key: u64) {
        prefetch(&self.slots[self.slot(key)]);
    }

    #[inline]
    pub(super) fn get(&self, key: u64) -> Option<u32> {
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
    /// The index that lets the `char_wb` vectorizer `wb` score the word
    /// vectorizer `word` word by word beside its own n-grams
    /// ([`WordScorer::score_chunks`](super::WordScorer::score_chunks)), or
    /// `None` when the two do not split a document alike (see
    /// `TextAnalyzer::chunks_with`) or the columns would not fit in `u32`.
    pub fn new(word: &FittedTfidf, wb: &FittedTfidf) -> Option<ChunkIndex> {
        if !word.text_analyzer().chunks_with(wb.text_analyzer())
            || (word.n_features() + wb.n_features()) as u64 >= u64::from(NO_TOKEN_ID)
        {
            return None;
        }
        let (min_n, max_n) = word.params().get_ngram_range();
        let bigrams = max_n >= 2;
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut pairs = Vec::new();
        if bigrams {
            for (col, term) in word.vocabulary().terms().iter().enumerate() {
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
        let mut col_ids = vec![NO_TOKEN_ID; if unigrams { word.n_features() } else { 0 }];
        let mut others = FxHashMap::default();
        for (t, id) in ids {
            match word.term_index().get(t.as_bytes()).filter(|_| unigrams) {
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

    /// The id of `token`, found as `unigram` in the vocabulary.
    #[inline]
    pub(super) fn id(&self, token: &str, unigram: Option<Hit>) -> u32 {
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
    pub(super) fn filter(&self, id: u32) -> [u64; 2] {
        self.left_of.get(id as usize).copied().unwrap_or([0; 2])
    }

    /// The key of the bigram of two token ids, `None` when either is no
    /// bigram's token.
    #[inline]
    pub(super) fn pair_key(first: u32, second: u32) -> Option<u64> {
        (first < NO_TOKEN_ID && second < NO_TOKEN_ID).then(|| pack_ids(second, first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::analyzer::{Analyzer, StripAccents, TokenizerKind};
    use crate::features::tfidf::TfidfParams;

    #[test]
    fn chunk_index_needs_the_same_split() {
        let train = ["the plan passed", "the vote failed on the plan"];
        let c = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 4)
            .fit(&train)
            .unwrap();
        let fit = |p: TfidfParams| p.fit(&train).unwrap();
        assert!(ChunkIndex::new(&fit(TfidfParams::new().ngram_range(1, 2)), &c).is_some());
        // Tokens made from more than each word alone, or n-grams of
        // three tokens, or text preprocessed otherwise: no.
        let spanning = TokenizerKind::Pattern(r"\S+ \S+|\S+".to_string());
        assert!(ChunkIndex::new(&fit(TfidfParams::new().tokenizer(spanning)), &c).is_none());
        assert!(ChunkIndex::new(&fit(TfidfParams::new().ngram_range(1, 3)), &c).is_none());
        assert!(ChunkIndex::new(&fit(TfidfParams::new().lowercase(false)), &c).is_none());
        let accents = TfidfParams::new().strip_accents(Some(StripAccents::Ascii));
        assert!(ChunkIndex::new(&fit(accents), &c).is_none());
        // Nor two word vectorizers, nor a char_wb one against itself.
        let w = fit(TfidfParams::new());
        assert!(ChunkIndex::new(&w, &w).is_none());
        assert!(ChunkIndex::new(&c, &c).is_none());
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
        let index = ChunkIndex::new(&w, &c).unwrap();
        let id = |t: &str| index.id(t, w.term_index().get(t.as_bytes()));
        let (mut kept, mut dropped) = (0, 0);
        for a in &words {
            for b in &words {
                let key = ChunkIndex::pair_key(id(a), id(b)).expect("both are bigram tokens");
                let known = index.pairs.get(key).is_some();
                assert_eq!(
                    known,
                    w.term_index().get(format!("{a} {b}").as_bytes()).is_some()
                );
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
}
