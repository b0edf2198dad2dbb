//! A topic named as the thing to be undone: "called for the embargo to be
//! lifted", "plans to end the arms embargo", "resist protectionism". The
//! stance model reads the holder's stance toward the action (the call, the
//! plan), and toward the topic itself that stance is the opposite one, so
//! the sentence's support and oppose probabilities are swapped
//! ([`swap_polar`]). A negated undoing ("did not end military operations",
//! "doesn't stop airstrikes") is no reversal. A topic whose own name is an
//! undoing ("lifting the EU arms embargo") is never reversed: its aliases
//! name the thing undone and the model's reading is already about the
//! undoing.
//!
//! A topic taken up under a refusal ("the US says it cannot support the
//! facility", "a policy of not paying ransom", "unwilling to give the
//! Soviet Union a naval role") or right after a verb of opposing
//! ("dismissed a French idea", "boycotted a meeting") is opposed by the
//! country refusing, the last named before the refusal or listed with it
//! ([`refusal_at`], [`refuses`]): the larger polar probability goes to
//! oppose ([`to_oppose`]), whichever way the model read it.
//!
//! Quantity verbs ("cut", "reduce", "lower") undo only a barrier ("cut
//! tariffs", "reduce import duties", "ease curbs": [`BARRIERS`]): "cut oil
//! output" is for an output quota and "cut emissions" for a climate
//! agreement.

/// Words that undo what follows them within [`WINDOW`] words ("lift the
/// sanctions", "an end to the embargo", "withdrawal from the treaty"); so
/// do the participles of [`UNDONE_AFTER`] ("lifted the sanctions").
const UNDO_BEFORE: &[&str] = &[
    "abandon",
    "abandoning",
    "abolish",
    "abolishing",
    "abolition",
    "avoid",
    "avoiding",
    "cancel",
    "cancelling",
    "dismantle",
    "dismantling",
    "end",
    "ending",
    "ease",
    "easing",
    "halt",
    "halting",
    "lift",
    "lifting",
    "relax",
    "relaxing",
    "removal",
    "remove",
    "removing",
    "repeal",
    "repealing",
    "resist",
    "resisted",
    "resisting",
    "resists",
    "scrap",
    "scrapping",
    "stop",
    "stopping",
    "suspend",
    "suspending",
    "withdraw",
    "withdrawal",
    "withdrawing",
];

/// Participles that undo the topic named just before them in a passive
/// ("the embargo to be lifted", "if sanctions are eased").
const UNDONE_AFTER: &[&str] = &[
    "abandoned",
    "abolished",
    "cancelled",
    "dismantled",
    "ended",
    "eased",
    "halted",
    "lifted",
    "relaxed",
    "removed",
    "repealed",
    "scrapped",
    "stopped",
    "suspended",
];

/// Verbs and nouns that lower a quantity: undoings of a barrier only.
const LOWER: &[&str] = &[
    "cut",
    "cuts",
    "cutting",
    "lower",
    "lowered",
    "lowering",
    "reduce",
    "reduced",
    "reduces",
    "reducing",
    "reduction",
    "reductions",
];

/// Words that make a topic mention a barrier to trade or contact, which
/// [`LOWER`] undoes ("import tariffs", "duties", "sanctions").
const BARRIERS: &[&str] = &[
    "barriers",
    "curbs",
    "duties",
    "duty",
    "embargo",
    "levies",
    "protectionism",
    "restrictions",
    "sanctions",
    "tariff",
    "tariffs",
];

/// Forms of "be" that make a following participle passive.
const BE: &[&str] = &["be", "been", "being", "is", "are", "was", "were"];

/// How many words before a topic mention an undoing word may stand.
const WINDOW: usize = 4;

/// The lowercase words of `text` with their byte offsets, a clause mark
/// (`,;:()"` and dashes) ending the list where it stands.
fn words(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((&text[s..i], s));
                start = None;
            }
            _ => {}
        }
        if !word_char && ",;:()\"\u{201c}\u{201d}\u{2014}\u{2013}[]".contains(c) {
            out.push(("|", i));
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], s));
    }
    out
}

/// Whether `w` negates what follows ("not", "never", "didn't").
fn is_negation(w: &str) -> bool {
    let w = w.to_lowercase();
    matches!(w.as_str(), "not" | "never" | "no") || w.ends_with("n't") || w.ends_with("n\u{2019}t")
}

