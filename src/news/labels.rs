//! Readers' label files, as written against annotation sheets
//! (`datasets/news/GUIDELINES.md`, section 5): tab-separated lines
//!
//! ```text
//! # reader r4
//! T   fnc1-1087   Russian military intervention in Ukraine   involvement in Ukraine|Russia-backed separatists
//! R   fnc1-1087   2   RUS   Russian military intervention in Ukraine   support
//! A   fnc1-1087   RUS   Russian military intervention in Ukraine   support   2   a note
//! ```
//!
//! and their import: `R` lines become stand-off rows (sentence spans and
//! hashes from the corpus), `A` lines article-level gold labels. Sentence
//! numbers are those of [`crate::news::sheet::Sheet`], which splits as
//! `predict` does.

use std::collections::HashMap;

use crate::entities::gazetteer::Gazetteer;
use crate::error::{Error, Result};
use crate::eval::articles::GoldLabel;
use crate::news::corpus::{Corpora, CorpusKind};
use crate::news::sheet::Sheet;
use crate::news::standoff::{row_for, StandoffRow, STANCES};

/// A sentence label (`R` line).
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceLabel {
    /// Article id.
    pub article: String,
    /// Sentence number in the sheet.
    pub sentence: usize,
    /// ISO3 code.
    pub country: String,
    /// Topic name.
    pub topic: String,
    /// Stance.
    pub stance: String,
    /// Line in the file.
    pub line: u64,
}

/// An article label (`A` line).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleLabel {
    /// Article id.
    pub article: String,
    /// ISO3 code.
    pub country: String,
    /// Topic name.
    pub topic: String,
    /// `support` or `oppose`.
    pub stance: String,
    /// The sentence that shows it.
    pub sentence: usize,
    /// The reader's note.
    pub note: String,
    /// Line in the file.
    pub line: u64,
}

/// One reader's file.
#[derive(Debug, Clone, Default)]
pub struct ReaderFile {
    /// The file name.
    pub path: String,
    /// The reader (from `# reader NAME`).
    pub reader: String,
    /// (article, topic) -> aliases, from `T` lines, in order.
    pub topics: Vec<(String, String, Vec<String>)>,
    /// `R` lines.
    pub sentences: Vec<SentenceLabel>,
    /// `A` lines.
    pub articles: Vec<ArticleLabel>,
}

impl ReaderFile {
    /// The aliases of `topic` in `article`.
    pub fn aliases(&self, article: &str, topic: &str) -> Option<&[String]> {
        self.topics
            .iter()
            .find(|(a, t, _)| a == article && t == topic)
            .map(|(_, _, al)| al.as_slice())
    }
}

/// The corpus and document id of an article id (the inverse of
/// [`crate::news::corpus::article_id`]): `bbc-politics-042` is
/// `politics/042.txt` of `bbc`.
pub fn parse_article_id(id: &str) -> Option<(CorpusKind, String)> {
    let (corpus, rest) = id.split_once('-')?;
    let kind = CorpusKind::parse(corpus)?;
    let doc = match kind {
        CorpusKind::Bbc => {
            let (cat, num) = rest.split_once('-')?;
            format!("{cat}/{num}.txt")
        }
        _ => rest.to_string(),
    };
    Some((kind, doc))
}

