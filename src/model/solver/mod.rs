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
//! # Files
//!
//! Each file uses only files listed above it; this one declares them and
//! re-exports the public items.
//!
//! - `class_weight.rs`: [`ClassWeight`] and [`class_weights`] (sklearn's
//!   `class_weight="balanced"`).
//! - `params.rs`: [`LogisticParams`], the hyperparameters under sklearn's
//!   names, and their check.
//! - `rows.rs`: the rows a fit reads (`RowSource`): a CSR matrix, or
//!   training rows whose per-target copies stay implicit.
//! - `weights.rs`: [`Weights`] and their feature-major copy [`ByFeature`]:
//!   everything prediction needs (scores, probabilities, classes).
//! - `objective.rs`: the objective of one fit: its constants (row weights,
//!   scale), the layout of the parameter vector, one row's loss and
//!   residuals, and the checks on the data.
//! - `passes.rs`: one evaluation of the objective and its gradient, by one
//!   of two data passes (two sweeps over a column-major copy, or one fused
//!   sweep over the rows for large data); the choice and the measurements
//!   behind it are at its top.
//! - `fit.rs`: [`fit()`], [`fit_weighted`], [`fit_design`]: checks, the
//!   L-BFGS run and its [`FitReport`].
//! - `linfa_traits.rs`: linfa's `Fit` and `Predict` traits for
//!   [`LogisticParams`] and [`FittedLogistic`]. (The dense `--solver linfa`
//!   oracle is [`crate::model::linfa_solver`].)

mod class_weight;
mod fit;
mod linfa_traits;
mod objective;
mod params;
mod passes;
mod rows;
mod weights;

pub use class_weight::{class_weights, ClassWeight};
pub(crate) use fit::evaluate_weights;
pub use fit::{fit, fit_design, fit_weighted, FitReport};
pub use linfa_traits::FittedLogistic;
pub(crate) use objective::check_data;
pub use params::LogisticParams;
pub use weights::{ByFeature, Weights};

#[cfg(test)]
pub(crate) mod tests {
    use std::time::Instant;

    use super::objective::Objective;
    use super::passes::Evaluator;
    use super::*;
    use crate::features::sparse::Csr;

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

    pub(crate) fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    fn tight() -> LogisticParams {
        LogisticParams {
            tol: 1e-8,
            ..LogisticParams::default()
        }
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
        let obj = Evaluator::new(Objective::new(&x, &y, 2, None, &params).unwrap());
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
        let obj = Evaluator::new(obj);
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
