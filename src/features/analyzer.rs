//! Analyzers: turn one document into the terms TF-IDF counts, following
//! scikit-learn's `feature_extraction/text.py` step by step (preprocess ->
//! tokenize -> stop words -> n-grams, or character n-grams).
//!
//! Every step is plain data ([`Analyzer`], [`TokenizerKind`],
//! [`StripAccents`]) so the analyzer serializes into the model. Terms are
//! handed to a callback as `&str` slices of reusable scratch buffers: the
//! transform hot path allocates no `String` per token or n-gram.
//!
//! Known differences from Python's `re`: the regex crate's `\w` also matches
//! combining marks (Mn/Mc) and connector punctuation other than `_`, and not
//! `No` digits such as `²`. On NFC text with ordinary punctuation the two
//! tokenize alike.

use std::ops::Range;

use regex::Regex;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// scikit-learn's default `token_pattern`: runs of two or more word
/// characters.
pub const DEFAULT_TOKEN_PATTERN: &str = r"(?u)\b\w\w+\b";

/// What a term is (sklearn's `analyzer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Analyzer {
    /// Word n-grams: tokens joined by a single space.
    Word,
    /// Character n-grams over the whitespace-normalized text.
    Char,
    /// Character n-grams inside words, each word padded with one space on
    /// both sides.
    CharWb,
}

impl Analyzer {
    /// sklearn's name for the analyzer (`word`, `char`, `char_wb`).
    pub fn name(self) -> &'static str {
        match self {
            Analyzer::Word => "word",
            Analyzer::Char => "char",
            Analyzer::CharWb => "char_wb",
        }
    }
}

/// How the word analyzer finds tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenizerKind {
    /// The crate's tokenizer, [`crate::text::tokens::for_each_token`]
    /// (its tokens come out lowercased and normalized).
    Stance,
    /// A regular expression, as sklearn's `token_pattern`; with one capture
    /// group the group is the token (Python's `findall`).
    Pattern(String),
}

impl TokenizerKind {
    /// sklearn's default tokenizer, [`DEFAULT_TOKEN_PATTERN`].
    pub fn sklearn_default() -> Self {
        TokenizerKind::Pattern(DEFAULT_TOKEN_PATTERN.to_string())
    }
}

/// Accent removal before tokenizing (sklearn's `strip_accents`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StripAccents {
    /// NFKD, then drop every non-ASCII character.
    Ascii,
    /// NFKD, then drop combining characters (non-ASCII text only).
    Unicode,
}

/// Python's `str.isspace`, which `re`'s `\s` and `str.split()` use: Rust's
/// `White_Space` plus the four ASCII separators U+001C..U+001F.
#[inline]
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// [`py_isspace`] of an ASCII byte: `\t` to `\r`, U+001C to U+001F and
/// the space.
#[inline]
fn ascii_isspace(b: u8) -> bool {
    matches!(b, 0x09..=0x0d | 0x1c..=0x20)
}

/// The words of [`TextAnalyzer::wb_words`]: the text split at
/// [`py_isspace`] characters, empty pieces dropped (Python's
/// `str.split()`). ASCII bytes are tested as bytes; only a non-ASCII
/// character is decoded.
#[derive(Debug, Clone)]
pub(crate) struct WbWords<'a> {
    text: &'a str,
    at: usize,
}

impl WbWords<'_> {
    /// Whether the character at byte `i` is whitespace, and its length.
    #[inline]
    fn space_at(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return (ascii_isspace(b), 1);
        }
        let c = self.text[i..].chars().next().expect("a char boundary");
        (py_isspace(c), c.len_utf8())
    }
}

impl<'a> Iterator for WbWords<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let n = self.text.len();
        let mut i = self.at;
        while i < n {
            let (space, len) = self.space_at(i);
            if !space {
                break;
            }
            i += len;
        }
        if i == n {
            self.at = n;
            return None;
        }
        let start = i;
        while i < n {
            let (space, len) = self.space_at(i);
            if space {
                break;
            }
            i += len;
        }
        self.at = i;
        Some(&self.text[start..i])
    }
}

/// Reusable per-thread buffers for [`TextAnalyzer::for_each_term`].
#[derive(Debug, Default, Clone)]
pub struct AnalyzerScratch {
    text: String,
    tmp: String,
    tokens: String,
    spans: Vec<Range<usize>>,
    bounds: Vec<usize>,
    tok_buf: String,
}

impl AnalyzerScratch {
    /// The text of the last [`TextAnalyzer::preprocessed`] call.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }
}

