//! A topic named as the thing to be undone: "called for the embargo to be
//! lifted", "plans to end the arms embargo", "resist protectionism". The
//! stance model reads the holder's stance toward the action (the call, the
//! plan), and toward the topic itself that stance is the opposite one, so
//! the sentence's support and oppose probabilities are swapped, and the
//! smaller of the two then mostly moved to the larger ([`swap_polar`]). A negated undoing ("did not end military operations",
//! "doesn't stop airstrikes") is no reversal. A topic whose own name is an
//! undoing ("lifting the EU arms embargo") is never reversed: its aliases
//! name the thing undone and the model's reading is already about the
//! undoing.
//!
//! A topic taken up under a refusal ("the US says it cannot support the
//! facility", "a policy of not paying ransom", "unwilling to give the
//! Soviet Union a naval role"), right after a verb of opposing
//! ("dismissed a French idea", "boycotted a meeting", "lashed out at") or
//! judged wrong ("it was wrong to put China under the same embargo") is
//! opposed by the country refusing, named before the refusal in its
//! clause or listed with it ([`refusal_at`], [`condemned_before`],
//! [`refuses`]); a topic said to be wrong after it ("the tariffs were
//! unacceptable", [`condemned_after`]) is opposed by every country acting
//! in the sentence. The polar probability then goes to oppose
//! ([`to_oppose`]), whichever way the model read it.
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
/// [`WINDOW`] words before it in the same clause, not itself negated and
/// with no "with", "against", "about" or "by" between ("suspending a
/// complaint with the GATT" undoes the complaint), a
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
        // "suspending a complaint with the GATT": the complaint is undone.
        if matches!(w_l.as_str(), "with" | "against" | "about" | "by") {
            break;
        }
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
    "condemn",
    "condemned",
    "condemning",
    "condemns",
    "criticise",
    "criticised",
    "criticising",
    "criticize",
    "criticized",
    "criticizing",
    "decried",
    "denounce",
    "denounced",
    "denounces",
    "dismissed",
    "dismisses",
    "objected",
    "objecting",
    "objects",
    "opposed",
    "opposes",
    "opposing",
    "reject",
    "rejected",
    "rejecting",
    "rejects",
    "slammed",
];

/// Words judging what they are said of as wrong ("it was wrong to put
/// China under the same embargo", "the tariffs were unacceptable").
const CONDEMNING: &[&str] = &[
    "counterproductive",
    "illegal",
    "misguided",
    "mistake",
    "unacceptable",
    "unfair",
    "unjustified",
    "unwarranted",
    "wrong",
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
        // "lashed out at the restrictive trade policies"
        if (3..=WINDOW).contains(&k)
            && w.eq_ignore_ascii_case("lashed")
            && before[n - k + 1].0.eq_ignore_ascii_case("out")
            && before[n - k + 2].0.eq_ignore_ascii_case("at")
        {
            return Some(before[n - k].1);
        }
        if TAKE_UP.contains(&w.to_lowercase().as_str()) {
            let at = n - k;
            let refusing = |j: usize| {
                let w = before[j].0.to_lowercase();
                REFUSING.contains(&w.as_str()) || is_negation(&w)
            };
            // The refusing word within four words before the verb, in
            // the same clause ("refusal so far to join", "has not yet
            // signed").
            return (at.saturating_sub(4)..at)
                .rev()
                .take_while(|&j| before[j].0 != "|")
                .find(|&j| refusing(j))
                .map(|j| before[j].1);
        }
    }
    None
}

/// Where the topic mention starting at byte `start` of `sentence` is what
/// a [`CONDEMNING`] word judges, before it: "it was wrong to put China
/// under the same embargo", "a mistake to join the mechanism" (the word,
/// then "to", at most [`WINDOW`] + 4 words before the mention in the same
/// clause). Returns the byte offset of the judging word: the judgment is
/// its subject's, a country named before it ([`refuses`]).
pub fn condemned_before(sentence: &str, start: usize) -> Option<usize> {
    let before = words(&sentence[..start]);
    let n = before.len();
    for k in 1..=(WINDOW + 4).min(n.saturating_sub(1)) {
        let (w, _) = before[n - k];
        if w == "|" {
            return None;
        }
        let (judge, at) = before[n - k - 1];
        if w.eq_ignore_ascii_case("to") && CONDEMNING.contains(&judge.to_lowercase().as_str()) {
            return Some(at);
        }
    }
    None
}

