//! Limited-memory BFGS minimization that works in place: every vector it
//! needs is allocated once, before the first iteration, and the iterations
//! only read and write those buffers.
//!
//! # Method
//!
//! The search direction comes from the two-loop recursion over the last
//! `history` correction pairs `(s, y)` (step and gradient change), kept in a
//! ring of `history + 1` slots so a new pair can be formed before deciding
//! whether to keep it. The initial inverse Hessian is `gamma * I` with
//! `gamma = s'y / y'y` of the newest pair. A pair with `s'y <= 0` would make
//! the implicit Hessian indefinite, so it is dropped (the ring is unchanged).
//!
//! Steps are chosen by a line search for the strong Wolfe conditions
//! (sufficient decrease with `c1 = 1e-4`, curvature `|g'd| <= 0.9 |g0'd|`):
//! it grows the step until the minimum along the line is bracketed, then
//! shrinks the bracket, each new trial being the minimizer of the cubic that
//! matches the values and slopes at the bracket's ends, or its midpoint when
//! that cubic has no usable minimizer. The first trial is 1, except on the
//! first iteration (and after a reset), where there is no curvature
//! information yet and the trial is `1 / ||g||_2`, so the first step has
//! length 1.
//!
//! The compact form of the same matrix (Byrd, Nocedal and Schnabel 1994),
//! which needs two passes over the pairs instead of `2 * history + 1` but
//! `4 * (history + 1)` products per entry to keep its small matrices, was
//! tried and measured slower on 2026-11-28: 20 Newsgroups with word +
//! char_wb features 81.3 s against 76.6 s wall, topic defaults 3.5 against
//! 3.1 CPU s (same iterations). Those products are bound by arithmetic, the
//! recursion's passes by memory, and the passes cost less here.
//!
//! # Stopping
//!
//! As scipy's L-BFGS-B with scikit-learn's settings, checked in this order
//! after each iteration (and the gradient test also at the start point):
//! the largest absolute gradient component is at most `gtol`; the relative
//! decrease `(f_old - f_new) / max(|f_old|, |f_new|, 1)` is at most `ftol`;
//! `max_iter` iterations have run. The line search may also fail (no
//! decrease found within 50 evaluations, typically when the objective is
//! flat to rounding); the memory is then cleared and the search retried
//! once along the steepest descent direction before giving up.
//!
//! # Memory
//!
//! The correction pairs are stored as `f32` (the point, gradient and
//! direction stay `f64`, and every sum is taken in `f64`): with the default
//! 10 pairs they are 22 of the 27 parameter-sized vectors, so this takes
//! the history from 176 to 88 bytes per parameter. `rho` and `gamma` are
//! computed from the rounded pairs, so the recursion is the exact L-BFGS
//! update of the pairs it holds. Measured on 2026-11-28 (stancekit train,
//! f64 pairs then f32): directed sentiment peak RSS 587 -> 466 MB, CPU
//! 6.2 -> 5.5 s, 50 iterations both, same dev scores; 20 Newsgroups topic
//! defaults 326 -> 230 MB, 57 iterations both, same accuracy; synthetic
//! 100k per-target rows 1,214 -> 1,000 MB, but 45 -> 54 iterations (+11%
//! CPU) at the same accuracy (0.8415 vs 0.8423).
//!
//! # Determinism and threads
//!
//! Vector operations run over fixed chunks of [`CHUNK`] entries, in parallel
//! (rayon) for long vectors. Each chunk's partial sum has its own slot, and
//! the slots are added in chunk order, so every result is bit-identical for
//! any number of threads (and for the serial path used on short vectors).

use rayon::prelude::*;

use crate::mem::huge_page_vec;

/// Entries per work item in the vector operations (32 KiB of `f64`). Fixed,
/// never derived from the thread count.
const CHUNK: usize = 4096;
/// Vectors shorter than this many chunks are processed on the calling
/// thread: spreading a few chunks over threads costs more than it saves.
const PARALLEL_CHUNKS: usize = 8;
/// Sufficient-decrease constant of the line search.
const C1: f64 = 1e-4;
/// Curvature constant of the line search.
const C2: f64 = 0.9;
/// Objective evaluations allowed per line search (scikit-learn's `maxls`).
const MAX_LINE_EVALS: usize = 50;

