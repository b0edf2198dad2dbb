//! `predict --emit-text DIR`: the text each article was labeled on (for an
//! HTML page or WARC record, the text extracted from it), one file per
//! article, so that evidence offsets can be looked up.
//!
//! File names come from the article id ([`file_name`]): ASCII letters,
//! digits, `-`, `_` and `.` are kept, every other byte is written `%XX`
//! (a leading `.` too, so no name is hidden or `..`); a name longer than
//! 200 bytes is cut to 183 and ends in `-` and 16 hex digits of the id's
//! SHA-256; `.txt` is added. A second article with the same name in a run
//! gets `~2` (then `~3`, ...) before `.txt`.

use std::collections::HashSet;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Writes the texts of a run into a directory.
pub struct EmitText {
    dir: PathBuf,
    used: HashSet<String>,
}

impl EmitText {
    /// Texts written into `dir` (made when missing).
    pub fn new(dir: &str) -> Result<EmitText> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(EmitText {
            dir: PathBuf::from(dir),
            used: HashSet::new(),
        })
    }

    /// Write the text of article `id`.
    pub fn write(&mut self, id: &str, text: &str) -> Result<()> {
        let base = file_name(id);
        let mut name = format!("{base}.txt");
        let mut n = 1;
        while !self.used.insert(name.clone()) {
            n += 1;
            name = format!("{base}~{n}.txt");
        }
        let path = self.dir.join(&name);
        std::fs::write(&path, text).map_err(|e| Error::io(path.display().to_string(), e))
    }
}

/// The file name (without `.txt`) of article `id`; see the module docs.
pub fn file_name(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for (i, &b) in id.as_bytes().iter().enumerate() {
        let keep = b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    if out.len() > 200 {
        let hash = Sha256::digest(id.as_bytes());
        let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        out.truncate(183);
        out.push('-');
        out.push_str(&hex);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(
            file_name("https://ex.org/a b?q=1"),
            "https%3A%2F%2Fex.org%2Fa%20b%3Fq%3D1"
        );
        assert_eq!(file_name(".."), "%2E.");
        assert_eq!(file_name(""), "_");
        let long = file_name(&"x".repeat(300));
        assert_eq!(long.len(), 200);
        assert!(long.starts_with(&"x".repeat(183)));
        assert_ne!(long, file_name(&"x".repeat(301)));
    }

    #[test]
    fn repeated_names_get_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let mut e = EmitText::new(dir.path().to_str().unwrap()).unwrap();
        e.write("a/b", "one").unwrap();
        e.write("a/b", "two").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a%2Fb.txt")).unwrap(),
            "one"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a%2Fb~2.txt")).unwrap(),
            "two"
        );
    }
}
