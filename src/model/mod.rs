//! Classifiers and the model file: a [`Model`] is the fitted feature
//! pipeline, the logistic weights, the label list and the record of how it
//! was trained. `train` builds one, `persist` saves and loads it, and
//! `predict` scores rows with it.

pub mod defaults;
pub mod describe;
pub mod explain;
pub mod json_floats;
mod lbfgs;
pub mod linfa_solver;
pub mod multilabel;
pub mod persist;
pub mod predict;
pub mod solver;
pub mod topics;
pub mod train;
pub mod unigram;

use serde::{Deserialize, Serialize};

use crate::features::pipeline::{Features, Input, Scratch};
use crate::features::sparse::Csr;
use crate::model::solver::{ByFeature, FitReport, Weights};

/// What a model was trained to predict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    /// Stance (support/oppose, FAVOR/AGAINST/NONE, ...), optionally toward a
    /// target and held by a holder.
    Stance,
    /// Topic of a sentence or document.
    Topic,
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Task::Stance => "stance",
            Task::Topic => "topic",
        })
    }
}

/// Names of the input columns a model was trained with; `predict` and
/// `evaluate` default to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Columns {
    /// Text column.
    pub text: String,
    /// Label column.
    pub label: String,
    /// Target column, if any.
    pub target: Option<String>,
    /// Holder column, if any.
    pub holder: Option<String>,
}

/// Everything recorded about a training run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// Data file name as given.
    pub data_file: String,
    /// SHA-256 of the data file's bytes.
    pub data_sha256: String,
    /// Number of training rows.
    pub rows: usize,
    /// Rows per label, in label order.
    pub label_counts: Vec<usize>,
    /// Solver name (`sparse-lbfgs` or `linfa`).
    pub solver: String,
    /// Solver parameters.
    pub params: crate::model::solver::LogisticParams,
    /// What the solver reported.
    pub report: FitReport,
    /// Cross-validation summary, if `--cv` was run.
    pub cv: Option<serde_json::Value>,
}

/// A topic and the phrases that name it in text (used by article predict).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Canonical topic name (as in the training data's target column).
    pub name: String,
    /// Phrases that mention it.
    pub aliases: Vec<String>,
}

/// A trained model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// Stance or topic.
    pub task: Task,
    /// Labels in class-index order (sorted).
    pub labels: Vec<String>,
    /// Column names used in training.
    pub columns: Columns,
    /// The fitted feature pipeline.
    pub features: Features,
    /// Logistic weights.
    pub weights: Weights,
    /// Topics with aliases, for article prediction (stance models with a
    /// target column).
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// Training record.
    pub training: TrainingInfo,
    /// One-vs-rest weights and thresholds of a multi-label model (rows
    /// carry several labels); `weights` is then unused. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_label: Option<multilabel::MultiLabel>,
}

impl Model {
    /// Class probabilities for one input.
    pub fn predict_proba(&self, input: &Input<'_>, scratch: &mut Scratch) -> Vec<f64> {
        let mut row = Csr::new(self.features.n_features());
        self.features.transform_into(input, scratch, &mut row);
        self.proba_of_row(&row)
    }

    /// Probabilities of one feature row: class probabilities summing to 1,
    /// or, for a multi-label model, one independent probability per label.
    fn proba_of_row(&self, row: &Csr) -> Vec<f64> {
        match &self.multi_label {
            Some(m) => m.predict_proba(row.row(0)),
            None => self.weights.predict_proba(row.row(0)),
        }
    }

    /// Class probabilities for many inputs (parallel, in input order).
    pub fn predict_proba_many(&self, inputs: &[Input<'_>]) -> Vec<Vec<f64>> {
        use rayon::prelude::*;
        inputs
            .par_chunks(256)
            .flat_map_iter(|chunk| {
                let mut scratch = Scratch::default();
                let mut row = Csr::new(self.features.n_features());
                chunk
                    .iter()
                    .map(|i| {
                        row.indptr.truncate(1);
                        row.indices.clear();
                        row.data.clear();
                        self.features.transform_into(i, &mut scratch, &mut row);
                        self.proba_of_row(&row)
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// A model prepared for scoring many rows ([`Model::predictor`]): its
/// weights copied feature-major, which is faster than [`Model::predict_proba`]
/// for each row and gives the same probabilities bit for bit.
#[derive(Debug)]
pub struct Predictor<'m> {
    model: &'m Model,
    /// None for a multi-label model (scored by its own weights).
    by_feature: Option<ByFeature>,
}

impl Model {
    /// Prepare for scoring many rows (builds a feature-major copy of the
    /// weights: one more copy of them in memory).
    pub fn predictor(&self) -> Predictor<'_> {
        Predictor {
            model: self,
            by_feature: match self.multi_label {
                Some(_) => None,
                None => Some(self.weights.by_feature()),
            },
        }
    }
}

impl Predictor<'_> {
    /// Class probabilities for one input, as [`Model::predict_proba`].
    pub fn predict_proba(&self, input: &Input<'_>, scratch: &mut Scratch) -> Vec<f64> {
        let mut row = Csr::new(self.model.features.n_features());
        self.model.features.transform_into(input, scratch, &mut row);
        match &self.by_feature {
            Some(w) => w.predict_proba(row.row(0)),
            None => self.model.proba_of_row(&row),
        }
    }
}

/// Index and value of the largest probability (first on ties).
pub fn argmax(p: &[f64]) -> (usize, f64) {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, &v) in p.iter().enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best
}
