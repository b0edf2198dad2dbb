//! Unicode normalization of article text: NFKC, typographic quotes and
//! dashes folded to a few ASCII forms, odd spaces to a plain space, and
//! sklearn's `strip_accents="unicode"`.
//!
//! Both functions return `Cow::Borrowed` when the text is already in normal
//! form, which is the common case for plain ASCII news text. Normalizing can
//! change byte lengths, so offsets into the result are not offsets into the
//! input; the tokenizer keeps offsets by normalizing one token at a time.

use std::borrow::Cow;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Folds one character after NFKC: typographic quotes to ASCII `'` and `"`,
/// hyphens to `-`, dashes to `—`, unusual spaces to `' '`; `None` drops
/// invisible characters (zero-width spaces, soft hyphens, byte order marks).
///
/// Hyphens (which join words) and dashes (which separate clauses) stay two
/// different characters so that "war—and" never reads as a hyphenated word.
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        // Single quotes, apostrophes, primes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' | '\u{2039}' | '\u{203A}' | '\u{FF07}' => '\'',
        // Double quotes and guillemets.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{301D}' | '\u{301E}' | '\u{FF02}' => '"',
        // Hyphens and the minus sign.
        '\u{2010}' | '\u{2011}' | '\u{2043}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        // Dashes.
        '\u{2012}' | '\u{2013}' | '\u{2015}' | '\u{2E3A}' | '\u{2E3B}' | '\u{FE58}'
        | '\u{FE31}' | '\u{FE32}' => '\u{2014}',
        // Invisible characters.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => return None,
        // Line and paragraph separators become newlines; other spaces a space.
        '\u{2028}' | '\u{2029}' | '\u{0085}' => '\n',
        c if c != '\n' && c != '\r' && c != '\t' && c.is_whitespace() => ' ',
        c => c,
    })
}

/// Normalizes `text`: NFKC, then [`fold_char`] on every character.
/// Returns `Cow::Borrowed` when nothing changes (always for ASCII text
/// without vertical tab or form feed).
pub fn normalize(text: &str) -> Cow<'_, str> {
    if text.is_ascii() && !text.bytes().any(|b| b == 0x0B || b == 0x0C) {
        return Cow::Borrowed(text);
    }
    let out: String = text.chars().nfkc().filter_map(fold_char).collect();
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// Removes accents the way sklearn's `strip_accents_unicode` does: NFKD, then
/// drop every character with a non-zero canonical combining class.
/// `"Café Zürich"` becomes `"Cafe Zurich"`. ASCII input is returned borrowed.
pub fn strip_accents(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let out: String = text
        .chars()
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect();
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// True for characters that extend the previous one (combining marks,
/// zero-width joiners, variation selectors): they never start or split a token.
pub fn is_extend(c: char) -> bool {
    is_combining_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_borrowed() {
        let s = "Plain text, with 'quotes' and - dashes.\n";
        assert!(matches!(normalize(s), Cow::Borrowed(_)));
        assert!(matches!(strip_accents(s), Cow::Borrowed(_)));
    }

    #[test]
    fn non_ascii_unchanged_is_borrowed() {
        let s = "Zürich café — Москва";
        assert!(matches!(normalize(s), Cow::Borrowed(_)));
    }

    #[test]
    fn quotes_dashes_spaces() {
        assert_eq!(
            normalize("\u{201C}Don\u{2019}t\u{201D} \u{2013} anti\u{2010}war\u{00A0}now"),
            "\"Don't\" \u{2014} anti-war now"
        );
        assert_eq!(normalize("a\u{2009}b\u{3000}c\u{200B}d"), "a b cd");
        assert_eq!(normalize("x\u{2029}y\u{000B}z"), "x\ny z");
    }

    #[test]
    fn nfkc_compatibility_forms() {
        // Fullwidth letters, ligature, ellipsis, composed accent.
        assert_eq!(normalize("ＵＮ ﬁnal…"), "UN final...");
        assert_eq!(normalize("e\u{0301}t\u{00E9}"), "\u{00E9}t\u{00E9}");
    }

    #[test]
    fn strip_accents_like_sklearn() {
        assert_eq!(strip_accents("Café Zürich"), "Cafe Zurich");
        assert_eq!(
            strip_accents("São Tomé and Príncipe"),
            "Sao Tome and Principe"
        );
        // NFKD also applies compatibility mappings, as in sklearn.
        assert_eq!(strip_accents("ﬁ"), "fi");
        // Letters without decomposition are kept.
        assert_eq!(strip_accents("Łódź ø"), "Łodz ø");
        assert!(matches!(strip_accents("Москва"), Cow::Borrowed(_)));
    }

    #[test]
    fn extend_chars() {
        assert!(is_extend('\u{0301}'));
        assert!(is_extend('\u{200D}'));
        assert!(!is_extend('a'));
        assert!(!is_extend('-'));
    }
}
