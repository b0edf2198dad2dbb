//! Fitted weights ([`Weights`]: row-major, one row per output) and their
//! feature-major copy for scoring many rows ([`ByFeature`]), with the
//! sigmoid and softmax that turn scores into probabilities, computed
//! without overflow.

use serde::{Deserialize, Serialize};

use super::rows::AHEAD;
use crate::error::{Error, Result};
use crate::features::sparse::RowView;
use crate::mem::prefetch;

/// Fitted weights: everything prediction needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Number of input features (columns).
    pub n_features: usize,
    /// Number of classes (at least 2).
    pub n_classes: usize,
    /// Coefficients, row-major `n_outputs x n_features`, where `n_outputs`
    /// is 1 for two classes (the weights of class 1) and `n_classes` otherwise.
    #[serde(serialize_with = "crate::model::json_floats::serialize_floats")]
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

/// Score rows of an `n_classes` model: 1 for two classes (the weights of
/// class 1), `n_classes` otherwise.
pub(super) fn n_outputs(n_classes: usize) -> usize {
    if n_classes == 2 {
        1
    } else {
        n_classes
    }
}

#[inline]
pub(super) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::solver::tests::Rng;

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
}
