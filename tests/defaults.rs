//! The committed default models are reproduced exactly by retraining with
//! the commands of models/retrain.sh.

use crate::util::{default_stance_recipe, repo, shared_dataset, Workdir};

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

/// The stance model learns from the real-news corpus, resolved from
/// ../shared/datasets, plus the authored sentences (models/retrain.sh);
/// without ../shared the check skips with a notice.
#[test]
fn default_stance_model_is_reproduced() {
    if shared_dataset("fnc-1").is_none() {
        return;
    }
    let w = Workdir::new();
    let data = w.path("stance-train.csv");
    let data_s = data.to_str().unwrap();
    let run = w
        .cmd(&[
            "data",
            "resolve",
            "--standoff",
            "datasets/news/sentences.csv",
            "--corpus-dir",
            "../shared/datasets",
            "--append",
            "datasets/stance/train.csv",
            "-o",
            data_s,
        ])
        .current_dir(repo())
        .output()
        .expect("run stancekit");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let args = default_stance_recipe("stance-train.csv", "m.json");
    w.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let got = std::fs::read(w.path("m.json")).unwrap();
    let want = std::fs::read(repo().join("models/stance-default.json")).unwrap();
    assert!(
        got == want,
        "retraining does not reproduce models/stance-default.json ({} vs {} bytes); run bash models/retrain.sh",
        got.len(),
        want.len()
    );
}

/// Both embedded models together stay under 8 MB (each regeneration adds
/// to the repository's history and to the binary).
#[test]
fn embedded_models_are_small() {
    let size = |p: &str| std::fs::metadata(repo().join(p)).unwrap().len();
    let total = size("models/stance-default.json") + size("models/topic-default.json");
    assert!(total <= 8_000_000, "{total} bytes");
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
