//! The term -> column table that the transform looks every term up in
//! ([`TermIndex`]), and the byte helpers it hashes and compares with
//! ([`fingerprint`], [`hash_term`], [`pack`]).
//!
//! Layout: a power-of-two array of 32-byte [`Slot`]s (on huge pages),
//! open addressing with linear probing, at most half full; each slot holds
//! the term's 16-byte fingerprint, its length, column and IDF. The term
//! bytes themselves sit in one `arena`, term `j` at `starts[j]..starts[j +
//! 1]`, read only to compare a term longer than 16 bytes.
//!
//! Invariants: a term of at most 16 bytes is determined by its fingerprint
//! and length, so a match of both is a hit; an empty slot (`col ==
//! u32::MAX`) ends every probe chain (nothing is ever removed). The table
//! is built once from the fitted vocabulary and IDF and never changes.
//! Scoring (`crate::score`) reads the same table through
//! [`FittedTfidf::term_index`](crate::features::tfidf::FittedTfidf::term_index).

use crate::mem::{huge_page_vec, prefetch};

/// The term -> column table of the transform hot path: open addressing
/// with linear probing over slots that hold a 16-byte fingerprint of the
/// term, so a lookup compares two words instead of calling `memcmp`, and
/// a miss (most char n-grams of unseen text) touches one or two slots.
/// Terms of at most 16 bytes are identified by the fingerprint and length
/// alone; longer ones are then compared in full against `arena`.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermIndex {
    slots: Vec<Slot>,
    arena: Vec<u8>,
    starts: Vec<usize>,
}

/// One table slot: 32 bytes, aligned, so a probe touches one cache line,
/// which also holds the term's IDF (the transform needs it next).
#[derive(Debug, Clone, Copy)]
#[repr(C, align(32))]
struct Slot {
    key: (u64, u64),
    len: u32,
    /// `u32::MAX` marks an empty slot.
    col: u32,
    /// The term's IDF, or 1 without IDF weighting.
    idf: f64,
}

/// A term found by [`TermIndex`]: its column and IDF.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    pub(crate) col: u32,
    pub(crate) idf: f64,
}

const EMPTY: u32 = u32::MAX;

#[inline]
fn load_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

#[inline]
fn load_u32(b: &[u8], at: usize) -> u64 {
    u64::from(u32::from_le_bytes(
        b[at..at + 4].try_into().expect("4 bytes"),
    ))
}

/// A fingerprint that determines any term of at most 16 bytes given its
/// length (overlapping loads cover every byte).
#[inline]
pub(crate) fn fingerprint(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    match n {
        0 => (0, 0),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
            0,
        ),
        4..=7 => (load_u32(b, 0) | load_u32(b, n - 4) << 32, 0),
        _ => (load_u64(b, 0), load_u64(b, n - 8)),
    }
}

#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[inline]
pub(crate) fn hash_term(b: &[u8], key: (u64, u64)) -> u64 {
    let mut h = mix(mix(b.len() as u64, key.0), key.1);
    if b.len() > 16 {
        for c in b[8..b.len() - 8].chunks(8) {
            h = mix(h, pack(c));
        }
    }
    h ^ (h >> 32)
}

impl TermIndex {
    /// The index of `terms` (column `j` is `terms[j]`), with `idf[j]`
    /// beside each (1 for every term when `idf` is `None`).
    pub(crate) fn new(terms: &[String], idf: Option<&[f64]>) -> TermIndex {
        let cap = (terms.len() * 2).next_power_of_two().max(16);
        let mut slots = huge_page_vec(
            cap,
            Slot {
                key: (0, 0),
                len: 0,
                col: EMPTY,
                idf: 0.0,
            },
        );
        let mut arena = Vec::with_capacity(terms.iter().map(String::len).sum());
        let mut starts = Vec::with_capacity(terms.len() + 1);
        let mask = cap - 1;
        for (col, t) in terms.iter().enumerate() {
            starts.push(arena.len());
            arena.extend_from_slice(t.as_bytes());
            let b = t.as_bytes();
            let key = fingerprint(b);
            let mut i = hash_term(b, key) as usize & mask;
            while slots[i].col != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                key,
                len: b.len() as u32,
                col: col as u32,
                idf: idf.map_or(1.0, |idf| idf[col]),
            };
        }
        starts.push(arena.len());
        TermIndex {
            slots,
            arena,
            starts,
        }
    }

    /// Where a term's probe starts, for [`TermIndex::get_short`] (and a
    /// prefetch of that slot, so that looking up a run of terms overlaps
    /// their cache misses).
    #[inline]
    pub(crate) fn start_short(&self, b: &[u8]) -> Pending {
        debug_assert!(b.len() <= 16);
        let key = fingerprint(b);
        let slot = hash_term(b, key) as usize & (self.slots.len() - 1);
        prefetch(&self.slots[slot]);
        Pending {
            key,
            len: b.len() as u32,
            slot: slot as u32,
        }
    }

    /// Finishes a lookup begun by [`TermIndex::start_short`]: the same
    /// answer as [`TermIndex::get`] for that term (at most 16 bytes, so the
    /// fingerprint and length determine it).
    #[inline]
    pub(crate) fn get_short(&self, p: Pending) -> Option<Hit> {
        let mask = self.slots.len() - 1;
        let mut i = p.slot as usize;
        loop {
            let s = self.slots[i];
            if s.col == EMPTY {
                return None;
            }
            if s.key == p.key && s.len == p.len {
                return Some(Hit {
                    col: s.col,
                    idf: s.idf,
                });
            }
            i = (i + 1) & mask;
        }
    }

    /// The column and IDF of term `b`, if it is one.
    #[inline]
    pub(crate) fn get(&self, b: &[u8]) -> Option<Hit> {
        let key = fingerprint(b);
        let mask = self.slots.len() - 1;
        let mut i = hash_term(b, key) as usize & mask;
        loop {
            let s = self.slots[i];
            if s.col == EMPTY {
                return None;
            }
            if s.key == key
                && s.len as usize == b.len()
                && (b.len() <= 16 || {
                    let c = s.col as usize;
                    &self.arena[self.starts[c]..self.starts[c + 1]] == b
                })
            {
                return Some(Hit {
                    col: s.col,
                    idf: s.idf,
                });
            }
            i = (i + 1) & mask;
        }
    }
}

