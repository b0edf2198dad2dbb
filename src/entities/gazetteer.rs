//! Country gazetteer: finds where a text names a country, by name ("South
//! Korea", "U.S."), demonym ("Russian"), capital ("Beijing") or seat of power
//! ("the Kremlin"), and resolves free-text holder names ("the United States")
//! to a country.
//!
//! The table is `datasets/gazetteer/countries.tsv` (193 UN members, the two
//! observer states, and commonly named territories), compiled into the binary;
//! `datasets/gazetteer/not_countries.txt` lists phrases that contain an alias
//! but do not name a country ("New Mexico", "Indian Ocean"). The README in
//! that folder records the data decisions (bare "Korea" is not matched, bare
//! "Congo" is DR Congo, "Jerusalem" and "Brussels" are not matched, ...).
//! The words the context rules and institutions look for are data too:
//! `context_words.txt` and `institutions.tsv` in the same folder.
//!
//! This file holds the public types, the matcher ([`Gazetteer::find`],
//! [`Gazetteer::lookup`]) and its building from the table and user
//! aliases. Beside it: `tokens.rs` (how text and aliases are cut),
//! `context.rs` (the context rules below and their word lists) and
//! `institutions.rs` (the institution phrases below); each uses only
//! `tokens.rs`, and this file uses all three.
//!
//! # Matching
//!
//! Text is cut into tokens: maximal runs of letters and digits, and single
//! punctuation characters (curly apostrophes and dashes are read as `'` and
//! `-`); whitespace only separates. An alias is a token sequence, so
//! "Guinea" never matches inside "Guinea-Bissau"'s neighbour "Guineans" and
//! "Niger" never matches inside "Nigeria". At each token the longest alias
//! starting there wins (looked up by its first token in a hash map), so
//! "Papua New Guinea" beats "Guinea" and "New Mexico" (a non-country phrase)
//! beats "Mexico". Matching is case-sensitive as the alias is written, or in
//! ALL CAPS: "turkey" the bird, "chad" and "us" never match.
//!
//! # Context rules
//!
//! A few aliases are also common words or names; a match is dropped when:
//!
//! - *Person or compound name* (aliases "Jordan", "Chad", "Georgia", "Cuba",
//!   "Holland", "America", and every capital city): the next word is
//!   capitalized and is not a weekday, month, institution word ("Foreign",
//!   "President", "Army", ...) or the start of another alias ("Jordan
//!   Peterson", "Chad Johnson", "Washington Post", "Paris Agreement"); or the
//!   previous word is a common given name ("Michael Jordan"), an initial
//!   ("Booker T. Washington", "E.C. Jordan"), or any capitalized word in
//!   mid-sentence that is not itself part of a mention and not a word like
//!   "Communist" or a weekday ("Denzel Washington"). These rules are off in
//!   ALL CAPS and in title-case lines (a headline with a capitalized "Over",
//!   "With", "To", ...).
//! - *Georgia, the US state*: followed by "state", or (after an optional
//!   possessive) by governor, senator, legislature, county, Republicans,
//!   Democrats, ...; preceded by "state of" or by a Georgia city and a comma
//!   ("Atlanta, Georgia"); or the whole text has US cues (Republican, Democrats, Atlanta,
//!   Kemp, runoff, swing state, another US state's name, ...) and no cues for
//!   the country (Tbilisi, Caucasus, Abkhazia, Ossetia, Georgian Dream, ...).
//!   So "Georgia voters" is the state in an article about a US election and
//!   the country otherwise. "Georgia-Pacific" (a hyphen and a capitalized
//!   word that starts no alias) is a company; the same holds for the other
//!   person-prone names.
//! - *Titled names* (the office holders' surnames an undated article
//!   resolves, [`Gazetteer::with_titled`]): unless right after a title or
//!   an honorific ("Mr", "Mrs", "Ms", "President", "Chancellor", "Prime
//!   Minister", "Foreign Minister", "Foreign Secretary", "Defence
//!   Minister", "Defense Secretary", "Secretary of State", ..., a "."
//!   after it skipped): "Mr Straw" is Britain, "straw" and "Straw said"
//!   are nothing.
//! - *US towns*: a capital followed by a comma and a US state or its
//!   abbreviation ("Paris, Texas", "San Jose, Calif.", "Athens, Georgia").
//! - *Washington, the US state*: followed by "state"/"State" or a governor-like
//!   word; preceded by "state of" or a Washington city and a comma ("Seattle,
//!   Washington"). "Washington, D.C." is an alias of its own.
//! - *turkey, the bird*: "Turkey" followed by dinner, sandwich, breast, farm,
//!   ... or preceded by Thanksgiving, Christmas, roast, wild, ....
//!
//! # Institutions
//!
//! A mention followed (after an optional possessive) by up to three modifier
//! words and an institution word reports it: "China's Foreign Ministry",
//! "the Russian Foreign Ministry", "South Korean authorities", "U.S.
//! officials". The mention span stays on the country part; the institution
//! carries its kind and end offset.

use std::path::Path;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Result};

mod context;
mod institutions;
mod tokens;

use context::{is_given_name, rule_for, Ctx, Rule};
use institutions::institution_after;
pub use institutions::{Institution, InstitutionKind};
use tokens::{
    alias_tokens, fold_accents, is_all_caps, is_word_char, seq_matches, token_key, tokenize, ATok,
    Tok,
};

const COUNTRIES_TSV: &str = include_str!("../../datasets/gazetteer/countries.tsv");
const COUNTRIES_PATH: &str = "datasets/gazetteer/countries.tsv";
const NOT_COUNTRIES_TXT: &str = include_str!("../../datasets/gazetteer/not_countries.txt");
const NOT_COUNTRIES_PATH: &str = "datasets/gazetteer/not_countries.txt";

/// Index of a country in its [`Gazetteer`] (table order). Ids are only
/// meaningful for the gazetteer that issued them; the built-in table and one
/// extended with an aliases file share them, since user files add aliases,
/// never countries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryId(pub u16);

/// Standing of a table row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// UN member state.
    Member,
    /// UN observer state (Holy See, Palestine).
    Observer,
    /// Territory or partly recognised state (Taiwan, Kosovo, Hong Kong, ...).
    Territory,
}

