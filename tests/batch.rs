//! Article mode over batches: every article is answered in input order, a
//! bad one is reported without stopping the others (`--on-error skip`,
//! `--per-article`), and the output bytes do not depend on the number of
//! threads.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::{repo, Workdir};

const COUNTRIES: [&str; 5] = ["China", "Russia", "Japan", "Germany", "South Korea"];
const SAYINGS: [&str; 4] = [
    "firmly opposes the deployment of THAAD",
    "welcomed the new trade deal",
    "criticized the sanctions",
    "said the weather was fine",
];

/// `n` short JSON Lines articles (`{"id":"a<i>","text":...}`); line i
/// (0-based) with i % 500 == 499 is broken: alternately unparsable JSON
/// and an object without a text key.
fn stream(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i % 500 == 499 {
            if (i / 500) % 2 == 0 {
                s.push_str(&format!("{{\"id\":\"a{i}\",\"text\":\"cut off\n"));
            } else {
                s.push_str(&format!("{{\"id\":\"a{i}\",\"body\":\"no text key\"}}\n"));
            }
            continue;
        }
        let c = COUNTRIES[i % COUNTRIES.len()];
        let say = SAYINGS[(i / 5) % SAYINGS.len()];
        let text = format!("{c} {say}, officials said on day {i}.\nIt was a busy week.");
        s.push_str(&serde_json::json!({ "id": format!("a{i}"), "text": text }).to_string());
        s.push('\n');
    }
    s
}