#[derive(Debug, Clone)]
enum CompiledTokenizer {
    Stance,
    Pattern { regex: Regex, group: bool },
}

/// A checked, compiled analyzer (regex compiled, stop words hashed).
#[derive(Debug, Clone)]
pub struct TextAnalyzer {
    analyzer: Analyzer,
    tokenizer: CompiledTokenizer,
    lowercase: bool,
    strip_accents: Option<StripAccents>,
    ngram_range: (usize, usize),
    stop_words: FxHashSet<Box<str>>,
}

/// Compiles a token pattern, allowing at most one capture group as sklearn
/// does. Returns the regex and whether its group is the token.
pub(crate) fn compile_pattern(pattern: &str) -> Result<(Regex, bool)> {
    let regex = Regex::new(pattern).map_err(|e| Error::Param {
        name: "token_pattern",
        value: pattern.to_string(),
        expected: format!("a valid regular expression ({e})"),
    })?;
    let groups = regex.captures_len() - 1;
    if groups > 1 {
        return Err(Error::Param {
            name: "token_pattern",
            value: pattern.to_string(),
            expected: format!("at most one capture group, found {groups}"),
        });
    }
    Ok((regex, groups == 1))
}

impl TextAnalyzer {
    /// Compiles the analyzer. `ngram_range` must already be checked
    /// (`1 <= min <= max`).
    pub fn new(
        analyzer: Analyzer,
        tokenizer: &TokenizerKind,
        lowercase: bool,
        strip_accents: Option<StripAccents>,
        ngram_range: (usize, usize),
        stop_words: &[String],
    ) -> Result<Self> {
        let tokenizer = match tokenizer {
            TokenizerKind::Stance => CompiledTokenizer::Stance,
            TokenizerKind::Pattern(p) => {
                let (regex, group) = compile_pattern(p)?;
                CompiledTokenizer::Pattern { regex, group }
            }
        };
        Ok(TextAnalyzer {
            analyzer,
            tokenizer,
            lowercase,
            strip_accents,
            ngram_range,
            stop_words: stop_words.iter().map(|w| w.as_str().into()).collect(),
        })
    }

    /// Calls `f` once per term occurrence of `doc`, in no promised order.
    pub fn for_each_term<F: FnMut(&str)>(&self, doc: &str, s: &mut AnalyzerScratch, mut f: F) {
        self.preprocess(doc, s);
        match self.analyzer {
            Analyzer::Word => self.word_ngrams(s, &mut f),
            Analyzer::Char => self.char_ngrams(s, &mut f),
            Analyzer::CharWb => self.char_wb_ngrams(s, &mut f),
        }
    }

    /// sklearn's `_preprocess`: lowercase, then strip accents, into `s.text`.
    fn preprocess(&self, doc: &str, s: &mut AnalyzerScratch) {
        s.text.clear();
        if !self.lowercase {
            s.text.push_str(doc);
        } else if doc.is_ascii() {
            s.text.push_str(doc);
            s.text.make_ascii_lowercase();
        } else {
            // `str::to_lowercase` handles the final sigma as Python's `lower` does.
            s.text.push_str(&doc.to_lowercase());
        }
        let Some(strip) = self.strip_accents else {
            return;
        };
        if s.text.is_ascii() {
            return;
        }
        s.tmp.clear();
        match strip {
            StripAccents::Ascii => s.tmp.extend(s.text.nfkd().filter(char::is_ascii)),
            StripAccents::Unicode => s.tmp.extend(
                s.text
                    .nfkd()
                    .filter(|&c| unicode_normalization::char::canonical_combining_class(c) == 0),
            ),
        }
        std::mem::swap(&mut s.text, &mut s.tmp);
    }

    /// Tokens of `s.text`, minus stop words, are written into `s.tokens`
    /// joined by single spaces (`s.spans` holds each token's range there), so
    /// every word n-gram is one contiguous slice: sklearn's `" ".join`.
    fn word_ngrams<F: FnMut(&str)>(&self, s: &mut AnalyzerScratch, f: &mut F) {
        let AnalyzerScratch {
            text,
            tokens,
            spans,
            tok_buf,
            ..
        } = s;
        tokens.clear();
        spans.clear();
        self.each_token(text, tok_buf, |tok| {
            if !tokens.is_empty() {
                tokens.push(' ');
            }
            let start = tokens.len();
            tokens.push_str(tok);
            spans.push(start..tokens.len());
        });
        let (min_n, max_n) = self.ngram_range;
        let n_tok = spans.len();
        for n in min_n..=max_n.min(n_tok) {
            for i in 0..=n_tok - n {
                f(&tokens[spans[i].start..spans[i + n - 1].end]);
            }
        }
    }

