//! Rule-based sentence splitting with byte offsets.
//!
//! A sentence ends at `.`, `!`, `?`, `…` (or a run of them), together with
//! any closing quotes and brackets right after it, when whitespace follows
//! and the next word does not start with a lowercase letter. A period does
//! not end a sentence after:
//!
//! - a title or other word always followed by more (`Mr.`, `Dr.`, `Gen.`,
//!   `Sen.`, `St.`, `e.g.`, `i.e.`, `vs.`),
//! - a single letter (initials: `J. Smith`),
//! - `No.`, `Vol.`, `Fig.`, `p.` before a number,
//! - a number opening a line (`1. First point`),
//! - an abbreviation that may end a sentence (`U.S.`, `U.K.`, `Inc.`,
//!   `Jan.`, `etc.`) unless the next word is a common sentence opener
//!   (`He`, `The`, `But`, ...): `in the U.S. The talks` splits,
//!   `the U.S. President` does not.
//!
//! A period inside a token (`3.5`, `U.S.A`, `example.com`) never splits.
//! Line breaks are hard boundaries: a blank line always, a single newline
//! unless the line is visibly wrapped (it ends in `,` `;` `-` or a dash, the
//! next line starts in lowercase, or it is a long line of fixed-width
//! wrapped prose that stops mid-sentence, as in newswire). CJK full stops split without spaces.

use std::ops::Range;

/// Byte ranges of the sentences in `text`, in order, trimmed of surrounding
/// whitespace; never empty.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for b in boundaries(text) {
        push_trimmed(text, start..b, &mut out);
        start = b;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Contiguous spans that partition `text` exactly (their concatenation is
/// `text`), one per sentence of [`split_sentences`]: each span is a sentence
/// with the whitespace after it, and the first span also holds any leading
/// whitespace. Text holding no sentence (only whitespace) is one span; empty
/// text has none.
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let sentences = split_sentences(text);
    if sentences.is_empty() {
        // Whitespace only (one span) or empty (none).
        return std::iter::once(0..text.len())
            .filter(|r| !r.is_empty())
            .collect();
    }
    let k = sentences.len();
    (0..k)
        .map(|i| {
            let start = if i == 0 { 0 } else { sentences[i].start };
            let end = if i + 1 < k {
                sentences[i + 1].start
            } else {
                text.len()
            };
            start..end
        })
        .collect()
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(r.start + lead..r.start + lead + t.len());
    }
}

/// Words after which a period never ends a sentence (lowercase, no final dot).
const NEVER_END: &[&str] = &[
    "adm", "amb", "approx", "capt", "cf", "cmdr", "col", "cpl", "cpt", "dept", "dr", "e.g", "esp",
    "fr", "ft", "gen", "gov", "hon", "i.e", "incl", "lt", "maj", "messrs", "mr", "mrs", "ms", "mt",
    "pres", "prof", "pt", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt", "viz", "vs",
];

/// Words that are abbreviations when a number follows (`No. 5`).
const BEFORE_NUMBER: &[&str] = &[
    "art", "ch", "fig", "no", "nos", "op", "p", "pp", "sec", "vol",
];

/// Abbreviations that may also end a sentence. Dotted acronyms (`u.s`) are
/// recognised by shape and treated the same way.
const MAY_END: &[&str] = &[
    "a.m", "apr", "aug", "ave", "blvd", "bros", "co", "corp", "dec", "etc", "feb", "inc", "jan",
    "jr", "jul", "jun", "llc", "ltd", "mar", "nov", "oct", "p.m", "plc", "sep", "sept", "sr",
];

/// Words that commonly open a sentence: after a [`MAY_END`] abbreviation
/// they signal that the abbreviation ended the sentence.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "both",
    "but",
    "during",
    "for",
    "he",
    "her",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "many",
    "meanwhile",
    "most",
    "now",
    "on",
    "one",
    "our",
    "she",
    "so",
    "some",
    "still",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "what",
    "when",
    "where",
    "while",
    "who",
    "why",
    "yet",
    "you",
];