/// Stopping settings and memory size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Settings {
    /// Correction pairs kept (`m`), at least 1.
    pub history: usize,
    /// Iterations allowed, at least 1.
    pub max_iter: u64,
    /// Stop when the max-abs gradient component is at most this.
    pub gtol: f64,
    /// Stop when the relative decrease of the objective is at most this.
    pub ftol: f64,
}

/// Why [`minimize`] stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Max-abs gradient at most `gtol`.
    Gradient,
    /// Relative decrease at most `ftol`.
    Decrease,
    /// `max_iter` iterations run.
    MaxIter,
    /// No step along the steepest descent direction lowered the objective.
    LineSearch,
}

impl Stop {
    /// A short description for reports.
    pub(crate) fn text(self) -> &'static str {
        match self {
            Stop::Gradient => "gradient below tol",
            Stop::Decrease => "relative decrease below ftol",
            Stop::MaxIter => "maximum iterations reached",
            Stop::LineSearch => "line search found no decrease",
        }
    }

    /// Whether the stop means a tolerance was met.
    pub(crate) fn converged(self) -> bool {
        matches!(self, Stop::Gradient | Stop::Decrease)
    }
}

/// The result of [`minimize`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// The final point.
    pub x: Vec<f64>,
    /// The objective at `x`.
    pub f: f64,
    /// The largest absolute gradient component at `x`.
    pub grad_max: f64,
    /// Iterations run (accepted steps).
    pub iterations: u64,
    /// Objective evaluations, the start point included.
    pub evaluations: u64,
    /// Why it stopped.
    pub stop: Stop,
}

/// Minimizes the function `eval` computes, starting at `x0`. `eval(x, g)`
/// returns `f(x)` and writes the gradient into `g` (every entry).
pub(crate) fn minimize<F>(x0: Vec<f64>, settings: &Settings, mut eval: F) -> Outcome
where
    F: FnMut(&[f64], &mut [f64]) -> f64,
{
    let n = x0.len();
    let m = settings.history.max(1);
    let mut ws = Workspace::new(x0, m);
    let mut f = eval(&ws.x, &mut ws.g);
    let mut grad_max = {
        let g = &ws.g;
        reduce(n, &mut ws.partials, |r| [0.0, 0.0, max_abs(&g[r])])[2]
    };
    let mut iterations = 0;
    let stop = loop {
        if grad_max <= settings.gtol {
            break Stop::Gradient;
        }
        let mut fresh = ws.len == 0;
        let mut step = if fresh { ws.first_step() } else { 1.0 };
        ws.direction();
        let f_new = loop {
            if let Some(f_new) = ws.line_search(f, step, &mut eval) {
                break Some(f_new);
            }
            if fresh {
                break None;
            }
            // Retry once along the steepest descent direction.
            ws.len = 0;
            fresh = true;
            step = ws.first_step();
            ws.direction();
        };
        let Some(f_new) = f_new else {
            break Stop::LineSearch;
        };
        iterations += 1;
        let [sy, yy, gmax] = ws.accept();
        grad_max = gmax;
        let f_old = std::mem::replace(&mut f, f_new);
        if grad_max <= settings.gtol {
            break Stop::Gradient;
        }
        if f_old - f_new <= settings.ftol * f_old.abs().max(f_new.abs()).max(1.0) {
            break Stop::Decrease;
        }
        if iterations >= settings.max_iter {
            break Stop::MaxIter;
        }
        if sy > 0.0 && yy > 0.0 {
            ws.keep_pair(sy, yy, m);
        }
    };
    Outcome {
        x: ws.x,
        f,
        grad_max,
        iterations,
        evaluations: ws.evaluations,
        stop,
    }
}