/// Whether the topic mention at `start..end` of `sentence` is named as the
/// thing to be undone: an undoing word ([`UNDO_BEFORE`]) within
/// [`WINDOW`] words before it in the same clause, not itself negated, a
/// passive undoing right after it ("the embargo to be lifted"), or a
/// barrier followed by a lowering noun ("tariff cuts").
pub fn is_undone(sentence: &str, start: usize, end: usize) -> bool {
    let before = words(&sentence[..start]);
    let n = before.len();
    for k in 1..=WINDOW.min(n) {
        let (w, _) = before[n - k];
        if w == "|" {
            break;
        }
        let w_l = w.to_lowercase();
        let lowers_barrier = LOWER.contains(&w_l.as_str()) && is_barrier(&sentence[start..end]);
        if UNDO_BEFORE.contains(&w_l.as_str())
            || UNDONE_AFTER.contains(&w_l.as_str())
            || lowers_barrier
        {
            let negated = (n - k).checked_sub(1).is_some_and(|j| {
                is_negation(before[j].0)
                    || (j > 0
                        && is_negation(before[j - 1].0)
                        && before[j].0.eq_ignore_ascii_case("to"))
            });
            return !negated;
        }
    }
    let after = words(&sentence[end..]);
    if after
        .first()
        .is_some_and(|(w, _)| LOWER.contains(&w.to_lowercase().as_str()))
        && is_barrier(&sentence[start..end])
    {
        return true;
    }
    let mut be = false;
    for (w, _) in after.iter().take(3) {
        let w = w.to_lowercase();
        if be && UNDONE_AFTER.contains(&w.as_str()) {
            return true;
        }
        if BE.contains(&w.as_str()) {
            be = true;
        } else if w != "to" {
            return false;
        }
    }
    false
}

/// Whether the mention `alias` names a barrier ([`BARRIERS`]).
fn is_barrier(alias: &str) -> bool {
    words(alias)
        .iter()
        .any(|(w, _)| BARRIERS.contains(&w.to_lowercase().as_str()))
}

/// Verbs of taking a topic up or carrying it out ("support", "join",
/// "sign", "pay", "conduct", "impose"): negated
/// before a topic mention they make the holder's refusal of it; see
/// [`is_refused`].
const TAKE_UP: &[&str] = &[
    "accept",
    "accepting",
    "conduct",
    "conducted",
    "conducting",
    "impose",
    "imposed",
    "imposing",
    "launch",
    "launched",
    "launching",
    "approve",
    "back",
    "backing",
    "endorse",
    "give",
    "giving",
    "join",
    "joining",
    "pay",
    "paying",
    "ratify",
    "recognise",
    "recognize",
    "sign",
    "signing",
    "support",
    "supporting",
];

/// Verbs of opposing what follows them ("dismissed a French idea",
/// "boycotted a meeting").
const OPPOSING: &[&str] = &[
    "boycott",
    "boycotted",
    "boycotting",
    "boycotts",
    "condemned",
    "condemning",
    "condemns",
    "criticised",
    "criticized",
    "denounced",
    "denounces",
    "dismissed",
    "dismisses",
    "rejected",
    "rejecting",
    "rejects",
];

/// Words that negate or refuse the verb after them ("cannot support",
/// "unwilling to give", "refused to join", "not paying").
const REFUSING: &[&str] = &[
    "cannot",
    "declined",
    "declines",
    "never",
    "not",
    "refusal",
    "refuse",
    "refused",
    "refuses",
    "refusing",
    "reluctant",
    "unwilling",
];

