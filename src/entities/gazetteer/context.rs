//! The context rules that drop a country match which is something else: a
//! person or a compound name ("Michael Jordan", "Washington Post"), the US
//! state of Georgia or Washington, a US town ("Paris, Texas"), the bird
//! ("turkey dinner"). The module docs of [`crate::entities::gazetteer`]
//! describe each rule; [`rule_for`] picks the one that guards an alias and
//! [`Ctx::rejects`] applies it at a match.
//!
//! The words the rules look for are data:
//! `datasets/gazetteer/context_words.txt`, compiled in and parsed on first
//! use into [`Words`] (one `[list]` per field; the format is described in
//! the file and in `datasets/gazetteer/README.md`).

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::tokens::{in_list, is_all_caps, is_capitalized, Tok};
use crate::error::{Error, Result};

const CONTEXT_WORDS_TXT: &str = include_str!("../../../datasets/gazetteer/context_words.txt");
const CONTEXT_WORDS_PATH: &str = "datasets/gazetteer/context_words.txt";

/// Which context rule guards an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rule {
    None,
    /// Person or compound proper noun checks for capitals, plus "Paris,
    /// Texas".
    Place,
    /// Person or compound proper noun checks for names that are also
    /// personal names, plus hyphenated company names ("Georgia-Pacific").
    Person,
    Georgia,
    Washington,
    Turkey,
    /// A name that counts only right after a title or honorific
    /// ([`TITLES`]): an office holder's surname.
    Titled,
}

/// Titles and honorifics, as words, that make the name after them an
/// office holder's ([`Rule::Titled`]); a "." after the last word is
/// skipped ("Mr. Obama").
const TITLES: [&[&str]; 13] = [
    &["Mr"],
    &["Mrs"],
    &["Ms"],
    &["President"],
    &["Chancellor"],
    &["Prime", "Minister"],
    &["Foreign", "Minister"],
    &["Foreign", "Secretary"],
    &["Defence", "Minister"],
    &["Defense", "Minister"],
    &["Defence", "Secretary"],
    &["Defense", "Secretary"],
    &["Secretary", "of", "State"],
];

/// Whether `w` is a given name of the context word list ("Bill").
pub(super) fn is_given_name(w: &str) -> bool {
    WORDS.given_names.contains(&w)
}

/// The rule that guards an alias of this text (`capital`: of kind
/// capital).
pub(super) fn rule_for(text: &str, capital: bool) -> Rule {
    match text {
        "Georgia" => Rule::Georgia,
        "Washington" => Rule::Washington,
        "Turkey" => Rule::Turkey,
        _ if capital => Rule::Place,
        _ if WORDS.person_prone_names.contains(&text) => Rule::Person,
        _ => Rule::None,
    }
}

/// The word lists of `context_words.txt`, one field per `[list]`.
#[derive(Debug)]
struct Words<'a> {
    /// Country names that are also given names or surnames.
    person_prone_names: Vec<&'a str>,
    /// Weekdays and months.
    weekdays_months: Vec<&'a str>,
    /// Capitalized words that may follow a country alias without making it
    /// part of a person's or an organisation's name.
    continuation_ok: Vec<&'a str>,
    /// Capitalized words that may precede a country alias in mid-sentence.
    precede_ok: Vec<&'a str>,
    /// Given names that, before "Jordan" or "Washington", make a person even
    /// at the start of a sentence.
    given_names: Vec<&'a str>,
    /// Mid-line capitalized function words that mark a title-case headline.
    title_words: Vec<&'a str>,
    /// Cities of the US state of Georgia.
    georgia_cities: Vec<&'a str>,
    /// Cities of the US state of Washington.
    washington_cities: Vec<&'a str>,
    /// Words after "Georgia"/"Washington" (possessive allowed) that mean the
    /// US state.
    state_next: Vec<&'a str>,
    /// Words in the text that suggest US politics (for bare "Georgia").
    us_cues: Vec<&'a str>,
    /// Phrases in the text that suggest US politics.
    us_cue_phrases: Vec<&'a str>,
    /// US states (and their AP abbreviations) other than Washington: after a
    /// capital and a comma they make a US town; anywhere in the text they
    /// are US cues for bare "Georgia".
    us_states: Vec<&'a str>,
    /// Words in the text that point at the country Georgia.
    georgia_cues: Vec<&'a str>,
    /// Phrases in the text that point at the country Georgia.
    georgia_cue_phrases: Vec<&'a str>,
    /// Words after "Turkey" that make it the bird.
    turkey_next: Vec<&'a str>,
    /// Words before "Turkey" that make it the bird.
    turkey_prev: Vec<&'a str>,
}

