//! Feature extraction: vocabularies, TF-IDF vectorizers (sklearn semantics),
//! their union, and sparse rows.

pub mod analyzer;
pub mod sparse;
pub mod tfidf;
pub mod vocabulary;
