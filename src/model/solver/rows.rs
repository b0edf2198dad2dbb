//! The rows a fit reads ([`RowSource`]) and how one row is walked
//! ([`RowParts::each`]): stored values in increasing column order, with a
//! prefetch hint [`AHEAD`] values on.
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

use crate::features::pipeline::BlockRows;
use crate::features::sparse::Csr;

/// How many stored values ahead the data passes and
/// [`ByFeature::decision`](super::weights::ByFeature::decision) prefetch.
pub(super) const AHEAD: usize = 16;

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
    pub(super) fn each(&self, mut f: impl FnMut(usize, f64, Option<usize>)) {
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
