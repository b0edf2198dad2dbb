//! Test helpers: a fresh work directory per test and a runner for the real
//! binary (xsv's `Workdir`, ripgrep's `TestCommand`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary directory that runs `stancekit` inside it.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("read output")
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_stancekit"));
        c.current_dir(self.dir.path()).args(args);
        c
    }

    /// Run and require success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run stancekit");
        assert!(
            out.status.success(),
            "stancekit {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Run and require failure; returns (exit code, stderr).
    pub fn fails(&self, args: &[&str]) -> (i32, String) {
        let out: Output = self.cmd(args).output().expect("run stancekit");
        assert!(
            !out.status.success(),
            "stancekit {args:?} should have failed; stdout:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert!(!err.contains("panicked"), "panic in stderr: {err}");
        assert!(
            !err.contains("RUST_BACKTRACE"),
            "backtrace hint in stderr: {err}"
        );
        (out.status.code().unwrap_or(-1), err)
    }
}

/// `stancekit train` arguments of the embedded stance model's recipe
/// (models/retrain.sh): `data` in, `model` out.
pub fn default_stance_recipe(data: &str, model: &str) -> Vec<String> {
    let topics = repo().join("datasets/stance/inventory.tsv");
    [
        "train",
        "--data",
        data,
        "--text",
        "text",
        "--holder",
        "holder",
        "--target",
        "target",
        "--label",
        "stance",
        "--topics",
        topics.to_str().unwrap(),
        "--max-features",
        "9000",
        "--c",
        "30",
        "--holder-roles",
        "--no-name-pairs",
        "--model",
        model,
        "--quiet",
    ]
    .map(String::from)
    .to_vec()
}

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/datasets/<name>` if present; otherwise prints a notice and
/// returns None so the calling test can skip.
pub fn shared_dataset(name: &str) -> Option<PathBuf> {
    let p = repo().join("..").join("shared").join("datasets").join(name);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "notice: skipping: {} not found (shared datasets absent)",
            p.display()
        );
        None
    }
}
