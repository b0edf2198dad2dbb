//! The model file: one self-describing JSON document.
//!
//! ```text
//! {"format":"stancekit-model","format_version":1,"crate_version":"0.1.0",
//!  "sha256":"<hex of the model text>","model":{...}}
//! ```
//!
//! Loading checks, in order: the file is not empty and is JSON (else
//! "not a stancekit model"), it is complete (else "truncated"), the format
//! tag (fastText's magic number), the version against
//! `OLDEST_FORMAT_VERSION..=FORMAT_VERSION` (tantivy's rule), and the
//! SHA-256 of the `model` text (else "corrupted"). Loading only parses data:
//! nothing in the file is executed, unlike a pickle. Saving writes a
//! temporary file beside the target and renames it over, so a crash while
//! saving leaves the previous model intact.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::Model;

/// The format tag every model file starts with.
pub const FORMAT: &str = "stancekit-model";
/// The format version this build writes.
pub const FORMAT_VERSION: u32 = 1;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Largest model file this build loads, in bytes (overridable with
/// [`load_with_limit`]).
pub const MAX_MODEL_BYTES: u64 = 2 << 30;

/// The envelope's fields before the model, which [`to_bytes`] appends
/// as the last field.
#[derive(Serialize)]
struct EnvelopeHead {
    format: &'static str,
    format_version: u32,
    crate_version: &'static str,
    sha256: String,
}

/// The whole envelope, read in one pass (the model text is only
/// delimited, not parsed, until its checksum is known).
#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    format: Option<String>,
    format_version: Option<u32>,
    crate_version: Option<String>,
    /// Any JSON value, so a wrong type is reported as a damaged field.
    sha256: Option<serde_json::Value>,
    #[serde(borrow)]
    model: Option<&'a serde_json::value::RawValue>,
}

/// Serialize a model to the bytes of a model file.
pub fn to_bytes(model: &Model) -> Result<Vec<u8>> {
    let failed = |e: serde_json::Error| Error::Other(format!("cannot serialize model: {e}"));
    let text = serde_json::to_string(model).map_err(failed)?;
    let head = serde_json::to_string(&EnvelopeHead {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        crate_version: env!("CARGO_PKG_VERSION"),
        sha256: hex_sha256(text.as_bytes()),
    })
    .map_err(failed)?;
    // `{"format":...,"sha256":"..."}` becomes `{...,"model":<text>}`: the
    // model text is copied once, and not parsed again to check it.
    let head = head.strip_suffix('}').expect("a JSON object");
    let mut out = Vec::with_capacity(head.len() + text.len() + 12);
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(b",\"model\":");
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(b"}\n");
    Ok(out)
}

/// Save a model atomically (see [`write_atomic`]), readable by all.
pub fn save(model: &Model, path: &Path) -> Result<()> {
    let bytes = to_bytes(model)?;
    write_atomic(path, &bytes)
}

/// Where a file output really goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// An existing file that is not a regular file (a device such as
    /// `/dev/null`, a FIFO, a socket): written in place. Renaming a
    /// temporary file over it would replace the device with a plain file,
    /// which on a shared machine breaks every later program that writes to
    /// `/dev/null` and reads it back as empty.
    InPlace(PathBuf),
    /// A regular file or a new path: written to a temporary file beside it
    /// and renamed into place. A symbolic link is followed, so the link
    /// stays and the file it points to is replaced.
    Atomic(PathBuf),
}

/// Decide how to write `path` (see [`Destination`]). A directory is an
/// error, since a file path was expected.
pub fn destination(path: &Path) -> Result<Destination> {
    let mut target = path.to_path_buf();
    // Follow a chain of links by hand so that a dangling link (whose
    // target does not exist yet) is also kept and its target created.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&target).map_err(|e| Error::io(&target, e))?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(m) if m.is_dir() => {
                return Err(Error::io(
                    path,
                    std::io::Error::other("is a directory; expected a file path"),
                ))
            }
            Ok(m) if m.is_file() => return Ok(Destination::Atomic(target)),
            Ok(_) => return Ok(Destination::InPlace(target)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Destination::Atomic(target))
            }
            Err(e) => return Err(Error::io(&target, e)),
        }
    }
    Err(Error::io(
        path,
        std::io::Error::other("too many levels of symbolic links"),
    ))
}

