//! [`UnigramScorer`]: a word-unigram model (such as the default topic
//! model: one TF-IDF vectorizer of word unigrams) scored through a
//! per-thread cache of words, with [`Model::predict_proba`]'s
//! probabilities bit for bit.
//!
//! A text is cut at whitespace; the vocabulary hits of each
//! whitespace-free word (the word preprocessed as the vectorizer does it:
//! lowercased, accents stripped if so fitted, cut again where that made
//! whitespace; its tokens, minus stop words, looked up in the vocabulary)
//! are found once and kept in the cache ([`UnigramScratch`]). That gives
//! the terms of the whole text, in order, because the tokenizer lets no
//! token span whitespace nor looks past it
//! ([`TextAnalyzer::unigrams_by_word`](crate::features::analyzer::TextAnalyzer::unigrams_by_word))
//! and preprocessing changes no character's whitespace-ness nor looks
//! across whitespace (lowercasing a final sigma looks at the letters
//! around it, which stop at whitespace; accents are stripped after a
//! canonical decomposition, whose reordering stops at any starter).
//! The occurrences are then counted and weighed by the vectorizer's own
//! code (`FittedTfidf::row_of_hits`), and the sorted row is scored by the
//! feature-major weights ([`ByFeature`]), as [`Predictor`](super::Predictor)
//! scores the reference row: the same row, the same sums in the same
//! order. What is cached changes how fast, never what comes out.

use crate::features::analyzer::{AnalyzerScratch, TextAnalyzer};
use crate::features::sparse::RowView;
use crate::features::term_index::Hit;
use crate::features::tfidf::{FittedTfidf, TfidfScratch};
use crate::mem::prefetch;
use crate::model::solver::ByFeature;
use crate::model::Model;

/// Slots of a thread's word cache (32 bytes each: 512 KiB, within the
/// core's L2 cache; a hash map of every word seen misses the caches on
/// most lookups and was slower). On the FNC-1 bodies once over, 17% of
/// words miss it (28% with 4,096 slots).
const SLOTS: usize = 1 << 14;

/// A word-unigram model prepared for scoring many texts.
#[derive(Debug)]
pub struct UnigramScorer<'m> {
    vectorizer: &'m FittedTfidf,
    analyzer: &'m TextAnalyzer,
    /// The IDF of each column, as the vectorizer's term index holds it.
    idf: Vec<f64>,
    weights: ByFeature,
}

/// One thread's buffers: the word cache and the row being built.
#[derive(Debug, Default)]
pub struct UnigramScratch {
    /// A word preprocessed.
    text: AnalyzerScratch,
    /// One word's tokens.
    word: AnalyzerScratch,
    /// The word cache, direct-mapped by [`slot_of`] (empty until first
    /// used): words of at most 15 bytes with at most two vocabulary hits.
    slots: Vec<Slot>,
    /// The words of the current text: key (0 for a word too long to
    /// cache), start, length and slot.
    words: Vec<(u128, u32, u32, u32)>,
    /// The hits of the current text, one per term occurrence.
    doc: Vec<Hit>,
    tfidf: TfidfScratch,
}

/// A cached word: its [`short_key`] (0: none) and the columns of its
/// vocabulary hits, in order.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u128,
    cols: [u32; 2],
    n: u32,
}

/// A word of at most 15 bytes as one number: its bytes, zero-padded, and
/// its length in the last byte (so never 0).
#[inline]
fn short_key(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > 15 {
        return None;
    }
    let mut a = [0u8; 16];
    a[..b.len()].copy_from_slice(b);
    a[15] = b.len() as u8;
    Some(u128::from_le_bytes(a))
}

/// The cache slot of a word's key (multiplicative hashing).
#[inline]
fn slot_of(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (x.wrapping_mul(0xf135_7aea_2e62_a9c5) >> (64 - SLOTS.trailing_zeros())) as usize
}