use super::tokens::decode;

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '\u{2026}' | '\u{203C}' | '\u{2047}' | '\u{2048}' | '\u{2049}'
    ) || is_cjk_terminal(c)
}

fn is_cjk_terminal(c: char) -> bool {
    matches!(c, '\u{3002}' | '\u{FF01}' | '\u{FF1F}' | '\u{FF0E}')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{2019}'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{203A}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{FF09}'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '\u{2018}'
            | '\u{201C}'
            | '\u{00AB}'
            | '\u{2039}'
            | '\u{300C}'
            | '\u{300E}'
            | '\u{FF08}'
    )
}

fn is_newline(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}')
}

/// Byte positions where a new sentence starts, increasing.
fn boundaries(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut piece_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    loop {
        // ASCII bytes other than a line feed and `.`, `!`, `?` neither
        // break nor end a sentence: skipped without decoding.
        while bytes
            .get(i)
            .is_some_and(|&b| b < 0x80 && !matches!(b, b'\n' | b'.' | b'!' | b'?'))
        {
            i += 1;
        }
        let Some(c) = decode(text, i) else { break };
        if is_newline(c) {
            let mut j = i;
            let mut lines = 0;
            while let Some(d) = decode(text, j) {
                if !d.is_whitespace() {
                    break;
                }
                lines += match d {
                    '\u{2029}' => 2,
                    d if is_newline(d) => 1,
                    _ => 0,
                };
                j += d.len_utf8();
            }
            if lines >= 2 || line_break_ends_sentence(text, piece_start, i, j) {
                out.push(i);
                piece_start = i;
            }
            i = j;
            continue;
        }
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        let term_start = i;
        let mut j = i;
        let mut only_period = true;
        let mut cjk = false;
        let mut count = 0;
        while let Some(d) = decode(text, j) {
            if !is_terminal(d) {
                break;
            }
            only_period &= d == '.';
            cjk |= is_cjk_terminal(d);
            count += 1;
            j += d.len_utf8();
        }
        while let Some(d) = decode(text, j) {
            if !is_closer(d) {
                break;
            }
            j += d.len_utf8();
        }
        i = j;
        let Some(next) = decode(text, j) else { break };
        if !cjk && !next.is_whitespace() {
            continue;
        }
        let split = cjk
            || period_ends_sentence(text, piece_start, term_start, j, only_period && count == 1);
        if split {
            out.push(j);
            piece_start = j;
        }
    }
    out
}

/// The word after position `j`: skips whitespace and opening quotes.
fn next_word(text: &str, j: usize) -> &str {
    let rest = text[j..].trim_start_matches(|c: char| c.is_whitespace() || is_opener(c));
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The word ending right before `end` (letters, digits, inner dots,
/// apostrophes and hyphens).
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '\'' | '\u{2019}' | '-')))
        .map_or(0, |p| {
            p + head[p..].chars().next().map_or(1, char::len_utf8)
        });
    head[start..].trim_start_matches('.')
}

/// Decides whether a terminal run ending (with its closers) at `j` and
/// followed by whitespace ends the sentence.
fn period_ends_sentence(
    text: &str,
    piece_start: usize,
    term_start: usize,
    j: usize,
    single_period: bool,
) -> bool {
    let next = next_word(text, j);
    let Some(first) = next.chars().next() else {
        // Followed by punctuation, a symbol or the end of the text.
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    if !single_period {
        return true;
    }
    let word = word_before(text, term_start);
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let lower = lower.as_str();
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none() {
        return false; // an initial
    }
    if NEVER_END.contains(&lower) {
        return false;
    }
    if first.is_numeric() && BEFORE_NUMBER.contains(&lower) {
        return false;
    }
    if word.bytes().all(|b| b.is_ascii_digit())
        && word.len() <= 3
        && text[piece_start..term_start - word.len()].trim().is_empty()
    {
        return false; // a numbered list item
    }
    if MAY_END.contains(&lower) || is_dotted_acronym(word) {
        return OPENERS.contains(&next.to_lowercase().as_str());
    }
    true
}

/// `U.S`, `U.K`, `e.u`: single letters joined by dots.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|seg| {
            let mut c = seg.chars();
            c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
        })
}

