//! Evaluation: confusion matrix, per-label precision/recall/F1, macro-F1,
//! SemEval's F_avg, stratified K-fold splits, and article-level scoring of
//! (country, topic, stance) rows against gold labels.

pub mod articles;
pub mod metrics;