/// Parse a reader's file. Every line is checked for its shape; a row whose
/// topic has no `T` line above it is an error.
pub fn parse(path: &str, text: &str) -> Result<ReaderFile> {
    let mut f = ReaderFile {
        path: path.to_string(),
        ..ReaderFile::default()
    };
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let bad = |col: usize, msg: String| Error::input_at(path, Some(n), col.to_string(), msg);
        if let Some(rest) = line.strip_prefix("# reader ") {
            f.reader = rest.trim().to_string();
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let want = match cols[0] {
            "T" => 4,
            "R" => 6,
            "A" => 7,
            other => return Err(bad(1, format!("line kind {other:?}; expected T, R or A"))),
        };
        if cols.len() != want {
            return Err(Error::input(
                path,
                Some(n),
                format!(
                    "{} tab-separated fields; expected {want} on a {} line",
                    cols.len(),
                    cols[0]
                ),
            ));
        }
        let article = cols[1].to_string();
        if parse_article_id(&article).is_none() {
            return Err(bad(
                2,
                format!("article id {article:?}; expected fnc1-N, bbc-CATEGORY-NNN or reuters-N"),
            ));
        }
        let has_topic = |t: &str| f.topics.iter().any(|(a, x, _)| *a == article && x == t);
        match cols[0] {
            "T" => {
                let aliases: Vec<String> = cols[3]
                    .split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect();
                f.topics.push((article, cols[2].to_string(), aliases));
            }
            "R" => {
                let sentence = cols[2]
                    .parse()
                    .map_err(|_| bad(3, format!("sentence {:?}; expected a number", cols[2])))?;
                if !has_topic(cols[4]) {
                    return Err(bad(
                        5,
                        format!("topic {:?} has no T line for {article} above", cols[4]),
                    ));
                }
                if !STANCES.contains(&cols[5]) {
                    return Err(bad(
                        6,
                        format!("stance {:?}; expected support, oppose or neutral", cols[5]),
                    ));
                }
                f.sentences.push(SentenceLabel {
                    article,
                    sentence,
                    country: cols[3].to_ascii_uppercase(),
                    topic: cols[4].to_string(),
                    stance: cols[5].to_string(),
                    line: n,
                });
            }
            _ => {
                if !has_topic(cols[3]) {
                    return Err(bad(
                        4,
                        format!("topic {:?} has no T line for {article} above", cols[3]),
                    ));
                }
                if cols[4] != "support" && cols[4] != "oppose" {
                    return Err(bad(
                        5,
                        format!("stance {:?}; expected support or oppose", cols[4]),
                    ));
                }
                let sentence = cols[5]
                    .parse()
                    .map_err(|_| bad(6, format!("sentence {:?}; expected a number", cols[5])))?;
                f.articles.push(ArticleLabel {
                    article,
                    country: cols[2].to_ascii_uppercase(),
                    topic: cols[3].to_string(),
                    stance: cols[4].to_string(),
                    sentence,
                    note: cols[6].to_string(),
                    line: n,
                });
            }
        }
    }
    if f.reader.is_empty() {
        return Err(Error::input(
            path,
            Some(1),
            "no `# reader NAME` line; expected the reader's name",
        ));
    }
    Ok(f)
}

/// An article's text and sheet, cached while importing.
struct Loaded {
    corpus: CorpusKind,
    doc_id: String,
    text: String,
    sheet: Sheet,
}

fn load<'a>(
    cache: &'a mut HashMap<String, Loaded>,
    corpora: &mut Corpora,
    article: &str,
) -> Result<&'a Loaded> {
    if !cache.contains_key(article) {
        let (corpus, doc_id) = parse_article_id(article)
            .ok_or_else(|| Error::Other(format!("bad article id {article:?}")))?;
        let text = corpora.get(corpus, &doc_id)?.to_string();
        let sheet = Sheet::new(article, &text, Gazetteer::builtin());
        cache.insert(
            article.to_string(),
            Loaded {
                corpus,
                doc_id,
                text,
                sheet,
            },
        );
    }
    Ok(&cache[article])
}

/// Aliases that occur in `text` (case aside, any run of whitespace for a
/// space), in order; the others are dropped.
pub fn aliases_in(text: &str, aliases: &[String]) -> Vec<String> {
    let flat = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    aliases
        .iter()
        .filter(|a| {
            let a = a
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            !a.is_empty() && !a.contains(',') && !a.contains('=') && flat.contains(&a)
        })
        .cloned()
        .collect()
}

/// What an import made, and what it dropped (with the reasons).
#[derive(Debug, Default)]
pub struct Imported {
    /// Stand-off rows from `R` lines.
    pub rows: Vec<StandoffRow>,
    /// Gold labels from `A` lines.
    pub gold: Vec<GoldLabel>,
    /// `file:line: reason` of every line dropped.
    pub dropped: Vec<String>,
}