/// Open an [`Destination::InPlace`] path for writing, as it is (a device
/// or FIFO: nothing to create or truncate).
pub fn open_in_place(path: &Path) -> Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))
}

/// Write bytes to `path` atomically (temporary file in the same directory,
/// fsync, rename). The previous file stays intact if anything fails.
/// Devices and FIFOs are written in place (see [`Destination`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let path = match destination(path)? {
        Destination::InPlace(p) => {
            return open_in_place(&p)?
                .write_all(bytes)
                .map_err(|e| Error::io(&p, e));
        }
        Destination::Atomic(p) => p,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".stancekit-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    set_readable(tmp.as_file());
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    Ok(())
}

/// Give a file written through a temporary file the usual permissions
/// (tempfile creates 0600): readable by all, writable by the owner.
pub fn set_readable(f: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = f.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = f;
}

/// Load a model file.
pub fn load(path: &Path) -> Result<Model> {
    load_with_limit(path, MAX_MODEL_BYTES)
}

/// Load a model file, refusing files larger than `max_bytes`.
pub fn load_with_limit(path: &Path, max_bytes: u64) -> Result<Model> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > max_bytes {
        return Err(Error::model(
            &name,
            format!(
                "model file is {} bytes; expected at most {max_bytes} (raise --max-model-bytes)",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    from_bytes(&name, &bytes)
}

/// Parse and check the bytes of a model file; `name` is used in messages.
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Model> {
    if let Some(model) = from_bytes_fast(bytes) {
        return Ok(model);
    }
    let err = |m: String| Error::model(name, m);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(
            "empty file; expected a stancekit model (JSON starting with {\"format\":\"stancekit-model\"...)".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        err(format!(
            "not a stancekit model: invalid UTF-8 at byte offset {}; expected a JSON model written by `stancekit train`",
            e.valid_up_to()
        ))
    })?;
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        return Err(err(
            "not a stancekit model: the file is not a JSON object; expected a model written by `stancekit train`".into(),
        ));
    }
    let header: EnvelopeIn<'_> = match serde_json::from_str(text) {
        Ok(h) => h,
        Err(e) if e.is_eof() || at_end(text, &e) => {
            return Err(err(format!(
                "truncated model file (ends at byte {}); expected a complete model, retrain or copy it again",
                bytes.len()
            )))
        }
        Err(e) => {
            return Err(err(format!(
                "not a stancekit model: invalid JSON at line {} column {}; expected a model written by `stancekit train`",
                e.line(),
                e.column()
            )))
        }
    };
    match header.format.as_deref() {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(err(format!(
                "not a stancekit model: format is \"{other}\"; expected \"{FORMAT}\""
            )))
        }
        None => {
            return Err(err(format!(
                "not a stancekit model: no \"format\" field; expected \"{FORMAT}\""
            )))
        }
    }
    let version = header
        .format_version
        .ok_or_else(|| err("model file has no format_version; expected an integer".into()))?;
    if version > FORMAT_VERSION {
        return Err(err(format!(
            "model format version {version} is newer than this build (written by stancekit {}); expected format version {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}, upgrade stancekit",
            header.crate_version.as_deref().unwrap_or("unknown")
        )));
    }
    if version < OLDEST_FORMAT_VERSION {
        return Err(err(format!(
            "model format version {version} is too old for this build; expected format version {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}, retrain"
        )));
    }
    let damaged = |what: &str| {
        err(format!(
            "damaged model file ({what}); expected sha256 and model fields"
        ))
    };
    let sha256 = match header.sha256 {
        Some(serde_json::Value::String(h)) => h,
        Some(_) => return Err(damaged("sha256 is not a string")),
        None => return Err(damaged("missing field `sha256`")),
    };
    let raw = header
        .model
        .ok_or_else(|| damaged("missing field `model`"))?;
    // Checksum and parse side by side; the parsed model is dropped when the
    // checksum does not match.
    let (actual, parsed) = rayon::join(
        || hex_sha256(raw.get().as_bytes()),
        || serde_json::from_str::<Model>(raw.get()),
    );
    if actual != sha256 {
        return Err(err(format!(
            "corrupted model file: checksum {actual} does not match the recorded {sha256}; retrain or copy it again"
        )));
    }
    let mut model = parsed.map_err(|e| err(format!("damaged model contents ({e}); retrain")))?;
    model.features.finish_load()?;
    Ok(model)
}