/// How a mention names its country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionKind {
    /// A name or short form: "South Korea", "U.S.", "DPRK".
    Name,
    /// A demonym or adjective: "Russian", "Britons".
    Demonym,
    /// A capital or seat-of-government city: "Beijing", "Kyiv", "Abidjan".
    Capital,
    /// A building or body standing for the government: "Kremlin", "White
    /// House", "Downing Street", "Zhongnanhai".
    Seat,
}

impl MentionKind {
    /// Lowercase name as used in the aliases file: `name`, `demonym`,
    /// `capital`, `seat`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Demonym => "demonym",
            MentionKind::Capital => "capital",
            MentionKind::Seat => "seat",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "name" => Some(MentionKind::Name),
            "demonym" => Some(MentionKind::Demonym),
            "capital" => Some(MentionKind::Capital),
            "seat" => Some(MentionKind::Seat),
            _ => None,
        }
    }
}

/// One listed alias of a country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the table ("U.S.", "Élysée").
    pub text: String,
    /// Its kind.
    pub kind: MentionKind,
    /// Marked `~` in the table: listed but never matched for this country
    /// ("Korea", "Jerusalem").
    pub ambiguous: bool,
}

/// A country or territory of the table.
#[derive(Clone, Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (`XKX` for Kosovo).
    pub iso3: String,
    /// Canonical English short name ("United States", "South Korea").
    pub name: String,
    /// UN member, observer or territory.
    pub status: Status,
    /// Every listed alias, the canonical name first, in table order, then
    /// those added by an aliases file. Accent-free variants that matching
    /// adds automatically are not listed.
    pub aliases: Vec<Alias>,
}

impl Country {
    /// The aliases of one kind, ambiguous ones included.
    pub fn aliases_of(&self, kind: MentionKind) -> impl Iterator<Item = &Alias> {
        self.aliases.iter().filter(move |a| a.kind == kind)
    }
}

/// One country mention in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The country named.
    pub country: CountryId,
    /// How it is named.
    pub kind: MentionKind,
    /// The institution that follows, if any ("Foreign Ministry").
    pub institution: Option<Institution>,
}

/// The country table plus a compiled matcher. Build once and share:
/// [`Gazetteer::builtin`] is a process-wide instance.
#[derive(Debug)]
pub struct Gazetteer {
    countries: Vec<Country>,
    iso3: FxHashMap<String, CountryId>,
    entries: Vec<Entry>,
    /// First token (as written) -> entries, longest first.
    first_exact: FxHashMap<Box<str>, Vec<u32>>,
    /// First token in upper case -> entries, longest first (ALL CAPS text).
    first_upper: FxHashMap<Box<str>, Vec<u32>>,
    /// By a token's first byte, whether some key of `first_exact` (bit
    /// [`EXACT`]) or of `first_upper` (bit [`UPPER`]) starts with it: most
    /// words of a text start no alias and need no lookup.
    first_bytes: [u8; 256],
    /// Token key ("U . S .") -> target, for `lookup`.
    by_key: FxHashMap<String, Target>,
    /// Lowercased token key -> country, `None` when it is ambiguous.
    by_lower_key: FxHashMap<String, Option<CountryId>>,
    /// Office holders' one-word names ([`Gazetteer::with_leaders`]).
    surnames: FxHashSet<Box<str>>,
}

/// Bit of [`Gazetteer::first_bytes`]: a `first_exact` key starts with the byte.
const EXACT: u8 = 1;
/// Bit of [`Gazetteer::first_bytes`]: a `first_upper` key starts with the byte.
const UPPER: u8 = 2;

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(|| match Builder::builtin() {
    Ok(b) => b.build(),
    Err(e) => panic!("built-in gazetteer is invalid: {e}"),
});

