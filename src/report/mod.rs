//! `stancekit report`: a labeled archive at a glance. Reads article-level
//! prediction rows (the output of `predict ... --as-articles`, CSV or JSON
//! Lines) by column name, and sums them per (country, topic) into a
//! [`Summary`]: counts of each stance, mean confidence, number of
//! articles, a few evidence sentences per cell, and per period (month,
//! quarter or year) when the rows carry a date.
//!
//! Memory is bounded by the number of cells and periods, not of rows: a
//! cell keeps its counts, the hashes of its articles (8 bytes each, to
//! count articles that have several rows) and at most [`EVIDENCE_PER_CELL`]
//! evidence sentences (the most confident support/oppose ones).
//!
//! [`table`] prints the summary, [`charts`] draws it with plotters (SVG),
//! [`html`] puts both on one self-contained page.

pub mod charts;
pub mod html;
pub mod table;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

use crate::data::{display_name, Format, Limits, RowReader};
use crate::error::{Error, Result};

/// Evidence sentences kept per cell (the most confident polar rows).
pub const EVIDENCE_PER_CELL: usize = 5;

/// Time buckets of the stance-over-time chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `YYYY-MM`.
    Month,
    /// `YYYY-Qn`.
    Quarter,
    /// `YYYY`.
    Year,
}

impl Period {
    /// Parse `month`, `quarter` or `year`.
    pub fn parse(s: &str) -> Option<Period> {
        match s {
            "month" => Some(Period::Month),
            "quarter" => Some(Period::Quarter),
            "year" => Some(Period::Year),
            _ => None,
        }
    }

    /// The bucket of a date `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (`None` when
    /// the date is too coarse for the period, e.g. `2015` by month).
    /// Errors describe what a date must look like.
    pub fn bucket(self, date: &str) -> std::result::Result<Option<String>, String> {
        let b = date.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = match b.len() {
            4 => digits(0..4),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7),
            10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
            _ => false,
        };
        let month: Option<u32> = (b.len() >= 7).then(|| date[5..7].parse().unwrap_or(0));
        if !ok || month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(format!(
                "date \"{date}\"; expected YYYY-MM-DD, YYYY-MM or YYYY"
            ));
        }
        let year = &date[..4];
        Ok(match (self, month) {
            (Period::Year, _) => Some(year.to_string()),
            (_, None) => None,
            (Period::Month, Some(m)) => Some(format!("{year}-{m:02}")),
            (Period::Quarter, Some(m)) => Some(format!("{year}-Q{}", (m - 1) / 3 + 1)),
        })
    }
}

/// One evidence sentence kept for a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceItem {
    /// Article id.
    pub article: String,
    /// Article date (may be empty).
    pub date: String,
    /// The row's stance.
    pub stance: String,
    /// The row's confidence.
    pub confidence: f64,
    /// The evidence sentence.
    pub text: String,
}

/// Counts of one (country, topic), overall or in one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Rows with stance `support`.
    pub support: u64,
    /// Rows with stance `oppose`.
    pub oppose: u64,
    /// Rows with stance `neutral` (or any other label).
    pub neutral: u64,
    /// Rows with stance `unclear`.
    pub unclear: u64,
    /// Sum of the rows' confidences.
    pub confidence_sum: f64,
}

impl Counts {
    /// Number of rows.
    pub fn rows(&self) -> u64 {
        self.support + self.oppose + self.neutral + self.unclear
    }

    /// Support minus oppose, as a share of all rows (-1..1).
    pub fn net(&self) -> f64 {
        match self.rows() {
            0 => 0.0,
            n => (self.support as f64 - self.oppose as f64) / n as f64,
        }
    }

    /// Mean confidence of the rows.
    pub fn mean_confidence(&self) -> f64 {
        match self.rows() {
            0 => 0.0,
            n => self.confidence_sum / n as f64,
        }
    }

