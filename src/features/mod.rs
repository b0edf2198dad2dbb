//! Feature extraction: analyzers (word and character n-grams), vocabularies,
//! TF-IDF vectorizers with sklearn semantics, their union, holder/target
//! marking for entity stance, and sparse rows. The low-level tables of the
//! transform (`term_index`, `col_counts`) are crate-private; scoring rows
//! without building them is `crate::score`'s, which reads these tables.

pub mod analyzer;
pub(crate) mod col_counts;
pub mod entity;
pub mod pipeline;
pub mod sparse;
pub(crate) mod term_index;
pub mod tfidf;
pub mod vocabulary;
