//! Tokenizer: splits text into lowercased, normalized tokens that keep their
//! byte offsets in the original text (tantivy's `Token`), so a token or an
//! entity found in it points back into the article.
//!
//! Tokens follow Unicode word boundaries (UAX #29) in spirit, with choices
//! made on purpose for news text:
//!
//! - Words are runs of letters, digits and `_` (with their combining marks).
//!   CJK ideographs and hiragana are one token per character, as in UAX #29.
//! - Hyphenated words stay whole: `anti-missile`, `pro-Russian`, `COVID-19`.
//! - Numbers stay whole: `3.5`, `1,000` (comma before exactly three digits),
//!   `2016`, `5th`.
//! - Dotted acronyms keep their dots, including the final one: `U.S.` ->
//!   `u.s.`, `e.g.` -> `e.g.`. A period between longer words splits them
//!   (`said.The` -> `said`, `the`), since scraped text often loses the space
//!   after a full stop.
//! - Apostrophes inside words are kept (`don't`, `they're`, `O'Brien`), so
//!   negations survive. A final `'s` is dropped: `China's` -> `china` with
//!   the range covering `China`. This also turns `it's` and `let's` into
//!   `it` and `let`; for bag-of-words features that costs nothing, and it
//!   lets a country's possessive count as the country. A trailing apostrophe
//!   (`allies'`) is not part of the token.
//! - `#hashtag` and `@mention` are one token with the sigil, when the sigil
//!   follows a non-word character and the name holds a letter (`#1` gives
//!   `1`; `C#` gives `c`). An e-mail address is not a mention.
//! - URLs starting with `http://`, `https://` or `www.` collapse into one
//!   token [`URL_TOKEN`] spanning the whole address, up to whitespace
//!   (U+001C..U+001F included, as for Python's `str.isspace`: no token
//!   spans two whitespace-separated words).
//!
//! Token text is NFKC-normalized, has quotes and hyphens folded by
//! [`fold_char`](super::normalize::fold_char) (`don’t` -> `don't`) and is
//! lowercased. Accents are kept; stripping them is a separate analyzer step
//! ([`strip_accents`](super::normalize::strip_accents)).

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::normalize::{fold_char, is_extend};

/// The token that stands for every URL.
pub const URL_TOKEN: &str = "<url>";

/// One token: its normalized lowercase text and its byte range in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalized, lowercased token text.
    pub text: String,
    /// Byte offset of the first byte in the input.
    pub start: usize,
    /// Byte offset one past the last byte in the input.
    pub end: usize,
}

/// Tokenizes `text` into owned [`Token`]s. Convenience wrapper over
/// [`for_each_token`]; prefer that on hot paths.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut buf = String::new();
    for_each_token(text, &mut buf, |t, r| {
        out.push(Token {
            text: t.to_owned(),
            start: r.start,
            end: r.end,
        })
    });
    out
}

/// Calls `f(token, start..end)` for each token of `text` in order, where
/// `token` is the normalized lowercase form and `start..end` its byte range in
/// `text`. `buf` is scratch space reused across calls so no `String` is
/// allocated per token; plain lowercase ASCII tokens are passed straight from
/// `text` without copying.
pub fn for_each_token<F: FnMut(&str, Range<usize>)>(text: &str, buf: &mut String, mut f: F) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // Whether the character before `i` is a word character: sigils and URLs
    // only start after a non-word character.
    let mut prev_word = false;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() || b == b'_' {
                if matches!(b, b'h' | b'H' | b'w' | b'W') && !prev_word {
                    if let Some(end) = url_end(text, i) {
                        f(URL_TOKEN, i..end);
                        i = end;
                        continue;
                    }
                }
                let end = scan_word(text, i);
                emit(text, i..strip_possessive(text, i, end), buf, &mut f);
                i = end;
                prev_word = true;
                continue;
            }
            if (b == b'#' || b == b'@') && !prev_word {
                if let Some(end) = tag_end(text, i) {
                    emit(text, i..strip_possessive(text, i, end), buf, &mut f);
                    i = end;
                    prev_word = true;
                    continue;
                }
            }
            prev_word = false;
            i += 1;
            continue;
        }
        let c = decode(text, i).unwrap_or(' ');
        let len = c.len_utf8();
        if is_ideograph(c) {
            let end = skip_extend(text, i + len);
            emit(text, i..end, buf, &mut f);
            i = end;
            prev_word = true;
        } else if c.is_alphanumeric() {
            let end = scan_word(text, i);
            emit(text, i..strip_possessive(text, i, end), buf, &mut f);
            i = end;
            prev_word = true;
        } else {
            // A stray combining mark keeps the state of the character it follows.
            if !is_extend(c) {
                prev_word = false;
            }
            i += len;
        }
    }
}

/// The character starting at byte `i`, if any (`i` must be a char boundary).
#[inline]
pub(crate) fn decode(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text[i..].chars().next()
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric() && !is_ideograph(c)
    }
}

/// CJK ideographs and hiragana: one token per character.
#[inline]
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

