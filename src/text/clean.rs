//! Boilerplate removal for scraped news articles.
//!
//! Scraped article text carries page furniture: share buttons, "Follow us"
//! prompts, photo credits, time stamps, widget captions, copyright and cookie
//! notices, menu lines. [`clean_article`] finds it line by line and returns
//! the byte ranges of the original text that are content, so later steps can
//! still point into the original article.
//!
//! The rules are plain data: [`LINE_RULES`] drop a whole line when its
//! trimmed text matches, [`INLINE_RULES`] cut just the match out of a line
//! (a credit in the middle of a caption), and [`NAV_WORDS`] drops short lines
//! made only of menu words. Patterns are case-insensitive and compiled once.
//! Lines left with nothing but punctuation after inline cuts are dropped;
//! blank lines are kept, since they mark paragraphs for the sentence splitter.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

/// A rule that drops a whole line.
#[derive(Debug, Clone, Copy)]
pub struct LineRule {
    /// Short name, for tests and debugging.
    pub name: &'static str,
    /// Regex matched (case-insensitively) against the trimmed line. May use
    /// the placeholders `{month}`, `{day}` and `{tz}`.
    pub pattern: &'static str,
    /// Longer lines (in bytes, trimmed) are never dropped by this rule.
    pub max_len: usize,
    /// The line must also contain an ASCII digit.
    pub needs_digit: bool,
    /// Literals (lowercase ASCII) one of which every match holds, compared
    /// ignoring ASCII case, before the regex runs; empty: no such test.
    pub needs_any: &'static [&'static str],
}

/// A rule that removes each match from inside a line.
#[derive(Debug, Clone, Copy)]
pub struct InlineRule {
    /// Short name, for tests and debugging.
    pub name: &'static str,
    /// Regex matched (case-insensitively) against the line; placeholders as
    /// in [`LineRule::pattern`].
    pub pattern: &'static str,
    /// As [`LineRule::needs_any`].
    pub needs_any: &'static [&'static str],
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY: &str = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rday|urday)?";
const TZ: &str = r"(?:et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|gmt|utc|bst|cet|cest|eet|msk|ist|jst|kst|hkt|aest|aedt)";

