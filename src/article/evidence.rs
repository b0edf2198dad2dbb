//! Which sentences are evidence for which (country, topic), and how much
//! each counts (the rules are described in the [parent module](super));
//! which countries act in a sentence is [`super::actors`]'s. "The two
//! countries" names the last two countries before it
//! ([`resolve_two_countries`]);
//! which topics a sentence names ([`topic_hits`]); a sentence's weight
//! factor comes from whether it names the topic, has a stance cue
//! ([`STANCE_CUES`], [`kind_factor`]) and is a headline ([`HEADLINE`]).

use super::sentences::Sentence;
use crate::entities::gazetteer::{CountryId, Gazetteer};
use crate::features::entity::{find_ci, AliasMatcher};

const TWO_COUNTRIES: [&str; 4] = [
    "the two countries",
    "both countries",
    "the two nations",
    "both nations",
];

/// Weight factor of a sentence that names the topic.
pub const TOPIC_SENTENCE: f64 = 1.0;
/// Weight factor of a carried-over sentence (no topic alias) with a stance
/// cue word ([`STANCE_CUES`]).
pub const CARRIED_WITH_CUE: f64 = 0.5;
/// Weight factor of a carried-over sentence without a stance cue word.
pub const CARRIED_NO_CUE: f64 = 0.25;
/// Extra factor of a headline-like sentence (a whole line without final
/// punctuation).
pub const HEADLINE: f64 = 0.5;

/// Word beginnings that mark a stance-bearing sentence (lowercase,
/// matched against the start of each word).
pub const STANCE_CUES: &[&str] = &[
    "abandon",
    "accept",
    "accus",
    "applaud",
    "back",
    "blast",
    "commit",
    "concern",
    "condemn",
    "countermeasure",
    "critic",
    "defen",
    "denounc",
    "deplor",
    "dissatisf",
    "endors",
    "firmly",
    "halt",
    "hail",
    "insist",
    "object",
    "oppos",
    "praise",
    "protest",
    "reject",
    "resist",
    "retaliat",
    "scrap",
    "slam",
    "support",
    "threat",
    "urg",
    "vow",
    "warn",
    "welcom",
];

/// Whether `sentence` contains a word starting with a [`STANCE_CUES`] entry.
pub fn has_stance_cue(sentence: &str) -> bool {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.to_lowercase();
            STANCE_CUES.iter().any(|c| w.starts_with(c))
        })
}

/// Weight factor of an evidence sentence from its kind (the headline
/// factor aside): [`TOPIC_SENTENCE`] when it names the topic, else
/// [`CARRIED_WITH_CUE`] with a stance cue and [`CARRIED_NO_CUE`] without.
pub fn kind_factor(names_topic: bool, cue: bool) -> f64 {
    match (names_topic, cue) {
        (true, _) => TOPIC_SENTENCE,
        (false, true) => CARRIED_WITH_CUE,
        (false, false) => CARRIED_NO_CUE,
    }
}

/// Whether the sentence at `s` is a whole line of `text` without final
/// punctuation: a headline or a caption.
pub(super) fn is_headline(text: &str, s: &Sentence) -> bool {
    // Only whitespace between the line's start and the sentence, and
    // between the sentence and the line's end. Walking over the whitespace
    // only (not to the line's ends) keeps this linear on one-line articles.
    let alone_before = text[..s.start]
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .any(|c| c == '\n')
        || text[..s.start].trim().is_empty();
    let alone_after = text[s.end..]
        .chars()
        .take_while(|c| c.is_whitespace())
        .any(|c| c == '\n')
        || text[s.end..].trim().is_empty();
    let body = text[s.start..s.end].trim_end();
    !body.ends_with(['.', '!', '?', '"', '\u{201D}', ':']) && alone_before && alone_after
}

