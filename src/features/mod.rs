//! Feature extraction: analyzers (word and character n-grams), vocabularies,
//! TF-IDF vectorizers with sklearn semantics, their union, holder/target
//! marking for entity stance, and sparse rows.

pub mod analyzer;
pub mod entity;
pub mod pipeline;
pub mod sparse;
pub mod tfidf;
pub mod vocabulary;
