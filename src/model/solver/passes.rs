//! One evaluation of the scaled objective and its gradient
//! ([`Evaluator`]), by one of two data passes: two sweeps, over rows
//! (scores, loss, residuals) and then over a column-major copy of `X` (the
//! gradient `X^T r`), or one fused sweep over the rows that adds each
//! row's `r * x_ij` into per-part tables. [`fused_pass`] chooses: the
//! fused pass only for data whose column-major copy would be large (more
//! than [`FUSED_ABOVE`] stored values) and larger than the fused pass's
//! tables; everything else takes the two sweeps, which measured faster.
//! Each pass has fixed-width kernels for up to [`MAX_BLOCK`] outputs and a
//! general one beyond.
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

use rayon::prelude::*;

use super::objective::{residuals, softplus, Objective};
use super::rows::{RowParts, RowSource, AHEAD};
use super::weights::sigmoid;
use crate::features::sparse::Csr;
use crate::mem::{prefetch, prefetch_span};

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

/// Most outputs the fixed-width kernel handles ([`pass_fixed`]): its sums
/// stay in registers (a fixed-size array) rather than memory, which
/// shortens the chain of dependent additions per stored value. Wider
/// problems use [`pass_any`], whose per-output loop over memory
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

/// An [`Objective`] with the data layout its pass reads: the column-major
/// copy of `X` for the two-sweep pass, or the row parts of the fused pass.
pub(super) struct Evaluator<'a, R: RowSource> {
    /// What is evaluated.
    pub(super) objective: Objective<'a, R>,
    /// `x` transposed (row `j` lists the rows where feature `j` occurs), for
    /// the two-sweep pass; `None` selects the fused row pass
    /// ([`fused_pass`]).
    pub(super) xt: Option<Csr>,
    /// Row bounds of the [`PARTITIONS`] parts of the fused pass
    /// (`PARTITIONS + 1` increasing entries from 0 to the row count).
    parts: Vec<usize>,
}

impl<'a, R: RowSource> Evaluator<'a, R> {
    /// Chooses the pass for the objective's rows ([`fused_pass`]) and makes
    /// what it reads.
    pub(super) fn new(objective: Objective<'a, R>) -> Self {
        let x = objective.x;
        Evaluator {
            xt: (!fused_pass(x.nnz(), x.n_cols(), objective.k)).then(|| transpose(x)),
            parts: partitions(x),
            objective,
        }
    }

    /// Scaled objective and its gradient at `w`, in one data pass.
    pub(super) fn eval(&self, w: &[f64]) -> (f64, Vec<f64>) {
        let mut g = vec![0.0; w.len()];
        let f = self.eval_into(w, &mut g, &mut Vec::new());
        (f, g)
    }

    /// [`Evaluator::eval`] writing the gradient into `g` (every entry) and
    /// using `scratch` as working memory (resized as needed), so repeated
    /// evaluations allocate nothing large.
    pub(super) fn eval_into(&self, w: &[f64], g: &mut [f64], scratch: &mut Vec<f64>) -> f64 {
        match &self.xt {
            Some(xt) => self.eval_by_columns(xt, w, g, scratch),
            None => self.eval_fused(w, g, scratch),
        }
    }

