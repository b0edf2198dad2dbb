//! Multi-label classification: rows that carry several labels at once
//! (`economy|trade`). One binary logistic model per label (one-vs-rest) on
//! the shared feature pipeline; each label gets its own decision threshold,
//! chosen to maximize that label's F1 on out-of-fold probabilities
//! (stratified folds of the training data), then every label is refitted on
//! all rows.
//!
//! A row is predicted to carry every label whose probability reaches its
//! threshold; when none does, the single most probable label (every
//! training row has at least one label, so an empty answer is never right).
//! The reported confidence of a prediction is the smallest probability among
//! the labels it contains.
//!
//! Labels in the label column are separated by [`DEFAULT_SEPARATOR`] (`|`)
//! unless `--label-sep` says otherwise; whitespace around each label is
//! ignored, as are empty pieces and repeats.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::Table;
use crate::error::{Error, Result};
use crate::eval::metrics::{self, LabelScores};
use crate::features::pipeline::{Features, Input};
use crate::features::sparse::{Csr, RowView};
use crate::model::solver::{self, FitReport, LogisticParams};
use crate::model::train::TrainOptions;
use crate::model::{Columns, Model, TrainingInfo};

/// The default label separator.
pub const DEFAULT_SEPARATOR: &str = "|";
/// Folds used to choose the per-label thresholds.
pub const THRESHOLD_FOLDS: usize = 3;

/// One-vs-rest weights and thresholds of a multi-label model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultiLabel {
    /// Separator between labels in the label column and in `predicted`.
    pub separator: String,
    /// Decision threshold of each label, in label order.
    pub thresholds: Vec<f64>,
    /// Number of input features.
    pub n_features: usize,
    /// Coefficients, row-major `n_labels x n_features`.
    pub coef: Vec<f64>,
    /// One intercept per label.
    pub intercept: Vec<f64>,
}

impl MultiLabel {
    /// Independent probability of each label (sigmoid of its score).
    pub fn predict_proba(&self, row: RowView<'_>) -> Vec<f64> {
        let d = self.n_features;
        self.intercept
            .iter()
            .enumerate()
            .map(|(k, &b)| sigmoid(b + row.dot(&self.coef[k * d..(k + 1) * d])))
            .collect()
    }

    /// Labels predicted from probabilities `p`: those at or above their
    /// threshold, or the most probable one when none is, in label order.
    pub fn decide(&self, p: &[f64]) -> Vec<usize> {
        let on: Vec<usize> = (0..p.len())
            .filter(|&k| p[k] >= self.thresholds[k])
            .collect();
        if on.is_empty() {
            vec![crate::model::argmax(p).0]
        } else {
            on
        }
    }

    /// `predicted` and `confidence` for probabilities `p`: the chosen
    /// labels joined by the separator, and the smallest of their
    /// probabilities.
    pub fn predicted(&self, labels: &[String], p: &[f64]) -> (String, f64) {
        let on = self.decide(p);
        let names: Vec<&str> = on.iter().map(|&k| labels[k].as_str()).collect();
        let conf = on.iter().map(|&k| p[k]).fold(f64::INFINITY, f64::min);
        (names.join(&self.separator), conf)
    }

