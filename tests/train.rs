//! `train`: models are never corrupted (atomic save survives SIGKILL at
//! any moment) and training is deterministic across thread counts.

use std::time::{Duration, Instant};

use crate::errors::tiny_model;
use crate::util::Workdir;

/// A generated labeled CSV of `rows` rows: words drawn with a fixed-seed
/// generator, the label decided by which cue word appears.
fn generated_csv(rows: usize) -> String {
    let words = [
        "plan",
        "deal",
        "treaty",
        "talks",
        "border",
        "trade",
        "sanctions",
        "summit",
        "aid",
        "climate",
        "energy",
        "security",
        "minister",
        "said",
        "on",
        "the",
        "new",
        "week",
    ];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut out = String::from("text,label\n");
    for i in 0..rows {
        let (cue, label) = if i % 2 == 0 {
            ("supports", "support")
        } else {
            ("opposes", "oppose")
        };
        let mut text = Vec::new();
        for j in 0..25 {
            if j == 7 {
                text.push(cue.to_string());
            }
            text.push(format!("{}{}", words[(next() % 18) as usize], next() % 40));
        }
        out.push_str(&format!("{},{label}\n", text.join(" ")));
    }
    out
}

#[cfg(unix)]
#[test]
fn killed_train_leaves_the_previous_model_loadable() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    let before = std::fs::read(w.path("m.json")).unwrap();
    w.write("big.csv", generated_csv(3000));
    let args = ["train", "--data", "big.csv", "--model", "m.json", "--quiet"];
    // How long a full run takes here, then kill runs at spread moments,
    // the last ones close to the end, while the model is being written.
    let t = Instant::now();
    w.ok(&args);
    let full = t.elapsed();
    let after = std::fs::read(w.path("m.json")).unwrap();
    std::fs::write(w.path("m.json"), &before).unwrap();
    for permille in [100, 300, 500, 700, 850, 920, 960, 980, 990, 995, 999] {
        let mut child = w.cmd(&args).spawn().unwrap();
        std::thread::sleep(full.mul_f64(permille as f64 / 1000.0));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = std::fs::read(w.path("m.json")).unwrap();
        assert!(
            now == before || now == after,
            "model file is neither the old nor the new one after a kill at {permille}/1000"
        );
        w.ok(&["inspect", "--model", "m.json"]);
        std::fs::write(w.path("m.json"), &before).unwrap();
    }
    assert!(full < Duration::from_secs(120));
}

#[test]
fn same_data_and_seed_give_identical_models_across_thread_counts() {
    let w = Workdir::new();
    w.write("d.csv", generated_csv(600));
    for threads in ["1", "2"] {
        let out = w
            .cmd(&[
                "train",
                "--data",
                "d.csv",
                "--model",
                &format!("m{threads}.json"),
                "--seed",
                "7",
                "--cv",
                "3",
                "--quiet",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let a = std::fs::read(w.path("m1.json")).unwrap();
    let b = std::fs::read(w.path("m2.json")).unwrap();
    assert!(a == b, "models differ between RAYON_NUM_THREADS=1 and 2");
}

/// A stance model without a holder reads a camel-case hashtag's words too:
/// trained only on hashtags, it knows the same words written plainly.
#[test]
fn hashtag_words_are_learned_as_words() {
    let w = Workdir::new();
    let mut csv = String::from("text,target,stance\n");
    for i in 0..20 {
        csv.push_str(&format!("day {i} #StopTheWar,war,AGAINST\n"));
        csv.push_str(&format!("day {i} #BackOurTroops,war,FAVOR\n"));
    }
    w.write("tweets.csv", csv);
    w.ok(&[
        "train",
        "--data",
        "tweets.csv",
        "--target",
        "target",
        "--label",
        "stance",
        "--model",
        "m.json",
        "--quiet",
    ]);
    let model = w.read("m.json");
    assert!(model.contains("\"hashtags\":true"), "the setting is saved");
    let shown = w.ok(&["inspect", "--model", "m.json", "--top", "1"]);
    assert!(shown.contains("text steps    hashtag words\n"), "{shown}");
    w.write(
        "new.csv",
        "text,target\nwe must stop the war,war\nback our troops,war\n",
    );
    let out = w.ok(&["predict", "--model", "m.json", "--data", "new.csv"]);
    let labels: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(labels, ["AGAINST", "FAVOR"]);
}

/// Holder models keep the name-word pairs unless told not to; a weight
/// that is not positive is refused with the flag named.
#[test]
fn name_pairs_are_a_default_that_can_be_turned_off() {
    let w = Workdir::new();
    let mut csv = String::from("text,holder,target,stance\n");
    for i in 0..10 {
        csv.push_str(&format!(
            "Day {i}: China opposes THAAD.,China,THAAD,oppose\n"
        ));
        csv.push_str(&format!(
            "Day {i}: Seoul backs THAAD.,South Korea,THAAD,support\n"
        ));
    }
    w.write("rows.csv", csv);
    let base = [
        "train", "--data", "rows.csv", "--holder", "holder", "--target", "target", "--label",
        "stance", "--quiet", "--model",
    ];
    w.ok(&[&base[..], &["with.json"]].concat());
    w.ok(&[&base[..], &["without.json", "--no-name-pairs"]].concat());
    let with = w.read("with.json");
    assert!(with.contains("\"name_pairs\":true") && with.contains("\"name_weight\":1.25"));
    assert!(with.contains("hx_south__thaad") && with.contains("ux_korea__thaad"));
    let without = w.read("without.json");
    assert!(!without.contains("name_pairs") && !without.contains("name_weight"));
    assert!(!without.contains("hx_south__thaad"));
    let shown = |m: &str| w.ok(&["inspect", "--model", m, "--top", "1"]);
    assert!(shown("with.json")
        .contains("holder marks  window 5, cues, name words, name pairs, name weight 1.25\n"));
    assert!(shown("without.json").contains("holder marks  window 5, cues, name words\n"));
    let (code, err) = w.fails(&[&base[..], &["m.json", "--name-weight", "0"]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("name-weight") && err.contains("positive"),
        "{err}"
    );
}