/// A short term's lookup in flight ([`TermIndex::start_short`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pending {
    key: (u64, u64),
    len: u32,
    slot: u32,
}

/// A term lookup begun (a short term's slot fetched) or, for a long term,
/// done.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lookup {
    Short(Pending),
    Done(Option<Hit>),
}

impl Lookup {
    /// Begins the lookup of `b` in `index`.
    #[inline]
    pub(crate) fn start(index: &TermIndex, b: &[u8]) -> Lookup {
        if b.len() <= 16 {
            Lookup::Short(index.start_short(b))
        } else {
            Lookup::Done(index.get(b))
        }
    }

    /// The answer of [`TermIndex::get`] for the term, from the index the
    /// lookup was started in.
    #[inline]
    pub(crate) fn finish(&self, index: &TermIndex) -> Option<Hit> {
        match *self {
            Lookup::Short(p) => index.get_short(p),
            Lookup::Done(h) => h,
        }
    }
}

/// Up to 8 bytes as a little-endian word, zero-padded.
#[inline]
pub(crate) fn pack(c: &[u8]) -> u64 {
    // Overlapping loads rather than a copy into a zeroed word: the copy
    // (a `memcpy` call of a few bytes) and the wider load after it stalled
    // the key check of every word-cache hit on store forwarding.
    let n = c.len();
    match n {
        0 => 0,
        1..=3 => {
            u64::from(c[0])
                | u64::from(c[n / 2]) << (n / 2 * 8)
                | u64::from(c[n - 1]) << ((n - 1) * 8)
        }
        4..=7 => load_u32(c, 0) | load_u32(c, n - 4) << ((n - 4) * 8),
        _ => load_u64(c, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_is_the_zero_padded_little_endian_word() {
        // Every length a key chunk can have, with bytes that differ at
        // every position (a byte from the wrong place shows).
        let bytes: Vec<u8> = (0..8u8)
            .map(|i| 0x81u8.wrapping_add(i.wrapping_mul(0x35)))
            .collect();
        for n in 0..=8 {
            let c = &bytes[..n];
            let mut want = [0u8; 8];
            want[..n].copy_from_slice(c);
            assert_eq!(pack(c), u64::from_le_bytes(want), "{n} bytes");
        }
    }

    #[test]
    fn term_index_finds_every_term_and_only_those() {
        // Short terms (fingerprint alone), 4-7 and 8-16 byte terms
        // (overlapping loads), and long terms that share their first and
        // last 8 bytes (full comparison).
        let mut terms: Vec<String> = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "ação",
            "abcdefg",
            "abcdefgh",
            "abcdefghijklmnop",
            "missile defense system",
            "missile xxxxxx system",
            "é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        terms.sort();
        let idf: Vec<f64> = (0..terms.len()).map(|j| 1.5 + j as f64).collect();
        let index = TermIndex::new(&terms, Some(&idf));
        for (j, t) in terms.iter().enumerate() {
            let want = Hit {
                col: j as u32,
                idf: idf[j],
            };
            assert_eq!(index.get(t.as_bytes()), Some(want), "{t:?}");
            if t.len() <= 16 {
                let p = index.start_short(t.as_bytes());
                assert_eq!(index.get_short(p), Some(want), "{t:?}");
            }
        }
        for miss in [
            "b",
            "ba",
            "abd",
            "abce",
            "abcdefgi",
            "abcdefghijklmnoq",
            "missile yyyyyy system",
            "missile defense systen",
            "ação ",
            "e",
        ] {
            assert_eq!(index.get(miss.as_bytes()), None, "{miss:?}");
            if miss.len() <= 16 {
                let p = index.start_short(miss.as_bytes());
                assert_eq!(index.get_short(p), None, "{miss:?}");
            }
        }
        assert_eq!(TermIndex::new(&[], None).get(b"x"), None);
        let plain = TermIndex::new(&terms, None);
        assert_eq!(plain.get(b"abc").map(|h| h.idf), Some(1.0));
    }
}
