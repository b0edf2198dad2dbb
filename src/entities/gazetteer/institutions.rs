//! Institutions after a country mention: "China's Foreign Ministry", "the
//! Russian Foreign Ministry", "South Korean authorities", "U.S. officials".
//! After an optional possessive, up to three modifier words and an
//! institution word (or two-word phrase) make an [`Institution`] of an
//! [`InstitutionKind`] ([`institution_after`]).
//!
//! The words are data: `datasets/gazetteer/institutions.tsv` (phrase and
//! kind, or `modifier`), compiled in and parsed on first use into
//! [`Institutions`].

use std::sync::LazyLock;

use super::tokens::{in_list, Tok};
use crate::error::{Error, Result};

const INSTITUTIONS_TSV: &str = include_str!("../../../datasets/gazetteer/institutions.tsv");
const INSTITUTIONS_PATH: &str = "datasets/gazetteer/institutions.tsv";

/// What kind of institution follows a country mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstitutionKind {
    /// president, prime minister, king, leader, ...
    Leader,
    /// government, administration, cabinet, regime.
    Government,
    /// ministry, department, minister, secretary.
    Ministry,
    /// officials, authorities, spokesman, delegation, ...
    Officials,
    /// embassy, ambassador, envoy, diplomats.
    Diplomats,
    /// military, army, navy, troops, forces, armed forces, ...
    Military,
    /// parliament, congress, lawmakers, senate, ...
    Legislature,
}

/// An institution phrase after a mention ("'s Foreign Ministry").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Institution {
    /// Its kind.
    pub kind: InstitutionKind,
    /// Byte offset just past the institution word ("Ministry").
    pub end: usize,
}

impl InstitutionKind {
    /// The kind named in `institutions.tsv` (`leader`, ..., `legislature`).
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "leader" => InstitutionKind::Leader,
            "government" => InstitutionKind::Government,
            "ministry" => InstitutionKind::Ministry,
            "officials" => InstitutionKind::Officials,
            "diplomats" => InstitutionKind::Diplomats,
            "military" => InstitutionKind::Military,
            "legislature" => InstitutionKind::Legislature,
            _ => return None,
        })
    }
}

/// The rows of `institutions.tsv`, by shape, each in table order.
#[derive(Debug)]
struct Institutions<'a> {
    /// Two-word phrases ("prime minister"), tried first.
    pairs: Vec<(&'a str, &'a str, InstitutionKind)>,
    /// One-word institutions ("ministry").
    heads: Vec<(&'a str, InstitutionKind)>,
    /// Words that may stand before the institution word ("foreign").
    modifiers: Vec<&'a str>,
}

/// The built-in institution words, parsed on first use.
static INSTITUTIONS: LazyLock<Institutions<'static>> = LazyLock::new(builtin_institutions);

fn builtin_institutions() -> Institutions<'static> {
    match Institutions::parse(INSTITUTIONS_TSV, INSTITUTIONS_PATH) {
        Ok(t) => t,
        Err(e) => panic!("built-in institution words are invalid: {e}"),
    }
}

