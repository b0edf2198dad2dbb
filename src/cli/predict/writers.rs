//! What article mode writes: stance rows ([`StanceWriter`]: CSV with a
//! header, or one JSON object per row), topic rows ([`TopicWriter`]), one
//! JSON line per article (`--per-article`, [`ArticleWriter::Lines`]), and
//! the report of rejected articles ([`ArticleErrors`]).

use std::io::Write;

use serde::Serialize;

use crate::article::topics::ArticleTopic;
use crate::article::CountryStance;
use crate::data::Format;
use crate::error::{Error, Result};

fn write_error(e: impl std::fmt::Display) -> Error {
    Error::Other(format!("cannot write output: {e}"))
}

/// The labels of one article, as [`ArticleWriter::write`] takes them.
pub enum Labeled {
    /// Stance rows (with `--all-evidence`, each followed by its evidence
    /// sentences' rows) and how many are article-level rows.
    Stances(Vec<CountryStance>, usize),
    /// Topic rows.
    Topics(Vec<ArticleTopic>),
}

/// The output of article mode.
pub enum ArticleWriter {
    /// Stance rows.
    Stances(StanceWriter),
    /// Topic rows.
    Topics(TopicWriter),
    /// One JSON line per article (`--per-article`).
    Lines(std::io::BufWriter<Box<dyn Write + Send>>),
}

/// One line of `--per-article` output: the article's id, its input line
/// (rows only), and its rows or why it has none.
#[derive(Serialize)]
struct ArticleLine<'a> {
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stances: Option<&'a [CountryStance]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topics: Option<&'a [ArticleTopic]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl ArticleWriter {
    /// A writer to `out`: one line per article, else rows of `topics` or
    /// stances in `format` (a CSV header is written here).
    pub fn new(
        out: Box<dyn Write + Send>,
        format: Format,
        topics: bool,
        per_article: bool,
        explain: bool,
    ) -> Result<ArticleWriter> {
        Ok(match (per_article, topics) {
            (true, _) => ArticleWriter::Lines(std::io::BufWriter::new(out)),
            (false, true) => ArticleWriter::Topics(TopicWriter::new(out, format)?),
            (false, false) => ArticleWriter::Stances(StanceWriter::new(out, format, explain)?),
        })
    }

    /// Write the labels of article `id` (input line `line`).
    pub fn write(&mut self, id: &str, line: Option<u64>, labeled: &Labeled) -> Result<()> {
        match (self, labeled) {
            (ArticleWriter::Stances(w), Labeled::Stances(rows, _)) => {
                rows.iter().try_for_each(|r| w.write(r))
            }
            (ArticleWriter::Topics(w), Labeled::Topics(rows)) => {
                rows.iter().try_for_each(|r| w.write(r))
            }
            (ArticleWriter::Lines(w), labeled) => {
                let (stances, topics) = match labeled {
                    Labeled::Stances(rows, _) => (Some(rows.as_slice()), None),
                    Labeled::Topics(rows) => (None, Some(rows.as_slice())),
                };
                let l = ArticleLine {
                    id: Some(id),
                    line,
                    stances,
                    topics,
                    error: None,
                };
                write_line(w, &l)
            }
            _ => unreachable!("the labels of the writer's task"),
        }
    }

    /// Write why an article has no labels: its line with `--per-article`,
    /// nothing otherwise.
    pub fn write_rejected(
        &mut self,
        id: Option<&str>,
        line: Option<u64>,
        reason: &str,
    ) -> Result<()> {
        if let ArticleWriter::Lines(w) = self {
            let l = ArticleLine {
                id,
                line,
                stances: None,
                topics: None,
                error: Some(reason),
            };
            write_line(w, &l)?;
        }
        Ok(())
    }

    /// Flush what is written so far (after each batch, so that a consumer
    /// reading the output as a stream gets it).
    pub fn flush(&mut self) -> Result<()> {
        match self {
            ArticleWriter::Stances(StanceWriter::Csv(w, _)) => w.flush(),
            ArticleWriter::Stances(StanceWriter::Jsonl(w)) => w.flush(),
            ArticleWriter::Topics(TopicWriter::Csv(w)) => w.flush(),
            ArticleWriter::Topics(TopicWriter::Jsonl(w)) => w.flush(),
            ArticleWriter::Lines(w) => w.flush(),
        }
        .map_err(|e| Error::io("output", e))
    }
}

fn write_line(w: &mut impl Write, l: &ArticleLine<'_>) -> Result<()> {
    serde_json::to_writer(&mut *w, l).map_err(write_error)?;
    w.write_all(b"\n").map_err(write_error)
}

/// The report of rejected articles (`--errors FILE`): CSV `article, line,
/// reason`, where `article` is the file name or the row's id (empty when
/// a broken row hides it) and `line` the row's input line (empty for
/// files).
pub struct ArticleErrors {
    writer: csv::Writer<Box<dyn Write + Send>>,
}

impl ArticleErrors {
    /// A report written to `w` (the header is written here).
    pub fn new(w: Box<dyn Write + Send>) -> Result<ArticleErrors> {
        let mut writer = csv::Writer::from_writer(w);
        writer
            .write_record(["article", "line", "reason"])
            .map_err(report_error)?;
        Ok(ArticleErrors { writer })
    }

