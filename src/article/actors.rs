//! Whether a country mention is an actor in its sentence: a country acts
//! unless each of its mentions is only a place ([`is_location_mention`]),
//! only a possessor ([`is_possessor_only`]), the nationality of people or
//! firms ([`is_nationality_only`], [`is_counted_people`]), a city or
//! country word in a name ([`is_name_part`]), the object of another's
//! action or demand ([`is_object_mention`]), someone out of office
//! ([`is_former`]) or a member listed after its group
//! ([`listed_members`]) ([`acting_countries`]). Word windows and
//! punctuation only, no parser.

use crate::entities::gazetteer::{CountryId, Mention, MentionKind};
/// Prepositions that make a following country mention a place rather
/// than an actor ("stores in China", "tours to South Korea").
const LOCATION_PREPS: &[&str] = &[
    "across",
    "at",
    "in",
    "inside",
    "into",
    "near",
    "throughout",
    "to",
    "toward",
    "towards",
    "within",
];

/// Words before "of" that make a place ("south of Seoul").
const DIRECTIONS: &[&str] = &[
    "east",
    "north",
    "northeast",
    "northwest",
    "outside",
    "south",
    "southeast",
    "southwest",
    "west",
];

/// Nouns that make "NOUN in COUNTRY" an actor ("officials in Washington",
/// "the Defence Ministry in Seoul").
const ACTOR_NOUNS: &[&str] = &[
    "administration",
    "ambassador",
    "authorities",
    "cabinet",
    "counterparts",
    "delegation",
    "diplomats",
    "embassy",
    "envoy",
    "government",
    "lawmakers",
    "leaders",
    "leadership",
    "minister",
    "ministers",
    "ministry",
    "officials",
    "parliament",
    "policymakers",
    "sources",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

/// The word just before byte `at` of `text` (lowercase, letters only) and
/// the byte where it starts.
fn word_before(text: &str, at: usize) -> Option<(String, usize)> {
    let head = text[..at].trim_end();
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let w = &head[start..];
    (!w.is_empty()).then(|| (w.to_lowercase(), start))
}

/// The word before a name starting at byte `start` of `sentence`,
/// skipping a "the" ("in the United States"), and where it starts: the
/// preposition that [`is_location_mention`] and [`is_object_mention`] read.
fn preposition_before(sentence: &str, start: usize) -> Option<(String, usize)> {
    match word_before(sentence, start) {
        Some((w, s)) if w == "the" => word_before(sentence, s),
        other => other,
    }
}

/// Whether the country mention at `start..end` of `sentence` is only a
/// location: it follows a locative preposition ("in", "to", "near", ...)
/// or "DIRECTION of" ("south of Seoul"), unless an actor noun precedes the
/// preposition ("officials in Washington") or the mention is possessive
/// ("to South Korea's decision") or carries an institution ("in China's
/// Foreign Ministry").
pub fn is_location_mention(sentence: &str, start: usize, end: usize) -> bool {
    let after = &sentence[end..];
    if after.starts_with("'s") || after.starts_with("\u{2019}s") {
        return false;
    }
    // "in the capital, Abuja", "in the Nigerian capital, Abuja": read
    // the preposition before "capital".
    let head = sentence[..start].trim_end();
    let start = match head.strip_suffix("capital,") {
        Some(h) => {
            let mut at = h.len();
            for _ in 0..2 {
                match word_before(sentence, at) {
                    Some((w, s)) if !LOCATION_PREPS.contains(&w.as_str()) => at = s,
                    _ => break,
                }
            }
            at
        }
        None => start,
    };
    let Some((prep, ps)) = preposition_before(sentence, start) else {
        return false;
    };
    let place = if prep == "of" {
        word_before(sentence, ps).is_some_and(|(d, _)| DIRECTIONS.contains(&d.as_str()))
    } else {
        LOCATION_PREPS.contains(&prep.as_str())
    };
    place && !word_before(sentence, ps).is_some_and(|(n, _)| ACTOR_NOUNS.contains(&n.as_str()))
}

/// Nouns that, right after a city, make it part of the name of an
/// agreement, a meeting or a club ("the Paris agreement", "the Minsk
/// accords", "the Paris Club"): see [`is_name_part`].
const NAME_NOUNS: &[&str] = &[
    "accord",
    "accords",
    "agreement",
    "agreements",
    "charter",
    "club",
    "communique",
    "conference",
    "consensus",
    "convention",
    "declaration",
    "meeting",
    "pact",
    "process",
    "protocol",
    "round",
    "summit",
    "talks",
    "treaty",
];

/// Nouns of events that, after a capital city, name where they happened:
/// "the Ottawa shooting", "the Madrid bombings"; see [`is_name_part`].
const EVENT_NOUNS: &[&str] = &[
    "blast",
    "blasts",
    "bombing",
    "bombings",
    "explosion",
    "explosions",
    "massacre",
    "shooting",
    "shootings",
    "siege",
];

/// Whether a country mention ending at byte `end` of `sentence` is only
/// part of a name or a place of meeting: for a capital city, one of the
/// next two words is a [`NAME_NOUNS`] entry ("the Paris agreement", "the
/// Paris currency accord", "the Minsk accords", "the Tokyo Round", "the
/// Paris Club") or an [`EVENT_NOUNS`] entry ("the Ottawa shooting"): the
/// city is then where something was signed, met or happened, not a
/// government acting; for any country word, the next one or two words are
/// capitalized up to such a noun or "Act" (the title of a law or treaty:
/// "the U.S. Trade Act", "the U.S.-Japan Semiconductor Agreement").
pub fn is_name_part(sentence: &str, kind: MentionKind, end: usize) -> bool {
    let after = &sentence[end..];
    if !after.starts_with(' ') {
        return false;
    }
    let next = || {
        after
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .take(2)
    };
    let is_name_noun = |w: &str| NAME_NOUNS.contains(&w.to_lowercase().as_str()) || w == "Act";
    // Any country word starts a title ("the U.S. Trade Act", "the
    // Anglo-Irish Agreement"): capitalized words up to a name noun.
    let title = next()
        .take_while(|w| w.starts_with(char::is_uppercase))
        .any(is_name_noun);
    let is_event = |w: &str| EVENT_NOUNS.contains(&w.to_lowercase().as_str());
    title || (kind == MentionKind::Capital && next().any(|w| is_name_noun(w) || is_event(w)))
}

/// Nouns of actions done to a country: "sanctions on Iran", "the invasion
/// of Kuwait", "pressure over Taiwan"; see [`is_object_mention`].
const ACTION_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "airstrikes",
    "blockade",
    "bombing",
    "boycott",
    "curbs",
    "duties",
    "embargo",
    "invasion",
    "occupation",
    "pressure",
    "raids",
    "restrictions",
    "sanctions",
    "strikes",
    "tariffs",
    "war",
];