/// The list names of `context_words.txt`, in file order.
const LISTS: [&str; 16] = [
    "person_prone_names",
    "weekdays_months",
    "continuation_ok",
    "precede_ok",
    "given_names",
    "title_words",
    "georgia_cities",
    "washington_cities",
    "state_next",
    "us_cues",
    "us_cue_phrases",
    "us_states",
    "georgia_cues",
    "georgia_cue_phrases",
    "turkey_next",
    "turkey_prev",
];

/// The built-in word lists, parsed on first use.
static WORDS: LazyLock<Words<'static>> = LazyLock::new(builtin_words);

fn builtin_words() -> Words<'static> {
    match Words::parse(CONTEXT_WORDS_TXT, CONTEXT_WORDS_PATH) {
        Ok(w) => w,
        Err(e) => panic!("built-in context words are invalid: {e}"),
    }
}

impl<'a> Words<'a> {
    /// Parses a file in the format of `context_words.txt`; `path` names it
    /// in errors (`context_words.txt:12: ...`).
    fn parse(text: &'a str, path: &str) -> Result<Words<'a>> {
        let mut lists: Vec<(&str, Vec<&'a str>)> = Vec::with_capacity(LISTS.len());
        for (lineno, line) in text.lines().enumerate() {
            let at = Some(lineno as u64 + 1);
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if !LISTS.contains(&name) {
                    return Err(Error::input(
                        path,
                        at,
                        format!(
                            "unknown list [{name}]; expected one of {}",
                            LISTS.join(", ")
                        ),
                    ));
                }
                if lists.iter().any(|(n, _)| *n == name) {
                    return Err(Error::input(
                        path,
                        at,
                        format!("list [{name}] appears twice; expected it once"),
                    ));
                }
                lists.push((name, Vec::new()));
                continue;
            }
            match lists.last_mut() {
                Some((_, words)) => words.push(line),
                None => {
                    return Err(Error::input(
                        path,
                        at,
                        format!(
                            "\"{line}\" comes before any [list] line; expected a list name first"
                        ),
                    ))
                }
            }
        }
        let mut take = |name: &str| -> Result<Vec<&'a str>> {
            match lists.iter_mut().find(|(n, _)| *n == name) {
                Some((_, words)) => Ok(std::mem::take(words)),
                None => Err(Error::input(
                    path,
                    None,
                    format!(
                        "no list [{name}]; expected every list of {}",
                        LISTS.join(", ")
                    ),
                )),
            }
        };
        Ok(Words {
            person_prone_names: take("person_prone_names")?,
            weekdays_months: take("weekdays_months")?,
            continuation_ok: take("continuation_ok")?,
            precede_ok: take("precede_ok")?,
            given_names: take("given_names")?,
            title_words: take("title_words")?,
            georgia_cities: take("georgia_cities")?,
            washington_cities: take("washington_cities")?,
            state_next: take("state_next")?,
            us_cues: take("us_cues")?,
            us_cue_phrases: take("us_cue_phrases")?,
            us_states: take("us_states")?,
            georgia_cues: take("georgia_cues")?,
            georgia_cue_phrases: take("georgia_cue_phrases")?,
            turkey_next: take("turkey_next")?,
            turkey_prev: take("turkey_prev")?,
        })
    }
}

/// Per-call state for the context rules.
pub(super) struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    /// First tokens of the built-in aliases (see [`Ctx::is_alias_start`]).
    alias_starts: &'a FxHashSet<String>,
    /// Lazily computed: the text reads as US politics and not as the Caucasus.
    georgia_state_context: Option<bool>,
    /// End offset of the last emitted mention.
    pub(super) last_mention_end: usize,
}

impl<'a> Ctx<'a> {
    /// The state for one text and its tokens; `alias_starts` holds the
    /// first tokens of the built-in aliases.
    pub(super) fn new(text: &'a str, toks: &'a [Tok], alias_starts: &'a FxHashSet<String>) -> Self {
        Ctx {
            text,
            toks,
            alias_starts,
            georgia_state_context: None,
            last_mention_end: usize::MAX,
        }
    }

    /// Whether `w` starts some built-in alias (so "Beijing Hong Kong" keeps
    /// Beijing). Uses the built-in table's first tokens only; cheap enough and
    /// independent of user files.
    fn is_alias_start(&self, w: &str) -> bool {
        self.alias_starts.contains(w)
    }

    fn word(&self, j: usize) -> Option<&str> {
        let t = self.toks.get(j)?;
        t.punct.is_none().then(|| t.slice(self.text))
    }