/// Whether a single newline at `nl` (whitespace run up to `after`) ends the
/// current sentence: yes, unless the line is visibly wrapped.
fn line_break_ends_sentence(text: &str, piece_start: usize, nl: usize, after: usize) -> bool {
    let line = text[piece_start..nl].trim_end();
    let Some(last) = line.chars().last() else {
        return false;
    };
    let Some(next) = decode(text, after) else {
        return false;
    };
    if next.is_lowercase() || matches!(last, ',' | ';' | '-' | '\u{2013}' | '\u{2014}' | '(' | '&')
    {
        return false;
    }
    if is_wrapped_prose(&text[..nl]) {
        return false;
    }
    if last == '.' {
        let word = word_before(line, line.len() - 1);
        if NEVER_END.contains(&word.to_lowercase().as_str()) {
            return false;
        }
    }
    true
}

/// Fixed-width wrapped prose (newswire such as Reuters breaks every line
/// near 65 columns): the physical line ending at `before`'s end is long
/// (at least [`WRAP_MIN_CHARS`] characters), not in capitals (a headline),
/// and stops on a letter, digit, or closing bracket rather than sentence
/// punctuation or a colon, so the sentence goes on on the next line.
fn is_wrapped_prose(before: &str) -> bool {
    let line = before[before.rfind('\n').map_or(0, |p| p + 1)..].trim();
    let Some(last) = line.chars().last() else {
        return false;
    };
    line.chars().count() >= WRAP_MIN_CHARS
        && (last.is_alphanumeric() || matches!(last, ')' | '%'))
        && line.chars().any(char::is_lowercase)
}