impl Gazetteer {
    /// The built-in table, compiled on first use and shared.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// The built-in table plus the aliases in `path`.
    ///
    /// One alias per line: `ISO3<TAB>alias` or `ISO3<TAB>alias<TAB>kind`, kind
    /// one of `name` (the default), `demonym`, `capital`, `seat`. `ISO3` may be
    /// `-` to declare a non-country phrase ("Georgia Tech"). An alias prefixed
    /// with `~` is suppressed for that country. Blank lines and lines starting
    /// with `#` are skipped. A user alias overrides any built-in claim on the
    /// same text, so `KOR<TAB>Korea` makes bare "Korea" South Korea.
    ///
    /// Errors name the place: `aliases.tsv:3: unknown country code "XYZ";
    /// expected ...`.
    pub fn with_aliases_file(path: impl AsRef<Path>) -> Result<Gazetteer> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Gazetteer::with_aliases(&text, &path.display().to_string())
    }

    /// Like [`Gazetteer::with_aliases_file`], reading the aliases from `text`;
    /// `source` names it in error messages.
    pub fn with_aliases(text: &str, source: &str) -> Result<Gazetteer> {
        Gazetteer::with_titled(text, source, &[])
    }

    /// Like [`Gazetteer::with_aliases`], plus `titled`: `(ISO3, name)`
    /// pairs of names (surnames of office holders) that name the country
    /// only right after a title or honorific ("President Obama", "Prime
    /// Minister Blair", "Mr. Straw"; see the module docs), so that a bare
    /// "Straw" or "Brown" is no country. `text`'s lines come after them
    /// and win on the same name.
    pub fn with_titled(text: &str, source: &str, titled: &[(String, String)]) -> Result<Gazetteer> {
        Gazetteer::with_leaders(text, source, titled, &[])
    }

    /// Like [`Gazetteer::with_titled`], where the one-word names among
    /// `titled` and `surnames` (texts of `text`'s aliases) are office
    /// holders' surnames: such a name is no country in a text where the
    /// same word follows a given name that starts no holder's full name
    /// ("Microsoft founder Bill Gates ... Mr Gates").
    pub fn with_leaders(
        text: &str,
        source: &str,
        titled: &[(String, String)],
        surnames: &[String],
    ) -> Result<Gazetteer> {
        let mut b = Builder::builtin()?;
        let listed: String = titled.iter().map(|(c, n)| format!("{c}\t{n}\n")).collect();
        b.add_user_aliases(&listed, source)?;
        b.titled = titled.iter().map(|(_, n)| n.clone()).collect();
        b.surnames = (b.titled.iter().chain(surnames))
            .filter(|n| !n.contains(' '))
            .cloned()
            .collect();
        b.add_user_aliases(text, source)?;
        Ok(b.build())
    }

    /// Number of countries and territories.
    pub fn len(&self) -> usize {
        self.countries.len()
    }

    /// True when the table is empty (never for the built-in one).
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    /// All countries, indexed by [`CountryId`].
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The country with this id. Panics if the id is not from this
    /// gazetteer.
    pub fn country(&self, id: CountryId) -> &Country {
        &self.countries[usize::from(id.0)]
    }

    /// The country with this ISO 3166-1 alpha-3 code (any case).
    pub fn by_iso3(&self, code: &str) -> Option<CountryId> {
        self.iso3.get(&code.trim().to_ascii_uppercase()).copied()
    }

    /// Resolves a free-text holder name ("China", "Beijing", "the United
    /// States", "U.S.", "china", "Chinese Foreign Ministry", "FRA") to a
    /// country. Tries, in order: the alias as written (a leading "the" and a
    /// trailing possessive dropped), the alias in any case, an ISO3 code, and
    /// finally [`Gazetteer::find`] on the whole string when every mention in
    /// it names the same country. Ambiguous aliases ("Korea") give `None`.
    pub fn lookup(&self, name: &str) -> Option<CountryId> {
        let mut s = name.trim();
        if s.len() > 4 && s.is_char_boundary(4) && s[..4].eq_ignore_ascii_case("the ") {
            s = s[4..].trim_start();
        }
        for suffix in ["'s", "\u{2019}s", "'", "\u{2019}"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim_end();
                break;
            }
        }
        let key = token_key(s);
        if let Some(t) = self.by_key.get(&key) {
            return match *t {
                Target::Country(id, _) => Some(id),
                Target::Block => None,
            };
        }
        if let Some(found) = self.by_lower_key.get(&key.to_lowercase()) {
            return *found;
        }
        if let Some(id) = self.by_iso3(s) {
            return Some(id);
        }
        let mentions = self.find(name);
        let first = mentions.first()?.country;
        mentions.iter().all(|m| m.country == first).then_some(first)
    }

    /// Every country mention in `text`: byte offsets into `text`, sorted,
    /// non-overlapping, longest match first (see the module docs for the
    /// context rules).
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.find_except(text, &[])
    }

    /// Like [`Gazetteer::find`], where `others` are office holders'
    /// surnames that someone else carries in the article `text` comes from
    /// ([`Gazetteer::surnames_of_others`] of the whole article): they name
    /// no country.
    pub fn find_except(&self, text: &str, others: &[Box<str>]) -> Vec<Mention> {
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        tokenize(text, &mut toks);
        let mut ctx = Ctx::new(text, &toks, &ALIAS_STARTS);
        let mut local_others: Option<Vec<Box<str>>> = None;
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if t.punct.is_some() {
                i += 1;
                continue;
            }
            let Some((e, upper)) = self.longest_at(text, &toks, i) else {
                i += 1;
                continue;
            };
            let entry = &self.entries[e as usize];
            let n = entry.toks.len();
            if let Target::Country(country, kind) = entry.target {
                let another_bearer = entry.surname && {
                    let w = t.slice(text);
                    let local = local_others.get_or_insert_with(|| self.others_in(text, &toks));
                    others.iter().chain(local.iter()).any(|o| &**o == w)
                };
                if !another_bearer && !ctx.rejects(entry.rule, i, n, upper) {
                    let end = toks[i + n - 1].end;
                    out.push(Mention {
                        start: t.start,
                        end,
                        country,
                        kind,
                        institution: institution_after(text, &toks, i + n),
                    });
                    ctx.last_mention_end = end;
                }
            }
            i += n;
        }
        out
    }

    /// Whether `name` is an office holder's one-word name
    /// ([`Gazetteer::with_leaders`]).
    pub fn is_surname(&self, name: &str) -> bool {
        !self.surnames.is_empty() && self.surnames.contains(name)
    }

    /// The office holders' surnames (of [`Gazetteer::with_leaders`]) that
    /// someone else carries in `text`: somewhere the surname follows a
    /// given name that starts no holder's full name ("Microsoft founder
    /// Bill Gates", where "Robert Gates" would be the holder's).
    pub fn surnames_of_others(&self, text: &str) -> Vec<Box<str>> {
        if self.surnames.is_empty() {
            return Vec::new();
        }
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        tokenize(text, &mut toks);
        self.others_in(text, &toks)
    }

    fn others_in(&self, text: &str, toks: &[Tok]) -> Vec<Box<str>> {
        let word = |j: usize| toks[j].punct.is_none().then(|| toks[j].slice(text));
        let mut out: Vec<Box<str>> = Vec::new();
        for j in 1..toks.len() {
            let (Some(w), Some(prev)) = (word(j), word(j - 1)) else {
                continue;
            };
            if self.surnames.contains(w)
                && is_given_name(prev)
                && !out.iter().any(|o| &**o == w)
                && self
                    .longest_at(text, toks, j - 1)
                    .is_none_or(|(f, _)| self.entries[f as usize].toks.len() <= 1)
            {
                out.push(w.into());
            }
        }
        out
    }

    /// The longest entry matching at token `i`, and whether it matched in
    /// ALL CAPS form only.
    fn longest_at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(u32, bool)> {
        let w = toks[i].slice(text);
        let starts = self.first_bytes[usize::from(w.as_bytes()[0])];
        if starts == 0 {
            return None;
        }
        let mut best: Option<(u32, usize, bool)> = None;
        if let Some(cands) = self.first_exact.get(w).filter(|_| starts & EXACT != 0) {
            for &e in cands {
                let ent = &self.entries[e as usize];
                if seq_matches(text, toks, i, &ent.toks) {
                    best = Some((e, ent.toks.len(), false));
                    break;
                }
            }
        }
        if starts & UPPER != 0 && is_all_caps(w) {
            if let Some(cands) = self.first_upper.get(w) {
                for &e in cands {
                    let ent = &self.entries[e as usize];
                    if best.is_some_and(|(_, n, _)| n >= ent.toks.len()) {
                        break;
                    }
                    if seq_matches(text, toks, i, &ent.upper) {
                        best = Some((e, ent.toks.len(), true));
                        break;
                    }
                }
            }
        }
        best.map(|(e, _, upper)| (e, upper))
    }
}