/// Import reader files against the corpora: each `R` line becomes a
/// stand-off row with its sentence span and hash, each `A` line a gold
/// label. A line naming a sentence the article does not have, an unknown
/// country code or a unit labeled twice by the same reader is dropped and
/// reported; aliases not found in the article are dropped from the topic.
pub fn import(files: &[ReaderFile], corpora: &mut Corpora) -> Result<Imported> {
    let gaz = Gazetteer::builtin();
    let mut cache: HashMap<String, Loaded> = HashMap::new();
    let mut out = Imported::default();
    for f in files {
        let mut seen: HashMap<(String, usize, String, String), u64> = HashMap::new();
        for s in &f.sentences {
            let at = format!("{}:{}", f.path, s.line);
            let a = load(&mut cache, corpora, &s.article)?;
            let Some(span) = a.sheet.sentences.get(s.sentence).map(|x| x.span.clone()) else {
                out.dropped.push(format!(
                    "{at}: {} has no sentence {}",
                    s.article, s.sentence
                ));
                continue;
            };
            if gaz.by_iso3(&s.country).is_none() {
                out.dropped
                    .push(format!("{at}: unknown country code {}", s.country));
                continue;
            }
            let key = (
                s.article.clone(),
                s.sentence,
                s.country.clone(),
                s.topic.clone(),
            );
            if let Some(first) = seen.insert(key, s.line) {
                out.dropped.push(format!(
                    "{at}: same sentence, country and topic as line {first}"
                ));
                continue;
            }
            let aliases = aliases_in(&a.text, f.aliases(&s.article, &s.topic).unwrap_or(&[]));
            out.rows.push(row_for(
                a.corpus,
                &a.doc_id,
                &a.text,
                span.start,
                span.end,
                &s.country,
                &s.topic,
                &aliases.join("|"),
                &s.stance,
                &f.reader,
            ));
        }
        for l in &f.articles {
            let at = format!("{}:{}", f.path, l.line);
            let a = load(&mut cache, corpora, &l.article)?;
            if l.sentence >= a.sheet.sentences.len() {
                out.dropped.push(format!(
                    "{at}: {} has no sentence {}",
                    l.article, l.sentence
                ));
                continue;
            }
            let Some(id) = gaz.by_iso3(&l.country) else {
                out.dropped
                    .push(format!("{at}: unknown country code {}", l.country));
                continue;
            };
            let aliases = aliases_in(&a.text, f.aliases(&l.article, &l.topic).unwrap_or(&[]));
            if aliases.is_empty() {
                out.dropped.push(format!(
                    "{at}: no alias of {:?} occurs in {}",
                    l.topic, l.article
                ));
                continue;
            }
            if out.gold.iter().any(|g| {
                g.body_id == l.article && g.country_code == l.country && g.topic == l.topic
            }) {
                out.dropped.push(format!(
                    "{at}: {} {} {:?} given twice",
                    l.article, l.country, l.topic
                ));
                continue;
            }
            out.gold.push(GoldLabel {
                body_id: l.article.clone(),
                country_code: l.country.clone(),
                country_name: gaz.country(id).name.clone(),
                topic: l.topic.clone(),
                aliases,
                stance: l.stance.clone(),
                evidence_sentence: Some(l.sentence),
                note: l.note.replace(['\n', '\r'], " "),
                line: 0,
            });
        }
    }
    Ok(out)
}

/// Import the news-pilot labels (`../shared/datasets/news-pilot/labels.csv`:
/// FNC-1 body id, sentence byte span, holder name, topic, stance) as the
/// pass `pilot`: each span is mapped to the sheet sentence it overlaps
/// most, each holder name to its ISO3 code; rows that map to nothing (or to
/// a unit given already) are dropped and reported.
pub fn import_pilot(
    path: &str,
    topics: &[crate::model::Topic],
    corpora: &mut Corpora,
) -> Result<(Vec<StandoffRow>, Vec<String>)> {
    #[derive(serde::Deserialize)]
    struct PilotRow {
        body_id: String,
        sentence_start: usize,
        sentence_end: usize,
        holder: String,
        target: String,
        stance: String,
    }
    let gaz = Gazetteer::builtin();
    let mut rdr = csv::Reader::from_path(path).map_err(|e| Error::Other(format!("{path}: {e}")))?;
    let mut cache: HashMap<String, Loaded> = HashMap::new();
    let mut rows = Vec::new();
    let mut dropped = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, rec) in rdr.deserialize::<PilotRow>().enumerate() {
        let line = i as u64 + 2;
        let p =
            rec.map_err(|e| Error::input(path, e.position().map(|x| x.line()), e.to_string()))?;
        let article = crate::news::corpus::article_id(CorpusKind::Fnc1, &p.body_id);
        let a = load(&mut cache, corpora, &article)?;
        let best = a
            .sheet
            .sentences
            .iter()
            .map(|s| {
                let lo = s.span.start.max(p.sentence_start);
                let hi = s.span.end.min(p.sentence_end);
                (hi.saturating_sub(lo), s.span.clone())
            })
            .max_by_key(|(o, _)| *o);
        let Some((overlap, span)) = best.filter(|(o, _)| *o > 0) else {
            dropped.push(format!(
                "{path}:{line}: no sentence of {article} overlaps {}..{}",
                p.sentence_start, p.sentence_end
            ));
            continue;
        };
        let _ = overlap;
        let Some(id) = gaz.lookup(&p.holder) else {
            dropped.push(format!(
                "{path}:{line}: holder {:?} is no country of the gazetteer",
                p.holder
            ));
            continue;
        };
        let code = gaz.country(id).iso3.clone();
        if !seen.insert((article.clone(), span.start, code.clone(), p.target.clone())) {
            dropped.push(format!(
                "{path}:{line}: same sentence, country and topic as an earlier row"
            ));
            continue;
        }
        let aliases = topics
            .iter()
            .find(|t| t.name == p.target)
            .map(|t| aliases_in(&a.text, &t.aliases))
            .unwrap_or_default();
        rows.push(row_for(
            CorpusKind::Fnc1,
            &a.doc_id,
            &a.text,
            span.start,
            span.end,
            &code,
            &p.target,
            &aliases.join("|"),
            &p.stance,
            "pilot",
        ));
    }
    Ok((rows, dropped))
}

