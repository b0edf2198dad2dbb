//! The default classifier: L2-regularized logistic regression fitted on CSR
//! rows by our own in-place L-BFGS ([`crate::model::lbfgs`]: two-loop
//! recursion, strong Wolfe line search), without ever densifying the feature
//! matrix.
//!
//! # Objective
//!
//! The same problem as scikit-learn's `LogisticRegression(solver="lbfgs")`:
//!
//! ```text
//! minimize  C * sum_i s_i * logloss_i(W, b)  +  0.5 * ||W||^2
//! ```
//!
//! where `s_i` is the sample weight times the class weight of row `i` and the
//! intercepts `b` are not penalized. Two classes use the binary sigmoid form
//! (one weight vector and one intercept, class 1 is the positive class, as
//! sklearn); three or more use the multinomial (softmax) form with one weight
//! vector and one intercept per class.
//!
//! Internally the objective is divided by `C * S` with `S = sum_i s_i`, as
//! sklearn does since 1.1: the minimizer is unchanged, and the gradient
//! tolerance `tol` means the same thing whatever the corpus size. L-BFGS stops
//! as scipy's L-BFGS-B does with scikit-learn's settings: when the largest
//! absolute component (max-abs norm) of that scaled gradient is at most `tol`
//! (sklearn's `gtol = tol`), when the relative decrease of the objective in
//! one iteration, `(f_k - f_k+1) / max(|f_k|, |f_k+1|, 1)`, is at most
//! `64 * f64::EPSILON` (sklearn's `ftol`), or after `max_iter` iterations.
//! The first two count as converged; hitting `max_iter` (or a line search
//! that finds no decrease) is reported as `converged = false`.
//!
//! # Speed and determinism
//!
//! Each point the optimizer visits costs one data pass, which gives the
//! objective and its gradient together. A pass is two parallel sweeps
//! (rayon): over fixed chunks of rows (scores, loss and residuals, each row
//! written to its own slot) and over fixed chunks of features (the gradient,
//! `X^T R`, read from a column-major copy of `X` made once per fit). Both
//! sweeps read at scattered places (the weights of a row's columns, a table
//! much larger than the caches; the residuals of a column's rows) and ask
//! the CPU for those entries a few stored values ahead, which measured 10-15%
//! less train CPU time. Residuals and gradients
//! are kept in `f64`: storing the residuals as `f32` (half the bytes for the
//! gradient sweep to fetch) measured within noise (0-6% of train CPU time on
//! directed-sentiment and 20 Newsgroups, where the residuals, 0.3 and 1.6 MB,
//! fit in the 2 MiB L2 cache anyway), so it would only have cost
//! precision. Large problems (more than `FUSED_ABOVE` = 20M stored values,
//! when the copy would also outweigh the fused pass's tables) skip
//! the column-major copy: one fused sweep over `PARTITIONS` (2) fixed parts of
//! the rows computes each row's residuals and adds `r * x_ij` into the
//! part's own table (each feature's weights and gradient sums side by side,
//! so one cache line serves both); the parts' sums are added in part order.
//! On 100k synthetic rows (39M stored values) that cut peak train memory by
//! 15% for 8% more CPU time; on smaller data the fused pass measured 17-50%
//! slower, so it is kept for data whose copy would be large. Its tables
//! cost `PARTITIONS * 2k` doubles per feature, which for wide models is more
//! than the copy: 20 Newsgroups with word 1-2 + char_wb 2-5 features (2.6M
//! features, 20 classes, about 25M stored values) trained in 77.7 s wall and
//! 7.9 GB with the two-sweep pass against 100.4 s and 9.3 GB fused (same 58
//! iterations), so the fused pass is used only when the copy would be the
//! larger ([`fused_pass`]). The two passes
//! sum in different orders, so their weights differ in the last bits.
//! No floating-point sum depends on how work is split between
//! threads (the optimizer's vector sums use fixed chunks too), so the same
//! data give bit-identical weights with any number of threads. The
//! column-major copy costs as much memory as the CSR matrix itself (8 bytes
//! per stored value), and L-BFGS keeps `2 * (history + 1) + 5` vectors of
//! the parameter count.
//!
//! Models with target blocks (`--target`, shared or per-target) are fitted
//! on [`BlockRows`]: each row's text block once, its copy in the target's
//! block left implicit (columns found per row from the block's column set,
//! see [`RowSource`]). The sums run in the widened row's order, so the
//! weights are bit-identical to a fit on the widened matrix. On 100k
//! synthetic rows with 5 targets that cut peak train memory from 928 to
//! 777 MB (the copies were half the matrix) for 16-20% more train CPU time
//! (26.0 -> 30.3 s; finding the copy's columns is about 8% of it), which we
//! chose because memory, not time, was the limit scikit-learn set there.

use std::time::Instant;

use linfa::dataset::DatasetBase;
use linfa::traits::{Fit, Predict, PredictInplace};
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::pipeline::{BlockRows, Design};
use crate::features::sparse::{Csr, RowView};
use crate::mem::{huge_page_vec, prefetch, prefetch_span};
use crate::model::lbfgs;

/// Parts the rows are split into for the data pass, each summing into its
/// own gradient buffer; the buffers are then added in part order. Fixed
/// (not derived from the thread count) so results never depend on
/// scheduling; each part beyond the first costs one parameter vector.
const PARTITIONS: usize = 2;
/// Rows per parallel work item in the score/residual sweep of the
/// two-sweep pass.
const ROW_CHUNK: usize = 512;
/// Features per parallel work item in the gradient sweep (and when adding
/// the parts' gradients of the fused pass).
const FEATURE_CHUNK: usize = 1024;
/// Stored values above which a fit may use the fused row pass instead of
/// a column-major copy of `X` (8 bytes per stored value: 160 MB here); see
/// [`fused_pass`].
const FUSED_ABOVE: usize = 20_000_000;
/// Relative-decrease tolerance: scikit-learn passes `ftol = 64 * eps` to
/// scipy's L-BFGS-B.
const FTOL: f64 = 64.0 * f64::EPSILON;

/// How rows are weighted by their class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every class weighs 1.
    None,
    /// sklearn's `class_weight="balanced"`: class `c` weighs
    /// `n_samples / (n_present_classes * count_c)`, so each class present in
    /// the training labels contributes the same total weight.
    Balanced,
}

/// Hyperparameters of the logistic regression (sklearn's names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticParams {
    /// Inverse regularization strength; larger means weaker L2 penalty.
    /// Defaults to `1.0`.
    pub c: f64,
    /// Per-class row weights. Defaults to [`ClassWeight::None`].
    pub class_weight: ClassWeight,
    /// Maximum number of L-BFGS iterations. Defaults to `1000` (sklearn's
    /// `100` often stops short of `tol` on TF-IDF features).
    pub max_iter: u64,
    /// Gradient tolerance on the max-abs norm of the gradient of the scaled
    /// objective (see the module docs). Defaults to `1e-4`, as sklearn.
    pub tol: f64,
    /// Whether to fit (unpenalized) intercepts. Defaults to `true`.
    pub fit_intercept: bool,
    /// Seed for any randomness. The fit is fully deterministic (zero start,
    /// no sampling), so the seed currently changes nothing; it is kept so that
    /// model files record it. Defaults to `0`.
    pub seed: u64,
    /// Number of correction pairs L-BFGS keeps (`m`). Defaults to `10`.
    pub history: usize,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            c: 1.0,
            class_weight: ClassWeight::None,
            max_iter: 1000,
            tol: 1e-4,
            fit_intercept: true,
            seed: 0,
            history: 10,
        }
    }
}

impl LogisticParams {
    /// Checks every parameter, naming the first bad one.
    pub fn check(&self) -> Result<()> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(param("C", self.c, "a finite number greater than 0"));
        }
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(param("tol", self.tol, "a finite number >= 0"));
        }
        if self.max_iter == 0 {
            return Err(param("max_iter", self.max_iter, "an integer >= 1"));
        }
        if self.history == 0 {
            return Err(param("history", self.history, "an integer >= 1"));
        }
        Ok(())
    }
}

