//! `stancekit evaluate --data`: a model scored on labeled rows (accuracy,
//! per-label precision/recall/F1, confusion matrix, F_avg).

use crate::data::{Format, Table};
use crate::error::{Error, Result};
use crate::eval::metrics;
use crate::features::pipeline::Input;
use crate::model::argmax;

use super::args::Args;

/// Run `evaluate --data`.
pub fn run(a: Args) -> Result<()> {
    let data = a.data.clone().unwrap_or_default();
    let json = a.json || a.format == "json";
    let model = crate::cli::predict::load_model(a.model.as_deref(), None, a.max_model_bytes)?;
    let format = match a.input_format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        Some(_) => Format::Csv,
        None => Format::from_path(&data),
    };
    let table = Table::read(
        &data,
        format,
        crate::cli::predict::limits(a.max_field_bytes, a.max_line_bytes),
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