    /// Check lengths and values (for models read from files).
    pub fn check(&self, n_labels: usize) -> Result<()> {
        if self.thresholds.len() != n_labels
            || self.intercept.len() != n_labels
            || self.coef.len() != n_labels * self.n_features
        {
            return Err(Error::Other(format!(
                "multi-label weights for {} labels with {} thresholds; expected {n_labels} of each",
                self.intercept.len(),
                self.thresholds.len()
            )));
        }
        Ok(())
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Split one label cell into its labels: trimmed, empty pieces dropped,
/// repeats removed, first-seen order kept.
pub fn split_labels<'a>(cell: &'a str, separator: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for piece in cell.split(separator).map(str::trim) {
        if !piece.is_empty() && !out.contains(&piece) {
            out.push(piece);
        }
    }
    out
}

/// Multi-labeled rows pulled out of a table.
#[derive(Debug, Clone)]
pub struct MultiLabeled {
    /// Texts.
    pub texts: Vec<String>,
    /// Label indices of each row (sorted, at least one).
    pub y: Vec<Vec<usize>>,
    /// Sorted label names.
    pub labels: Vec<String>,
}

impl MultiLabeled {
    /// Read the text and label columns; every row needs a text and at least
    /// one label.
    pub fn from_table(table: &Table, columns: &Columns, separator: &str) -> Result<MultiLabeled> {
        if separator.is_empty() {
            return Err(Error::Param {
                name: "label-sep",
                value: String::new(),
                expected: "a non-empty separator such as |".into(),
            });
        }
        let text_col = table.column(&columns.text)?;
        let label_col = table.column(&columns.label)?;
        table.require_rows()?;
        let texts: Vec<String> = table
            .non_empty(text_col, "text")?
            .into_iter()
            .map(String::from)
            .collect();
        let cells = table.non_empty(label_col, "label")?;
        let mut sets = Vec::with_capacity(cells.len());
        for (row, cell) in table.rows.iter().zip(&cells) {
            let ls = split_labels(cell, separator);
            if ls.is_empty() {
                return Err(Error::input_at(
                    &table.path,
                    Some(row.line),
                    format!("{}", label_col + 1),
                    format!(
                        "label cell \"{cell}\" holds no label; expected labels separated by \"{separator}\""
                    ),
                ));
            }
            sets.push(ls);
        }
        let labels = crate::model::train::distinct_labels(
            table,
            &columns.label,
            sets.iter().flatten().copied(),
        )?;
        let y = sets
            .iter()
            .map(|ls| {
                let mut v: Vec<usize> = ls
                    .iter()
                    .map(|l| {
                        labels
                            .binary_search_by(|x| x.as_str().cmp(l))
                            .expect("label listed")
                    })
                    .collect();
                v.sort_unstable();
                v
            })
            .collect();
        Ok(MultiLabeled { texts, y, labels })
    }

    /// Pipeline inputs of all rows.
    pub fn inputs(&self) -> Vec<Input<'_>> {
        self.texts
            .iter()
            .map(|t| Input {
                text: t,
                target: None,
                holder: None,
            })
            .collect()
    }

    /// 0/1 targets of label `k` for the rows `idx`.
    fn binary(&self, k: usize, idx: &[usize]) -> Vec<u32> {
        idx.iter()
            .map(|&i| u32::from(self.y[i].binary_search(&k).is_ok()))
            .collect()
    }
}

/// Fit one binary model per label on rows `idx` of `x`, in parallel.
/// Returns `(coef, intercept)` stacked in label order and the slowest fit's
/// report. A label with no positive (or no negative) row gets zero weights
/// and an intercept that gives probability ~0 (or ~1).
fn fit_ovr(
    x: &Csr,
    data: &MultiLabeled,
    idx: &[usize],
    params: &LogisticParams,
) -> Result<(Vec<f64>, Vec<f64>, FitReport)> {
    let sub = x.select_rows(idx);
    let d = x.n_cols;
    type LabelFit = (Vec<f64>, f64, Option<FitReport>);
    let fits: Vec<Result<LabelFit>> = (0..data.labels.len())
        .into_par_iter()
        .map(|k| {
            let y = data.binary(k, idx);
            let pos = y.iter().filter(|&&v| v == 1).count();
            if pos == 0 || pos == y.len() {
                let b = if pos == 0 { -20.0 } else { 20.0 };
                return Ok((vec![0.0; d], b, None));
            }
            let (w, r) = solver::fit(&sub, &y, 2, params)?;
            Ok((w.coef, w.intercept[0], Some(r)))
        })
        .collect();
    let mut coef = Vec::with_capacity(d * data.labels.len());
    let mut intercept = Vec::with_capacity(data.labels.len());
    let mut report: Option<FitReport> = None;
    for f in fits {
        let (c, b, r) = f?;
        coef.extend(c);
        intercept.push(b);
        if let Some(r) = r {
            let worse = report
                .as_ref()
                .is_none_or(|old| (!r.converged && old.converged) || r.iterations > old.iterations);
            if worse {
                report = Some(r);
            }
        }
    }
    let report = report.unwrap_or(FitReport {
        iterations: 0,
        termination: "no label needed a fit".into(),
        converged: true,
        final_loss: 0.0,
        grad_norm: 0.0,
        evaluations: 0,
        seconds: 0.0,
    });
    Ok((coef, intercept, report))
}

