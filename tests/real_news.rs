//! Acceptance on real news sentences (issue 3), read at run time from
//! ../shared/datasets (skipped with a notice when absent; no rows are kept
//! in the repository):
//!
//! * directed sentiment, 5 classes: train on `train.csv` under the
//!   two-direction protocol (each labeled pair in its direction, the reverse
//!   direction as `neutral`), ask every `dev.csv` pair in both directions,
//!   and score the combined 5-class answer;
//! * SEESAW: grouped cross-validation by `story_id`, so every test story is
//!   unseen.
//!
//! Both use the real binary with default settings. Thresholds are the
//! measured scores minus a small margin.

use std::path::Path;

use crate::util::{shared_dataset, Workdir};

/// One entity pair of the directed-sentiment data in its source form.
struct Pair {
    id: String,
    text: String,
    e1: String,
    e2: String,
    /// Source class 0-4 (neutral, e1+e2, e2+e1, e1-e2, e2-e1).
    class: usize,
}

fn read_pairs(path: &Path) -> Vec<Pair> {
    let mut r = csv::Reader::from_path(path).expect("open directed-sentiment csv");
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).expect(n);
    let (ti, hi, gi, li, ri) = (
        col("text"),
        col("holder"),
        col("target"),
        col("source_label"),
        col("row_id"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let class: usize = rec[li].parse().unwrap();
            let (h, t) = (rec[hi].to_string(), rec[gi].to_string());
            let (e1, e2) = if matches!(class, 0 | 1 | 3) {
                (h, t)
            } else {
                (t, h)
            };
            Pair {
                id: rec[ri].to_string(),
                text: rec[ti].to_string(),
                e1,
                e2,
                class,
            }
        })
        .collect()
}

fn write_rows(path: &Path, rows: &[[&str; 5]]) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["id", "text", "holder", "target", "stance"])
        .unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// Training rows of the protocol: the labeled direction with its stance,
/// the reverse direction as neutral (a neutral pair gives two neutrals).
fn protocol_rows(pairs: &[Pair]) -> Vec<[&str; 5]> {
    let mut rows = Vec::with_capacity(2 * pairs.len());
    for p in pairs {
        let (stance, forward) = match p.class {
            0 => ("neutral", true),
            1 => ("support", true),
            2 => ("support", false),
            3 => ("oppose", true),
            _ => ("oppose", false),
        };
        let (h, t) = if forward {
            (&p.e1, &p.e2)
        } else {
            (&p.e2, &p.e1)
        };
        rows.push([&p.id, &p.text, h, t, stance]);
        rows.push([&p.id, &p.text, t, h, "neutral"]);
    }
    rows
}

/// 5-class answer from the two directions: both neutral -> 0, otherwise
/// the more confident non-neutral direction.
fn combine(forward: (&str, f64), reverse: (&str, f64)) -> usize {
    let class = |label: &str, fwd: bool| match (label, fwd) {
        ("support", true) => 1,
        ("support", false) => 2,
        ("oppose", true) => 3,
        ("oppose", false) => 4,
        _ => 0,
    };
    let (f, r) = (class(forward.0, true), class(reverse.0, false));
    match (f, r) {
        (0, 0) => 0,
        (f, 0) => f,
        (0, r) => r,
        (f, r) => {
            if forward.1 >= reverse.1 {
                f
            } else {
                r
            }
        }
    }
}

/// (macro-F1, micro-F1) in percent over classes 0..k.
fn f1_scores(truth: &[usize], pred: &[usize], k: usize) -> (f64, f64) {
    let mut f = 0.0;
    for c in 0..k {
        let tp = truth.iter().zip(pred).filter(|(t, p)| **t == c && **p == c);
        let tp = tp.count() as f64;
        let fp = truth.iter().zip(pred).filter(|(t, p)| **t != c && **p == c);
        let fn_ = truth.iter().zip(pred).filter(|(t, p)| **t == c && **p != c);
        let (fp, fn_) = (fp.count() as f64, fn_.count() as f64);
        if tp > 0.0 {
            f += 2.0 * tp / (2.0 * tp + fp + fn_);
        }
    }
    let correct = truth.iter().zip(pred).filter(|(t, p)| t == p).count();
    (
        100.0 * f / k as f64,
        100.0 * correct as f64 / truth.len() as f64,
    )
}