/// Every buffer of one minimization.
struct Workspace {
    /// Current point and its gradient.
    x: Vec<f64>,
    g: Vec<f64>,
    /// Search direction.
    d: Vec<f64>,
    /// Line-search trial point and its gradient.
    x_try: Vec<f64>,
    g_try: Vec<f64>,
    /// Correction pairs, `history + 1` slots: the pairs in use end at
    /// `newest` (going backwards, wrapping), and the slot after `newest`,
    /// never in use, is where the next pair is formed. Stored as `f32`
    /// (see the module notes on memory).
    s: Vec<Vec<f32>>,
    y: Vec<Vec<f32>>,
    /// `1 / s'y` per slot.
    rho: Vec<f64>,
    /// Two-loop coefficients per slot.
    alpha: Vec<f64>,
    /// `s'y / y'y` of the newest pair: the initial inverse Hessian scale.
    gamma: f64,
    newest: usize,
    /// Pairs in use.
    len: usize,
    /// One partial result per chunk for the reductions.
    partials: Vec<[f64; 3]>,
    evaluations: u64,
}

/// A point on the search line: step, objective, directional derivative.
#[derive(Debug, Clone, Copy)]
struct Point {
    a: f64,
    f: f64,
    dg: f64,
}

impl Workspace {
    /// Every buffer for a start point `x0` and `m` pairs, before its first
    /// evaluation (counted: [`minimize`] makes it at once).
    fn new(x0: Vec<f64>, m: usize) -> Workspace {
        let n = x0.len();
        // Huge pages: these vectors are most of a large fit's memory, and
        // with 4 KiB pages merely touching them the first time cost 12% of
        // the CPU time of a 52M-parameter fit (20 Newsgroups, word + char
        // n-grams) in page faults.
        Workspace {
            x: x0,
            g: huge_page_vec(n, 0.0),
            d: huge_page_vec(n, 0.0),
            x_try: huge_page_vec(n, 0.0),
            g_try: huge_page_vec(n, 0.0),
            s: (0..=m).map(|_| huge_page_vec(n, 0.0f32)).collect(),
            y: (0..=m).map(|_| huge_page_vec(n, 0.0f32)).collect(),
            rho: vec![0.0; m + 1],
            alpha: vec![0.0; m + 1],
            gamma: 1.0,
            newest: 0,
            len: 0,
            partials: vec![[0.0; 3]; n.div_ceil(CHUNK)],
            evaluations: 1,
        }
    }

    /// Slot of the `age`-th newest pair (0 = newest).
    fn slot(&self, age: usize) -> usize {
        let slots = self.s.len();
        (self.newest + slots - age) % slots
    }

    /// The slot the next pair is formed in.
    fn free_slot(&self) -> usize {
        (self.newest + 1) % self.s.len()
    }

    /// `1 / ||g||_2`: the first trial step when there is no curvature
    /// information.
    fn first_step(&mut self) -> f64 {
        let g = &self.g;
        let gg = reduce(g.len(), &mut self.partials, |r| {
            let g = &g[r];
            [dot(g, g), 0.0, 0.0]
        })[0];
        1.0 / gg.sqrt()
    }

    /// `d = -H g` by the two-loop recursion. Each pass over memory fuses one
    /// update of `d` with the dot product the next update needs, so the
    /// recursion costs `2 * len + 1` passes instead of `4 * len`.
    fn direction(&mut self) {
        let h = self.len;
        let slots: Vec<usize> = (0..h).map(|age| self.slot(age)).collect();
        let Workspace {
            g,
            d,
            s,
            y,
            rho,
            alpha,
            gamma,
            partials,
            ..
        } = self;
        if h == 0 {
            reduce_mut(d, partials, |r, d| {
                for (di, &gi) in d.iter_mut().zip(&g[r]) {
                    *di = -gi;
                }
                [0.0; 3]
            });
            return;
        }
        // First loop, newest to oldest: alpha_j = rho_j s_j'q; q -= alpha_j y_j,
        // starting from q = -g. `dot` is always s_j'q for the next j.
        let s0 = &s[slots[0]];
        let mut dot = reduce_mut(d, partials, |r, q| {
            let (g, s) = (&g[r.clone()], &s0[r]);
            [update_dot(q, g, s, |_, gi| -gi), 0.0, 0.0]
        })[0];
        for age in 0..h {
            let j = slots[age];
            let a = rho[j] * dot;
            alpha[j] = a;
            let yj = &y[j];
            // The last update of this loop also scales by gamma and computes
            // y_oldest'd, the first dot product of the second loop.
            let (next, scale) = if age + 1 < h {
                (&s[slots[age + 1]], 1.0)
            } else {
                (&y[slots[h - 1]], *gamma)
            };
            dot = reduce_mut(d, partials, |r, q| {
                let (yj, next) = (&yj[r.clone()], &next[r]);
                let update = |qi: f64, yi: f32| scale * (qi - a * f64::from(yi));
                [update_dot(q, yj, next, update), 0.0, 0.0]
            })[0];
        }
        // Second loop, oldest to newest: beta_j = rho_j y_j'd;
        // d += (alpha_j - beta_j) s_j. `dot` is always y_j'd for this j.
        for age in (0..h).rev() {
            let j = slots[age];
            let c = alpha[j] - rho[j] * dot;
            let sj = &s[j];
            let next = if age > 0 {
                Some(&y[slots[age - 1]])
            } else {
                None
            };
            dot = reduce_mut(d, partials, |r, d| {
                let sj = &sj[r.clone()];
                match next {
                    Some(next) => {
                        let next = &next[r];
                        let update = |di: f64, si: f32| di + c * f64::from(si);
                        [update_dot(d, sj, next, update), 0.0, 0.0]
                    }
                    None => {
                        for (di, &si) in d.iter_mut().zip(sj) {
                            *di += c * f64::from(si);
                        }
                        [0.0; 3]
                    }
                }
            })[0];
        }
    }

