//! Holder/target-aware features for entity-to-entity stance.
//!
//! A plain text classifier cannot tell that "China and Russia oppose the US
//! deployment of THAAD" is oppose for China but support for the United
//! States. So before vectorizing, each (sentence, holder, target) input is
//! rewritten:
//!
//! * every mention of the holder (any alias the gazetteer knows: "Beijing",
//!   "Chinese", "China's Foreign Ministry", or the literal holder string when
//!   it is not a country) becomes the token `xholderx`;
//! * mentions of other countries become `xotherx`;
//! * mentions of the target (the literal target and, for topics, its
//!   aliases) become `xtargetx`.
//!
//! The same sentence therefore yields different features for different
//! holders. [`EntityMarker::context`] adds positional features as tokens of
//! a separate vocabulary: up to `window` words left and right of the first
//! holder mention (`hl_`, `hr_`) and of the first target mention (`tl_`,
//! `tr_`), the words between them (`bt_`), their order (`order_ht` /
//! `order_th` / `order_none`) and a bucketed distance in words (`dist_0-2`,
//! `dist_3-5`, `dist_6-10`, `dist_11+`). All settings are saved in the model.

use serde::{Deserialize, Serialize};

use crate::entities::gazetteer::{CountryId, Gazetteer};
use crate::error::Result;

/// Stance words written for stancekit, as lowercase word beginnings: the
/// first list supports what follows, the second opposes it.
pub const STANCE_LEXICON: [(&str, &[&str]); 2] = [
    (
        "support",
        &[
            "back", "support", "welcom", "pledg", "join", "endors", "deploy", "fund", "approv",
            "sign", "ratif", "agree", "prais", "favo", "advocat", "propos", "launch", "vow",
            "commit", "defend", "impos", "accept", "embrac", "champion", "urg", "call", "push",
            "seek", "sought", "want", "plan", "decid", "announc", "insist", "offer", "promis",
        ],
    ),
    (
        "oppose",
        &[
            "condemn", "reject", "refus", "boycott", "veto", "oppos", "critic", "denounc",
            "protest", "warn", "rule", "deni", "deny", "dismiss", "slam", "block", "ban",
            "suspend", "withdr", "halt", "resist", "object", "accus", "retaliat", "scrap",
            "abandon", "quit", "lambast", "blast", "attack", "decr", "fear",
        ],
    ),
];

/// Words that negate or hedge the stance word after them.
const NEGATORS: [&str; 12] = [
    "not", "no", "never", "n't", "refused", "declined", "failed", "yet", "unlikely", "may",
    "might", "could",
];

/// Prepositions that make the following mention an object or a place.
const PREPOSITIONS: [&str; 14] = [
    "in", "on", "against", "to", "from", "at", "with", "by", "over", "into", "toward", "towards",
    "for", "of",
];

/// Verbs of speaking that make the mention before them a speaker.
const SPEECH: [&str; 8] = [
    "said",
    "says",
    "told",
    "announced",
    "stated",
    "declared",
    "insisted",
    "added",
];

/// The holder's role at word `i` and the stance words it governs, pushed as
/// `role_...` and `lexh_...` tokens (see [`EntityConfig::roles`]).
pub fn holder_roles(words: &[String], i: usize, push: &mut dyn FnMut(&str, &str)) {
    let before = i.checked_sub(1).map(|j| words[j].as_str());
    let after = words.get(i + 1).map(String::as_str);
    match before {
        Some(b) if PREPOSITIONS.contains(&b) => push("role_", &format!("prep_{b}")),
        _ => {}
    }
    if matches!(after, Some("s") | Some("'s")) {
        push("role_", "possessor");
    }
    let next: Vec<&str> = words[(i + 1).min(words.len())..(i + 7).min(words.len())]
        .iter()
        .map(String::as_str)
        .take_while(|w| *w != TARGET && *w != OTHER && *w != HOLDER)
        .collect();
    if next.iter().take(3).any(|w| SPEECH.contains(w)) {
        push("role_", "speaker");
    }
    let mut negated = false;
    for w in &next {
        if NEGATORS.contains(w) || w.ends_with("n't") {
            negated = true;
            continue;
        }
        if let Some((label, _)) = STANCE_LEXICON
            .iter()
            .find(|(_, stems)| stems.iter().any(|s| w.starts_with(s)))
        {
            let name = if negated {
                format!("neg_{label}")
            } else {
                label.to_string()
            };
            push("lexh_", &name);
            if before.is_none_or(|b| !PREPOSITIONS.contains(&b)) {
                push("role_", "subject");
            }
            break;
        }
    }
}

