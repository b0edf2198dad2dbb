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
pub(crate) fn huge_page_vec<T: Clone>(n: usize, value: T) -> Vec<T> {
    let mut v = huge_page_capacity(n);
    v.resize(n, value);
    v
}

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