/// Whether the topic mention ending at byte `end` of `sentence` is
/// said to be wrong after it: "the island's import tariffs, still ranging
/// up to 60 pct, were unacceptable" (one parenthetical clause skipped, a
/// form of "be", at most two words, then a [`CONDEMNING`] word). The
/// judge is then whoever acts in the sentence: the mention's possessor
/// is no actor.
pub fn condemned_after(sentence: &str, end: usize) -> bool {
    let after = words(&sentence[end..]);
    let mut i = 0;
    if after.first().is_some_and(|(w, _)| *w == "|") {
        match after.iter().take(15).skip(1).position(|(w, _)| *w == "|") {
            Some(p) => i = p + 2,
            None => return false,
        }
    }
    let Some((be, _)) = after.get(i) else {
        return false;
    };
    if !BE.contains(&be.to_lowercase().as_str()) {
        return false;
    }
    after
        .iter()
        .skip(i + 1)
        .take(3)
        .take_while(|(w, _)| *w != "|")
        .any(|(w, _)| CONDEMNING.contains(&w.to_lowercase().as_str()))
}

/// Whether the refusal at byte `at` of `sentence` is that of `country`,
/// given every country mention of the sentence in order (`spans`:
/// country, start, end): `country` is the last one named before `at`, in
/// the same clause, or listed with it ("The U.S. and Britain have a
/// policy of not paying").
pub fn refuses<C: PartialEq>(
    sentence: &str,
    spans: &[(C, usize, usize)],
    country: &C,
    at: usize,
) -> bool {
    let before: Vec<_> = spans.iter().filter(|(_, _, e)| *e <= at).collect();
    // In the same clause: not "critics who objected to the deal" after
    // a clause naming the U.S.
    if before
        .last()
        .is_some_and(|l| words(&sentence[l.2..at]).iter().any(|(w, _)| *w == "|"))
    {
        return false;
    }
    let mut i = before.len();
    while i > 0 {
        i -= 1;
        if before[i].0 == *country {
            return true;
        }
        let joined = i > 0
            && before[i - 1].2 <= before[i].1
            && super::actors::is_list_gap(&sentence[before[i - 1].2..before[i].1]);
        if !joined {
            return false;
        }
    }
    false
}

/// The share of the other polar label's probability that [`to_oppose`]
/// leaves it.
const KEPT: f64 = 0.01;

