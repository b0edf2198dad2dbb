//! Topic classification end to end: default settings on subsamples of the
//! shared document sets, multi-label round trip, article topics.

use crate::util::{repo, shared_dataset, Workdir};

/// Every `step`-th row of `name`'s train.csv goes to `held.csv`; of the
/// others, every `train_step`-th goes to `train.csv` (rows are grouped by
/// topic in some files, so both samples stride over the whole file). Only
/// text and topic columns are kept.
/// Returns false (test skipped) when the shared data is absent.
fn subsample(wd: &Workdir, name: &str, step: usize, train_step: usize) -> bool {
    let Some(dir) = shared_dataset(name) else {
        return false;
    };
    let mut r = csv::Reader::from_path(dir.join("train.csv")).expect("read shared train.csv");
    let h = r.headers().expect("header").clone();
    let ti = h.iter().position(|c| c == "text").expect("text column");
    let li = h.iter().position(|c| c == "topic").expect("topic column");
    let mut tr = csv::Writer::from_path(wd.path("train.csv")).unwrap();
    let mut ho = csv::Writer::from_path(wd.path("held.csv")).unwrap();
    tr.write_record(["text", "topic"]).unwrap();
    ho.write_record(["text", "topic"]).unwrap();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.expect("record");
        let row = [&rec[ti], &rec[li]];
        if i % step == 0 {
            ho.write_record(row).unwrap();
        } else if i % train_step == 1 % train_step {
            tr.write_record(row).unwrap();
        }
    }
    tr.flush().unwrap();
    ho.flush().unwrap();
    true
}

