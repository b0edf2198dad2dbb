//! Article-level evaluation: gold (article, country, topic, stance) labels
//! in the dev-set format of `datasets/news/dev-articles.csv`, and precision,
//! recall and F1 of predicted rows over (country, topic, stance) triples.
//!
//! The counting rules:
//! - a predicted `support`/`oppose` row is a true positive when the gold
//!   gives that article, country and topic that stance, and a false
//!   positive otherwise (wrong polarity, or no gold label at all);
//! - a gold label without a predicted row of its stance is a false
//!   negative (so a wrong polarity costs one FP and one FN);
//! - predicted rows of any other stance (`neutral`, `unclear`) are not
//!   claims and are not counted.
//!
//! Figures are reported pooled and per source: the part of the article id
//! before its first `-` (`fnc1-1087` is from `fnc1`).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::error::{Error, Result};

/// The columns of an article-level gold file, in order.
pub const GOLD_COLUMNS: [&str; 8] = [
    "body_id",
    "country_code",
    "country_name",
    "topic",
    "topic_aliases",
    "stance",
    "evidence_sentence_index",
    "note",
];

/// One gold label: in article `body_id`, country `country_code` takes
/// `stance` toward `topic`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldLabel {
    /// Article id (file stem or id column of the texts).
    pub body_id: String,
    /// ISO3 code.
    pub country_code: String,
    /// Country name, for reading.
    pub country_name: String,
    /// Topic name.
    pub topic: String,
    /// Phrases of the article naming the topic.
    pub aliases: Vec<String>,
    /// `support` or `oppose`.
    pub stance: String,
    /// The sentence (0-based, in `predict`'s sentence split) that shows it.
    pub evidence_sentence: Option<usize>,
    /// Free note.
    pub note: String,
    /// Line in the gold file.
    pub line: u64,
}