/// The model of a file exactly as [`to_bytes`] writes it (envelope fields
/// in order, `model` last) whose checksum matches, or `None` for anything
/// else, which [`from_bytes`] then checks step by step. It skips the pass
/// that only delimits the model text and parses the large coefficient
/// array in parallel ([`parse_model`]).
fn from_bytes_fast(bytes: &[u8]) -> Option<Model> {
    const KEY: &str = ",\"model\":";
    let text = std::str::from_utf8(bytes).ok()?;
    let at = text.find(KEY)?;
    let head = format!("{}}}", &text[..at]);
    let header: EnvelopeIn<'_> = serde_json::from_str(&head).ok()?;
    let version = header.format_version?;
    if header.format.as_deref() != Some(FORMAT)
        || !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&version)
        || header.model.is_some()
    {
        return None;
    }
    let Some(serde_json::Value::String(sha256)) = header.sha256 else {
        return None;
    };
    let raw = text[at + KEY.len()..].trim_end().strip_suffix('}')?;
    let (actual, parsed) = rayon::join(|| hex_sha256(raw.as_bytes()), || parse_model(raw));
    if actual != sha256 {
        return None;
    }
    let mut model = parsed.ok()?;
    model.features.finish_load().ok()?;
    Some(model)
}

/// Where [`parse_model`] finds the weights object of a model's text. (At
/// module level: the `{` inside would throw off tools that measure a
/// function by counting its braces.)
const WEIGHTS: &str = "\"weights\":{\"n_features\":";
/// The coefficient array inside it.
const COEF: &str = "\"coef\":[";

/// Parses a model's text, reading the numbers of its `weights.coef` array
/// (most of a large model) in parallel chunks beside the rest. Rust's float
/// parsing and serde_json's (with `float_roundtrip`) both round correctly,
/// so the values are the same as a plain parse; anything unexpected falls
/// back to one.
fn parse_model(raw: &str) -> serde_json::Result<Model> {
    let span = raw.find(WEIGHTS).and_then(|w| {
        let start = w + raw[w..].find(COEF)? + COEF.len();
        let end = start + raw[start..].find(']')?;
        Some((start, end))
    });
    let Some((start, end)) = span else {
        return serde_json::from_str(raw);
    };
    let rest = format!("{}{}", &raw[..start], &raw[end..]);
    let (model, coef) = rayon::join(
        || serde_json::from_str::<Model>(&rest),
        || parse_floats(&raw[start..end]),
    );
    match (model, coef) {
        (Ok(mut m), Some(coef))
            if m.multi_label.is_none()
                && m.weights.coef.is_empty()
                && coef.len() == m.weights.n_outputs() * m.weights.n_features =>
        {
            m.weights.coef = coef;
            Ok(m)
        }
        _ => serde_json::from_str(raw),
    }
}

/// Comma-separated JSON numbers, parsed in parallel chunks; `None` if any
/// is not a finite number.
fn parse_floats(text: &str) -> Option<Vec<f64>> {
    use rayon::prelude::*;
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    const CHUNK: usize = 1 << 20;
    let mut cuts = vec![0];
    while let Some(&last) = cuts.last() {
        if last + CHUNK >= text.len() {
            break;
        }
        match text[last + CHUNK..].find(',') {
            Some(i) => cuts.push(last + CHUNK + i + 1),
            None => break,
        }
    }
    cuts.push(text.len() + 1);
    // Parsed straight into their place: no second copy of the array.
    let bytes = text.as_bytes();
    let lens: Vec<usize> = cuts
        .windows(2)
        .map(|w| bytes[w[0]..w[1] - 1].iter().filter(|&&b| b == b',').count() + 1)
        .collect();
    let mut out = vec![0f64; lens.iter().sum()];
    let mut parts = Vec::with_capacity(lens.len());
    let mut rest = out.as_mut_slice();
    for (w, &n) in cuts.windows(2).zip(&lens) {
        let (part, tail) = rest.split_at_mut(n);
        parts.push((&bytes[w[0]..w[1] - 1], part));
        rest = tail;
    }
    let ok = parts.into_par_iter().all(|(chunk, part)| {
        for (x, slot) in chunk.split(|&b| b == b',').zip(part) {
            match json_number(x) {
                Some(v) => *slot = v,
                None => return false,
            }
        }
        true
    });
    ok.then_some(out)
}