/// The threshold that maximizes F1 of scores `p` against 0/1 `truth`: the
/// midpoint between the lowest accepted and the highest rejected score of
/// the best cut; 0.5 when there is no positive row.
pub fn best_threshold(p: &[f64], truth: &[bool]) -> f64 {
    let positives = truth.iter().filter(|&&t| t).count();
    if positives == 0 || p.is_empty() {
        return 0.5;
    }
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    let (mut best_f1, mut best_k, mut tp) = (-1.0, 1, 0usize);
    for (n, &i) in order.iter().enumerate() {
        tp += usize::from(truth[i]);
        let k = n + 1;
        // Only cut between distinct scores.
        if k < order.len() && p[order[k]] == p[i] {
            continue;
        }
        let f1 = 2.0 * tp as f64 / (k + positives) as f64;
        if f1 > best_f1 {
            best_f1 = f1;
            best_k = k;
        }
    }
    let lo = p[order[best_k - 1]];
    let hi = if best_k < order.len() {
        p[order[best_k]]
    } else {
        0.0
    };
    (lo + hi) / 2.0
}

/// Train a multi-label model on a table: features on all rows, thresholds
/// from [`THRESHOLD_FOLDS`]-fold out-of-fold probabilities, final weights on
/// all rows.
pub fn train(table: &Table, opts: &TrainOptions, separator: &str, seed: u64) -> Result<Model> {
    let data = MultiLabeled::from_table(table, &opts.columns, separator)?;
    let inputs = data.inputs();
    let (features, x) = Features::fit_transform(&opts.features, &inputs)?;
    drop(inputs);
    let n = data.texts.len();
    let n_labels = data.labels.len();
    // Stratify the threshold folds by each row's first label.
    let strata: Vec<usize> = data.y.iter().map(|ls| ls[0]).collect();
    let k = THRESHOLD_FOLDS.min(n);
    let folds = metrics::stratified_folds(&strata, k, seed);
    let mut oof = vec![vec![0.0; n_labels]; n];
    for f in 0..k {
        let train_idx: Vec<usize> = (0..n).filter(|&i| folds[i] != f).collect();
        let test_idx: Vec<usize> = (0..n).filter(|&i| folds[i] == f).collect();
        if train_idx.is_empty() || test_idx.is_empty() {
            continue;
        }
        let (coef, intercept, _) = fit_ovr(&x, &data, &train_idx, &opts.params)?;
        let m = MultiLabel {
            separator: separator.to_string(),
            thresholds: vec![0.5; n_labels],
            n_features: x.n_cols,
            coef,
            intercept,
        };
        for &i in &test_idx {
            oof[i] = m.predict_proba(x.row(i));
        }
    }
    let thresholds: Vec<f64> = (0..n_labels)
        .map(|l| {
            let p: Vec<f64> = oof.iter().map(|r| r[l]).collect();
            let t: Vec<bool> = data.y.iter().map(|ls| ls.contains(&l)).collect();
            best_threshold(&p, &t)
        })
        .collect();
    let all: Vec<usize> = (0..n).collect();
    let (coef, intercept, report) = fit_ovr(&x, &data, &all, &opts.params)?;
    let mut label_counts = vec![0usize; n_labels];
    for ls in &data.y {
        for &l in ls {
            label_counts[l] += 1;
        }
    }
    let n_features = x.n_cols;
    Ok(Model {
        task: opts.task,
        labels: data.labels.clone(),
        columns: opts.columns.clone(),
        weights: solver::Weights {
            n_features: 0,
            n_classes: 2,
            coef: Vec::new(),
            intercept: vec![0.0],
        },
        features,
        topics: opts.topics.clone(),
        training: TrainingInfo {
            data_file: table.path.clone(),
            data_sha256: table.sha256.clone(),
            rows: n,
            label_counts,
            solver: "sparse-lbfgs one-vs-rest".into(),
            params: opts.params.clone(),
            report,
            cv: None,
        },
        multi_label: Some(MultiLabel {
            separator: separator.to_string(),
            thresholds,
            n_features,
            coef,
            intercept,
        }),
    })
}

