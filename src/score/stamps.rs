//! [`Stamps`]: which column occurrences of a document repeat a column seen
//! before in it, found by one-byte stamps, and the log of those repeats
//! that the correction of term frequencies reads.
//!
//! Layout: `stamps`, one byte per column the scorer knows (the `char_wb`
//! vectorizer's columns, then the word part's); `stamp`, the current
//! document's; `repeats`, the log of repeated occurrences. A document is
//! marked through [`Marks`], which holds the counts of occurrences so far
//! (`n_doc`) and of repeats among them (`n_rep`) in registers.
//!
//! Invariants: a column was seen in the current document if and only if
//! its stamp is the document's. A new document takes the next stamp, so
//! nothing is cleared between documents; when `stamp` wraps (every 255
//! documents) all stamps are zeroed and the next is 1, so a stale stamp
//! never equals the current one. The log is written without branches:
//! every occurrence writes its column at `n_rep` and only a repeat moves
//! `n_rep` on, so `n_rep < n_doc` after each occurrence, and
//! [`Marks::reserve`] must give `repeats` room for the occurrences about to
//! be marked before [`Marks::add`] marks them (`n_doc <= repeats.len()`):
//! the one `unsafe` write relies on it.

use super::word_cache::RecordCols;

/// Per-column stamps and the repeat log, kept from document to document
/// (see the module doc).
#[derive(Debug, Default, Clone)]
pub(super) struct Stamps {
    stamps: Vec<u8>,
    stamp: u8,
    /// Column occurrences of the current document already seen before.
    repeats: Vec<u32>,
}

impl Stamps {
    /// Starts a document over `n_cols` columns: takes the next stamp.
    #[inline]
    pub(super) fn begin(&mut self, n_cols: usize) -> Marks<'_> {
        if self.stamps.len() < n_cols {
            self.stamps.resize(n_cols, 0);
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.stamps.fill(0);
            self.stamp = 1;
        }
        Marks {
            stamps: &mut self.stamps,
            repeats: &mut self.repeats,
            cur: self.stamp,
            n_doc: 0,
            n_rep: 0,
        }
    }
}

/// The marking of one document's column occurrences ([`Stamps::begin`]).
#[derive(Debug)]
pub(super) struct Marks<'s> {
    stamps: &'s mut [u8],
    repeats: &'s mut Vec<u32>,
    /// This document's stamp.
    cur: u8,
    /// Occurrences marked so far.
    n_doc: usize,
    /// Repeats among them: the length of the log.
    n_rep: usize,
}

impl Marks<'_> {
    /// Gives the log room for `n` more occurrences.
    #[inline(always)]
    pub(super) fn reserve(&mut self, n: usize) {
        let need = self.n_doc + n;
        if self.repeats.len() < need {
            self.repeats.resize(need.next_power_of_two(), 0);
        }
    }

    /// Marks one occurrence of `col`, logging it when `col` was seen
    /// before in the document. Room must have been
    /// [`reserve`](Self::reserve)d for it. Inlined and branch-free: it
    /// runs for every n-gram occurrence.
    #[inline(always)]
    pub(super) fn add(&mut self, col: u32) {
        let old = self.stamps[col as usize];
        self.stamps[col as usize] = self.cur;
        self.n_doc += 1;
        debug_assert!(
            self.n_rep < self.n_doc && self.n_doc <= self.repeats.len(),
            "room was reserved"
        );
        // SAFETY: `reserve` gives `repeats` room for every occurrence
        // before it is added (so `n_doc <= repeats.len()`), and `n_rep`,
        // the repeats among the occurrences before this one, is below
        // `n_doc`. Without the bounds check the in-cache file took 1.50 s
        // instead of 1.56 (median of five, alternating).
        unsafe { *self.repeats.get_unchecked_mut(self.n_rep) = col };
        self.n_rep += usize::from(old == self.cur);
    }

    /// Marks the columns of a cached word, in order.
    #[inline(always)]
    pub(super) fn add_record(&mut self, cols: &RecordCols<'_>) {
        let (full, last) = cols.halves();
        self.reserve(full.len() * 2 + 1);
        for &x in full {
            self.add(x as u32);
            self.add((x >> 32) as u32);
        }
        if let Some(x) = last {
            self.add(x as u32);
        }
    }

    /// The repeated occurrences of the document so far, in order (a column
    /// seen `t` times is here `t - 1` times).
    #[inline]
    pub(super) fn repeats(&self) -> &[u32] {
        debug_assert!(self.n_rep <= self.n_doc, "repeats are occurrences");
        &self.repeats[..self.n_rep]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_the_occurrences_seen_before() {
        let mut s = Stamps::default();
        // 600 documents: the stamp wraps twice (before documents 255 and
        // 510), exactly when column 3 comes back with the stamp it was
        // last marked with.
        for d in 0..600usize {
            let cols: Vec<u32> = if d % 255 == 0 {
                vec![3, 1, 3, 3, 2, 1]
            } else {
                vec![1, 2, 2]
            };
            let mut m = s.begin(5);
            m.reserve(cols.len());
            for &c in &cols {
                m.add(c);
            }
            let want: &[u32] = if d % 255 == 0 { &[3, 3, 1] } else { &[2] };
            assert_eq!(m.repeats(), want, "document {d}");
        }
    }

    /// Marking an occurrence without room in the log would write out of
    /// bounds in a release build; a debug build stops at the assertion.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "room was reserved")]
    fn marking_without_room_is_caught() {
        let mut s = Stamps::default();
        let mut m = s.begin(4);
        m.reserve(2);
        for c in [0, 1, 2] {
            m.add(c);
        }
    }
}