/// "The two countries" and its variants: `sentence` with each occurrence
/// replaced by "A and B", A and B being the last two countries of `recent`
/// (older first), and those two countries. None when the sentence has no
/// such phrase or fewer than two countries came before.
pub fn resolve_two_countries(
    sentence: &str,
    recent: &[CountryId],
    gaz: &Gazetteer,
) -> Option<(String, [CountryId; 2])> {
    let [.., a, b] = recent else {
        return None;
    };
    let mut hits: Vec<(usize, usize)> = TWO_COUNTRIES
        .iter()
        .flat_map(|p| find_ci(sentence, p))
        .collect();
    if hits.is_empty() {
        return None;
    }
    hits.sort_unstable();
    let names = format!("{} and {}", gaz.country(*a).name, gaz.country(*b).name);
    let mut r = String::with_capacity(sentence.len() + 16);
    let mut at = 0;
    for (s, e) in hits {
        r.push_str(&sentence[at..s]);
        r.push_str(&names);
        at = e;
    }
    r.push_str(&sentence[at..]);
    Some((r, [*a, *b]))
}

/// Which aliases occur in `sentence` (`hit[i]` for alias `i` of
/// `matcher`, whose alias `i` belongs to topic `alias_topic[i]`), and the
/// byte spans of those occurrences. With `longest` (the model's own topic
/// inventory, no topic list), an occurrence lying inside a longer
/// occurrence of another topic's alias does not count ("tariffs" in
/// "General Agreement on Tariffs and Trade"), nor one naming a line on a
/// map or a job ("the ceasefire line", "counterterrorism officials":
/// [`names_other_thing`]), nor one word inside a proper name the
/// inventory does not list ([`inside_proper_name`]: "General Agreeeement
/// on Tariffs and Trade", misspelt); without it the spans are not needed
/// and come back empty.
pub fn topic_hits(
    matcher: &AliasMatcher,
    alias_topic: &[usize],
    sentence: &str,
    longest: bool,
    hit: &mut Vec<bool>,
) -> Vec<(usize, usize)> {
    if !longest {
        matcher.present(sentence, hit);
        return Vec::new();
    }
    let occ = matcher.occurrences(sentence);
    hit.clear();
    hit.resize(matcher.len(), false);
    let mut spans = Vec::new();
    for &(a, s, e) in &occ {
        let inside_longer = occ.iter().any(|&(b, s2, e2)| {
            alias_topic[b] != alias_topic[a] && s2 <= s && e <= e2 && e2 - s2 > e - s
        });
        if !inside_longer && !names_other_thing(sentence, e) && !inside_proper_name(sentence, s, e)
        {
            hit[a] = true;
            spans.push((s, e));
        }
    }
    spans
}

/// Words that, right after a topic mention, make it name a place or a
/// job: "the ceasefire line", "counterterrorism officials", "a
/// counter-terrorism adviser"; see [`names_other_thing`].
const OTHER_THING_NOUNS: &[&str] = &[
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "chief",
    "czar",
    "expert",
    "experts",
    "line",
    "official",
    "officials",
];

/// Whether the topic mention ending at byte `end` of `sentence` is the
/// modifier of an [`OTHER_THING_NOUNS`] entry: a place or a person's
/// job, not the topic itself.
fn names_other_thing(sentence: &str, end: usize) -> bool {
    super::actors::next_word_in(sentence, end, OTHER_THING_NOUNS)
}

/// Whether the topic mention `start..end` of `sentence`, one word written
/// in title case ("Tariffs", not "THAAD" nor "Kyoto Protocol"), sits
/// inside a longer proper name: the
/// nearest word on either side that is not "of", "on", "and", "for",
/// "the" or "in" is capitalized, and the one before does not open the
/// sentence ("the General Agreement on Tariffs and Trade").
fn inside_proper_name(sentence: &str, start: usize, end: usize) -> bool {
    let text = &sentence[start..end];
    let title = text.starts_with(char::is_uppercase)
        && text.chars().any(char::is_lowercase)
        && !text.contains(' ');
    if !title {
        return false;
    }
    const GLUE: &[&str] = &["of", "on", "and", "for", "the", "in"];
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'';
    let before: Vec<&str> = sentence[..start]
        .split(|c: char| !is_word(c))
        .filter(|w| !w.is_empty())
        .collect();
    let after = sentence[end..]
        .split(|c: char| !is_word(c))
        .filter(|w| !w.is_empty());
    let cap = |w: &str| w.starts_with(char::is_uppercase);
    let prev = before.iter().rposition(|w| !GLUE.contains(w));
    let prev_cap = prev.is_some_and(|i| i > 0 && cap(before[i]));
    let next_cap = after.take(3).find(|w| !GLUE.contains(w)).is_some_and(cap);
    prev_cap || next_cap
}