/// Whole-line rules.
pub const LINE_RULES: &[LineRule] = &[
    LineRule {
        name: RELATED_HEADING,
        pattern: r"^(?:related(?: articles?| stories| coverage| news| content| links| topics| reading)?|recommended(?: for you| stories| articles| reading)?|more (?:from|on|in) [^:.!?]{1,40}|more stories|you (?:may|might) also like|(?:read|see) (?:more|also)|also read|most (?:popular|read|viewed)|trending(?: now)?|top stories|latest news|editor'?s picks)\s*:?$",
        max_len: 60,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "tags",
        pattern: r"^(?:tags?|topics?|tagged(?: with)?|keywords?|filed under|categories|category)\s*:\s*\S.*$",
        max_len: 300,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "share",
        pattern: r"^(?:share(?: this(?: article| story| page)?)?(?:(?: on| via| to)? (?:facebook|twitter|x|linkedin|whatsapp|reddit|email|pinterest|telegram))?|tweet(?: this)?|e-?mail(?: this)?(?: article| story)?|print(?: this)?(?: article| story| page)?|save(?: article| story)?|copy link|pin it|comments?)(?:\s*\(?\d+\)?)?[\s!:.]*$",
        max_len: 60,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "social",
        pattern: r"^[^\p{L}\p{N}]*(?:(?:like|follow|find|join) us on (?:facebook|twitter|x|instagram|linkedin|youtube|telegram|tiktok)\b.*|follow (?:me|us|@\w+|(?-i:\p{Lu}[\w.'-]*)(?: (?-i:\p{Lu}[\w.'-]*)){0,3}(?: \(@\w+\))?) on (?:twitter|x|facebook|instagram)\b.{0,40})$",
        max_len: 120,
        needs_digit: false,
        needs_any: &[" on "],
    },
    LineRule {
        name: "homepage",
        pattern: r"^make .{1,60} your home ?page[.!]?$",
        max_len: 100,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "widget",
        pattern: r"^(?:advertisement|advertising|sponsored(?: content)?|promoted(?: content)?|real time analytics|related(?: articles?| stories| coverage| news| content| links| topics)?|recommended(?: for you| stories| articles)?|most (?:popular|read|viewed)|trending(?: now)?|you (?:may|might) also like|top stories|latest news|story continues below(?: advertisement)?|continue reading(?: below)?|scroll to continue(?: with content)?|scroll down for videos?|(?:video|poll|gallery)? ?loading(?: \.\.\.| \u{2026}|\u{2026})?|view (?:gallery|on instagram|comments)|see all related|continue reading the main story|caption|photos?|video)[\s:.!]*$",
        max_len: 80,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "read_more",
        pattern: r"^(?:read more|also read|see also|related(?: \w+)?|recommended|watch|watch video|more from [^:]{1,40})\s*:.*$",
        max_len: 200,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "copyright",
        pattern: r"^(?:©|\(c\)\s|copyright\b).*$",
        max_len: 200,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "rights_reserved",
        pattern: r"\ball rights reserved\b|^this (?:material|article|story|content) may not be (?:published|broadcast|rewritten|redistributed|reproduced)\b",
        max_len: 250,
        needs_digit: false,
        needs_any: &["all rights reserved", "may not be"],
    },
    LineRule {
        name: "click_here",
        pattern: r"^(?:[^?]{0,40}\?\s*)?(?:please )?click here (?:to|for)\b.*$",
        max_len: 200,
        needs_digit: false,
        needs_any: &["click here"],
    },
    LineRule {
        name: "subscribe",
        pattern: r"^(?:subscribe|sign up|register)(?: now| today| here)?(?: (?:to|for) (?:our|the|a) .{0,60})?[.!]?$",
        max_len: 120,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "cookies",
        pattern: r"\b(?:we use cookies|(?:this|our) (?:web)?site uses cookies|uses cookies to|accept (?:all )?cookies|cookie (?:policy|settings|preferences|consent)|by continuing to (?:use|browse) (?:this|our) (?:web)?site)\b",
        max_len: 400,
        needs_digit: false,
        needs_any: &["cookie", "by continuing to"],
    },
    LineRule {
        name: "widget_misc",
        pattern: r"^(?:ads by \w+|uploaded by:.*|please enable javascript\b.*|this (?:article|story) (?:originally|first) appeared (?:on|in)\b.*|\[(?:image|photo|picture|video)s? via [^\]]{1,60}\])$",
        max_len: 120,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "script",
        pattern: r"^[\w.$]+\([^)]*\);$",
        max_len: 150,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "symbols",
        pattern: r"^(?:[^\p{L}\p{N}]+|\+\d[\d,.]*[km]?)$",
        max_len: 40,
        needs_digit: false,
        needs_any: &[],
    },
    LineRule {
        name: "timestamp",
        pattern: r"^(?:(?:last )?updated|published|posted|first published|modified)(?: on| at)?:?\s+[\w ,.:/|-]*$",
        max_len: 80,
        needs_digit: true,
        needs_any: &[],
    },
    LineRule {
        name: "date_only",
        pattern: r"^(?:\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2}(?::\d{2})?|[ap]\.?m\.?|{day}|{month}|{tz}|at|on)(?:[\s,./:|-]+(?:\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2}(?::\d{2})?|[ap]\.?m\.?|{day}|{month}|{tz}|at|on))*[\s.]*$",
        max_len: 60,
        needs_digit: true,
        needs_any: &[],
    },
];

/// Name of the line rule for a heading that opens a list of links
/// ("Related Articles", "More from Asia", "Recommended"): the short lines
/// that follow it are dropped too (see [`clean_article`]).
pub const RELATED_HEADING: &str = "related_heading";

/// Longest line (trimmed, in bytes) that can be an item of a link list
/// after a [`RELATED_HEADING`].
const LIST_ITEM_MAX_LEN: usize = 110;

