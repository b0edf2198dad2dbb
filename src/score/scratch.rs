//! [`ScoreScratch`]: the reusable per-thread buffers of the word-cache
//! scorer (`WordScorer`); their contents never outlive one document.

use crate::features::analyzer::AnalyzerScratch;
use crate::features::col_counts::ColCounts;
use crate::features::term_index::Lookup;

use super::staged::StagedDoc;
use super::stamps;

/// Reusable per-thread buffers of `WordScorer`.
#[derive(Debug, Default, Clone)]
pub struct ScoreScratch {
    /// The padded word of a cache miss.
    pub(super) padded: AnalyzerScratch,
    /// Repeated columns counted, for their correction.
    pub(super) counts: ColCounts,
    /// A computed word's columns and sums.
    pub(super) cols: Vec<u32>,
    pub(super) sums: Vec<f64>,
    /// The document being scored in one go
    /// (`WordScorer::score_words`).
    pub(super) staged: StagedDoc,
    pub(super) stamps: stamps::Stamps,
    /// The tokens of a word joined by spaces, their spans, and the term
    /// lookups of a word (on a cache miss).
    pub(super) toks: String,
    pub(super) tok_spans: Vec<(u32, u32)>,
    pub(super) lookups: Vec<Lookup>,
    /// Keys of the bigrams across words of the document being scored.
    pub(super) pair_keys: Vec<u64>,
}