fn skip_extend(text: &str, mut i: usize) -> usize {
    while let Some(c) = decode(text, i) {
        if c.is_ascii() || !is_extend(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// End of the word starting at `start` (a word character), following the
/// joining rules in the module docs.
fn scan_word(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut prev = '\0';
    // Word characters since the start or the last joiner.
    let mut seg = 0usize;
    let mut dotted = false;
    while let Some(c) = decode(text, i) {
        let len = c.len_utf8();
        if is_word_char(c) {
            prev = c;
            seg += 1;
            i += len;
            continue;
        }
        if !c.is_ascii() && is_extend(c) {
            i += len;
            continue;
        }
        let Some(next) = decode(text, i + len) else {
            break;
        };
        let join = match c {
            '-' | '\u{2010}' | '\u{2011}' => prev.is_alphanumeric() && is_word_char(next),
            '\'' | '\u{2019}' | '\u{02BC}' => {
                prev.is_alphabetic() && next.is_alphabetic() && !is_ideograph(next)
            }
            '.' => {
                if prev.is_numeric() && next.is_numeric() && !is_ideograph(next) {
                    true
                } else if seg == 1
                    && prev.is_alphabetic()
                    && next.is_alphabetic()
                    && !is_ideograph(next)
                    && decode(text, i + len + next.len_utf8()) == Some('.')
                {
                    dotted = true;
                    true
                } else {
                    false
                }
            }
            ',' => {
                prev.is_ascii_digit()
                    && bytes.len() >= i + 4
                    && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                    && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
            }
            _ => false,
        };
        if !join {
            break;
        }
        seg = 0;
        i += len;
    }
    if dotted && bytes.get(i) == Some(&b'.') {
        i += 1;
    }
    i
}

/// End of the token without a final possessive `'s`.
fn strip_possessive(text: &str, start: usize, end: usize) -> usize {
    let tok = &text.as_bytes()[start..end];
    if tok.len() < 3 || !matches!(tok[tok.len() - 1], b's' | b'S') {
        return end;
    }
    let head = &tok[..tok.len() - 1];
    for apo in ["'", "\u{2019}", "\u{02BC}"] {
        if head.ends_with(apo.as_bytes()) && head.len() > apo.len() {
            return end - 1 - apo.len();
        }
    }
    end
}

/// End of a `#hashtag` or `@mention` starting at `i`, when the name after
/// the sigil holds a letter.
fn tag_end(text: &str, i: usize) -> Option<usize> {
    let first = decode(text, i + 1)?;
    if !is_word_char(first) {
        return None;
    }
    let end = scan_word(text, i + 1);
    text[i + 1..end]
        .chars()
        .any(char::is_alphabetic)
        .then_some(end)
}

/// End of a URL starting at `i`, if one starts there.
fn url_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..];
    let prefix = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p.as_bytes()))?;
    let mut end = i + prefix.len();
    while let Some(c) = decode(text, end) {
        // Whitespace as Python's `str.isspace` sees it (with the separators
        // U+001C..U+001F), the split of `char_wb` words: a token never
        // spans two of them.
        if c.is_whitespace()
            || ('\u{1c}'..='\u{1f}').contains(&c)
            || matches!(c, '<' | '>' | '"' | '\u{201C}' | '\u{201D}')
        {
            break;
        }
        end += c.len_utf8();
    }
    let url = &text[i..end];
    let keep_paren = url.contains('(');
    let trimmed = url.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']' | '}' | '\u{2019}'
        ) || (c == ')' && !keep_paren)
    });
    let end = i + trimmed.len();
    (end > i + prefix.len()).then_some(end)
}

/// Writes the normalized lowercase form of `text[range]` and calls `f`.
#[inline]
fn emit<F: FnMut(&str, Range<usize>)>(
    text: &str,
    range: Range<usize>,
    buf: &mut String,
    f: &mut F,
) {
    let s = &text[range.clone()];
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            f(s, range);
            return;
        }
        buf.clear();
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        buf.clear();
        for c in s.chars().nfkc().filter_map(fold_char) {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
    f(buf, range);
}