/// Most link-list lines dropped after one heading.
const LIST_MAX_ITEMS: usize = 12;

/// Rules that cut their matches out of a line.
pub const INLINE_RULES: &[InlineRule] = &[
    InlineRule {
        name: "photo_credit_paren",
        pattern: r"\((?:[^()\n]{0,30}?\b)?(?:photos?|photograph|images?|pictures?|video|file photo)\b(?:\s*(?:credit|courtesy|by))?\s*[:/][^()\n]{1,80}\)",
        needs_any: &["("],
    },
    InlineRule {
        name: "photo_credit",
        pattern: r"\b(?:(?:photos?|photograph|images?|pictures?)(?:\s*(?:credit|courtesy))?|credit)\s*:\s*[^.()\n]{1,60}(?:\.|$)",
        needs_any: &[":"],
    },
    InlineRule {
        name: "photo_credit_bracket",
        pattern: r"\[(?:image|photo|picture|video)s? (?:via|by|from|courtesy(?: of)?):? [^\[\]\n]{1,60}\]",
        needs_any: &["["],
    },
    InlineRule {
        name: "timestamp_time_first",
        pattern: r"\b(?:(?:last )?updated|published|posted)(?: on| at)?:?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*{tz}\b)?(?:,?\s*{day}\b\.?)?(?:,?\s*{month}\b\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?)?",
        needs_any: &[":"],
    },
    InlineRule {
        name: "timestamp_date_first",
        pattern: r"\b(?:(?:last )?updated|published|posted)(?: on)?:?\s+(?:{day}\b\.?,?\s*)?{month}\b\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*{tz}\b)?)?",
        needs_any: &["updated", "published", "posted"],
    },
];

/// Menu words: a short line made only of these (and separators) is
/// navigation.
pub const NAV_WORDS: &[&str] = &[
    "about",
    "account",
    "africa",
    "americas",
    "asia",
    "back",
    "business",
    "close",
    "comments",
    "contact",
    "culture",
    "economy",
    "email",
    "entertainment",
    "europe",
    "facebook",
    "gallery",
    "health",
    "home",
    "in",
    "instagram",
    "latest",
    "lifestyle",
    "live",
    "local",
    "log",
    "login",
    "markets",
    "menu",
    "more",
    "national",
    "news",
    "newsletter",
    "newsletters",
    "next",
    "opinion",
    "photos",
    "podcasts",
    "politics",
    "prev",
    "previous",
    "print",
    "register",
    "science",
    "search",
    "share",
    "sign",
    "skip",
    "sport",
    "sports",
    "subscribe",
    "tech",
    "technology",
    "to",
    "top",
    "travel",
    "tv",
    "tweet",
    "twitter",
    "up",
    "us",
    "video",
    "videos",
    "weather",
    "whatsapp",
    "world",
];

/// Longest line (trimmed, in bytes) that can count as navigation.
const NAV_MAX_LEN: usize = 80;

fn expand(pattern: &str) -> String {
    format!(
        "(?i){}",
        pattern
            .replace("{month}", MONTH)
            .replace("{day}", DAY)
            .replace("{tz}", TZ)
    )
}

/// One regex per [`LINE_RULES`] entry, in order. Tried one at a time
/// (each with its own literal prefilter and anchoring) after the rule's
/// length and digit checks: a `RegexSet` of all of them runs every rule
/// over every line and falls back to its slowest engine on non-ASCII text
/// (Unicode `\b`).
static LINE_REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    LINE_RULES
        .iter()
        .map(|r| Regex::new(&expand(r.pattern)).expect("line rules compile"))
        .collect()
});

static INLINE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    INLINE_RULES
        .iter()
        .map(|r| Regex::new(&expand(r.pattern)).expect("inline rules compile"))
        .collect()
});

