//! Stand-off annotations: labels that point into a corpus by document id
//! and sentence byte span, with a SHA-256 of the sentence so that a
//! changed corpus is detected instead of silently giving other text.
//!
//! One row per (sentence, country, topic):
//!
//! ```text
//! corpus,doc_id,start,end,sha256,country_code,topic,topic_aliases,stance,annotator
//! fnc1,1087,258,545,3f2a...,RUS,Russian military intervention in Ukraine,involvement in Ukraine,support,r4
//! ```
//!
//! `start`/`end` are UTF-8 byte offsets of the sentence in the document's
//! text as the corpus file holds it; `topic_aliases` are `|`-separated
//! phrases of the article naming the topic; `annotator` names the reader
//! (`r4`), or the readers who agreed (`r1+r4`), or the adjudicator
//! (`adj`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::entities::gazetteer::Gazetteer;
use crate::error::{Error, Result};
use crate::features::entity::AliasMatcher;
use crate::model::persist::hex_sha256;
use crate::news::corpus::{Corpora, CorpusKind};

/// The columns of a stand-off file, in order.
pub const COLUMNS: [&str; 10] = [
    "corpus",
    "doc_id",
    "start",
    "end",
    "sha256",
    "country_code",
    "topic",
    "topic_aliases",
    "stance",
    "annotator",
];

/// The stances of the sentence corpus.
pub const STANCES: [&str; 3] = ["support", "oppose", "neutral"];

/// One stand-off label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandoffRow {
    /// Corpus name (`fnc1`, `bbc`, `reuters`).
    pub corpus: String,
    /// Document id in the corpus.
    pub doc_id: String,
    /// Sentence start (byte offset).
    pub start: usize,
    /// Sentence end (byte offset, exclusive).
    pub end: usize,
    /// SHA-256 of the sentence's bytes, lowercase hex.
    pub sha256: String,
    /// ISO3 code of the holder.
    pub country_code: String,
    /// Topic name.
    pub topic: String,
    /// `|`-separated phrases of the article naming the topic.
    pub topic_aliases: String,
    /// `support`, `oppose` or `neutral`.
    pub stance: String,
    /// Who labeled it.
    pub annotator: String,
}

impl StandoffRow {
    /// The unit the row labels: (corpus, document, span, country, topic).
    pub fn unit(&self) -> Unit {
        (
            self.corpus.clone(),
            self.doc_id.clone(),
            self.start,
            self.end,
            self.country_code.clone(),
            self.topic.clone(),
        )
    }
}

/// What one label is about: (corpus, doc_id, start, end, country, topic).
pub type Unit = (String, String, usize, usize, String, String);

