//! The committed default models are reproduced exactly by retraining from
//! the bundled data with the commands of models/retrain.sh.

use crate::util::{repo, Workdir};

fn retrain_matches(args: &[&str], committed: &str) {
    let w = Workdir::new();
    let out = w.path("m.json");
    let mut full: Vec<&str> = vec!["train"];
    full.extend_from_slice(args);
    full.push("--model");
    let out_s = out.to_str().unwrap().to_string();
    full.push(&out_s);
    full.push("--quiet");
    let run = w
        .cmd(&full)
        .current_dir(repo())
        .output()
        .expect("run stancekit");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let got = std::fs::read(&out).unwrap();
    let want = std::fs::read(repo().join(committed)).unwrap();
    assert!(
        got == want,
        "retraining does not reproduce {committed} ({} vs {} bytes); run bash models/retrain.sh",
        got.len(),
        want.len()
    );
}

#[test]
fn default_stance_model_is_reproduced() {
    retrain_matches(
        &[
            "--data",
            "datasets/stance/train.csv",
            "--text",
            "text",
            "--holder",
            "holder",
            "--target",
            "target",
            "--label",
            "stance",
            "--topics",
            "datasets/stance/topics.tsv",
        ],
        "models/stance-default.json",
    );
}

#[test]
fn default_topic_model_is_reproduced() {
    retrain_matches(
        &[
            "--data",
            "datasets/topics/train.csv",
            "--text",
            "text",
            "--label",
            "topic",
            "--c",
            "10",
            "--class-weight",
            "none",
        ],
        "models/topic-default.json",
    );
}