    /// Calls `f` with each token of the preprocessed `text` that is not a
    /// stop word, in order.
    fn each_token(&self, text: &str, tok_buf: &mut String, mut f: impl FnMut(&str)) {
        let stop = &self.stop_words;
        let mut push = |tok: &str| {
            if stop.is_empty() || !stop.contains(tok) {
                f(tok);
            }
        };
        match &self.tokenizer {
            CompiledTokenizer::Stance => {
                crate::text::tokens::for_each_token(text, tok_buf, |tok, _| push(tok));
            }
            // `\S+` (the entity context's pattern): Unicode `\s` is the
            // White_Space property, as `char::is_whitespace`, so splitting
            // gives the same tokens without running the regex.
            CompiledTokenizer::Pattern {
                regex,
                group: false,
            } if regex.as_str() == r"\S+" => text.split_whitespace().for_each(push),
            CompiledTokenizer::Pattern {
                regex,
                group: false,
            } => regex.find_iter(text).for_each(|m| push(m.as_str())),
            CompiledTokenizer::Pattern { regex, group: true } => {
                for caps in regex.captures_iter(text) {
                    // Python's findall yields "" for a group that did not take part.
                    push(caps.get(1).map_or("", |m| m.as_str()));
                }
            }
        }
    }

    /// Whether this word analyzer's n-grams of a document can be read word
    /// by word beside the `char_wb` analyzer `wb`
    /// ([`chunk_tokens`](Self::chunk_tokens) of each of `wb`'s
    /// [`wb_words`](Self::wb_words), in order): both preprocess alike, the
    /// tokenizer is the crate's or sklearn's default pattern (neither lets
    /// a token span whitespace nor looks past it), and n-grams are at most
    /// two tokens long.
    pub(crate) fn chunks_with(&self, wb: &TextAnalyzer) -> bool {
        let tokenizer = match &self.tokenizer {
            CompiledTokenizer::Stance => true,
            CompiledTokenizer::Pattern { regex, group } => {
                !group && regex.as_str() == DEFAULT_TOKEN_PATTERN
            }
        };
        self.analyzer == Analyzer::Word
            && wb.analyzer == Analyzer::CharWb
            && self.lowercase == wb.lowercase
            && self.strip_accents == wb.strip_accents
            && self.ngram_range.1 <= 2
            && tokenizer
    }

    /// Whether this analyzer's terms of a document are the
    /// [`chunk_tokens`](Self::chunk_tokens) of its
    /// [`wb_words`](Self::wb_words) in turn, so that each whitespace-free
    /// word can be looked up on its own: word unigrams only, from a
    /// tokenizer that lets no token span whitespace nor looks past it (the
    /// crate's or sklearn's default pattern, as for
    /// [`chunks_with`](Self::chunks_with)).
    pub(crate) fn unigrams_by_word(&self) -> bool {
        let tokenizer = match &self.tokenizer {
            CompiledTokenizer::Stance => true,
            CompiledTokenizer::Pattern { regex, group } => {
                !group && regex.as_str() == DEFAULT_TOKEN_PATTERN
            }
        };
        self.analyzer == Analyzer::Word && self.ngram_range == (1, 1) && tokenizer
    }

    /// The tokens, minus stop words, of one whitespace-free word of a
    /// [`preprocessed`](Self::preprocessed) text, in order. For an analyzer
    /// that [`chunks_with`](Self::chunks_with) a `char_wb` one, the tokens
    /// of a document are those of its [`wb_words`](Self::wb_words) in turn.
    pub(crate) fn chunk_tokens(&self, word: &str, s: &mut AnalyzerScratch, f: impl FnMut(&str)) {
        self.each_token(word, &mut s.tok_buf, f);
    }

    /// sklearn's `_char_ngrams`: runs of two or more whitespace characters
    /// become one space (a lone tab or newline stays), then every character
    /// n-gram.
    fn char_ngrams<F: FnMut(&str)>(&self, s: &mut AnalyzerScratch, f: &mut F) {
        s.tmp.clear();
        let mut chars = s.text.chars().peekable();
        while let Some(c) = chars.next() {
            if py_isspace(c) && chars.peek().is_some_and(|&d| py_isspace(d)) {
                while chars.peek().is_some_and(|&d| py_isspace(d)) {
                    chars.next();
                }
                s.tmp.push(' ');
            } else {
                s.tmp.push(c);
            }
        }
        char_bounds(&s.tmp, &mut s.bounds);
        let b = &s.bounds;
        let len = b.len() - 1;
        let (min_n, max_n) = self.ngram_range;
        for n in min_n..=max_n.min(len) {
            for i in 0..=len - n {
                f(&s.tmp[b[i]..b[i + n]]);
            }
        }
    }