#[test]
fn combine_picks_the_more_confident_direction() {
    assert_eq!(combine(("neutral", 0.9), ("neutral", 0.6)), 0);
    assert_eq!(combine(("oppose", 0.5), ("neutral", 0.9)), 3);
    assert_eq!(combine(("neutral", 0.9), ("support", 0.4)), 2);
    assert_eq!(combine(("support", 0.6), ("oppose", 0.7)), 4);
    assert_eq!(combine(("support", 0.7), ("oppose", 0.6)), 1);
    let (ma, mi) = f1_scores(&[0, 0, 1, 1], &[0, 1, 1, 1], 2);
    assert!((ma - 100.0 * (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-9, "{ma}");
    assert!((mi - 75.0).abs() < 1e-9, "{mi}");
}

#[test]
fn directed_sentiment_five_class_dev() {
    let Some(ds) = shared_dataset("directed-sentiment") else {
        return;
    };
    let w = Workdir::new();
    let train = read_pairs(&ds.join("train.csv"));
    let dev = read_pairs(&ds.join("dev.csv"));
    write_rows(&w.path("train.csv"), &protocol_rows(&train));
    let mut asks: Vec<[&str; 5]> = Vec::with_capacity(2 * dev.len());
    for p in &dev {
        asks.push([&p.id, &p.text, &p.e1, &p.e2, "?"]);
        asks.push([&p.id, &p.text, &p.e2, &p.e1, "?"]);
    }
    write_rows(&w.path("ask.csv"), &asks);
    w.ok(&[
        "train",
        "--data",
        "train.csv",
        "--holder",
        "holder",
        "--target",
        "target",
        "--label",
        "stance",
        "--model",
        "m.json",
        "--quiet",
    ]);
    w.ok(&[
        "predict", "--model", "m.json", "--data", "ask.csv", "--holder", "holder", "--target",
        "target", "--id", "id", "--output", "pred.csv",
    ]);
    let mut r = csv::Reader::from_path(w.path("pred.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let pi = h.iter().position(|x| x == "predicted").unwrap();
    let ci = h.iter().position(|x| x == "confidence").unwrap();
    let got: Vec<(String, f64)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[pi].to_string(), rec[ci].parse().unwrap())
        })
        .collect();
    assert_eq!(got.len(), 2 * dev.len());
    let pred: Vec<usize> = got
        .chunks(2)
        .map(|d| combine((&d[0].0, d[0].1), (&d[1].0, d[1].1)))
        .collect();
    let truth: Vec<usize> = dev.iter().map(|p| p.class).collect();
    let (macro_f1, micro_f1) = f1_scores(&truth, &pred, 5);
    eprintln!("directed sentiment dev, 5-class: macro-F1 {macro_f1:.1}, micro-F1 {micro_f1:.1}");
    assert!(macro_f1 >= DS_MACRO, "macro-F1 {macro_f1:.1} < {DS_MACRO}");
    assert!(micro_f1 >= DS_MICRO, "micro-F1 {micro_f1:.1} < {DS_MICRO}");
}

/// Measured dev scores (66.0, 82.8) minus about one point.
const DS_MACRO: f64 = 64.5;
const DS_MICRO: f64 = 81.5;
/// Measured unseen-story macro-F1 (66.9) minus about one point.
const SEESAW_MACRO: f64 = 66.0;

#[test]
fn seesaw_unseen_stories() {
    let Some(ss) = shared_dataset("seesaw") else {
        return;
    };
    let w = Workdir::new();
    let data = ss.join("train.csv");
    w.ok(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--holder",
        "holder",
        "--target",
        "target",
        "--label",
        "stance",
        "--cv",
        "5",
        "--group",
        "story_id",
        "--model",
        "m.json",
        "--quiet",
    ]);
    let model: serde_json::Value = serde_json::from_str(&w.read("m.json")).unwrap();
    let pooled = &model["model"]["training"]["cv"]["pooled"];
    let macro_f1 = 100.0 * pooled["macro_f1"].as_f64().unwrap();
    assert_eq!(pooled["rows"].as_u64(), Some(5922));
    eprintln!("seesaw, 5 folds by story: pooled macro-F1 {macro_f1:.1}");
    assert!(
        macro_f1 >= SEESAW_MACRO,
        "macro-F1 {macro_f1:.1} < {SEESAW_MACRO}"
    );
}