/// Run `stancekit args` in `w` with `stdin` and `threads` rayon threads.
fn run_with(w: &Workdir, args: &[&str], stdin: &str, threads: usize) -> std::process::Output {
    let mut cmd: Command = w.cmd(args);
    cmd.env("RAYON_NUM_THREADS", threads.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run stancekit");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_string();
    let feeder = std::thread::spawn(move || input.write_all(data.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    out
}

const FILTER: &[&str] = &[
    "predict",
    "--as-articles",
    "--input-format",
    "jsonl",
    "--format",
    "jsonl",
    "--per-article",
    "--id",
    "id",
    "--topic-model",
    "none",
];

#[test]
fn a_json_lines_stream_gets_one_line_per_input_line_in_order() {
    let w = Workdir::new();
    let input = stream(3000);
    let out = run_with(&w, FILTER, &input, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    // Bad lines are answered in the output, not by the exit status.
    assert_eq!(out.status.code(), Some(0), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3000);
    let mut with_rows = 0;
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["line"], i + 1, "{v}");
        if i % 500 == 499 {
            let e = v["error"].as_str().expect("a bad line has an error field");
            assert!(e.starts_with(&format!("<stdin>:{}:", i + 1)), "{e}");
            assert!(v.get("stances").is_none(), "{v}");
            if (i / 500) % 2 == 0 {
                assert!(e.contains("invalid JSON"), "{e}");
                assert!(v["id"].is_null(), "{v}");
            } else {
                assert!(e.contains("missing key \"text\""), "{e}");
                assert_eq!(v["id"], format!("a{i}"));
            }
            continue;
        }
        assert_eq!(v["id"], format!("a{i}"));
        assert!(v.get("error").is_none(), "{v}");
        let stances = v["stances"].as_array().expect("stances array");
        if !stances.is_empty() {
            with_rows += 1;
            let row = &stances[0];
            for key in [
                "article",
                "date",
                "country",
                "country_code",
                "topic",
                "stance",
                "confidence",
                "evidence_count",
                "evidence",
                "evidence_start",
                "evidence_end",
                "article_topics",
            ] {
                assert!(row.get(key).is_some(), "{key} in {row}");
            }
            assert_eq!(row["article"], format!("a{i}"));
            assert_eq!(row["country"], COUNTRIES[i % COUNTRIES.len()]);
        }
    }
    assert!(with_rows > 1000, "{with_rows}");
    assert!(
        err.starts_with(&format!("read 3000 articles: {with_rows} with ")),
        "{err}"
    );
    assert!(
        err.ends_with(", 6 rejected (reasons in their error fields)\n"),
        "{err}"
    );
}

#[test]
fn one_thread_and_two_give_the_same_bytes() {
    let w = Workdir::new();
    let input = stream(1200);
    let one = run_with(&w, FILTER, &input, 1);
    let two = run_with(&w, FILTER, &input, 2);
    assert_eq!(one.status.code(), Some(0));
    assert!(!one.stdout.is_empty());
    assert!(one.stdout == two.stdout, "per-article output differs");
    assert_eq!(one.stderr, two.stderr);
    // Small batches, CSV rows from JSON Lines rows, the bundled examples.
    w.write("in.jsonl", &input);
    let rows = &[
        "predict",
        "--data",
        "in.jsonl",
        "--as-articles",
        "--id",
        "id",
        "--batch",
        "7",
        "--on-error",
        "skip",
        "-q",
    ];
    let one = run_with(&w, rows, "", 1);
    let two = run_with(&w, rows, "", 2);
    assert_eq!(one.status.code(), Some(1));
    assert!(one.stdout.len() > 10_000);
    assert!(one.stdout == two.stdout, "row output differs");
    let examples = repo().join("datasets/examples");
    let mut files: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    let mut args = vec!["predict", "--all-evidence", "--batch", "2", "-q"];
    args.extend(files.iter().map(String::as_str));
    let one = run_with(&w, &args, "", 1);
    let two = run_with(&w, &args, "", 2);
    assert_eq!(one.status.code(), Some(0));
    assert!(one.stdout == two.stdout, "example output differs");
}

#[test]
fn a_bad_file_in_a_batch_is_reported_and_the_others_labeled() {
    let w = Workdir::new();
    w.write("a.txt", "China firmly opposes the deployment of THAAD.\n");
    w.write("binary.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    w.write("b.txt", "Russia criticized the THAAD deployment.\n");
    let out = w
        .cmd(&[
            "predict",
            "a.txt",
            "binary.bin",
            "b.txt",
            "--on-error",
            "skip",
            "--errors",
            "e.csv",
            "-o",
            "out.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "stancekit: read 3 articles: 2 with 2 country-topic rows, 0 naming no country with a topic, 1 rejected (reasons in e.csv); expected no rejected articles\n"
    );
    let rows = w.read("out.csv");
    let articles: Vec<&str> = rows
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(articles, ["a.txt", "b.txt"], "{rows}");
    assert_eq!(
        w.read("e.csv"),
        "article,line,reason\n\
         binary.bin,,\"binary.bin:3:1: NUL byte at byte offset 8, so this looks like a binary file; expected plain UTF-8 text\"\n"
    );
    // Without --on-error skip the first bad article stops the run.
    let (code, err) = w.fails(&["predict", "a.txt", "binary.bin", "b.txt", "-o", "o.csv"]);
    assert_eq!(code, 3);
    assert!(err.contains("binary.bin:3:1: NUL byte"), "{err}");
    assert!(!w.path("o.csv").exists(), "no partial output file");
}

#[test]
fn a_broken_row_in_as_articles_data_is_reported_and_the_others_labeled() {
    let w = Workdir::new();
    w.write(
        "x.jsonl",
        "{\"id\":\"a\",\"text\":\"China firmly opposes the deployment of THAAD.\"}\n\
         {\"id\":\"b\",\"text\":\"Russia crit\n\
         {\"id\":\"c\",\"body\":\"no text\"}\n\
         {\"id\":\"d\",\"text\":\"The weather was fine.\"}\n\
         {\"id\":\"e\",\"text\":\"Japan welcomed the THAAD deployment.\"}\n",
    );
    let out = w
        .cmd(&[
            "predict",
            "--data",
            "x.jsonl",
            "--as-articles",
            "--id",
            "id",
            "--on-error",
            "skip",
            "--errors",
            "e.csv",
            "-o",
            "out.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "stancekit: read 5 articles: 2 with 2 country-topic rows, 1 naming no country with a topic, 2 rejected (reasons in e.csv); expected no rejected articles\n"
    );
    let rows = w.read("out.csv");
    let ids: Vec<&str> = rows
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["a", "e"], "{rows}");
    let report = w.read("e.csv");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 3, "{report}");
    assert!(lines[1].starts_with(",2,x.jsonl:2:"), "{report}");
    assert!(lines[1].contains("invalid JSON"), "{report}");
    assert_eq!(
        lines[2],
        "c,3,\"x.jsonl:3: missing key \"\"text\"\"; expected the article's text under it\""
    );
}
