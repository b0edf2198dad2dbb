//! Fitting: [`fit`], [`fit_weighted`] and [`fit_design`] check the
//! parameters and the data, run L-BFGS ([`crate::model::lbfgs`]) from zero
//! with one data pass per point it visits, and report how it ended
//! ([`FitReport`]); the stopping rules are in the module docs of
//! [`crate::model::solver`]. [`evaluate_weights`] scores weights that came
//! from elsewhere (the linfa path) by the same objective.

use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::objective::{max_abs, Objective};
use super::params::LogisticParams;
use super::passes::Evaluator;
use super::rows::RowSource;
use super::weights::Weights;
use crate::error::Result;
use crate::features::pipeline::Design;
use crate::features::sparse::Csr;
use crate::mem::huge_page_vec;
use crate::model::lbfgs;

/// Relative-decrease tolerance: scikit-learn passes `ftol = 64 * eps` to
/// scipy's L-BFGS-B.
const FTOL: f64 = 64.0 * f64::EPSILON;

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
/// implicit per-target copies
/// ([`BlockRows`](crate::features::pipeline::BlockRows)) are read as they
/// are, never widened, and give the same weights, bit for bit, as their
/// widened matrix.
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
    let objective = Evaluator::new(Objective::new(x, y, n_classes, sample_weight, params)?);
    let settings = lbfgs::Settings {
        history: params.history,
        max_iter: params.max_iter,
        gtol: params.tol,
        ftol: FTOL,
    };
    let mut residuals = Vec::new();
    let x0 = huge_page_vec(objective.objective.n_params(), 0.0);
    let out = lbfgs::minimize(x0, &settings, |w, g| {
        objective.eval_into(w, g, &mut residuals)
    });
    let weights = objective.objective.to_weights(&out.x);
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
    let (f, g) = Evaluator::new(objective).eval(&w);
    Ok((f, max_abs(&g)))
}
