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
    let timed = w
        .cmd(&[
            "predict",
            "--model",
            "tour.json",
            "--data",
            &data("datasets/tour/new.csv"),
            "-o",
            "labeled.csv",
            "--timings",
        ])
        .output()
        .unwrap();
    assert_eq!(timed.status.code(), Some(0));
    let err = String::from_utf8_lossy(&timed.stderr);
    assert!(err.contains("read 20 rows, wrote 20, rejected 0"), "{err}");
    assert!(err.contains("\ntimings: model load "), "{err}");
    let labeled = std::fs::read_to_string(w.path("labeled.csv")).unwrap();
    assert_eq!(labeled.lines().count(), 21);
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
        "article,date,url,title,country,country_code,topic,stance,confidence,evidence_count,evidence,evidence_start,evidence_end,article_topics"
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

/// Without a topic list, a row needs a sentence naming both the country
/// and one of the inventory's topics: a pact the topic model calls a
/// climate agreement, or a country only in a carried-over sentence, gets
/// no row; the topic model still gives the article's dominant topics.
#[test]
fn without_topics_a_row_needs_a_sentence_naming_the_topic() {
    let w = Workdir::new();
    let body = "Germany strongly backed the new pact to cut greenhouse gas output and phase out coal power by 2035. Poland rejected the pact, saying its coal regions could not carry the cost of cutting carbon so fast.\n";
    w.write(
        "pact.txt",
        format!("Leaders met in Bonn on Monday.\n\n{body}"),
    );
    let out = w.ok(&["predict", "pact.txt", "--quiet"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    let named = body.replacen("the new pact", "the new climate accord", 1);
    w.write(
        "accord.txt",
        format!("Leaders met in Bonn on Monday.\n\n{named}"),
    );
    let out = w.ok(&["predict", "accord.txt", "--quiet"]);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(
        rows[0].starts_with("accord.txt,,,,Germany,DEU,climate agreement,support,"),
        "{out}"
    );
    assert!(rows[0].contains(",climate agreement:0."), "{out}");
    // With the topic given, Poland's carried-over sentence counts.
    let out = w.ok(&[
        "predict",
        "accord.txt",
        "--quiet",
        "--topic",
        "climate agreement=climate accord,pact",
    ]);
    assert!(
        out.contains(",Poland,POL,climate agreement,oppose,"),
        "{out}"
    );
}