/// The first tokens of the built-in table's matched aliases, for the
/// context rules: a capitalized word after a guarded alias that starts
/// another alias ("Beijing Hong Kong") keeps the first a country. Built-in
/// table only; cheap enough and independent of user files.
static ALIAS_STARTS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut set = FxHashSet::default();
    if let Ok(rows) = parse_table(COUNTRIES_TSV, COUNTRIES_PATH) {
        for row in rows {
            for a in row.aliases.iter().filter(|a| !a.ambiguous) {
                if let Some(ATok::Word(first)) = alias_tokens(&a.text).first() {
                    set.insert(first.to_string());
                }
            }
        }
    }
    set
});

// ---------------------------------------------------------------------------
// Building

/// What an alias resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Country(CountryId, MentionKind),
    /// A non-country phrase or an ambiguous alias: matched, then dropped.
    Block,
}

#[derive(Debug)]
struct Entry {
    toks: Vec<ATok>,
    upper: Vec<ATok>,
    target: Target,
    rule: Rule,
    /// An office holder's surname ([`Gazetteer::with_leaders`]).
    surname: bool,
}

/// One claim on an alias text.
#[derive(Clone, Debug)]
struct Record {
    text: String,
    target: Target,
    ambiguous: bool,
    user: bool,
}

/// A parsed table row.
#[derive(Debug)]
struct Row {
    iso3: String,
    name: String,
    status: Status,
    aliases: Vec<Alias>,
}

const COLUMNS: &str = "iso3, status, name, names, demonyms, capitals, seats";

fn parse_table(text: &str, path: &str) -> Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    for (lineno, line) in text.lines().enumerate() {
        let at = Some(lineno as u64 + 1);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 7 {
            return Err(Error::input(
                path,
                at,
                format!(
                    "found {} tab-separated columns; expected 7 ({COLUMNS})",
                    cols.len()
                ),
            ));
        }
        let iso3 = cols[0];
        if iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::input(
                path,
                at,
                format!("country code is \"{iso3}\"; expected three upper-case letters"),
            ));
        }
        let status = match cols[1] {
            "member" => Status::Member,
            "observer" => Status::Observer,
            "territory" => Status::Territory,
            s => {
                return Err(Error::input(
                    path,
                    at,
                    format!("status is \"{s}\"; expected one of member, observer, territory"),
                ))
            }
        };
        let name = cols[2].trim();
        check_alias(name, path, at)?;
        let mut aliases = vec![Alias {
            text: name.to_string(),
            kind: MentionKind::Name,
            ambiguous: false,
        }];
        let kinds = [
            MentionKind::Name,
            MentionKind::Demonym,
            MentionKind::Capital,
            MentionKind::Seat,
        ];
        for (col, kind) in cols[3..].iter().zip(kinds) {
            if col.trim() == "-" {
                continue;
            }
            for item in col.split('|') {
                let item = item.trim();
                let (text, ambiguous) = match item.strip_prefix('~') {
                    Some(rest) => (rest, true),
                    None => (item, false),
                };
                check_alias(text, path, at)?;
                aliases.push(Alias {
                    text: text.to_string(),
                    kind,
                    ambiguous,
                });
            }
        }
        if rows.iter().any(|r| r.iso3 == iso3) {
            return Err(Error::input(
                path,
                at,
                format!("country code \"{iso3}\" appears twice; expected one row per country"),
            ));
        }
        rows.push(Row {
            iso3: iso3.to_string(),
            name: name.to_string(),
            status,
            aliases,
        });
    }
    Ok(rows)
}

fn check_alias(text: &str, path: &str, at: Option<u64>) -> Result<()> {
    if text.is_empty() {
        return Err(Error::input(
            path,
            at,
            "empty alias; expected a name such as \"United States\"",
        ));
    }
    if !text.chars().next().is_some_and(is_word_char) {
        return Err(Error::input(
            path,
            at,
            format!("alias \"{text}\" starts with a symbol; expected it to start with a letter or digit"),
        ));
    }
    Ok(())
}

struct Builder {
    countries: Vec<Country>,
    iso3: FxHashMap<String, CountryId>,
    records: Vec<Record>,
    /// Alias texts that count only after a title ([`Gazetteer::with_titled`]).
    titled: FxHashSet<String>,
    /// Office holders' one-word names ([`Gazetteer::with_leaders`]).
    surnames: FxHashSet<String>,
}

impl Builder {
    fn builtin() -> Result<Builder> {
        let rows = parse_table(COUNTRIES_TSV, COUNTRIES_PATH)?;
        if rows.len() > usize::from(u16::MAX) {
            return Err(Error::input(
                COUNTRIES_PATH,
                None,
                "more than 65535 rows; expected fewer",
            ));
        }
        let mut b = Builder {
            countries: Vec::with_capacity(rows.len()),
            iso3: FxHashMap::default(),
            records: Vec::new(),
            titled: FxHashSet::default(),
            surnames: FxHashSet::default(),
        };
        for (i, row) in rows.into_iter().enumerate() {
            let id = CountryId(i as u16);
            b.iso3.insert(row.iso3.clone(), id);
            for a in &row.aliases {
                b.records.push(Record {
                    text: a.text.clone(),
                    target: Target::Country(id, a.kind),
                    ambiguous: a.ambiguous,
                    user: false,
                });
            }
            b.countries.push(Country {
                iso3: row.iso3,
                name: row.name,
                status: row.status,
                aliases: row.aliases,
            });
        }
        for (lineno, line) in NOT_COUNTRIES_TXT.lines().enumerate() {
            let phrase = line.trim();
            if phrase.is_empty() || phrase.starts_with('#') {
                continue;
            }
            check_alias(phrase, NOT_COUNTRIES_PATH, Some(lineno as u64 + 1))?;
            b.records.push(Record {
                text: phrase.to_string(),
                target: Target::Block,
                ambiguous: false,
                user: false,
            });
        }
        Ok(b)
    }