fn param(name: &'static str, value: impl ToString, expected: &str) -> Error {
    Error::Param {
        name,
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

/// Fitted weights: everything prediction needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Number of input features (columns).
    pub n_features: usize,
    /// Number of classes (at least 2).
    pub n_classes: usize,
    /// Coefficients, row-major `n_outputs x n_features`, where `n_outputs`
    /// is 1 for two classes (the weights of class 1) and `n_classes` otherwise.
    #[serde(serialize_with = "crate::model::persist::serialize_floats")]
    pub coef: Vec<f64>,
    /// One intercept per output (zeros when no intercept was fitted).
    pub intercept: Vec<f64>,
}

impl Weights {
    /// The `n` features with the largest weight toward class `class`, as
    /// (column, weight), heaviest first. For a binary model class 1 uses the
    /// weight vector and class 0 its negation.
    pub fn top_features(&self, class: usize, n: usize) -> Vec<(usize, f64)> {
        let d = self.n_features;
        let (row, sign) = if self.n_outputs() == 1 {
            (0, if class == 1 { 1.0 } else { -1.0 })
        } else {
            (class, 1.0)
        };
        let mut v: Vec<(usize, f64)> = self.coef[row * d..(row + 1) * d]
            .iter()
            .enumerate()
            .map(|(j, &w)| (j, sign * w))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }

    /// Number of score rows: 1 for a binary model, `n_classes` otherwise.
    pub fn n_outputs(&self) -> usize {
        n_outputs(self.n_classes)
    }

    /// Checks that the vectors have the lengths the counts imply and hold
    /// finite numbers (for weights read back from a model file).
    pub fn check(&self) -> Result<()> {
        if self.n_classes < 2 {
            return Err(Error::Other(format!(
                "weights for {} classes; expected at least 2",
                self.n_classes
            )));
        }
        let k = self.n_outputs();
        if self.coef.len() != k * self.n_features || self.intercept.len() != k {
            return Err(Error::Other(format!(
                "weights hold {} coefficients and {} intercepts; expected {} x {} = {} and {k}",
                self.coef.len(),
                self.intercept.len(),
                k,
                self.n_features,
                k * self.n_features
            )));
        }
        if self
            .coef
            .iter()
            .chain(&self.intercept)
            .any(|v| !v.is_finite())
        {
            return Err(Error::Other(
                "weights contain a non-finite number; expected finite values".into(),
            ));
        }
        Ok(())
    }

    /// Raw scores `coef . x + intercept`, one per output (sklearn's
    /// `decision_function`). Panics if the row has a column `>= n_features`.
    pub fn decision(&self, row: RowView<'_>) -> Vec<f64> {
        let nf = self.n_features;
        (0..self.n_outputs())
            .map(|o| self.intercept[o] + row.dot(&self.coef[o * nf..(o + 1) * nf]))
            .collect()
    }

    /// Class probabilities, `n_classes` of them summing to 1: the sigmoid
    /// for binary models (`[1 - p, p]`), the softmax otherwise, both computed
    /// without overflow.
    pub fn predict_proba(&self, row: RowView<'_>) -> Vec<f64> {
        proba_of_scores(self.n_classes, self.decision(row))
    }

    /// The predicted class index: class 1 when the binary score is above 0,
    /// otherwise the first class with the highest score (as sklearn).
    pub fn predict(&self, row: RowView<'_>) -> usize {
        let z = self.decision(row);
        if self.n_classes == 2 {
            usize::from(z[0] > 0.0)
        } else {
            let mut best = 0;
            for (c, &v) in z.iter().enumerate() {
                if v > z[best] {
                    best = c;
                }
            }
            best
        }
    }

    /// A copy of the weights laid out feature-major, for scoring many rows:
    /// the outputs' weights of one column sit together, so a row touches
    /// one cache line per non-zero instead of one per output and non-zero.
    pub fn by_feature(&self) -> ByFeature {
        let (k, nf) = (self.n_outputs(), self.n_features);
        let mut coef = vec![0.0; k * nf];
        for o in 0..k {
            for (j, &w) in self.coef[o * nf..(o + 1) * nf].iter().enumerate() {
                coef[j * k + o] = w;
            }
        }
        ByFeature {
            n_classes: self.n_classes,
            coef,
            intercept: self.intercept.clone(),
        }
    }
}

/// Feature-major weights ([`Weights::by_feature`]): the same scores and
/// probabilities as [`Weights`], bit for bit (each output sums its terms in
/// the row's column order, as [`Weights::decision`] does).
#[derive(Debug, Clone)]
pub struct ByFeature {
    n_classes: usize,
    /// `n_features x n_outputs`, row-major.
    coef: Vec<f64>,
    intercept: Vec<f64>,
}

impl ByFeature {
    /// Raw scores, as [`Weights::decision`].
    pub fn decision(&self, row: RowView<'_>) -> Vec<f64> {
        let k = self.intercept.len();
        let mut s = vec![0.0f64; k];
        // The weights of a row's columns are scattered over a table much
        // larger than the caches: ask for them a few columns ahead.
        for &j in row.indices.iter().take(AHEAD) {
            prefetch(&self.coef[j as usize * k]);
        }
        for (i, (&j, &v)) in row.indices.iter().zip(row.data).enumerate() {
            if let Some(&a) = row.indices.get(i + AHEAD) {
                prefetch(&self.coef[a as usize * k]);
            }
            let w = &self.coef[j as usize * k..][..k];
            let v = f64::from(v);
            for (s, &w) in s.iter_mut().zip(w) {
                *s += v * w;
            }
        }
        for (s, b) in s.iter_mut().zip(&self.intercept) {
            *s += *b;
        }
        s
    }

    /// Class probabilities, as [`Weights::predict_proba`].
    pub fn predict_proba(&self, row: RowView<'_>) -> Vec<f64> {
        proba_of_scores(self.n_classes, self.decision(row))
    }

    /// Class probabilities of raw scores `z` (one per output, as
    /// [`Weights::decision`] gives them) of an `n_classes` model: the
    /// sigmoid for two classes, the softmax otherwise.
    pub fn probabilities(n_classes: usize, z: Vec<f64>) -> Vec<f64> {
        proba_of_scores(n_classes, z)
    }
}

/// How many columns ahead [`ByFeature::decision`] prefetches weights.
const AHEAD: usize = 16;

/// Sigmoid (binary) or softmax probabilities of raw scores.
fn proba_of_scores(n_classes: usize, z: Vec<f64>) -> Vec<f64> {
    if n_classes == 2 {
        let p = sigmoid(z[0]);
        vec![1.0 - p, p]
    } else {
        // In place: one allocation per row (the caller's `z`) instead of
        // three, with the same arithmetic in the same order.
        let mut z = z;
        let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // `exp(0)` is 1 exactly: the largest score needs no call (unless
        // it is infinite, where `inf - inf` gives NaN as before).
        let finite = m.is_finite();
        for v in z.iter_mut() {
            *v = if finite && *v == m {
                1.0
            } else {
                (*v - m).exp()
            };
        }
        let s: f64 = z.iter().sum();
        for v in z.iter_mut() {
            *v /= s;
        }
        z
    }
}

/// How a fit ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// L-BFGS iterations run (0 when unknown: the linfa path).
    pub iterations: u64,
    /// Why the optimizer stopped: "gradient below tol", "relative decrease
    /// below ftol", "maximum iterations reached" or "line search found no
    /// decrease" (other texts from the linfa path).
    pub termination: String,
    /// Whether the optimizer met a stopping tolerance (gradient or relative
    /// decrease; `grad_norm` tells the two apart). `false` means the weights
    /// are usable but not optimal; callers should warn.
    pub converged: bool,
    /// The scaled objective (see the module docs) at the returned weights.
    pub final_loss: f64,
    /// Max-abs norm (largest absolute component) of the scaled gradient at
    /// the returned weights: the quantity compared with `tol`.
    pub grad_norm: f64,
    /// Passes over the data (one per parameter vector evaluated, the start
    /// included).
    pub evaluations: u64,
    /// Wall-clock seconds spent fitting. Not saved in model files, so the
    /// same data and settings give byte-identical files.
    #[serde(skip)]
    pub seconds: f64,
}

/// Fits on CSR rows `x` with labels `y` (class indices `0..n_classes`).
pub fn fit(
    x: &Csr,
    y: &[u32],
    n_classes: usize,
    params: &LogisticParams,
) -> Result<(Weights, FitReport)> {
    fit_weighted(x, y, n_classes, None, params)
}

/// [`fit`] with optional per-row sample weights (multiplied by the class
/// weights, as sklearn does).
pub fn fit_weighted(
    x: &Csr,
    y: &[u32],
    n_classes: usize,
    sample_weight: Option<&[f64]>,
    params: &LogisticParams,
) -> Result<(Weights, FitReport)> {
    fit_source(x, y, n_classes, sample_weight, params)
}

/// [`fit`] on training rows as the feature pipeline gives them: rows with
/// implicit per-target copies ([`BlockRows`]) are read as they are, never
/// widened, and give the same weights, bit for bit, as their widened
/// matrix.
pub fn fit_design(
    x: &Design,
    y: &[u32],
    n_classes: usize,
    params: &LogisticParams,
) -> Result<(Weights, FitReport)> {
    match x {
        Design::Rows(x) => fit_source(x, y, n_classes, None, params),
        Design::Blocks(x) => fit_source(x, y, n_classes, None, params),
    }
}

