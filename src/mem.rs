//! Memory helpers shared by the hot paths: cache prefetch hints, vectors
//! backed by huge pages, and handing free heap memory back to the system.
//! None of them changes a result.

/// Hint the CPU to load the cache line holding `p`.
#[inline(always)]
pub(crate) fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint and never faults; `p` is a valid
    // reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (p as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// [`prefetch`] for every cache line `span` touches (records wider than a
/// line need all of theirs).
#[inline(always)]
pub(crate) fn prefetch_span<T>(span: &[T]) {
    let per_line = (64 / std::mem::size_of::<T>().max(1)).max(1);
    for x in span.iter().step_by(per_line) {
        prefetch(x);
    }
    if let Some(last) = span.last() {
        prefetch(last);
    }
}

/// `n` copies of `value` in memory that Linux is asked to back with huge
/// pages (`madvise(MADV_HUGEPAGE)` before the pages are first touched):
/// tables of many megabytes probed at random then cost far fewer TLB
/// misses. Elsewhere, or when the kernel declines, a plain vector.
///
/// Vectors of [`PARALLEL_FILL_BYTES`] or more are filled by all of rayon's
/// threads: the first touch of each page is when the kernel zeroes it, and
/// for the L-BFGS vectors of a 52M-parameter fit (6.6 GB) that zeroing,
/// done by one thread, was 9% of the fit's CPU time, all of it on the
/// critical path.
pub(crate) fn huge_page_vec<T: Clone + Send + Sync>(n: usize, value: T) -> Vec<T> {
    use rayon::iter::ParallelExtend;
    let mut v = huge_page_capacity(n);
    if n.saturating_mul(std::mem::size_of::<T>()) >= PARALLEL_FILL_BYTES {
        v.par_extend(rayon::iter::repeat_n(value, n));
    } else {
        v.resize(n, value);
    }
    v
}

/// Size from which [`huge_page_vec`] fills in parallel.
const PARALLEL_FILL_BYTES: usize = 64 << 20;

/// An empty vector with room for `n` items, in memory that Linux is asked
/// to back with huge pages as it is first touched (see [`huge_page_vec`]);
/// untouched room costs no memory.
pub(crate) fn huge_page_capacity<T>(n: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let bytes = n * std::mem::size_of::<T>();
        if bytes >= 4 << 20 {
            let start = v.as_ptr() as usize;
            let first = start.next_multiple_of(PAGE);
            let end = (start + bytes) / PAGE * PAGE;
            if end > first {
                // SAFETY: the range lies inside the allocation of `v`;
                // MADV_HUGEPAGE only changes how the kernel backs it.
                unsafe {
                    libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
                }
            }
        }
    }
    v
}

/// Hands the heap's free memory back to the system. Counting terms leaves
/// tens of megabytes free inside the allocator (per-thread hash maps and
/// vocabulary buffers of the parallel vectorizing); glibc keeps them
/// mapped, so they would add to the peak while the solver allocates its own
/// vectors. On 100k synthetic rows with per-target blocks this took the
/// peak RSS of `train` from 999 to 926-961 MB, model unchanged (measured
/// 2026-11-28, two runs each). Elsewhere a no-op.
pub(crate) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused heap pages to the kernel; it
    // is safe to call at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_page_vectors_hold_n_copies_filled_serially_or_in_parallel() {
        // Just below and at the size from which the fill is parallel.
        let below = PARALLEL_FILL_BYTES / 4 - 1;
        for n in [0, 1, 1000, below, below + 1, below + 3] {
            let v = huge_page_vec(n, 2.5f32);
            assert_eq!(v.len(), n);
            assert!(v.iter().all(|&x| x == 2.5), "n = {n}");
        }
    }
}
