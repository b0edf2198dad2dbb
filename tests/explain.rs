//! `predict --explain N`: the contributions plus the intercept (and the
//! rest) equal the label's decision value, in CSV and JSON Lines, for rows
//! and for articles (whose evidence sentences carry their weights). The
//! library's unit tests (`model::explain`) check every label against the
//! model's own decision values.

use serde_json::Value;

use crate::util::{repo, Workdir};

fn tour_model(w: &Workdir) {
    let data = repo().join("datasets/tour/sentences.csv");
    w.ok(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--text",
        "text",
        "--target",
        "target",
        "--label",
        "stance",
        "--model",
        "tour.json",
        "--quiet",
    ]);
}

fn num(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

/// intercept + other + sum(contributions) == decision, each contribution
/// is weight x value, largest first by absolute value.
fn check_adds_up(decision: f64, intercept: f64, other: f64, features: &[Value]) {
    let sum: f64 = features.iter().map(|f| num(&f["contribution"])).sum();
    assert!(
        (intercept + other + sum - decision).abs() < 1e-6,
        "{intercept} + {other} + {sum} != {decision}"
    );
    for f in features {
        let c = num(&f["contribution"]);
        assert!((num(&f["weight"]) * num(&f["value"]) - c).abs() < 1e-12);
        assert!(!f["feature"].as_str().unwrap().is_empty());
    }
    for pair in features.windows(2) {
        assert!(num(&pair[0]["contribution"]).abs() >= num(&pair[1]["contribution"]).abs());
    }
}

#[test]
fn row_contributions_add_up_to_the_decision_value() {
    let w = Workdir::new();
    tour_model(&w);
    let new = repo().join("datasets/tour/new.csv");
    let new = new.to_str().unwrap();
    // Every feature (a large N): nothing left over.
    let out = w.ok(&[
        "predict",
        "--model",
        "tour.json",
        "--data",
        new,
        "--explain",
        "100000",
        "-q",
    ]);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let mut rows = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        assert_eq!(rec[col("explain_label")], rec[col("predicted")]);
        let g = |n: &str| -> f64 { rec[col(n)].parse().unwrap() };
        assert_eq!(g("explain_other"), 0.0);
        let feats: Vec<Value> = serde_json::from_str(&rec[col("explain_features")]).unwrap();
        assert!(feats.len() > 5);
        check_adds_up(g("explain_decision"), g("explain_intercept"), 0.0, &feats);
        rows += 1;
    }
    assert_eq!(rows, 20);
    // Top 3 in JSON Lines: the rest goes to `other`, and it still adds up.
    let out = w.ok(&[
        "predict",
        "--model",
        "tour.json",
        "--data",
        new,
        "--input-format",
        "csv",
        "--format",
        "jsonl",
        "--explain",
        "3",
        "-q",
    ]);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 20);
    for l in &lines {
        let e = &l["explanation"];
        assert_eq!(e["label"], l["predicted"]);
        let feats = e["features"].as_array().unwrap();
        assert_eq!(feats.len(), 3);
        check_adds_up(
            num(&e["decision"]),
            num(&e["intercept"]),
            num(&e["other"]),
            feats,
        );
    }
    // Without --explain the output has no explanation columns.
    let plain = w.ok(&["predict", "--model", "tour.json", "--data", new, "-q"]);
    assert_eq!(
        plain.lines().next().unwrap(),
        "id,text,target,predicted,confidence"
    );
}

#[test]
fn binary_decision_value_gives_the_reported_probability() {
    let w = Workdir::new();
    crate::errors::tiny_model(&w, "m.json");
    w.write(
        "in.csv",
        "text\nwe support the plan\nthey condemn the treaty\n",
    );
    let out = w.ok(&[
        "predict",
        "--model",
        "m.json",
        "--data",
        "in.csv",
        "--format",
        "jsonl",
        "--input-format",
        "csv",
        "--explain",
        "2",
        "-q",
    ]);
    for l in out.lines() {
        let l: Value = serde_json::from_str(l).unwrap();
        let e = &l["explanation"];
        // p(label) = sigmoid(decision) for either label of a binary model.
        let p = 1.0 / (1.0 + (-num(&e["decision"])).exp());
        assert!((p - num(&l["confidence"])).abs() < 1e-6, "{l}");
        check_adds_up(
            num(&e["decision"]),
            num(&e["intercept"]),
            num(&e["other"]),
            e["features"].as_array().unwrap(),
        );
    }
}

#[test]
fn article_rows_explain_features_and_sentence_weights() {
    let w = Workdir::new();
    let art = repo().join("datasets/examples/thaad.txt");
    let art = art.to_str().unwrap();
    let text = std::fs::read_to_string(art).unwrap();
    let out = w.ok(&["predict", art, "--format", "jsonl", "--explain", "4", "-q"]);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["country"].as_str().unwrap(),
                r["stance"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("China", "oppose"),
            ("Russia", "oppose"),
            ("United States", "support"),
            ("South Korea", "support")
        ]
    );
    for r in &rows {
        let x = &r["explanation"];
        let f = &x["features"];
        assert_eq!(f["label"], r["stance"]);
        check_adds_up(
            num(&f["decision"]),
            num(&f["intercept"]),
            num(&f["other"]),
            f["features"].as_array().unwrap(),
        );
        let sents = x["sentences"].as_array().unwrap();
        assert_eq!(sents.len() as u64, r["evidence_count"].as_u64().unwrap());
        let best = &sents[x["best_sentence"].as_u64().unwrap() as usize];
        assert_eq!(best["start"], r["evidence_start"]);
        assert_eq!(best["end"], r["evidence_end"]);
        for s in sents {
            let p = &s["probabilities"];
            let (n, o, su) = (num(&p["neutral"]), num(&p["oppose"]), num(&p["support"]));
            assert!((n + o + su - 1.0).abs() < 1e-9);
            // w = factor * (1 - p(neutral)) * margin of the polar labels.
            let margin = (o - su).abs() / (o + su);
            let want = num(&s["factor"]) * (1.0 - n) * margin;
            assert!((num(&s["weight"]) - want).abs() < 1e-9, "{s}");
            let f = num(&s["factor"]);
            assert!([1.0, 0.5, 0.25, 0.125].contains(&f), "{f}");
            let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            assert!(a < b && b as usize <= text.len());
        }
    }
    // China's first piece of evidence is the headline-like opening line
    // carried over (factor 0.5) and its best is the "firmly opposes" sentence.
    let china = &rows[0]["explanation"];
    assert_eq!(china["sentences"][0]["factor"], 0.5);
    assert!(rows[0]["evidence"]
        .as_str()
        .unwrap()
        .contains("firmly opposes"));
    // CSV: the same, as columns after article_topics.
    let csv_out = w.ok(&["predict", art, "--explain", "2", "-q"]);
    let header = csv_out.lines().next().unwrap();
    assert!(header.ends_with(
        "article_topics,explain_label,explain_decision,explain_intercept,explain_other,explain_features,explain_sentences"
    ));
}