/// Verbs whose object is asked or pushed to act, not acting itself:
/// "urged Japan to ...", "pressed Seoul to ...", "force Japan to open
/// its markets"; see [`is_object_mention`] ("called on" is read there).
const DEMAND_VERBS: &[&str] = &[
    "ask",
    "asked",
    "asking",
    "asks",
    "encourage",
    "encouraged",
    "encourages",
    "force",
    "forced",
    "forces",
    "forcing",
    "persuade",
    "persuaded",
    "press",
    "pressed",
    "presses",
    "pressing",
    "pressure",
    "pressured",
    "pressuring",
    "tell",
    "telling",
    "tells",
    "told",
    "urge",
    "urged",
    "urges",
    "urging",
];

/// Whether the country mention starting at byte `start` of `sentence` is
/// the object of another's action, not an actor: it follows "against"
/// ("sanctions against South Africa", "retaliation against Japan"), or
/// "on", "upon", "of" or "over" right after an action noun
/// ([`ACTION_NOUNS`]: "sanctions on Iran", "the invasion of Kuwait"), or
/// it is the one a demand is made of: right after a demand verb
/// ([`DEMAND_VERBS`]: "urged Japan to") or "called on" ("called on the
/// United States to remove curbs"). A "the" before the name is skipped.
pub fn is_object_mention(sentence: &str, start: usize) -> bool {
    let Some((prep, ps)) = preposition_before(sentence, start) else {
        return false;
    };
    let before = || word_before(sentence, ps).map(|(n, _)| n);
    match prep.as_str() {
        "against" => true,
        "on" | "upon" => before().is_some_and(|n| {
            ACTION_NOUNS.contains(&n.as_str())
                || matches!(n.as_str(), "call" | "called" | "calling" | "calls")
        }),
        "of" | "over" => before().is_some_and(|n| ACTION_NOUNS.contains(&n.as_str())),
        verb => DEMAND_VERBS.contains(&verb),
    }
}