/// A JSON number as `f64` (Rust's parser also takes forms JSON does not,
/// such as `+1`, `.5`, `1.`, `01` or `inf`: those are refused).
fn json_number(b: &[u8]) -> Option<f64> {
    let b = b.trim_ascii();
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let ok = digits.first().is_some_and(u8::is_ascii_digit)
        && b.last().is_some_and(u8::is_ascii_digit)
        && !(digits[0] == b'0' && digits.get(1).is_some_and(u8::is_ascii_digit))
        && b.iter()
            .all(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'));
    if !ok {
        return None;
    }
    // All ASCII, checked above.
    let x = std::str::from_utf8(b).ok()?;
    x.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// True when a JSON error points at the last byte of `text` (a number or
/// literal cut short reads as "invalid" rather than "EOF").
fn at_end(text: &str, e: &serde_json::Error) -> bool {
    let trimmed = text.trim_end();
    let lines = trimmed.split('\n').count();
    let last = trimmed.rsplit('\n').next().map_or(0, str::len);
    e.line() == lines && e.column() >= last
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn hex_sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_keeps_devices_links_and_refuses_directories() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.csv");
        // New path and existing regular file: written atomically.
        assert_eq!(
            destination(&file).unwrap(),
            Destination::Atomic(file.clone())
        );
        std::fs::write(&file, "old").unwrap();
        assert_eq!(
            destination(&file).unwrap(),
            Destination::Atomic(file.clone())
        );
        // A device is written in place (only its metadata is read here).
        #[cfg(unix)]
        assert_eq!(
            destination(Path::new("/dev/null")).unwrap(),
            Destination::InPlace(PathBuf::from("/dev/null"))
        );
        // A directory is an error naming the path.
        let err = destination(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("is a directory; expected a file path"),
            "{err}"
        );
        #[cfg(unix)]
        {
            // Links are followed, also dangling ones, relative to the link.
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink("out.csv", &link).unwrap();
            assert_eq!(
                destination(&link).unwrap(),
                Destination::Atomic(file.clone())
            );
            let dangling = dir.path().join("dangling.csv");
            std::os::unix::fs::symlink("sub/../new.csv", &dangling).unwrap();
            assert_eq!(
                destination(&dangling).unwrap(),
                Destination::Atomic(dir.path().join("sub/../new.csv"))
            );
            // A loop ends with an error instead of spinning.
            let a = dir.path().join("a");
            let b = dir.path().join("b");
            std::os::unix::fs::symlink("b", &a).unwrap();
            std::os::unix::fs::symlink("a", &b).unwrap();
            let err = destination(&a).unwrap_err().to_string();
            assert!(err.contains("too many levels of symbolic links"), "{err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_through_a_link_replaces_the_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("real.json");
        let link = dir.path().join("m.json");
        std::fs::write(&file, "old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            // tempfile's 0600 would hide a saved model from other users.
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }

    fn load_err(text: &str) -> String {
        from_bytes("m.json", text.as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn envelope_fields_are_checked_in_order() {
        let head = r#"{"format":"stancekit-model","format_version":1"#;
        assert_eq!(
            load_err(&format!(r#"{head},"model":{{}}}}"#)),
            "m.json: damaged model file (missing field `sha256`); expected sha256 and model fields"
        );
        assert_eq!(
            load_err(&format!(r#"{head},"sha256":5,"model":{{}}}}"#)),
            "m.json: damaged model file (sha256 is not a string); expected sha256 and model fields"
        );
        assert_eq!(
            load_err(&format!(r#"{head},"sha256":"ab"}}"#)),
            "m.json: damaged model file (missing field `model`); expected sha256 and model fields"
        );
        let sum = hex_sha256(b"{}");
        assert!(
            load_err(&format!(r#"{head},"sha256":"ab","model":{{}}}}"#)).starts_with(&format!(
                "m.json: corrupted model file: checksum {sum} does not match the recorded ab"
            ))
        );
        assert!(
            load_err(&format!(r#"{head},"sha256":"{sum}","model":{{}}}}"#))
                .starts_with("m.json: damaged model contents (missing field")
        );
        // The format is checked before the fields.
        assert_eq!(
            load_err(r#"{"format":"other","sha256":5}"#),
            "m.json: not a stancekit model: format is \"other\"; expected \"stancekit-model\""
        );
    }

    fn small_model() -> Model {
        use crate::data::{Row, Table};
        use crate::features::pipeline::{FeatureConfig, TargetMode};
        use crate::model::train::{self, stance_chars, stance_words, SolverKind, TrainOptions};
        use crate::model::{Columns, Task};
        let rows = [
            ("we back the plan", "FAVOR"),
            ("they reject the plan", "AGAINST"),
            ("strong support for it", "FAVOR"),
            ("a disaster of a plan", "AGAINST"),
            ("the plan was discussed", "NONE"),
            ("talks went on today", "NONE"),
        ];
        let table = Table {
            path: "t.csv".into(),
            headers: vec!["text".into(), "label".into()],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (t, l))| Row {
                    line: i as u64 + 2,
                    number: i as u64 + 1,
                    values: vec![t.to_string(), l.to_string()],
                })
                .collect(),
            sha256: String::new(),
        };
        let opts = TrainOptions {
            columns: Columns {
                text: "text".into(),
                label: "label".into(),
                target: None,
                holder: None,
            },
            task: Task::Stance,
            features: FeatureConfig {
                vectorizers: vec![stance_words(), stance_chars()],
                target_mode: TargetMode::Ignore,
                entity: None,
                email: crate::text::email::EmailStrip::NONE,
                hashtags: false,
            },
            solver: SolverKind::Sparse,
            params: Default::default(),
            topics: Vec::new(),
        };
        train::train(&table, &opts, None).unwrap()
    }

    #[test]
    fn fast_load_matches_a_plain_parse() {
        let m = small_model();
        let bytes = to_bytes(&m).unwrap();
        let fast = from_bytes_fast(&bytes).expect("the fast path takes a file as written");
        let text = std::str::from_utf8(&bytes).unwrap();
        let env: EnvelopeIn<'_> = serde_json::from_str(text).unwrap();
        let mut plain: Model = serde_json::from_str(env.model.unwrap().get()).unwrap();
        plain.features.finish_load().unwrap();
        assert_eq!(fast.weights, plain.weights);
        assert_eq!(fast.weights.coef.len(), 3 * m.weights.n_features);
        assert_eq!(to_bytes(&fast).unwrap(), bytes);
        // A changed digit in the weights fails the checksum: the step by
        // step path then names the problem.
        let at = text.find("\"coef\":[").unwrap() + 9;
        let digit = at
            + text[at..]
                .find(|c: char| c.is_ascii_digit() && c != '0')
                .unwrap();
        let mut bad = bytes.clone();
        bad[digit] = if bad[digit] == b'9' { b'8' } else { b'9' };
        assert!(from_bytes_fast(&bad).is_none());
        assert!(from_bytes("m.json", &bad)
            .unwrap_err()
            .to_string()
            .starts_with("m.json: corrupted model file: checksum"));
        // Truncated: not taken by the fast path either.
        assert!(from_bytes_fast(&bytes[..bytes.len() - 3]).is_none());
    }

    #[test]
    fn floats_parse_as_json_numbers_only() {
        assert_eq!(
            parse_floats("-0.5,1e-7,2,0.25,-3E+2"),
            Some(vec![-0.5, 1e-7, 2.0, 0.25, -300.0])
        );
        assert_eq!(parse_floats(""), Some(vec![]));
        for bad in [
            "+1", ".5", "1.", "01", "inf", "NaN", "1,,2", "null", "1e999",
        ] {
            assert_eq!(parse_floats(bad), None, "{bad}");
        }
        // Chunks are cut at commas: many numbers come back in order.
        let many: Vec<f64> = (0..300_000).map(|i| f64::from(i) * 0.1 - 7.3).collect();
        let text = many
            .iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(text.len() > 2 << 20);
        assert_eq!(parse_floats(&text), Some(many));
    }
}
