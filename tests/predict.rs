//! `predict --data`: nothing is lost. Every row read is written or
//! rejected, output keeps input order and columns, and bad rows stop the
//! run (default) or go to the error report (`--on-error skip`).

use std::sync::OnceLock;

use proptest::prelude::*;
use stancekit::data::{Format, Limits, RowReader};
use stancekit::entities::gazetteer::Gazetteer;
use stancekit::model::predict::{
    predict_rows, ErrorReport, OnError, PredictColumns, PredictOptions,
};
use stancekit::model::{persist, Model};

use crate::errors::{tiny_model, with_fixture};
use crate::util::Workdir;

/// Good rows, an empty text, a ragged row, invalid UTF-8 and a NUL byte.
const MIXED: &[u8] = b"id,text,label\n\
1,we support the plan,support\n\
2,  ,oppose\n\
3,we oppose the plan\n\
4,\"we back it,\nstrongly\",support\n\
5,we op\xffpose it,oppose\n\
6,we rej\x00ect it,oppose\n\
7,they condemn the treaty,oppose\n";

/// `predict --on-error skip` over [`MIXED`] with the tiny model, reasons
/// in bad.csv and rows in out.csv, plus `extra` arguments.
fn predict_mixed_skipping(w: &Workdir, extra: &[&str]) -> std::process::Output {
    tiny_model(w, "m.json");
    w.write("mixed.csv", MIXED);
    let mut args = vec![
        "predict",
        "--model",
        "m.json",
        "--data",
        "mixed.csv",
        "--on-error",
        "skip",
        "--errors",
        "bad.csv",
        "-o",
        "out.csv",
    ];
    args.extend_from_slice(extra);
    w.cmd(&args).output().unwrap()
}

#[test]
fn skip_keeps_every_row_accounted_for() {
    let w = Workdir::new();
    let out = predict_mixed_skipping(&w, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "stancekit: mixed.csv: read 7 rows, wrote 3, rejected 4 (reasons in bad.csv); expected no rejected rows\n"
    );
    assert_eq!(
        w.read("bad.csv"),
        "row,line,reason\n\
         2,3,\"empty text in column \"\"text\"\"; expected text to classify\"\n\
         3,4,\"mixed.csv:4: row has 2 fields; expected 3 as in the header (id, text, label)\"\n\
         5,7,\"mixed.csv:7:2: invalid UTF-8 in field \"\"text\"\" near byte offset 117; expected UTF-8 text\"\n\
         6,8,\"mixed.csv:8:2: NUL byte in field \"\"text\"\"; expected text without NUL bytes\"\n"
    );
    // Output: input order, every input column, then predicted and confidence.
    let mut rdr = csv::Reader::from_path(w.path("out.csv")).unwrap();
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, ["id", "text", "label", "predicted", "confidence"]);
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, ["1", "4", "7"]);
    assert_eq!(rows[1][1], "we back it,\nstrongly");
    assert_eq!(rows[0][3], "support");
    assert_eq!(rows[2][3], "oppose");
}

#[test]
fn stop_names_the_first_bad_row() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    w.write("mixed.csv", MIXED);
    let (code, err) = w.fails(&[
        "predict",
        "--model",
        "m.json",
        "--data",
        "mixed.csv",
        "-o",
        "o.csv",
    ]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "stancekit: mixed.csv:3: empty text in column \"text\"; expected text to classify\n"
    );
    assert!(!w.path("o.csv").exists(), "no partial output file");
}