/// Write gold labels in the dev-set format.
pub fn write_gold<W: std::io::Write>(out: W, gold: &[GoldLabel]) -> Result<()> {
    let e = |e: csv::Error| Error::Other(format!("cannot write gold labels: {e}"));
    let mut w = csv::Writer::from_writer(out);
    w.write_record(crate::eval::articles::GOLD_COLUMNS)
        .map_err(e)?;
    for g in gold {
        w.write_record([
            g.body_id.as_str(),
            &g.country_code,
            &g.country_name,
            &g.topic,
            &g.aliases.join("|"),
            &g.stance,
            &g.evidence_sentence
                .map(|s| s.to_string())
                .unwrap_or_default(),
            &g.note,
        ])
        .map_err(e)?;
    }
    w.flush()
        .map_err(|x| Error::Other(format!("cannot write gold labels: {x}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_ids_round_trip() {
        assert_eq!(
            parse_article_id("bbc-politics-042"),
            Some((CorpusKind::Bbc, "politics/042.txt".into()))
        );
        assert_eq!(
            parse_article_id("fnc1-1087"),
            Some((CorpusKind::Fnc1, "1087".into()))
        );
        assert_eq!(
            parse_article_id("reuters-5402"),
            Some((CorpusKind::Reuters, "5402".into()))
        );
        assert_eq!(parse_article_id("nyt-1"), None);
        for (k, d) in [(CorpusKind::Bbc, "tech/300.txt"), (CorpusKind::Fnc1, "7")] {
            let id = crate::news::corpus::article_id(k, d);
            assert_eq!(parse_article_id(&id), Some((k, d.to_string())));
        }
    }

    #[test]
    fn reader_files_parse_and_fail_at_their_line() {
        let text = "# reader r9\nT\tfnc1-1\tthaad\tTHAAD|the shield\nR\tfnc1-1\t0\tchn\tthaad\toppose\nA\tfnc1-1\tCHN\tthaad\toppose\t0\tsays no\n";
        let f = parse("r9.tsv", text).unwrap();
        assert_eq!(f.reader, "r9");
        assert_eq!(
            f.aliases("fnc1-1", "thaad").unwrap(),
            ["THAAD", "the shield"]
        );
        assert_eq!(f.sentences[0].country, "CHN");
        assert_eq!(f.articles[0].note, "says no");
        let e = parse("r9.tsv", "# reader r9\nR\tfnc1-1\t0\tCHN\tthaad\toppose\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "r9.tsv:2:5: topic \"thaad\" has no T line for fnc1-1 above"
        );
        let e = parse(
            "r9.tsv",
            "# reader r9\nT\tfnc1-1\tthaad\tTHAAD\nR\tfnc1-1\t0\tCHN\tthaad\tagainst\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "r9.tsv:3:6: stance \"against\"; expected support, oppose or neutral"
        );
        let e = parse("r9.tsv", "T\tfnc1-1\tthaad\tTHAAD\n").unwrap_err();
        assert!(e
            .to_string()
            .starts_with("r9.tsv:1: no `# reader NAME` line"));
    }

    #[test]
    fn aliases_must_occur_in_the_text() {
        let text = "The missile\nshield was THAAD.";
        let got = aliases_in(
            text,
            &[
                "missile shield".into(),
                "thaad".into(),
                "patriot".into(),
                "a,b".into(),
            ],
        );
        assert_eq!(got, ["missile shield", "thaad"]);
    }
}