/// Whether the mention starting at byte `start` of `sentence` names
/// someone out of office or a state that is gone: right after "former",
/// "late" or "ex" ("former President Clinton", "the late King Hussein",
/// "the former Soviet Union").
pub fn is_former(sentence: &str, start: usize) -> bool {
    // Title words between are skipped ("former Prime Minister Blair").
    let mut at = start;
    for _ in 0..4 {
        let Some((w, s)) = word_before(sentence, at) else {
            return false;
        };
        match w.as_str() {
            "former" | "late" | "ex" => return true,
            "mr" | "mrs" | "ms" | "president" | "chancellor" | "prime" | "foreign" | "defence"
            | "defense" | "minister" | "secretary" | "of" | "state" => at = s,
            _ => return false,
        }
    }
    false
}

/// Nouns that, within three words after "COUNTRY's", make the country an
/// actor ("China's strong opposition", "Japan's prime minister"); see
/// [`is_possessor_only`].
const POSSESSED_ACTOR_NOUNS: &[&str] = &[
    "approval",
    "army",
    "backing",
    "call",
    "calls",
    "chief",
    "commitment",
    "concern",
    "concerns",
    "criticism",
    "decision",
    "demand",
    "demands",
    "denial",
    "envoy",
    "foreign",
    "king",
    "leader",
    "military",
    "objection",
    "objections",
    "offer",
    "opposition",
    "parliament",
    "pledge",
    "position",
    "premier",
    "president",
    "prime",
    "proposal",
    "protest",
    "queen",
    "refusal",
    "rejection",
    "response",
    "stance",
    "support",
    "warning",
];

/// Whether the country mention ending at byte `end` of `sentence` is only a
/// possessor: "North Korea's missiles", "Ecuador's oil exports". A
/// possessive followed within three words by an actor or stance noun
/// ([`ACTOR_NOUNS`], [`POSSESSED_ACTOR_NOUNS`]) is not.
pub fn is_possessor_only(sentence: &str, end: usize) -> bool {
    let after = &sentence[end..];
    let Some(rest) = after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("\u{2019}s"))
    else {
        return false;
    };
    !rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| {
            let w = w.to_lowercase();
            ACTOR_NOUNS.contains(&w.as_str()) || POSSESSED_ACTOR_NOUNS.contains(&w.as_str())
        })
}

/// Nouns of people and firms that a country word before them only gives a
/// nationality ("the U.S. firm Amoco", "Yukos' US lawyers", "a British
/// company"); see [`is_nationality_only`].
const PRIVATE_NOUNS: &[&str] = &[
    "bank",
    "banks",
    "bond",
    "bonds",
    "businessman",
    "businessmen",
    "citizen",
    "citizens",
    "companies",
    "company",
    "consumers",
    "corp",
    "exporter",
    "exporters",
    "families",
    "family",
    "farmers",
    "firm",
    "firms",
    "hostage",
    "hostages",
    "importers",
    "investors",
    "journalist",
    "journalists",
    "lawyer",
    "lawyers",
    "man",
    "men",
    "national",
    "nationals",
    "origin",
    "photojournalist",
    "producer",
    "producers",
    "shares",
    "stocks",
    "students",
    "tourists",
    "woman",
    "women",
    "yards",
];

/// Whether the country mention ending at byte `end` of `sentence` only
/// gives the nationality of a person or firm: the next word is a
/// [`PRIVATE_NOUNS`] entry ("the U.S. firm Amoco", "American
/// producers"; not "American coffee producers"). What they do is not the state's doing.
pub fn is_nationality_only(sentence: &str, end: usize) -> bool {
    next_word_in(sentence, end, PRIVATE_NOUNS)
}

/// Whether the word right after byte `end` of `sentence` (after a space,
/// any case) is one of `list` (lowercase).
pub(super) fn next_word_in(sentence: &str, end: usize, list: &[&str]) -> bool {
    let after = &sentence[end..];
    after.starts_with(' ')
        && after
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .find(|w| !w.is_empty())
            .is_some_and(|w| list.contains(&w.to_lowercase().as_str()))
}

