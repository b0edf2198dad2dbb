//! [`UnigramScorer`]: a word-unigram model (such as the default topic
//! model: one TF-IDF vectorizer of word unigrams) scored through a
//! per-thread cache of words, with [`Model::predict_proba`]'s
//! probabilities bit for bit.
//!
//! A text is preprocessed as the vectorizer does it (lowercased, accents
//! stripped if so fitted) and cut at whitespace; the vocabulary hits of
//! each whitespace-free word (its tokens, minus stop words, looked up in
//! the vocabulary) are found once and kept in the cache
//! ([`UnigramScratch`]), since the tokenizer lets no token span whitespace
//! nor looks past it
//! ([`TextAnalyzer::unigrams_by_word`](crate::features::analyzer::TextAnalyzer::unigrams_by_word)).
//! The occurrences are then counted and weighed by the vectorizer's own
//! code (`FittedTfidf::row_of_hits`), and the sorted row is scored by the
//! feature-major weights ([`ByFeature`]), as [`Predictor`](super::Predictor)
//! scores the reference row: the same row, the same sums in the same
//! order. What is cached changes how fast, never what comes out.

use rustc_hash::FxHashMap;

use crate::features::analyzer::{AnalyzerScratch, TextAnalyzer};
use crate::features::sparse::RowView;
use crate::features::term_index::Hit;
use crate::features::tfidf::{FittedTfidf, TfidfScratch};
use crate::model::solver::ByFeature;
use crate::model::Model;

/// Words kept in a thread's cache before it starts again empty.
const MAX_WORDS: usize = 1 << 16;

/// A word-unigram model prepared for scoring many texts.
#[derive(Debug)]
pub struct UnigramScorer<'m> {
    vectorizer: &'m FittedTfidf,
    analyzer: &'m TextAnalyzer,
    weights: ByFeature,
}

/// One thread's buffers: the word cache and the row being built.
#[derive(Debug, Default)]
pub struct UnigramScratch {
    /// The preprocessed text.
    text: AnalyzerScratch,
    /// One word's tokens.
    word: AnalyzerScratch,
    /// Each cached word's range in `hits`.
    words: FxHashMap<Box<str>, (u32, u32)>,
    /// The vocabulary hits of the cached words, one per token occurrence.
    hits: Vec<Hit>,
    /// The hits of the current text.
    doc: Vec<Hit>,
    tfidf: TfidfScratch,
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
        analyzer.unigrams_by_word().then(|| UnigramScorer {
            vectorizer,
            analyzer,
            weights: model.weights.by_feature(),
        })
    }

    /// Class probabilities of `text` (without target or holder), as
    /// [`Model::predict_proba`] gives them.
    pub fn predict_proba(&self, text: &str, s: &mut UnigramScratch) -> Vec<f64> {
        if s.words.len() >= MAX_WORDS {
            s.words.clear();
            s.hits.clear();
        }
        let UnigramScratch {
            text: text_scratch,
            word: word_scratch,
            words,
            hits,
            doc,
            tfidf,
        } = s;
        doc.clear();
        let index = self.vectorizer.term_index();
        for word in TextAnalyzer::wb_words(self.analyzer.preprocessed(text, text_scratch)) {
            let (a, b) = match words.get(word) {
                Some(&r) => r,
                None => {
                    let a = hits.len() as u32;
                    self.analyzer.chunk_tokens(word, word_scratch, |t| {
                        if let Some(h) = index.get(t.as_bytes()) {
                            hits.push(h);
                        }
                    });
                    let r = (a, hits.len() as u32);
                    words.insert(word.into(), r);
                    r
                }
            };
            doc.extend_from_slice(&hits[a as usize..b as usize]);
        }
        let (indices, data) = self.vectorizer.row_of_hits(doc.iter().copied(), tfidf);
        self.weights.predict_proba(RowView { indices, data })
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
        assert!(s.words.contains_key("pipeline"));
        assert!(!s.words.contains_key("Japan"));
    }

    #[test]
    fn models_beyond_word_unigrams_are_not_taken() {
        let stance = crate::model::defaults::load(crate::model::Task::Stance).unwrap();
        assert!(UnigramScorer::new(&stance).is_none());
    }
}
