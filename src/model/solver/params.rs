//! The hyperparameters of a fit ([`LogisticParams`], scikit-learn's names
//! and defaults where they fit TF-IDF features) and their check, which
//! names the first bad one.

use serde::{Deserialize, Serialize};

use super::class_weight::ClassWeight;
use crate::error::{Error, Result};

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

/// The error for a bad parameter: its name, value and what was expected.
pub(super) fn param(name: &'static str, value: impl ToString, expected: &str) -> Error {
    Error::Param {
        name,
        value: value.to_string(),
        expected: expected.to_string(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

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
}
