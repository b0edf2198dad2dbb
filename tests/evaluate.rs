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
        "stancekit: l.csv:3:2: unknown label \"Oppose\"; expected one of oppose, support (or --unknown-labels wrong to count such rows as errors)\n"
    );
}

/// `--unknown-labels wrong` scores a row whose label the model lacks as an
/// error (as sklearn's accuracy would), lists that label with recall 0 and
/// warns on stderr.
#[test]
fn unknown_labels_counted_as_errors_on_request() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    let train = w.read("train.csv");
    let mut rows: Vec<&str> = train.lines().collect();
    let first = rows[1].to_string();
    let text = first.rsplit_once(',').expect("text,label row").0;
    let extra = format!("{text},unsure");
    rows.push(&extra);
    w.write("l.csv", rows.join("\n") + "\n");
    let n = rows.len() - 1;
    let mut cmd = w.cmd(&[
        "evaluate",
        "--model",
        "m.json",
        "--data",
        "l.csv",
        "--json",
        "--unknown-labels",
        "wrong",
    ]);
    let out = cmd.output().expect("run stancekit");
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "stancekit: warning: 1 rows carry 1 labels the model was not trained on (unsure); counted as errors\n"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let acc = v["accuracy"].as_f64().expect("accuracy");
    assert!(
        (acc - (n - 1) as f64 / n as f64).abs() < 1e-12,
        "accuracy {acc} with {n} rows"
    );
    let unsure = v["per_label"]
        .as_array()
        .expect("per_label")
        .iter()
        .find(|l| l["label"] == "unsure")
        .expect("unknown label listed");
    assert_eq!(unsure["support"], 1);
    assert_eq!(unsure["recall"], 0.0);
}
