//! Tokens of the gazetteer: maximal runs of letters and digits, and single
//! punctuation characters (curly apostrophes and dashes read as `'` and
//! `-`); whitespace only separates. Text and aliases are cut the same way
//! ([`tokenize`], [`alias_tokens`]), so an alias matches a run of text
//! tokens ([`seq_matches`]); a [`Tok`] keeps its byte offsets into the
//! text. Also the small word tests the rules share.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A token: a run of letters/digits (`punct == None`) or one punctuation
/// character, normalized.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    /// Byte offset of the first character.
    pub(super) start: usize,
    /// Byte offset just past the last character.
    pub(super) end: usize,
    /// The punctuation character (normalized), `None` for a word.
    pub(super) punct: Option<char>,
}

impl Tok {
    /// The token's text.
    pub(super) fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// Letters, digits and combining marks make words.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Curly apostrophes and dashes as `'` and `-`.
fn normalize_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// The tokens of `text` into `out` (cleared first).
pub(super) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let mut word_start: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes are told apart without decoding a char: letters and
        // digits make words, whitespace separates, the rest is punctuation
        // (as `is_word_char` and `char::is_whitespace` say for them).
        let (c, len) = match bytes[i] {
            b if b.is_ascii_alphanumeric() => {
                if word_start.is_none() {
                    word_start = Some(i);
                }
                i += 1;
                continue;
            }
            b if b < 0x80 => (char::from(b), 1),
            _ => {
                let c = text[i..].chars().next().expect("i is a char boundary");
                (c, c.len_utf8())
            }
        };
        let at = i;
        i += len;
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(at);
            }
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(Tok {
                start: s,
                end: at,
                punct: None,
            });
        }
        if !c.is_whitespace() {
            out.push(Tok {
                start: at,
                end: i,
                punct: Some(normalize_punct(c)),
            });
        }
    }
    if let Some(s) = word_start {
        out.push(Tok {
            start: s,
            end: text.len(),
            punct: None,
        });
    }
}

/// A token of an alias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ATok {
    Word(Box<str>),
    Punct(char),
}

/// The tokens of an alias, owning their text.
pub(super) fn alias_tokens(alias: &str) -> Vec<ATok> {
    let mut toks = Vec::new();
    tokenize(alias, &mut toks);
    toks.iter()
        .map(|t| match t.punct {
            Some(c) => ATok::Punct(c),
            None => ATok::Word(t.slice(alias).into()),
        })
        .collect()
}

/// The lookup key of a phrase: tokens joined by single spaces.
pub(super) fn token_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len() + 4);
    for t in alias_tokens(s) {
        if !key.is_empty() {
            key.push(' ');
        }
        match t {
            ATok::Word(w) => key.push_str(&w),
            ATok::Punct(c) => key.push(c),
        }
    }
    key
}

/// Whether the alias tokens `pat` match the text tokens from `i` on.
pub(super) fn seq_matches(text: &str, toks: &[Tok], i: usize, pat: &[ATok]) -> bool {
    if i + pat.len() > toks.len() {
        return false;
    }
    pat.iter().zip(&toks[i..]).all(|(p, t)| match (p, t.punct) {
        (ATok::Word(w), None) => t.slice(text) == &**w,
        (ATok::Punct(c), Some(d)) => *c == d,
        _ => false,
    })
}

/// Some upper-case letter and no lower-case one ("NATO", "US").
pub(super) fn is_all_caps(w: &str) -> bool {
    w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase)
}

/// First letter upper case and some lower-case letter after it ("Peterson",
/// not "NATO" or "I").
pub(super) fn is_capitalized(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
}

/// Whether `w` is in `list`, ignoring ASCII case.
pub(super) fn in_list(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| w.eq_ignore_ascii_case(x))
}

/// Removes accents: NFD, then drops combining marks.
pub(super) fn fold_accents(s: &str) -> String {
    s.nfd().filter(|&c| !is_combining_mark(c)).collect()
}
