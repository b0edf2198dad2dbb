//! Compressed sparse row (CSR) matrices: the shape every feature row takes
//! between the TF-IDF vectorizer and the classifier.
//!
//! linfa-logistic fits dense `Array2` only (rust-ml/linfa#192), and a 20k x 20k
//! dense TF-IDF matrix is 3.2 GB of mostly zeros, so the feature module emits CSR
//! rows and the default solver (`model::solver`) works on them directly. The type
//! is deliberately small (three vectors, sklearn/scipy's layout) so that building
//! it needs no intermediate dense copy. Values are stored as `f32` to halve
//! memory on large corpora; all arithmetic on them accumulates in `f64`.

use serde::{Deserialize, Serialize};

/// A CSR matrix: row `i` holds `indices[indptr[i]..indptr[i+1]]` with values
/// `data[indptr[i]..indptr[i+1]]`. Column indices within a row are strictly
/// increasing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Csr {
    /// Number of columns.
    pub n_cols: usize,
    /// Row pointers, `n_rows + 1` entries, starting with 0.
    pub indptr: Vec<usize>,
    /// Column index of each stored value.
    pub indices: Vec<u32>,
    /// Stored values.
    pub data: Vec<f32>,
}

/// One sparse row, borrowed from a [`Csr`] or built on its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowView<'a> {
    /// Column indices, strictly increasing.
    pub indices: &'a [u32],
    /// Values, same length as `indices`.
    pub data: &'a [f32],
}

impl<'a> RowView<'a> {
    /// Dot product with a dense vector (accumulated in `f64`).
    #[inline]
    pub fn dot(&self, dense: &[f64]) -> f64 {
        let mut s = 0.0f64;
        for (&j, &v) in self.indices.iter().zip(self.data) {
            s += f64::from(v) * dense[j as usize];
        }
        s
    }

    /// Number of stored values.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }
}

impl Csr {
    /// An empty matrix with `n_cols` columns and no rows.
    pub fn new(n_cols: usize) -> Self {
        Csr {
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            data: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of stored values.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> RowView<'_> {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        RowView {
            indices: &self.indices[a..b],
            data: &self.data[a..b],
        }
    }

    /// Append a row given as (column, value) pairs. Pairs may come in any
    /// order and may repeat a column; repeated columns are summed and zero
    /// values dropped, so callers can push raw counts.
    pub fn push_row_unsorted(&mut self, pairs: &mut [(u32, f32)]) {
        pairs.sort_unstable_by_key(|p| p.0);
        let mut last: Option<u32> = None;
        for &(j, v) in pairs.iter() {
            debug_assert!((j as usize) < self.n_cols, "column {j} out of range");
            if last == Some(j) {
                *self.data.last_mut().expect("a value was pushed") += v;
            } else {
                self.indices.push(j);
                self.data.push(v);
                last = Some(j);
            }
        }
        self.drop_trailing_zeros_of_last_row();
        self.indptr.push(self.indices.len());
    }

    /// Append a row whose indices are already strictly increasing.
    pub fn push_row_sorted(&mut self, indices: &[u32], data: &[f32]) {
        debug_assert_eq!(indices.len(), data.len());
        debug_assert!(indices.windows(2).all(|w| w[0] < w[1]));
        self.indices.extend_from_slice(indices);
        self.data.extend_from_slice(data);
        self.indptr.push(self.indices.len());
    }

    /// Append all rows of `other` (same column count).
    pub fn append(&mut self, other: &Csr) {
        assert_eq!(self.n_cols, other.n_cols, "column counts differ");
        let base = self.indices.len();
        self.indices.extend_from_slice(&other.indices);
        self.data.extend_from_slice(&other.data);
        self.indptr
            .extend(other.indptr[1..].iter().map(|&p| p + base));
    }

    /// Stack matrices side by side (as scipy's `hstack`, or sklearn's
    /// `FeatureUnion`): columns of `parts[k]` are shifted by the widths of
    /// the parts before it. All parts must have the same number of rows.
    pub fn hstack(parts: &[Csr]) -> Csr {
        assert!(!parts.is_empty(), "hstack of nothing");
        let n_rows = parts[0].n_rows();
        assert!(
            parts.iter().all(|p| p.n_rows() == n_rows),
            "row counts differ"
        );
        let n_cols = parts.iter().map(|p| p.n_cols).sum();
        let nnz = parts.iter().map(|p| p.nnz()).sum();
        let mut out = Csr {
            n_cols,
            indptr: Vec::with_capacity(n_rows + 1),
            indices: Vec::with_capacity(nnz),
            data: Vec::with_capacity(nnz),
        };
        out.indptr.push(0);
        for i in 0..n_rows {
            let mut offset = 0u32;
            for p in parts {
                let r = p.row(i);
                out.indices.extend(r.indices.iter().map(|&j| j + offset));
                out.data.extend_from_slice(r.data);
                offset += p.n_cols as u32;
            }
            out.indptr.push(out.indices.len());
        }
        out
    }

    /// Rows selected by index, in the given order (used for CV folds).
    pub fn select_rows(&self, rows: &[usize]) -> Csr {
        let mut out = Csr::new(self.n_cols);
        for &i in rows {
            let r = self.row(i);
            out.push_row_sorted(r.indices, r.data);
        }
        out
    }

    /// Dense copy as an ndarray matrix (for the linfa-logistic path and tests;
    /// never used on large inputs).
    pub fn to_dense(&self) -> ndarray::Array2<f64> {
        let mut m = ndarray::Array2::<f64>::zeros((self.n_rows(), self.n_cols));
        for i in 0..self.n_rows() {
            let r = self.row(i);
            for (&j, &v) in r.indices.iter().zip(r.data) {
                m[[i, j as usize]] = f64::from(v);
            }
        }
        m
    }

    fn drop_trailing_zeros_of_last_row(&mut self) {
        let start = *self.indptr.last().expect("indptr starts with 0");
        let mut w = start;
        for r in start..self.indices.len() {
            if self.data[r] != 0.0 {
                self.indices[w] = self.indices[r];
                self.data[w] = self.data[r];
                w += 1;
            }
        }
        self.indices.truncate(w);
        self.data.truncate(w);
    }
}

impl linfa::dataset::Records for Csr {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_unsorted_sums_duplicates_and_drops_zeros() {
        let mut m = Csr::new(5);
        m.push_row_unsorted(&mut [(3, 1.0), (1, 2.0), (3, 1.5), (4, 0.0)]);
        m.push_row_unsorted(&mut []);
        assert_eq!(m.n_rows(), 2);
        assert_eq!(m.row(0).indices, &[1, 3]);
        assert_eq!(m.row(0).data, &[2.0, 2.5]);
        assert_eq!(m.row(1).nnz(), 0);
    }

    #[test]
    fn hstack_shifts_columns() {
        let mut a = Csr::new(2);
        a.push_row_sorted(&[1], &[1.0]);
        let mut b = Csr::new(3);
        b.push_row_sorted(&[0, 2], &[2.0, 3.0]);
        let h = Csr::hstack(&[a, b]);
        assert_eq!(h.n_cols, 5);
        assert_eq!(h.row(0).indices, &[1, 2, 4]);
        assert_eq!(h.to_dense()[[0, 4]], 3.0);
    }
}