    fn add(&mut self, stance: &str, confidence: f64) {
        match stance {
            "support" => self.support += 1,
            "oppose" => self.oppose += 1,
            "unclear" => self.unclear += 1,
            _ => self.neutral += 1,
        }
        self.confidence_sum += confidence;
    }
}

/// One (country, topic) of the summary.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Country name.
    pub country: String,
    /// Topic name.
    pub topic: String,
    /// Its counts over all rows.
    pub counts: Counts,
    /// Hashes of the distinct articles seen.
    articles: FxHashSet<u64>,
    /// Counts per period (with a date column and a period).
    pub periods: BTreeMap<String, Counts>,
    /// The most confident support/oppose evidence (at most
    /// [`EVIDENCE_PER_CELL`]), most confident first.
    pub evidence: Vec<EvidenceItem>,
}

impl Cell {
    /// Number of distinct articles.
    pub fn articles(&self) -> usize {
        self.articles.len()
    }

    fn keep_evidence(&mut self, item: EvidenceItem) {
        let e = &mut self.evidence;
        if e.len() == EVIDENCE_PER_CELL && e.last().is_some_and(|l| l.confidence >= item.confidence)
        {
            return;
        }
        let at = e.partition_point(|x| x.confidence >= item.confidence);
        e.insert(at, item);
        e.truncate(EVIDENCE_PER_CELL);
    }
}

/// What to read and keep.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Keep only these countries (names or ISO3 codes, any case); empty: all.
    pub countries: Vec<String>,
    /// Keep only these topics (any case); empty: all.
    pub topics: Vec<String>,
    /// Drop cells with fewer articles.
    pub min_articles: usize,
    /// The date column (`None`: `date` when the input has one).
    pub date_column: Option<String>,
    /// Period of the time series.
    pub period: Period,
    /// Input format (`None`: from each file's extension).
    pub format: Option<Format>,
}

/// The whole report: cells in country, topic order, and what was read.
#[derive(Debug, Default)]
pub struct Summary {
    /// Cells with at least `min_articles` articles.
    pub cells: Vec<Cell>,
    /// Article-level rows read (all inputs).
    pub rows: u64,
    /// Rows kept by the filters.
    pub kept: u64,
    /// Rows skipped as `--all-evidence` sentence rows.
    pub sentence_rows: u64,
    /// Kept rows whose date is empty or too coarse for the period.
    pub undated: u64,
    /// Whether any input had a date column.
    pub dated: bool,
}

/// Column indices of one input.
struct Cols {
    article: Option<usize>,
    country: usize,
    code: Option<usize>,
    topic: usize,
    stance: usize,
    confidence: Option<usize>,
    evidence: Option<usize>,
    date: Option<usize>,
}

fn columns(r: &RowReader, date: Option<&str>) -> Result<Cols> {
    let opt = |n: &str| r.headers().iter().position(|h| h == n);
    Ok(Cols {
        article: opt("article"),
        country: r.column("country")?,
        code: opt("country_code"),
        topic: r.column("topic")?,
        stance: r.column("stance")?,
        confidence: opt("confidence"),
        evidence: opt("evidence"),
        date: match date {
            Some(d) => Some(r.column(d)?),
            None => opt("date"),
        },
    })
}

fn wanted(list: &[String], values: &[&str]) -> bool {
    list.is_empty()
        || list
            .iter()
            .any(|w| values.iter().any(|v| v.eq_ignore_ascii_case(w)))
}

