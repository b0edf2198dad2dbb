//! Vocabularies: the sorted term list that fixes each feature column, the
//! fit-time term statistics, and sklearn's pruning (`min_df`, `max_df`,
//! `max_features`, in `CountVectorizer._limit_features` order).
//!
//! A [`Vocabulary`] serializes as its sorted term list only; the term ->
//! column hash index is rebuilt on load. Lookups take `&str`, so the
//! transform path never allocates a key.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// Sorted, duplicate-free terms; column `j` is `terms[j]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocabulary {
    terms: Vec<String>,
    index: FxHashMap<Box<str>, u32>,
}

impl Vocabulary {
    /// A vocabulary from terms that must be strictly increasing (byte order,
    /// which for UTF-8 is Python's code point order).
    pub fn from_sorted(terms: Vec<String>) -> Result<Self> {
        if let Some(w) = terms.windows(2).find(|w| w[0] >= w[1]) {
            return Err(Error::Other(format!(
                "vocabulary terms {:?} and {:?} are out of order or repeated; expected strictly increasing terms",
                w[0], w[1]
            )));
        }
        if u32::try_from(terms.len()).is_err() {
            return Err(Error::Other(format!(
                "vocabulary of {} terms; expected at most {}",
                terms.len(),
                u32::MAX
            )));
        }
        let index = terms
            .iter()
            .enumerate()
            .map(|(j, t)| (t.as_str().into(), j as u32))
            .collect();
        Ok(Vocabulary { terms, index })
    }

    /// Column of `term`, if it is in the vocabulary.
    #[inline]
    pub fn get(&self, term: &str) -> Option<u32> {
        self.index.get(term).copied()
    }

    /// The term of column `col`.
    pub fn term(&self, col: usize) -> &str {
        &self.terms[col]
    }

    /// All terms, in column order.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Number of terms (columns).
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl Serialize for Vocabulary {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.terms.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Vocabulary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let terms = Vec::<String>::deserialize(d)?;
        Vocabulary::from_sorted(terms).map_err(serde::de::Error::custom)
    }
}

/// Corpus statistics of one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermStat {
    /// Number of documents containing the term.
    pub df: u64,
    /// Occurrences over the whole corpus.
    pub tf: u64,
    last_doc: u64,
}

/// Term statistics gathered while fitting; one per thread, merged at the end.
#[derive(Debug, Default, Clone)]
pub struct TermCounts {
    stats: FxHashMap<Box<str>, TermStat>,
    n_docs: u64,
}

impl TermCounts {
    /// Starts document number `self.n_docs()`; following [`add`](Self::add)
    /// calls count toward it.
    pub fn start_doc(&mut self) {
        self.n_docs += 1;
    }

    /// Counts one occurrence of `term` in the current document. Allocates
    /// only for a term never seen before.
    #[inline]
    pub fn add(&mut self, term: &str) {
        let doc = self.n_docs;
        if let Some(st) = self.stats.get_mut(term) {
            st.tf += 1;
            if st.last_doc != doc {
                st.df += 1;
                st.last_doc = doc;
            }
        } else {
            self.stats.insert(
                term.into(),
                TermStat {
                    df: 1,
                    tf: 1,
                    last_doc: doc,
                },
            );
        }
    }

    /// Documents counted so far.
    pub fn n_docs(&self) -> u64 {
        self.n_docs
    }

    /// Distinct terms seen so far.
    pub fn n_terms(&self) -> usize {
        self.stats.len()
    }

    /// Statistics of `term`.
    pub fn get(&self, term: &str) -> Option<TermStat> {
        self.stats.get(term).copied()
    }

    /// Adds the counts of another (disjoint) set of documents.
    pub fn merge(mut self, other: TermCounts) -> TermCounts {
        let (mut big, small) = if self.stats.len() >= other.stats.len() {
            (std::mem::take(&mut self), other)
        } else {
            (other, std::mem::take(&mut self))
        };
        big.n_docs += small.n_docs;
        for (term, st) in small.stats {
            big.stats
                .entry(term)
                .and_modify(|b| {
                    b.df += st.df;
                    b.tf += st.tf;
                })
                .or_insert(st);
        }
        big
    }

