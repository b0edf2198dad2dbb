//! The row scorer's engine: a `char_wb` vectorizer (and a word vectorizer
//! beside it) scored against a model's weights straight from the text,
//! word by word through a cache, without building a TF-IDF row. Built from
//! fitted vectorizers ([`WordScorer::new`], [`ChunkIndex::new`]) and given
//! the weights (`k` per column, one table per block) with each document;
//! `model::predict`'s row scorer drives it.
//!
//! - `scorer`: [`WordScorer`] and the steps of scoring one document;
//! - `staged`: [`StagedDoc`], a document's words split and hashed, and
//!   their cache records asked for, a row or two ahead of its scoring;
//! - `word_cache`: [`WordCache`], a word's columns, norm share and sums
//!   per block, one record per word, padded to cache lines;
//! - `pairs`: [`ChunkIndex`], the word vectorizer's bigrams by token id,
//!   with a filter that rules most non-bigrams out;
//! - `scratch`: [`ScoreScratch`], one thread's reusable buffers;
//! - `stamps`: the one-byte column stamps that find repeated columns,
//!   whose term frequencies are then corrected.
//!
//! What must stay true: a score equals the reference
//! ([`FittedTfidf::transform`](crate::features::tfidf::FittedTfidf::transform),
//! or [`FittedTfidf::weigh`](crate::features::tfidf::FittedTfidf::weigh)
//! before normalizing) times the weights, up to the rounding of sums taken
//! in another order, and it does not depend on what is cached or staged
//! (bit for bit). The tests below and in each module check both.

mod pairs;
mod scorer;
mod scratch;
mod staged;
mod stamps;
mod word_cache;

