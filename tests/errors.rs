//! The bad-input catalog (tests/fixtures/bad/README.md): every bad input
//! gives one line `stancekit: <file>:<line>[:<col>]: ...; expected ...` on
//! stderr, a documented exit status, and no panic.

use crate::util::{repo, Workdir};

/// A Workdir holding `tests/fixtures/bad/<name>` under the same name.
pub fn with_fixture(w: &Workdir, name: &str) {
    let src = repo().join("tests/fixtures/bad").join(name);
    w.write(name, std::fs::read(&src).expect("read fixture"));
}

/// Train the tiny two-label model of tests/fixtures/bad/train.csv into
/// `model` inside `w`.
pub fn tiny_model(w: &Workdir, model: &str) {
    with_fixture(w, "train.csv");
    w.ok(&["train", "--data", "train.csv", "--model", model, "--quiet"]);
}

/// Run and check exit code and the single stderr line exactly.
fn fails_with(w: &Workdir, args: &[&str], code: i32, message: &str) {
    let (got, err) = w.fails(args);
    assert_eq!(err, format!("stancekit: {message}\n"), "stderr of {args:?}");
    assert_eq!(got, code, "exit status of {args:?}: {err}");
}

fn train_fails(fixture: &str, code: i32, message: &str) {
    let w = Workdir::new();
    with_fixture(&w, fixture);
    fails_with(
        &w,
        &["train", "--data", fixture, "--model", "m.json"],
        code,
        message,
    );
    assert!(!w.path("m.json").exists(), "no model written for {fixture}");
}

#[test]
fn csv_missing_column() {
    train_fails(
        "missing_column.csv",
        3,
        "missing_column.csv:1: missing column \"text\"; found body, label",
    );
}

#[test]
fn csv_duplicate_header() {
    train_fails(
        "duplicate_header.csv",
        3,
        "duplicate_header.csv:1:3: duplicate column name \"text\" (also column 1); expected unique header names",
    );
}

#[test]
fn csv_ragged_row() {
    train_fails(
        "ragged.csv",
        3,
        "ragged.csv:3: row has 1 field; expected 2 as in the header (text, label)",
    );
}

#[test]
fn csv_unterminated_quote() {
    train_fails(
        "unterminated_quote.csv",
        3,
        "unterminated_quote.csv:3: unterminated quoted field: a '\"' opened in this row is never closed; expected a closing '\"' before the end of the file",
    );
}

#[test]
fn csv_invalid_utf8_names_byte_offset() {
    // "text,label\n" (11) + "we support it,support\n" (22) + "we op" (5).
    train_fails(
        "invalid_utf8.csv",
        3,
        "invalid_utf8.csv:3:1: invalid UTF-8 in field \"text\" near byte offset 38; expected UTF-8 text",
    );
}

#[test]
fn csv_bom_and_crlf_are_accepted() {
    for f in ["bom.csv", "crlf.csv"] {
        let w = Workdir::new();
        with_fixture(&w, f);
        w.ok(&["train", "--data", f, "--model", "m.json", "--quiet"]);
        let out = w.ok(&["inspect", "--model", "m.json"]);
        assert!(
            out.contains("labels        oppose, support\n"),
            "{f}: {out}"
        );
        assert!(
            out.contains("columns       text=text label=label"),
            "{f}: {out}"
        );
    }
}

#[test]
fn csv_empty_file_and_header_only() {
    train_fails(
        "empty.csv",
        3,
        "empty.csv:1: empty file; expected a header row naming the columns",
    );
    train_fails(
        "header_only.csv",
        3,
        "header_only.csv:2: no data rows after the header; expected labeled rows",
    );
}

#[test]
fn csv_empty_text_and_label() {
    train_fails(
        "empty_text.csv",
        3,
        "empty_text.csv:3:1: empty text in column \"text\"; expected a non-empty value",
    );
    train_fails(
        "empty_label.csv",
        3,
        "empty_label.csv:3:2: empty label in column \"label\"; expected a non-empty value",
    );
}

#[test]
fn csv_nul_byte() {
    train_fails(
        "nul.csv",
        3,
        "nul.csv:3:1: NUL byte in field \"text\"; expected text without NUL bytes",
    );
}

#[test]
fn csv_single_label() {
    train_fails(
        "single_label.csv",
        3,
        "single_label.csv: column \"label\" has a single label \"support\" in 2 rows; expected at least two labels to train",
    );
}

