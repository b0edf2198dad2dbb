//! Article mode on one very long line: a 2 MB single-line article (no
//! newlines, thousands of sentences naming countries and topics) is
//! analyzed in near-linear time and every sentence is counted as evidence.

use std::collections::BTreeMap;

use stancekit::article::{analyze, ArticleOptions};
use stancekit::entities::gazetteer::Gazetteer;
use stancekit::model::{defaults, Task};

const COUNTRIES: [&str; 4] = ["China", "Russia", "Japan", "Germany"];
/// (topic name, an alias of it in the default model).
const TOPICS: [(&str, &str); 3] = [
    ("missile defense", "THAAD"),
    ("sanctions", "sanctions"),
    ("trade agreement", "trade deal"),
];
const VERBS: [&str; 3] = ["strongly opposes", "welcomed", "criticized"];

#[test]
fn two_megabyte_single_line_article_finishes_with_all_evidence() {
    let model = defaults::load(Task::Stance).unwrap();
    let mut text = String::new();
    let mut expected: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut i = 0usize;
    while text.len() < 2_000_000 {
        let (c, (topic, alias), v) = (COUNTRIES[i % 4], TOPICS[(i / 4) % 3], VERBS[(i / 12) % 3]);
        text.push_str(&format!(
            "{c} {v} the {alias} on day {i}, officials said in a statement. "
        ));
        *expected.entry((c, topic)).or_default() += 1;
        i += 1;
    }
    assert!(!text.contains('\n'));
    let opts = ArticleOptions {
        topics: Vec::new(),
        min_confidence: 0.5,
        min_polar: stancekit::article::MIN_POLAR,
        topic_model: None,
    };
    let rows = analyze("long", &text, &model, Gazetteer::builtin(), &opts);
    let got: BTreeMap<(&str, &str), usize> = rows
        .iter()
        .map(|r| ((r.country.as_str(), r.topic.as_str()), r.evidence_count))
        .collect();
    assert_eq!(got.len(), 12);
    assert_eq!(got, expected);
    for r in &rows {
        assert_eq!(&text[r.evidence_start..r.evidence_end], r.evidence);
        assert!(r.evidence.starts_with(&r.country), "{}", r.evidence);
    }
}