    /// Evaluates the objective at `x + a d` (into `x_try`, `g_try`).
    fn trial<F>(&mut self, a: f64, eval: &mut F) -> Point
    where
        F: FnMut(&[f64], &mut [f64]) -> f64,
    {
        let (x, d) = (&self.x, &self.d);
        reduce_mut(&mut self.x_try, &mut self.partials, |r, t| {
            for ((ti, &xi), &di) in t.iter_mut().zip(&x[r.clone()]).zip(&d[r]) {
                *ti = xi + a * di;
            }
            [0.0; 3]
        });
        let f = eval(&self.x_try, &mut self.g_try);
        self.evaluations += 1;
        Point {
            a,
            f,
            dg: self.dot_d(true),
        }
    }

    /// `g'd` for the current gradient or (`trial`) the trial gradient.
    fn dot_d(&mut self, trial: bool) -> f64 {
        let g = if trial { &self.g_try } else { &self.g };
        let d = &self.d;
        reduce(d.len(), &mut self.partials, |r| {
            let (g, d) = (&g[r.clone()], &d[r]);
            [dot(g, d), 0.0, 0.0]
        })[0]
    }

    /// Finds a step along `d` from the current point (objective `f0`),
    /// starting with `a0`, that satisfies the strong Wolfe conditions, or
    /// failing that at least lowers the objective. On success the step's
    /// point and gradient are in `x_try` and `g_try` and its objective is
    /// returned; `None` means no decrease was found (or `d` is not a
    /// descent direction).
    fn line_search<F>(&mut self, f0: f64, a0: f64, eval: &mut F) -> Option<f64>
    where
        F: FnMut(&[f64], &mut [f64]) -> f64,
    {
        let dg0 = self.dot_d(false);
        if dg0.is_nan() || dg0 >= 0.0 || !a0.is_finite() || a0 <= 0.0 {
            return None;
        }
        let decreases = |p: &Point| p.f <= f0 + C1 * p.a * dg0;
        let flat = |p: &Point| p.dg.abs() <= -C2 * dg0;
        let mut prev = Point {
            a: 0.0,
            f: f0,
            dg: dg0,
        };
        let mut a = a0;
        let mut evals = 0;
        // Grow the step until the minimum along the line is bracketed.
        let (lo, hi) = loop {
            let p = self.trial(a, eval);
            evals += 1;
            if !decreases(&p) || p.f >= prev.f {
                break (prev, p);
            }
            if flat(&p) {
                return Some(p.f);
            }
            if p.dg >= 0.0 {
                break (p, prev);
            }
            if evals >= MAX_LINE_EVALS {
                // Still going down: take the longest step tried.
                return Some(p.f);
            }
            let (min, max) = (a + 1.1 * (a - prev.a), a + 4.0 * (a - prev.a));
            a = cubic_min(&prev, &p).map_or(max, |c| c.clamp(min, max));
            prev = p;
        };
        // Shrink the bracket: `lo` is the lowest point satisfying sufficient
        // decrease, and the minimum lies between `lo` and `hi`.
        let (mut lo, mut hi) = (lo, hi);
        while evals < MAX_LINE_EVALS {
            let (left, right) = (lo.a.min(hi.a), lo.a.max(hi.a));
            let width = right - left;
            if width <= f64::EPSILON * right {
                break;
            }
            a = match cubic_min(&lo, &hi) {
                Some(c) if c >= left + 0.1 * width && c <= right - 0.1 * width => c,
                _ => left + 0.5 * width,
            };
            let p = self.trial(a, eval);
            evals += 1;
            if !decreases(&p) || p.f >= lo.f {
                hi = p;
            } else {
                if flat(&p) {
                    return Some(p.f);
                }
                if p.dg * (hi.a - lo.a) >= 0.0 {
                    hi = lo;
                }
                lo = p;
            }
        }
        // Out of evaluations: settle for the lowest point, if it moved.
        if lo.a > 0.0 {
            Some(self.trial(lo.a, eval).f)
        } else {
            None
        }
    }

