//! Article mode of `stancekit predict`: whole articles in, one row per
//! (article, country, topic) out.

use std::io::{Read, Write};

use crate::article::{self, ArticleOptions, CountryStance};
use crate::data::{display_name, Format, Limits, RowReader};
use crate::entities::gazetteer::Gazetteer;
use crate::entities::leaders::{self, Day};
use crate::error::{Error, Result};
use crate::model::{topics, Task};

use super::args::Args;
use super::shared::{limits, load_model, MAX_ARTICLE_BYTES};
use crate::cli::output::Output;

/// 1-based line and column (in bytes) of byte offset `at` in `bytes`.
fn line_col(bytes: &[u8], at: usize) -> (u64, u64) {
    let before = &bytes[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (at - line_start + 1) as u64)
}

/// Read one article whole: at most `max` bytes of UTF-8 text without NUL
/// bytes, not blank.
fn read_article(path: &str, max: usize) -> Result<String> {
    let name = display_name(path);
    let mut input = crate::data::open_input(path)?;
    let mut bytes = Vec::new();
    input
        .by_ref()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&name, e))?;
    if bytes.len() > max {
        return Err(Error::input(
            &name,
            None,
            format!("article is larger than {max} bytes; expected at most that (raise --max-article-bytes)"),
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = line_col(&bytes, at);
        return Err(Error::input_at(
            &name,
            Some(line),
            col.to_string(),
            format!("NUL byte at byte offset {at}, so this looks like a binary file; expected plain UTF-8 text"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, col) = line_col(e.as_bytes(), at);
        Error::input_at(
            &name,
            Some(line),
            col.to_string(),
            format!("invalid UTF-8 at byte offset {at}; expected UTF-8 text"),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::input(
            &name,
            None,
            "empty article; expected text to analyze",
        ));
    }
    Ok(text)
}

/// Run article prediction.
pub fn run(a: &Args) -> Result<()> {
    let task = match a.task.as_deref() {
        Some("topic") => Task::Topic,
        _ => Task::Stance,
    };
    let model = load_model(a.model.as_deref(), Some(task), a.max_model_bytes)?;
    if let Some(d) = &a.date {
        if leaders::parse_day(d, false).is_none() {
            return Err(Error::Param {
                name: "date",
                value: d.clone(),
                expected: "a date as YYYY-MM-DD, YYYY-MM or YYYY".into(),
            });
        }
    }
    let mut gazetteers = Gazetteers::new(a.aliases.as_deref())?;
    let mut topic_list = Vec::new();
    for t in &a.topic {
        topic_list.push(topics::parse_topic_arg(t)?);
    }
    if let Some(p) = &a.topics {
        topic_list.extend(topics::read_topics_file(p)?);
    }
    topics::add_model_aliases(&mut topic_list, &model);
    let topic_model = match a.topic_model.as_deref() {
        _ if task == Task::Topic => None,
        Some("none") => None,
        Some(p) => Some(std::sync::Arc::new(load_model(
            Some(std::path::Path::new(p)),
            Some(Task::Topic),
            a.max_model_bytes,
        )?)),
        None => Some(std::sync::Arc::new(crate::model::defaults::load(
            Task::Topic,
        )?)),
    };
    let min_polar = a.min_polar.unwrap_or(if topic_list.is_empty() {
        crate::article::NO_TOPIC_MIN_POLAR
    } else {
        crate::article::MIN_POLAR
    });
    let opts = ArticleOptions {
        topics: topic_list,
        min_confidence: a.min_confidence,
        min_polar,
        topic_model,
    };
    let max = a.max_article_bytes.unwrap_or(MAX_ARTICLE_BYTES);
    let format = match a.format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        _ => Format::Csv,
    };
    let (output, out) = Output::open(a.output.as_deref())?;
    if task == Task::Topic {
        let mut w = TopicWriter::new(out, format)?;
        let mut n = 0u64;
        for_each_article(a, max, &mut |id, text, _| {
            n += 1;
            for r in crate::article::topics::article_topics(&model, id, text, a.top) {
                w.write(&r)?;
            }
            Ok(())
        })?;
        w.finish()?;
        output.commit()?;
        if !a.quiet {
            eprintln!("{n} articles");
        }
        return Ok(());
    }
    let mut w = StanceWriter::new(out, format)?;
    let all_evidence = a.all_evidence;
    let mut articles = 0u64;
    let mut rows = 0u64;
    // Articles that name no country together with a topic: not an error
    // (most news is about something else), counted in the summary.
    let mut silent = 0u64;
    let mut emit = |id: &str, text: &str, day: Option<Day>, w: &mut StanceWriter| -> Result<()> {
        let gaz = gazetteers.get(day)?;
        let res = article::analyze(id, text, &model, gaz, &opts);
        articles += 1;
        rows += res.len() as u64;
        if res.is_empty() {
            silent += 1;
        }
        for r in &res {
            w.write(r)?;
            if all_evidence {
                for (start, end, p) in &r.sentences {
                    let probs: Vec<String> = model
                        .labels
                        .iter()
                        .zip(p)
                        .map(|(l, x)| format!("{l}={x:.3}"))
                        .collect();
                    let row = CountryStance {
                        stance: format!("sentence: {}", probs.join(" ")),
                        confidence: crate::model::argmax(p).1,
                        evidence_count: 1,
                        evidence: text[*start..*end].to_string(),
                        evidence_start: *start,
                        evidence_end: *end,
                        sentences: Vec::new(),
                        ..r.clone()
                    };
                    w.write(&row)?;
                }
            }
        }
        Ok(())
    };
    for_each_article(a, max, &mut |id, text, day| emit(id, text, day, &mut w))?;
    w.finish()?;
    output.commit()?;
    if !a.quiet {
        eprintln!(
            "{articles} articles, {rows} country-topic rows{}",
            if silent > 0 {
                format!("; {silent} of the articles name no country with a topic (no rows)")
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

/// What [`for_each_article`] calls with each article's id, text and date.
type ArticleFn<'a> = dyn FnMut(&str, &str, Option<Day>) -> Result<()> + 'a;

/// Call `f(id, text, date)` for every article: rows of --data (with --id
/// and --date-column), or the named files (stdin when none) with --date.
fn for_each_article(a: &Args, max: usize, f: &mut ArticleFn<'_>) -> Result<()> {
    let fixed = match &a.date {
        Some(d) => Some(leaders::parse_day(d, false).ok_or_else(|| Error::Param {
            name: "date",
            value: d.clone(),
            expected: "a date as YYYY-MM-DD, YYYY-MM or YYYY".into(),
        })?),
        None => None,
    };
    match &a.data {
        Some(data) => {
            let in_format = match a.input_format.as_deref() {
                Some("jsonl") => Format::Jsonl,
                Some(_) => Format::Csv,
                None => Format::from_path(data),
            };
            let limits = Limits {
                max_field_bytes: a.max_field_bytes.unwrap_or(max),
                ..limits(None, a.max_line_bytes)
            };
            let mut reader = RowReader::open(data, in_format, limits)?;
            let text_col = reader.column(a.text.as_deref().unwrap_or("text"))?;
            let id_col = a.id.as_deref().map(|c| reader.column(c)).transpose()?;
            let date_col = a
                .date_column
                .as_deref()
                .map(|c| reader.column(c))
                .transpose()?;
            while let Some(row) = reader.next_row()? {
                let id = match id_col {
                    Some(c) => row.values[c].clone(),
                    None => row.number.to_string(),
                };
                let day = match date_col {
                    Some(c) if !row.values[c].trim().is_empty() => {
                        Some(leaders::parse_day(&row.values[c], false).ok_or_else(|| {
                            Error::input_at(
                                reader.path(),
                                Some(row.line),
                                (c + 1).to_string(),
                                format!(
                                    "date {:?}; expected YYYY-MM-DD, YYYY-MM, YYYY or nothing",
                                    row.values[c]
                                ),
                            )
                        })?)
                    }
                    _ => fixed,
                };
                f(&id, &row.values[text_col], day)?;
            }
        }
        None => {
            let paths: Vec<String> = if a.articles.is_empty() {
                vec!["-".to_string()]
            } else {
                a.articles.clone()
            };
            for p in &paths {
                let text = read_article(p, max)?;
                f(&display_name(p), &text, fixed)?;
            }
        }
    }
    Ok(())
}

/// The gazetteer of each article date: the built-in table (with --aliases)
/// and, for a dated article, the office holders of that day added
/// ([`leaders`]); built once per date.
pub struct Gazetteers {
    user: Option<(String, String)>,
    base: Option<Gazetteer>,
    by_day: std::collections::HashMap<Day, Gazetteer>,
}

impl Gazetteers {
    /// The gazetteers, with the aliases file `user` if given.
    pub fn new(user: Option<&std::path::Path>) -> Result<Gazetteers> {
        let user = match user {
            Some(p) => Some((
                std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?,
                p.display().to_string(),
            )),
            None => None,
        };
        let base = match &user {
            Some((text, name)) => Some(Gazetteer::with_aliases(text, name)?),
            None => None,
        };
        Ok(Gazetteers {
            user,
            base,
            by_day: std::collections::HashMap::new(),
        })
    }

    /// The gazetteer for an article of `day` (or undated).
    pub fn get(&mut self, day: Option<Day>) -> Result<&Gazetteer> {
        let Some(day) = day else {
            return Ok(self.base.as_ref().unwrap_or_else(|| Gazetteer::builtin()));
        };
        if !self.by_day.contains_key(&day) {
            // Office holders first, so that the user's aliases (later
            // lines) win on the same text.
            let mut text = leaders::aliases_on(day);
            let mut name = "datasets/gazetteer/leaders.tsv".to_string();
            if let Some((u, n)) = &self.user {
                text.push_str(u);
                name = format!("{name} + {n}");
            }
            self.by_day
                .insert(day, Gazetteer::with_aliases(&text, &name)?);
        }
        Ok(&self.by_day[&day])
    }
}

/// Writer of `predict --task topic` rows: article, topic, probability, rank.
enum TopicWriter {
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>),
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

    fn write(&mut self, r: &crate::article::topics::ArticleTopic) -> Result<()> {
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

    fn finish(self) -> Result<()> {
        match self {
            TopicWriter::Csv(mut w) => w.flush().map_err(|e| Error::Other(e.to_string())),
            TopicWriter::Jsonl(mut w) => w.flush().map_err(|e| Error::Other(e.to_string())),
        }
    }
}

enum StanceWriter {
    Csv(Box<csv::Writer<Box<dyn Write + Send>>>),
    Jsonl(std::io::BufWriter<Box<dyn Write + Send>>),
}

impl StanceWriter {
    fn new(out: Box<dyn Write + Send>, format: Format) -> Result<Self> {
        Ok(match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record([
                    "article",
                    "country",
                    "country_code",
                    "topic",
                    "stance",
                    "confidence",
                    "evidence_count",
                    "evidence",
                    "evidence_start",
                    "evidence_end",
                    "article_topics",
                ])
                .map_err(|e| Error::Other(format!("cannot write output: {e}")))?;
                StanceWriter::Csv(Box::new(w))
            }
            Format::Jsonl => StanceWriter::Jsonl(std::io::BufWriter::new(out)),
        })
    }

    fn write(&mut self, r: &CountryStance) -> Result<()> {
        let e = |e: String| Error::Other(format!("cannot write output: {e}"));
        match self {
            StanceWriter::Csv(w) => w
                .write_record([
                    r.article.as_str(),
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
                ])
                .map_err(|x| e(x.to_string())),
            StanceWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, r).map_err(|x| e(x.to_string()))?;
                w.write_all(b"\n").map_err(|x| e(x.to_string()))
            }
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            StanceWriter::Csv(mut w) => w.flush().map_err(|e| Error::Other(e.to_string())),
            StanceWriter::Jsonl(mut w) => w.flush().map_err(|e| Error::Other(e.to_string())),
        }
    }
}