    fn add_user_aliases(&mut self, text: &str, path: &str) -> Result<()> {
        const EXPECTED: &str = "expected ISO3<TAB>alias or ISO3<TAB>alias<TAB>kind";
        for (lineno, line) in text.lines().enumerate() {
            let at = Some(lineno as u64 + 1);
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if !(2..=3).contains(&cols.len()) {
                return Err(Error::input(
                    path,
                    at,
                    format!("found {} tab-separated fields; {EXPECTED}", cols.len()),
                ));
            }
            let code = cols[0].trim();
            let country = if code == "-" {
                None
            } else {
                Some(
                    self.iso3
                        .get(&code.to_ascii_uppercase())
                        .copied()
                        .ok_or_else(|| {
                            Error::input(
                                path,
                                at,
                                format!(
                            "unknown country code \"{code}\"; expected an ISO3 code of the \
                             gazetteer (such as USA) or - for a non-country phrase"
                        ),
                            )
                        })?,
                )
            };
            let kind = match cols.get(2).map(|k| k.trim()) {
                None | Some("") => MentionKind::Name,
                Some(k) => MentionKind::parse(k).ok_or_else(|| {
                    Error::input(
                        path,
                        at,
                        format!("unknown alias kind \"{k}\"; expected one of name, demonym, capital, seat"),
                    )
                })?,
            };
            let raw = cols[1].trim();
            let (alias, ambiguous) = match raw.strip_prefix('~') {
                Some(rest) => (rest.trim(), true),
                None => (raw, false),
            };
            if alias.is_empty() {
                return Err(Error::input(path, at, format!("empty alias; {EXPECTED}")));
            }
            check_alias(alias, path, at)?;
            let target = match country {
                Some(id) => {
                    self.countries[usize::from(id.0)].aliases.push(Alias {
                        text: alias.to_string(),
                        kind,
                        ambiguous,
                    });
                    Target::Country(id, kind)
                }
                None => Target::Block,
            };
            self.records.push(Record {
                text: alias.to_string(),
                target,
                ambiguous,
                user: true,
            });
        }
        Ok(())
    }

    /// Decides each alias text's target, adds accent-free variants, and
    /// compiles the matcher.
    fn build(self) -> Gazetteer {
        let resolved = resolve(&self.records);
        let mut entries: Vec<Entry> = Vec::with_capacity(resolved.len());
        let mut by_key = FxHashMap::default();
        let mut by_lower_key: FxHashMap<String, Option<CountryId>> = FxHashMap::default();
        for (text, target) in &resolved {
            let toks = alias_tokens(text);
            let upper = toks
                .iter()
                .map(|t| match t {
                    ATok::Word(w) => ATok::Word(w.to_uppercase().into()),
                    ATok::Punct(c) => ATok::Punct(*c),
                })
                .collect();
            let rule = match target {
                Target::Country(..) if self.titled.contains(text) => Rule::Titled,
                Target::Country(_, kind) => rule_for(text, *kind == MentionKind::Capital),
                Target::Block => Rule::None,
            };
            let key = token_key(text);
            let country = match target {
                Target::Country(id, _) => Some(*id),
                Target::Block => None,
            };
            by_lower_key
                .entry(key.to_lowercase())
                .and_modify(|c| {
                    if *c != country {
                        *c = None;
                    }
                })
                .or_insert(country);
            by_key.insert(key, *target);
            entries.push(Entry {
                toks,
                upper,
                target: *target,
                rule,
                surname: self.surnames.contains(text),
            });
        }
        let mut first_exact: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        let mut first_upper: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
        for (i, e) in entries.iter().enumerate() {
            if let (Some(ATok::Word(w)), Some(ATok::Word(u))) = (e.toks.first(), e.upper.first()) {
                first_exact.entry(w.clone()).or_default().push(i as u32);
                first_upper.entry(u.clone()).or_default().push(i as u32);
            }
        }
        for list in first_exact.values_mut().chain(first_upper.values_mut()) {
            list.sort_by_key(|&i| std::cmp::Reverse(entries[i as usize].toks.len()));
        }
        let mut first_bytes = [0u8; 256];
        for (keys, bit) in [(&first_exact, EXACT), (&first_upper, UPPER)] {
            for k in keys.keys().filter_map(|k| k.as_bytes().first()) {
                first_bytes[usize::from(*k)] |= bit;
            }
        }
        Gazetteer {
            countries: self.countries,
            iso3: self.iso3,
            entries,
            first_exact,
            first_upper,
            first_bytes,
            by_key,
            by_lower_key,
            surnames: self.surnames.iter().map(|n| n.as_str().into()).collect(),
        }
    }
}