    /// Moves to the trial point: forms `s = x_try - x` and `y = g_try - g` in
    /// the free slot, swaps the trial buffers in, and returns `s'y`, `y'y`
    /// and the new max-abs gradient.
    fn accept(&mut self) -> [f64; 3] {
        let slot = self.free_slot();
        let Workspace {
            x,
            g,
            x_try,
            g_try,
            s,
            y,
            partials,
            ..
        } = self;
        let out = reduce_mut2(&mut s[slot], &mut y[slot], partials, |r, s, y| {
            let (x, xt, g, gt) = (&x[r.clone()], &x_try[r.clone()], &g[r.clone()], &g_try[r]);
            let mut big = 0.0f64;
            for i in 0..s.len() {
                s[i] = (xt[i] - x[i]) as f32;
                y[i] = (gt[i] - g[i]) as f32;
                big = big.max(gt[i].abs());
            }
            // From the stored (rounded) pair, so that rho and gamma describe
            // exactly the vectors the two-loop recursion uses.
            let (s, y) = (&*s, &*y);
            let (sy, yy) = (dot(s, y), dot(y, y));
            [sy, yy, big]
        });
        std::mem::swap(x, x_try);
        std::mem::swap(g, g_try);
        out
    }

    /// Makes the pair formed by [`Workspace::accept`] the newest, dropping
    /// the oldest if the memory is full.
    fn keep_pair(&mut self, sy: f64, yy: f64, history: usize) {
        let slot = self.free_slot();
        self.rho[slot] = 1.0 / sy;
        self.gamma = sy / yy;
        self.newest = slot;
        self.len = (self.len + 1).min(history);
    }
}

/// The step minimizing the cubic through two line points (values and
/// slopes), if that cubic has a minimizer.
fn cubic_min(p: &Point, q: &Point) -> Option<f64> {
    let d1 = p.dg + q.dg - 3.0 * (p.f - q.f) / (p.a - q.a);
    let disc = d1 * d1 - p.dg * q.dg;
    if disc.is_nan() || disc < 0.0 {
        return None;
    }
    let d2 = (q.a - p.a).signum() * disc.sqrt();
    let c = q.a - (q.a - p.a) * (q.dg + d2 - d1) / (q.dg - p.dg + 2.0 * d2);
    c.is_finite().then_some(c)
}

/// Largest absolute value (0 for an empty slice).
fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