/// A line lowercased in ASCII, to test a rule's `needs_any` literals
/// before running its regex. Exact: a case-insensitive regex matches an
/// ASCII letter only by its two ASCII cases, or by the long s (U+017F) and
/// the Kelvin sign (U+212A); a line holding either of those two is always
/// searched.
struct Folded {
    /// The lowercased bytes, or `None` for a line that is always searched.
    lower: Option<Vec<u8>>,
}

impl Folded {
    fn new(line: &str) -> Folded {
        let b = line.as_bytes();
        let exotic = !b.is_ascii()
            && memchr::memchr2_iter(0xC5, 0xE2, b).any(|i| {
                b[i..].starts_with("\u{17F}".as_bytes())
                    || b[i..].starts_with("\u{212A}".as_bytes())
            });
        Folded {
            lower: (!exotic).then(|| b.to_ascii_lowercase()),
        }
    }

    /// Whether the line may match a rule whose every match holds one of
    /// the literals `needles` searches for: true when there are none, the
    /// line holds one, or the line is always searched.
    fn holds_any(&self, needles: &[memmem::Finder<'static>]) -> bool {
        match &self.lower {
            Some(lower) if !needles.is_empty() => needles.iter().any(|n| n.find(lower).is_some()),
            _ => true,
        }
    }
}

/// Searchers of each rule's `needs_any` literals, in rule order.
fn finders(
    needs: impl Iterator<Item = &'static [&'static str]>,
) -> Vec<Vec<memmem::Finder<'static>>> {
    needs
        .map(|n| {
            n.iter()
                .map(|s| memmem::Finder::new(s.as_bytes()))
                .collect()
        })
        .collect()
}

static LINE_NEEDS: LazyLock<Vec<Vec<memmem::Finder<'static>>>> =
    LazyLock::new(|| finders(LINE_RULES.iter().map(|r| r.needs_any)));

static INLINE_NEEDS: LazyLock<Vec<Vec<memmem::Finder<'static>>>> =
    LazyLock::new(|| finders(INLINE_RULES.iter().map(|r| r.needs_any)));

/// The name of the first rule that drops this whole (trimmed) line, if any.
pub fn line_rule(line: &str) -> Option<&'static str> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let has_digit = line.bytes().any(|b| b.is_ascii_digit());
    let folded = Folded::new(line);
    let hit = LINE_RULES
        .iter()
        .zip(LINE_REGEXES.iter().zip(LINE_NEEDS.iter()))
        .find(|(rule, (re, needs))| {
            line.len() <= rule.max_len
                && (has_digit || !rule.needs_digit)
                && folded.holds_any(needs)
                && re.is_match(line)
        });
    if let Some((rule, _)) = hit {
        return Some(rule.name);
    }
    is_navigation(line).then_some("navigation")
}

fn is_navigation(line: &str) -> bool {
    if line.len() > NAV_MAX_LEN {
        return false;
    }
    let mut words = line
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '|' | '/' | '>' | ',' | '\u{2022}' | '\u{00B7}' | '\u{00BB}'
                )
        })
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase();
            NAV_WORDS.binary_search(&w.as_str()).is_ok()
        })
}

/// Byte ranges of `text` that are content, in order, non-overlapping and
/// never adjacent (touching ranges are merged, so text without boilerplate
/// gives one range `0..text.len()`). Kept lines keep their line ends.
pub fn clean_article(text: &str) -> Vec<Range<usize>> {
    let mut keep: Vec<Range<usize>> = Vec::new();
    let mut push = |r: Range<usize>| {
        if r.is_empty() {
            return;
        }
        match keep.last_mut() {
            Some(last) if last.end == r.start => last.end = r.end,
            _ => keep.push(r),
        }
    };
    let mut ls = 0;
    // Items still to drop after a related-links heading.
    let mut list_left = 0;
    while ls < text.len() {
        let le = text[ls..].find('\n').map_or(text.len(), |p| ls + p);
        let next = (le + 1).min(text.len());
        let line = &text[ls..le];
        if line.trim().is_empty() {
            push(ls..next);
            ls = next;
            continue;
        }
        if list_left > 0 && is_list_item(line) {
            list_left -= 1;
            ls = next;
            continue;
        }
        list_left = 0;
        let rule = line_rule(line);
        if rule == Some(RELATED_HEADING) {
            list_left = LIST_MAX_ITEMS;
        } else if rule.is_none() {
            let cuts = inline_cuts(line);
            if cuts.is_empty() {
                push(ls..next);
            } else {
                let mut pieces = Vec::new();
                let mut at = 0;
                for c in &cuts {
                    pieces.push(at..c.start);
                    at = c.end;
                }
                pieces.push(at..line.len());
                let has_content = pieces
                    .iter()
                    .any(|p| line[p.clone()].chars().any(char::is_alphanumeric));
                if has_content {
                    let last = pieces.len() - 1;
                    for (k, p) in pieces.into_iter().enumerate() {
                        let end = if k == last { next } else { ls + p.end };
                        push(ls + p.start..end);
                    }
                }
            }
        }
        ls = next;
    }
    keep
}