impl<'a> Institutions<'a> {
    /// Parses a table in the format of `institutions.tsv`; `path` names it
    /// in errors (`institutions.tsv:3: ...`).
    fn parse(text: &'a str, path: &str) -> Result<Institutions<'a>> {
        const KINDS: &str =
            "leader, government, ministry, officials, diplomats, military, legislature or modifier";
        let mut t = Institutions {
            pairs: Vec::new(),
            heads: Vec::new(),
            modifiers: Vec::new(),
        };
        for (lineno, line) in text.lines().enumerate() {
            let at = Some(lineno as u64 + 1);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [phrase, kind] = cols[..] else {
                return Err(Error::input(
                    path,
                    at,
                    format!(
                        "found {} tab-separated columns; expected 2 (phrase, kind)",
                        cols.len()
                    ),
                ));
            };
            let words: Vec<&str> = phrase.split(' ').collect();
            if words
                .iter()
                .any(|w| w.is_empty() || w.contains(char::is_whitespace))
            {
                return Err(Error::input(
                    path,
                    at,
                    format!(
                        "phrase \"{phrase}\"; expected one or two words separated by one space"
                    ),
                ));
            }
            match (InstitutionKind::parse(kind), &words[..]) {
                (Some(k), [a, b]) => t.pairs.push((a, b, k)),
                (Some(k), [w]) => t.heads.push((w, k)),
                (None, [w]) if kind == "modifier" => t.modifiers.push(w),
                (None, _) if kind != "modifier" => {
                    return Err(Error::input(
                        path,
                        at,
                        format!("kind is \"{kind}\"; expected {KINDS}"),
                    ))
                }
                _ => {
                    return Err(Error::input(
                        path,
                        at,
                        format!(
                        "phrase \"{phrase}\" has {} words; expected one (two for an institution)",
                        words.len()
                    ),
                    ))
                }
            }
        }
        Ok(t)
    }
}

/// The institution phrase starting at token `k` (after an optional
/// possessive), if any.
pub(super) fn institution_after(text: &str, toks: &[Tok], k: usize) -> Option<Institution> {
    let mut k = k;
    if let (Some(t), Some(prev)) = (toks.get(k), k.checked_sub(1).map(|p| toks[p])) {
        if t.punct == Some('\'') && t.start == prev.end {
            k += 1;
            if toks
                .get(k)
                .is_some_and(|t| t.punct.is_none() && t.slice(text).eq_ignore_ascii_case("s"))
            {
                k += 1;
            }
        }
    }
    let word = |j: usize| {
        toks.get(j)
            .filter(|t| t.punct.is_none())
            .map(|t| t.slice(text))
    };
    for j in k..k + 4 {
        let w = word(j)?;
        if let Some(next) = word(j + 1) {
            if let Some(&(_, _, kind)) = INSTITUTIONS
                .pairs
                .iter()
                .find(|(a, b, _)| w.eq_ignore_ascii_case(a) && next.eq_ignore_ascii_case(b))
            {
                return Some(Institution {
                    kind,
                    end: toks[j + 1].end,
                });
            }
        }
        if let Some(&(_, kind)) = INSTITUTIONS
            .heads
            .iter()
            .find(|(h, _)| w.eq_ignore_ascii_case(h))
        {
            return Some(Institution {
                kind,
                end: toks[j].end,
            });
        }
        if !in_list(w, &INSTITUTIONS.modifiers) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_keeps_its_rows_in_order() {
        let t = &*INSTITUTIONS;
        assert_eq!(
            (t.pairs.len(), t.heads.len(), t.modifiers.len()),
            (10, 50, 34)
        );
        assert_eq!(t.pairs[0], ("prime", "minister", InstitutionKind::Leader));
        assert_eq!(t.heads[49], ("mps", InstitutionKind::Legislature));
        assert_eq!(t.modifiers[..2], ["foreign", "defense"]);
    }

    #[test]
    fn table_errors_name_the_line() {
        let err = |text: &str| Institutions::parse(text, "i.tsv").unwrap_err().to_string();
        assert_eq!(
            err("#phrase\tkind\nking\n"),
            "i.tsv:2: found 1 tab-separated columns; expected 2 (phrase, kind)"
        );
        assert_eq!(
            err("king\tmonarchy\n"),
            "i.tsv:1: kind is \"monarchy\"; expected leader, government, ministry, officials, \
             diplomats, military, legislature or modifier"
        );
        assert_eq!(
            err("head of state\tleader\n"),
            "i.tsv:1: phrase \"head of state\" has 3 words; expected one (two for an institution)"
        );
        assert_eq!(
            err("very  top\tmodifier\n"),
            "i.tsv:1: phrase \"very  top\"; expected one or two words separated by one space"
        );
    }
}
