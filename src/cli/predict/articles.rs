//! Article mode of `stancekit predict`: whole articles in, one row per
//! (article, country, topic) out, or one JSON line per article
//! (`--per-article`).
//!
//! Articles come from files, `--data` rows or JSON Lines on stdin
//! ([`crate::batch::source`]); they are labeled in parallel batches and
//! written in input order ([`crate::batch::ordered`]), so the output bytes
//! do not depend on the number of threads (`RAYON_NUM_THREADS`). A bad
//! article stops the run (`--on-error stop`, the default) or is skipped
//! and reported (`--on-error skip`, `--errors FILE`; with `--per-article`
//! its line carries an `error` field instead). Every article read is
//! counted once in the summary: labeled with rows, labeled without (no
//! country with a topic), or rejected.

use std::sync::Arc;

use super::args::Args;
use super::emit::EmitText;
use super::shared::{limits, load_model, MAX_ARTICLE_BYTES};
use super::writers::{ArticleErrors, ArticleWriter, Labeled};
use crate::article::{self, Analyzer, ArticleOptions, CountryStance};
use crate::batch::ordered::{self, Chunks};
use crate::batch::source::{Article, Fields, Item, Source};
use crate::cli::output::Output;
use crate::data::{Format, Limits, RowReader};
use crate::entities::dated::Gazetteers;
use crate::entities::leaders::{self, Day};
use crate::error::{Error, Result};
use crate::input::pages::IdFrom;
use crate::input::{html, FileKind};
use crate::model::{topics, Model, Task};

/// Articles per batch unless `--batch` says otherwise.
pub const ARTICLES_PER_BATCH: usize = 256;
/// A batch also ends once it holds this many bytes of text.
pub const BATCH_BYTES: usize = 16 << 20;

/// Run article prediction.
pub fn run(a: &Args) -> Result<()> {
    let task = match a.task.as_deref() {
        Some("topic") => Task::Topic,
        _ => Task::Stance,
    };
    let model = load_model(a.model.as_deref(), Some(task), a.max_model_bytes)?;
    let day = match &a.date {
        Some(d) => Some(leaders::parse_day(d, false).ok_or_else(|| Error::Param {
            name: "date",
            value: d.clone(),
            expected: "a date as YYYY-MM-DD, YYYY-MM or YYYY".into(),
        })?),
        None => None,
    };
    let day = (
        day,
        a.date.as_deref().unwrap_or_default().trim().to_string(),
    );
    let gazetteers = Gazetteers::new(a.aliases.as_deref())?;
    let opts = options(a, task, &model)?;
    if a.per_article && a.format.as_deref() == Some("csv") {
        return Err(Error::Param {
            name: "format",
            value: "csv".into(),
            expected: "jsonl with --per-article (one JSON line per article)".into(),
        });
    }
    let format = match a.format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        _ => Format::Csv,
    };
    let skip = match a.on_error.as_deref() {
        Some(o) => o == "skip",
        None => a.per_article,
    };
    let mut source = open_source(a, day)?;
    let (output, out) = Output::open(a.output.as_deref())?;
    let (err_out, errors) = match &a.errors {
        Some(p) => {
            let (o, w) = Output::open(Some(p))?;
            (Some(o), Some(ArticleErrors::new(w)?))
        }
        None => (None, None),
    };
    let emit = a.emit_text.as_deref().map(EmitText::new).transpose()?;
    let mut sink = Sink {
        writer: ArticleWriter::new(
            out,
            format,
            task == Task::Topic,
            a.per_article,
            a.explain > 0,
        )?,
        errors,
        skip,
        emit,
        tally: Tally::default(),
    };
    let labeler = Labeler {
        model: &model,
        analyzer: (task == Task::Stance).then(|| Analyzer::new(&model, &opts).explain(a.explain)),
        gazetteers: &gazetteers,
        all_evidence: a.all_evidence,
        top: a.top,
    };
    let chunks = Chunks {
        items: a.batch.unwrap_or(ARTICLES_PER_BATCH),
        bytes: BATCH_BYTES,
    };
    ordered::run(
        &mut || source.next_item(),
        &Item::size,
        chunks,
        &|item: &Item| labeler.label(item),
        &mut |done| sink.take(done),
    )?;
    let Sink {
        errors,
        mut tally,
        mut writer,
        ..
    } = sink;
    tally.skipped = source.skipped_records();
    writer.flush()?;
    drop(writer);
    output.commit()?;
    if let (Some(mut e), Some(o)) = (errors, err_out) {
        e.flush()?;
        drop(e);
        o.commit()?;
    }
    finish(a, task, &tally)
}

