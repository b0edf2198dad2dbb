//! Evaluation: confusion matrix, per-label precision/recall/F1, macro-F1,
//! SemEval's F_avg, and stratified K-fold splits.

pub mod metrics;