    fn punct(&self, j: usize) -> Option<char> {
        self.toks.get(j)?.punct
    }

    fn prev_word(&self, i: usize) -> Option<&str> {
        i.checked_sub(1).and_then(|j| self.word(j))
    }

    /// Token index after an optional possessive ("'s" or a bare "'") that
    /// directly follows token `k - 1`.
    fn skip_possessive(&self, k: usize) -> usize {
        match (self.toks.get(k), k.checked_sub(1).map(|p| self.toks[p].end)) {
            (Some(t), Some(prev_end)) if t.punct == Some('\'') && t.start == prev_end => {
                match self.word(k + 1) {
                    Some(s) if s.eq_ignore_ascii_case("s") => k + 2,
                    _ => k + 1,
                }
            }
            _ => k,
        }
    }

    /// True when the match of `n` tokens at `i` is not the country.
    pub(super) fn rejects(&mut self, rule: Rule, i: usize, n: usize, upper: bool) -> bool {
        match rule {
            Rule::None => false,
            Rule::Place => self.us_town(i, n) || (!upper && self.person_or_compound(i, n)),
            Rule::Person => !upper && (self.hyphen_compound(i, n) || self.person_or_compound(i, n)),
            Rule::Turkey => self.turkey_bird(i, n),
            Rule::Titled => !self.after_title(i),
            Rule::Georgia => {
                self.us_state(i, n, &WORDS.georgia_cities)
                    || self.georgia_in_us_text()
                    || (!upper && (self.hyphen_compound(i, n) || self.person_or_compound(i, n)))
            }
            Rule::Washington => {
                self.us_state(i, n, &WORDS.washington_cities)
                    || (!upper && self.person_or_compound(i, n))
            }
        }
    }

    /// Whether the words right before token `i` are one of [`TITLES`]
    /// (a "." between is skipped).
    fn after_title(&self, i: usize) -> bool {
        let end = match i.checked_sub(1).and_then(|j| self.punct(j)) {
            Some('.') => i - 1,
            Some(_) => return false,
            None => i,
        };
        TITLES.iter().any(|title| {
            end >= title.len()
                && title
                    .iter()
                    .enumerate()
                    .all(|(k, w)| self.word(end - title.len() + k) == Some(*w))
        })
    }

    fn turkey_bird(&self, i: usize, n: usize) -> bool {
        self.word(i + n)
            .is_some_and(|w| in_list(w, &WORDS.turkey_next))
            || self
                .prev_word(i)
                .is_some_and(|w| in_list(w, &WORDS.turkey_prev))
    }

    fn us_state(&self, i: usize, n: usize, cities: &[&str]) -> bool {
        if self
            .word(i + n)
            .is_some_and(|w| w.eq_ignore_ascii_case("state"))
        {
            return true;
        }
        let k = self.skip_possessive(i + n);
        if self.word(k).is_some_and(|w| in_list(w, &WORDS.state_next)) {
            return true;
        }
        if i >= 2
            && self.word(i - 1) == Some("of")
            && self
                .word(i - 2)
                .is_some_and(|w| w.eq_ignore_ascii_case("state"))
        {
            return true;
        }
        i >= 2
            && self.punct(i - 1) == Some(',')
            && self.word(i - 2).is_some_and(|w| cities.contains(&w))
    }

    fn georgia_in_us_text(&mut self) -> bool {
        if let Some(v) = self.georgia_state_context {
            return v;
        }
        let mut us = WORDS.us_cue_phrases.iter().any(|p| self.text.contains(p));
        let mut geo = WORDS
            .georgia_cue_phrases
            .iter()
            .any(|p| self.text.contains(p));
        for t in self.toks.iter().filter(|t| t.punct.is_none()) {
            let w = t.slice(self.text);
            us = us
                || WORDS.us_cues.contains(&w)
                || (w.len() > 3 && w != "Georgia" && WORDS.us_states.contains(&w));
            geo = geo || WORDS.georgia_cues.contains(&w);
            if geo {
                break;
            }
        }
        let v = us && !geo;
        self.georgia_state_context = Some(v);
        v
    }