/// Number words that count people ("three detained Americans"); see
/// [`is_counted_people`].
const NUMBER_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "several",
];

/// Whether the mention `start..end` of `sentence` is a plural demonym
/// counting people ("two Americans", "three detained Americans", "40
/// Britons"): a number, and at most one word more, before a one-word
/// mention ending in "s". People are not the state.
pub fn is_counted_people(sentence: &str, start: usize, end: usize) -> bool {
    let name = &sentence[start..end];
    if !name.ends_with('s') || !name.starts_with(char::is_uppercase) || name.contains(' ') {
        return false;
    }
    let is_number = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit() || c == ',') && !w.is_empty()
            || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
    };
    let Some((w1, s1)) = word_before(sentence, start) else {
        return false;
    };
    is_number(&w1)
        || (sentence[s1..].starts_with(char::is_lowercase)
            && word_before(sentence, s1).is_some_and(|(w2, _)| is_number(&w2)))
}

/// Whether the text between two country mentions only joins them in a
/// list: commas, "and", "or", "the" and spaces (also how
/// [`super::rivals`] finds countries acting together).
pub(super) fn is_list_gap(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| matches!(w, "and" | "or" | "the"))
}

/// Whether `text` ends with what sets a list in apposition to the group
/// before it: "(", a dash or ":" (a "the" after it is skipped).
fn opens_member_list(text: &str) -> bool {
    let t = text.trim_end();
    let t = t.strip_suffix("the").map_or(t, str::trim_end);
    t.ends_with(['(', ':', '-', '\u{2013}', '\u{2014}'])
}

/// Which of `mentions` (in order of position) are only members listed
/// after the group they belong to: a run of three or more country
/// mentions joined by commas, "and" or "or" ([`is_list_gap`]) right after
/// "(", a dash or ":" ("its G-7 partners - the United States, Japan,
/// West Germany, France, Britain and Canada", "GCC states -- Bahrain,
/// Kuwait, Qatar and Oman"). What the sentence says, it says of the group.
pub fn listed_members(sentence: &str, mentions: &[Mention]) -> Vec<bool> {
    let mut listed = vec![false; mentions.len()];
    let mut i = 0;
    while i < mentions.len() {
        let mut j = i + 1;
        while j < mentions.len()
            && mentions[j].start >= mentions[j - 1].end
            && is_list_gap(&sentence[mentions[j - 1].end..mentions[j].start])
        {
            j += 1;
        }
        if j - i >= 3 && opens_member_list(&sentence[..mentions[i].start]) {
            listed[i..j].iter_mut().for_each(|l| *l = true);
        }
        i = j;
    }
    listed
}

/// Which of `mentions` (in order of position) are the object of another's
/// action ([`is_object_mention`]), or listed right after one ("a trade
/// boycott of South Africa and neighbouring Namibia": "and" or a comma,
/// and at most one lowercase word more).
fn object_mentions(sentence: &str, mentions: &[Mention]) -> Vec<bool> {
    let mut out: Vec<bool> = Vec::with_capacity(mentions.len());
    for (i, m) in mentions.iter().enumerate() {
        let after_object = i > 0 && out[i - 1] && mentions[i - 1].end <= m.start && {
            let gap = &sentence[mentions[i - 1].end..m.start];
            let words: Vec<&str> = gap
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .collect();
            let joins = |w: &&str| matches!(*w, "and" | "or" | "the");
            words.first().is_some_and(joins)
                && words.iter().filter(|w| !joins(w)).count() <= 1
                && words
                    .iter()
                    .all(|w| joins(w) || w.starts_with(char::is_lowercase))
        };
        out.push(after_object || is_object_mention(sentence, m.start));
    }
    out
}