/// Placeholder for the holder's mentions.
pub const HOLDER: &str = "xholderx";
/// Placeholder for other countries' mentions.
pub const OTHER: &str = "xotherx";
/// Placeholder for the target's mentions.
pub const TARGET: &str = "xtargetx";

/// Settings of the marking step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityConfig {
    /// Replace holder mentions with `xholderx`.
    pub mark_holder: bool,
    /// Replace other countries' mentions with `xotherx`.
    pub mark_other_countries: bool,
    /// Replace target mentions with `xtargetx`.
    pub mark_target: bool,
    /// Words of context on each side of holder and target.
    pub window: usize,
    /// Extra target aliases: (target name, aliases), lowercase.
    #[serde(default)]
    pub target_aliases: Vec<(String, Vec<String>)>,
    /// Better name matching: the literal holder is marked even when it is
    /// also a country alias, a target that is a country brings its
    /// aliases, and a name absent from the text is matched by its
    /// capitalized parts ("Barack Obama" as "Obama").
    #[serde(default)]
    pub name_parts: bool,
    /// Extra context cues: the closest holder/target mention pair, between
    /// words crossed with their order (`btht_`, `btth_`) and their bigrams,
    /// whether each mention sits inside quotation marks (`hq_`, `tq_`),
    /// whether the holder is the first entity (`hfirst_`), negation
    /// between them (`neg_`).
    #[serde(default)]
    pub cues: bool,
    /// A separate block of the holder and target names' own words
    /// (`hn_`, `tn_`) and their pair (`hp_`), so priors such as "this
    /// party opposes that leader" are learned.
    #[serde(default)]
    pub name_features: bool,
    /// The holder's role in its clause and the stance words it governs
    /// (see [`holder_roles`]): `role_` (object of a preposition,
    /// possessor, speaker, subject) and `lexh_` (a support or oppose word
    /// of [`STANCE_LEXICON`] within a few words after the holder, with
    /// `lexh_neg_` when a negation or refusal comes between).
    #[serde(default)]
    pub roles: bool,
    /// Context and name tokens (`hl_`, `bt_`, `hn_`, ...) seen in fewer
    /// training rows than this are dropped (`train --min-df`); 1 keeps all.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub min_df: usize,
    /// Word-pair tokens of the two names in the name block: every content
    /// word of the holder's name (stop words dropped, a plural `s`
    /// trimmed) with every content word of the target's, directed
    /// (`hx_republican__obama`) and unordered (`ux_obama__republican`),
    /// so a prior learned for "Republicans -> Barack Obama" carries over
    /// to "House Republicans -> Obama administration". Needs
    /// `name_features`. Absent from older model files: off.
    #[serde(default, skip_serializing_if = "is_false")]
    pub name_pairs: bool,
    /// Scale of the name block's values after its own TF-IDF
    /// normalization, i.e. how much the name prior weighs against the
    /// text under the shared L2 penalty. Absent from older model files: 1.
    #[serde(default = "one_f64", skip_serializing_if = "is_one_f64")]
    pub name_weight: f64,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

fn one_f64() -> f64 {
    1.0
}