fn fit_source(
    x: &impl RowSource,
    y: &[u32],
    n_classes: usize,
    sample_weight: Option<&[f64]>,
    params: &LogisticParams,
) -> Result<(Weights, FitReport)> {
    let start = Instant::now();
    params.check()?;
    let objective = Objective::new(x, y, n_classes, sample_weight, params)?;
    let settings = lbfgs::Settings {
        history: params.history,
        max_iter: params.max_iter,
        gtol: params.tol,
        ftol: FTOL,
    };
    let mut residuals = Vec::new();
    let x0 = huge_page_vec(objective.n_params(), 0.0);
    let out = lbfgs::minimize(x0, &settings, |w, g| {
        objective.eval_into(w, g, &mut residuals)
    });
    let weights = objective.to_weights(&out.x);
    let report = FitReport {
        iterations: out.iterations,
        termination: out.stop.text().to_string(),
        converged: out.stop.converged(),
        final_loss: out.f,
        grad_norm: out.grad_max,
        evaluations: out.evaluations,
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((weights, report))
}

/// sklearn's class weights for `y`: all ones for [`ClassWeight::None`];
/// for [`ClassWeight::Balanced`], `n_samples / (n_present * count_c)` where
/// `n_present` counts the classes that occur in `y` (absent classes get 0,
/// which is moot since they have no rows).
pub fn class_weights(y: &[u32], n_classes: usize, class_weight: ClassWeight) -> Vec<f64> {
    match class_weight {
        ClassWeight::None => vec![1.0; n_classes],
        ClassWeight::Balanced => {
            let mut counts = vec![0usize; n_classes];
            for &c in y {
                counts[c as usize] += 1;
            }
            let present = counts.iter().filter(|&&n| n > 0).count();
            counts
                .iter()
                .map(|&n| {
                    if n == 0 {
                        0.0
                    } else {
                        y.len() as f64 / (present as f64 * n as f64)
                    }
                })
                .collect()
        }
    }
}

/// The scaled objective and the max-abs norm of its gradient at given weights, for checking
/// weights that came from elsewhere (the linfa path).
pub(crate) fn evaluate_weights(
    x: &Csr,
    y: &[u32],
    n_classes: usize,
    params: &LogisticParams,
    weights: &Weights,
) -> Result<(f64, f64)> {
    let objective = Objective::new(x, y, n_classes, None, params)?;
    let w = objective.params_of(weights);
    let (f, g) = objective.eval(&w);
    Ok((f, max_abs(&g)))
}

/// Checks shapes and labels shared by both solvers.
pub(crate) fn check_data(x: &Csr, y: &[u32], n_classes: usize) -> Result<()> {
    if n_classes < 2 {
        return Err(param("n_classes", n_classes, "at least 2 classes"));
    }
    if x.n_rows() == 0 {
        return Err(Error::Other(
            "cannot fit a classifier on 0 rows; expected at least one training row".into(),
        ));
    }
    if y.len() != x.n_rows() {
        return Err(Error::Other(format!(
            "found {} labels for {} feature rows; expected one label per row",
            y.len(),
            x.n_rows()
        )));
    }
    if let Some((i, &c)) = y.iter().enumerate().find(|(_, &c)| c as usize >= n_classes) {
        return Err(Error::Other(format!(
            "row {i} has label {c}; expected a class index below {n_classes}"
        )));
    }
    if let Some(p) = x.data.iter().position(|v| !v.is_finite()) {
        return Err(Error::Other(format!(
            "feature value {} at stored position {p} is not finite; expected finite values",
            x.data[p]
        )));
    }
    Ok(())
}

fn n_outputs(n_classes: usize) -> usize {
    if n_classes == 2 {
        1
    } else {
        n_classes
    }
}

/// Largest absolute value: the gradient norm the stopping test uses.
fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, a| m.max(a.abs()))
}