/// Countries acting in `sentence` (whose country mentions are
/// `mentions`, in order of position), in order of first mention: those
/// with at least one mention that is neither just a place, just a
/// possessor, a city in a name ([`is_name_part`]), the object of
/// another's action ([`is_object_mention`]), someone out of office
/// ([`is_former`]) nor a listed member of a group ([`listed_members`]);
/// an institution always acts.
pub fn acting_countries(sentence: &str, mentions: &[Mention]) -> Vec<CountryId> {
    let listed = listed_members(sentence, mentions);
    let objects = object_mentions(sentence, mentions);
    let mut countries: Vec<CountryId> = Vec::new();
    for m in mentions {
        if !countries.contains(&m.country)
            && mentions
                .iter()
                .zip(listed.iter().zip(&objects))
                .filter(|(o, _)| o.country == m.country)
                .any(|(o, (&l, &object))| {
                    o.institution.is_some()
                        || !(l
                            || object
                            || is_location_mention(sentence, o.start, o.end)
                            || is_possessor_only(sentence, o.end)
                            || is_nationality_only(sentence, o.end)
                            || is_counted_people(sentence, o.start, o.end)
                            || is_name_part(sentence, o.kind, o.end)
                            || is_former(sentence, o.start))
                })
        {
            countries.push(m.country);
        }
    }
    countries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::gazetteer::Gazetteer;

    #[test]
    fn location_frames() {
        let loc = |s: &str, name: &str| {
            let a = s.find(name).unwrap();
            is_location_mention(s, a, a + name.len())
        };
        assert!(loc(
            "The battery now arriving in South Korea is ready.",
            "South Korea"
        ));
        assert!(loc(
            "Agencies stopped selling tours to South Korea.",
            "South Korea"
        ));
        assert!(loc("An air base south of Seoul was closed.", "Seoul"));
        assert!(loc(
            "He told a press conference in the capital, Abuja: no.",
            "Abuja"
        ));
        assert!(loc("Talks in the Nigerian capital, Abuja, ended.", "Abuja"));
        assert!(!loc("The capital, Abuja, said no.", "Abuja"));
        assert!(loc(
            "Troops stationed in the United States left.",
            "United States"
        ));
        assert!(loc("Travel agencies in Chinese cities stopped.", "Chinese"));
        assert!(!loc("Officials in Washington rejected that.", "Washington"));
        assert!(!loc("The Defence Ministry in Seoul said so.", "Seoul"));
        assert!(!loc(
            "China objected to South Korea's decision.",
            "South Korea"
        ));
        assert!(!loc(
            "He urged Washington and Seoul to halt it.",
            "Washington"
        ));
        assert!(!loc("He urged Washington and Seoul to halt it.", "Seoul"));
        assert!(!loc("Seoul said no.", "Seoul"));
        assert!(!loc("Criticism came from Moscow.", "Moscow"));
        assert!(!loc("The capital of China is large.", "China"));
    }

    #[test]
    fn possessors_are_no_actors_unless_a_stance_or_actor_noun_follows() {
        let s = "North Korea's missiles worry China's top officials and Japan's strong opposition grows.";
        let end = |w: &str| s.find(w).unwrap() + w.len();
        assert!(is_possessor_only(s, end("North Korea")));
        assert!(!is_possessor_only(s, end("China")));
        assert!(!is_possessor_only(s, end("Japan")));
        assert!(!is_possessor_only("Russia said no.", 6));
    }

    #[test]
    fn a_city_that_names_an_agreement_or_meeting_is_no_actor() {
        let part = |s: &str, name: &str, kind| {
            let end = s.find(name).unwrap() + name.len();
            is_name_part(s, kind, end)
        };
        let c = MentionKind::Capital;
        assert!(part("He stood by the Paris agreement.", "Paris", c));
        assert!(part("Talks with the Paris Club resumed.", "Paris", c));
        assert!(part("Kyiv backed the Minsk accords.", "Minsk", c));
        assert!(!part("Kyiv backed the Minsk accords.", "Kyiv", c));
        assert!(part("BAKER STANDS BY PARIS CURRENCY AGREEMENT", "PARIS", c));
        assert!(!part("Paris agreed to the plan.", "Paris", c));
        assert!(part(
            "Obama was briefed on the Ottawa shooting.",
            "Ottawa",
            c
        ));
        assert!(!part("Ottawa condemned the shooting.", "Ottawa", c));
        assert!(!part("Paris said the agreement failed.", "Paris", c));
        assert!(!part("Paris, in agreement with Bonn, said no.", "Paris", c));
        assert!(!part(
            "France agreement was reported.",
            "France",
            MentionKind::Name
        ));
        // Any country word opening a title of a law or treaty.
        let n = MentionKind::Name;
        assert!(part("The U.S. Trade Act of 1974 says so.", "U.S.", n));
        assert!(part(
            "Under the U.S. Semiconductor Agreement, prices rose.",
            "U.S.",
            n
        ));
        assert!(!part("The U.S. Trade Representative said no.", "U.S.", n));
        assert!(!part("The U.S. signed the Trade Act.", "U.S.", n));
    }

    #[test]
    fn a_nationality_of_people_or_firms_is_no_actor() {
        let only = |s: &str, name: &str| is_nationality_only(s, s.find(name).unwrap() + name.len());
        assert!(only(
            "It extended its deal with the U.S. firm Amoco.",
            "U.S."
        ));
        assert!(only("American producers will call for talks.", "American"));
        assert!(only("West German bond yields could decline.", "German"));
        // Only the next word counts.
        assert!(!only(
            "American coffee producers will call for talks.",
            "American"
        ));
        assert!(only("Yukos' US lawyers will try again.", "US"));
        assert!(!only("American officials rejected the plan.", "American"));
        assert!(!only("The U.S. firmly rejected the plan.", "U.S."));
        assert!(!only("The US, firms said, would act.", "US"));
    }

    #[test]
    fn the_object_of_another_s_action_is_no_actor() {
        let obj = |s: &str, name: &str| is_object_mention(s, s.find(name).unwrap());
        assert!(obj(
            "Sweden backed sanctions against South Africa.",
            "South Africa"
        ));
        assert!(obj("It condemned the invasion of Kuwait.", "Kuwait"));
        assert!(obj(
            "Calls grew for sanctions on the United States.",
            "United States"
        ));
        assert!(!obj(
            "Sweden backed sanctions against South Africa.",
            "Sweden"
        ));
        assert!(!obj("The support of Japan was welcome.", "Japan"));
        assert!(!obj("Talks on Iran's programme resumed.", "Iran"));
        // The one a demand is made of.
        assert!(obj(
            "China called on the United States to remove curbs.",
            "United States"
        ));
        assert!(obj("Britain urged Japan to open its markets.", "Japan"));
        assert!(obj("They want to force Japan to buy more.", "Japan"));
        assert!(!obj("Britain urged Japan to open its markets.", "Britain"));
        assert!(!obj("The call on trade came as Japan agreed.", "Japan"));
    }

    #[test]
    fn someone_out_of_office_is_no_actor() {
        let s = "The former President Clinton and the late King Hussein met Japan.";
        assert!(is_former(s, s.find("President").unwrap()));
        assert!(is_former(s, s.find("Clinton").unwrap()));
        assert!(is_former(s, s.find("King").unwrap()));
        let s = "The former Prime Minister Blair and Mr. Straw spoke.";
        assert!(is_former(s, s.find("Blair").unwrap()));
        assert!(!is_former(s, s.find("Straw").unwrap()));
        let s = "The former President Clinton met Japan.";
        assert!(!is_former(s, s.find("Japan").unwrap()));
        let gaz = Gazetteer::builtin();
        let s = "The former Soviet Union and Russia opposed it.";
        let acting: Vec<String> = acting_countries(s, &gaz.find(s))
            .iter()
            .map(|&c| gaz.country(c).iso3.clone())
            .collect();
        assert_eq!(acting, ["RUS"]);
    }

    #[test]
    fn members_listed_after_their_group_are_no_actors() {
        let gaz = Gazetteer::builtin();
        let acting = |s: &str| -> Vec<String> {
            acting_countries(s, &gaz.find(s))
                .iter()
                .map(|&c| gaz.country(c).iso3.clone())
                .collect()
        };
        assert_eq!(
            acting("Oman said the Gulf states -- Bahrain, Kuwait, Qatar and the UAE -- agreed."),
            ["OMN"]
        );
        assert_eq!(
            acting("Italy left its partners (France, Britain and Canada) behind."),
            ["ITA"]
        );
        // Two countries make no member list; nor does a list without an opener.
        assert_eq!(
            acting("The pair -- China and Russia -- objected."),
            ["CHN", "RUS"]
        );
        assert_eq!(
            acting("China, Russia and Iran rejected the plan."),
            ["CHN", "RUS", "IRN"]
        );
    }
}