/// Shortest physical line taken for wrapped prose by [`is_wrapped_prose`].
const WRAP_MIN_CHARS: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn abbreviations_initials_dates() {
        let text = "Mr. J. Smith arrived in the U.S. on Jan. 5. He left.";
        assert_eq!(split_sentences(text), [0..43, 44..52]);
        assert_eq!(
            sents(text),
            ["Mr. J. Smith arrived in the U.S. on Jan. 5.", "He left."]
        );
        assert_eq!(
            sents(
                "Dr. Lee met Gen. Ortiz and Sen. Park at St. Mary's. Mrs. Ng and Prof. Ito stayed."
            ),
            [
                "Dr. Lee met Gen. Ortiz and Sen. Park at St. Mary's.",
                "Mrs. Ng and Prof. Ito stayed."
            ]
        );
    }

    #[test]
    fn may_end_abbreviations() {
        assert_eq!(
            sents("Talks moved to the U.S. The U.K. Foreign Office agreed. Acme Inc. said no."),
            [
                "Talks moved to the U.S.",
                "The U.K. Foreign Office agreed.",
                "Acme Inc. said no."
            ]
        );
        assert_eq!(
            sents("Sales rose at Acme Inc. But costs grew, e.g. fuel, i.e. Diesel. Done etc. Then more."),
            [
                "Sales rose at Acme Inc.",
                "But costs grew, e.g. fuel, i.e. Diesel.",
                "Done etc.",
                "Then more."
            ]
        );
    }

    #[test]
    fn decimals_numbers_lists() {
        assert_eq!(
            sents("Growth was 3.5 percent in 2016. 2017 was worse. See No. 4 and Fig. 2."),
            [
                "Growth was 3.5 percent in 2016.",
                "2017 was worse.",
                "See No. 4 and Fig. 2."
            ]
        );
        assert_eq!(
            sents("1. Stop the war.\n2. Talk."),
            ["1. Stop the war.", "2. Talk."]
        );
        assert_eq!(
            sents("The answer was no. The end."),
            ["The answer was no.", "The end."]
        );
    }

    #[test]
    fn quotes_brackets_ellipses() {
        assert_eq!(
            sents("\"He said so.\" Next came (the vote.) Then 'Why?' she asked! \"Really?\" Yes."),
            [
                "\"He said so.\"",
                "Next came (the vote.)",
                "Then 'Why?' she asked!",
                "\"Really?\"",
                "Yes."
            ]
        );
        assert_eq!(
            sents("We waited... and waited\u{2026} The end came. Wait... What?! Ok."),
            [
                "We waited... and waited\u{2026}",
                "The end came.",
                "Wait...",
                "What?!",
                "Ok."
            ]
        );
        assert_eq!(
            sents("He left. \u{201C}We won,\u{201D} she said."),
            ["He left.", "\u{201C}We won,\u{201D} she said."]
        );
    }

    #[test]
    fn no_split_inside_tokens_or_before_lowercase() {
        assert_eq!(
            sents("Visit example.com now. The U.S.A. team won. It was approx. ten."),
            [
                "Visit example.com now.",
                "The U.S.A. team won.",
                "It was approx. ten."
            ]
        );
    }

    #[test]
    fn newlines_are_boundaries() {
        assert_eq!(
            sents("Headline Without Period\nThe body starts here\n\nnew paragraph here"),
            [
                "Headline Without Period",
                "The body starts here",
                "new paragraph here"
            ]
        );
        assert_eq!(
            sents("a line that wraps\nin the middle,\nGoes on."),
            ["a line that wraps\nin the middle,\nGoes on."]
        );
        assert_eq!(
            sents("Talk to Mr.\nSmith today."),
            ["Talk to Mr.\nSmith today."]
        );
        assert_eq!(sents("One\r\n\r\nTwo"), ["One", "Two"]);
    }

    #[test]
    fn fixed_width_newswire_lines_join() {
        // A capitals headline stays apart; a long line that stops on a word
        // goes on; a short unpunctuated line is still its own piece.
        let text = "PRODUCERS MEET ON COCOA PACT\nCocoa producers will meet this week to discuss the\nBuffer stock rules, the officials said. They meet in\nYaounde.\nShare this\nNext line";
        assert_eq!(
            sents(text),
            [
                "PRODUCERS MEET ON COCOA PACT",
                "Cocoa producers will meet this week to discuss the\nBuffer stock rules, the officials said.",
                "They meet in\nYaounde.",
                "Share this",
                "Next line"
            ]
        );
    }

    #[test]
    fn cjk_full_stops() {
        assert_eq!(sents("会议开始。会议结束！"), ["会议开始。", "会议结束！"]);
    }

    #[test]
    fn spans_partition_text() {
        let text = "  First one.  Second one!\n\nThird  ";
        let spans = sentence_spans(text);
        assert_eq!(spans, [0..14, 14..27, 27..34]);
        assert_eq!(split_sentences(text), [2..12, 14..25, 27..32]);
        assert_eq!(sentence_spans(""), Vec::<Range<usize>>::new());
        assert_eq!(sentence_spans(" \n "), vec![Range { start: 0, end: 3 }]);
        assert_eq!(split_sentences(" \n "), Vec::<Range<usize>>::new());
    }

    proptest::proptest! {
        #[test]
        fn spans_concatenate_to_input(text in crate::text::testing::newsy()) {
            let spans = sentence_spans(&text);
            let joined: String = spans.iter().map(|r| &text[r.clone()]).collect();
            proptest::prop_assert_eq!(&joined, &text);
            let trimmed: Vec<Range<usize>> = spans
                .iter()
                .filter_map(|r| {
                    let s = &text[r.clone()];
                    let t = s.trim();
                    let lead = s.len() - s.trim_start().len();
                    (!t.is_empty()).then(|| r.start + lead..r.start + lead + t.len())
                })
                .collect();
            proptest::prop_assert_eq!(split_sentences(&text), trimmed);
        }
    }
}