fn is_one_f64(x: &f64) -> bool {
    *x == 1.0
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for EntityConfig {
    fn default() -> Self {
        EntityConfig {
            mark_holder: true,
            mark_other_countries: true,
            mark_target: true,
            window: 3,
            target_aliases: Vec::new(),
            name_parts: true,
            cues: true,
            name_features: true,
            roles: false,
            min_df: 1,
            name_pairs: false,
            name_weight: 1.0,
        }
    }
}

/// A ready marker built from an [`EntityConfig`].
#[derive(Debug, Clone)]
pub struct EntityMarker {
    config: EntityConfig,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Holder,
    Target,
    Other,
}

impl EntityMarker {
    /// Build a marker.
    pub fn new(config: &EntityConfig) -> Result<EntityMarker> {
        Ok(EntityMarker {
            config: config.clone(),
        })
    }

    /// The settings.
    pub fn config(&self) -> &EntityConfig {
        &self.config
    }

    fn spans(
        &self,
        text: &str,
        holder: Option<&str>,
        target: Option<&str>,
    ) -> Vec<(usize, usize, Kind)> {
        let gaz = Gazetteer::builtin();
        let holder_country: Option<CountryId> = holder.and_then(|h| gaz.lookup(h));
        let target_country: Option<CountryId> = if self.config.name_parts {
            target
                .and_then(|t| gaz.lookup(t))
                .filter(|&c| Some(c) != holder_country)
        } else {
            None
        };
        let parts = self.config.name_parts;
        let mut spans: Vec<(usize, usize, Kind)> = Vec::new();
        if self.config.mark_target {
            if let Some(t) = target.filter(|t| !t.trim().is_empty()) {
                let mut names = vec![t.trim().to_lowercase()];
                if let Some((_, al)) = self
                    .config
                    .target_aliases
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(t.trim()))
                {
                    names.extend(al.iter().cloned());
                }
                for n in &names {
                    for (s, e) in find_ci(text, n) {
                        spans.push((s, e, Kind::Target));
                    }
                }
                if parts && spans.is_empty() {
                    for (s, e) in name_parts_hits(text, t) {
                        spans.push((s, e, Kind::Target));
                    }
                }
            }
        }
        let mut holder_found = false;
        for m in gaz.find(text) {
            let kind = if Some(m.country) == holder_country {
                holder_found = true;
                Kind::Holder
            } else if target_country.is_some() && Some(m.country) == target_country {
                Kind::Target
            } else {
                Kind::Other
            };
            if kind == Kind::Other && !self.config.mark_other_countries {
                continue;
            }
            if kind == Kind::Holder && !self.config.mark_holder {
                continue;
            }
            spans.push((m.start, m.end, kind));
        }
        if self.config.mark_holder && (!holder_found || parts) {
            if let Some(h) = holder.filter(|h| !h.trim().is_empty()) {
                let h = h.trim();
                let mut hits = find_ci(text, h);
                if hits.is_empty() && !holder_found {
                    if parts {
                        hits = name_parts_hits(text, h);
                    } else if let Some(last) = h.split_whitespace().last().filter(|w| w.len() > 2) {
                        // "Donald Trump" named as "Trump"; "House Republicans"
                        // as "Republicans": try the last word of the holder.
                        hits = find_ci(text, last);
                    }
                }
                // A literal holder mention overrides an overlapping country
                // mention ("the United States" as holder and as country).
                spans.retain(|&(s, e, _)| !hits.iter().any(|&(hs, he)| s < he && hs < e));
                for (s, e) in hits {
                    spans.push((s, e, Kind::Holder));
                }
            }
        }
        // Keep non-overlapping spans: earlier first, then longer, then
        // holder over target over other (a target that is a country is
        // the target, not "another country").
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out: Vec<(usize, usize, Kind)> = Vec::with_capacity(spans.len());
        for s in spans {
            if out.last().is_none_or(|l| s.0 >= l.1) {
                out.push(s);
            }
        }
        out
    }

    /// The text with holder, other-country and target mentions replaced by
    /// placeholder tokens.
    pub fn mark(&self, text: &str, holder: Option<&str>, target: Option<&str>) -> String {
        let spans = self.spans(text, holder, target);
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for (s, e, k) in spans {
            out.push_str(&text[at..s]);
            out.push(' ');
            out.push_str(match k {
                Kind::Holder => HOLDER,
                Kind::Other => OTHER,
                Kind::Target => TARGET,
            });
            out.push(' ');
            at = e;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Positional context tokens of a marked text (see module docs).
    pub fn context(&self, marked: &str) -> String {
        let mut words: Vec<String> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut buf = String::new();
        crate::text::tokens::for_each_token(marked, &mut buf, |t, r| {
            words.push(t.to_string());
            starts.push(r.start);
        });
        let cues = self.config.cues;
        let hs: Vec<usize> = (0..words.len()).filter(|&i| words[i] == HOLDER).collect();
        let ts: Vec<usize> = (0..words.len()).filter(|&i| words[i] == TARGET).collect();
        let (h, t) = if cues && !hs.is_empty() && !ts.is_empty() {
            let mut best = (hs[0], ts[0]);
            for &a in &hs {
                for &b in &ts {
                    if a.abs_diff(b) < best.0.abs_diff(best.1) {
                        best = (a, b);
                    }
                }
            }
            (Some(best.0), Some(best.1))
        } else {
            (hs.first().copied(), ts.first().copied())
        };
        let w = self.config.window;
        let mut out = String::new();
        let mut push = |p: &str, s: &str| {
            out.push_str(p);
            out.push_str(s);
            out.push(' ');
        };
        let around = |i: usize, l: &str, r: &str, push: &mut dyn FnMut(&str, &str)| {
            for (k, word) in words[i.saturating_sub(w)..i].iter().rev().enumerate() {
                push(l, word);
                if k == 0 {
                    push(&format!("{l}1_"), word);
                }
            }
            for (k, word) in words[(i + 1).min(words.len())..(i + 1 + w).min(words.len())]
                .iter()
                .enumerate()
            {
                push(r, word);
                if k == 0 {
                    push(&format!("{r}1_"), word);
                }
            }
        };
        if let Some(i) = h {
            around(i, "hl_", "hr_", &mut push);
        }
        if let Some(i) = t {
            around(i, "tl_", "tr_", &mut push);
        }
        if cues {
            let inq = |i: usize| {
                let before = &marked[..starts[i]];
                let straight = before.matches('"').count();
                let open = before.matches('\u{201C}').count();
                let close = before.matches('\u{201D}').count();
                straight % 2 == 1 || open > close
            };
            if let Some(i) = h {
                push("hq_", if inq(i) { "in" } else { "out" });
            }
            if let Some(i) = t {
                push("tq_", if inq(i) { "in" } else { "out" });
            }
        }
        if cues {
            if let Some(i) = h {
                let first_ent = words
                    .iter()
                    .position(|x| x == HOLDER || x == TARGET || x == OTHER);
                if first_ent == Some(i) {
                    push("hfirst_", if i <= 2 { "start" } else { "mid" });
                }
            }
        }
        if self.config.roles {
            if let Some(i) = h {
                holder_roles(&words, i, &mut push);
            }
        }
        match (h, t) {
            (Some(a), Some(b)) => {
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                let ord = if a < b { "ht" } else { "th" };
                push("order_", ord);
                let between = &words[lo + 1..hi];
                let crossed = cues;
                let cp = format!("bt{ord}_");
                for word in between {
                    push("bt_", word);
                    if crossed {
                        push(&cp, word);
                    }
                }
                if cues {
                    for pair in between.windows(2) {
                        push(&cp, &format!("{}_{}", pair[0], pair[1]));
                    }
                }
                if cues {
                    const NEG: [&str; 8] = [
                        "not", "no", "never", "n't", "don't", "didn't", "won't", "without",
                    ];
                    if between
                        .iter()
                        .any(|x| NEG.contains(&x.as_str()) || x.ends_with("n't"))
                    {
                        push("neg_", ord);
                    }
                }
                let d = hi - lo - 1;
                push(
                    "dist_",
                    match d {
                        0..=2 => "0-2",
                        3..=5 => "3-5",
                        6..=10 => "6-10",
                        _ => "11plus",
                    },
                );
            }
            (Some(_), None) => push("order_", "holder_only"),
            (None, Some(_)) => push("order_", "target_only"),
            (None, None) => push("order_", "none"),
        }
        out
    }

    /// Tokens of the holder and target names themselves (`hn_`, `tn_`, and
    /// the pair `hp_`), so priors such as "a party opposes the other
    /// party's leader" can be learned.
    pub fn name_tokens(&self, holder: Option<&str>, target: Option<&str>) -> String {
        let mut out = String::new();
        let norm = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let h = holder.map(norm).unwrap_or_default();
        let t = target.map(norm).unwrap_or_default();
        for w in &h {
            out.push_str(&format!("hn_{w} "));
        }
        for w in &t {
            out.push_str(&format!("tn_{w} "));
        }
        if !h.is_empty() && !t.is_empty() {
            out.push_str(&format!("hp_{}__{} ", h.join("_"), t.join("_")));
        }
        if self.config.name_pairs {
            let content = |v: &[String]| -> Vec<String> {
                v.iter()
                    .filter(|w| !crate::text::tokens::is_stop_word(w))
                    .map(|w| match w.strip_suffix('s') {
                        Some(s) if w.len() > 3 && !s.ends_with('s') => s.to_string(),
                        _ => w.clone(),
                    })
                    .collect()
            };
            let (hc, tc) = (content(&h), content(&t));
            for a in &hc {
                for b in &tc {
                    let (x, y) = if a < b { (a, b) } else { (b, a) };
                    out.push_str(&format!("hx_{a}__{b} ux_{x}__{y} "));
                }
            }
        }
        out
    }
}

/// Occurrences of the parts of a multi-word name ("Barack Obama" as
/// "Obama", "House Republicans" as "Republicans"): capitalized words of
/// three or more letters that are not stop words, with a leading "the"
/// and a trailing possessive dropped.
pub fn name_parts_hits(text: &str, name: &str) -> Vec<(usize, usize)> {
    let mut hits = Vec::new();
    for w in name.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = w.to_lowercase();
        if w.chars().count() < 3
            || !w.chars().next().is_some_and(char::is_uppercase)
            || crate::text::tokens::is_stop_word(&lower)
        {
            continue;
        }
        hits.extend(find_ci(text, w));
    }
    hits.sort();
    hits.dedup();
    hits
}

/// Whether the match `hay[s..e]` of `needle` stands as a whole word: no
/// word character glued to a word-character edge of the needle, and both
/// ends on char boundaries. The test [`find_ci`] applies to each candidate.
fn whole_word(hay: &str, needle: &[u8], s: usize, e: usize) -> bool {
    let h = hay.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (s == 0 || !is_word(h[s - 1]) || !is_word(needle[0]))
        && (e == h.len() || !is_word(h[e]) || !is_word(needle[needle.len() - 1]))
        && hay.is_char_boundary(s)
        && hay.is_char_boundary(e)
}

/// Many needles searched at once: which of them occur in a text as whole
/// words, with the semantics of [`find_ci`] (ASCII case folding, word
/// boundaries), in one pass over the text instead of one per needle.
/// Build it once per needle set (e.g. the topic aliases of an article run)
/// and query it per sentence.
#[derive(Debug, Clone)]
pub struct AliasMatcher {
    /// Automaton over the distinct non-empty needles, lowercased.
    ac: Option<aho_corasick::AhoCorasick>,
    /// Distinct lowercased needles, in automaton pattern order.
    patterns: Vec<Vec<u8>>,
    /// For each input needle, its automaton pattern (None when empty).
    pattern_of: Vec<Option<usize>>,
}

impl AliasMatcher {
    /// A matcher for `needles` (queried by their index in this list).
    pub fn new<S: AsRef<str>>(needles: &[S]) -> AliasMatcher {
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut pattern_of = Vec::with_capacity(needles.len());
        for n in needles {
            let n = n.as_ref().as_bytes().to_ascii_lowercase();
            if n.is_empty() {
                pattern_of.push(None);
                continue;
            }
            let id = match patterns.iter().position(|p| *p == n) {
                Some(id) => id,
                None => {
                    patterns.push(n);
                    patterns.len() - 1
                }
            };
            pattern_of.push(Some(id));
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            // Standard match kind allows overlapping search: every
            // occurrence of every pattern is seen, so the whole-word test
            // is applied to all candidates, as `find_ci` does.
            Some(
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    // A full DFA: one table lookup per byte of the text
                    // (the default picks a slower NFA for a few hundred
                    // patterns); the same matches.
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&patterns)
                    .expect("a few literal patterns always build"),
            )
        };
        AliasMatcher {
            ac,
            patterns,
            pattern_of,
        }
    }

    /// Number of needles the matcher was built with.
    pub fn len(&self) -> usize {
        self.pattern_of.len()
    }

    /// Whether the matcher was built with no needles.
    pub fn is_empty(&self) -> bool {
        self.pattern_of.is_empty()
    }

    /// Which needles occur in `hay`: `out[i]` is `!find_ci(hay,
    /// needles[i]).is_empty()`. `out` is cleared and refilled (reuse it
    /// across calls to avoid allocating).
    pub fn present(&self, hay: &str, out: &mut Vec<bool>) {
        out.clear();
        out.resize(self.pattern_of.len(), false);
        let Some(ac) = &self.ac else {
            return;
        };
        let mut seen = vec![false; self.patterns.len()];
        let mut left = self.patterns.len();
        for m in ac.find_overlapping_iter(hay) {
            let p = m.pattern().as_usize();
            if !seen[p] && whole_word(hay, &self.patterns[p], m.start(), m.end()) {
                seen[p] = true;
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        for (o, p) in out.iter_mut().zip(&self.pattern_of) {
            *o = p.is_some_and(|p| seen[p]);
        }
    }

    /// Every whole-word occurrence in `hay` of every needle, as (needle
    /// index, start, end), ordered by start then needle index. A needle
    /// listed twice is reported under each of its indices.
    pub fn occurrences(&self, hay: &str) -> Vec<(usize, usize, usize)> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(hay) {
            let p = m.pattern().as_usize();
            if whole_word(hay, &self.patterns[p], m.start(), m.end()) {
                for (i, q) in self.pattern_of.iter().enumerate() {
                    if *q == Some(p) {
                        out.push((i, m.start(), m.end()));
                    }
                }
            }
        }
        out.sort_unstable_by_key(|&(i, s, _)| (s, i));
        out
    }
}

/// Case-insensitive whole-word occurrences of `needle` in `hay` (byte
/// ranges into `hay`). ASCII case folding, so offsets stay exact.
pub fn find_ci(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let n = needle.as_bytes();
    let h = hay.as_bytes();
    let mut out = Vec::new();
    if n.is_empty() || n.len() > h.len() {
        return out;
    }
    let (lower, upper) = (n[0].to_ascii_lowercase(), n[0].to_ascii_uppercase());
    let last = h.len() - n.len();
    let mut i = 0;
    while i <= last {
        // Positions whose byte cannot begin the needle are skipped.
        match memchr::memchr2(lower, upper, &h[i..=last]) {
            Some(k) => i += k,
            None => break,
        }
        if h[i..i + n.len()].eq_ignore_ascii_case(n) && whole_word(hay, n, i, i + n.len()) {
            out.push((i, i + n.len()));
            i += n.len();
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_give_every_whole_word_hit_with_its_needle() {
        let m = AliasMatcher::new(&["Paris agreement", "paris", "tariffs", "Paris"]);
        assert_eq!(
            m.occurrences("The Paris Agreement on tariffs; parisian tariffs."),
            vec![(0, 4, 19), (1, 4, 9), (3, 4, 9), (2, 23, 30), (2, 41, 48)]
        );
        assert!(AliasMatcher::new::<&str>(&[])
            .occurrences("Paris")
            .is_empty());
    }

    #[test]
    fn find_ci_respects_word_boundaries() {
        assert_eq!(
            find_ci("THAAD and thaads, Thaad.", "thaad"),
            vec![(0, 5), (18, 23)]
        );
        assert_eq!(find_ci("anti-missile", "missile"), vec![(5, 12)]);
    }

    #[test]
    fn alias_matcher_agrees_with_find_ci() {
        let needles = [
            "thaad",
            "THAAD",
            "",
            "missile",
            "anti-missile",
            "missile defense",
            "sanction",
            "sanctions",
            "a.b",
            "Zürich",
        ];
        let m = AliasMatcher::new(&needles);
        assert_eq!(m.len(), 10);
        let mut out = Vec::new();
        for hay in [
            "THAAD and thaads, Thaad.",
            "thaads only",
            "the anti-missile Missile Defense plan",
            "new sanctions today",
            "one sanction",
            "xa.b and a.bc",
            "in zürich or ZÜRICH or Zürich",
            "",
        ] {
            m.present(hay, &mut out);
            let want: Vec<bool> = needles
                .iter()
                .map(|n| !find_ci(hay, n).is_empty())
                .collect();
            assert_eq!(out, want, "{hay}");
        }
        m.present("Thaad, missiles and sanctions", &mut out);
        assert_eq!(
            out,
            [true, true, false, false, false, false, false, true, false, false]
        );
        let empty = AliasMatcher::new::<&str>(&[]);
        assert!(empty.is_empty());
        empty.present("anything", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn same_sentence_different_holders() {
        let m = EntityMarker::new(&EntityConfig::default()).unwrap();
        let s = "China and Russia oppose the US deployment of THAAD.";
        let a = m.mark(s, Some("China"), Some("THAAD"));
        let b = m.mark(s, Some("United States"), Some("THAAD"));
        assert_eq!(
            a,
            " xholderx  and  xotherx  oppose the  xotherx  deployment of  xtargetx ."
        );
        assert_eq!(
            b,
            " xotherx  and  xotherx  oppose the  xholderx  deployment of  xtargetx ."
        );
        assert_ne!(m.context(&a), m.context(&b));
    }

    #[test]
    fn literal_holder_when_not_a_country() {
        let m = EntityMarker::new(&EntityConfig::default()).unwrap();
        let s = "Trump criticized the senator's plan.";
        assert_eq!(
            m.mark(s, Some("Donald Trump"), Some("the senator")),
            " xholderx  criticized  xtargetx 's plan."
        );
    }

    #[test]
    fn context_has_windows_order_and_distance() {
        let m = EntityMarker::new(&EntityConfig {
            window: 1,
            cues: false,
            ..EntityConfig::default()
        })
        .unwrap();
        let c = m.context("so xholderx firmly opposes xtargetx now");
        assert_eq!(
            c,
            "hl_so hl_1_so hr_firmly hr_1_firmly tl_opposes tl_1_opposes tr_now tr_1_now order_ht bt_firmly bt_opposes dist_0-2 "
        );
    }

    #[test]
    fn cues_use_the_closest_pair_order_quotes_and_negation() {
        let m = EntityMarker::new(&EntityConfig {
            window: 1,
            ..EntityConfig::default()
        })
        .unwrap();
        // The second holder mention is closer to the target; the target is
        // quoted; "not" lies between them.
        let c = m.context("xholderx said xholderx \"did not back xtargetx\"");
        assert_eq!(
            c,
            "hl_said hl_1_said hr_did hr_1_did tl_back tl_1_back hq_out tq_in \
             order_ht bt_did btht_did bt_not btht_not bt_back btht_back btht_did_not \
             btht_not_back neg_ht dist_3-5 "
        );
        // Reverse direction: the same words are crossed with the other order.
        let r = m.context("xtargetx praised xholderx");
        assert!(r.contains("btth_praised") && !r.contains("btht_"), "{r}");
        assert!(!r.contains("hfirst_"), "{r}");
    }

    #[test]
    fn name_parts_and_literal_holder() {
        let m = EntityMarker::new(&EntityConfig::default()).unwrap();
        assert_eq!(
            name_parts_hits("Obama met the House speaker.", "Barack Obama"),
            vec![(0, 5)]
        );
        // Lowercase words and stop words of a name are not matched alone.
        assert!(name_parts_hits("the party met", "the party of x").is_empty());
        assert_eq!(
            m.mark(
                "Obama thanked Republicans.",
                Some("Barack Obama"),
                Some("House Republicans")
            ),
            " xholderx  thanked  xtargetx ."
        );
        // A country target brings its aliases.
        assert_eq!(
            m.mark(
                "Japan warned Beijing and China.",
                Some("Japan"),
                Some("China")
            ),
            " xholderx  warned  xtargetx  and  xtargetx ."
        );
    }

    #[test]
    fn name_tokens_list_words_and_pair() {
        let m = EntityMarker::new(&EntityConfig::default()).unwrap();
        assert_eq!(
            m.name_tokens(Some("Republican Party"), Some("Barack Obama")),
            "hn_republican hn_party tn_barack tn_obama hp_republican_party__barack_obama "
        );
        assert_eq!(m.name_tokens(None, Some("U.S.")), "tn_u tn_s ");
    }

    #[test]
    fn name_pairs_cross_content_words_both_ways() {
        let m = EntityMarker::new(&EntityConfig {
            name_pairs: true,
            ..EntityConfig::default()
        })
        .unwrap();
        assert_eq!(
            m.name_tokens(Some("the Republicans"), Some("Barack Obama")),
            "hn_the hn_republicans tn_barack tn_obama hp_the_republicans__barack_obama \
             hx_republican__barack ux_barack__republican \
             hx_republican__obama ux_obama__republican "
        );
        // Without both names there is no pair.
        assert_eq!(m.name_tokens(None, Some("Congress")), "tn_congress ");
    }

    #[test]
    fn holder_roles_name_object_possessor_speaker_and_stance_words() {
        let roles = |text: &str| {
            let words: Vec<String> = text.split(' ').map(String::from).collect();
            let i = words.iter().position(|w| w == HOLDER).unwrap();
            let mut out = Vec::new();
            holder_roles(&words, i, &mut |p: &str, s: &str| {
                out.push(format!("{p}{s}"))
            });
            out
        };
        assert_eq!(
            roles("xholderx firmly rejected xtargetx"),
            ["lexh_oppose", "role_subject"]
        );
        assert_eq!(
            roles("xholderx said it would not back xtargetx"),
            ["role_speaker", "lexh_neg_support", "role_subject"]
        );
        assert_eq!(
            roles("sanctions against xholderx were extended"),
            ["role_prep_against"]
        );
        assert_eq!(
            roles("xholderx s envoy welcomed xtargetx"),
            ["role_possessor", "lexh_support", "role_subject"]
        );
        // Stance words past the next entity belong to it, not to the holder.
        assert_eq!(
            roles("xholderx and xotherx condemned xtargetx"),
            Vec::<String>::new()
        );
    }
}
