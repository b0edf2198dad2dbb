//! People who speak for a state: heads of state and government, foreign and
//! defence ministers with their terms of office
//! (`datasets/gazetteer/leaders.tsv`). Given an article's date, their names
//! become country aliases ("Obama vowed ..." is the United States in 2014),
//! so article prediction treats them like "Washington" or "the White House".
//!
//! A name is used only when, on that date, exactly one country's office
//! holder carries it; a name shared by office holders of two countries
//! ("Kim", "Lee" on some dates) is refused.
//!
//! Without a date only names that cannot be mistaken are resolved
//! ([`undated_names`]): a full name of two or more words ("Barack Obama",
//! "Sergei Lavrov") or a surname right after a title or an honorific
//! ("President Obama", "Prime Minister Blair", "Mr Straw": the gazetteer's
//! titled-name rule), when over the whole table
//! (2000 to today) only one country's office holders carry it. A bare
//! surname ("Santos", "Stoltenberg") needs the date: in 1987 newswire
//! "Stoltenberg" is West Germany's finance minister, not Norway's prime
//! minister. Someone written as "former ..." or "the late ..." is not
//! resolved ([`crate::article`] reads no actor there). What is still
//! wrong without a date: a leader out of office named without "former"
//! ("Mr Blair" in 2015) counts for the country.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

const TABLE: &str = include_str!("../../datasets/gazetteer/leaders.tsv");

/// The roles of the table.
pub const ROLES: [&str; 4] = [
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
];

/// A day as `yyyymmdd`, so that dates compare as numbers.
pub type Day = u32;

/// One term in office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// ISO3 code of the country.
    pub iso3: String,
    /// One of [`ROLES`].
    pub role: String,
    /// Full name as news writes it.
    pub name: String,
    /// Other names news uses (surname, short forms).
    pub aliases: Vec<String>,
    /// First day in office (the first day of the month or year when only
    /// those are known).
    pub start: Day,
    /// Last day in office (the last of the month or year when only those
    /// are known); `None` while in office.
    pub end: Option<Day>,
}

impl Term {
    /// Whether the term covers `day`.
    pub fn covers(&self, day: Day) -> bool {
        self.start <= day && self.end.is_none_or(|e| day <= e)
    }
}

/// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `last` picks the last day of
/// a year or month given without one.
pub fn parse_day(s: &str, last: bool) -> Option<Day> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = match parts.as_slice() {
        [y] => (
            num(y, 4)?,
            if last { 12 } else { 1 },
            if last { 31 } else { 1 },
        ),
        [y, m] => (num(y, 4)?, num(m, 2)?, if last { 31 } else { 1 }),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return None,
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10000 + m * 100 + d)
}

/// Parse a table in the format of `leaders.tsv`; `source` names it in
/// errors (`leaders.tsv:12: ...`).
pub fn parse(text: &str, source: &str) -> Result<Vec<Term>> {
    let mut out = Vec::new();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        let n = Some(i as u64 + 1);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header {
            header = true;
            if line.split('\t').collect::<Vec<_>>()
                == ["iso3", "role", "name", "aliases", "start", "end"]
            {
                continue;
            }
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return Err(Error::input(
                source,
                n,
                format!(
                    "{} fields; expected 6: iso3, role, name, aliases, start, end",
                    f.len()
                ),
            ));
        }
        if !ROLES.contains(&f[1]) {
            return Err(Error::input_at(
                source,
                n,
                "2",
                format!("role {:?}; expected one of {}", f[1], ROLES.join(", ")),
            ));
        }
        let start = parse_day(f[4], false).ok_or_else(|| {
            Error::input_at(
                source,
                n,
                "5",
                format!("start {:?}; expected YYYY, YYYY-MM or YYYY-MM-DD", f[4]),
            )
        })?;
        let end = match f[5].trim() {
            "" => None,
            e => Some(parse_day(e, true).ok_or_else(|| {
                Error::input_at(
                    source,
                    n,
                    "6",
                    format!("end {e:?}; expected YYYY, YYYY-MM, YYYY-MM-DD or nothing"),
                )
            })?),
        };
        if end.is_some_and(|e| e < start) {
            return Err(Error::input_at(
                source,
                n,
                "6",
                "end before start; expected a term that ends after it begins",
            ));
        }
        out.push(Term {
            iso3: f[0].trim().to_string(),
            role: f[1].to_string(),
            name: f[2].trim().to_string(),
            aliases: f[3]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect(),
            start,
            end,
        });
    }
    Ok(out)
}