/// Read every input and sum its rows (see the module docs). A row with
/// an unparsable confidence or date stops the run with its place.
pub fn summarize(inputs: &[String], opts: &ReportOptions) -> Result<Summary> {
    let mut index: BTreeMap<(String, String), Cell> = BTreeMap::new();
    let mut s = Summary::default();
    for path in inputs {
        let format = opts.format.unwrap_or_else(|| Format::from_path(path));
        let mut reader = RowReader::open(path, format, Limits::default())?;
        let c = columns(&reader, opts.date_column.as_deref())?;
        s.dated |= c.date.is_some();
        let name = display_name(path);
        while let Some(row) = reader.next_row()? {
            let v = &row.values;
            let stance = v[c.stance].as_str();
            if stance.starts_with("sentence:") {
                s.sentence_rows += 1;
                continue;
            }
            s.rows += 1;
            let (country, topic) = (v[c.country].as_str(), v[c.topic].as_str());
            let code = c.code.map_or("", |i| v[i].as_str());
            if !wanted(&opts.countries, &[country, code]) || !wanted(&opts.topics, &[topic]) {
                continue;
            }
            s.kept += 1;
            let confidence = match c.confidence {
                Some(i) => v[i].parse::<f64>().ok().filter(|x| (0.0..=1.0).contains(x)),
                None => Some(1.0),
            }
            .ok_or_else(|| {
                Error::input_at(
                    &name,
                    Some(row.line),
                    "confidence",
                    format!(
                        "confidence \"{}\"; expected a number from 0 to 1",
                        c.confidence.map_or("", |i| v[i].as_str())
                    ),
                )
            })?;
            let bucket = match c.date.map(|i| v[i].as_str()) {
                Some(d) if !d.is_empty() => opts.period.bucket(d).map_err(|m| {
                    let col = reader.headers()[c.date.unwrap_or(0)].clone();
                    Error::input_at(&name, Some(row.line), col, m)
                })?,
                _ => None,
            };
            let cell = index
                .entry((country.to_string(), topic.to_string()))
                .or_insert_with(|| Cell {
                    country: country.to_string(),
                    topic: topic.to_string(),
                    ..Cell::default()
                });
            cell.counts.add(stance, confidence);
            let article = c.article.map_or("", |i| v[i].as_str());
            let mut h = FxHasher::default();
            (
                path,
                article,
                if article.is_empty() { row.number } else { 0 },
            )
                .hash(&mut h);
            cell.articles.insert(h.finish());
            match bucket {
                Some(b) => cell.periods.entry(b).or_default().add(stance, confidence),
                None => s.undated += 1,
            }
            if matches!(stance, "support" | "oppose") {
                if let Some(e) = c.evidence {
                    cell.keep_evidence(EvidenceItem {
                        article: article.to_string(),
                        date: c.date.map_or(String::new(), |i| v[i].clone()),
                        stance: stance.to_string(),
                        confidence,
                        text: v[e].clone(),
                    });
                }
            }
        }
    }
    s.cells = index
        .into_values()
        .filter(|c| c.articles() >= opts.min_articles.max(1))
        .collect();
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_bucket_dates() {
        assert_eq!(
            Period::Month.bucket("2015-03-09"),
            Ok(Some("2015-03".into()))
        );
        assert_eq!(
            Period::Quarter.bucket("2015-11"),
            Ok(Some("2015-Q4".into()))
        );
        assert_eq!(Period::Year.bucket("2015-11-30"), Ok(Some("2015".into())));
        assert_eq!(Period::Month.bucket("2015"), Ok(None));
        assert!(Period::Month.bucket("2015-13-01").is_err());
        assert!(Period::Year.bucket("15/03/2015").is_err());
    }

    #[test]
    fn net_share_and_evidence_kept() {
        let mut c = Counts::default();
        for (s, p) in [
            ("support", 0.9),
            ("support", 0.7),
            ("oppose", 0.8),
            ("unclear", 0.4),
        ] {
            c.add(s, p);
        }
        assert_eq!(c.rows(), 4);
        assert_eq!(c.net(), 0.25);
        assert!((c.mean_confidence() - 0.7).abs() < 1e-12);
        let mut cell = Cell::default();
        for i in 0..8 {
            cell.keep_evidence(EvidenceItem {
                article: i.to_string(),
                date: String::new(),
                stance: "support".into(),
                confidence: [0.5, 0.9, 0.6, 0.95, 0.55, 0.7, 0.8, 0.51][i],
                text: String::new(),
            });
        }
        let kept: Vec<&str> = cell.evidence.iter().map(|e| e.article.as_str()).collect();
        assert_eq!(kept, ["3", "1", "6", "5", "2"]);
    }
}