#[test]
fn skip_steps_over_broken_json_lines() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    w.write(
        "in.jsonl",
        "{\"text\":\"we support the plan\"}\n{\"text\":\n{\"txt\":\"x\"}\n{\"text\":\"we oppose the plan\"}\n",
    );
    let out = w
        .cmd(&[
            "predict",
            "--model",
            "m.json",
            "--data",
            "in.jsonl",
            "--on-error",
            "skip",
            "--errors",
            "bad.csv",
            "-o",
            "out.jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        w.read("bad.csv"),
        "row,line,reason\n\
         2,2,in.jsonl:2:8: invalid JSON (EOF while parsing a value); expected one JSON object per line\n\
         3,3,\"in.jsonl:3: missing key \"\"text\"\"; expected the keys of the first line (text)\"\n"
    );
    let lines: Vec<serde_json::Value> = w
        .read("out.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["text"], "we support the plan");
    assert_eq!(lines[1]["predicted"], "oppose");
}

/// `predict` of the train.csv fixture with the tiny model into o.csv,
/// plus `extra` arguments.
fn predict_fixture(w: &Workdir, extra: &[&str]) -> std::process::Command {
    tiny_model(w, "m.json");
    with_fixture(w, "train.csv");
    let mut args = vec![
        "predict",
        "--model",
        "m.json",
        "--data",
        "train.csv",
        "-o",
        "o.csv",
    ];
    args.extend_from_slice(extra);
    w.cmd(&args)
}

#[test]
fn quiet_success_summary() {
    let w = Workdir::new();
    let out = predict_fixture(&w, &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "train.csv: read 8 rows, wrote 8, rejected 0\n"
    );
}

#[test]
fn timings_report_each_stage_on_one_line() {
    let w = Workdir::new();
    let pattern = regex::Regex::new(
        r"^timings: model load (\d+\.\d{3}) s; read (\d+\.\d{3}) s, score (\d+\.\d{3}) s( \((\d+) rows/s\))?, write (\d+\.\d{3}) s; total (\d+\.\d{3}) s\n$",
    )
    .unwrap();
    // One thread runs the stages in turn; two run the pipeline.
    for threads in ["1", "2"] {
        let out = predict_fixture(&w, &["-q", "--timings"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr);
        let caps = pattern
            .captures(&err)
            .unwrap_or_else(|| panic!("{threads} threads: {err:?}"));
        let secs = |i: usize| caps[i].parse::<f64>().unwrap();
        let (load, read, score, write, total) = (secs(1), secs(2), secs(3), secs(6), secs(7));
        assert!(load <= total + 5e-4, "{err}");
        if threads == "1" {
            // In turn, the stages and the load fit in the total.
            assert!(load + read + score + write <= total + 2e-3, "{err}");
        }
        if let Some(rate) = caps.get(5) {
            // 8 rows written over the scoring time, which is printed
            // rounded to the millisecond.
            let rate: f64 = rate.as_str().parse().unwrap();
            assert!(rate >= 8.0 / (score + 5e-4) - 1.0, "{err}");
            if score > 5e-4 {
                assert!(rate <= 8.0 / (score - 5e-4) + 1.0, "{err}");
            }
        }
    }
}

#[test]
fn timings_are_reported_when_rows_are_rejected() {
    let w = Workdir::new();
    let out = predict_mixed_skipping(&w, &["--timings"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with("timings: model load "), "{err}");
    assert_eq!(
        lines[1],
        "stancekit: mixed.csv: read 7 rows, wrote 3, rejected 4 (reasons in bad.csv); expected no rejected rows"
    );
}

#[test]
fn timings_are_refused_for_articles() {
    let w = Workdir::new();
    w.write("a.txt", "China opposes the plan.");
    let out = w.cmd(&["predict", "a.txt", "--timings"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--data FILE: stage timings are kept for rows, not articles"),
        "{err}"
    );
}

/// The tiny model, trained once per test binary.
fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let w = Workdir::new();
        tiny_model(&w, "m.json");
        persist::load(&w.path("m.json")).unwrap()
    })
}

fn run_predict(csv: Vec<u8>, batch: usize) -> (stancekit::model::predict::PredictSummary, Vec<u8>) {
    let reader = RowReader::from_reader(
        "p.csv",
        Box::new(std::io::Cursor::new(csv)),
        Format::Csv,
        Limits::default(),
    )
    .unwrap();
    let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut errors = ErrorReport::new(None).unwrap();
    let opts = PredictOptions {
        columns: PredictColumns::default(),
        probabilities: false,
        on_error: OnError::Skip,
        format: Format::Csv,
        batch,
        explain: 0,
    };
    let s = predict_rows(
        model(),
        reader,
        Box::new(Shared(out.clone())),
        &mut errors,
        &opts,
        &mut |_| {},
    )
    .unwrap();
    let bytes = out.lock().unwrap().clone();
    (s, bytes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// One output row per good input row, in order; read == written + rejected.
    #[test]
    fn one_output_row_per_input_row(
        texts in prop::collection::vec("[a-z ,\"\n\u{e9}\u{4e2d}]{0,30}", 0..40),
        batch in 1usize..8,
    ) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["n", "text"]).unwrap();
        for (i, t) in texts.iter().enumerate() {
            w.write_record([i.to_string().as_str(), t]).unwrap();
        }
        let (s, out) = run_predict(w.into_inner().unwrap(), batch);
        let blank = texts.iter().filter(|t| t.trim().is_empty()).count() as u64;
        prop_assert_eq!(s.read, texts.len() as u64);
        prop_assert_eq!(s.rejected, blank);
        prop_assert_eq!(s.read, s.written + s.rejected);
        let mut rdr = csv::Reader::from_reader(&out[..]);
        let got: Vec<(usize, String)> = rdr
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].parse().unwrap(), r[1].to_string())
            })
            .collect();
        let want: Vec<(usize, String)> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(i, t)| (i, t.clone()))
            .collect();
        prop_assert_eq!(got, want);
    }

    /// A country name placed among filler is found at its byte offsets,
    /// which lie on char boundaries.
    #[test]
    fn gazetteer_offsets_point_at_the_name(
        before in "[0-9 ,.;:\u{3b1}-\u{3c9}\u{4e00}-\u{4e10}]{0,20}",
        after in "[0-9 ,.;:\u{3b1}-\u{3c9}\u{4e00}-\u{4e10}]{0,20}",
        name in prop::sample::select(vec!["France", "Japan", "Brazil", "Kenya"]),
    ) {
        let text = format!("{before} {name} {after}");
        let gaz = Gazetteer::builtin();
        let found = gaz.find(&text);
        prop_assert_eq!(found.len(), 1, "{:?}", text);
        let m = &found[0];
        prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        prop_assert_eq!(&text[m.start..m.end], name);
        prop_assert_eq!(m.start, before.len() + 1);
        prop_assert_eq!(Some(m.country), gaz.lookup(name));
    }
}