/// The built-in table.
pub fn builtin() -> &'static [Term] {
    static TERMS: std::sync::LazyLock<Vec<Term>> = std::sync::LazyLock::new(|| {
        parse(TABLE, "datasets/gazetteer/leaders.tsv").expect("built-in leaders table is valid")
    });
    &TERMS
}

/// The names of the office holders on `day`, as `(ISO3, name)` pairs
/// (full names and aliases), with the names refused because office holders
/// of two or more countries carry them.
pub fn names_on(terms: &[Term], day: Day) -> (Vec<Named>, Vec<String>) {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in terms.iter().filter(|t| t.covers(day)) {
        for n in std::iter::once(&t.name).chain(&t.aliases) {
            let c = by_name.entry(n.as_str()).or_default();
            if !c.contains(&t.iso3.as_str()) {
                c.push(&t.iso3);
            }
        }
    }
    let mut ok = Vec::new();
    let mut refused = Vec::new();
    for (name, countries) in by_name {
        match countries.as_slice() {
            [one] => ok.push((one.to_string(), name.to_string())),
            _ => refused.push(name.to_string()),
        }
    }
    (ok, refused)
}

/// A name and the ISO3 code of the country it stands for: `(ISO3, name)`.
pub type Named = (String, String);

/// The names resolved in an article without a date: over every term of
/// `terms`, the names that only one country's office holders carry; those
/// of two or more words first (`(ISO3, name)` pairs, "Barack Obama"), then
/// the one-word ones (surnames), which count only after a title or an
/// honorific ("President Obama", "Mr Blair";
/// [`Gazetteer::with_titled`](crate::entities::gazetteer::Gazetteer::with_titled)).
pub fn undated_names(terms: &[Term]) -> (Vec<Named>, Vec<Named>) {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in terms {
        for n in std::iter::once(&t.name).chain(&t.aliases) {
            let c = by_name.entry(n.as_str()).or_default();
            if !c.contains(&t.iso3.as_str()) {
                c.push(&t.iso3);
            }
        }
    }
    let (mut full, mut titled) = (Vec::new(), Vec::new());
    for (name, countries) in by_name {
        if let [one] = countries.as_slice() {
            let list = if name.contains(' ') {
                &mut full
            } else {
                &mut titled
            };
            list.push((one.to_string(), name.to_string()));
        }
    }
    (full, titled)
}