/// `sum_i a[i] * b[i]` (same lengths) in four interleaved partial sums,
/// one per index modulo 4, added in a fixed order with the tail's sum.
/// Walking fixed-size chunks leaves no index to check, so the compiler
/// keeps the sums in vector registers; the index-driven loop this replaced
/// stayed scalar.
#[inline(always)]
fn dot<A: Copy, B: Copy>(a: &[A], b: &[B]) -> f64
where
    f64: From<A> + From<B>,
{
    debug_assert_eq!(a.len(), b.len());
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ta, tb) = (a4.remainder(), b4.remainder());
    let mut acc = [0.0f64; 4];
    for (a, b) in a4.zip(b4) {
        for l in 0..4 {
            acc[l] += f64::from(a[l]) * f64::from(b[l]);
        }
    }
    let mut tail = 0.0;
    for (&a, &b) in ta.iter().zip(tb) {
        tail += f64::from(a) * f64::from(b);
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Sets `d[i] = f(d[i], a[i])` and returns `sum_i b[i] * d[i]` (the new
/// `d`), summed as [`dot`] sums: one pass for an update and the dot product
/// the next one needs.
#[inline(always)]
fn update_dot<A: Copy, B: Copy>(d: &mut [f64], a: &[A], b: &[B], f: impl Fn(f64, A) -> f64) -> f64
where
    f64: From<B>,
{
    debug_assert!(a.len() == d.len() && b.len() == d.len());
    let mut d4 = d.chunks_exact_mut(4);
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ta, tb) = (a4.remainder(), b4.remainder());
    let mut acc = [0.0f64; 4];
    for ((d, a), b) in (&mut d4).zip(a4).zip(b4) {
        for l in 0..4 {
            d[l] = f(d[l], a[l]);
            acc[l] += f64::from(b[l]) * d[l];
        }
    }
    let mut tail = 0.0;
    for ((d, &a), &b) in d4.into_remainder().iter_mut().zip(ta).zip(tb) {
        *d = f(*d, a);
        tail += f64::from(b) * *d;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Combines per-chunk results: lanes 0 and 1 summed in chunk order, lane 2
/// by maximum.
fn combine(partials: &[[f64; 3]]) -> [f64; 3] {
    partials.iter().fold([0.0, 0.0, 0.0], |acc, p| {
        [acc[0] + p[0], acc[1] + p[1], acc[2].max(p[2])]
    })
}

/// Whether a vector of `n` entries is worth spreading over threads.
fn parallel(n: usize) -> bool {
    n >= PARALLEL_CHUNKS * CHUNK
}

/// Runs `f` on the index range of each chunk of a length-`n` vector.
fn reduce<F>(n: usize, partials: &mut [[f64; 3]], f: F) -> [f64; 3]
where
    F: Fn(std::ops::Range<usize>) -> [f64; 3] + Sync,
{
    let parts = &mut partials[..n.div_ceil(CHUNK)];
    let range = |c: usize| c * CHUNK..((c + 1) * CHUNK).min(n);
    if parallel(n) {
        parts
            .par_iter_mut()
            .enumerate()
            .for_each(|(c, p)| *p = f(range(c)));
    } else {
        for (c, p) in parts.iter_mut().enumerate() {
            *p = f(range(c));
        }
    }
    combine(parts)
}

/// Runs `f` on each chunk of `v` (with the chunk's index range).
fn reduce_mut<F>(v: &mut [f64], partials: &mut [[f64; 3]], f: F) -> [f64; 3]
where
    F: Fn(std::ops::Range<usize>, &mut [f64]) -> [f64; 3] + Sync,
{
    let n = v.len();
    let parts = &mut partials[..n.div_ceil(CHUNK)];
    let start = |c: usize| c * CHUNK;
    if parallel(n) {
        v.par_chunks_mut(CHUNK)
            .zip(parts.par_iter_mut())
            .enumerate()
            .for_each(|(c, (v, p))| *p = f(start(c)..start(c) + v.len(), v));
    } else {
        for (c, (v, p)) in v.chunks_mut(CHUNK).zip(parts.iter_mut()).enumerate() {
            *p = f(start(c)..start(c) + v.len(), v);
        }
    }
    combine(parts)
}

/// Runs `f` on matching chunks of `a` and `b` (same length).
fn reduce_mut2<T, F>(a: &mut [T], b: &mut [T], partials: &mut [[f64; 3]], f: F) -> [f64; 3]
where
    T: Send,
    F: Fn(std::ops::Range<usize>, &mut [T], &mut [T]) -> [f64; 3] + Sync,
{
    let n = a.len();
    let parts = &mut partials[..n.div_ceil(CHUNK)];
    let start = |c: usize| c * CHUNK;
    if parallel(n) {
        a.par_chunks_mut(CHUNK)
            .zip(b.par_chunks_mut(CHUNK))
            .zip(parts.par_iter_mut())
            .enumerate()
            .for_each(|(c, ((a, b), p))| *p = f(start(c)..start(c) + a.len(), a, b));
    } else {
        for (c, ((a, b), p)) in a
            .chunks_mut(CHUNK)
            .zip(b.chunks_mut(CHUNK))
            .zip(parts.iter_mut())
            .enumerate()
        {
            *p = f(start(c)..start(c) + a.len(), a, b);
        }
    }
    combine(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(gtol: f64, ftol: f64, max_iter: u64) -> Settings {
        Settings {
            history: 10,
            max_iter,
            gtol,
            ftol,
        }
    }

    /// `0.5 * sum_i a_i (x_i - c_i)^2` with `a_i = 1 + (i % 7)`,
    /// `c_i = (i % 5) - 2`: minimum 0 at `c`.
    fn quadratic(x: &[f64], g: &mut [f64]) -> f64 {
        let mut f = 0.0;
        for (i, (&xi, gi)) in x.iter().zip(g.iter_mut()).enumerate() {
            let (a, c) = (1.0 + (i % 7) as f64, (i % 5) as f64 - 2.0);
            *gi = a * (xi - c);
            f += 0.5 * a * (xi - c) * (xi - c);
        }
        f
    }

    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let (a, b) = (x[0], x[1]);
        g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
        g[1] = 200.0 * (b - a * a);
        (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
    }

    #[test]
    fn quadratic_reaches_its_exact_minimizer() {
        let out = minimize(vec![0.0; 40], &settings(1e-10, 0.0, 1000), quadratic);
        assert_eq!(out.stop, Stop::Gradient);
        assert!(out.stop.converged());
        assert!(out.grad_max <= 1e-10);
        for (i, &v) in out.x.iter().enumerate() {
            let c = (i % 5) as f64 - 2.0;
            assert!((v - c).abs() < 1e-10, "x[{i}] = {v}, expected {c}");
        }
        assert!(out.f < 1e-19, "{}", out.f);
        // Seven distinct curvatures: a handful of iterations suffice.
        assert!(out.iterations <= 20, "{out:?}");
    }

    #[test]
    fn rosenbrock_to_1e_6() {
        let out = minimize(vec![-1.2, 1.0], &settings(1e-9, 0.0, 1000), rosenbrock);
        assert_eq!(out.stop, Stop::Gradient, "{out:?}");
        assert!((out.x[0] - 1.0).abs() < 1e-6, "{:?}", out.x);
        assert!((out.x[1] - 1.0).abs() < 1e-6, "{:?}", out.x);
        assert!(out.iterations < 100, "{out:?}");
        // Every iteration decreased f and the line search rarely needed
        // more than a couple of evaluations.
        assert!(out.evaluations < 3 * out.iterations, "{out:?}");
    }

    #[test]
    fn stops_at_start_when_the_gradient_is_already_small() {
        let x0: Vec<f64> = (0..12).map(|i| (i % 5) as f64 - 2.0).collect();
        let out = minimize(x0.clone(), &settings(1e-4, 0.0, 10), quadratic);
        assert_eq!(out.stop, Stop::Gradient);
        assert_eq!((out.iterations, out.evaluations), (0, 1));
        assert_eq!(out.x, x0);
        assert_eq!((out.f, out.grad_max), (0.0, 0.0));
    }

    #[test]
    fn stops_on_relative_decrease() {
        // gtol 0 never triggers; a loose ftol stops long before the minimum.
        let out = minimize(vec![-1.2, 1.0], &settings(0.0, 1e-3, 1000), rosenbrock);
        assert_eq!(out.stop, Stop::Decrease);
        assert!(out.stop.converged());
        assert_eq!(out.stop.text(), "relative decrease below ftol");
        assert!(out.grad_max > 1e-6, "{out:?}");
    }

    #[test]
    fn stops_at_max_iter() {
        let out = minimize(vec![-1.2, 1.0], &settings(1e-9, 0.0, 3), rosenbrock);
        assert_eq!(out.stop, Stop::MaxIter);
        assert!(!out.stop.converged());
        assert_eq!(out.stop.text(), "maximum iterations reached");
        assert_eq!(out.iterations, 3);
        // Still strictly better than the start (f = 24.2).
        assert!(out.f < 24.2, "{out:?}");
    }

    #[test]
    fn stops_when_no_step_decreases() {
        // The "gradient" points uphill: -g is an ascent direction, so no step
        // along it lowers f.
        let out = minimize(vec![0.0; 3], &settings(1e-9, 0.0, 100), |x, g| {
            g.fill(-1.0);
            x.iter().sum()
        });
        assert_eq!(out.stop, Stop::LineSearch);
        assert!(!out.stop.converged());
        assert_eq!(out.stop.text(), "line search found no decrease");
        assert_eq!((out.iterations, out.x.clone()), (0, vec![0.0; 3]));
        assert_eq!(out.evaluations, 1 + MAX_LINE_EVALS as u64);
    }

    #[test]
    fn two_loop_matches_the_dense_bfgs_update() {
        // Three pairs in a 5-dimensional space; the dense inverse Hessian is
        // H <- (I - rho s y') H (I - rho y s') + rho s s', from H0 = gamma I.
        let n = 5;
        let pairs: Vec<(Vec<f64>, Vec<f64>)> = (0..3)
            .map(|p| {
                let s: Vec<f64> = (0..n).map(|i| ((i * 3 + p * 7) % 5) as f64 - 1.5).collect();
                let y: Vec<f64> = s
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v * (2.0 + i as f64) + 0.1 * p as f64)
                    // Pairs are stored as f32: start from values it holds
                    // exactly, so the dense update sees the same pairs.
                    .map(|v| f64::from(v as f32))
                    .collect();
                (s, y)
            })
            .collect();
        let g: Vec<f64> = (0..n).map(|i| 0.3 * i as f64 - 0.5).collect();
        let m = 4;
        let mut ws = Workspace::new(vec![0.0; n], m);
        ws.g.clone_from(&g);
        // Start late in the ring so the pairs wrap around.
        ws.newest = 3;
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        for (s, y) in &pairs {
            let slot = ws.free_slot();
            for (to, &v) in ws.s[slot].iter_mut().zip(s) {
                *to = v as f32;
            }
            for (to, &v) in ws.y[slot].iter_mut().zip(y) {
                *to = v as f32;
            }
            ws.keep_pair(dot(s, y), dot(y, y), m);
        }
        assert_eq!(ws.len, 3);
        ws.direction();

        let (s, y) = pairs.last().unwrap();
        let gamma = dot(s, y) / dot(y, y);
        let mut h: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..n).map(|j| if i == j { gamma } else { 0.0 }).collect())
            .collect();
        for (s, y) in &pairs {
            let rho = 1.0 / dot(s, y);
            // V = I - rho y s'; H = V' H V + rho s s'.
            let v: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| f64::from(u8::from(i == j)) - rho * y[i] * s[j])
                        .collect()
                })
                .collect();
            let hv: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| (0..n).map(|k| h[i][k] * v[k][j]).sum())
                        .collect()
                })
                .collect();
            h = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            (0..n).map(|k| v[k][i] * hv[k][j]).sum::<f64>() + rho * s[i] * s[j]
                        })
                        .collect()
                })
                .collect();
        }
        for (i, hi) in h.iter().enumerate() {
            let expected = -dot(hi, &g);
            assert!(
                (ws.d[i] - expected).abs() < 1e-12,
                "d[{i}] = {} vs dense {expected}",
                ws.d[i]
            );
        }
    }

    #[test]
    fn one_and_two_threads_give_bit_identical_results() {
        // Long enough for the parallel path (more than PARALLEL_CHUNKS chunks).
        let n = 10 * PARALLEL_CHUNKS * CHUNK + 123;
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| minimize(vec![0.5; n], &settings(1e-9, 0.0, 50), quadratic))
        };
        let (a, b) = (run(1), run(2));
        assert!(a.iterations > 3, "{a:?}");
        assert_eq!((a.iterations, a.evaluations), (b.iterations, b.evaluations));
        assert_eq!(a.f.to_bits(), b.f.to_bits());
        assert!(a
            .x
            .iter()
            .zip(&b.x)
            .all(|(p, q)| p.to_bits() == q.to_bits()));
    }
}
