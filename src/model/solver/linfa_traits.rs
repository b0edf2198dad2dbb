//! linfa's traits for the sparse solver: [`LogisticParams`] implements
//! [`Fit`] on a `DatasetBase` of CSR records and class-index targets,
//! giving a [`FittedLogistic`] that implements [`Predict`] and
//! [`PredictInplace`] for borrowed CSR matrices. Weights and report are
//! those of [`fit_weighted`]. (The dense `--solver linfa` oracle, which
//! calls linfa-logistic, is [`crate::model::linfa_solver`].)

use linfa::dataset::DatasetBase;
use linfa::traits::{Fit, Predict, PredictInplace};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::fit::{fit_weighted, FitReport};
use super::params::LogisticParams;
use super::weights::Weights;
use crate::error::{Error, Result};
use crate::features::sparse::Csr;

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
mod tests {
    use super::*;
    use crate::model::solver::fit;
    use crate::model::solver::tests::synthetic;

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
}