/// Where the topic mention starting at byte `start` of `sentence` is
/// taken up under a refusal: a [`TAKE_UP`] verb within [`WINDOW`] + 1
/// words before it in the same clause, with a [`REFUSING`] word or a
/// negated auxiliary ("won't sign") at most three words before the verb
/// ("the US says it cannot support the facility", "unwilling to give the
/// Soviet Union a naval role", "a policy of not paying ransom", "has not
/// conducted any airstrikes"). Returns the byte
/// offset of the refusing word: the refusal is its subject's, a country
/// named before it ([`refuses`]).
pub fn refusal_at(sentence: &str, start: usize) -> Option<usize> {
    let before = words(&sentence[..start]);
    let n = before.len();
    for k in 1..=(WINDOW + 1).min(n) {
        let (w, _) = before[n - k];
        if w == "|" {
            return None;
        }
        if k <= WINDOW && OPPOSING.contains(&w.to_lowercase().as_str()) {
            return Some(before[n - k].1);
        }
        if TAKE_UP.contains(&w.to_lowercase().as_str()) {
            let at = n - k;
            let refusing = |j: usize| {
                let w = before[j].0.to_lowercase();
                REFUSING.contains(&w.as_str()) || is_negation(&w)
            };
            // The refusing word within three words before the verb, in
            // the same clause ("refusal so far to join", "has not yet
            // signed").
            return (at.saturating_sub(3)..at)
                .rev()
                .take_while(|&j| before[j].0 != "|")
                .find(|&j| refusing(j))
                .map(|j| before[j].1);
        }
    }
    None
}

/// Whether the refusal at byte `at` of `sentence` is that of `country`,
/// given every country mention of the sentence in order (`spans`:
/// country, start, end): `country` is the last one named before `at`, or
/// listed with it ("The U.S. and Britain have a policy of not paying").
pub fn refuses<C: PartialEq>(
    sentence: &str,
    spans: &[(C, usize, usize)],
    country: &C,
    at: usize,
) -> bool {
    let before: Vec<_> = spans.iter().filter(|(_, _, e)| *e <= at).collect();
    let mut i = before.len();
    while i > 0 {
        i -= 1;
        if before[i].0 == *country {
            return true;
        }
        let joined = i > 0
            && before[i - 1].2 <= before[i].1
            && super::evidence::is_list_gap(&sentence[before[i - 1].2..before[i].1]);
        if !joined {
            return false;
        }
    }
    false
}

/// Moves the larger of the `support` and `oppose` probabilities to
/// `oppose` (when the model has both): a refusal is opposition, whichever
/// way the model read it. Returns whether they were swapped.
pub fn to_oppose(labels: &[String], probs: &mut [f64]) -> bool {
    let s = labels.iter().position(|l| l == "support");
    let o = labels.iter().position(|l| l == "oppose");
    match (s, o) {
        (Some(s), Some(o)) if probs[s] > probs[o] => {
            probs.swap(s, o);
            true
        }
        _ => false,
    }
}

/// Whether a topic's name is itself an undoing ("lifting the EU arms
/// embargo", "closing the Guantanamo camp", "tariff cuts"): then its
/// mentions are never reversed.
pub fn names_undoing(name: &str) -> bool {
    words(name).iter().any(|(w, _)| {
        let w = w.to_lowercase();
        UNDO_BEFORE.contains(&w.as_str())
            || UNDONE_AFTER.contains(&w.as_str())
            || matches!(
                w.as_str(),
                "close"
                    | "closing"
                    | "closure"
                    | "cut"
                    | "cuts"
                    | "reduce"
                    | "reducing"
                    | "reduction"
                    | "lower"
                    | "lowering"
            )
    })
}