/// Read and check a gold file: the exact header, one label per line,
/// stance `support`/`oppose`, at least one alias, aliases free of `,` and
/// `=` (they become `--topic NAME=alias,...`), no label given twice, and a
/// topic's aliases the same on every line of an article.
pub fn read_gold(path: &str) -> Result<Vec<GoldLabel>> {
    let shown = crate::data::display_name(path);
    let input = crate::data::open_input(path)?;
    let mut rdr = csv::ReaderBuilder::new().from_reader(input);
    let headers = rdr
        .headers()
        .map_err(|e| Error::input(&shown, Some(1), e.to_string()))?
        .clone();
    let got: Vec<&str> = headers.iter().collect();
    if got != GOLD_COLUMNS {
        return Err(Error::input(
            &shown,
            Some(1),
            format!(
                "header is {:?}; expected {}",
                got.join(","),
                GOLD_COLUMNS.join(",")
            ),
        ));
    }
    let mut out: Vec<GoldLabel> = Vec::new();
    let mut seen: HashMap<(String, String, String), u64> = HashMap::new();
    let mut topic_aliases: HashMap<(String, String), (Vec<String>, u64)> = HashMap::new();
    for rec in rdr.records() {
        let rec =
            rec.map_err(|e| Error::input(&shown, e.position().map(|p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let field = |i: usize, what: &str| -> Result<String> {
            let v = rec.get(i).unwrap_or("").trim().to_string();
            if v.is_empty() && i != 7 && i != 6 && i != 2 {
                return Err(Error::input_at(
                    &shown,
                    Some(line),
                    (i + 1).to_string(),
                    format!("empty {}; expected {what}", GOLD_COLUMNS[i]),
                ));
            }
            Ok(v)
        };
        let body_id = field(0, "the article's id")?;
        let country_code = field(1, "an ISO 3166 alpha-3 code")?.to_ascii_uppercase();
        if country_code.len() != 3 || !country_code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(Error::input_at(
                &shown,
                Some(line),
                "2",
                format!(
                    "country_code {country_code:?}; expected an ISO 3166 alpha-3 code such as CHN"
                ),
            ));
        }
        let topic = field(3, "a topic name")?;
        let raw_aliases = field(4, "pipe-separated phrases of the article")?;
        let aliases: Vec<String> = raw_aliases
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        if let Some(bad) = aliases.iter().find(|a| a.contains(',') || a.contains('=')) {
            return Err(Error::input_at(
                &shown,
                Some(line),
                "5",
                format!("alias {bad:?} holds ',' or '='; expected phrases without them, separated by '|'"),
            ));
        }
        if aliases.is_empty() {
            return Err(Error::input_at(
                &shown,
                Some(line),
                "5",
                "no alias; expected pipe-separated phrases of the article",
            ));
        }
        let stance = field(5, "support or oppose")?;
        if stance != "support" && stance != "oppose" {
            return Err(Error::input_at(
                &shown,
                Some(line),
                "6",
                format!("stance {stance:?}; expected support or oppose (gold has no neutral rows)"),
            ));
        }
        let ev = field(6, "")?;
        let evidence_sentence = if ev.is_empty() {
            None
        } else {
            Some(ev.parse::<usize>().map_err(|_| {
                Error::input_at(
                    &shown,
                    Some(line),
                    "7",
                    format!("evidence_sentence_index {ev:?}; expected a sentence number (0, 1, ...) or nothing"),
                )
            })?)
        };
        let key = (body_id.clone(), country_code.clone(), topic.clone());
        if let Some(first) = seen.insert(key, line) {
            return Err(Error::input(
                &shown,
                Some(line),
                format!("{body_id}, {country_code}, {topic:?} is labeled twice (first on line {first}); expected one stance per article, country and topic"),
            ));
        }
        match topic_aliases.get(&(body_id.clone(), topic.clone())) {
            Some((prev, first)) if *prev != aliases => {
                return Err(Error::input_at(
                    &shown,
                    Some(line),
                    "5",
                    format!("aliases of {topic:?} in {body_id} differ from line {first}; expected the same aliases on every line of an article's topic"),
                ))
            }
            Some(_) => {}
            None => {
                topic_aliases.insert((body_id.clone(), topic.clone()), (aliases.clone(), line));
            }
        }
        out.push(GoldLabel {
            body_id,
            country_code,
            country_name: field(2, "")?,
            topic,
            aliases,
            stance,
            evidence_sentence,
            note: field(7, "")?,
            line,
        });
    }
    if out.is_empty() {
        return Err(Error::input(
            &shown,
            None,
            "no labels; expected at least one row after the header",
        ));
    }
    Ok(out)
}

/// An article's id with its gold topics, each as (name, aliases).
pub type ArticleTopics = (String, Vec<(String, Vec<String>)>);

/// The topics of each article in gold order: article id -> [(topic,
/// aliases)], each topic once.
pub fn gold_topics(gold: &[GoldLabel]) -> Vec<ArticleTopics> {
    let mut out: Vec<ArticleTopics> = Vec::new();
    for g in gold {
        let at = match out.iter().position(|(id, _)| *id == g.body_id) {
            Some(i) => i,
            None => {
                out.push((g.body_id.clone(), Vec::new()));
                out.len() - 1
            }
        };
        if !out[at].1.iter().any(|(t, _)| *t == g.topic) {
            out[at].1.push((g.topic.clone(), g.aliases.clone()));
        }
    }
    out
}

/// One predicted row, as `predict` writes it for an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictedRow {
    /// Article id.
    pub body_id: String,
    /// ISO3 code.
    pub country_code: String,
    /// Topic name.
    pub topic: String,
    /// Predicted stance (only `support` and `oppose` are counted).
    pub stance: String,
    /// Confidence.
    pub confidence: f64,
    /// The evidence sentence.
    pub evidence: String,
}

/// True positives, false positives and false negatives, with the scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Predicted rows that match a gold label.
    pub tp: usize,
    /// Predicted support/oppose rows that match none.
    pub fp: usize,
    /// Gold labels that no predicted row matches.
    pub fn_: usize,
    /// tp / (tp + fp), 0 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn), 0 without gold labels.
    pub recall: f64,
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub f1: f64,
}

