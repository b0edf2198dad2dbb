//! `stancekit evaluate`: score a model on labeled data.

use std::path::PathBuf;

use crate::data::{Format, Table};
use crate::error::{Error, Result};
use crate::eval::metrics;
use crate::features::pipeline::Input;
use crate::model::argmax;

const EXAMPLES: &str = "Examples:
  stancekit evaluate --model semeval.json --data test.csv --favg FAVOR,AGAINST
  stancekit evaluate --model topics.json --data held_out.csv --json
  stancekit evaluate --articles datasets/news/dev-articles.csv --texts dev-texts/ -v";

/// Arguments of `stancekit evaluate`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Model file (default: the embedded default stance model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Labeled CSV or JSON Lines; `-` for stdin.
    #[arg(
        long,
        required_unless_present = "articles",
        conflicts_with = "articles"
    )]
    pub data: Option<String>,
    /// Article-level gold labels (the format of
    /// datasets/news/dev-articles.csv): score article prediction over
    /// (country, topic, stance), with each article's gold topics as --topic.
    #[arg(long, requires = "texts")]
    pub articles: Option<String>,
    /// With --articles: the article texts, a directory of <body_id>.txt
    /// files, or a CSV / JSON Lines file with id and text columns.
    #[arg(long)]
    pub texts: Option<String>,
    /// With --articles and a --texts table: the id column.
    #[arg(long, default_value = "id")]
    pub id: String,
    /// With --articles: below this confidence a stance is `unclear` (as in
    /// predict).
    #[arg(long, default_value_t = 0.5)]
    pub min_confidence: f64,
    /// With --articles: the weighted polar probability one evidence
    /// sentence must reach for a support/oppose answer (as in predict).
    #[arg(long, default_value_t = crate::article::MIN_POLAR)]
    pub min_polar: f64,
    /// With --articles: score a baseline instead of the model's stances:
    /// `all-support` answers support for every (country, topic) row the
    /// article reading finds.
    #[arg(long, value_parser = ["all-support"], requires = "articles")]
    pub baseline: Option<String>,
    /// With --articles: print every false positive and false negative
    /// (article, country, topic, gold, predicted, evidence) to stderr.
    #[arg(short, long)]
    pub verbose: bool,
    /// Output: a table, or one JSON object (same as --json).
    #[arg(long, value_parser = ["table", "json"], default_value = "table")]
    pub format: String,
    /// Text column (default: the model's).
    #[arg(long)]
    pub text: Option<String>,
    /// Label column (default: the model's).
    #[arg(long)]
    pub label: Option<String>,
    /// Target column (default: the model's).
    #[arg(long)]
    pub target: Option<String>,
    /// Holder column (default: the model's).
    #[arg(long)]
    pub holder: Option<String>,
    /// Labels averaged into F_avg (SemEval-2016), e.g. FAVOR,AGAINST.
    #[arg(long, value_delimiter = ',')]
    pub favg: Vec<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Input format of --data or a --texts table (default: from the file
    /// extension).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub input_format: Option<String>,
    /// Largest CSV field or JSON value in bytes [default: 8 MiB].
    #[arg(long)]
    pub max_field_bytes: Option<usize>,
    /// Largest JSON Lines line in bytes [default: 16 MiB].
    #[arg(long)]
    pub max_line_bytes: Option<usize>,
    /// Largest model file in bytes [default: 2 GiB].
    #[arg(long)]
    pub max_model_bytes: Option<u64>,
    /// A true label the model was not trained on: `error` stops at its row
    /// (catches typos such as "Oppose" for "oppose"); `wrong` counts the row
    /// as misclassified and reports the label with recall 0, as sklearn's
    /// metrics do.
    #[arg(long, default_value = "error", value_parser = ["error", "wrong"])]
    pub unknown_labels: String,
}

/// Run `evaluate`.
pub fn run(a: Args) -> Result<()> {
    if a.articles.is_some() {
        return super::evaluate_articles::run(&a);
    }
    let data = a.data.clone().unwrap_or_default();
    let json = a.json || a.format == "json";
    let model = super::predict::load_model(a.model.as_deref(), None, a.max_model_bytes)?;
    let format = match a.input_format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        Some(_) => Format::Csv,
        None => Format::from_path(&data),
    };
    let table = Table::read(
        &data,
        format,
        super::predict::limits(a.max_field_bytes, a.max_line_bytes),
    )?;
    let text = table.column(a.text.as_deref().unwrap_or(&model.columns.text))?;
    let label = table.column(a.label.as_deref().unwrap_or(&model.columns.label))?;
    let target = a
        .target
        .as_deref()
        .or(model.columns.target.as_deref())
        .map(|c| table.column(c))
        .transpose()?;
    let holder = a
        .holder
        .as_deref()
        .or(model.columns.holder.as_deref())
        .map(|c| table.column(c))
        .transpose()?;
    table.require_rows()?;
    for l in &a.favg {
        if !model.labels.contains(l) {
            return Err(Error::Param {
                name: "favg",
                value: l.clone(),
                expected: format!("labels of the model ({})", model.labels.join(", ")),
            });
        }
    }
    if model.multi_label.is_some() {
        let report = crate::model::multilabel::evaluate(&model, &table, text, label)?;
        if json {
            println!(
                "{}",
                serde_json::to_string(&report).map_err(|e| Error::Other(e.to_string()))?
            );
        } else {
            print!("{}", report.to_text());
        }
        return Ok(());
    }
    let texts = table.non_empty(text, "text")?;
    let labels = table.non_empty(label, "label")?;
    let targets = target.map(|c| table.non_empty(c, "target")).transpose()?;
    let holders = holder.map(|c| table.non_empty(c, "holder")).transpose()?;
    // With `--unknown-labels wrong`, labels the model lacks are appended
    // after its own: no prediction can hit them.
    let mut all_labels = model.labels.clone();
    let mut truth = Vec::with_capacity(labels.len());
    for (row, l) in table.rows.iter().zip(&labels) {
        let l = l.trim();
        match all_labels.iter().position(|m| m == l) {
            Some(i) => truth.push(i),
            None if a.unknown_labels == "wrong" => {
                truth.push(all_labels.len());
                all_labels.push(l.to_string());
            }
            None => {
                return Err(Error::input_at(
                    &table.path,
                    Some(row.line),
                    format!("{}", label + 1),
                    format!(
                        "unknown label \"{l}\"; expected one of {} \
                         (or --unknown-labels wrong to count such rows as errors)",
                        model.labels.join(", ")
                    ),
                ))
            }
        }
    }
    let unknown = all_labels.len() - model.labels.len();
    if unknown > 0 {
        let rows = truth.iter().filter(|&&t| t >= model.labels.len()).count();
        eprintln!(
            "stancekit: warning: {rows} rows carry {unknown} labels the model was not trained on ({}); counted as errors",
            all_labels[model.labels.len()..].join(", ")
        );
    }
    let inputs: Vec<Input<'_>> = (0..texts.len())
        .map(|i| Input {
            text: texts[i],
            target: targets.as_ref().map(|t| t[i]),
            holder: holders.as_ref().map(|h| h[i]),
        })
        .collect();
    let pred: Vec<usize> = model
        .predict_proba_many(&inputs)
        .iter()
        .map(|p| argmax(p).0)
        .collect();
    let report = metrics::report(&all_labels, &truth, &pred, &a.favg);
    if json {
        println!(
            "{}",
            serde_json::to_string(&report).map_err(|e| Error::Other(e.to_string()))?
        );
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}
