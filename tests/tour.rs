//! The README's tour, run as written on the bundled data.

use crate::util::{repo, Workdir};

fn data(p: &str) -> String {
    repo().join(p).to_str().unwrap().to_string()
}

#[test]
fn tour_train_evaluate_predict_inspect() {
    let w = Workdir::new();
    w.ok(&[
        "train",
        "--data",
        &data("datasets/tour/sentences.csv"),
        "--text",
        "text",
        "--target",
        "target",
        "--label",
        "stance",
        "--cv",
        "5",
        "--favg",
        "FAVOR,AGAINST",
        "--model",
        "tour.json",
        "--quiet",
    ]);
    let json = w.ok(&[
        "evaluate",
        "--model",
        "tour.json",
        "--data",
        &data("datasets/tour/sentences.csv"),
        "--favg",
        "FAVOR,AGAINST",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rows"], 192);
    assert!(v["f_avg"].as_f64().unwrap() > 0.9, "{json}");
    let out = w.ok(&[
        "predict",
        "--model",
        "tour.json",
        "--data",
        &data("datasets/tour/new.csv"),
        "--probabilities",
        "--quiet",
    ]);
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,text,target,predicted,confidence,p_AGAINST,p_FAVOR,p_NONE"
    );
    assert_eq!(lines.count(), 20);
    let inspect = w.ok(&["inspect", "--model", "tour.json", "--top", "3"]);
    assert!(
        inspect.contains("labels        AGAINST, FAVOR, NONE"),
        "{inspect}"
    );
}

#[test]
fn first_readme_command_reads_the_example_article() {
    let w = Workdir::new();
    let out = w.ok(&["predict", &data("datasets/examples/thaad.txt"), "--quiet"]);
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "article,country,country_code,topic,stance,confidence,evidence_count,evidence,evidence_start,evidence_end"
    );
    assert!(out.contains(",China,CHN,missile defense,oppose,"), "{out}");
    assert!(
        out.contains(",United States,USA,missile defense,support,"),
        "{out}"
    );
}

#[test]
fn topic_flag_with_a_known_name_keeps_the_model_aliases() {
    let w = Workdir::new();
    let out = w.ok(&[
        "predict",
        &data("datasets/examples/thaad.txt"),
        "--topic",
        "missile defense",
        "--quiet",
    ]);
    assert!(out.contains(",China,CHN,missile defense,oppose,"), "{out}");
}