/// Swaps the probabilities of the labels `support` and `oppose` (when the
/// model has both) in `probs`, indexed like `labels`. Returns whether it
/// did.
pub fn swap_polar(labels: &[String], probs: &mut [f64]) -> bool {
    let s = labels.iter().position(|l| l == "support");
    let o = labels.iter().position(|l| l == "oppose");
    if let (Some(s), Some(o)) = (s, o) {
        probs.swap(s, o);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undone(sentence: &str, alias: &str) -> bool {
        let s = sentence.find(alias).unwrap();
        is_undone(sentence, s, s + alias.len())
    }

    #[test]
    fn undoings_before_and_after() {
        assert!(undone(
            "Germany and France have called for the embargo to be lifted.",
            "embargo"
        ));
        assert!(undone(
            "Mr Straw defended plans to end the European Union's arms embargo on China.",
            "arms embargo"
        ));
        assert!(undone(
            "The U.S. would resist protectionism and boost competitiveness.",
            "protectionism"
        ));
        assert!(undone(
            "Washington argues that if the embargo is lifted, arms flow.",
            "embargo"
        ));
        assert!(undone("They want an end to the sanctions.", "sanctions"));
        assert!(undone(
            "Taiwan would further reduce import tariffs on 1,700 products.",
            "import tariffs"
        ));
        assert!(undone(
            "Taiwan plans another round of deep tariff cuts.",
            "tariff"
        ));
        assert!(!undone("OPEC agreed on output cuts.", "output"));
    }

    #[test]
    fn negated_or_distant_undoings_do_not_count() {
        assert!(!undone(
            "Militants vowed to kill him if the United States did not end military operations.",
            "military operations"
        ));
        assert!(!undone(
            "ISIS threatened another American if Obama doesn't stop airstrikes in Iraq.",
            "airstrikes"
        ));
        assert!(!undone(
            "They lifted, as promised, the sanctions.",
            "sanctions"
        ));
        assert!(undone("They lifted the sanctions.", "sanctions"));
        assert!(!undone("The sanctions lifted prices.", "sanctions"));
        assert!(!undone("Saudi Arabia will cut oil output.", "oil output"));
        assert!(!undone("China imposed sanctions on the firm.", "sanctions"));
    }

    #[test]
    fn refusals_belong_to_the_country_named_before_them() {
        let at = |s: &str, alias: &str| refusal_at(s, s.find(alias).unwrap());
        let s = "But the US says it cannot support Mr Brown's International Finance Facility.";
        let r = at(s, "International Finance Facility").unwrap();
        assert_eq!(&s[r..r + 6], "cannot");
        assert!(at(
            "The U.S. was unwilling to give Moscow a naval role.",
            "naval role"
        )
        .is_some());
        assert!(at("They have a policy of not paying ransom.", "ransom").is_some());
        assert!(at(
            "The U.S. has not conducted any airstrikes there.",
            "airstrikes"
        )
        .is_some());
        assert!(at("It has not so far joined the accord.", "accord").is_none());
        assert!(at("It has not so far agreed to join the accord.", "accord").is_none());
        assert!(at(
            "An official dismissed a French idea to sell grain.",
            "French idea"
        )
        .is_some());
        assert!(at("Italy boycotted a meeting in Paris.", "meeting").is_some());
        assert!(at("The US will support the facility.", "facility").is_none());
        assert!(at("It did not say, but will support the facility.", "facility").is_none());
        // Whose refusal: the last country before it, or one listed with it.
        let s = "The U.S. and Britain, unlike France, refuse to pay ransom.";
        let spans: Vec<(&str, usize, usize)> = ["U.S.", "Britain", "France"]
            .iter()
            .map(|c| (*c, s.find(c).unwrap(), s.find(c).unwrap() + c.len()))
            .collect();
        let r = at(s, "ransom").unwrap();
        assert!(refuses(s, &spans, &"France", r));
        assert!(!refuses(s, &spans, &"Britain", r));
        let s = "The U.S. and Britain refuse to pay ransom.";
        let r = at(s, "ransom").unwrap();
        assert!(refuses(s, &spans[..2], &"U.S.", r));
        assert!(refuses(s, &spans[..2], &"Britain", r));
    }

    #[test]
    fn undoing_topic_names() {
        assert!(names_undoing("lifting the EU arms embargo on China"));
        assert!(names_undoing("closing the Guantanamo Bay detention camp"));
        assert!(names_undoing("Taiwanese tariff cuts"));
        assert!(!names_undoing("sanctions"));
        assert!(!names_undoing("EU arms embargo on China"));
    }

    #[test]
    fn swap_only_with_both_labels() {
        let labels: Vec<String> = ["neutral", "oppose", "support"].map(String::from).to_vec();
        let mut p = vec![0.1, 0.2, 0.7];
        assert!(swap_polar(&labels, &mut p));
        assert_eq!(p, vec![0.1, 0.7, 0.2]);
        let mut q = vec![0.3, 0.7];
        assert!(!swap_polar(&labels[1..2], &mut q));
        assert_eq!(q, vec![0.3, 0.7]);
        // A refusal moves the larger polar probability to oppose, once.
        assert!(!to_oppose(&labels, &mut p));
        assert_eq!(p, vec![0.1, 0.7, 0.2]);
        let mut r = vec![0.1, 0.2, 0.7];
        assert!(to_oppose(&labels, &mut r));
        assert_eq!(r, vec![0.1, 0.7, 0.2]);
    }
}