/// Read a stand-off file, checking the header, the corpus names, spans,
/// hashes' shape, codes and stances (not the texts: see [`resolve`]).
pub fn read(path: &str) -> Result<Vec<StandoffRow>> {
    let shown = crate::data::display_name(path);
    let input = crate::data::open_input(path)?;
    let mut rdr = csv::ReaderBuilder::new().from_reader(input);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::input(&shown, Some(1), e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    if headers != COLUMNS {
        return Err(Error::input(
            &shown,
            Some(1),
            format!(
                "header is {:?}; expected {}",
                headers.join(","),
                COLUMNS.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    for rec in rdr.deserialize::<StandoffRow>() {
        let row = rec.map_err(|e| {
            let line = e.position().map(|p| p.line());
            Error::input(&shown, line, format!("{e}; expected {}", COLUMNS.join(",")))
        })?;
        let line = Some(out.len() as u64 + 2);
        let bad = |col: usize, msg: String| Error::input_at(&shown, line, col.to_string(), msg);
        if CorpusKind::parse(&row.corpus).is_none() {
            return Err(bad(
                1,
                format!("corpus {:?}; expected fnc1, bbc or reuters", row.corpus),
            ));
        }
        if row.end <= row.start {
            return Err(bad(
                4,
                format!(
                    "end {} is not after start {}; expected a non-empty byte span",
                    row.end, row.start
                ),
            ));
        }
        if row.sha256.len() != 64 || !row.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad(
                5,
                format!("sha256 {:?}; expected 64 hex digits", row.sha256),
            ));
        }
        if Gazetteer::builtin().by_iso3(&row.country_code).is_none() {
            return Err(bad(
                6,
                format!(
                    "country_code {:?}; expected an ISO3 code of the gazetteer",
                    row.country_code
                ),
            ));
        }
        if !STANCES.contains(&row.stance.as_str()) {
            return Err(bad(
                9,
                format!(
                    "stance {:?}; expected support, oppose or neutral",
                    row.stance
                ),
            ));
        }
        out.push(row);
    }
    Ok(out)
}

/// Write rows as a stand-off CSV.
pub fn write<W: std::io::Write>(out: W, rows: &[StandoffRow]) -> Result<()> {
    crate::news::write_csv(out, rows, "stand-off rows")
}

/// A label with its sentence read from the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// The sentence.
    pub text: String,
    /// Country name (the gazetteer's canonical short name).
    pub holder: String,
    /// What the sentence names the topic by, as article mode scores it
    /// ([`target_of`]): an alias found in the sentence, else the topic name.
    pub target: String,
    /// Stance.
    pub stance: String,
    /// Article id usable as a file name (`fnc1-1087`), for grouped
    /// cross-validation.
    pub article: String,
    /// ISO3 code.
    pub country_code: String,
    /// Topic name.
    pub topic: String,
    /// Aliases of the topic.
    pub topic_aliases: String,
    /// Corpus.
    pub corpus: String,
    /// Document id.
    pub doc_id: String,
    /// Sentence start.
    pub start: usize,
    /// Sentence end.
    pub end: usize,
    /// Who labeled it.
    pub annotator: String,
}

/// The target a labeled sentence is trained with: what article mode scores
/// it with ([`crate::article`]), the first of the topic's aliases (its
/// name, then `aliases`, `|`-separated) that the sentence names as a whole
/// word in any case, line breaks read as spaces; else the topic name (a
/// sentence the topic carries over to).
pub fn target_of(sentence: &str, topic: &str, aliases: &str) -> String {
    let t = crate::model::topics::make(topic, aliases.split('|').collect());
    let flat = crate::article::flatten_whitespace(sentence);
    let mut hit = Vec::new();
    AliasMatcher::new(&t.aliases).present(&flat, &mut hit);
    match hit.iter().position(|&h| h) {
        Some(i) => t.aliases[i].clone(),
        None => topic.to_string(),
    }
}

/// Read every row's sentence from the corpora and check its hash. A missing
/// corpus or document, a span outside the text or off a character
/// boundary, or a hash that differs is an error naming the stand-off file's
/// line: the text has drifted and must not be used.
pub fn resolve(path: &str, rows: &[StandoffRow], corpora: &mut Corpora) -> Result<Vec<Resolved>> {
    let gaz = Gazetteer::builtin();
    let shown = crate::data::display_name(path);
    let mut out = Vec::with_capacity(rows.len());
    let mut names: HashMap<String, String> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let line = Some(i as u64 + 2);
        let kind = CorpusKind::parse(&r.corpus).ok_or_else(|| {
            Error::input_at(
                &shown,
                line,
                "1",
                format!("corpus {:?}; expected fnc1, bbc or reuters", r.corpus),
            )
        })?;
        let text = corpora
            .get(kind, &r.doc_id)
            .map_err(|e| Error::input_at(&shown, line, "2", format!("{e}")))?;
        let sentence = text.get(r.start..r.end).ok_or_else(|| {
            Error::input_at(
                &shown,
                line,
                "3",
                format!(
                    "span {}..{} is outside document {} ({} bytes) or splits a character; expected the sentence's byte span",
                    r.start,
                    r.end,
                    r.doc_id,
                    text.len()
                ),
            )
        })?;
        let hash = hex_sha256(sentence.as_bytes());
        if hash != r.sha256 {
            return Err(Error::input_at(
                &shown,
                line,
                "5",
                format!(
                    "sha256 of {} {}..{} is {hash}; expected {} (the corpus text differs from the one labeled: check the corpus version)",
                    r.corpus, r.start, r.end, r.sha256
                ),
            ));
        }
        let holder = names
            .entry(r.country_code.clone())
            .or_insert_with(|| {
                gaz.by_iso3(&r.country_code)
                    .map(|id| gaz.country(id).name.clone())
                    .unwrap_or_else(|| r.country_code.clone())
            })
            .clone();
        out.push(Resolved {
            text: sentence.to_string(),
            holder,
            target: target_of(sentence, &r.topic, &r.topic_aliases),
            stance: r.stance.clone(),
            article: crate::news::corpus::article_id(kind, &r.doc_id),
            country_code: r.country_code.clone(),
            topic: r.topic.clone(),
            topic_aliases: r.topic_aliases.clone(),
            corpus: r.corpus.clone(),
            doc_id: r.doc_id.clone(),
            start: r.start,
            end: r.end,
            annotator: r.annotator.clone(),
        });
    }
    Ok(out)
}

/// The rows of a labeled CSV with `text`, `holder`, `target` and `stance`
/// columns as [`Resolved`] rows (for training on both): the article is
/// `<file>:<line>`, the country code the gazetteer's for the holder, and
/// the stand-off fields empty.
pub fn labeled_rows(path: &str) -> Result<Vec<Resolved>> {
    let table = crate::data::Table::read(
        path,
        crate::data::Format::Csv,
        crate::data::Limits::default(),
    )?;
    let cols: Vec<usize> = ["text", "holder", "target", "stance"]
        .iter()
        .map(|c| table.column(c))
        .collect::<Result<_>>()?;
    let gaz = Gazetteer::builtin();
    let name = crate::data::display_name(path);
    Ok(table
        .rows
        .iter()
        .map(|row| {
            let v = |i: usize| row.values[cols[i]].clone();
            Resolved {
                text: v(0),
                holder: v(1),
                target: v(2),
                stance: v(3),
                article: format!("{name}:{}", row.line),
                country_code: gaz
                    .lookup(&row.values[cols[1]])
                    .map(|id| gaz.country(id).iso3.clone())
                    .unwrap_or_default(),
                topic: v(2),
                topic_aliases: String::new(),
                corpus: String::new(),
                doc_id: String::new(),
                start: 0,
                end: 0,
                annotator: String::new(),
            }
        })
        .collect())
}

/// A stand-off row for `sentence` = `text[start..end]` of a document.
#[allow(clippy::too_many_arguments)]
pub fn row_for(
    corpus: CorpusKind,
    doc_id: &str,
    text: &str,
    start: usize,
    end: usize,
    country_code: &str,
    topic: &str,
    topic_aliases: &str,
    stance: &str,
    annotator: &str,
) -> StandoffRow {
    StandoffRow {
        corpus: corpus.name().to_string(),
        doc_id: doc_id.to_string(),
        start,
        end,
        sha256: hex_sha256(&text.as_bytes()[start..end]),
        country_code: country_code.to_string(),
        topic: topic.to_string(),
        topic_aliases: topic_aliases.to_string(),
        stance: stance.to_string(),
        annotator: annotator.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus directory with one FNC-1 body.
    fn corpus(body: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("fnc-1")).unwrap();
        let mut w = csv::Writer::from_path(dir.path().join("fnc-1/train_bodies.csv")).unwrap();
        w.write_record(["Body ID", "articleBody"]).unwrap();
        w.write_record(["7", body]).unwrap();
        w.flush().unwrap();
        dir
    }

    #[test]
    fn resolve_reads_sentences_and_checks_hashes() {
        let body = "Beijing condemned the plan. Seoul welcomed it.";
        let dir = corpus(body);
        let mut corpora = Corpora::new(dir.path());
        let row = row_for(
            CorpusKind::Fnc1,
            "7",
            body,
            28,
            46,
            "KOR",
            "the plan",
            "plan",
            "support",
            "r1",
        );
        assert_eq!(row.sha256, hex_sha256(b"Seoul welcomed it."));
        let got = resolve("s.csv", std::slice::from_ref(&row), &mut corpora).unwrap();
        assert_eq!(got[0].text, "Seoul welcomed it.");
        assert_eq!(got[0].holder, "South Korea");
        assert_eq!(got[0].article, "fnc1-7");
        // "plan" is not named in the sentence: the topic name is the target.
        assert_eq!(
            (got[0].target.as_str(), got[0].topic.as_str()),
            ("the plan", "the plan")
        );

        let mut bad = row.clone();
        bad.start = 29;
        let e = resolve("s.csv", &[row.clone(), bad], &mut corpora)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("s.csv:3:5: sha256 of fnc1 29..46 is "), "{e}");
        assert!(
            e.contains("the corpus text differs from the one labeled"),
            "{e}"
        );

        let mut far = row.clone();
        far.end = 999;
        let e = resolve("s.csv", &[far], &mut corpora)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("s.csv:2:3: span 28..999 is outside document 7 (46 bytes)"),
            "{e}"
        );

        let mut gone = row.clone();
        gone.doc_id = "8".into();
        let e = resolve("s.csv", &[gone], &mut corpora)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("s.csv:2:2:") && e.contains("no document with id \"8\" in corpus fnc1"),
            "{e}"
        );

        let mut missing = Corpora::new(dir.path().join("nowhere"));
        let e = resolve("s.csv", &[row], &mut missing)
            .unwrap_err()
            .to_string();
        assert!(e.contains("corpus fnc1 not found"), "{e}");
    }

    #[test]
    fn the_target_is_what_the_sentence_names_the_topic_by() {
        let aliases = "arms embargo|embargo|ban on arms sales";
        let topic = "lifting the EU arms embargo on China";
        // The first alias named, in the topic's order (its name first).
        let s = "Paris wants the embargo and the arms\nembargo gone.";
        assert_eq!(target_of(s, topic, aliases), "arms embargo");
        assert_eq!(
            target_of("Berlin backs the EMBARGO.", topic, aliases),
            "embargo"
        );
        // Whole words only; none named: the topic name (carried over).
        assert_eq!(target_of("Embargoes vary.", topic, aliases), topic);
        assert_eq!(
            target_of(
                "Lifting the EU arms embargo on China helps.",
                topic,
                aliases
            ),
            topic
        );
        assert_eq!(target_of("It said so.", "the plan", ""), "the plan");
    }

    #[test]
    fn files_round_trip_and_bad_fields_name_their_column() {
        let body = "Beijing condemned the plan.";
        let row = row_for(
            CorpusKind::Fnc1,
            "7",
            body,
            0,
            27,
            "CHN",
            "the plan",
            "plan",
            "oppose",
            "r1",
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.csv");
        let mut buf = Vec::new();
        write(&mut buf, std::slice::from_ref(&row)).unwrap();
        std::fs::write(&p, &buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(text.starts_with(&COLUMNS.join(",")));
        assert_eq!(read(&p.to_string_lossy()).unwrap(), vec![row]);
        let bad = text.replace(",oppose,", ",against,");
        std::fs::write(&p, bad).unwrap();
        let e = read(&p.to_string_lossy()).unwrap_err().to_string();
        assert!(
            e.ends_with("s.csv:2:9: stance \"against\"; expected support, oppose or neutral"),
            "{e}"
        );
        let bad = text.replace(",CHN,", ",XXQ,");
        std::fs::write(&p, bad).unwrap();
        let e = read(&p.to_string_lossy()).unwrap_err().to_string();
        assert!(e.contains("s.csv:2:6: country_code \"XXQ\""), "{e}");
    }
}