    /// sklearn's pruning: keep terms with `min_doc_count <= df <=
    /// max_doc_count`; if more than `max_features` remain, keep the
    /// `max_features` with the highest corpus frequency. Returns the kept
    /// terms sorted, with their document frequencies.
    ///
    /// Ties at the `max_features` cut go to the alphabetically first terms
    /// (a stable sort over the sorted vocabulary). sklearn ranks with
    /// numpy's unstable `argsort`, whose choice among equal frequencies
    /// depends on the array size and CPU, so no fixed rule can match it
    /// everywhere; away from ties the kept set is identical.
    pub fn prune(
        self,
        max_doc_count: f64,
        min_doc_count: f64,
        max_features: Option<usize>,
    ) -> Result<(Vocabulary, Vec<u64>)> {
        if self.stats.is_empty() {
            return Err(Error::Other(
                "empty vocabulary; perhaps the documents only contain stop words".into(),
            ));
        }
        let mut all: Vec<(Box<str>, TermStat)> = self.stats.into_iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(Box<str>, TermStat)> = all
            .into_iter()
            .filter(|(_, st)| {
                let df = st.df as f64;
                df <= max_doc_count && df >= min_doc_count
            })
            .collect();
        if let Some(limit) = max_features {
            if kept.len() > limit {
                // Stable: equal frequencies keep alphabetical order.
                kept.sort_by_key(|(_, st)| std::cmp::Reverse(st.tf));
                kept.truncate(limit);
                kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            }
        }
        if kept.is_empty() {
            return Err(Error::Other(
                "after pruning, no terms remain; try a lower min_df or a higher max_df".into(),
            ));
        }
        let dfs = kept.iter().map(|(_, st)| st.df).collect();
        let terms = kept.into_iter().map(|(t, _)| t.into_string()).collect();
        Ok((Vocabulary::from_sorted(terms)?, dfs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(docs: &[&[&str]]) -> TermCounts {
        let mut c = TermCounts::default();
        for d in docs {
            c.start_doc();
            for t in *d {
                c.add(t);
            }
        }
        c
    }

    #[test]
    fn counts_df_once_per_document_and_merges() {
        let a = counts(&[&["x", "x", "y"], &["x"]]);
        let b = counts(&[&["y", "z", "y"]]);
        let m = a.merge(b);
        assert_eq!(m.n_docs(), 3);
        let x = m.get("x").unwrap();
        assert_eq!((x.df, x.tf), (2, 3));
        let y = m.get("y").unwrap();
        assert_eq!((y.df, y.tf), (2, 3));
        assert_eq!(m.n_terms(), 3);
    }

    #[test]
    fn prune_by_df_then_top_frequency_ties_alphabetical() {
        // df: a=3 b=1 c=3 d=2 e=2; tf: a=3 b=1 c=4 d=2 e=2
        let c = counts(&[
            &["a", "c", "c", "d"],
            &["a", "c", "e", "b"],
            &["a", "c", "d", "e"],
        ]);
        let (v, dfs) = c.clone().prune(2.0, 2.0, None).unwrap();
        assert_eq!(v.terms(), ["d", "e"]);
        assert_eq!(dfs, [2, 2]);
        let (v, _) = c.clone().prune(3.0, 1.0, Some(3)).unwrap();
        assert_eq!(v.terms(), ["a", "c", "d"]);
        let e = c.prune(0.5, 0.0, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "after pruning, no terms remain; try a lower min_df or a higher max_df"
        );
        let e = TermCounts::default().prune(1.0, 1.0, None).unwrap_err();
        assert!(e.to_string().starts_with("empty vocabulary;"));
    }

    #[test]
    fn serializes_as_term_list_and_rebuilds_index() {
        let v = Vocabulary::from_sorted(vec!["a b".into(), "é".into()]).unwrap();
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"["a b","é"]"#);
        let back: Vocabulary = serde_json::from_str(&json).unwrap();
        assert_eq!(back.get("é"), Some(1));
        assert_eq!(back, v);
        let e = serde_json::from_str::<Vocabulary>(r#"["b","a"]"#).unwrap_err();
        assert!(e.to_string().contains("out of order or repeated"), "{e}");
    }
}