/// Whether a line after a related-links heading looks like one of its
/// items: a bulleted line, or a short line (at most [`LIST_ITEM_MAX_LEN`]
/// bytes) that does not end like a sentence (headlines carry no final
/// period).
fn is_list_item(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with([
        '-', '*', '\u{2022}', '\u{00B7}', '\u{25AA}', '\u{25BA}', '>', '\u{2013}',
    ]) {
        return true;
    }
    let end = t.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')']);
    t.len() <= LIST_ITEM_MAX_LEN && !end.ends_with(['.', ':', ';', ','])
}

/// Sorted, merged byte ranges of `line` cut by [`INLINE_RULES`]; each cut
/// also takes the spaces before it.
fn inline_cuts(line: &str) -> Vec<Range<usize>> {
    let folded = Folded::new(line);
    let mut cuts: Vec<Range<usize>> = INLINE
        .iter()
        .zip(INLINE_NEEDS.iter())
        .filter(|(_, needs)| folded.holds_any(needs))
        .flat_map(|(re, _)| re.find_iter(line).map(|m| m.range()))
        .filter(|r| !r.is_empty())
        .map(|r| {
            let start = line[..r.start].trim_end_matches([' ', '\t']).len();
            start..r.end
        })
        .collect();
    cuts.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(cuts.len());
    for c in cuts {
        match merged.last_mut() {
            Some(last) if c.start <= last.end => last.end = last.end.max(c.end),
            _ => merged.push(c),
        }
    }
    merged
}

/// The cleaned article: the kept text, and a map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The kept ranges of the original, concatenated.
    pub text: String,
    /// For each kept range: (start in `text`, range in the original).
    pieces: Vec<(usize, Range<usize>)>,
}

impl Cleaned {
    /// Cleans `original` with [`clean_article`].
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let pieces = clean_article(original)
            .into_iter()
            .map(|r| {
                let at = text.len();
                text.push_str(&original[r.clone()]);
                (at, r)
            })
            .collect();
        Cleaned { text, pieces }
    }

    /// Maps a byte range of [`Cleaned::text`] to the original text. A range
    /// spanning a cut maps to a range that includes the cut-out text.
    pub fn to_original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.position(r.start);
        if r.end <= r.start {
            return start..start;
        }
        start..self.position(r.end - 1) + 1
    }

    fn position(&self, p: usize) -> usize {
        let k = self.pieces.partition_point(|(at, _)| *at <= p);
        match k.checked_sub(1).and_then(|k| self.pieces.get(k)) {
            Some((at, orig)) => orig.start + (p - at),
            None => p,
        }
    }
}