pub use pairs::ChunkIndex;
pub use scorer::{ChunkPart, WordScorer};
pub use scratch::ScoreScratch;
pub use staged::StagedDoc;
pub use word_cache::{
    WordCache, WordCacheStats, BLOCKS_PER_RECORD, WORD_CACHE_BYTES, WORD_CACHE_ENTRIES,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::analyzer::{Analyzer, TokenizerKind};
    use crate::features::tfidf::{FittedTfidf, Norm, TfidfParams};

    /// The reference score of `doc`: its row from
    /// [`FittedTfidf::transform`] (normalized, stored as `f32`) times
    /// `table`, and the sum of the absolute products (the scale of the
    /// rounding the `f32` row brings).
    fn reference(f: &FittedTfidf, doc: &str, table: &[f32], k: usize) -> (Vec<f64>, f64) {
        let x = f.transform(&[doc]);
        let row = x.row(0);
        let (mut z, mut scale) = (vec![0.0; k], 0.0);
        for (&col, &v) in row.indices.iter().zip(row.data) {
            for (o, z) in z.iter_mut().enumerate() {
                let p = f64::from(v) * f64::from(table[col as usize * k + o]);
                *z += p;
                scale += p.abs();
            }
        }
        (z, scale)
    }

    /// `got / norm` against the reference: the row's values are rounded
    /// to `f32` (relative error 2^-24 each), so the two agree to within
    /// `1e-6 * (1 + sum |x_j * w_j|)`.
    fn assert_close(got: &[f64], norm: f64, want: &(Vec<f64>, f64), what: &str) {
        for (g, w) in got.iter().zip(&want.0) {
            let g = g / norm;
            assert!(
                (g - w).abs() <= 1e-6 * (1.0 + want.1),
                "{what}: {g} vs the reference {w}"
            );
        }
    }

    #[test]
    fn scores_equal_the_reference_rows_times_the_weights() {
        let train = [
            "China's ministry rejected the THAAD plan on Monday, officials said.",
            "The U.S.-backed missile shield passed; Seoul backed the plan.",
            "Trade talks on the plan resumed \u{2014} 1,000 delegates, 3.5 days.",
            "Japan protested against the pipeline. Russia backed the pipeline.",
            "\u{6771}\u{4eac} talks: the plan, the vote! \u{fc}n\u{ef}code aaaa",
        ];
        let docs = [
            "China rejected the plan the plan the plan, officials said.",
            "The missile shield: Seoul backed it; Japan protested. aaaaaa",
            "talks talks talks resumed on trade, the pipeline vote",
            "\u{fc}n\u{ef}code \u{6771}\u{4eac} 3.5 days of talks",
            "",
            "nothing here is known",
        ];
        let (k, blocks) = (2, 3u32);
        for (sublinear_tf, norm, use_idf) in [
            (true, Some(Norm::L2), true),
            (false, Some(Norm::L1), true),
            (true, None, false),
        ] {
            let fit = |p: TfidfParams| {
                p.sublinear_tf(sublinear_tf)
                    .norm(norm)
                    .use_idf(use_idf)
                    .fit(&train)
                    .unwrap()
            };
            let c = fit(TfidfParams::new()
                .analyzer(Analyzer::CharWb)
                .ngram_range(2, 5));
            let w = fit(TfidfParams::new()
                .tokenizer(TokenizerKind::Stance)
                .ngram_range(1, 2));
            let index = ChunkIndex::new(&w, &c).expect("the pair splits alike");
            let scorer = WordScorer::new(&c).expect("a char_wb vectorizer");
            let table = |n: usize, b: u32| -> Vec<f32> {
                (0..n * k)
                    .map(|i| ((i * 37 + b as usize * 11) % 13) as f32 * 0.25 - 1.5)
                    .collect()
            };
            let what = format!("sublinear {sublinear_tf} {norm:?} idf {use_idf}");
            let (mut s, mut cache, mut cache_c) = (
                ScoreScratch::default(),
                WordCache::default(),
                WordCache::default(),
            );
            for block in [2, 0, 2] {
                let (tc, tw) = (
                    table(c.n_features(), block),
                    table(w.n_features(), block + 5),
                );
                for doc in docs {
                    let (mut acc, mut acc_w) = (vec![0.0; k], vec![0.0; k]);
                    let norm_c =
                        scorer.score_words(doc, &mut s, &mut cache_c, block, blocks, &tc, &mut acc);
                    assert_close(&acc, norm_c, &reference(&c, doc, &tc, k), &what);
                    let mut part = ChunkPart {
                        vectorizer: &w,
                        index: &index,
                        table: &tw,
                        acc: &mut acc_w,
                        norm: 0.0,
                    };
                    let (norm_c, norm_w) = scorer
                        .score_chunks(
                            doc, &mut s, &mut cache, block, blocks, &tc, &mut acc, &mut part,
                        )
                        .expect("no token holds a space");
                    assert_close(&acc, norm_c, &reference(&c, doc, &tc, k), &what);
                    assert_close(&acc_w, norm_w, &reference(&w, doc, &tw, k), &what);
                }
            }
            assert!(cache.stats().hits > 0 && cache_c.stats().hits > 0, "{what}");
        }
    }

    #[test]
    fn staged_documents_score_as_in_one_go() {
        let train = [
            "the plan passed",
            "the vote failed on the plan",
            "a plan vote",
        ];
        let c = TfidfParams::new()
            .analyzer(Analyzer::CharWb)
            .ngram_range(2, 4)
            .sublinear_tf(true)
            .fit(&train)
            .unwrap();
        let scorer = WordScorer::new(&c).unwrap();
        let k = 3;
        let table: Vec<f32> = (0..c.n_features() * k)
            .map(|i| ((i * 7) % 5) as f32 - 2.0)
            .collect();
        let docs: Vec<String> = (0..40)
            .map(|i| format!("the plan {} vote{} passed the plan", i % 3, i % 7))
            .collect();
        let one_go: Vec<(f64, Vec<f64>)> = docs
            .iter()
            .map(|d| {
                let mut acc = vec![0.0; k];
                let norm = scorer.score_words(
                    d,
                    &mut ScoreScratch::default(),
                    &mut WordCache::default(),
                    1,
                    2,
                    &table,
                    &mut acc,
                );
                (norm, acc)
            })
            .collect();
        // As the row scorer runs it: words staged two documents ahead,
        // records one ahead, through a cache of two words (emptied between
        // staging and scoring) and a large one.
        for mut cache in [WordCache::new(2, 1 << 20), WordCache::default()] {
            let mut s = ScoreScratch::default();
            let mut staged = vec![StagedDoc::default(); 3];
            let n = docs.len();
            for i in 0..n + 2 {
                if i < n {
                    scorer.stage_words(&docs[i], &cache, 1, 2, &mut staged[i % 3]);
                }
                if let Some(j) = (i + 1).checked_sub(2).filter(|&j| j < n) {
                    scorer.stage_records(&cache, &mut staged[j % 3]);
                }
                if let Some(j) = i.checked_sub(2) {
                    let mut acc = vec![0.0; k];
                    let norm = scorer
                        .score_staged(&staged[j % 3], &mut s, &mut cache, &table, &mut acc, None)
                        .unwrap();
                    assert_eq!((norm, acc), one_go[j], "document {j}");
                }
            }
        }
    }
}