/// Moves all but [`KEPT`] of the `support` probability to `oppose` (when
/// the model has both), or the other way when `undoing`: a refusal is
/// opposition, whichever way the model read it, and refusing the thing a
/// topic undoes ("wrong to put China under the same embargo", topic
/// "lifting the embargo") is support for the topic. Moving the larger of
/// the two to oppose instead left a carried-over sentence able to outweigh
/// the refusal: dev F1 70.4 against 70.6. Returns whether it moved any.
pub fn to_oppose(labels: &[String], probs: &mut [f64], undoing: bool) -> bool {
    let s = labels.iter().position(|l| l == "support");
    let o = labels.iter().position(|l| l == "oppose");
    let Some((s, o)) = s.zip(o) else {
        return false;
    };
    let (to, from) = if undoing { (s, o) } else { (o, s) };
    if probs[from] <= 0.0 {
        return false;
    }
    probs[to] += probs[from] * (1.0 - KEPT);
    probs[from] *= KEPT;
    true
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
/// model has both) in `probs`, indexed like `labels`, then moves all but
/// [`KEPT`] of the smaller to the larger, as [`to_oppose`] does: a
/// carried-over sentence should not outweigh the reversed one ("resist
/// protectionism": one more right no-topic row, dev F1 unchanged).
/// Returns whether it did.
pub fn swap_polar(labels: &[String], probs: &mut [f64]) -> bool {
    let s = labels.iter().position(|l| l == "support");
    let o = labels.iter().position(|l| l == "oppose");
    if let (Some(s), Some(o)) = (s, o) {
        probs.swap(s, o);
        let (hi, lo) = if probs[s] > probs[o] { (s, o) } else { (o, s) };
        probs[hi] += probs[lo] * (1.0 - KEPT);
        probs[lo] *= KEPT;
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
    fn undoing_stops_at_a_preposition_of_another_noun() {
        assert!(!undone(
            "Washington was suspending a complaint with the GATT.",
            "GATT"
        ));
        assert!(undone("It called for an end to the embargo.", "embargo"));
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
    fn topics_judged_wrong() {
        let before = |s: &str, alias: &str| condemned_before(s, s.find(alias).unwrap());
        let s = "Mr Straw said it was wrong to put China under the same embargo as Burma.";
        let r = before(s, "embargo").unwrap();
        assert_eq!(&s[r..r + 5], "wrong");
        assert!(before("It would be a mistake to join the mechanism.", "mechanism").is_some());
        assert!(before("It was wrong, he said, to lift the embargo.", "embargo").is_none());
        assert!(before("He was right to lift the embargo.", "embargo").is_none());
        let after = |s: &str, alias: &str| condemned_after(s, s.find(alias).unwrap() + alias.len());
        let s = "The US said the island's import tariffs, still ranging up to 60 pct, were unacceptable.";
        assert!(after(s, "import tariffs"));
        assert!(after(
            "He said the tariffs were simply unacceptable.",
            "tariffs"
        ));
        assert!(after("He said the sanctions were a mistake.", "sanctions"));
        assert!(!after("He said the tariffs were needed.", "tariffs"));
        assert!(!after(
            "The tariffs, he said, are needed; that is wrong.",
            "tariffs"
        ));
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
        assert!(at(
            "Britain's refusal so far to join the mechanism.",
            "mechanism"
        )
        .is_some());
        assert!(at("India lashed out at the trade policies.", "trade policies").is_some());
        // Whose refusal: the last country before it in its clause, or one
        // listed with it.
        let s = "The U.S. and Britain, unlike France, refuse to pay ransom.";
        let spans: Vec<(&str, usize, usize)> = ["U.S.", "Britain", "France"]
            .iter()
            .map(|c| (*c, s.find(c).unwrap(), s.find(c).unwrap() + c.len()))
            .collect();
        let r = at(s, "ransom").unwrap();
        assert!(!refuses(s, &spans, &"France", r));
        assert!(!refuses(s, &spans, &"Britain", r));
        let s = "The U.S. freed them, confirming the fears of critics who objected to the deal.";
        let r = at(s, "deal").unwrap();
        assert!(!refuses(s, &[("U.S.", 4, 8)], &"U.S.", r));
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
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
        let mut p = vec![0.1, 0.2, 0.7];
        assert!(swap_polar(&labels, &mut p));
        assert!(close(&p, &[0.1, 0.898, 0.002]), "{p:?}");
        let mut q = vec![0.3, 0.7];
        assert!(!swap_polar(&labels[1..2], &mut q));
        assert_eq!(q, vec![0.3, 0.7]);
        // A refusal moves all but 1% of support to oppose.
        let mut r = vec![0.1, 0.2, 0.7];
        assert!(to_oppose(&labels, &mut r, false));
        assert!(close(&r, &[0.1, 0.893, 0.007]), "{r:?}");
        // Refusing what an undoing topic undoes supports the undoing.
        let mut u = vec![0.1, 0.2, 0.7];
        assert!(to_oppose(&labels, &mut u, true));
        assert!(close(&u, &[0.1, 0.002, 0.898]), "{u:?}");
        let mut z = vec![0.5, 0.5, 0.0];
        assert!(!to_oppose(&labels, &mut z, false));
        assert!(!to_oppose(&labels[..2], &mut z, false));
    }
}