impl Counts {
    fn finish(mut self) -> Counts {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// One counted mistake, for `-v`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mistake {
    /// `fp` (a predicted row without its gold label) or `fn` (a gold label
    /// without its predicted row).
    pub kind: &'static str,
    /// Article id.
    pub body_id: String,
    /// ISO3 code.
    pub country_code: String,
    /// Topic name.
    pub topic: String,
    /// The gold stance (`none` when there is no gold label).
    pub gold: String,
    /// The predicted stance (`none` when no row was predicted; `neutral` or
    /// `unclear` when the row was not a claim).
    pub predicted: String,
    /// The predicted row's evidence sentence, if any.
    pub evidence: String,
    /// The gold label's line in the gold file (0 for none).
    pub gold_line: u64,
}

/// The result of [`score`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleReport {
    /// Articles scored.
    pub articles: usize,
    /// Gold labels.
    pub gold_labels: usize,
    /// Pooled counts.
    pub all: Counts,
    /// Counts per source (article id before its first `-`).
    pub per_source: BTreeMap<String, Counts>,
    /// Every FP and FN, in gold-file order then prediction order.
    pub mistakes: Vec<Mistake>,
}

/// The source of an article id: the part before its first `-`, or the whole
/// id.
pub fn source_of(body_id: &str) -> &str {
    body_id.split('-').next().unwrap_or(body_id)
}

fn is_claim(stance: &str) -> bool {
    stance == "support" || stance == "oppose"
}

/// Score predicted rows against gold labels by the counting rules of the
/// module docs. Only predicted rows of articles that have gold labels are
/// counted.
pub fn score(gold: &[GoldLabel], predicted: &[PredictedRow]) -> ArticleReport {
    let articles: HashSet<&str> = gold.iter().map(|g| g.body_id.as_str()).collect();
    let gold_map: HashMap<(&str, &str, &str), &GoldLabel> = gold
        .iter()
        .map(|g| {
            (
                (
                    g.body_id.as_str(),
                    g.country_code.as_str(),
                    g.topic.as_str(),
                ),
                g,
            )
        })
        .collect();
    let mut all = Counts::default();
    let mut per_source: BTreeMap<String, Counts> = BTreeMap::new();
    for g in gold {
        per_source
            .entry(source_of(&g.body_id).to_string())
            .or_default();
    }
    let mut matched: HashSet<(&str, &str, &str)> = HashSet::new();
    let mut fps = Vec::new();
    // The predicted row of each (article, country, topic), for the FN report.
    let mut row_of: HashMap<(&str, &str, &str), &PredictedRow> = HashMap::new();
    for p in predicted {
        if !articles.contains(p.body_id.as_str()) {
            continue;
        }
        let key = (
            p.body_id.as_str(),
            p.country_code.as_str(),
            p.topic.as_str(),
        );
        row_of.entry(key).or_insert(p);
        if !is_claim(&p.stance) {
            continue;
        }
        let src = per_source
            .entry(source_of(&p.body_id).to_string())
            .or_default();
        match gold_map.get(&key) {
            Some(g) if g.stance == p.stance && matched.insert(key) => {
                all.tp += 1;
                src.tp += 1;
            }
            other => {
                all.fp += 1;
                src.fp += 1;
                fps.push(Mistake {
                    kind: "fp",
                    body_id: p.body_id.clone(),
                    country_code: p.country_code.clone(),
                    topic: p.topic.clone(),
                    gold: other.map_or("none".to_string(), |g| g.stance.clone()),
                    predicted: p.stance.clone(),
                    evidence: p.evidence.clone(),
                    gold_line: other.map_or(0, |g| g.line),
                });
            }
        }
    }
    let mut mistakes = Vec::new();
    for g in gold {
        let key = (
            g.body_id.as_str(),
            g.country_code.as_str(),
            g.topic.as_str(),
        );
        if matched.contains(&key) {
            continue;
        }
        all.fn_ += 1;
        per_source
            .entry(source_of(&g.body_id).to_string())
            .or_default()
            .fn_ += 1;
        let row = row_of.get(&key);
        mistakes.push(Mistake {
            kind: "fn",
            body_id: g.body_id.clone(),
            country_code: g.country_code.clone(),
            topic: g.topic.clone(),
            gold: g.stance.clone(),
            predicted: row.map_or("none".to_string(), |p| p.stance.clone()),
            evidence: row.map_or(String::new(), |p| p.evidence.clone()),
            gold_line: g.line,
        });
    }
    mistakes.extend(fps);
    ArticleReport {
        articles: articles.len(),
        gold_labels: gold.len(),
        all: all.finish(),
        per_source: per_source
            .into_iter()
            .map(|(k, c)| (k, c.finish()))
            .collect(),
        mistakes,
    }
}