    /// Two sweeps: rows (scores, loss, residuals into `r`), then features
    /// over the column-major copy `xt` (the gradient `X^T r`).
    fn eval_by_columns(&self, xt: &Csr, w: &[f64], g: &mut [f64], r: &mut Vec<f64>) -> f64 {
        let obj = &self.objective;
        let k = obj.k;
        let nf = obj.x.n_cols();
        let (wm, b) = w.split_at(nf * k);
        let n = obj.x.n_rows();

        // Sweep 1, over rows: residuals r[i*k + c] = s_i * (p_ic - y_ic).
        r.resize(n * k, 0.0);
        let losses: Vec<f64> = r
            .par_chunks_mut(ROW_CHUNK * k)
            .enumerate()
            .map(|(chunk, rc)| {
                let first = chunk * ROW_CHUNK;
                // Scores into the residual slots, then residuals in place.
                if k <= MAX_BLOCK {
                    scores_dyn(k, obj.x, first, wm, b, rc);
                } else {
                    scores_any(obj.x, first, wm, b, k, rc);
                }
                let mut loss = 0.0;
                for (off, ri) in rc.chunks_mut(k).enumerate() {
                    let i = first + off;
                    let s = obj.sw[i];
                    let yi = obj.y[i] as usize;
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
        let (inv_s, reg) = (obj.inv_s, obj.reg);
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
        if obj.fit_intercept {
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
        let obj = &self.objective;
        let k = obj.k;
        let nf = obj.x.n_cols();
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
        let nb = if obj.fit_intercept { k } else { 0 };
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
                    pass_dyn(obj, rows, b, t, gb)
                } else {
                    pass_any(obj, rows, b, t, gb)
                }
            })
            .collect();
        let data_loss: f64 = losses.iter().sum();

        // Partition gradients added in partition order, then scaled and
        // penalized: g_W = (X^T r) / S + W / (C S).
        let tables = &scratch[o..o + PARTITIONS * len];
        let (inv_s, reg) = (obj.inv_s, obj.reg);
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
        if obj.fit_intercept {
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
}

/// [`pass_fixed`] for a runtime output count `k <= MAX_BLOCK`.
fn pass_dyn(
    obj: &Objective<'_, impl RowSource>,
    rows: std::ops::Range<usize>,
    b: &[f64],
    t: &mut [f64],
    gb: &mut [f64],
) -> f64 {
    match obj.k {
        1 => pass_fixed::<1, 2>(obj, rows, b, t, gb),
        2 => pass_fixed::<2, 4>(obj, rows, b, t, gb),
        3 => pass_fixed::<3, 8>(obj, rows, b, t, gb),
        4 => pass_fixed::<4, 8>(obj, rows, b, t, gb),
        5 => pass_fixed::<5, 16>(obj, rows, b, t, gb),
        6 => pass_fixed::<6, 16>(obj, rows, b, t, gb),
        7 => pass_fixed::<7, 16>(obj, rows, b, t, gb),
        8 => pass_fixed::<8, 16>(obj, rows, b, t, gb),
        w => unreachable!("kernel width {w}"),
    }
}

/// [`pass_fixed`] for any output count, summing in memory.
fn pass_any(
    obj: &Objective<'_, impl RowSource>,
    rows: std::ops::Range<usize>,
    b: &[f64],
    t: &mut [f64],
    gb: &mut [f64],
) -> f64 {
    let (x, k) = (obj.x, obj.k);
    let s = stride(k);
    let mut z = vec![0.0f64; k];
    let mut loss = 0.0;
    let mut buf = Vec::new();
    for i in rows {
        let row = x.row(i, &mut buf);
        row_scores_any(row, t, s, b, &mut z);
        loss += residuals(obj.sw[i], obj.y[i] as usize, &mut z);
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::pipeline::{
        BlockRows, Design, FeatureConfig, Features, Input, TargetMode,
    };
    use crate::model::solver::tests::{bits, synthetic, Rng};
    use crate::model::solver::{fit, fit_design, ClassWeight, LogisticParams};

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
            hashtags: false,
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
                    let a = Objective::new(&blocks, &y, classes, None, &params).unwrap();
                    let b = Objective::new(&wide, &y, classes, None, &params).unwrap();
                    let (mut a, mut b) = (Evaluator::new(a), Evaluator::new(b));
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
            let obj = Objective::new(&x, &y, classes, Some(&sw), &params).unwrap();
            let mut obj = Evaluator::new(obj);
            for fused in [false, true] {
                if fused {
                    obj.xt = None;
                }
                let mut rng = Rng::new(3);
                let w: Vec<f64> = (0..obj.objective.n_params())
                    .map(|_| rng.unit() - 0.5)
                    .collect();
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
                        pass_dyn(&obj, 100..650, b, &mut t, &mut gb)
                    } else {
                        pass_any(&obj, 100..650, b, &mut t, &mut gb)
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
            let objective = || Objective::new(&x, &y, classes, None, &LogisticParams::default());
            let columns = Evaluator::new(objective().unwrap());
            assert!(columns.xt.is_some());
            let mut fused = Evaluator::new(objective().unwrap());
            fused.xt = None;
            let mut rng = Rng::new(8);
            let w: Vec<f64> = (0..fused.objective.n_params())
                .map(|_| rng.unit() - 0.5)
                .collect();
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
}