#[inline]
fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^t)` without overflow or loss of precision.
#[inline]
fn softplus(t: f64) -> f64 {
    if t > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// Most outputs the fixed-width kernel handles ([`pass_fixed`]): its sums
/// stay in registers (a fixed-size array) rather than memory, which
/// shortens the chain of dependent additions per stored value. Wider
/// problems use [`Objective::pass_any`], whose per-output loop over memory
/// is already long enough to keep the CPU busy.
const MAX_BLOCK: usize = 8;

/// Dispatches a runtime output count (1 to [`MAX_BLOCK`]) to the kernel
/// compiled for it.
macro_rules! dispatch {
    ($width:expr, $kernel:ident, $($arg:expr),*) => {
        match $width {
            1 => $kernel::<1>($($arg),*),
            2 => $kernel::<2>($($arg),*),
            3 => $kernel::<3>($($arg),*),
            4 => $kernel::<4>($($arg),*),
            5 => $kernel::<5>($($arg),*),
            6 => $kernel::<6>($($arg),*),
            7 => $kernel::<7>($($arg),*),
            8 => $kernel::<8>($($arg),*),
            w => unreachable!("kernel width {w}"),
        }
    };
}

/// The rows a fit reads: a [`Csr`] matrix, or training rows whose
/// per-target copies are implicit ([`BlockRows`]). Both give a row's stored
/// values in increasing column order, so every sum, and thus every weight,
/// comes out the same bit for bit whichever form holds the rows; the
/// implicit form saves the memory of the copies (half the matrix of a model
/// with shared and per-target blocks).
pub(crate) trait RowSource: Sync {
    fn n_rows(&self) -> usize;
    fn n_cols(&self) -> usize;
    /// Stored values of the (widened) matrix.
    fn nnz(&self) -> usize;
    /// Stored values of row `i`.
    fn row_len(&self, i: usize) -> usize;
    /// The matrix holding every row's distinct stored values, for the
    /// checks on shape and values.
    fn values(&self) -> &Csr;
    /// Row `i` (the columns of a target copy written into `buf`).
    fn row<'s>(&'s self, i: usize, buf: &'s mut Vec<u32>) -> RowParts<'s>;
}

/// One row of a [`RowSource`]: stored values, read once at their own
/// columns (`plain`) and then, for a row with a target copy, again at its
/// columns in the target's block (`copy`).
#[derive(Clone, Copy)]
pub(crate) struct RowParts<'s> {
    /// The stored columns from the row's first on (past the row they are
    /// the next rows', read only as prefetch hints).
    cols: &'s [u32],
    /// The row's stored values.
    vals: &'s [f32],
    /// Whether the values count at their own columns.
    plain: bool,
    /// Where they count again: the target block's column of each value.
    copy: Option<&'s [u32]>,
}

impl RowParts<'_> {
    /// `f(j, v, ahead)` for each stored value of the row in column order,
    /// where `ahead` is the column [`AHEAD`] values later (in this row or
    /// the next ones; a hint only, possibly outside the matrix for the
    /// next rows).
    #[inline(always)]
    fn each(&self, mut f: impl FnMut(usize, f64, Option<usize>)) {
        let (cols, vals) = (self.cols, self.vals);
        let Some(copy) = self.copy else {
            if self.plain {
                for (p, (&j, &v)) in cols.iter().zip(vals).enumerate() {
                    let ahead = cols.get(p + AHEAD).map(|&a| a as usize);
                    f(j as usize, f64::from(v), ahead);
                }
            }
            return;
        };
        if self.plain {
            // Near the end of the plain part, the hints come from the
            // target copy.
            for (p, (&j, &v)) in cols.iter().zip(vals).enumerate() {
                let ahead = match vals.len() - p {
                    rest if rest > AHEAD => cols.get(p + AHEAD),
                    rest => copy.get(AHEAD - rest),
                };
                f(j as usize, f64::from(v), ahead.map(|&a| a as usize));
            }
        }
        for (p, (&j, &v)) in copy.iter().zip(vals).enumerate() {
            let ahead = copy.get(p + AHEAD).or_else(|| cols.get(p + AHEAD));
            f(j as usize, f64::from(v), ahead.map(|&a| a as usize));
        }
    }
}

impl RowSource for Csr {
    fn n_rows(&self) -> usize {
        Csr::n_rows(self)
    }
    fn n_cols(&self) -> usize {
        self.n_cols
    }
    fn nnz(&self) -> usize {
        Csr::nnz(self)
    }
    fn row_len(&self, i: usize) -> usize {
        self.indptr[i + 1] - self.indptr[i]
    }
    fn values(&self) -> &Csr {
        self
    }
    #[inline(always)]
    fn row<'s>(&'s self, i: usize, _: &'s mut Vec<u32>) -> RowParts<'s> {
        let (start, end) = (self.indptr[i], self.indptr[i + 1]);
        RowParts {
            cols: &self.indices[start..],
            vals: &self.data[start..end],
            plain: true,
            copy: None,
        }
    }
}

impl RowSource for BlockRows {
    fn n_rows(&self) -> usize {
        BlockRows::n_rows(self)
    }
    fn n_cols(&self) -> usize {
        BlockRows::n_cols(self)
    }
    fn nnz(&self) -> usize {
        BlockRows::nnz(self)
    }
    fn row_len(&self, i: usize) -> usize {
        BlockRows::row_len(self, i)
    }
    fn values(&self) -> &Csr {
        &self.text
    }
    #[inline(always)]
    fn row<'s>(&'s self, i: usize, buf: &'s mut Vec<u32>) -> RowParts<'s> {
        let x = &self.text;
        let (start, end) = (x.indptr[i], x.indptr[i + 1]);
        let copy = self.copy_columns(i, buf).then_some(&buf[..]);
        RowParts {
            cols: &x.indices[start..],
            vals: &x.data[start..end],
            plain: self.keeps_shared(i),
            copy,
        }
    }
}

/// The data and constants of one fit. Parameters are laid out feature-major
/// (`w[j * k + c]` for feature `j`, output `c`) so one stored value touches
/// `k` adjacent weights; the `k` intercepts (if fitted) come last.
struct Objective<'a, R: RowSource> {
    x: &'a R,
    /// `x` transposed (row `j` lists the rows where feature `j` occurs), for
    /// the two-sweep pass; `None` selects the fused row pass
    /// ([`fused_pass`]).
    xt: Option<Csr>,
    /// Row bounds of the [`PARTITIONS`] parts of the fused pass
    /// (`PARTITIONS + 1` increasing entries from 0 to the row count).
    parts: Vec<usize>,
    y: &'a [u32],
    /// Sample weight times class weight, per row.
    sw: Vec<f64>,
    n_classes: usize,
    k: usize,
    fit_intercept: bool,
    /// `1 / S`.
    inv_s: f64,
    /// `1 / (C * S)`, the penalty factor after scaling.
    reg: f64,
}

impl<'a, R: RowSource> Objective<'a, R> {
    fn new(
        x: &'a R,
        y: &'a [u32],
        n_classes: usize,
        sample_weight: Option<&[f64]>,
        params: &LogisticParams,
    ) -> Result<Self> {
        check_data(x.values(), y, n_classes)?;
        if x.n_rows() > u32::MAX as usize {
            return Err(Error::Other(format!(
                "{} training rows; expected at most {}",
                x.n_rows(),
                u32::MAX
            )));
        }
        let cw = class_weights(y, n_classes, params.class_weight);
        let sw: Vec<f64> = match sample_weight {
            None => y.iter().map(|&c| cw[c as usize]).collect(),
            Some(s) => {
                if s.len() != y.len() {
                    return Err(Error::Other(format!(
                        "found {} sample weights for {} rows; expected one per row",
                        s.len(),
                        y.len()
                    )));
                }
                if let Some(i) = s.iter().position(|w| !(w.is_finite() && *w >= 0.0)) {
                    return Err(Error::Other(format!(
                        "sample weight {} of row {i}; expected a finite number >= 0",
                        s[i]
                    )));
                }
                y.iter().zip(s).map(|(&c, &w)| w * cw[c as usize]).collect()
            }
        };
        let total: f64 = sw.iter().sum();
        if total.is_nan() || total <= 0.0 {
            return Err(Error::Other(
                "all training rows have weight 0; expected some positive weight".into(),
            ));
        }
        Ok(Objective {
            x,
            xt: (!fused_pass(x.nnz(), x.n_cols(), n_outputs(n_classes))).then(|| transpose(x)),
            parts: partitions(x),
            y,
            sw,
            n_classes,
            k: n_outputs(n_classes),
            fit_intercept: params.fit_intercept,
            inv_s: 1.0 / total,
            reg: 1.0 / (params.c * total),
        })
    }

    fn n_params(&self) -> usize {
        self.x.n_cols() * self.k + if self.fit_intercept { self.k } else { 0 }
    }

    /// Scaled objective and its gradient at `w`, in one data pass.
    fn eval(&self, w: &[f64]) -> (f64, Vec<f64>) {
        let mut g = vec![0.0; w.len()];
        let f = self.eval_into(w, &mut g, &mut Vec::new());
        (f, g)
    }

    /// [`Objective::eval`] writing the gradient into `g` (every entry) and
    /// using `scratch` as working memory (resized as needed), so repeated
    /// evaluations allocate nothing large.
    fn eval_into(&self, w: &[f64], g: &mut [f64], scratch: &mut Vec<f64>) -> f64 {
        match &self.xt {
            Some(xt) => self.eval_by_columns(xt, w, g, scratch),
            None => self.eval_fused(w, g, scratch),
        }
    }

    /// Two sweeps: rows (scores, loss, residuals into `r`), then features
    /// over the column-major copy `xt` (the gradient `X^T r`).
    fn eval_by_columns(&self, xt: &Csr, w: &[f64], g: &mut [f64], r: &mut Vec<f64>) -> f64 {
        let k = self.k;
        let nf = self.x.n_cols();
        let (wm, b) = w.split_at(nf * k);
        let n = self.x.n_rows();

        // Sweep 1, over rows: residuals r[i*k + c] = s_i * (p_ic - y_ic).
        r.resize(n * k, 0.0);
        let losses: Vec<f64> = r
            .par_chunks_mut(ROW_CHUNK * k)
            .enumerate()
            .map(|(chunk, rc)| {
                let first = chunk * ROW_CHUNK;
                // Scores into the residual slots, then residuals in place.
                if k <= MAX_BLOCK {
                    scores_dyn(k, self.x, first, wm, b, rc);
                } else {
                    scores_any(self.x, first, wm, b, k, rc);
                }
                let mut loss = 0.0;
                for (off, ri) in rc.chunks_mut(k).enumerate() {
                    let i = first + off;
                    let s = self.sw[i];
                    let yi = self.y[i] as usize;
                    if k == 1 {
                        let z = ri[0];
                        let t = if yi == 1 { z } else { -z };
                        loss += s * softplus(-t);
                        ri[0] = s * (sigmoid(z) - if yi == 1 { 1.0 } else { 0.0 });
                    } else {
                        let m = ri.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let lse = m + ri.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
                        loss += s * (lse - ri[yi]);
                        for (c, rv) in ri.iter_mut().enumerate() {
                            let target = if c == yi { 1.0 } else { 0.0 };
                            *rv = s * ((*rv - lse).exp() - target);
                        }
                    }
                }
                loss
            })
            .collect();
        let data_loss: f64 = losses.iter().sum();

        // Sweep 2, over features: g_W = (X^T r) / S + W / (C S).
        let r = &r[..];
        let (gw, gb) = g.split_at_mut(nf * k);
        let (inv_s, reg) = (self.inv_s, self.reg);
        let squares: Vec<f64> = gw
            .par_chunks_mut(FEATURE_CHUNK * k)
            .zip(wm.par_chunks(FEATURE_CHUNK * k))
            .enumerate()
            .map(|(chunk, (gc, wc))| {
                let first = chunk * FEATURE_CHUNK;
                if k <= MAX_BLOCK {
                    products_dyn(k, xt, first, r, gc);
                } else {
                    products_any(xt, first, r, k, gc);
                }
                let mut sq = 0.0;
                for (gv, &wv) in gc.iter_mut().zip(wc) {
                    *gv = *gv * inv_s + reg * wv;
                    sq += wv * wv;
                }
                sq
            })
            .collect();
        let penalty: f64 = squares.iter().sum();
        if self.fit_intercept {
            gb.fill(0.0);
            for ri in r.chunks(k) {
                for (gv, &rv) in gb.iter_mut().zip(ri) {
                    *gv += rv;
                }
            }
            for gv in gb.iter_mut() {
                *gv *= inv_s;
            }
        }
        data_loss * inv_s + 0.5 * reg * penalty
    }

    /// One fused sweep over rows with per-partition tables in `scratch`.
    fn eval_fused(&self, w: &[f64], g: &mut [f64], scratch: &mut Vec<f64>) -> f64 {
        let k = self.k;
        let nf = self.x.n_cols();
        let (wm, b) = w.split_at(nf * k);
        let stride = stride(k);
        let len = nf * stride;

        // Each partition gets a table of records, one per feature, holding
        // the feature's weights and then its gradient sums, so the row pass
        // finds both in the same cache line. Records start on 64-byte
        // boundaries (the first one aligned by hand).
        scratch.resize(PARTITIONS * len + 8, 0.0);
        let o = scratch.as_ptr().align_offset(64);
        let o = if o < 8 { o } else { 0 };
        let tables = &mut scratch[o..o + PARTITIONS * len];
        let nb = if self.fit_intercept { k } else { 0 };
        let mut intercepts = vec![vec![0.0f64; nb]; PARTITIONS];

        // One fused sweep over rows, partition by partition: each row's
        // scores, loss and residuals r_c = s_i * (p_ic - y_ic), then
        // `r_c * x_ij` added into the partition's own gradient sums.
        let losses: Vec<f64> = tables
            .par_chunks_mut(len.max(1))
            .zip(intercepts.par_iter_mut())
            .zip(self.parts.par_windows(2))
            .map(|((t, gb), bounds)| {
                for (rec, wj) in t.chunks_exact_mut(stride).zip(wm.chunks_exact(k)) {
                    rec[..k].copy_from_slice(wj);
                    rec[k..].fill(0.0);
                }
                let rows = bounds[0]..bounds[1];
                if k <= MAX_BLOCK {
                    self.pass_dyn(rows, b, t, gb)
                } else {
                    self.pass_any(rows, b, t, gb)
                }
            })
            .collect();
        let data_loss: f64 = losses.iter().sum();

        // Partition gradients added in partition order, then scaled and
        // penalized: g_W = (X^T r) / S + W / (C S).
        let tables = &scratch[o..o + PARTITIONS * len];
        let (inv_s, reg) = (self.inv_s, self.reg);
        let (gw, gb) = g.split_at_mut(nf * k);
        let squares: Vec<f64> = gw
            .par_chunks_mut(FEATURE_CHUNK * k)
            .zip(wm.par_chunks(FEATURE_CHUNK * k))
            .enumerate()
            .map(|(chunk, (gc, wc))| {
                let mut sq = 0.0;
                for (jj, (gj, wj)) in gc.chunks_exact_mut(k).zip(wc.chunks_exact(k)).enumerate() {
                    let at = (chunk * FEATURE_CHUNK + jj) * stride + k;
                    gj.copy_from_slice(&tables[at..at + k]);
                    for t in tables.chunks_exact(len).skip(1) {
                        for (gv, &pv) in gj.iter_mut().zip(&t[at..at + k]) {
                            *gv += pv;
                        }
                    }
                    for (gv, &wv) in gj.iter_mut().zip(wj) {
                        *gv = *gv * inv_s + reg * wv;
                        sq += wv * wv;
                    }
                }
                sq
            })
            .collect();
        let penalty: f64 = squares.iter().sum();
        if self.fit_intercept {
            gb.copy_from_slice(&intercepts[0]);
            for part in &intercepts[1..] {
                for (gv, &pv) in gb.iter_mut().zip(part) {
                    *gv += pv;
                }
            }
            for gv in gb.iter_mut() {
                *gv *= inv_s;
            }
        }
        data_loss * inv_s + 0.5 * reg * penalty
    }

    /// [`pass_fixed`] for a runtime output count `k <= MAX_BLOCK`.
    fn pass_dyn(
        &self,
        rows: std::ops::Range<usize>,
        b: &[f64],
        t: &mut [f64],
        gb: &mut [f64],
    ) -> f64 {
        match self.k {
            1 => pass_fixed::<1, 2>(self, rows, b, t, gb),
            2 => pass_fixed::<2, 4>(self, rows, b, t, gb),
            3 => pass_fixed::<3, 8>(self, rows, b, t, gb),
            4 => pass_fixed::<4, 8>(self, rows, b, t, gb),
            5 => pass_fixed::<5, 16>(self, rows, b, t, gb),
            6 => pass_fixed::<6, 16>(self, rows, b, t, gb),
            7 => pass_fixed::<7, 16>(self, rows, b, t, gb),
            8 => pass_fixed::<8, 16>(self, rows, b, t, gb),
            w => unreachable!("kernel width {w}"),
        }
    }

    /// [`pass_fixed`] for any output count, summing in memory.
    fn pass_any(
        &self,
        rows: std::ops::Range<usize>,
        b: &[f64],
        t: &mut [f64],
        gb: &mut [f64],
    ) -> f64 {
        let (x, k) = (self.x, self.k);
        let s = stride(k);
        let mut z = vec![0.0f64; k];
        let mut loss = 0.0;
        let mut buf = Vec::new();
        for i in rows {
            let row = x.row(i, &mut buf);
            row_scores_any(row, t, s, b, &mut z);
            loss += residuals(self.sw[i], self.y[i] as usize, &mut z);
            row.each(|j, v, ahead| {
                // As for the scores: the gradient sums of the records a few
                // stored values ahead.
                if let Some(r) = ahead.and_then(|a| t.get(a * s + k..a * s + 2 * k)) {
                    prefetch_span(r);
                }
                for (gc, &rc) in t[j * s + k..j * s + 2 * k].iter_mut().zip(&z) {
                    *gc += v * rc;
                }
            });
            for (gc, &rc) in gb.iter_mut().zip(&z) {
                *gc += rc;
            }
        }
        loss
    }

    fn to_weights(&self, w: &[f64]) -> Weights {
        let (k, nf) = (self.k, self.x.n_cols());
        let mut coef = vec![0.0; k * nf];
        for j in 0..nf {
            for c in 0..k {
                coef[c * nf + j] = w[j * k + c];
            }
        }
        let intercept = if self.fit_intercept {
            w[nf * k..].to_vec()
        } else {
            vec![0.0; k]
        };
        Weights {
            n_features: nf,
            n_classes: self.n_classes,
            coef,
            intercept,
        }
    }

    fn params_of(&self, weights: &Weights) -> Vec<f64> {
        let (k, nf) = (self.k, self.x.n_cols());
        let mut w = vec![0.0; self.n_params()];
        for j in 0..nf {
            for c in 0..k {
                w[j * k + c] = weights.coef[c * nf + j];
            }
        }
        if self.fit_intercept {
            w[nf * k..].copy_from_slice(&weights.intercept);
        }
        w
    }
}

/// Doubles of one feature's record in a partition table: `k` weights,
/// then `k` gradient sums, padded for the fixed-width kernels to a power
/// of two so a record never straddles more cache lines than it must.
fn stride(k: usize) -> usize {
    if k <= MAX_BLOCK {
        (2 * k).next_power_of_two()
    } else {
        2 * k
    }
}

/// Scores of row `i` for `K` outputs: `init[c] + sum_p v_p * t[j_p * S + c]`,
/// summed in the row's column order. `t` holds one record of `S >= K`
/// doubles per column whose first `K` are the column's weights (`S = K` for
/// plain feature-major weights, wider for the fused pass's tables).
#[inline(always)]
fn row_scores<const K: usize, const S: usize>(
    row: RowParts<'_>,
    t: &[f64],
    init: [f64; K],
) -> [f64; K] {
    let mut z = init;
    row.each(|j, v, ahead| {
        // The records of the columns a few stored values ahead (this row's
        // or the next ones') are scattered over a table larger than the
        // caches: ask for them now.
        if let Some(r) = ahead.and_then(|a| t.get(a * S)) {
            prefetch(r);
        }
        let wj: &[f64; K] = t[j * S..][..K].try_into().expect("K weights");
        for c in 0..K {
            z[c] += v * wj[c];
        }
    });
    z
}

/// One fused pass over the rows `rows` for `K` outputs on a partition
/// table `t` (records of `S` doubles, see [`stride`]): each row's scores
/// (summed in the row's column order, the intercepts `b` first), its loss
/// and residuals ([`residuals`]), then `r_c * x_ij` added into the gradient
/// sums of record `j` and `r_c` into `gb[c]` (when `gb` is not empty).
/// Returns the rows' weighted loss.
#[inline(always)]
fn pass_fixed<const K: usize, const S: usize>(
    obj: &Objective<'_, impl RowSource>,
    rows: std::ops::Range<usize>,
    b: &[f64],
    t: &mut [f64],
    gb: &mut [f64],
) -> f64 {
    let x = obj.x;
    let init: [f64; K] = if b.is_empty() {
        [0.0; K]
    } else {
        b.try_into().expect("K intercepts")
    };
    let mut loss = 0.0;
    let mut buf = Vec::new();
    for i in rows {
        let row = x.row(i, &mut buf);
        let mut z = row_scores::<K, S>(row, t, init);
        loss += residuals(obj.sw[i], obj.y[i] as usize, &mut z);
        row.each(|j, v, _| {
            let gj: &mut [f64; K] = (&mut t[j * S + K..][..K])
                .try_into()
                .expect("K gradient sums");
            for c in 0..K {
                gj[c] += v * z[c];
            }
        });
        for (gc, &rc) in gb.iter_mut().zip(&z) {
            *gc += rc;
        }
    }
    loss
}

/// Turns the scores `z` of a row with weight `s` and label `y` into its
/// residuals `s * (p_c - [c == y])` in place (sigmoid for one output,
/// softmax otherwise) and returns the row's weighted loss.
#[inline(always)]
fn residuals(s: f64, y: usize, z: &mut [f64]) -> f64 {
    if z.len() == 1 {
        let t = if y == 1 { z[0] } else { -z[0] };
        let loss = s * softplus(-t);
        z[0] = s * (sigmoid(z[0]) - if y == 1 { 1.0 } else { 0.0 });
        loss
    } else {
        let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lse = m + z.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
        let loss = s * (lse - z[y]);
        for (c, rv) in z.iter_mut().enumerate() {
            let target = if c == y { 1.0 } else { 0.0 };
            *rv = s * ((*rv - lse).exp() - target);
        }
        loss
    }
}

/// Row bounds of the [`PARTITIONS`] parts of `x`, each holding about the
/// same number of stored values. They depend on the data only, never on
/// the thread count, so the sums they give are the same on any machine.
fn partitions(x: &impl RowSource) -> Vec<usize> {
    let n = x.n_rows();
    let nnz = x.nnz();
    let mut bounds = vec![0usize; PARTITIONS + 1];
    // Row `i` and the first stored value it holds.
    let (mut i, mut start) = (0usize, 0usize);
    for (p, bound) in bounds.iter_mut().enumerate().take(PARTITIONS).skip(1) {
        // First row whose start lies at or past p/P of the stored values.
        let goal = nnz * p / PARTITIONS;
        while i < n && start < goal {
            start += x.row_len(i);
            i += 1;
        }
        *bound = i;
    }
    bounds[PARTITIONS] = n;
    bounds
}

/// [`scores`] for a runtime output count `k <= MAX_BLOCK`.
fn scores_dyn(k: usize, x: &impl RowSource, first: usize, wm: &[f64], b: &[f64], out: &mut [f64]) {
    dispatch!(k, scores, x, first, wm, b, out)
}

/// Scores of the rows `first..` that `out` (`K` slots per row) covers:
/// `b[c] + sum_p v_p * wm[j_p * K + c]`, summed in the row's column order.
#[inline(always)]
fn scores<const K: usize>(
    x: &impl RowSource,
    first: usize,
    wm: &[f64],
    b: &[f64],
    out: &mut [f64],
) {
    let init: [f64; K] = if b.is_empty() {
        [0.0; K]
    } else {
        b.try_into().expect("K intercepts")
    };
    let mut buf = Vec::new();
    for (row, slot) in out.chunks_exact_mut(K).enumerate() {
        let z = row_scores::<K, K>(x.row(first + row, &mut buf), wm, init);
        slot.copy_from_slice(&z);
    }
}

/// [`row_scores`] for a runtime output count `z.len()` and record width
/// `stride`: row `i`'s scores into `z`, starting from the intercepts `b`
/// (zeros when `b` is empty), summed in the row's column order.
#[inline]
fn row_scores_any(row: RowParts<'_>, t: &[f64], stride: usize, b: &[f64], z: &mut [f64]) {
    if b.is_empty() {
        z.fill(0.0);
    } else {
        z.copy_from_slice(b);
    }
    let k = z.len();
    row.each(|j, v, ahead| {
        if let Some(r) = ahead.and_then(|a| t.get(a * stride..a * stride + k)) {
            prefetch_span(r);
        }
        for (zc, &wc) in z.iter_mut().zip(&t[j * stride..]) {
            *zc += v * wc;
        }
    });
}

/// [`scores`] for any output count, summing in memory.
fn scores_any(x: &impl RowSource, first: usize, wm: &[f64], b: &[f64], k: usize, out: &mut [f64]) {
    let mut buf = Vec::new();
    for (row, z) in out.chunks_exact_mut(k).enumerate() {
        row_scores_any(x.row(first + row, &mut buf), wm, k, b, z);
    }
}

/// [`products`] for a runtime output count `k <= MAX_BLOCK`.
fn products_dyn(k: usize, xt: &Csr, first: usize, r: &[f64], out: &mut [f64]) {
    dispatch!(k, products, xt, first, r, out)
}

/// `X^T r` for the features `first..` that `out` (`K` slots per feature)
/// covers, each summed in row order.
#[inline(always)]
fn products<const K: usize>(xt: &Csr, first: usize, r: &[f64], out: &mut [f64]) {
    for (col, slot) in out.chunks_exact_mut(K).enumerate() {
        let j = first + col;
        let (start, end) = (xt.indptr[j], xt.indptr[j + 1]);
        let (rows, vals) = (&xt.indices[start..end], &xt.data[start..end]);
        let mut acc = [0.0f64; K];
        for (p, (&i, &v)) in rows.iter().zip(vals).enumerate() {
            if let Some(&a) = xt.indices.get(start + p + AHEAD) {
                prefetch(&r[a as usize * K]);
            }
            let ri: &[f64; K] = r[i as usize * K..][..K].try_into().expect("K residuals");
            let v = f64::from(v);
            for c in 0..K {
                acc[c] += v * ri[c];
            }
        }
        slot.copy_from_slice(&acc);
    }
}

/// [`products`] for any output count, summing in memory.
fn products_any(xt: &Csr, first: usize, r: &[f64], k: usize, out: &mut [f64]) {
    for (col, gj) in out.chunks_exact_mut(k).enumerate() {
        let j = first + col;
        gj.fill(0.0);
        let (start, end) = (xt.indptr[j], xt.indptr[j + 1]);
        for p in start..end {
            if let Some(&a) = xt.indices.get(p + AHEAD) {
                prefetch(&r[a as usize * k]);
            }
            let (i, v) = (xt.indices[p] as usize, f64::from(xt.data[p]));
            for (gv, &rv) in gj.iter_mut().zip(&r[i * k..i * k + k]) {
                *gv += v * rv;
            }
        }
    }
}

/// Whether a fit of `nnz` stored values, `nf` features and `k` outputs
/// uses the fused row pass: only when the column-major copy the two-sweep
/// pass needs is large (more than [`FUSED_ABOVE`] stored values) and also
/// larger than the fused pass's own tables (`PARTITIONS` tables of
/// [`stride`]`(k)` doubles per feature). Wide models (many features and
/// outputs, few rows, such as 20 Newsgroups with character n-grams) thus
/// keep the two-sweep pass, which is faster and, for them, smaller.
fn fused_pass(nnz: usize, nf: usize, k: usize) -> bool {
    let copy = 8 * nnz + 8 * (nf + 1);
    let tables = PARTITIONS * stride(k) * nf * 8;
    nnz > FUSED_ABOVE && copy > tables
}

/// The transpose of `x` as a CSR matrix (i.e. `x` in CSC form). Row indices
/// come out increasing within each column because rows are visited in order.
fn transpose(x: &impl RowSource) -> Csr {
    let nc = x.n_cols();
    let mut counts = vec![0usize; nc + 1];
    let mut buf = Vec::new();
    for i in 0..x.n_rows() {
        x.row(i, &mut buf).each(|j, _, _| counts[j + 1] += 1);
    }
    for j in 0..nc {
        counts[j + 1] += counts[j];
    }
    let indptr = counts.clone();
    let mut next = counts;
    let mut indices = vec![0u32; x.nnz()];
    let mut data = vec![0f32; x.nnz()];
    for i in 0..x.n_rows() {
        x.row(i, &mut buf).each(|j, v, _| {
            let p = next[j];
            indices[p] = i as u32;
            // `v` widened an f32, so this gives it back exactly.
            data[p] = v as f32;
            next[j] += 1;
        });
    }
    Csr {
        n_cols: x.n_rows(),
        indptr,
        indices,
        data,
    }
}

/// A fitted model from the linfa [`Fit`] interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedLogistic {
    /// The weights.
    pub weights: Weights,
    /// How the fit ended.
    pub report: FitReport,
}

impl FittedLogistic {
    /// Class probabilities, one row per input row (`n_rows x n_classes`).
    pub fn predict_proba(&self, x: &Csr) -> Array2<f64> {
        let k = self.weights.n_classes;
        let mut out = Array2::zeros((x.n_rows(), k));
        for (i, mut row) in out.rows_mut().into_iter().enumerate() {
            for (o, p) in row.iter_mut().zip(self.weights.predict_proba(x.row(i))) {
                *o = p;
            }
        }
        out
    }
}

/// Fits on a linfa dataset whose targets are class indices; the number of
/// classes is the largest label plus one (at least 2), and the dataset's
/// weights, when set, are sample weights.
impl Fit<Csr, Array1<usize>, Error> for LogisticParams {
    type Object = FittedLogistic;

    fn fit(&self, dataset: &DatasetBase<Csr, Array1<usize>>) -> Result<FittedLogistic> {
        let targets = dataset.targets();
        let y = targets
            .iter()
            .map(|&c| u32::try_from(c))
            .collect::<std::result::Result<Vec<u32>, _>>()
            .map_err(|_| Error::Other("a label does not fit in 32 bits".into()))?;
        let n_classes = (targets.iter().copied().max().unwrap_or(0) + 1).max(2);
        let sw: Option<Vec<f64>> = dataset
            .weights()
            .map(|w| w.iter().map(|&v| f64::from(v)).collect());
        let (weights, report) =
            fit_weighted(dataset.records(), &y, n_classes, sw.as_deref(), self)?;
        Ok(FittedLogistic { weights, report })
    }
}

impl PredictInplace<Csr, Array1<usize>> for FittedLogistic {
    fn predict_inplace<'a>(&'a self, x: &'a Csr, y: &mut Array1<usize>) {
        assert_eq!(x.n_rows(), y.len(), "one target slot per row");
        for (i, out) in y.iter_mut().enumerate() {
            *out = self.weights.predict(x.row(i));
        }
    }

    fn default_target(&self, x: &Csr) -> Array1<usize> {
        Array1::zeros(x.n_rows())
    }
}

/// `model.predict(&csr)`: linfa's blanket impls cover only ndarray records
/// and datasets, so borrowed CSR matrices get their own impl.
impl<'a> Predict<&'a Csr, Array1<usize>> for FittedLogistic {
    fn predict(&self, x: &'a Csr) -> Array1<usize> {
        let mut y = self.default_target(x);
        self.predict_inplace(x, &mut y);
        y
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::features::pipeline::{FeatureConfig, Features, Input, TargetMode};

    #[test]
    fn fused_pass_only_where_the_copy_outweighs_its_tables() {
        // Small data: always the copy.
        assert!(!fused_pass(1_000_000, 10_000_000, 1));
        // 100k synthetic rows: 39M values, 887k features, 3 classes.
        assert!(fused_pass(39_000_000, 887_000, 3));
        // 1M synthetic rows: about 390M values, 4M features.
        assert!(fused_pass(390_000_000, 3_976_526, 3));
        // 20 Newsgroups, word + char_wb: 25M values, 2.6M features, 20
        // classes; the tables (2 x 40 doubles per feature) are larger.
        assert!(!fused_pass(25_300_000, 2_605_664, 20));
        // The boundary: copy bytes against table bytes.
        let nf = 5_000_000;
        let tables = PARTITIONS * stride(2) * nf;
        assert!(tables - nf > FUSED_ABOVE);
        assert!(!fused_pass(tables - nf - 1, nf, 2));
        assert!(fused_pass(tables - nf, nf, 2));
    }

    /// splitmix64: a tiny deterministic generator for synthetic data.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Self {
            Rng(seed)
        }
        pub(crate) fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        /// Uniform in [0, 1).
        pub(crate) fn unit(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
        }
        pub(crate) fn below(&mut self, n: usize) -> usize {
            (self.next_u64() % n as u64) as usize
        }
    }

    #[test]
    fn by_feature_scores_are_bit_identical() {
        let mut rng = Rng::new(7);
        for classes in [2, 3, 5] {
            let nf = 300;
            let k = n_outputs(classes);
            let w = Weights {
                n_features: nf,
                n_classes: classes,
                coef: (0..k * nf).map(|_| rng.unit() * 8.0 - 4.0).collect(),
                intercept: (0..k).map(|_| rng.unit() - 0.5).collect(),
            };
            let fast = w.by_feature();
            for len in [0, 1, 5, 40, 200] {
                let mut cols: Vec<u32> = (0..len).map(|_| rng.below(nf) as u32).collect();
                cols.sort_unstable();
                cols.dedup();
                let vals: Vec<f32> = cols.iter().map(|_| rng.unit() as f32).collect();
                let row = RowView {
                    indices: &cols,
                    data: &vals,
                };
                let bits = |v: Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(fast.decision(row)), bits(w.decision(row)));
                assert_eq!(bits(fast.predict_proba(row)), bits(w.predict_proba(row)));
            }
        }
    }

    /// A planted sparse problem: `nnz` values per row in (0, 1], labels from
    /// a random linear model plus noise (so classes overlap).
    pub(crate) fn synthetic(
        rows: usize,
        cols: usize,
        nnz: usize,
        classes: usize,
        seed: u64,
    ) -> (Csr, Vec<u32>) {
        let mut rng = Rng::new(seed);
        let truth: Vec<f64> = (0..cols * classes)
            .map(|_| rng.unit() * 4.0 - 2.0)
            .collect();
        let mut x = Csr::new(cols);
        let mut y = Vec::with_capacity(rows);
        for _ in 0..rows {
            let mut pairs: Vec<(u32, f32)> = (0..nnz)
                .map(|_| (rng.below(cols) as u32, (1.0 - rng.unit()) as f32))
                .collect();
            x.push_row_unsorted(&mut pairs);
            let row = x.row(x.n_rows() - 1);
            let mut best = (f64::NEG_INFINITY, 0);
            for c in 0..classes {
                let s = row.dot(&truth[c * cols..(c + 1) * cols]) + rng.unit() * 1.5;
                if s > best.0 {
                    best = (s, c);
                }
            }
            y.push(best.1 as u32);
        }
        (x, y)
    }

    /// Training rows of a model with target blocks (shared or per-target
    /// mode): texts of 4-30 words from 400, four targets, and every ninth
    /// row without a target.
    fn block_rows(mode: TargetMode) -> (BlockRows, Vec<u32>) {
        use crate::features::tfidf::TfidfParams;
        let mut rng = Rng::new(5);
        let words: Vec<String> = (0..400).map(|w| format!("w{w}")).collect();
        let texts: Vec<String> = (0..900)
            .map(|_| {
                let n = 4 + rng.below(27);
                let picked: Vec<&str> = (0..n).map(|_| words[rng.below(400)].as_str()).collect();
                picked.join(" ")
            })
            .collect();
        let targets = ["ferry", "tunnel", "bridge", "lanes"];
        let inputs: Vec<Input<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Input {
                text,
                target: (i % 9 != 0).then(|| targets[i % 4]),
                holder: None,
            })
            .collect();
        let y: Vec<u32> = (0..inputs.len()).map(|_| rng.below(11) as u32).collect();
        let config = FeatureConfig {
            vectorizers: vec![TfidfParams::new()],
            target_mode: mode,
            entity: None,
            email: Default::default(),
        };
        match Features::fit_transform_blocks(&config, &inputs).unwrap().1 {
            Design::Blocks(b) => (b, y),
            Design::Rows(_) => panic!("rows with targets come as blocks"),
        }
    }

    #[test]
    fn implicit_target_copies_give_the_widened_matrix_sums_bit_for_bit() {
        for mode in [TargetMode::Shared, TargetMode::PerTarget] {
            let (blocks, y) = block_rows(mode);
            let wide = blocks.clone().into_csr();
            assert_eq!(RowSource::nnz(&blocks), wide.nnz());
            assert_eq!(partitions(&blocks), partitions(&wide));
            assert_eq!(transpose(&blocks), transpose(&wide));
            // 2, 3 and 11 classes: the fixed-width kernels (k = 1, 3) and
            // the general one (k = 11), each in both passes.
            for classes in [2, 3, 11] {
                let y: Vec<u32> = y.iter().map(|&c| c % classes as u32).collect();
                let params = LogisticParams::default();
                let mut rng = Rng::new(3);
                let n = Objective::new(&wide, &y, classes, None, &params)
                    .unwrap()
                    .n_params();
                let w: Vec<f64> = (0..n).map(|_| rng.unit() - 0.5).collect();
                for fused in [false, true] {
                    let mut a = Objective::new(&blocks, &y, classes, None, &params).unwrap();
                    let mut b = Objective::new(&wide, &y, classes, None, &params).unwrap();
                    if fused {
                        (a.xt, b.xt) = (None, None);
                    }
                    let ((fa, ga), (fb, gb)) = (a.eval(&w), b.eval(&w));
                    assert_eq!(fa.to_bits(), fb.to_bits(), "{mode:?} {classes} {fused}");
                    assert_eq!(bits(&ga), bits(&gb), "{mode:?} {classes} {fused}");
                }
            }
            let design = Design::Blocks(blocks);
            let (wi, ri) = fit_design(&design, &y[..], 11, &LogisticParams::default()).unwrap();
            let (ww, rw) = fit(&wide, &y, 11, &LogisticParams::default()).unwrap();
            assert_eq!(ri.iterations, rw.iterations);
            assert_eq!(bits(&wi.coef), bits(&ww.coef));
        }
    }

    fn tight() -> LogisticParams {
        LogisticParams {
            tol: 1e-8,
            ..LogisticParams::default()
        }
    }

    #[test]
    fn check_names_the_bad_parameter() {
        let bad = LogisticParams {
            c: 0.0,
            ..LogisticParams::default()
        };
        let e = bad.check().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter C = 0: a finite number greater than 0"
        );
        let bad = LogisticParams {
            max_iter: 0,
            ..LogisticParams::default()
        };
        assert!(matches!(
            bad.check(),
            Err(Error::Param {
                name: "max_iter",
                ..
            })
        ));
        let bad = LogisticParams {
            tol: f64::NAN,
            ..LogisticParams::default()
        };
        assert!(matches!(bad.check(), Err(Error::Param { name: "tol", .. })));
        assert!(LogisticParams::default().check().is_ok());
    }

    #[test]
    fn gradient_matches_finite_differences() {
        // 2 and 3 classes use the fixed-width kernels, 11 the general ones.
        for (classes, intercept) in [(2, true), (3, true), (3, false), (11, true)] {
            let (x, y) = synthetic(60, 12, 4, classes, 7);
            let params = LogisticParams {
                c: 0.7,
                class_weight: ClassWeight::Balanced,
                fit_intercept: intercept,
                ..LogisticParams::default()
            };
            let sw: Vec<f64> = (0..60).map(|i| 0.5 + (i % 3) as f64).collect();
            let mut obj = Objective::new(&x, &y, classes, Some(&sw), &params).unwrap();
            for fused in [false, true] {
                if fused {
                    obj.xt = None;
                }
                let mut rng = Rng::new(3);
                let w: Vec<f64> = (0..obj.n_params()).map(|_| rng.unit() - 0.5).collect();
                let (_, g) = obj.eval(&w);
                let h = 1e-6;
                for p in 0..w.len() {
                    let mut up = w.clone();
                    up[p] += h;
                    let mut down = w.clone();
                    down[p] -= h;
                    let fd = (obj.eval(&up).0 - obj.eval(&down).0) / (2.0 * h);
                    assert!(
                    (fd - g[p]).abs() < 1e-7,
                    "classes {classes} fused {fused} param {p}: finite difference {fd} vs gradient {}",
                    g[p]
                );
                }
            }
        }
    }

    #[test]
    fn fixed_width_kernels_match_the_general_ones_bit_for_bit() {
        let mut rng = Rng::new(5);
        // 2 classes use one output; 3 to 8 classes one output per class.
        for classes in 2..=MAX_BLOCK {
            let (x, y) = synthetic(700, 90, 7, classes, 13);
            let sw: Vec<f64> = (0..700).map(|i| 0.5 + (i % 4) as f64).collect();
            let obj =
                Objective::new(&x, &y, classes, Some(&sw), &LogisticParams::default()).unwrap();
            let k = obj.k;
            let wm: Vec<f64> = (0..x.n_cols * k).map(|_| rng.unit() * 2.0 - 1.0).collect();
            let b: Vec<f64> = (0..k).map(|_| rng.unit() - 0.5).collect();
            for b in [&b[..], &[]] {
                let run = |fixed: bool| {
                    let s = stride(k);
                    let mut t = vec![0.0; x.n_cols * s];
                    for (rec, wj) in t.chunks_exact_mut(s).zip(wm.chunks_exact(k)) {
                        rec[..k].copy_from_slice(wj);
                    }
                    let mut gb = vec![0.0; b.len()];
                    // Rows 100..650, as a later partition would pass them.
                    let loss = if fixed {
                        obj.pass_dyn(100..650, b, &mut t, &mut gb)
                    } else {
                        obj.pass_any(100..650, b, &mut t, &mut gb)
                    };
                    let mut out: Vec<f64> = t
                        .chunks_exact(s)
                        .flat_map(|r| r[k..2 * k].to_vec())
                        .collect();
                    out.extend(gb);
                    out.push(loss);
                    out
                };
                let (fixed, general) = (run(true), run(false));
                assert_eq!(bits(&fixed), bits(&general), "classes {classes}");
                assert!(fixed.iter().filter(|&&v| v != 0.0).count() > x.n_cols * k / 2);
            }
        }
    }

    #[test]
    fn partitions_split_stored_values_evenly() {
        let mut x = Csr::new(4);
        for len in [4usize, 1, 1, 1, 1, 0, 4] {
            let mut row: Vec<(u32, f32)> = (0..len as u32).map(|j| (j, 1.0)).collect();
            x.push_row_unsorted(&mut row);
        }
        // 12 stored values; the second part starts at the first row whose
        // values begin at or past the 6th (row 3 starts at 6).
        assert_eq!(partitions(&x), vec![0, 3, 7][..PARTITIONS + 1].to_vec());
        assert_eq!(partitions(&Csr::new(3)), vec![0; PARTITIONS + 1]);
    }

    #[test]
    fn two_sweep_kernels_match_the_general_ones_bit_for_bit() {
        let (x, _) = synthetic(700, 90, 7, 2, 13);
        let xt = transpose(&x);
        let mut rng = Rng::new(5);
        for k in 1..=MAX_BLOCK {
            let wm: Vec<f64> = (0..x.n_cols * k).map(|_| rng.unit() * 2.0 - 1.0).collect();
            let b: Vec<f64> = (0..k).map(|_| rng.unit() - 0.5).collect();
            for b in [&b[..], &[]] {
                // Rows 512.. (a later chunk), as the row sweep would pass them.
                let (mut fixed, mut general) = (vec![0.0; 188 * k], vec![1.0; 188 * k]);
                scores_dyn(k, &x, 512, &wm, b, &mut fixed);
                scores_any(&x, 512, &wm, b, k, &mut general);
                assert_eq!(bits(&fixed), bits(&general), "scores, k = {k}");
                assert_ne!(fixed, vec![0.0; 188 * k]);
            }
            let r: Vec<f64> = (0..x.n_rows() * k).map(|_| rng.unit() - 0.5).collect();
            let (mut fixed, mut general) = (vec![0.0; 50 * k], vec![1.0; 50 * k]);
            products_dyn(k, &xt, 40, &r, &mut fixed);
            products_any(&xt, 40, &r, k, &mut general);
            assert_eq!(bits(&fixed), bits(&general), "products, k = {k}");
        }
    }

    #[test]
    fn fused_pass_is_thread_independent_and_agrees_with_two_sweeps() {
        let (x, y) = synthetic(3000, 2500, 10, 3, 21);
        for classes in [2, 3, 11] {
            let y: Vec<u32> = y.iter().map(|&c| c % classes as u32).collect();
            let columns =
                Objective::new(&x, &y, classes, None, &LogisticParams::default()).unwrap();
            assert!(columns.xt.is_some());
            let mut fused =
                Objective::new(&x, &y, classes, None, &LogisticParams::default()).unwrap();
            fused.xt = None;
            let mut rng = Rng::new(8);
            let w: Vec<f64> = (0..fused.n_params()).map(|_| rng.unit() - 0.5).collect();
            let run = |threads: usize| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap()
                    .install(|| fused.eval(&w))
            };
            let ((f1, g1), (f2, g2)) = (run(1), run(2));
            assert_eq!(f1.to_bits(), f2.to_bits());
            assert_eq!(bits(&g1), bits(&g2));
            let (fc, gc) = columns.eval(&w);
            assert!((f1 - fc).abs() <= 1e-13 * fc.abs(), "{f1} vs {fc}");
            for (a, b) in g1.iter().zip(&gc) {
                assert!((a - b).abs() <= 1e-13, "{a} vs {b}");
            }
        }
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn balanced_weights_match_hand_computation() {
        // 3 rows of class 0, 1 of class 1: weights 4/(2*3) and 4/(2*1).
        let y = [0, 0, 1, 0];
        assert_eq!(
            class_weights(&y, 2, ClassWeight::Balanced),
            vec![2.0 / 3.0, 2.0]
        );
        assert_eq!(class_weights(&y, 2, ClassWeight::None), vec![1.0, 1.0]);
        // Class 2 absent: it gets 0 and does not count in n_present.
        assert_eq!(
            class_weights(&y, 3, ClassWeight::Balanced),
            vec![2.0 / 3.0, 2.0, 0.0]
        );

        // Objective at w = 0.5 on feature 0, b = -0.25, C = 2:
        // rows x = [1], [0], [2], [1] (feature 0), labels as above.
        let mut x = Csr::new(1);
        for v in [1.0f32, 0.0, 2.0, 1.0] {
            x.push_row_unsorted(&mut [(0, v)]);
        }
        let params = LogisticParams {
            c: 2.0,
            class_weight: ClassWeight::Balanced,
            ..LogisticParams::default()
        };
        let obj = Objective::new(&x, &y, 2, None, &params).unwrap();
        let (f, _) = obj.eval(&[0.5, -0.25]);
        let sp = |t: f64| (1.0 + t.exp()).ln();
        let (a, b) = (2.0 / 3.0, 2.0);
        // loss for label 0 is softplus(z), for label 1 softplus(-z).
        let data = a * sp(0.25) + a * sp(-0.25) + b * sp(-0.75) + a * sp(0.25);
        let s = 3.0 * a + b; // = 4
        let expected = data / s + 0.5 * 0.25 / (2.0 * s);
        assert!((f - expected).abs() < 1e-15, "{f} vs {expected}");
    }

    #[test]
    fn balanced_equals_explicit_sample_weights() {
        let (x, y) = synthetic(150, 20, 5, 3, 11);
        let balanced = LogisticParams {
            class_weight: ClassWeight::Balanced,
            ..tight()
        };
        let (wb, _) = fit(&x, &y, 3, &balanced).unwrap();
        let cw = class_weights(&y, 3, ClassWeight::Balanced);
        let sw: Vec<f64> = y.iter().map(|&c| cw[c as usize]).collect();
        let (ws, _) = fit_weighted(&x, &y, 3, Some(&sw), &tight()).unwrap();
        assert_eq!(wb, ws);
    }

    #[test]
    fn max_iter_one_reports_non_convergence() {
        let (x, y) = synthetic(100, 20, 5, 3, 5);
        let params = LogisticParams {
            max_iter: 1,
            ..tight()
        };
        let (_, report) = fit(&x, &y, 3, &params).unwrap();
        assert!(!report.converged);
        assert_eq!(report.iterations, 1);
        assert_eq!(report.termination, "maximum iterations reached");
    }

    #[test]
    fn converges_in_about_one_pass_per_iteration() {
        let (x, y) = synthetic(200, 30, 6, 2, 9);
        let (_, report) = fit(&x, &y, 2, &LogisticParams::default()).unwrap();
        assert!(report.converged, "{report:?}");
        assert_eq!(report.termination, "gradient below tol");
        assert!(report.grad_norm <= 1e-4);
        // The line search mostly accepts its first trial: about one data
        // pass per iteration.
        assert!(
            report.evaluations <= report.iterations + report.iterations / 2 + 2,
            "{report:?}"
        );
    }

    #[test]
    fn one_and_two_threads_give_bit_identical_weights() {
        // Enough rows and features for several chunks in both sweeps.
        let (x, y) = synthetic(3000, 2500, 10, 3, 21);
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| fit(&x, &y, 3, &LogisticParams::default()).unwrap())
        };
        let (w1, r1) = run(1);
        let (w2, r2) = run(2);
        assert!(r1.iterations > 2);
        assert_eq!(r1.iterations, r2.iterations);
        let bits = |w: &Weights| -> Vec<u64> {
            w.coef
                .iter()
                .chain(&w.intercept)
                .map(|v| v.to_bits())
                .collect()
        };
        assert_eq!(bits(&w1), bits(&w2));
    }

    #[test]
    fn probabilities_are_stable_and_sum_to_one() {
        let w = Weights {
            n_features: 1,
            n_classes: 3,
            coef: vec![1000.0, -1000.0, 0.0],
            intercept: vec![0.0; 3],
        };
        let row = RowView {
            indices: &[0],
            data: &[1.0],
        };
        assert_eq!(w.predict_proba(row), vec![1.0, 0.0, 0.0]);
        assert_eq!(w.predict(row), 0);
        let b = Weights {
            n_features: 1,
            n_classes: 2,
            coef: vec![-800.0],
            intercept: vec![0.0],
        };
        assert_eq!(b.predict_proba(row), vec![1.0, 0.0]);
        assert_eq!(b.predict(row), 0);
        let b = Weights {
            coef: vec![-3.2],
            ..b
        };
        let p = b.predict_proba(RowView {
            indices: &[0],
            data: &[0.25],
        });
        assert!((p[0] + p[1] - 1.0).abs() < 1e-15);
        assert!((p[1] - sigmoid(-0.8)).abs() < 1e-15);
    }

    #[test]
    fn linfa_fit_and_predict_traits() {
        let (x, y) = synthetic(120, 15, 4, 3, 4);
        let targets: Array1<usize> = y.iter().map(|&c| c as usize).collect();
        let ds = DatasetBase::new(x.clone(), targets);
        let model = LogisticParams::default().fit(&ds).unwrap();
        let pred: Array1<usize> = model.predict(&x);
        let (w, _) = fit(&x, &y, 3, &LogisticParams::default()).unwrap();
        assert_eq!(model.weights, w);
        let direct: Vec<usize> = (0..x.n_rows()).map(|i| w.predict(x.row(i))).collect();
        assert_eq!(pred.to_vec(), direct);
        let proba = model.predict_proba(&x);
        assert_eq!(proba.dim(), (120, 3));
        // Training accuracy on a planted, mildly noisy problem.
        let correct = pred
            .iter()
            .zip(&y)
            .filter(|(p, &t)| **p == t as usize)
            .count();
        assert!(correct > 90, "{correct} of 120 correct");
    }

    #[test]
    fn weights_round_trip_through_json() {
        let (x, y) = synthetic(80, 10, 3, 2, 2);
        let (w, report) = fit(&x, &y, 2, &LogisticParams::default()).unwrap();
        let back: Weights = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert_eq!(back, w);
        assert!(back.check().is_ok());
        let short = Weights {
            coef: vec![0.0; 9],
            ..back
        };
        assert_eq!(
            short.check().unwrap_err().to_string(),
            "weights hold 9 coefficients and 1 intercepts; expected 1 x 10 = 10 and 1"
        );
        let r: FitReport = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        // Seconds are not saved, so model files are reproducible.
        assert_eq!(
            r,
            FitReport {
                seconds: 0.0,
                ..report
            }
        );
    }

    #[test]
    fn bad_labels_are_rejected() {
        let (x, mut y) = synthetic(10, 5, 2, 2, 1);
        y[3] = 2;
        let e = fit(&x, &y, 2, &LogisticParams::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "row 3 has label 2; expected a class index below 2"
        );
        let e = fit(&x, &y[..9], 3, &LogisticParams::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "found 9 labels for 10 feature rows; expected one label per row"
        );
    }

    /// Timing on 20k rows x 20k features, ~30 values per row, 3 classes.
    /// Run with `cargo test --lib timing_20k -- --ignored --nocapture`.
    /// Measured on a shared 2-core machine: 1.1-2.0 s under the test profile
    /// (opt-level 2; 75 iterations, 82 data passes of ~11 ms), 27 s with
    /// `--profile dev` (opt-level 0).
    #[test]
    #[ignore]
    fn timing_20k() {
        let t = Instant::now();
        let (x, y) = synthetic(20_000, 20_000, 30, 3, 42);
        let made = t.elapsed().as_secs_f64();
        let (_, report) = fit(&x, &y, 3, &LogisticParams::default()).unwrap();
        let obj = Objective::new(&x, &y, 3, None, &LogisticParams::default()).unwrap();
        let w = vec![0.01; obj.n_params()];
        let t = Instant::now();
        for _ in 0..20 {
            std::hint::black_box(obj.eval(&w));
        }
        println!("one data pass {:.1} ms", t.elapsed().as_secs_f64() * 50.0);
        println!(
            "data {made:.2}s; fit {:.2}s, {} iterations, {} passes, {}, loss {:.6}, |g| {:.2e}, threads {}",
            report.seconds,
            report.iterations,
            report.evaluations,
            report.termination,
            report.final_loss,
            report.grad_norm,
            rayon::current_num_threads()
        );
    }
}