/// The content of `text` with boilerplate removed (the ranges of
/// [`clean_article`] concatenated).
pub fn cleaned_text(text: &str) -> String {
    Cleaned::new(text).text
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "\
Home | World | Politics | Sports
Share on Facebook
Tweet
Email
Updated 11:29 AM EDT, Tue, Jun 16, 2020
Lanterns Lit Over the Harbor
The festival opened on Monday (Photo : Getty Images) with thousands watching.
Photo: Reuters
Advertisement
Organisers said the event would run for five days.

Read more: Ten things to do this weekend
Like Us on Facebook
Follow us on Twitter @somepaper
Make Daily Planet Your Homepage
Real Time Analytics
Click here to get the newsletter
We use cookies to improve your experience. By continuing to use this site you agree.
\u{00A9} 2020 Daily Planet. All rights reserved.
";

    #[test]
    fn article_boilerplate_removed() {
        assert_eq!(
            cleaned_text(ARTICLE),
            "Lanterns Lit Over the Harbor\n\
             The festival opened on Monday with thousands watching.\n\
             Organisers said the event would run for five days.\n\n"
        );
    }

    #[test]
    fn ranges_point_into_original() {
        let r = clean_article(ARTICLE);
        let pieces: Vec<&str> = r.iter().map(|r| &ARTICLE[r.clone()]).collect();
        assert_eq!(
            pieces,
            [
                "Lanterns Lit Over the Harbor\nThe festival opened on Monday",
                " with thousands watching.\n",
                "Organisers said the event would run for five days.\n\n",
            ]
        );
        let c = Cleaned::new(ARTICLE);
        let at = c.text.find("with").unwrap();
        let orig = c.to_original(at..at + 4);
        assert_eq!(&ARTICLE[orig], "with");
        let whole = c.to_original(0..c.text.find(" with").unwrap() + 5);
        assert!(ARTICLE[whole].ends_with("(Photo : Getty Images) with"));
    }

    #[test]
    fn clean_text_is_one_range() {
        let text = "A plain report.\n\nIt has two paragraphs and no furniture.";
        assert_eq!(
            clean_article(text),
            vec![Range {
                start: 0,
                end: text.len()
            }]
        );
        assert_eq!(clean_article(""), Vec::<Range<usize>>::new());
    }

    #[test]
    fn line_rules_by_name() {
        let cases = [
            ("Share", Some("share")),
            ("SHARE THIS ARTICLE", Some("share")),
            ("Print", Some("share")),
            ("Comments (12)", Some("share")),
            ("Follow us on Instagram for more", Some("social")),
            ("Related Articles", Some("related_heading")),
            ("More from Asia:", Some("related_heading")),
            ("You might also like", Some("related_heading")),
            ("Tags: THAAD, South Korea, China, Russia", Some("tags")),
            ("Topics: trade, tariffs", Some("tags")),
            ("Filed under: World News", Some("tags")),
            (
                "\u{00A9} 2017 All rights reserved. Do not reproduce.",
                Some("copyright"),
            ),
            ("Story continues below advertisement", Some("widget")),
            ("READ MORE: Leaders meet again", Some("read_more")),
            ("Copyright 2021 Some Wire Service", Some("copyright")),
            (
                "This material may not be published, broadcast or rewritten.",
                Some("rights_reserved"),
            ),
            ("Sign up for our daily briefing", Some("subscribe")),
            ("Published 3:04 PM ET", Some("timestamp")),
            ("Posted on March 3, 2019 at 9:15 a.m.", Some("timestamp")),
            ("Jun 16, 2020 11:29 AM EDT", Some("date_only")),
            (
                "Our site uses cookies to give you the best experience",
                Some("cookies"),
            ),
            ("Log in | Sign up", Some("navigation")),
            ("News \u{00BB} World \u{00BB} Asia", Some("navigation")),
            ("Scroll down for video", Some("widget")),
            ("Poll loading \u{2026}", Some("widget")),
            (">> Follow Ann Lee (@annlee) on Twitter", Some("social")),
            ("ON A PHONE? CLICK HERE FOR THE CLIP.", Some("click_here")),
            ("Related reading: A longer history", Some("read_more")),
            (
                "This story originally appeared in The Sample Times.",
                Some("widget_misc"),
            ),
            ("[Photo via screen capture]", Some("widget_misc")),
            ("playerInit('box-3');", Some("script")),
            ("*  *  *", Some("symbols")),
            ("+27", Some("symbols")),
        ];
        for (line, want) in cases {
            assert_eq!(line_rule(line), want, "{line:?}");
        }
    }

    #[test]
    fn content_lines_survive() {
        for line in [
            "The minister refused to share details of the deal.",
            "Updated figures will follow next week, the ministry said.",
            "May",
            "On",
            "World leaders gathered in Geneva on Monday.",
            "Published reports suggest the talks failed.",
            "The copyright dispute went to court.",
            "Russia and the US disagreed over the plan.",
            "Follow the money, he said on Twitter.",
            "Loading the trucks took two days.",
            "Why? Click here was the slogan of the campaign.",
            "The video shows a crowd.",
            "Related talks will follow in Geneva next month.",
            "Topics on the agenda included trade and security.",
            "More from the minister came later in the day.",
        ] {
            assert_eq!(line_rule(line), None, "{line:?}");
            assert!(inline_cuts(line).is_empty(), "{line:?}");
        }
    }

    #[test]
    fn inline_credits_and_timestamps() {
        assert_eq!(
            cleaned_text("A dog on a beach [Image via screen grab] at dawn.\n"),
            "A dog on a beach at dawn.\n"
        );
        assert_eq!(
            cleaned_text("Crowds gathered (AP Photo/Jane Roe) outside.\n"),
            "Crowds gathered outside.\n"
        );
        assert_eq!(
            cleaned_text("By Ann Lee | Updated 11:29 AM EDT, Tue, Jun 16, 2020\n"),
            "By Ann Lee |\n"
        );
        assert_eq!(
            cleaned_text("Protesters march downtown. Photo credit: AFP/Getty Images\n"),
            "Protesters march downtown.\n"
        );
        assert_eq!(
            cleaned_text("Talks resumed. Published Monday, June 1, 2020 at 10:00 am BST\n"),
            "Talks resumed.\n"
        );
    }

    #[test]
    fn related_list_dropped_until_content() {
        let text = "\
The talks ended on Friday.

Related Articles
- Markets Slide as Investors Weigh Rate Outlook
Five Things to Watch at the Motor Show

Celebrity Chef Opens New Restaurant?
The ministers will meet again in May.
Tags: trade, talks
\u{00A9} 2020 Some Paper
";
        assert_eq!(
            cleaned_text(text),
            "The talks ended on Friday.\n\n\nThe ministers will meet again in May.\n"
        );
    }

    #[test]
    fn related_list_stops_at_a_long_line() {
        let long = "Officials said the negotiations had been difficult but that both delegations wanted a deal before the end of the year";
        let text = format!("More from Asia\nShort Headline Here\n{long}\nAnother Short Line\n");
        assert_eq!(cleaned_text(&text), format!("{long}\nAnother Short Line\n"));
    }

    #[test]
    fn list_items_only_follow_a_heading() {
        assert!(is_list_item("- Markets slide"));
        assert!(is_list_item("Celebrity Chef Opens Restaurant"));
        assert!(!is_list_item("The ministers will meet again."));
        assert!(!is_list_item("\"We will not back down,\" she said."));
        let text = "Short Headline Without Period\nBody text follows.\n";
        assert_eq!(cleaned_text(text), text);
    }

    #[test]
    fn nav_words_sorted() {
        assert!(NAV_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    proptest::proptest! {
        #[test]
        fn kept_ranges_are_ordered_slices(text in crate::text::testing::newsy()) {
            let ranges = clean_article(&text);
            let mut last_end = None;
            for r in &ranges {
                proptest::prop_assert!(r.start < r.end && r.end <= text.len());
                proptest::prop_assert!(last_end.is_none_or(|e| e < r.start));
                proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                last_end = Some(r.end);
            }
            let c = Cleaned::new(&text);
            let mut at = 0;
            for r in &ranges {
                let len = r.len();
                proptest::prop_assert_eq!(c.to_original(at..at + len), r.clone());
                at += len;
            }
            proptest::prop_assert_eq!(at, c.text.len());
        }
    }
}