#[cfg(test)]
mod tests {
    use super::super::sentences::article_sentences;
    use super::*;

    #[test]
    fn topic_words_naming_a_place_or_a_job() {
        let other = |s: &str, w: &str| names_other_thing(s, s.find(w).unwrap() + w.len());
        assert!(other(
            "A bus link across the ceasefire line opened.",
            "ceasefire"
        ));
        assert!(other(
            "U.S. counterterrorism officials said so.",
            "counterterrorism"
        ));
        assert!(other(
            "He was briefed by counterterrorism adviser Lisa Monaco.",
            "counterterrorism"
        ));
        assert!(!other("They agreed a ceasefire last week.", "ceasefire"));
        assert!(!other("The ceasefire held along the line.", "ceasefire"));
    }

    #[test]
    fn topic_words_inside_proper_names() {
        let inside = |s: &str, w: &str| {
            let a = s.find(w).unwrap();
            inside_proper_name(s, a, a + w.len())
        };
        assert!(inside(
            "It would bypass GATT (General Agreeeement on Tariffs and Trade).",
            "Tariffs"
        ));
        assert!(inside("The Sanctions Committee met.", "Sanctions"));
        assert!(!inside("Tariffs rose. Sanctions Committee", "Tariffs"));
        assert!(!inside("He opposed the tariffs on Japan.", "tariffs"));
        assert!(!inside("The U.S. THAAD battery.", "THAAD"));
        assert!(!inside(
            "It left the Kyoto Protocol, Downing Street said.",
            "Kyoto Protocol"
        ));
    }

    #[test]
    fn the_longest_alias_names_the_topic() {
        let m = AliasMatcher::new(&["tariffs", "GATT", "General Agreement on Tariffs and Trade"]);
        let topic = [0, 1, 1];
        let s = "Talks under the General Agreement on Tariffs and Trade, not tariffs.";
        let mut hit = Vec::new();
        let spans = topic_hits(&m, &topic, s, true, &mut hit);
        assert_eq!(hit, [true, false, true]);
        assert_eq!(spans, [(16, 54), (60, 67)]);
        let spans = topic_hits(&m, &topic, "No tariffs here.", true, &mut hit);
        assert_eq!((hit, spans), (vec![true, false, false], vec![(3, 10)]));
        let mut hit = Vec::new();
        assert!(topic_hits(&m, &topic, s, false, &mut hit).is_empty());
        assert_eq!(hit, [true, false, true]);
    }

    #[test]
    fn stance_cues() {
        assert!(has_stance_cue("The Kremlin echoed those objections."));
        assert!(has_stance_cue("Beijing urged restraint."));
        assert!(!has_stance_cue("The launchers arrived on schedule."));
    }

    #[test]
    fn headlines_are_whole_lines_without_final_punctuation() {
        let text = "Beijing Steps Up Pressure\n\nChina objected. Seoul did not\n";
        let s = article_sentences(text);
        let flags: Vec<bool> = s.iter().map(|s| is_headline(text, s)).collect();
        assert_eq!(flags, [true, false, false]);
    }

    #[test]
    fn two_countries_resolved_from_recent_mentions() {
        let gaz = Gazetteer::builtin();
        let china = gaz.lookup("China").unwrap();
        let russia = gaz.lookup("Russia").unwrap();
        let usa = gaz.lookup("United States").unwrap();
        let (text, pair) = resolve_two_countries(
            "The two countries will coordinate. Both countries agree.",
            &[usa, china, russia],
            gaz,
        )
        .unwrap();
        assert_eq!(
            text,
            "China and Russia will coordinate. China and Russia agree."
        );
        assert_eq!(pair, [china, russia]);
        assert!(resolve_two_countries("The two countries met.", &[china], gaz).is_none());
        assert!(resolve_two_countries("China met Russia.", &[usa, china], gaz).is_none());
    }
}