#[test]
fn csv_field_over_the_cap() {
    let w = Workdir::new();
    let mut big = b"text,label\nwe support it,support\n".to_vec();
    big.extend(std::iter::repeat_n(b'a', 10 << 20));
    big.extend(b",oppose\n");
    w.write("big.csv", &big);
    fails_with(
        &w,
        &["train", "--data", "big.csv", "--model", "m.json"],
        3,
        "big.csv:3:1: field \"text\" is 10485760 bytes; expected at most 8388608 (raise --max-field-bytes)",
    );
    // The cap is overridable; a lower one rejects the small file too.
    with_fixture(&w, "train.csv");
    fails_with(
        &w,
        &[
            "train",
            "--data",
            "train.csv",
            "--model",
            "m.json",
            "--max-field-bytes",
            "10",
        ],
        3,
        "train.csv:2:1: field \"text\" is 19 bytes; expected at most 10 (raise --max-field-bytes)",
    );
}

#[test]
fn jsonl_broken_line_and_missing_key() {
    train_fails(
        "broken_line.jsonl",
        3,
        "broken_line.jsonl:2:23: invalid JSON (EOF while parsing a value); expected one JSON object per line",
    );
    train_fails(
        "missing_key.jsonl",
        3,
        "missing_key.jsonl:2: missing key \"label\"; expected the keys of the first line (text, label)",
    );
}

#[test]
fn jsonl_line_over_the_cap() {
    let w = Workdir::new();
    with_fixture(&w, "missing_key.jsonl");
    fails_with(
        &w,
        &["train", "--data", "missing_key.jsonl", "--model", "m.json", "--max-line-bytes", "20"],
        3,
        "missing_key.jsonl:1: line is longer than 20 bytes; expected at most that (raise --max-line-bytes)",
    );
}

#[test]
fn evaluate_unknown_label() {
    let w = Workdir::new();
    tiny_model(&w, "m.json");
    with_fixture(&w, "unknown_label.csv");
    fails_with(
        &w,
        &[
            "evaluate",
            "--model",
            "m.json",
            "--data",
            "unknown_label.csv",
        ],
        3,
        "unknown_label.csv:3:2: unknown label \"unsure\"; expected one of oppose, support (or --unknown-labels wrong to count such rows as errors)",
    );
}

fn model_fails(w: &Workdir, file: &str, message: &str) {
    for cmd in [
        vec!["inspect", "--model", file],
        vec!["predict", "--model", file, "--data", "train.csv"],
        vec!["evaluate", "--model", file, "--data", "train.csv"],
    ] {
        fails_with(w, &cmd, 4, &format!("{file}: {message}"));
    }
}

/// A valid model's bytes, from the tiny training set.
fn model_bytes(w: &Workdir) -> Vec<u8> {
    tiny_model(w, "good.json");
    std::fs::read(w.path("good.json")).unwrap()
}

