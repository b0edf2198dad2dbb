//! What a model holds, as `stancekit inspect` prints it: task, labels,
//! columns, feature count, target mode, holder marking and text steps,
//! training data and solver, topics,
//! and the heaviest features of each label.

use std::fmt::Write as _;

use crate::model::Model;

/// The description of `model` with the `top` heaviest features per label:
/// one line per item, each ending in a newline.
pub fn describe(model: &Model, top: usize) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let mut line = |args: std::fmt::Arguments<'_>| {
        s.write_fmt(args).expect("writing to a String");
        s.push('\n');
    };
    let t = &model.training;
    line(format_args!("task          {}", model.task));
    line(format_args!("labels        {}", model.labels.join(", ")));
    line(format_args!(
        "columns       text={} label={} target={} holder={}",
        model.columns.text,
        model.columns.label,
        model.columns.target.as_deref().unwrap_or("-"),
        model.columns.holder.as_deref().unwrap_or("-")
    ));
    line(format_args!(
        "features      {}",
        model.features.n_features()
    ));
    line(format_args!(
        "target mode   {:?}",
        model.features.config.target_mode
    ));
    let config = &model.features.config;
    if let Some(e) = &config.entity {
        let mut parts = vec![format!("window {}", e.window)];
        for (on, what) in [
            (e.cues, "cues"),
            (e.roles, "holder roles"),
            (e.name_features, "name words"),
        ] {
            if on {
                parts.push(what.to_string());
            }
        }
        if e.name_features && e.name_pairs {
            parts.push("name pairs".to_string());
        }
        if e.name_weight != 1.0 {
            parts.push(format!("name weight {}", e.name_weight));
        }
        line(format_args!("holder marks  {}", parts.join(", ")));
    }
    if config.hashtags {
        line(format_args!("text steps    hashtag words"));
    }
    line(format_args!(
        "trained on    {} ({} rows, sha256 {})",
        t.data_file, t.rows, t.data_sha256
    ));
    line(format_args!(
        "solver        {} ({} iterations, {}, converged: {})",
        t.solver, t.report.iterations, t.report.termination, t.report.converged
    ));
    if !model.topics.is_empty() {
        let names: Vec<&str> = model.topics.iter().map(|t| t.name.as_str()).collect();
        line(format_args!("topics        {}", names.join(", ")));
    }
    for (c, label) in model.labels.iter().enumerate() {
        let names: Vec<String> = model
            .weights
            .top_features(c, top)
            .iter()
            .map(|(j, w)| format!("{} ({w:+.3})", model.features.feature_name(*j)))
            .collect();
        line(format_args!("top {label}: {}", names.join("; ")));
    }
    s
}
