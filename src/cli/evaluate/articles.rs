//! `stancekit evaluate --articles`: article prediction scored against
//! article-level gold labels (see [`crate::eval::articles`]).

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::article::{self, ArticleOptions};
use crate::data::{Format, RowReader};
use crate::entities::dated::Gazetteers;
use crate::error::{Error, Result};
use crate::eval::articles::{self, PredictedRow};
use crate::model::{topics, Task};

use super::args::Args;
use crate::cli::predict::MAX_ARTICLE_BYTES;

/// Run `evaluate --articles GOLD --texts DIR|TABLE`.
pub fn run(a: &Args) -> Result<()> {
    let gold_path = a.articles.as_deref().unwrap_or_default();
    let texts_path = a.texts.as_deref().unwrap_or_default();
    let model =
        crate::cli::predict::load_model(a.model.as_deref(), Some(Task::Stance), a.max_model_bytes)?;
    let gold = articles::read_gold(gold_path)?;
    let wanted = articles::gold_topics(&gold);
    let texts = read_texts(a, texts_path, &wanted)?;
    // The reading of an undated article, as `predict` does it (office
    // holders' full names and titled surnames, no bare surnames).
    let gazetteers = Gazetteers::new(None)?;
    let predicted: Vec<PredictedRow> = wanted
        .par_iter()
        .map(|(id, gold_topics)| -> Result<Vec<PredictedRow>> {
            let mut list = Vec::with_capacity(gold_topics.len());
            for (name, aliases) in gold_topics {
                list.push(topics::make(
                    name,
                    aliases.iter().map(String::as_str).collect(),
                ));
            }
            topics::add_model_aliases(&mut list, &model);
            let opts = ArticleOptions {
                topics: list,
                min_confidence: a.min_confidence,
                min_polar: a.min_polar,
                topic_model: None,
            };
            Ok(gazetteers
                .with(None, |gaz| {
                    article::analyze(id, &texts[id], &model, gaz, &opts)
                })?
                .into_iter()
                .map(|r| PredictedRow {
                    body_id: id.clone(),
                    country_code: r.country_code,
                    topic: r.topic,
                    stance: match a.baseline.as_deref() {
                        Some(_) => "support".to_string(),
                        None => r.stance,
                    },
                    confidence: r.confidence,
                    evidence: r.evidence,
                })
                .collect())
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let report = articles::score(&gold, &predicted);
    if a.verbose {
        eprint!("{}", report.mistakes_text());
    }
    if a.json || a.format == "json" {
        println!(
            "{}",
            serde_json::to_string(&report).map_err(|e| Error::Other(e.to_string()))?
        );
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

/// The text of every gold article, from a directory of `<id>.txt` files or
/// a CSV / JSON Lines table with id and text columns. A gold article
/// without text is an error naming its id.
fn read_texts(
    a: &Args,
    path: &str,
    wanted: &[articles::ArticleTopics],
) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    if Path::new(path).is_dir() {
        for (id, _) in wanted {
            let file = Path::new(path).join(format!("{id}.txt"));
            if !file.is_file() {
                return Err(Error::input(
                    path,
                    None,
                    format!(
                        "no text for article {id:?}; expected the file {}",
                        file.display()
                    ),
                ));
            }
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            out.insert(id.clone(), text);
        }
        return Ok(out);
    }
    let format = match a.input_format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        Some(_) => Format::Csv,
        None => Format::from_path(path),
    };
    let limits = crate::data::Limits {
        max_field_bytes: MAX_ARTICLE_BYTES,
        ..crate::cli::predict::limits(None, a.max_line_bytes)
    };
    let mut reader = RowReader::open(path, format, limits)?;
    let id_col = reader.column(&a.id)?;
    let text_col = reader.column(a.text.as_deref().unwrap_or("text"))?;
    let needed: std::collections::HashSet<&str> = wanted.iter().map(|(i, _)| i.as_str()).collect();
    while let Some(row) = reader.next_row()? {
        let id = &row.values[id_col];
        if needed.contains(id.as_str()) {
            out.insert(id.clone(), row.values[text_col].clone());
        }
    }
    if let Some((id, _)) = wanted.iter().find(|(i, _)| !out.contains_key(i)) {
        return Err(Error::input(
            crate::data::display_name(path),
            None,
            format!(
                "no row with {} {id:?}; expected one text per gold article",
                a.id
            ),
        ));
    }
    Ok(out)
}
