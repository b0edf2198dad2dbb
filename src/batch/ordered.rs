//! In-order parallel processing with bounded memory. Items are read in
//! chunks ([`Chunks`]: at most `items` items, and a chunk ends once it
//! holds `bytes` bytes), the items of a chunk are processed in parallel on
//! rayon's pool, and the results are handed on in input order, one chunk
//! at a time. With more than one thread, reading the next chunk and handing
//! on the previous one run on threads of their own beside the processing,
//! joined by channels of one chunk each, so at most five chunks are in
//! memory (read, waiting, processed, waiting, handed on).
//!
//! Each item's result depends on that item alone, so the results, and the
//! bytes a sink writes from them, are the same with any number of threads.

use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::error::Result;

/// Bounds of one chunk.
#[derive(Debug, Clone, Copy)]
pub struct Chunks {
    /// Most items in a chunk (a chunk holds at least one).
    pub items: usize,
    /// A chunk ends once its items' sizes add up to this many bytes.
    pub bytes: usize,
}

/// One chunk as read: its items, and how reading ended after them (None:
/// more to read; `Some(Ok)`: end of input; `Some(Err)`: a fatal read
/// error, to report once the items before it are handed on).
struct Chunk<I> {
    items: Vec<I>,
    end: Option<Result<()>>,
}

fn read_chunk<I>(
    read: &mut dyn FnMut() -> Result<Option<I>>,
    size: &dyn Fn(&I) -> usize,
    chunks: Chunks,
) -> Chunk<I> {
    let mut items = Vec::new();
    let mut bytes = 0;
    // At least one item per chunk, whatever the bounds.
    while items.is_empty() || (items.len() < chunks.items && bytes < chunks.bytes) {
        match read() {
            Ok(Some(item)) => {
                bytes += size(&item);
                items.push(item);
            }
            Ok(None) => {
                return Chunk {
                    items,
                    end: Some(Ok(())),
                }
            }
            Err(e) => {
                return Chunk {
                    items,
                    end: Some(Err(e)),
                }
            }
        }
    }
    Chunk { items, end: None }
}

fn process<I: Sync, R: Send>(items: Vec<I>, work: &(dyn Fn(&I) -> R + Sync)) -> Vec<(I, R)> {
    let results: Vec<R> = if rayon::current_num_threads() <= 1 {
        items.iter().map(work).collect()
    } else {
        // An indexed parallel iterator collects in input order.
        items.par_iter().map(work).collect()
    };
    items.into_iter().zip(results).collect()
}

/// Read every item with `read` (`Ok(None)` at the end), process each with
/// `work`, and hand each chunk's (item, result) pairs to `sink` in input
/// order. A fatal read error is returned after the items read before it
/// are handed on; an error from `sink` stops the run and is returned (it
/// concerns an earlier item than any read error).
pub fn run<I, R>(
    read: &mut (dyn FnMut() -> Result<Option<I>> + Send),
    size: &(dyn Fn(&I) -> usize + Sync),
    chunks: Chunks,
    work: &(dyn Fn(&I) -> R + Sync),
    sink: &mut (dyn FnMut(Vec<(I, R)>) -> Result<()> + Send),
) -> Result<()>
where
    I: Send + Sync,
    R: Send,
{
    if rayon::current_num_threads() <= 1 {
        loop {
            let c = read_chunk(read, size, chunks);
            sink(process(c.items, work))?;
            if let Some(end) = c.end {
                return end;
            }
        }
    }
    std::thread::scope(|sc| {
        let (read_tx, read_rx) = sync_channel::<Chunk<I>>(1);
        let (done_tx, done_rx) = sync_channel::<Vec<(I, R)>>(1);
        sc.spawn(move || loop {
            let c = read_chunk(read, size, chunks);
            let last = c.end.is_some();
            // A closed channel means the run stopped at an error.
            if read_tx.send(c).is_err() || last {
                break;
            }
        });
        let handing = sc.spawn(move || -> Result<()> {
            for done in done_rx {
                sink(done)?;
            }
            Ok(())
        });
        let mut end = Ok(());
        for c in read_rx {
            if done_tx.send(process(c.items, work)).is_err() {
                break;
            }
            if let Some(e) = c.end {
                end = e;
                break;
            }
        }
        drop(done_tx);
        handing.join().expect("the sink thread does not panic")?;
        end
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squares(threads: usize, n: u64, chunks: Chunks) -> Vec<(u64, u64)> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut next = 0;
            let mut read = || {
                next += 1;
                Ok((next <= n).then_some(next))
            };
            let mut out = Vec::new();
            let mut sink = |done: Vec<(u64, u64)>| {
                out.extend(done);
                Ok(())
            };
            run(&mut read, &|_| 8, chunks, &|&i| i * i, &mut sink).unwrap();
            out
        })
    }

    #[test]
    fn results_come_in_input_order_with_any_thread_count() {
        let want: Vec<(u64, u64)> = (1..=1000).map(|i| (i, i * i)).collect();
        for threads in [1, 2, 3] {
            for chunks in [
                Chunks {
                    items: 7,
                    bytes: 1 << 20,
                },
                Chunks {
                    items: 1000,
                    bytes: 40,
                },
                Chunks { items: 0, bytes: 0 },
            ] {
                assert_eq!(squares(threads, 1000, chunks), want, "{threads} {chunks:?}");
            }
        }
        assert!(squares(
            2,
            0,
            Chunks {
                items: 4,
                bytes: 64
            }
        )
        .is_empty());
    }

    #[test]
    fn a_read_error_comes_after_the_items_before_it() {
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let mut next = 0u64;
                let mut read = || {
                    next += 1;
                    if next == 6 {
                        return Err(crate::Error::Other("broken".into()));
                    }
                    Ok(Some(next))
                };
                let mut seen = Vec::new();
                let mut sink = |done: Vec<(u64, u64)>| {
                    seen.extend(done.into_iter().map(|(i, _)| i));
                    Ok(())
                };
                let chunks = Chunks {
                    items: 4,
                    bytes: 1 << 20,
                };
                let e = run(&mut read, &|_| 1, chunks, &|&i| i, &mut sink).unwrap_err();
                assert_eq!(e.to_string(), "broken");
                assert_eq!(seen, [1, 2, 3, 4, 5]);
            });
        }
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        pool.install(|| {
            let mut next = 0u64;
            let mut read = || {
                next += 1;
                Ok(Some(next))
            };
            let mut sink = |done: Vec<(u64, u64)>| match done.iter().find(|(i, _)| *i == 10) {
                Some(_) => Err(crate::Error::Other("stop".into())),
                None => Ok(()),
            };
            let chunks = Chunks {
                items: 3,
                bytes: 1 << 20,
            };
            let e = run(&mut read, &|_| 1, chunks, &|&i| i, &mut sink).unwrap_err();
            assert_eq!(e.to_string(), "stop");
        });
    }
}
