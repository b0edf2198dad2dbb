//! Feature extraction: vocabularies, TF-IDF vectorizers (sklearn semantics),
//! their union, holder/target marking, and sparse rows.

<<<<<<< HEAD
pub mod entity;
pub mod pipeline;
=======
pub mod analyzer;
>>>>>>> tfidf
pub mod sparse;
pub mod tfidf;
pub mod vocabulary;
