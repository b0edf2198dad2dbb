//! Sentences of an article: the content that boilerplate removal keeps
//! ([`crate::text::clean::clean_article`]), split into sentences
//! ([`crate::text::sentences::split_sentences`]).
//!
//! A [`Sentence`] is a byte range `start..end` into the article text as
//! given (not into the cleaned text), on char boundaries; an article's
//! sentences come in article order. [`flatten_whitespace`] makes a
//! sentence wrapped over several lines read as one line.

use crate::text::{clean, sentences};

/// A sentence of an article with its byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Start byte in the article.
    pub start: usize,
    /// End byte in the article.
    pub end: usize,
}

/// Sentences of the article's content after boilerplate removal.
pub fn article_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for kept in clean::clean_article(text) {
        let part = &text[kept.clone()];
        for r in sentences::split_sentences(part) {
            out.push(Sentence {
                start: kept.start + r.start,
                end: kept.start + r.end,
            });
        }
    }
    out
}

/// `s` with every run of whitespace that is not a single space made one
/// space (borrowed when there is none).
pub fn flatten_whitespace(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_empty() || is_plain(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Whether every whitespace of `s` is a single space between two other
/// characters. Bytes one at a time; a non-ASCII character is decoded only
/// at its first byte (ASCII whitespace is `\t` to `\r` and the space).
fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    // A leading space counts as one after a space.
    let mut prev = b' ';
    for (i, &x) in b.iter().enumerate() {
        match x {
            b' ' if prev == b' ' => return false,
            b'\t'..=b'\r' => return false,
            0xC0.. if s[i..].chars().next().is_some_and(char::is_whitespace) => return false,
            _ => {}
        }
        prev = x;
    }
    prev != b' '
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_flatten_to_one_space() {
        assert!(matches!(
            flatten_whitespace("a plain line."),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            flatten_whitespace("cocoa buffer\nstock  rules\t"),
            "cocoa buffer stock rules"
        );
        for (s, plain) in [
            ("", true),
            (" a", false),
            ("a ", false),
            ("a  b", false),
            ("a b", true),
            ("caf\u{e9} \u{201c}ok\u{201d}", true),
            ("a\u{a0}b", false),
            ("a\u{3000}b", false),
            ("a\u{85}b", false),
            ("a\x0cb", false),
        ] {
            let flat = flatten_whitespace(s);
            assert_eq!(
                matches!(flat, std::borrow::Cow::Borrowed(_)),
                plain,
                "{s:?}"
            );
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(flat, if plain { s } else { want.as_str() }, "{s:?}");
        }
    }
}