fn accuracy(wd: &Workdir) -> f64 {
    let out = wd.ok(&[
        "evaluate", "--model", "m.json", "--data", "held.csv", "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json report");
    v["accuracy"].as_f64().expect("accuracy")
}

/// `stancekit train` with only the column flags: the topic defaults.
fn train_with_defaults(wd: &Workdir) {
    wd.ok(&[
        "train",
        "--data",
        "train.csv",
        "--text",
        "text",
        "--label",
        "topic",
        "--model",
        "m.json",
        "-q",
    ]);
}

#[test]
fn newsgroups_subsample_with_defaults() {
    let wd = Workdir::new();
    if !subsample(&wd, "20newsgroups-bydate", 5, 3) {
        return;
    }
    train_with_defaults(&wd);
    // Measured 0.8736 (every 3rd of the other posts trains, ~3,000; every
    // 5th post held out).
    let acc = accuracy(&wd);
    eprintln!("20 Newsgroups held-out accuracy {acc:.4}");
    assert!(acc >= 0.85, "20 Newsgroups held-out accuracy {acc}");
}

#[test]
fn reuters_r8_subsample_with_defaults() {
    let wd = Workdir::new();
    if !subsample(&wd, "reuters21578-r8", 4, 2) {
        return;
    }
    train_with_defaults(&wd);
    // Measured 0.9570 (every 2nd of the other articles trains; every 4th
    // held out).
    let acc = accuracy(&wd);
    eprintln!("R8 held-out accuracy {acc:.4}");
    assert!(acc >= 0.94, "R8 held-out accuracy {acc}");
}

/// A small multi-label set written for this test: each row mentions one or
/// two of three subjects, and its label cell lists them.
fn multilabel_csv() -> String {
    let sport = [
        "the striker scored a late goal in the football match",
        "the team won the league title after a tense final",
        "the coach praised the goalkeeper after the game",
        "fans filled the stadium for the championship game",
    ];
    let money = [
        "the central bank raised interest rates again",
        "shares fell as investors worried about inflation",
        "the company reported record profits and higher revenue",
        "bond yields climbed after the budget announcement",
    ];
    let weather = [
        "heavy rain and strong wind are expected tomorrow",
        "a heat wave pushed temperatures above forty degrees",
        "snow storms closed the mountain roads overnight",
        "forecasters warned of floods after days of rain",
    ];
    let mut out = String::from("text,labels\n");
    for round in 0..3 {
        for i in 0..4 {
            out.push_str(&format!("{} {round},sport\n", sport[i]));
            out.push_str(&format!("{} {round},money\n", money[i]));
            out.push_str(&format!("{} {round},weather\n", weather[i]));
            out.push_str(&format!(
                "{} and {},sport|money\n",
                sport[i],
                money[(i + round) % 4]
            ));
            out.push_str(&format!(
                "{} while {},weather | sport\n",
                weather[i],
                sport[(i + round + 1) % 4]
            ));
        }
    }
    out
}

#[test]
fn multi_label_round_trip() {
    let wd = Workdir::new();
    wd.write("ml.csv", multilabel_csv());
    wd.ok(&[
        "train",
        "--data",
        "ml.csv",
        "--label",
        "labels",
        "--task",
        "topic",
        "--multi-label",
        "--model",
        "ml.json",
        "-q",
    ]);
    let model: serde_json::Value = serde_json::from_str(&wd.read("ml.json")).expect("model json");
    assert_eq!(model["model"]["task"], "topic");
    let ml = &model["model"]["multi_label"];
    assert_eq!(ml["separator"], "|");
    assert_eq!(ml["thresholds"].as_array().unwrap().len(), 3);
    assert_eq!(
        model["model"]["labels"],
        serde_json::json!(["money", "sport", "weather"])
    );
    wd.write(
        "new.csv",
        "text\nthe goalkeeper saved a penalty in the final\n\
         investors sold shares as the bank raised rates and the team won the final\n",
    );
    wd.ok(&[
        "predict", "--model", "ml.json", "--data", "new.csv", "-o", "out.csv", "-q",
    ]);
    let out = wd.read("out.csv");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "text,predicted,confidence");
    assert!(lines[1].contains(",sport,"), "{out}");
    let second = lines[2].split(',').nth(1).unwrap();
    assert_eq!(second, "money|sport", "{out}");
    // Evaluating on the training file: the report has every part.
    let rep = wd.ok(&[
        "evaluate", "--model", "ml.json", "--data", "ml.csv", "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&rep).unwrap();
    assert_eq!(v["rows"], 60);
    assert_eq!(v["per_label"].as_array().unwrap().len(), 3);
    assert!(v["micro_f1"].as_f64().unwrap() > 0.9, "{rep}");
    assert!(v["subset_accuracy"].as_f64().unwrap() > 0.8, "{rep}");
    assert!(v["macro_f1"].is_number());
    let text = wd.ok(&["evaluate", "--model", "ml.json", "--data", "ml.csv"]);
    assert!(text.contains("subset accuracy"), "{text}");
    // An unknown label in the truth is an error naming the line.
    wd.write("bad.csv", "text,labels\nrain again,weather|cooking\n");
    let (_, err) = wd.fails(&["evaluate", "--model", "ml.json", "--data", "bad.csv"]);
    assert!(err.contains("bad.csv:2"), "{err}");
    assert!(err.contains("unknown label \"cooking\""), "{err}");
}

#[test]
fn article_topics_of_examples() {
    let wd = Workdir::new();
    let ex = repo().join("datasets").join("examples");
    for f in ["thaad.txt", "nocountry.txt"] {
        wd.write(f, std::fs::read(ex.join(f)).expect("example article"));
    }
    let out = wd.ok(&[
        "predict",
        "--task",
        "topic",
        "--top",
        "2",
        "thaad.txt",
        "nocountry.txt",
        "-q",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "article,topic,probability,rank");
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[1].starts_with("thaad.txt,missile defense,"), "{out}");
    assert!(lines[1].ends_with(",1"), "{out}");
    assert!(lines[2].ends_with(",2"), "{out}");
    assert!(lines[3].starts_with("nocountry.txt,other,"), "{out}");
}

/// `--char-ngrams` on a topic model (whose defaults are word unigrams only)
/// adds a char_wb vectorizer instead of being ignored; `--word-ngrams 0,0`
/// then leaves the character one alone.
#[test]
fn char_ngrams_flag_adds_char_features_to_topic_model() {
    let wd = Workdir::new();
    let data = repo().join("datasets/topics/train.csv");
    let data = data.to_str().expect("utf-8 path");
    let vectorizers = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            "train", "--data", data, "--text", "text", "--label", "topic", "--model", "m.json",
            "-q",
        ];
        args.extend_from_slice(extra);
        wd.ok(&args);
        let m: serde_json::Value = serde_json::from_str(&wd.read("m.json")).expect("model json");
        let v = &m["model"]["features"]["config"]["vectorizers"];
        let parts = v
            .as_array()
            .unwrap_or_else(|| panic!("no vectorizers in {v}"));
        parts
            .iter()
            .map(|p| format!("{} {}", p["analyzer"], p["ngram_range"]))
            .collect()
    };
    assert_eq!(vectorizers(&[]), vec!["\"word\" [1,1]"]);
    assert_eq!(
        vectorizers(&["--char-ngrams", "2,4"]),
        vec!["\"word\" [1,1]", "\"char_wb\" [2,4]"]
    );
    assert_eq!(
        vectorizers(&["--word-ngrams", "0,0", "--char-ngrams", "3,5"]),
        vec!["\"char_wb\" [3,5]"]
    );
}
