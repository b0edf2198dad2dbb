//! The `--solver linfa` path: the same logistic regression fitted by
//! linfa-logistic 0.8.1 on a dense copy of the features. It exists as an
//! oracle for the sparse solver (`model::solver`) and for small corpora;
//! results come back as the same [`Weights`], so prediction has one code path.
//!
//! # Mapping onto linfa-logistic 0.8.1
//!
//! - linfa minimizes `sum_i logloss_i + alpha/2 * ||W||^2` (intercepts not
//!   penalized), which is our `C * sum_i logloss_i + 0.5 * ||W||^2` divided
//!   by `C`: so `alpha = 1 / C`, with the same minimizer.
//! - Its gradient is `n` times the gradient of our scaled objective (see
//!   `model::solver`), so its `gradient_tolerance` is `tol * n`.
//! - Its L-BFGS keeps 10 correction pairs, so `history` must be 10.
//! - It takes no sample or class weights, so `class_weight=balanced` is refused.
//! - For two classes its "positive" label (+1) is the more frequent class,
//!   not class 1 (rust-ml/linfa#393); weights are negated when the positive
//!   class is 0, so class 1 is always the positive output, as sklearn.
//! - It does not report why L-BFGS stopped. The report says so and judges
//!   convergence by the max-abs gradient norm of our objective at its weights.
//!
//! linfa-logistic fits dense `Array2` only (rust-ml/linfa#192), so inputs over
//! [`DENSE_CELL_BUDGET`] cells are refused rather than allocated.

use std::time::Instant;

use linfa::dataset::DatasetBase;
use linfa::traits::Fit;
use linfa_logistic::{LogisticRegression, MultiLogisticRegression};
use ndarray::Array1;

use crate::error::{Error, Result};
use crate::features::sparse::Csr;
use crate::model::solver::{
    check_data, evaluate_weights, ClassWeight, FitReport, LogisticParams, Weights,
};

/// Largest dense matrix (rows x columns) this path builds: 2e8 cells, 1.6 GB
/// of `f64`.
pub const DENSE_CELL_BUDGET: usize = 200_000_000;