    /// "Jordan Peterson", "Washington Post", "Michael Jordan", "Booker T.
    /// Washington", "Denzel Washington".
    fn person_or_compound(&self, i: usize, n: usize) -> bool {
        let mut title_case: Option<bool> = None;
        let mut is_title = |ctx: &Self| *title_case.get_or_insert_with(|| ctx.title_case_line(i));
        if let Some(next) = self.word(i + n) {
            if is_capitalized(next)
                && !WORDS.continuation_ok.contains(&next)
                && !WORDS.weekdays_months.contains(&next)
                && !self.is_alias_start(next)
                && !is_title(self)
            {
                return true;
            }
        }
        let Some(prev) = self.prev_word(i) else {
            // An initial: "Booker T. Washington", "E.C. Jordan" (but not a
            // mention such as "U.S." right before).
            return i >= 3
                && self.punct(i - 1) == Some('.')
                && self.toks[i - 1].end != self.last_mention_end
                && self
                    .word(i - 2)
                    .is_some_and(|w| w.len() == 1 && is_all_caps(w))
                && (self.word(i - 3).is_some_and(is_capitalized)
                    || self.punct(i - 3) == Some('.'));
        };
        if !is_capitalized(prev) {
            return false;
        }
        if WORDS.given_names.contains(&prev) {
            return true;
        }
        let j = i - 1;
        let sentence_initial = j == 0
            || self.toks[j - 1]
                .punct
                .is_some_and(|c| !matches!(c, ',' | '-' | '\''))
            || self.text[self.toks[j - 1].end..self.toks[j].start].contains('\n');
        !sentence_initial
            && self.toks[j].end != self.last_mention_end
            && !WORDS.precede_ok.contains(&prev)
            && !WORDS.weekdays_months.contains(&prev)
            && !is_title(self)
    }

    /// "Georgia-Pacific": a hyphen and a capitalized word that starts no
    /// alias.
    fn hyphen_compound(&self, i: usize, n: usize) -> bool {
        self.punct(i + n) == Some('-')
            && self.word(i + n + 1).is_some_and(|w| {
                is_capitalized(w) && !self.is_alias_start(w) && !WORDS.continuation_ok.contains(&w)
            })
    }

    /// "Paris, Texas", "San Jose, Calif.", "Athens, Georgia": a capital
    /// followed by a comma and a US state.
    fn us_town(&self, i: usize, n: usize) -> bool {
        self.punct(i + n) == Some(',')
            && self
                .word(i + n + 1)
                .is_some_and(|w| WORDS.us_states.contains(&w))
    }

    /// True when the line holding token `i` looks like a title-case headline:
    /// a capitalized function word ("Over", "With") right after another word,
    /// and at least half of the longer words capitalized.
    fn title_case_line(&self, i: usize) -> bool {
        let pos = self.toks[i].start;
        let start = self.text[..pos].rfind('\n').map_or(0, |p| p + 1);
        let end = self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |p| pos + p);
        let (mut long, mut caps, mut function_word) = (0usize, 0usize, false);
        let mut prev_was_word = false;
        for w in self.text[start..end].split_whitespace() {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            if prev_was_word && WORDS.title_words.contains(&core) {
                function_word = true;
            }
            if core.chars().count() >= 4 {
                long += 1;
                caps += usize::from(core.chars().next().is_some_and(char::is_uppercase));
            }
            prev_was_word = !core.is_empty() && core.len() == w.len();
        }
        function_word && caps * 2 >= long
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_are_all_there() {
        let w = &*WORDS;
        let counts = [
            w.person_prone_names.len(),
            w.weekdays_months.len(),
            w.continuation_ok.len(),
            w.precede_ok.len(),
            w.given_names.len(),
            w.title_words.len(),
            w.georgia_cities.len(),
            w.washington_cities.len(),
            w.state_next.len(),
            w.us_cues.len(),
            w.us_cue_phrases.len(),
            w.us_states.len(),
            w.georgia_cues.len(),
            w.georgia_cue_phrases.len(),
            w.turkey_next.len(),
            w.turkey_prev.len(),
        ];
        assert_eq!(
            counts,
            [6, 19, 49, 17, 73, 23, 21, 15, 15, 13, 5, 74, 11, 1, 35, 11]
        );
        assert_eq!(w.us_cue_phrases[0], "Fulton County");
        assert_eq!(w.turkey_prev.last(), Some(&"carved"));
    }

    #[test]
    fn list_errors_name_the_line() {
        let err = |text: &str| Words::parse(text, "w.txt").unwrap_err().to_string();
        assert_eq!(
            err("# c\nMonday\n"),
            "w.txt:2: \"Monday\" comes before any [list] line; expected a list name first"
        );
        assert!(err("[weekdays]\n").starts_with(
            "w.txt:1: unknown list [weekdays]; expected one of person_prone_names, weekdays_months,"
        ));
        assert_eq!(
            err("[us_cues]\nGOP\n[us_cues]\n"),
            "w.txt:3: list [us_cues] appears twice; expected it once"
        );
        assert!(err("[us_cues]\nGOP\n").starts_with("w.txt: no list [person_prone_names]"));
    }
}
