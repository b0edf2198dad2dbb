//! What one fit minimizes (the scaled objective of the module docs of
//! [`crate::model::solver`]): [`Objective`] holds the rows, labels and
//! per-row weights `s_i` (sample weight times class weight) with the
//! constants `1 / S` and `1 / (C S)`, and lays the parameters out
//! feature-major (`w[j * k + c]` for feature `j`, output `c`; the `k`
//! intercepts last). [`residuals`] is one row's share: its weighted loss
//! and residuals `s_i * (p_ic - y_ic)`, sigmoid for one output, softmax for
//! more. Summing them over the rows into the objective and its gradient
//! `X^T r / S + W / (C S)` is the work of `passes.rs`; [`check_data`]
//! holds the checks on shapes, labels and values both solvers share.

use super::class_weight::class_weights;
use super::params::{param, LogisticParams};
use super::rows::RowSource;
use super::weights::{n_outputs, sigmoid, Weights};
use crate::error::{Error, Result};
use crate::features::sparse::Csr;

/// The data and constants of one fit. Parameters are laid out feature-major
/// (`w[j * k + c]` for feature `j`, output `c`) so one stored value touches
/// `k` adjacent weights; the `k` intercepts (if fitted) come last.
pub(super) struct Objective<'a, R: RowSource> {
    pub(super) x: &'a R,
    pub(super) y: &'a [u32],
    /// Sample weight times class weight, per row.
    pub(super) sw: Vec<f64>,
    pub(super) n_classes: usize,
    pub(super) k: usize,
    pub(super) fit_intercept: bool,
    /// `1 / S`.
    pub(super) inv_s: f64,
    /// `1 / (C * S)`, the penalty factor after scaling.
    pub(super) reg: f64,
}

impl<'a, R: RowSource> Objective<'a, R> {
    /// Checks the data and weights its rows; fails on bad shapes, labels,
    /// values or weights.
    pub(super) fn new(
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
            y,
            sw,
            n_classes,
            k: n_outputs(n_classes),
            fit_intercept: params.fit_intercept,
            inv_s: 1.0 / total,
            reg: 1.0 / (params.c * total),
        })
    }

    /// Length of the parameter vector: `k` weights per feature, then the
    /// `k` intercepts when they are fitted.
    pub(super) fn n_params(&self) -> usize {
        self.x.n_cols() * self.k + if self.fit_intercept { self.k } else { 0 }
    }

    /// The [`Weights`] of parameter vector `w`.
    pub(super) fn to_weights(&self, w: &[f64]) -> Weights {
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

    /// The parameter vector of `weights` (the inverse of
    /// [`Objective::to_weights`]).
    pub(super) fn params_of(&self, weights: &Weights) -> Vec<f64> {
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

/// Turns the scores `z` of a row with weight `s` and label `y` into its
/// residuals `s * (p_c - [c == y])` in place (sigmoid for one output,
/// softmax otherwise) and returns the row's weighted loss.
#[inline(always)]
pub(super) fn residuals(s: f64, y: usize, z: &mut [f64]) -> f64 {
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

/// `ln(1 + e^t)` without overflow or loss of precision.
#[inline]
pub(super) fn softplus(t: f64) -> f64 {
    if t > 0.0 {
        t + (-t).exp().ln_1p()
    } else {
        t.exp().ln_1p()
    }
}

/// Largest absolute value: the gradient norm the stopping test uses.
pub(super) fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, a| m.max(a.abs()))
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