/// `names` as an aliases file (see
/// [`crate::entities::gazetteer::Gazetteer::with_aliases`]): one
/// `ISO3<TAB>name` line each.
pub fn aliases_text(names: &[Named]) -> String {
    names.iter().map(|(c, n)| format!("{c}\t{n}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::gazetteer::Gazetteer;

    #[test]
    fn days_parse_with_partial_precision() {
        assert_eq!(parse_day("2014-09-10", false), Some(20140910));
        assert_eq!(parse_day("2014-09", false), Some(20140901));
        assert_eq!(parse_day("2014-09", true), Some(20140931));
        assert_eq!(parse_day("2014", true), Some(20141231));
        assert_eq!(parse_day("2014-13", false), None);
        assert_eq!(parse_day("14-09-10", false), None);
    }

    #[test]
    fn the_table_parses_and_has_the_big_offices() {
        let t = builtin();
        assert!(t.len() > 1000, "{}", t.len());
        let holder = |iso3: &str, role: &str, day: Day| {
            t.iter()
                .filter(|x| x.iso3 == iso3 && x.role == role && x.covers(day))
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(holder("USA", "head_of_state", 20140910), ["Barack Obama"]);
        assert_eq!(
            holder("GBR", "head_of_government", 20050101),
            ["Tony Blair"]
        );
        assert_eq!(
            holder("RUS", "foreign_minister", 20150601),
            ["Sergei Lavrov"]
        );
        for code in [
            "ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "IND", "IDN", "ITA", "JPN", "KOR",
            "MEX", "RUS", "SAU", "TUR", "GBR", "USA", "ZAF",
        ] {
            assert!(
                t.iter().any(|x| x.iso3 == code && x.covers(20150101)),
                "{code}"
            );
        }
        let gaz = Gazetteer::builtin();
        for x in t {
            assert!(gaz.by_iso3(&x.iso3).is_some(), "unknown code {}", x.iso3);
        }
    }

    #[test]
    fn undated_names_are_full_names_or_titled_surnames_of_one_country() {
        let terms = parse(
            "iso3\trole\tname\taliases\tstart\tend\n\
             KOR\thead_of_state\tKim Dae-jung\tKim\t1998-02-25\t2003-02-24\n\
             PRK\thead_of_state\tKim Jong Il\tKim\t1994-07\t2011-12-17\n\
             USA\thead_of_state\tBarack Obama\tObama\t2009-01-20\t2017-01-20\n\
             GBR\tforeign_minister\tJack Straw\tStraw\t2001-06-08\t2006-05-05\n",
            "t.tsv",
        )
        .unwrap();
        let (full, titled) = undated_names(&terms);
        let pair = |c: &str, n: &str| (c.to_string(), n.to_string());
        assert_eq!(
            full,
            [
                pair("USA", "Barack Obama"),
                pair("GBR", "Jack Straw"),
                pair("KOR", "Kim Dae-jung"),
                pair("PRK", "Kim Jong Il")
            ]
        );
        // "Kim" is shared: never resolved without a date.
        assert_eq!(titled, [pair("USA", "Obama"), pair("GBR", "Straw")]);
        let gaz = Gazetteer::with_titled(&aliases_text(&full), "leaders", &titled).unwrap();
        let text = "President Obama and Mr. Straw spoke. Obama left; straw hats, \
                    Kim Jong Il and Prime Minister Kim.";
        let found: Vec<&str> = gaz
            .find(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["Obama", "Straw", "Kim Jong Il"]);
        // A surname someone else carries in the text is his, not the
        // holder's; the holder's own full name does not count against it.
        let found = |text: &str| -> Vec<String> {
            gaz.find(text)
                .iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        assert!(found("Chef Jack Obama cooked. Mr Obama smiled.").is_empty());
        assert_eq!(
            found("Jack Straw spoke. Mr Straw left."),
            ["Jack Straw", "Straw"]
        );
        assert_eq!(found("Bill Obama; Mr Straw."), ["Straw"]);
    }

    #[test]
    fn shared_names_are_refused_and_dates_decide() {
        let terms = parse(
            "iso3\trole\tname\taliases\tstart\tend\n\
             KOR\thead_of_state\tKim Dae-jung\tKim\t1998-02-25\t2003-02-24\n\
             PRK\thead_of_state\tKim Jong Il\tKim\t1994-07\t2011-12-17\n\
             USA\thead_of_state\tBarack Obama\tObama\t2009-01-20\t2017-01-20\n",
            "t.tsv",
        )
        .unwrap();
        let (ok, refused) = names_on(&terms, 20000101);
        assert_eq!(refused, ["Kim"]);
        assert!(ok.contains(&("KOR".to_string(), "Kim Dae-jung".to_string())));
        assert!(!ok.iter().any(|(_, n)| n == "Obama"));
        let (ok, refused) = names_on(&terms, 20140910);
        assert!(refused.is_empty());
        assert!(ok.contains(&("USA".to_string(), "Obama".to_string())));
        assert!(!ok.contains(&("PRK".to_string(), "Kim".to_string())));
        let e = parse(
            "iso3\trole\tname\taliases\tstart\tend\nUSA\tpresident\tX\tX\t2000\t\n",
            "t.tsv",
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:2:2: role \"president\"; expected one of head_of_state, head_of_government, foreign_minister, defence_minister");
    }

    #[test]
    fn a_dated_gazetteer_finds_the_president() {
        let gaz =
            Gazetteer::with_aliases(&aliases_text(&names_on(builtin(), 20140910).0), "leaders")
                .unwrap();
        let m = gaz.find("Obama vowed to destroy the group.");
        assert_eq!(m.len(), 1);
        assert_eq!(gaz.country(m[0].country).iso3, "USA");
        assert!(Gazetteer::builtin()
            .find("Obama vowed to destroy the group.")
            .is_empty());
    }
}