    /// sklearn's `_char_wb_ngrams`: each whitespace-separated word is padded
    /// as `" w "`; a padded word no longer than `n` is emitted once, whole.
    fn char_wb_ngrams<F: FnMut(&str)>(&self, s: &mut AnalyzerScratch, f: &mut F) {
        let AnalyzerScratch {
            text, tmp, bounds, ..
        } = s;
        for word in Self::wb_words(text) {
            self.wb_word_ngrams(word, tmp, bounds, &mut *f);
        }
    }

    /// Whether this is a `char_wb` analyzer, whose terms of a document are
    /// those of its words in turn ([`TextAnalyzer::for_each_wb_word`],
    /// [`TextAnalyzer::wb_word_terms`]).
    pub(crate) fn is_char_wb(&self) -> bool {
        self.analyzer == Analyzer::CharWb
    }

    /// `doc` after preprocessing (lowercasing, accents), as the n-grams
    /// see it.
    pub(crate) fn preprocessed<'s>(&self, doc: &str, s: &'s mut AnalyzerScratch) -> &'s str {
        self.preprocess(doc, s);
        &s.text
    }

    /// The whitespace-separated words of a [`preprocessed`](Self::preprocessed)
    /// text, in order: for `char_wb`, the terms of a document are the
    /// [`wb_word_terms`](Self::wb_word_terms) of these words, so they depend
    /// on each word alone.
    pub(crate) fn wb_words(text: &str) -> WbWords<'_> {
        WbWords { text, at: 0 }
    }

    /// The `char_wb` terms of one preprocessed word (no whitespace), in
    /// the order [`for_each_term`](Self::for_each_term) emits them. `s` is
    /// used for the padded word only, so it can be another scratch than
    /// the one holding the text.
    pub(crate) fn wb_word_terms<F: FnMut(&str)>(
        &self,
        word: &str,
        s: &mut AnalyzerScratch,
        mut f: F,
    ) {
        self.wb_word_ngrams(word, &mut s.tmp, &mut s.bounds, &mut f);
    }

    /// The n-grams of `word` padded as `" word "`, built in `tmp`.
    fn wb_word_ngrams<F: FnMut(&str)>(
        &self,
        word: &str,
        tmp: &mut String,
        bounds: &mut Vec<usize>,
        f: &mut F,
    ) {
        let (min_n, max_n) = self.ngram_range;
        tmp.clear();
        tmp.push(' ');
        tmp.push_str(word);
        tmp.push(' ');
        if tmp.is_ascii() {
            // One byte per char: slice by byte offsets directly.
            let w_len = tmp.len();
            for n in min_n..=max_n {
                let mut offset = 0;
                f(&tmp[..n.min(w_len)]);
                while offset + n < w_len {
                    offset += 1;
                    f(&tmp[offset..offset + n]);
                }
                if offset == 0 {
                    break;
                }
            }
            return;
        }
        char_bounds(tmp, bounds);
        let w_len = bounds.len() - 1;
        for n in min_n..=max_n {
            let mut offset = 0;
            f(&tmp[bounds[0]..bounds[n.min(w_len)]]);
            while offset + n < w_len {
                offset += 1;
                f(&tmp[bounds[offset]..bounds[offset + n]]);
            }
            if offset == 0 {
                break;
            }
        }
    }
}

