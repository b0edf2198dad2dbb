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
    let plain = s
        .split(' ')
        .all(|w| !w.is_empty() && !w.contains(char::is_whitespace));
    if plain || s.is_empty() {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
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
    }
}