/// Multi-label evaluation: per-label precision/recall/F1, micro and macro
/// F1, and subset accuracy (the whole label set right).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiReport {
    /// Rows scored.
    pub rows: usize,
    /// Fraction of rows whose predicted label set equals the true one.
    pub subset_accuracy: f64,
    /// F1 of all (row, label) decisions pooled.
    pub micro_f1: f64,
    /// Mean of the per-label F1.
    pub macro_f1: f64,
    /// Per-label scores (support = rows carrying the label).
    pub per_label: Vec<LabelScores>,
}

/// Score predicted label sets against true ones (indices into `labels`).
pub fn report(labels: &[String], truth: &[Vec<usize>], pred: &[Vec<usize>]) -> MultiReport {
    assert_eq!(truth.len(), pred.len(), "truth and predictions differ");
    let k = labels.len();
    let (mut tp, mut fp, mut fn_) = (vec![0usize; k], vec![0usize; k], vec![0usize; k]);
    let mut exact = 0;
    for (t, p) in truth.iter().zip(pred) {
        let mut ts = t.clone();
        let mut ps = p.clone();
        ts.sort_unstable();
        ts.dedup();
        ps.sort_unstable();
        ps.dedup();
        if ts == ps {
            exact += 1;
        }
        for &l in &ps {
            if ts.contains(&l) {
                tp[l] += 1;
            } else {
                fp[l] += 1;
            }
        }
        for &l in &ts {
            if !ps.contains(&l) {
                fn_[l] += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let f1 = |tp: usize, fp: usize, fn_: usize| ratio(2 * tp, 2 * tp + fp + fn_);
    let per_label: Vec<LabelScores> = (0..k)
        .map(|l| LabelScores {
            label: labels[l].clone(),
            precision: ratio(tp[l], tp[l] + fp[l]),
            recall: ratio(tp[l], tp[l] + fn_[l]),
            f1: f1(tp[l], fp[l], fn_[l]),
            support: tp[l] + fn_[l],
        })
        .collect();
    let (stp, sfp, sfn) = (
        tp.iter().sum::<usize>(),
        fp.iter().sum::<usize>(),
        fn_.iter().sum::<usize>(),
    );
    MultiReport {
        rows: truth.len(),
        subset_accuracy: ratio(exact, truth.len()),
        micro_f1: f1(stp, sfp, sfn),
        macro_f1: if k == 0 {
            0.0
        } else {
            per_label.iter().map(|s| s.f1).sum::<f64>() / k as f64
        },
        per_label,
    }
}

impl MultiReport {
    /// A plain-text table.
    pub fn to_text(&self) -> String {
        let w = self
            .per_label
            .iter()
            .map(|s| s.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let mut out = format!("{:w$}  precision  recall  f1      support\n", "label");
        for s in &self.per_label {
            out.push_str(&format!(
                "{:w$}  {:.4}     {:.4}  {:.4}  {}\n",
                s.label, s.precision, s.recall, s.f1, s.support
            ));
        }
        out.push_str(&format!(
            "rows {}  subset accuracy {:.4}  micro-F1 {:.4}  macro-F1 {:.4}\n",
            self.rows, self.subset_accuracy, self.micro_f1, self.macro_f1
        ));
        out
    }
}

/// Score a multi-label model on a labeled table (label cells split by the
/// model's separator; a label the model does not know is an error).
pub fn evaluate(model: &Model, table: &Table, text: usize, label: usize) -> Result<MultiReport> {
    let m = model.multi_label.as_ref().ok_or_else(|| {
        Error::Other("model is not multi-label; expected one trained with --multi-label".into())
    })?;
    let texts = table.non_empty(text, "text")?;
    let cells = table.non_empty(label, "label")?;
    let mut truth = Vec::with_capacity(cells.len());
    for (row, cell) in table.rows.iter().zip(&cells) {
        let mut set = Vec::new();
        for l in split_labels(cell, &m.separator) {
            match model.labels.iter().position(|x| x == l) {
                Some(i) => set.push(i),
                None => {
                    return Err(Error::input_at(
                        &table.path,
                        Some(row.line),
                        format!("{}", label + 1),
                        format!(
                            "unknown label \"{l}\"; expected labels of the model ({}) separated by \"{}\"",
                            model.labels.join(", "),
                            m.separator
                        ),
                    ))
                }
            }
        }
        truth.push(set);
    }
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .map(|t| Input {
            text: t,
            target: None,
            holder: None,
        })
        .collect();
    let pred: Vec<Vec<usize>> = model
        .predict_proba_many(&inputs)
        .iter()
        .map(|p| m.decide(p))
        .collect();
    Ok(report(&model.labels, &truth, &pred))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_label_cells() {
        assert_eq!(split_labels(" a | b|a||c ", "|"), ["a", "b", "c"]);
        assert_eq!(split_labels("x;y", ";"), ["x", "y"]);
        assert!(split_labels(" | ", "|").is_empty());
    }

    #[test]
    fn threshold_maximizes_f1() {
        // Positives at 0.9 and 0.6; a negative at 0.7 in between.
        let p = [0.9, 0.7, 0.6, 0.2, 0.1];
        let t = [true, false, true, false, false];
        // Cut after 0.6 (F1 = 2*2/(3+2) = 0.8) beats cut after 0.9
        // (F1 = 2/(1+2) = 0.667): midpoint of 0.6 and 0.2.
        assert!((best_threshold(&p, &t) - 0.4).abs() < 1e-12);
        // Ties are never split: both 0.5 rows go together.
        let p = [0.5, 0.5, 0.1];
        let t = [true, false, false];
        assert!((best_threshold(&p, &t) - 0.3).abs() < 1e-12);
        assert_eq!(best_threshold(&[0.3], &[false]), 0.5);
    }

    #[test]
    fn decides_and_reports() {
        let m = MultiLabel {
            separator: "|".into(),
            thresholds: vec![0.5, 0.3, 0.9],
            n_features: 0,
            coef: vec![],
            intercept: vec![0.0; 3],
        };
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(m.decide(&[0.6, 0.35, 0.8]), [0, 1]);
        assert_eq!(m.decide(&[0.1, 0.2, 0.4]), [2]);
        assert_eq!(
            m.predicted(&labels, &[0.6, 0.35, 0.8]),
            ("a|b".into(), 0.35)
        );
        let r = report(
            &labels,
            &[vec![0, 1], vec![2], vec![0]],
            &[vec![0], vec![2], vec![0, 2]],
        );
        assert_eq!(r.rows, 3);
        assert!((r.subset_accuracy - 1.0 / 3.0).abs() < 1e-12);
        // tp a=2, c=1; fp c=1; fn b=1: micro F1 = 6 / (6 + 1 + 1) = 0.75.
        assert!((r.micro_f1 - 0.75).abs() < 1e-12);
        assert_eq!(r.per_label[0].f1, 1.0);
        assert_eq!(r.per_label[1].f1, 0.0);
        assert!((r.per_label[2].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.macro_f1 - 5.0 / 9.0).abs() < 1e-12);
        assert_eq!(r.per_label[1].support, 1);
    }
}