/// Byte offset of every char of `text`, plus `text.len()`.
fn char_bounds(text: &str, bounds: &mut Vec<usize>) {
    bounds.clear();
    bounds.extend(text.char_indices().map(|(i, _)| i));
    bounds.push(text.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition [`WbWords`] implements.
    fn split_words(text: &str) -> Vec<&str> {
        text.split(py_isspace).filter(|w| !w.is_empty()).collect()
    }

    #[test]
    fn wb_words_split_at_python_whitespace() {
        let spaces: Vec<char> = (0..0x3001u32)
            .filter_map(char::from_u32)
            .filter(|&c| py_isspace(c))
            .collect();
        // Every whitespace character Python's split knows, ASCII or not.
        assert_eq!(spaces.len(), 29, "{spaces:?}");
        for &c in &spaces {
            let text = format!("{c}a{c}{c}b\u{e9}c{c}d\u{a0}\u{3000}");
            let got: Vec<&str> = TextAnalyzer::wb_words(&text).collect();
            assert_eq!(got, ["a", "b\u{e9}c", "d"], "{c:?}");
        }
        assert_eq!(TextAnalyzer::wb_words("").count(), 0);
        assert_eq!(TextAnalyzer::wb_words(" \t\u{85} ").count(), 0);
        let got: Vec<&str> = TextAnalyzer::wb_words("\u{1c}x\u{1f}y\u{2028}z\u{feff}").collect();
        assert_eq!(got, ["x", "y", "z\u{feff}"]);
    }

    proptest::proptest! {
        #[test]
        fn wb_words_match_str_split(text in "(\\PC|\\s|[\u{1c}-\u{1f}\u{85}\u{a0}\u{2000}-\u{200b}\u{3000}]){0,40}") {
            let got: Vec<&str> = TextAnalyzer::wb_words(&text).collect();
            proptest::prop_assert_eq!(got, split_words(&text));
        }
    }

    fn terms(a: &TextAnalyzer, doc: &str) -> Vec<String> {
        let mut s = AnalyzerScratch::default();
        let mut out = Vec::new();
        a.for_each_term(doc, &mut s, |t| out.push(t.to_string()));
        out
    }

    fn analyzer(kind: Analyzer, range: (usize, usize)) -> TextAnalyzer {
        TextAnalyzer::new(
            kind,
            &TokenizerKind::sklearn_default(),
            true,
            None,
            range,
            &[],
        )
        .unwrap()
    }

    #[test]
    fn char_wb_pads_words_and_emits_short_words_once() {
        // sklearn: CountVectorizer(analyzer="char_wb", ngram_range=(3, 5))
        // .build_analyzer()("a bc") == [' a ', ' bc', 'bc ', ' bc ']
        let a = analyzer(Analyzer::CharWb, (3, 5));
        assert_eq!(terms(&a, "a bc"), [" a ", " bc", "bc ", " bc "]);
        let a = analyzer(Analyzer::CharWb, (2, 2));
        assert_eq!(terms(&a, "Hi\t\tyo"), [" h", "hi", "i ", " y", "yo", "o "]);
        // Python's str.split() also splits on U+001F (unit separator).
        assert_eq!(terms(&a, "a\u{1f}b"), [" a", "a ", " b", "b "]);
    }

    #[test]
    fn char_collapses_whitespace_runs_only() {
        let a = analyzer(Analyzer::Char, (2, 2));
        assert_eq!(terms(&a, "a\tb  c"), ["a\t", "\tb", "b ", " c"]);
        let a = analyzer(Analyzer::Char, (1, 9));
        assert_eq!(terms(&a, "ab").len(), 3);
    }

    #[test]
    fn word_ngrams_join_with_one_space_after_stop_words() {
        let a = TextAnalyzer::new(
            Analyzer::Word,
            &TokenizerKind::sklearn_default(),
            true,
            None,
            (1, 2),
            &["the".to_string()],
        )
        .unwrap();
        assert_eq!(
            terms(&a, "The plan,  the VOTE; a x"),
            ["plan", "vote", "plan vote"]
        );
    }

    #[test]
    fn pattern_with_one_group_yields_the_group() {
        let a = TextAnalyzer::new(
            Analyzer::Word,
            &TokenizerKind::Pattern(r"#(\w+)".into()),
            true,
            None,
            (1, 1),
            &[],
        )
        .unwrap();
        assert_eq!(terms(&a, "#Vote now #yes"), ["vote", "yes"]);
        let e = compile_pattern(r"(a)(b)").unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter token_pattern = (a)(b): at most one capture group, found 2"
        );
    }

    #[test]
    fn strip_accents_variants() {
        let mk = |s| {
            TextAnalyzer::new(
                Analyzer::Word,
                &TokenizerKind::sklearn_default(),
                false,
                Some(s),
                (1, 1),
                &[],
            )
            .unwrap()
        };
        assert_eq!(
            terms(&mk(StripAccents::Unicode), "Naïve Ωmega"),
            ["Naive", "Ωmega"]
        );
        assert_eq!(
            terms(&mk(StripAccents::Ascii), "Naïve Ωmega"),
            ["Naive", "mega"]
        );
    }
}