impl<'m> UnigramScorer<'m> {
    /// The scorer of `model`, if it is a single-label model whose feature
    /// row of a text is one word-unigram vectorizer's row of it.
    pub fn new(model: &'m Model) -> Option<UnigramScorer<'m>> {
        if model.multi_label.is_some() {
            return None;
        }
        let vectorizer = model.features.plain_text_vectorizer()?;
        let analyzer = vectorizer.text_analyzer();
        let idf = match vectorizer.idf() {
            Some(idf) => idf.to_vec(),
            None => vec![1.0; vectorizer.n_features()],
        };
        analyzer.unigrams_by_word().then(|| UnigramScorer {
            vectorizer,
            analyzer,
            idf,
            weights: model.weights.by_feature(),
        })
    }

    /// Class probabilities of `text` (without target or holder), as
    /// [`Model::predict_proba`] gives them.
    pub fn predict_proba(&self, text: &str, s: &mut UnigramScratch) -> Vec<f64> {
        if s.slots.is_empty() {
            s.slots = vec![Slot::default(); SLOTS];
        }
        // The words first, their slots asked for (the table is larger than
        // the L1 cache), then each looked up.
        s.words.clear();
        for word in TextAnalyzer::wb_words(text) {
            let key = short_key(word.as_bytes()).unwrap_or(0);
            let slot = slot_of(key);
            prefetch(&s.slots[slot]);
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            s.words
                .push((key, start as u32, word.len() as u32, slot as u32));
        }
        s.doc.clear();
        for i in 0..s.words.len() {
            let (key, start, len, slot) = s.words[i];
            let word = &text[start as usize..(start + len) as usize];
            if key == 0 {
                self.word_hits(word, s);
                continue;
            }
            let cached = s.slots[slot as usize];
            if cached.key == key {
                for &col in &cached.cols[..cached.n as usize] {
                    s.doc.push(Hit {
                        col,
                        idf: self.idf[col as usize],
                    });
                }
                continue;
            }
            let first = s.doc.len();
            self.word_hits(word, s);
            let found = &s.doc[first..];
            if found.len() <= 2 {
                let mut cols = [0; 2];
                for (c, h) in cols.iter_mut().zip(found) {
                    *c = h.col;
                }
                s.slots[slot as usize] = Slot {
                    key,
                    cols,
                    n: found.len() as u32,
                };
            }
        }
        let (indices, data) = self
            .vectorizer
            .row_of_hits(s.doc.iter().copied(), &mut s.tfidf);
        self.weights.predict_proba(RowView { indices, data })
    }

    /// Appends the vocabulary hits of one whitespace-free `word` of a text
    /// to `s.doc`.
    fn word_hits(&self, word: &str, s: &mut UnigramScratch) {
        let index = self.vectorizer.term_index();
        let pre = self.analyzer.preprocessed(word, &mut s.text);
        for part in TextAnalyzer::wb_words(pre) {
            self.analyzer.chunk_tokens(part, &mut s.word, |t| {
                if let Some(h) = index.get(t.as_bytes()) {
                    s.doc.push(h);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::pipeline::{Input, Scratch};

    /// Texts with what the tokenizer treats specially: case, accents and
    /// ligatures, possessives, hyphens and dotted abbreviations, URLs,
    /// tags, digits, runs of whitespace (also U+00A0 and U+3000), and
    /// words repeated within and across texts.
    const TEXTS: &[&str] = &[
        "",
        "   ",
        "Japan opposed the missile-defense plan; Japan's ministry said so.",
        "The U.S. and the E.U. backed new sanctions on Monday, officials said.",
        "Trade TALKS on tariffs resumed\u{a0}in Geneva \u{2014} 1,000 delegates, 3.5 days.",
        "See https://example.org/a(b) and www.example.com. #climate @un",
        "\u{fb01}nance ministers: caf\u{e9} CAF\u{c9} na\u{ef}ve \u{3a3}\u{39f}\u{3a3} \u{3c3}\u{3bf}\u{3c2}",
        "\u{6771}\u{4eac} talks\u{3000}on the pipeline\t\tand the\npipeline vote",
        "peacekeeping peacekeeping peacekeeping troops in the territorial dispute",
        "nothing known here qqqq zzzz",
        "Elections -- the vote, the vote! (The vote.) don't won't rock'n'roll",
    ];

    #[test]
    fn probabilities_are_the_models_bit_for_bit() {
        let model = crate::model::defaults::load(crate::model::Task::Topic).unwrap();
        let scorer = UnigramScorer::new(&model).expect("the topic model has unigrams only");
        let mut s = UnigramScratch::default();
        let mut reference = Scratch::default();
        // Twice over, so that the second pass reads words from the cache.
        for _ in 0..2 {
            for text in TEXTS {
                let input = Input {
                    text,
                    target: None,
                    holder: None,
                };
                let want = model.predict_proba(&input, &mut reference);
                let got = scorer.predict_proba(text, &mut s);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&got), bits(&want), "{text:?}");
            }
        }
        let cached = |w: &str| {
            let k = short_key(w.as_bytes()).unwrap();
            s.slots[slot_of(k)].key == k
        };
        assert!(cached("Japan") && cached("pipeline"));
    }

    #[test]
    fn models_beyond_word_unigrams_are_not_taken() {
        let stance = crate::model::defaults::load(crate::model::Task::Stance).unwrap();
        assert!(UnigramScorer::new(&stance).is_none());
    }
}