/// The summary line on stderr, and the exit status: an error (status 1)
/// when articles were rejected, except with `--per-article`, whose output
/// already answers every article.
fn finish(a: &Args, task: Task, tally: &Tally) -> Result<()> {
    let reasons = match (&a.errors, a.per_article, tally.rejected) {
        (_, _, 0) => String::new(),
        (Some(p), _, _) => format!(" (reasons in {p})"),
        (None, true, _) => " (reasons in their error fields)".into(),
        (None, false, _) => " (use --errors FILE to keep the reasons)".into(),
    };
    let line = tally.line(task, &reasons);
    if tally.rejected > 0 && !a.per_article {
        return Err(Error::Other(format!(
            "{line}; expected no rejected articles"
        )));
    }
    if !a.quiet {
        eprintln!("{line}");
    }
    Ok(())
}

/// The article options: topics from `--topic` / `--topics` (with the
/// model's aliases) and the topic model.
fn options(a: &Args, task: Task, model: &Model) -> Result<ArticleOptions> {
    let mut topic_list = Vec::new();
    for t in &a.topic {
        topic_list.push(topics::parse_topic_arg(t)?);
    }
    if let Some(p) = &a.topics {
        topic_list.extend(topics::read_topics_file(p)?);
    }
    let topic_model = match a.topic_model.as_deref() {
        _ if task == Task::Topic => None,
        Some("none") => None,
        Some(p) => Some(Arc::new(load_model(
            Some(std::path::Path::new(p)),
            Some(Task::Topic),
            a.max_model_bytes,
        )?)),
        None => Some(Arc::new(crate::model::defaults::load(Task::Topic)?)),
    };
    Ok(ArticleOptions::new(
        model,
        topic_list,
        topic_model,
        a.min_confidence,
        a.min_polar,
    ))
}

/// Where the articles come from: `--data` rows (stdin with `--as-articles`
/// or `--per-article` and no files), else the files (stdin read whole
/// when none). JSON Lines with `--per-article` report a blank line too, so
/// that every input line has its output line.
fn open_source(a: &Args, day: (Option<Day>, String)) -> Result<Source> {
    let max = a.max_article_bytes.unwrap_or(MAX_ARTICLE_BYTES);
    let data = match &a.data {
        Some(d) => d.as_str(),
        None if a.articles.is_empty() && (a.as_articles || a.per_article) => "-",
        None => {
            let paths = if a.articles.is_empty() {
                vec!["-".to_string()]
            } else {
                a.articles.clone()
            };
            let forced = match a.input_format.as_deref() {
                Some("text") => Some(FileKind::Text),
                Some("html") => Some(FileKind::Html),
                Some("warc") => Some(FileKind::Warc),
                _ => None,
            };
            let ids = match a.id.as_deref() {
                Some("record") => IdFrom::Record,
                _ => IdFrom::Uri,
            };
            return Ok(Source::pages(paths, max, forced, ids, day));
        }
    };
    let in_format = match a.input_format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        Some(_) => Format::Csv,
        None if data == "-" && a.per_article => Format::Jsonl,
        None => Format::from_path(data),
    };
    let limits = Limits {
        max_field_bytes: a.max_field_bytes.unwrap_or(max),
        ..limits(None, a.max_line_bytes)
    };
    let fields = Fields {
        text: a.text.clone().unwrap_or_else(|| "text".into()),
        id: a.id.clone(),
        date: a.date_column.clone(),
    };
    match in_format {
        Format::Jsonl => Source::json_lines(data, fields, limits, a.per_article, day),
        Format::Csv => Source::rows(RowReader::open(data, Format::Csv, limits)?, &fields, day),
    }
}

/// What labels each article (on any thread).
struct Labeler<'a> {
    model: &'a Model,
    /// The stance analysis (None for `--task topic`).
    analyzer: Option<Analyzer<'a>>,
    gazetteers: &'a Gazetteers,
    all_evidence: bool,
    top: usize,
}

impl Labeler<'_> {
    /// The labels of a good item, with the text extracted from it when it
    /// is an HTML page; None for a bad item.
    fn label(&self, item: &Item) -> Option<Result<Done>> {
        let art = item.article.as_ref().ok()?;
        let id = item.id.as_deref().unwrap_or_default();
        if !art.html {
            return Some(self.label_text(id, art, &art.text, "").map(|labeled| Done {
                labeled,
                text: None,
            }));
        }
        let page = match html::extract(&art.text) {
            Ok(p) => p,
            Err(reason) => return Some(Err(Error::input(&art.origin, None, reason))),
        };
        let dated = match leaders::parse_day(&page.date, false) {
            Some(d) => Article {
                day: Some(d),
                date: page.date.clone(),
                ..art.clone_meta()
            },
            None => art.clone_meta(),
        };
        Some(
            self.label_text(id, &dated, &page.text, &page.title)
                .map(|labeled| Done {
                    labeled,
                    text: Some(page.text),
                }),
        )
    }

    /// The labels of `text`, the article text of `art` (whose date and URL
    /// go into the rows with `title`).
    fn label_text(&self, id: &str, art: &Article, text: &str, title: &str) -> Result<Labeled> {
        let Some(analyzer) = &self.analyzer else {
            let rows = article::topics::article_topics(self.model, id, text, self.top);
            return Ok(Labeled::Topics(rows));
        };
        let res = analyzer.analyze_dated(id, text, (art.day, &art.date), self.gazetteers);
        res.map(|mut res| {
            let n = res.len();
            for r in &mut res {
                r.url.clone_from(&art.url);
                r.title = title.to_string();
            }
            let rows = if self.all_evidence {
                with_evidence_rows(res, &self.model.labels, text)
            } else {
                res
            };
            Labeled::Stances(rows, n)
        })
    }
}