/// Fits with linfa-logistic on a dense copy of `x`; labels are class indices
/// `0..n_classes`, and every class must occur in `y`.
pub fn fit(
    x: &Csr,
    y: &[u32],
    n_classes: usize,
    params: &LogisticParams,
) -> Result<(Weights, FitReport)> {
    let start = Instant::now();
    params.check()?;
    check_data(x, y, n_classes)?;
    if params.class_weight == ClassWeight::Balanced {
        return Err(Error::Param {
            name: "class_weight",
            value: "balanced".into(),
            expected: "none with --solver linfa (linfa-logistic 0.8.1 takes no sample or \
                       class weights); use the default sparse solver for balanced weights"
                .into(),
        });
    }
    if params.history != 10 {
        return Err(Error::Param {
            name: "history",
            value: params.history.to_string(),
            expected: "10 with --solver linfa (linfa-logistic 0.8.1 fixes L-BFGS memory at 10)"
                .into(),
        });
    }
    let cells = x.n_rows().saturating_mul(x.n_cols);
    if cells > DENSE_CELL_BUDGET {
        return Err(Error::Param {
            name: "solver",
            value: "linfa".into(),
            expected: format!(
                "at most {DENSE_CELL_BUDGET} dense cells, found {} rows x {} features = {cells}; \
                 use the default sparse solver (--solver lbfgs), which never densifies",
                x.n_rows(),
                x.n_cols
            ),
        });
    }
    let mut counts = vec![0usize; n_classes];
    for &c in y {
        counts[c as usize] += 1;
    }
    if let Some(c) = counts.iter().position(|&n| n == 0) {
        return Err(Error::Other(format!(
            "class {c} has no training rows; --solver linfa needs every one of the {n_classes} \
             classes in the training labels"
        )));
    }

    let n = x.n_rows();
    let nf = x.n_cols;
    let dataset = DatasetBase::new(x.to_dense(), y.iter().copied().collect::<Array1<u32>>());
    let alpha = 1.0 / params.c;
    let gradient_tolerance = params.tol * n as f64;
    let linfa_err = |e: linfa_logistic::error::Error| Error::Other(format!("linfa-logistic: {e}"));

    let weights = if n_classes == 2 {
        let model = LogisticRegression::default()
            .alpha(alpha)
            .with_intercept(params.fit_intercept)
            .max_iterations(params.max_iter)
            .gradient_tolerance(gradient_tolerance)
            .fit(&dataset)
            .map_err(linfa_err)?;
        // linfa#393: +1 is the more frequent class, which may be class 0.
        let sign = if model.labels().pos.class == 1 {
            1.0
        } else {
            -1.0
        };
        Weights {
            n_features: nf,
            n_classes,
            coef: model.params().iter().map(|&w| sign * w).collect(),
            intercept: vec![sign * model.intercept()],
        }
    } else {
        let model = MultiLogisticRegression::default()
            .alpha(alpha)
            .with_intercept(params.fit_intercept)
            .max_iterations(params.max_iter)
            .gradient_tolerance(gradient_tolerance)
            .fit(&dataset)
            .map_err(linfa_err)?;
        // Classes come back sorted; all are present, so column c is class c.
        debug_assert_eq!(model.classes(), (0..n_classes as u32).collect::<Vec<_>>());
        let p = model.params(); // n_features x n_classes
        let mut coef = vec![0.0; n_classes * nf];
        for c in 0..n_classes {
            for j in 0..nf {
                coef[c * nf + j] = p[[j, c]];
            }
        }
        Weights {
            n_features: nf,
            n_classes,
            coef,
            intercept: model.intercept().to_vec(),
        }
    };

    let (final_loss, grad_norm) = evaluate_weights(x, y, n_classes, params, &weights)?;
    let report = FitReport {
        iterations: 0,
        termination: format!(
            "unknown: linfa-logistic 0.8.1 does not report why L-BFGS stopped; \
             max-abs gradient at its weights is {grad_norm:.3e} (tol {:.3e})",
            params.tol
        ),
        converged: grad_norm < params.tol,
        final_loss,
        grad_norm,
        evaluations: 0,
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((weights, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::solver;
    use crate::model::solver::tests::synthetic;

    /// Oracle tolerance: with `tol = 1e-8` both solvers stop near the unique
    /// optimum (measured max |weight difference| 1e-7 to 2.5e-6 on these
    /// problems); we require < 1e-5 and identical predictions on every
    /// training row.
    const WEIGHT_TOL: f64 = 1e-5;

    fn oracle(classes: usize, seed: u64, c: f64) {
        let (x, y) = synthetic(200, 50, 8, classes, seed);
        let params = LogisticParams {
            c,
            tol: 1e-8,
            max_iter: 5000,
            ..LogisticParams::default()
        };
        let (ours, report) = solver::fit(&x, &y, classes, &params).unwrap();
        let (theirs, lreport) = fit(&x, &y, classes, &params).unwrap();
        assert!(report.converged, "{report:?}");
        let diff = ours
            .coef
            .iter()
            .chain(&ours.intercept)
            .zip(theirs.coef.iter().chain(&theirs.intercept))
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        println!(
            "classes {classes} C {c}: max |dw| {diff:.2e}, loss {:.10} vs {:.10}, {} iterations",
            report.final_loss, lreport.final_loss, report.iterations
        );
        assert!(
            diff < WEIGHT_TOL,
            "classes {classes}: max weight difference {diff:e}; reports {report:?} {lreport:?}"
        );
        for i in 0..x.n_rows() {
            assert_eq!(
                ours.predict(x.row(i)),
                theirs.predict(x.row(i)),
                "row {i} (classes {classes})"
            );
        }
        // Same objective value at both optima.
        assert!((report.final_loss - lreport.final_loss).abs() < 1e-9);
    }

    #[test]
    fn binary_agrees_with_linfa_logistic() {
        oracle(2, 1, 1.0);
        oracle(2, 2, 10.0);
    }

    #[test]
    fn multinomial_agrees_with_linfa_logistic() {
        oracle(3, 3, 1.0);
        oracle(4, 4, 0.5);
    }

    #[test]
    fn binary_positive_class_maps_to_class_one() {
        // Class 0 is the majority, so linfa makes it the positive label;
        // the returned weights must still score class 1 positively.
        let (x, mut y) = synthetic(120, 20, 5, 2, 8);
        for (i, l) in y.iter_mut().enumerate() {
            if i % 3 != 0 {
                *l = 0;
            }
        }
        assert!(y.iter().filter(|&&c| c == 0).count() > 60);
        let params = LogisticParams {
            tol: 1e-8,
            ..LogisticParams::default()
        };
        let (ours, _) = solver::fit(&x, &y, 2, &params).unwrap();
        let (theirs, _) = fit(&x, &y, 2, &params).unwrap();
        assert!((ours.intercept[0] - theirs.intercept[0]).abs() < WEIGHT_TOL);
        assert!(theirs.intercept[0] < 0.0, "class 1 is the minority");
    }

    #[test]
    fn refuses_what_linfa_cannot_do() {
        let (x, y) = synthetic(20, 5, 2, 2, 1);
        let balanced = LogisticParams {
            class_weight: ClassWeight::Balanced,
            ..LogisticParams::default()
        };
        assert!(matches!(
            fit(&x, &y, 2, &balanced),
            Err(Error::Param {
                name: "class_weight",
                ..
            })
        ));
        let big = Csr {
            n_cols: 20_000_000,
            ..x.clone()
        };
        let e = fit(&big, &y, 2, &LogisticParams::default()).unwrap_err();
        assert!(matches!(e, Error::Param { name: "solver", .. }));
        assert!(
            e.to_string().contains("use the default sparse solver"),
            "{e}"
        );
        let e = fit(&x, &[0; 20], 2, &LogisticParams::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "class 1 has no training rows; --solver linfa needs every one of the 2 classes \
             in the training labels"
        );
    }

    #[test]
    fn report_says_termination_is_unknown() {
        let (x, y) = synthetic(50, 10, 3, 3, 6);
        let (_, report) = fit(&x, &y, 3, &LogisticParams::default()).unwrap();
        assert!(report
            .termination
            .starts_with("unknown: linfa-logistic 0.8.1"));
        assert_eq!(report.converged, report.grad_norm < 1e-4);
    }
}