/// English stop words, sorted. Negations (`no`, `not`, `nor`, `never`,
/// `cannot`, `n't` forms), stance words (`against`, `without`, `support`,
/// `oppose`), modals that carry stance (`should`, `must`, `will`, `can`) and
/// `us` (which is also the lowercased `US`) are deliberately absent.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// True when the lowercase token `word` is in [`STOP_WORDS`].
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    fn spans(text: &str) -> Vec<(String, &str)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.text, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn plain_sentence() {
        assert_eq!(
            toks("The Kremlin said on Tuesday that it will not back down."),
            [
                "the", "kremlin", "said", "on", "tuesday", "that", "it", "will", "not", "back",
                "down"
            ]
        );
    }

    #[test]
    fn offsets_point_into_text() {
        let text = "  Über-cool\tNATO's plan";
        let t = tokenize(text);
        assert_eq!(
            t,
            [
                Token {
                    text: "über-cool".into(),
                    start: 2,
                    end: 12
                },
                Token {
                    text: "nato".into(),
                    start: 13,
                    end: 17
                },
                Token {
                    text: "plan".into(),
                    start: 20,
                    end: 24
                },
            ]
        );
    }

    #[test]
    fn hyphens_numbers_acronyms() {
        assert_eq!(
            toks(
                "Anti-missile talks, pro-Russian forces; COVID-19 hit 1,000 people (3.5%) in 2016."
            ),
            [
                "anti-missile",
                "talks",
                "pro-russian",
                "forces",
                "covid-19",
                "hit",
                "1,000",
                "people",
                "3.5",
                "in",
                "2016"
            ]
        );
        assert_eq!(
            toks("The U.S. and U.K. agreed, e.g. on trade; J. Smith said.Then 1,2 and 12,3456"),
            [
                "the", "u.s.", "and", "u.k.", "agreed", "e.g.", "on", "trade", "j", "smith",
                "said", "then", "1", "2", "and", "12", "3456"
            ]
        );
        assert_eq!(
            toks("U.S.-led 5th round - war"),
            ["u.s.", "led", "5th", "round", "war"]
        );
        assert_eq!(toks("12,345,678 people"), ["12,345,678", "people"]);
    }

    #[test]
    fn apostrophes_and_possessives() {
        assert_eq!(
            spans("China's army doesn’t fear the allies' plans; they're O'Brien's"),
            [
                ("china".into(), "China"),
                ("army".into(), "army"),
                ("doesn't".into(), "doesn’t"),
                ("fear".into(), "fear"),
                ("the".into(), "the"),
                ("allies".into(), "allies"),
                ("plans".into(), "plans"),
                ("they're".into(), "they're"),
                ("o'brien".into(), "O'Brien"),
            ]
        );
        assert_eq!(toks("IT'S Iran’S turn, 's"), ["it", "iran", "turn", "s"]);
    }

    #[test]
    fn hashtags_mentions_urls() {
        assert_eq!(
            spans("#Brexit vote: @BorisJohnson's view (see https://example.com/a?b=1). C# #1 mail@host.org ##x"),
            [
                ("#brexit".into(), "#Brexit"),
                ("vote".into(), "vote"),
                ("@borisjohnson".into(), "@BorisJohnson"),
                ("view".into(), "view"),
                ("see".into(), "see"),
                ("<url>".into(), "https://example.com/a?b=1"),
                ("c".into(), "C"),
                ("1".into(), "1"),
                ("mail".into(), "mail"),
                ("host".into(), "host"),
                ("org".into(), "org"),
                ("#x".into(), "#x"),
            ]
        );
        assert_eq!(
            spans("Visit www.un.org, or HTTP://en.wikipedia.org/wiki/X_(y)."),
            [
                ("visit".into(), "Visit"),
                ("<url>".into(), "www.un.org"),
                ("or".into(), "or"),
                ("<url>".into(), "HTTP://en.wikipedia.org/wiki/X_(y)"),
            ]
        );
        // A bare prefix is not a URL.
        assert_eq!(toks("www. http://"), ["www", "http"]);
        // A URL ends at any whitespace, the separators U+001C..U+001F too.
        assert_eq!(toks("http://x.org/a\u{1c}plan b"), ["<url>", "plan", "b"]);
    }

    #[test]
    fn unicode_words() {
        assert_eq!(
            toks("Москва и Київ — ＵＮ ﬁnal ΣΟΦΊΑ naïve e\u{0301}te\u{0301}"),
            [
                "москва",
                "и",
                "київ",
                "un",
                "final",
                "σοφία",
                "naïve",
                "\u{00E9}t\u{00E9}"
            ]
        );
        assert_eq!(
            spans("北京会议abc"),
            [
                ("北".into(), "北"),
                ("京".into(), "京"),
                ("会".into(), "会"),
                ("议".into(), "议"),
                ("abc".into(), "abc"),
            ]
        );
        assert_eq!(
            toks("anti\u{2010}war war\u{2014}and"),
            ["anti-war", "war", "and"]
        );
    }

    #[test]
    fn lowercase_ascii_is_not_copied() {
        let text = "plain words";
        let mut buf = String::new();
        let mut ptrs = Vec::new();
        for_each_token(text, &mut buf, |t, _| ptrs.push(t.as_ptr()));
        assert_eq!(ptrs, [text.as_ptr(), text[6..].as_ptr()]);
    }

    #[test]
    fn stop_words_keep_negations_and_stance() {
        assert!(
            STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "list must be sorted"
        );
        for w in ["the", "a", "of", "and", "they", "was"] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in [
            "no", "not", "nor", "never", "neither", "cannot", "don't", "against", "without",
            "support", "oppose", "should", "must", "will", "us", "The",
        ] {
            assert!(!is_stop_word(w), "{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn token_ranges_match_text(text in crate::text::testing::newsy()) {
            let mut last_end = 0;
            for t in tokenize(&text) {
                proptest::prop_assert!(last_end <= t.start && t.start < t.end);
                proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                last_end = t.end;
                let src = &text[t.start..t.end];
                if t.text == URL_TOKEN {
                    continue;
                }
                let want: String = crate::text::normalize::normalize(src)
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect();
                proptest::prop_assert_eq!(&t.text, &want, "source {:?}", src);
                proptest::prop_assert!(!t.text.is_empty());
            }
        }
    }
}