/// An article labeled: its labels, and the text they were found in when
/// it is not the item's own (extracted from an HTML page).
struct Done {
    labeled: Labeled,
    text: Option<String>,
}

/// `rows`, each followed by one row per evidence sentence with its label
/// probabilities (`--all-evidence`).
fn with_evidence_rows(
    rows: Vec<CountryStance>,
    labels: &[String],
    text: &str,
) -> Vec<CountryStance> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let sentences = r
            .sentences
            .iter()
            .map(|(start, end, p)| {
                let probs: Vec<String> = labels
                    .iter()
                    .zip(p)
                    .map(|(l, x)| format!("{l}={x:.3}"))
                    .collect();
                CountryStance {
                    stance: format!("sentence: {}", probs.join(" ")),
                    confidence: crate::model::argmax(p).1,
                    evidence_count: 1,
                    evidence: text[*start..*end].to_string(),
                    evidence_start: *start,
                    evidence_end: *end,
                    sentences: Vec::new(),
                    explanation: None,
                    ..r.clone()
                }
            })
            .collect::<Vec<_>>();
        out.push(r);
        out.extend(sentences);
    }
    out
}

/// Counts of a run: every article read is labeled with rows, labeled
/// without rows, or rejected.
#[derive(Debug, Default)]
struct Tally {
    read: u64,
    with_rows: u64,
    without_rows: u64,
    rejected: u64,
    /// Article-level rows written (evidence rows not counted).
    rows: u64,
    /// WARC records skipped: not HTML pages.
    skipped: u64,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Tally {
    /// The summary line; `reasons` follows the rejected count.
    fn line(&self, task: Task, reasons: &str) -> String {
        let read = plural(self.read, "article", "articles");
        let skipped = match self.skipped {
            0 => String::new(),
            n => format!(
                "; {} skipped (not HTML pages)",
                plural(n, "WARC record", "WARC records")
            ),
        };
        match task {
            Task::Topic => format!(
                "read {read}: {} labeled, {} rejected{reasons}{skipped}",
                self.with_rows + self.without_rows,
                self.rejected
            ),
            Task::Stance => format!(
                "read {read}: {} with {}, {} naming no country with a topic, {} rejected{reasons}{skipped}",
                self.with_rows,
                plural(self.rows, "country-topic row", "country-topic rows"),
                self.without_rows,
                self.rejected
            ),
        }
    }
}

/// The in-order end of the run: writes each article's labels or its
/// rejection, counts, and stops at a bad article unless skipping.
struct Sink {
    writer: ArticleWriter,
    errors: Option<ArticleErrors>,
    skip: bool,
    /// `--emit-text DIR`.
    emit: Option<EmitText>,
    tally: Tally,
}

impl Sink {
    fn take(&mut self, done: Vec<(Item, Option<Result<Done>>)>) -> Result<()> {
        for (item, labeled) in done {
            let labeled = match (item.article, labeled) {
                (Err(e), _) | (Ok(_), Some(Err(e))) => Err(e),
                (Ok(art), Some(Ok(d))) => Ok((d.labeled, d.text.unwrap_or(art.text))),
                (Ok(_), None) => unreachable!("a good item is labeled"),
            };
            self.tally.read += 1;
            match labeled {
                Ok((l, text)) => {
                    if let Some(emit) = &mut self.emit {
                        emit.write(item.id.as_deref().unwrap_or_default(), &text)?;
                    }
                    let n = match &l {
                        Labeled::Stances(_, n) => *n,
                        Labeled::Topics(rows) => rows.len(),
                    };
                    self.tally.rows += n as u64;
                    if n > 0 {
                        self.tally.with_rows += 1;
                    } else {
                        self.tally.without_rows += 1;
                    }
                    let id = item.id.as_deref().unwrap_or_default();
                    self.writer.write(id, item.line, &l)?;
                }
                Err(e) if !self.skip => return Err(e),
                Err(e) => {
                    self.tally.rejected += 1;
                    let reason = e.to_string();
                    let id = item.id.as_deref();
                    self.writer.write_rejected(id, item.line, &reason)?;
                    if let Some(r) = &mut self.errors {
                        r.add(id, item.line, &reason)?;
                    }
                }
            }
        }
        // Each batch is flushed, so that a consumer of a stream gets it.
        self.writer.flush()
    }
}
