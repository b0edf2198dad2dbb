//! `evaluate`: labels outside the model, empty data, and a clean report.

use crate::errors::{tiny_model, with_fixture};
use crate::util::Workdir;

#[test]
fn scores_the_training_rows() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    let out = w.ok(&[
        "evaluate",
        "--model",
        "m.json",
        "--data",
        "train.csv",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["accuracy"], 1.0, "{out}");
}

#[test]
fn header_only_and_unknown_label_fail_with_place() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    with_fixture(&w, "header_only.csv");
    let (code, err) = w.fails(&["evaluate", "--model", "m.json", "--data", "header_only.csv"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "stancekit: header_only.csv:2: no data rows after the header; expected labeled rows\n"
    );
    w.write(
        "l.csv",
        "text,label\nwe support it,support\nwe oppose it,Oppose\n",
    );
    let (code, err) = w.fails(&["evaluate", "--model", "m.json", "--data", "l.csv"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "stancekit: l.csv:3:2: unknown label \"Oppose\"; expected one of oppose, support\n"
    );
}