#[test]
fn model_empty_random_pickle_and_other_json() {
    let w = Workdir::new();
    tiny_model(&w, "good.json");
    for f in [
        "model_empty.json",
        "model_pickle.pkl",
        "model_no_format.json",
    ] {
        with_fixture(&w, f);
    }
    model_fails(
        &w,
        "model_empty.json",
        "empty file; expected a stancekit model (JSON starting with {\"format\":\"stancekit-model\"...)",
    );
    model_fails(
        &w,
        "model_pickle.pkl",
        "not a stancekit model: invalid UTF-8 at byte offset 0; expected a JSON model written by `stancekit train`",
    );
    model_fails(
        &w,
        "model_no_format.json",
        "not a stancekit model: no \"format\" field; expected \"stancekit-model\"",
    );
    // Random bytes from a fixed-seed generator (xorshift).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    w.write("random.bin", &random);
    let (code, err) = w.fails(&["inspect", "--model", "random.bin"]);
    assert_eq!(code, 4);
    assert!(
        err.starts_with("stancekit: random.bin: not a stancekit model: ")
            && err.ends_with("expected a JSON model written by `stancekit train`\n")
            && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn model_truncated_newer_and_corrupted() {
    let w = Workdir::new();
    let good = model_bytes(&w);
    w.write("truncated.json", &good[..good.len() / 2]);
    model_fails(
        &w,
        "truncated.json",
        &format!(
            "truncated model file (ends at byte {}); expected a complete model, retrain or copy it again",
            good.len() / 2
        ),
    );
    let text = String::from_utf8(good.clone()).unwrap();
    w.write(
        "newer.json",
        text.replacen("\"format_version\":1", "\"format_version\":2", 1),
    );
    model_fails(
        &w,
        "newer.json",
        "model format version 2 is newer than this build (written by stancekit 0.1.0); expected format version 1 to 1, upgrade stancekit",
    );
    // Flip one digit inside the model body: the checksum catches it.
    let at = text.find("\"idf\":[").unwrap() + 8;
    let mut flipped = good.clone();
    flipped[at] = if flipped[at] == b'1' { b'2' } else { b'1' };
    w.write("flipped.json", &flipped);
    let (code, err) = w.fails(&["inspect", "--model", "flipped.json"]);
    assert_eq!(code, 4);
    assert!(
        err.starts_with("stancekit: flipped.json: corrupted model file: checksum ")
            && err.ends_with("; retrain or copy it again\n"),
        "{err}"
    );
    // The good model still loads, and a missing one is an I/O error.
    w.ok(&["inspect", "--model", "good.json"]);
    fails_with(
        &w,
        &["inspect", "--model", "missing.json"],
        5,
        "missing.json: no such file or directory (os error 2)",
    );
}

#[test]
fn model_over_the_size_cap() {
    let w = Workdir::new();
    let good = model_bytes(&w);
    fails_with(
        &w,
        &[
            "inspect",
            "--model",
            "good.json",
            "--max-model-bytes",
            "100",
        ],
        4,
        &format!(
            "good.json: model file is {} bytes; expected at most 100 (raise --max-model-bytes)",
            good.len()
        ),
    );
}

#[test]
fn article_empty_binary_and_no_country() {
    let w = Workdir::new();
    for f in [
        "article_empty.txt",
        "article_binary.txt",
        "article_no_country.txt",
    ] {
        with_fixture(&w, f);
    }
    fails_with(
        &w,
        &["predict", "article_empty.txt"],
        3,
        "article_empty.txt: empty article; expected text to analyze",
    );
    fails_with(
        &w,
        &["predict", "article_binary.txt"],
        3,
        "article_binary.txt:1:2: NUL byte at byte offset 1, so this looks like a binary file; expected plain UTF-8 text",
    );
    w.write("latin1.txt", b"Caf\xe9 talk\nsecond line \xff\n");
    fails_with(
        &w,
        &["predict", "latin1.txt"],
        3,
        "latin1.txt:1:4: invalid UTF-8 at byte offset 3; expected UTF-8 text",
    );
    // No country: not an error, no rows, a note in the summary.
    let out = w
        .cmd(&["predict", "article_no_country.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "article,date,url,title,country,country_code,topic,stance,confidence,evidence_count,evidence,evidence_start,evidence_end,article_topics\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "read 1 article: 0 with 0 country-topic rows, 1 naming no country with a topic, 0 rejected\n"
    );
}

#[test]
fn article_over_the_size_cap() {
    let w = Workdir::new();
    // One 100 MB line: refused after reading 32 MiB + 1 bytes.
    let line = "China supports the plan. ".repeat(4 << 20);
    w.write("huge.txt", line.as_bytes());
    fails_with(
        &w,
        &["predict", "huge.txt"],
        3,
        "huge.txt: article is larger than 33554432 bytes; expected at most that (raise --max-article-bytes)",
    );
    fails_with(
        &w,
        &["predict", "--max-article-bytes", "1000", "huge.txt"],
        3,
        "huge.txt: article is larger than 1000 bytes; expected at most that (raise --max-article-bytes)",
    );
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    with_fixture(&w, "train.csv");
    fails_with(
        &w,
        &[
            "train",
            "--data",
            "train.csv",
            "--model",
            "m.json",
            "--word-ngrams",
            "2,1",
        ],
        2,
        "invalid parameter word-ngrams = 2,1: MIN,MAX with MIN <= MAX, e.g. 1,2",
    );
    let (code, err) = w.fails(&["train", "--bogus"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn cli_help_has_an_example() {
    let w = Workdir::new();
    for sub in ["train", "predict", "evaluate", "inspect"] {
        let out = w.ok(&[sub, "--help"]);
        assert!(
            out.contains("Example"),
            "{sub} --help has no example:\n{out}"
        );
        assert!(out.contains(&format!("stancekit {sub} ")), "{sub}: {out}");
    }
}

#[test]
fn cli_quiet_prints_nothing_on_success() {
    let w = Workdir::new();
    with_fixture(&w, "train.csv");
    let runs: [&[&str]; 3] = [
        &[
            "train",
            "--data",
            "train.csv",
            "--model",
            "m.json",
            "--quiet",
        ],
        &[
            "predict",
            "--model",
            "m.json",
            "--data",
            "train.csv",
            "--quiet",
            "-o",
            "out.csv",
        ],
        &["predict", "--quiet", "-o", "a.csv", "train.csv"],
    ];
    for args in runs {
        let out = w.cmd(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{args:?}");
    }
}