    /// Record one rejected article.
    pub fn add(&mut self, id: Option<&str>, line: Option<u64>, reason: &str) -> Result<()> {
        let line = line.map(|l| l.to_string()).unwrap_or_default();
        self.writer
            .write_record([id.unwrap_or(""), &line, reason])
            .map_err(report_error)
    }

    /// Flush the report.
    pub fn flush(&mut self) -> Result<()> {
        self.writer.flush().map_err(report_error)
    }
}

fn report_error(e: impl std::fmt::Display) -> Error {
    Error::Other(format!("cannot write error report: {e}"))
}

/// Writer of `predict --task topic` rows: article, topic, probability, rank.
pub enum TopicWriter {
    /// CSV with a header.
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>),
    /// One JSON object per row.
    Jsonl(std::io::BufWriter<Box<dyn Write + Send>>),
}

impl TopicWriter {
    fn new(out: Box<dyn Write + Send>, format: Format) -> Result<Self> {
        Ok(match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(["article", "topic", "probability", "rank"])
                    .map_err(|e| Error::Other(format!("cannot write output: {e}")))?;
                TopicWriter::Csv(Box::new(w))
            }
            Format::Jsonl => TopicWriter::Jsonl(std::io::BufWriter::new(out)),
        })
    }

    fn write(&mut self, r: &ArticleTopic) -> Result<()> {
        let e = |e: String| Error::Other(format!("cannot write output: {e}"));
        match self {
            TopicWriter::Csv(w) => w
                .write_record([
                    r.article.as_str(),
                    &r.topic,
                    &format!("{:.4}", r.probability),
                    &r.rank.to_string(),
                ])
                .map_err(|x| e(x.to_string())),
            TopicWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r).map_err(|x| e(x.to_string()))?;
                w.write_all(b"\n").map_err(|x| e(x.to_string()))
            }
        }
    }
}

/// The CSV columns `predict --explain` adds to article rows: those of
/// row mode ([`crate::model::predict::EXPLAIN_COLUMNS`]: the best evidence
/// sentence's features), then `explain_sentences`, a JSON array of every
/// evidence sentence's `{start, end, probabilities, factor, weight}`.
/// Empty on `--all-evidence` sentence rows.
const EXPLAIN_SENTENCES: &str = "explain_sentences";

/// Writer of stance rows: the [`CountryStance`] fields but `sentences`.
pub enum StanceWriter {
    /// CSV with a header (and the explanation columns when the flag is set).
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>, bool),
    /// One JSON object per row.
    Jsonl(std::io::BufWriter<Box<dyn Write + Send>>),
}

impl StanceWriter {
    fn new(out: Box<dyn Write + Send>, format: Format, explain: bool) -> Result<Self> {
        Ok(match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                let extra: &[&str] = if explain {
                    &crate::model::predict::EXPLAIN_COLUMNS
                } else {
                    &[]
                };
                let sentences = explain.then_some(EXPLAIN_SENTENCES);
                w.write_record(
                    crate::article::ARTICLE_COLUMNS
                        .iter()
                        .chain(extra)
                        .chain(sentences.as_ref()),
                )
                .map_err(|e| Error::Other(format!("cannot write output: {e}")))?;
                StanceWriter::Csv(Box::new(w), explain)
            }
            Format::Jsonl => StanceWriter::Jsonl(std::io::BufWriter::new(out)),
        })
    }

    fn write(&mut self, r: &CountryStance) -> Result<()> {
        let e = |e: String| Error::Other(format!("cannot write output: {e}"));
        match self {
            StanceWriter::Csv(w, explain) => {
                let mut fields: Vec<String> = Vec::new();
                if *explain {
                    fields = explain_fields(r.explanation.as_ref()).map_err(e)?;
                }
                w.write_record(
                    [
                        r.article.as_str(),
                        &r.date,
                        &r.url,
                        &r.title,
                        &r.country,
                        &r.country_code,
                        &r.topic,
                        &r.stance,
                        &format!("{:.4}", r.confidence),
                        &r.evidence_count.to_string(),
                        &r.evidence,
                        &r.evidence_start.to_string(),
                        &r.evidence_end.to_string(),
                        &r.article_topics,
                    ]
                    .into_iter()
                    .chain(fields.iter().map(String::as_str)),
                )
                .map_err(|x| e(x.to_string()))
            }
            StanceWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r).map_err(|x| e(x.to_string()))?;
                w.write_all(b"\n").map_err(|x| e(x.to_string()))
            }
        }
    }
}

/// The explanation columns of one row (empty fields without one).
fn explain_fields(
    x: Option<&crate::article::RowExplanation>,
) -> std::result::Result<Vec<String>, String> {
    let Some(x) = x else {
        return Ok(vec![String::new(); 6]);
    };
    let f = &x.features;
    Ok(vec![
        f.label.clone(),
        f.decision.to_string(),
        f.intercept.to_string(),
        f.other.to_string(),
        serde_json::to_string(&f.features).map_err(|e| e.to_string())?,
        serde_json::to_string(&x.sentences).map_err(|e| e.to_string())?,
    ])
}