/// Resolves the claims on each alias text, in first-seen order:
/// the last user claim wins; otherwise a text claimed unmarked by exactly one
/// country is that country's (its first-listed kind); anything else (marked
/// ambiguous, claimed by two countries, or a non-country phrase) blocks.
/// Then adds accent-free variants of every text not already present.
fn resolve(records: &[Record]) -> Vec<(String, Target)> {
    let mut order: Vec<&str> = Vec::new();
    let mut claims: FxHashMap<&str, Vec<&Record>> = FxHashMap::default();
    for r in records {
        claims
            .entry(&r.text)
            .or_insert_with(|| {
                order.push(&r.text);
                Vec::new()
            })
            .push(r);
    }
    let mut out: Vec<(String, Target)> = order
        .iter()
        .map(|&text| {
            let rs = &claims[text];
            let target = if let Some(u) = rs.iter().rev().find(|r| r.user) {
                if u.ambiguous {
                    Target::Block
                } else {
                    u.target
                }
            } else {
                let mut owner: Option<Target> = None;
                let mut contested = false;
                for r in rs.iter().filter(|r| !r.ambiguous) {
                    if let Target::Country(id, _) = r.target {
                        match owner {
                            None => owner = Some(r.target),
                            Some(Target::Country(o, _)) if o != id => contested = true,
                            _ => {}
                        }
                    }
                }
                match owner {
                    Some(t) if !contested => t,
                    _ => Target::Block,
                }
            };
            (text.to_string(), target)
        })
        .collect();
    let mut folded: Vec<(String, Target)> = Vec::new();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (text, target) in &out {
        let f = fold_accents(text);
        if f == *text || claims.contains_key(f.as_str()) {
            continue;
        }
        match seen.get(&f) {
            Some(&i) if folded[i].1 != *target => folded[i].1 = Target::Block,
            Some(_) => {}
            None => {
                seen.insert(f.clone(), folded.len());
                folded.push((f, *target));
            }
        }
    }
    out.extend(folded);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn id(iso3: &str) -> CountryId {
        g().by_iso3(iso3)
            .unwrap_or_else(|| panic!("no country {iso3}"))
    }

    /// Mentions as (iso3, kind, matched text).
    fn found(text: &str) -> Vec<(String, MentionKind, String)> {
        g().find(text)
            .into_iter()
            .map(|m| {
                (
                    g().country(m.country).iso3.clone(),
                    m.kind,
                    text[m.start..m.end].to_string(),
                )
            })
            .collect()
    }

    fn isos(text: &str) -> Vec<String> {
        found(text).into_iter().map(|(iso, _, _)| iso).collect()
    }

    fn m(iso: &str, kind: MentionKind, s: &str) -> (String, MentionKind, String) {
        (iso.to_string(), kind, s.to_string())
    }

    use MentionKind::{Capital, Demonym, Name, Seat};

    #[test]
    fn table_counts() {
        let cs = g().countries();
        let count = |s: Status| cs.iter().filter(|c| c.status == s).count();
        assert_eq!(count(Status::Member), 193);
        assert_eq!(count(Status::Observer), 2);
        assert_eq!(count(Status::Territory), 13);
        assert_eq!(g().len(), 208);
        assert!(!g().is_empty());
    }

    #[test]
    fn iso3_codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in g().countries() {
            assert!(
                c.iso3.len() == 3 && c.iso3.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                c.iso3
            );
            assert!(seen.insert(c.iso3.clone()), "duplicate {}", c.iso3);
        }
    }

    #[test]
    fn every_country_has_each_core_kind() {
        for c in g().countries() {
            for kind in [Name, Demonym, Capital] {
                assert!(
                    c.aliases_of(kind).next().is_some(),
                    "{} has no {kind:?}",
                    c.iso3
                );
            }
            // At least one name that is matched and resolves to this country.
            assert!(
                c.aliases_of(Name)
                    .any(|a| !a.ambiguous
                        && g().lookup(&a.text) == Some(g().by_iso3(&c.iso3).unwrap())),
                "{} has no usable name",
                c.iso3
            );
        }
    }

    #[test]
    fn no_alias_maps_to_two_countries_unless_marked_ambiguous() {
        let mut owners: FxHashMap<&str, Vec<(&str, bool)>> = FxHashMap::default();
        for c in g().countries() {
            for a in &c.aliases {
                owners
                    .entry(&a.text)
                    .or_default()
                    .push((&c.iso3, a.ambiguous));
            }
        }
        for (text, list) in owners {
            let mut unmarked: Vec<&str> = list
                .iter()
                .filter(|(_, amb)| !amb)
                .map(|(iso, _)| *iso)
                .collect();
            unmarked.dedup();
            assert!(
                unmarked.len() <= 1,
                "alias {text:?} claimed by {unmarked:?} without ~"
            );
        }
        // Non-country phrases never collide with a country alias.
        for line in NOT_COUNTRIES_TXT
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert!(
                g().countries()
                    .iter()
                    .all(|c| c.aliases.iter().all(|a| a.text != line)),
                "{line:?} is both an alias and a non-country phrase"
            );
        }
    }

    #[test]
    fn capitals_and_seats() {
        let text = "Beijing and Moscow oppose the deployment; the Kremlin said it would respond.";
        assert_eq!(
            found(text),
            vec![
                m("CHN", Capital, "Beijing"),
                m("RUS", Capital, "Moscow"),
                m("RUS", Seat, "Kremlin")
            ]
        );
    }

    #[test]
    fn possessive_institution_with_offsets() {
        let text = "China's Foreign Ministry urged Seoul and Washington to abandon the plan";
        let ms = g().find(text);
        assert_eq!(
            ms,
            vec![
                Mention {
                    start: 0,
                    end: 5,
                    country: id("CHN"),
                    kind: Name,
                    institution: Some(Institution {
                        kind: InstitutionKind::Ministry,
                        end: 24
                    }),
                },
                Mention {
                    start: 31,
                    end: 36,
                    country: id("KOR"),
                    kind: Capital,
                    institution: None,
                },
                Mention {
                    start: 41,
                    end: 51,
                    country: id("USA"),
                    kind: Capital,
                    institution: None,
                },
            ]
        );
    }

    #[test]
    fn institutions_after_demonyms_and_short_forms() {
        let inst = |text: &str| -> Vec<(String, Option<InstitutionKind>, String)> {
            g().find(text)
                .into_iter()
                .map(|m| {
                    let iso = g().country(m.country).iso3.clone();
                    let span = m
                        .institution
                        .map_or(String::new(), |i| text[m.start..i.end].to_string());
                    (iso, m.institution.map(|i| i.kind), span)
                })
                .collect()
        };
        assert_eq!(
            inst("the Russian Foreign Ministry said"),
            vec![(
                "RUS".into(),
                Some(InstitutionKind::Ministry),
                "Russian Foreign Ministry".into()
            )]
        );
        assert_eq!(
            inst("South Korean authorities detained him"),
            vec![(
                "KOR".into(),
                Some(InstitutionKind::Officials),
                "South Korean authorities".into()
            )]
        );
        assert_eq!(
            inst("U.S. officials declined to comment"),
            vec![(
                "USA".into(),
                Some(InstitutionKind::Officials),
                "U.S. officials".into()
            )]
        );
        assert_eq!(
            inst("Japan's prime minister arrived"),
            vec![(
                "JPN".into(),
                Some(InstitutionKind::Leader),
                "Japan's prime minister".into()
            )]
        );
        assert_eq!(
            inst("the Philippines' armed forces"),
            vec![(
                "PHL".into(),
                Some(InstitutionKind::Military),
                "Philippines' armed forces".into()
            )]
        );
        assert_eq!(
            inst("French wine exports"),
            vec![("FRA".into(), None, String::new())]
        );
    }

    #[test]
    fn short_forms_and_case() {
        assert_eq!(
            found("The US, the U.S.A. and America; the UK and Britain."),
            vec![
                m("USA", Name, "US"),
                m("USA", Name, "U.S.A."),
                m("USA", Name, "America"),
                m("GBR", Name, "UK"),
                m("GBR", Name, "Britain"),
            ]
        );
        // Lower-case "us", "turkey", "chad" are words, not countries.
        assert_eq!(
            isos("let us roast a turkey, said chad"),
            Vec::<String>::new()
        );
        // ALL CAPS headlines match.
        assert_eq!(
            isos("CHINA WARNS SOUTH KOREA OVER U.S. MISSILES"),
            vec!["CHN", "KOR", "USA"]
        );
        // Curly apostrophes and accents.
        assert_eq!(
            found("Côte d’Ivoire and the Elysee agreed"),
            vec![m("CIV", Name, "Côte d’Ivoire"), m("FRA", Seat, "Elysee")]
        );
        assert_eq!(
            found("PRC, DPRK and ROK envoys"),
            vec![
                m("CHN", Name, "PRC"),
                m("PRK", Name, "DPRK"),
                m("KOR", Name, "ROK")
            ]
        );
    }

    #[test]
    fn georgia_us_state() {
        assert_eq!(
            isos("He grew up in Atlanta, Georgia, and moved north."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("Georgia's governor signed the bill."),
            Vec::<String>::new()
        );
        assert_eq!(isos("Georgia state senators met."), Vec::<String>::new());
        assert_eq!(
            isos("the state of Georgia certified its results"),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("Republicans hope Georgia voters turn out for Trump in November."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn georgia_us_state_from_company_names_and_other_states() {
        assert_eq!(isos("Georgia-Pacific shares rose."), Vec::<String>::new());
        assert_eq!(
            isos("Storms hit Florida and Georgia; Alabama was spared."),
            Vec::<String>::new()
        );
        assert_eq!(isos("Georgia Power raised rates."), Vec::<String>::new());
    }

    #[test]
    fn capitals_that_are_us_towns() {
        assert_eq!(
            isos("The film Paris, Texas was shown in Paris."),
            vec!["FRA"]
        );
        assert_eq!(
            isos("Almaden is based in San Jose, Calif."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("She studied in Athens, Georgia."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("Ministers met in Athens, Rome and Paris."),
            vec!["GRC", "ITA", "FRA"]
        );
    }

    #[test]
    fn organisations_named_after_countries() {
        assert_eq!(
            isos("Bank of America and Voice of America"),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("It agreed to buy E.C. Jordan and Co."),
            Vec::<String>::new()
        );
        assert_eq!(isos("U.S. Jordan policy"), vec!["USA", "JOR"]);
    }

    #[test]
    fn georgia_country() {
        assert_eq!(
            found("Georgia's government in Tbilisi rejected Russia's demands."),
            vec![
                m("GEO", Name, "Georgia"),
                m("GEO", Capital, "Tbilisi"),
                m("RUS", Name, "Russia")
            ]
        );
        assert_eq!(
            isos("Georgia voters went to the polls on Saturday."),
            vec!["GEO"]
        );
        // Country cues beat US cues.
        assert_eq!(
            isos("Republicans in Congress criticised the Georgian Dream party as Georgia voted."),
            vec!["GEO", "GEO"]
        );
    }

    #[test]
    fn jordan_person_vs_country() {
        assert_eq!(isos("Michael Jordan won six titles."), Vec::<String>::new());
        assert_eq!(
            isos("Critics of Jordan Peterson protested."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("Fans cheered for Michael Jordan again."),
            Vec::<String>::new()
        );
        assert_eq!(
            found("Jordan's King Abdullah met Egypt's president in Amman."),
            vec![
                m("JOR", Name, "Jordan"),
                m("EGY", Name, "Egypt"),
                m("JOR", Capital, "Amman")
            ]
        );
        assert_eq!(
            isos("Refugees fled to Jordan and Lebanon."),
            vec!["JOR", "LBN"]
        );
        assert_eq!(isos("Israel and Jordan signed a deal."), vec!["ISR", "JOR"]);
    }

    #[test]
    fn chad_person_vs_country() {
        assert_eq!(isos("Chad Johnson caught the pass."), Vec::<String>::new());
        assert_eq!(
            found("Chad and Niger closed the border near N'Djamena."),
            vec![
                m("TCD", Name, "Chad"),
                m("NER", Name, "Niger"),
                m("TCD", Capital, "N'Djamena")
            ]
        );
    }

    #[test]
    fn turkey_bird_vs_country() {
        assert_eq!(isos("We ate Thanksgiving turkey."), Vec::<String>::new());
        assert_eq!(isos("Turkey sandwiches were served."), Vec::<String>::new());
        assert_eq!(isos("Turkey dinner prices rose."), Vec::<String>::new());
        assert_eq!(
            isos("Turkey blocked Sweden's NATO bid."),
            vec!["TUR", "SWE"]
        );
        assert_eq!(
            isos("Türkiye and Greece held talks in Ankara."),
            vec!["TUR", "GRC", "TUR"]
        );
    }

    #[test]
    fn new_mexico_is_not_mexico() {
        assert_eq!(isos("New Mexico and Mexico share a border."), vec!["MEX"]);
        assert_eq!(
            isos("Oil spilled into the Gulf of Mexico."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn washington_state_and_people() {
        assert_eq!(isos("Washington state passed a law."), Vec::<String>::new());
        assert_eq!(
            isos("She lives in Seattle, Washington, now."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("George Washington crossed the Delaware."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("The film starred Denzel Washington as a pilot."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("Booker T. Washington founded a school."),
            Vec::<String>::new()
        );
        assert_eq!(
            isos("The Washington Post reported it."),
            Vec::<String>::new()
        );
        assert_eq!(
            found("Washington and Beijing traded barbs; officials in Washington, D.C. said"),
            vec![
                m("USA", Capital, "Washington"),
                m("CHN", Capital, "Beijing"),
                m("USA", Capital, "Washington, D.C.")
            ]
        );
        // Title-case headline keeps capitals.
        assert_eq!(
            isos("Beijing Warns Washington Over Taiwan Arms Sales"),
            vec!["CHN", "USA", "TWN"]
        );
    }

    #[test]
    fn korea_alone_is_not_matched() {
        assert_eq!(
            found("North Korea fired a missile toward Korea, Seoul said; South Korea protested."),
            vec![
                m("PRK", Name, "North Korea"),
                m("KOR", Capital, "Seoul"),
                m("KOR", Name, "South Korea")
            ]
        );
        assert_eq!(g().lookup("Korea"), None);
        assert_eq!(isos("Korean officials"), Vec::<String>::new());
    }

    #[test]
    fn congo_variants() {
        assert_eq!(
            isos("Democratic Republic of the Congo, DR Congo, DRC, Congo-Kinshasa and Congo"),
            vec!["COD"; 5]
        );
        assert_eq!(
            isos("Republic of the Congo, Republic of Congo and Congo-Brazzaville"),
            vec!["COG"; 3]
        );
        assert_eq!(isos("Congolese troops"), vec!["COD"]);
    }

    #[test]
    fn guinea_family() {
        assert_eq!(
            found("Guinea, Papua New Guinea, Equatorial Guinea and Guinea-Bissau"),
            vec![
                m("GIN", Name, "Guinea"),
                m("PNG", Name, "Papua New Guinea"),
                m("GNQ", Name, "Equatorial Guinea"),
                m("GNB", Name, "Guinea-Bissau"),
            ]
        );
        assert_eq!(isos("a Guinea pig"), Vec::<String>::new());
    }

    #[test]
    fn similar_names() {
        assert_eq!(isos("Niger and Nigeria"), vec!["NER", "NGA"]);
        assert_eq!(
            isos("Dominica and the Dominican Republic"),
            vec!["DMA", "DOM"]
        );
        assert_eq!(isos("Sudan and South Sudan"), vec!["SDN", "SSD"]);
        assert_eq!(
            isos("Sudanese and South Sudanese refugees"),
            vec!["SDN", "SSD"]
        );
        assert_eq!(isos("Dominican officials"), vec!["DOM"]);
        assert_eq!(isos("across the Indian Ocean from India"), vec!["IND"]);
        assert_eq!(
            isos("Chinese Taipei and the People's Republic of China"),
            vec!["TWN", "CHN"]
        );
        assert_eq!(isos("Latin American and American leaders"), vec!["USA"]);
    }

    #[test]
    fn lookup_holder_names() {
        let l = |s: &str| g().lookup(s).map(|id| g().country(id).iso3.as_str());
        assert_eq!(l("China"), Some("CHN"));
        assert_eq!(l("Beijing"), Some("CHN"));
        assert_eq!(l("the United States"), Some("USA"));
        assert_eq!(l("The United States"), Some("USA"));
        assert_eq!(l("U.S."), Some("USA"));
        assert_eq!(l("us"), Some("USA"));
        assert_eq!(l("united kingdom"), Some("GBR"));
        assert_eq!(l("the Kremlin"), Some("RUS"));
        assert_eq!(l("Iran's"), Some("IRN"));
        assert_eq!(l("deu"), Some("DEU"));
        assert_eq!(l("Chinese Foreign Ministry"), Some("CHN"));
        assert_eq!(l("Elysee"), Some("FRA"));
        assert_eq!(l("Russia and China"), None);
        assert_eq!(l("Atlantis"), None);
        assert_eq!(g().by_iso3("usa"), Some(id("USA")));
        assert_eq!(g().by_iso3("ZZZ"), None);
        assert_eq!(g().country(id("KOR")).name, "South Korea");
    }

    #[test]
    fn user_aliases_extend_and_override() {
        let gz = Gazetteer::with_aliases(
            "# my aliases\nKOR\tKorea\nRUS\tMoskva\tcapital\n-\tChina Daily\n\nUSA\t~America\n",
            "aliases.tsv",
        )
        .unwrap();
        let isos: Vec<&str> = gz
            .find("Korea, Moskva, China Daily, America and China")
            .iter()
            .map(|m| gz.country(m.country).iso3.as_str())
            .collect();
        assert_eq!(isos, vec!["KOR", "RUS", "CHN"]);
        let kinds: Vec<MentionKind> = gz.find("Moskva").iter().map(|m| m.kind).collect();
        assert_eq!(kinds, vec![Capital]);
        assert_eq!(
            gz.country(gz.by_iso3("KOR").unwrap())
                .aliases
                .last()
                .unwrap()
                .text,
            "Korea"
        );
        // The built-in table is unchanged.
        assert_eq!(g().lookup("Moskva"), None);
    }

    #[test]
    fn user_alias_errors_name_the_line() {
        let err = |text: &str| {
            Gazetteer::with_aliases(text, "aliases.tsv")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("USA\tYankeeland\nXYZ\tNowhere\n"),
            "aliases.tsv:2: unknown country code \"XYZ\"; expected an ISO3 code of the gazetteer \
             (such as USA) or - for a non-country phrase"
        );
        assert_eq!(
            err("USA Yankeeland\n"),
            "aliases.tsv:1: found 1 tab-separated fields; expected ISO3<TAB>alias or ISO3<TAB>alias<TAB>kind"
        );
        assert_eq!(
            err("# c\nFRA\tGaul\tnation\n"),
            "aliases.tsv:2: unknown alias kind \"nation\"; expected one of name, demonym, capital, seat"
        );
        assert_eq!(
            err("FRA\t\n"),
            "aliases.tsv:1: empty alias; expected ISO3<TAB>alias or ISO3<TAB>alias<TAB>kind"
        );
        assert_eq!(
            err("FRA\t(Gaul)\n"),
            "aliases.tsv:1: alias \"(Gaul)\" starts with a symbol; expected it to start with a letter or digit"
        );
    }

    #[test]
    fn aliases_file_reads_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tsv");
        std::fs::write(&path, "GBR\tBlighty\n").unwrap();
        let gz = Gazetteer::with_aliases_file(&path).unwrap();
        assert_eq!(gz.lookup("Blighty"), gz.by_iso3("GBR"));
        let missing = Gazetteer::with_aliases_file(dir.path().join("none.tsv")).unwrap_err();
        assert_eq!(missing.exit_code(), 5);
    }

    #[test]
    fn table_errors_name_the_line() {
        let e = parse_table("# h\nUSA\tmember\tUnited States\n", "t.tsv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:2: found 3 tab-separated columns; expected 7 (iso3, status, name, names, demonyms, capitals, seats)"
        );
        let e = parse_table("usa\tmember\tX\t-\t-\t-\t-\n", "t.tsv").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:1: country code is \"usa\"; expected three upper-case letters"
        );
    }

    #[test]
    fn mentions_are_sorted_and_disjoint_on_a_long_text() {
        let text = "Russia, China and Iran met in Tehran. The White House said U.S. officials \
                    would brief Britain's Foreign Office, the Élysée and Berlin. "
            .repeat(50);
        let ms = g().find(&text);
        assert_eq!(ms.len(), 50 * 9);
        assert!(ms.windows(2).all(|w| w[0].end <= w[1].start));
    }
}
