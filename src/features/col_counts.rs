//! [`ColCounts`]: the distinct columns of one document with their counts,
//! in order of first occurrence, reused from document to document.
//!
//! Layout: `entries` (column, count, IDF) in order of first occurrence, and
//! an open-addressing `table` of entry index + 1 (0 is empty) at most half
//! full, hashed multiplicatively by column (`shift` = 64 - log2 of its
//! size).
//!
//! Invariants: every entry sits in the probe chain of its column (entries
//! are never removed while the table points at them, so clearing can walk
//! each entry's chain instead of the whole table); `dirty` is false only
//! when the table is all zeros. Reordering `entries` is allowed only after
//! [`ColCounts::clear_table`].

use crate::features::term_index::Hit;

/// The distinct columns of one document with their counts, in order of
/// first occurrence: a small open-addressing table from column to entry,
/// reused from document to document (cleared through its entries, so a
/// clear costs the document's distinct terms, not the table size). It
/// replaces sorting every hit: a document's columns stay in the caches.
#[derive(Debug, Clone, Default)]
pub(crate) struct ColCounts {
    /// Entry index + 1 per slot; 0 marks an empty slot.
    table: Vec<u32>,
    /// `64 - log2(table.len())`, for multiplicative hashing.
    shift: u32,
    pub(crate) entries: Vec<ColCount>,
    /// Whether `table` holds entries (see [`ColCounts::clear_table`]).
    dirty: bool,
}

/// One distinct column of a document ([`ColCounts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ColCount {
    pub(crate) col: u32,
    pub(crate) count: u32,
    pub(crate) idf: f64,
}

impl ColCounts {
    #[inline]
    fn slot(&self, col: u32) -> usize {
        (u64::from(col).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Counts one occurrence of `hit`; calls `new_col` when its column is
    /// new to the document.
    #[inline]
    pub(crate) fn add(&mut self, hit: Hit, new_col: &mut impl FnMut(u32)) {
        if self.entries.len() * 2 >= self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = self.slot(hit.col);
        loop {
            let e = self.table[i];
            if e == 0 {
                self.entries.push(ColCount {
                    col: hit.col,
                    count: 1,
                    idf: hit.idf,
                });
                self.table[i] = self.entries.len() as u32;
                self.dirty = true;
                new_col(hit.col);
                return;
            }
            let entry = &mut self.entries[e as usize - 1];
            if entry.col == hit.col {
                entry.count += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Counts one occurrence of `col` (with no IDF) and returns its count
    /// so far.
    #[inline]
    pub(crate) fn bump(&mut self, col: u32) -> u32 {
        if self.entries.len() * 2 >= self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = self.slot(col);
        loop {
            let e = self.table[i];
            if e == 0 {
                self.entries.push(ColCount {
                    col,
                    count: 1,
                    idf: 0.0,
                });
                self.table[i] = self.entries.len() as u32;
                self.dirty = true;
                return 1;
            }
            let entry = &mut self.entries[e as usize - 1];
            if entry.col == col {
                entry.count += 1;
                return entry.count;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.table.len() * 2).max(256);
        self.table.clear();
        self.table.resize(cap, 0);
        self.shift = 64 - cap.trailing_zeros();
        let mask = cap - 1;
        for (k, e) in self.entries.iter().enumerate() {
            let mut i = self.slot(e.col);
            while self.table[i] != 0 {
                i = (i + 1) & mask;
            }
            self.table[i] = k as u32 + 1;
        }
    }

    /// Empties the table, keeping the entries (which may then be
    /// reordered); a no-op when already empty.
    pub(crate) fn clear_table(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        if self.entries.len() * 16 >= self.table.len() {
            self.table.fill(0);
            return;
        }
        let mask = self.table.len() - 1;
        for k in 0..self.entries.len() {
            // No entry was ever removed, so entry `k` sits in the probe
            // chain of its column.
            let mut i = self.slot(self.entries[k].col);
            while self.table[i] as usize != k + 1 {
                i = (i + 1) & mask;
            }
            self.table[i] = 0;
        }
    }

    /// Empties the table and the entries, for the next document.
    pub(crate) fn clear(&mut self) {
        self.clear_table();
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct columns with counts in order of first occurrence, as a
    /// naive scan finds them.
    fn naive_counts(cols: &[u32]) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for &c in cols {
            match out.iter_mut().find(|(k, _)| *k == c) {
                Some(e) => e.1 += 1,
                None => out.push((c, 1)),
            }
        }
        out
    }

    proptest::proptest! {
        /// One table reused over many documents (growing, cleared by
        /// filling or by probing, and after reordering) counts each exactly.
        #[test]
        fn col_counts_match_a_naive_count(
            docs in proptest::collection::vec(
                proptest::collection::vec(0u32..3000, 0..700), 1..6),
            sort_some in proptest::bool::ANY,
        ) {
            let mut counts = ColCounts::default();
            for (d, cols) in docs.iter().enumerate() {
                counts.clear();
                let mut new = Vec::new();
                for &c in cols {
                    counts.add(Hit { col: c, idf: f64::from(c) }, &mut |c| new.push(c));
                }
                let got: Vec<(u32, u32)> =
                    counts.entries.iter().map(|e| (e.col, e.count)).collect();
                let want = naive_counts(cols);
                proptest::prop_assert_eq!(&got, &want);
                let first: Vec<u32> = want.iter().map(|e| e.0).collect();
                proptest::prop_assert_eq!(new, first);
                proptest::prop_assert!(counts.entries.iter().all(|e| e.idf == f64::from(e.col)));
                if sort_some && d % 2 == 1 {
                    counts.clear_table();
                    counts.entries.sort_unstable_by_key(|e| e.col);
                }
            }
        }
    }
}