/// `-o /dev/null` once renamed a temporary file over the device and left a
/// plain file there, which broke every later program on the machine that
/// wrote to /dev/null. Devices and FIFOs are now written in place; a FIFO
/// stands in for the device here, so a regression cannot harm the machine.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    w.write("in.csv", "text\nwe support the plan\nwe oppose the plan\n");
    let fifo = w.path("out.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo failed");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    w.ok(&[
        "predict", "--model", "m.json", "--data", "in.csv", "-o", "out.fifo", "-q",
    ]);
    let got = reader.join().unwrap();
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines.len(), 3, "{got}");
    assert!(lines[0].starts_with("text,predicted,confidence"), "{got}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO was replaced by a plain file"
    );
}

/// An output path that is a symbolic link keeps the link and replaces the
/// file it points to.
#[cfg(unix)]
#[test]
fn output_through_a_symlink_keeps_the_link() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    w.write("in.csv", "text\nwe support the plan\n");
    w.write("real.csv", "old contents\n");
    std::os::unix::fs::symlink("real.csv", w.path("out.csv")).unwrap();
    w.ok(&[
        "predict", "--model", "m.json", "--data", "in.csv", "-o", "out.csv", "-q",
    ]);
    assert!(std::fs::symlink_metadata(w.path("out.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(w
        .read("real.csv")
        .starts_with("text,predicted,confidence\n"));
}

#[test]
fn output_to_a_directory_is_refused() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    w.write("in.csv", "text\nwe support the plan\n");
    std::fs::create_dir(w.path("out")).unwrap();
    let (code, err) = w.fails(&[
        "predict", "--model", "m.json", "--data", "in.csv", "-o", "out", "-q",
    ]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(
        err,
        "stancekit: out: is a directory; expected a file path\n"
    );
}