impl ArticleReport {
    /// The figures as a table: one line per source, then all of them.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{} articles, {} gold labels; counted over (country, topic, stance)\n\n",
            self.articles, self.gold_labels
        );
        s.push_str(&format!(
            "{:<12} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9}\n",
            "source", "tp", "fp", "fn", "precision", "recall", "f1"
        ));
        let line = |name: &str, c: &Counts| {
            format!(
                "{:<12} {:>6} {:>6} {:>6} {:>9.1} {:>9.1} {:>9.1}\n",
                name,
                c.tp,
                c.fp,
                c.fn_,
                100.0 * c.precision,
                100.0 * c.recall,
                100.0 * c.f1
            )
        };
        for (name, c) in &self.per_source {
            s.push_str(&line(name, c));
        }
        s.push_str(&line("all", &self.all));
        s
    }

    /// The mistakes, one block each (for `-v`).
    pub fn mistakes_text(&self) -> String {
        let mut s = String::new();
        for m in &self.mistakes {
            s.push_str(&format!(
                "{} {} {} {:?}: gold {}, predicted {}{}\n",
                m.kind.to_uppercase(),
                m.body_id,
                m.country_code,
                m.topic,
                m.gold,
                m.predicted,
                if m.gold_line > 0 {
                    format!(" (gold line {})", m.gold_line)
                } else {
                    String::new()
                }
            ));
            if !m.evidence.is_empty() {
                let ev: String = m.evidence.split_whitespace().collect::<Vec<_>>().join(" ");
                s.push_str(&format!("    evidence: {ev}\n"));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(id: &str, c: &str, t: &str, s: &str, line: u64) -> GoldLabel {
        GoldLabel {
            body_id: id.into(),
            country_code: c.into(),
            country_name: String::new(),
            topic: t.into(),
            aliases: vec![t.into()],
            stance: s.into(),
            evidence_sentence: None,
            note: String::new(),
            line,
        }
    }

    fn pred(id: &str, c: &str, t: &str, s: &str) -> PredictedRow {
        PredictedRow {
            body_id: id.into(),
            country_code: c.into(),
            topic: t.into(),
            stance: s.into(),
            confidence: 0.9,
            evidence: format!("{c} on {t}"),
        }
    }

    #[test]
    fn each_counting_rule() {
        let g = vec![
            gold("a-1", "CHN", "thaad", "oppose", 2),
            gold("a-1", "USA", "thaad", "support", 3),
            gold("b-2", "RUS", "sanctions", "oppose", 4),
            gold("b-2", "FRA", "sanctions", "support", 5),
        ];
        let p = vec![
            pred("a-1", "CHN", "thaad", "oppose"),      // tp
            pred("a-1", "USA", "thaad", "oppose"),      // wrong polarity: fp (+ fn)
            pred("a-1", "KOR", "thaad", "support"),     // no gold label: fp
            pred("b-2", "RUS", "sanctions", "neutral"), // not a claim: fn only
            pred("b-2", "FRA", "sanctions", "unclear"), // not a claim: fn only
            pred("c-3", "JPN", "trade", "support"),     // article without gold: ignored
        ];
        let r = score(&g, &p);
        assert_eq!((r.all.tp, r.all.fp, r.all.fn_), (1, 2, 3));
        assert!((r.all.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((r.all.recall - 0.25).abs() < 1e-12);
        assert!((r.all.f1 - 2.0 / 7.0).abs() < 1e-12);
        let a = r.per_source["a"];
        assert_eq!((a.tp, a.fp, a.fn_), (1, 2, 1));
        let b = r.per_source["b"];
        assert_eq!((b.tp, b.fp, b.fn_), (0, 0, 2));
        assert_eq!((b.precision, b.recall, b.f1), (0.0, 0.0, 0.0));
        assert!(!r.per_source.contains_key("c"));
        let kinds: Vec<(&str, &str, &str, &str)> = r
            .mistakes
            .iter()
            .map(|m| {
                (
                    m.kind,
                    m.country_code.as_str(),
                    m.gold.as_str(),
                    m.predicted.as_str(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("fn", "USA", "support", "oppose"),
                ("fn", "RUS", "oppose", "neutral"),
                ("fn", "FRA", "support", "unclear"),
                ("fp", "USA", "support", "oppose"),
                ("fp", "KOR", "none", "support"),
            ]
        );
    }

    #[test]
    fn a_gold_label_is_matched_once() {
        let g = vec![gold("a-1", "CHN", "thaad", "oppose", 2)];
        let p = vec![
            pred("a-1", "CHN", "thaad", "oppose"),
            pred("a-1", "CHN", "thaad", "oppose"),
        ];
        let r = score(&g, &p);
        assert_eq!((r.all.tp, r.all.fp, r.all.fn_), (1, 1, 0));
    }

    #[test]
    fn gold_file_errors_name_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let write = |body: &str| {
            let p = dir.path().join("g.csv");
            std::fs::write(&p, format!("{}\n{body}", GOLD_COLUMNS.join(","))).unwrap();
            p.to_string_lossy().into_owned()
        };
        let e = read_gold(&write("x-1,CHN,China,thaad,THAAD,neutral,0,\n")).unwrap_err();
        assert!(e.to_string().ends_with(
            "g.csv:2:6: stance \"neutral\"; expected support or oppose (gold has no neutral rows)"
        ), "{e}");
        let e = read_gold(&write("x-1,CHN,China,thaad,THAAD=x,oppose,0,\n")).unwrap_err();
        assert!(
            e.to_string().contains("g.csv:2:5: alias \"THAAD=x\""),
            "{e}"
        );
        let e = read_gold(&write("x-1,CN,China,thaad,THAAD,oppose,0,\n")).unwrap_err();
        assert!(
            e.to_string().contains("g.csv:2:2: country_code \"CN\""),
            "{e}"
        );
        let e = read_gold(&write(
            "x-1,CHN,China,thaad,THAAD,oppose,0,\nx-1,CHN,China,thaad,THAAD,support,1,\n",
        ))
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("g.csv:3: x-1, CHN, \"thaad\" is labeled twice (first on line 2)"),
            "{e}"
        );
        let e = read_gold(&write("x-1,CHN,China,thaad,THAAD,oppose,first,\n")).unwrap_err();
        assert!(
            e.to_string()
                .contains("g.csv:2:7: evidence_sentence_index \"first\""),
            "{e}"
        );
        let p = dir.path().join("h.csv");
        std::fs::write(&p, "body_id,country,topic\n").unwrap();
        let e = read_gold(&p.to_string_lossy()).unwrap_err();
        assert!(e.to_string().contains("h.csv:1: header is"), "{e}");
        let ok = read_gold(&write(
            "x-1,CHN,China,thaad,THAAD|the missile shield,oppose,3,a note\n",
        ))
        .unwrap();
        assert_eq!(ok[0].aliases, ["THAAD", "the missile shield"]);
        assert_eq!(ok[0].evidence_sentence, Some(3));
        assert_eq!(ok[0].line, 2);
        assert_eq!(
            gold_topics(&ok),
            vec![(
                "x-1".to_string(),
                vec![(
                    "thaad".to_string(),
                    vec!["THAAD".to_string(), "the missile shield".to_string()]
                )]
            )]
        );
    }
}
