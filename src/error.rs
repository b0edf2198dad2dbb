//! One error type for the library. Messages are lowercase and say what was
//! found and what was expected; input errors name their place as
//! `path:line[:column]: problem; expected ...` (ripgrep's form).

use std::path::PathBuf;

/// Every failure the library reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input data at a known place (file, line, optional column).
    #[error("{}: {message}", place(.path, *.line, .column))]
    Input {
        /// File name as the user gave it (`<stdin>` for standard input).
        path: String,
        /// 1-based line number, when known.
        line: Option<u64>,
        /// 1-based column (CSV field) or byte offset, when known.
        column: Option<String>,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A model file that cannot be used.
    #[error("{path}: {message}")]
    Model {
        /// The model file.
        path: String,
        /// What is wrong, and what to do.
        message: String,
    },
    /// An invalid parameter value.
    #[error("invalid parameter {name} = {value}: {expected}")]
    Param {
        /// Parameter name (as on the command line or in sklearn).
        name: &'static str,
        /// The value given.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// An I/O error on a named file.
    #[error("{}: {}", .path.display(), lower_first(&.source.to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An error reported by linfa (needed for its `Fit` trait).
    #[error("linfa: {0}")]
    Linfa(#[from] linfa::Error),
    /// Anything else, with a complete message.
    #[error("{0}")]
    Other(String),
}

/// The OS message with its first letter lowercased ("No such file..." ->
/// "no such file...").
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn place(path: &str, line: Option<u64>, column: &Option<String>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        (Some(l), None) => format!("{path}:{l}"),
        (None, Some(c)) => format!("{path}: {c}"),
        (None, None) => path.to_string(),
    }
}

impl Error {
    /// An input error at `path:line`.
    pub fn input(path: impl Into<String>, line: Option<u64>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line,
            column: None,
            message: message.into(),
        }
    }

    /// An input error at `path:line:column`.
    pub fn input_at(
        path: impl Into<String>,
        line: Option<u64>,
        column: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            path: path.into(),
            line,
            column: Some(column.into()),
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A model-file error.
    pub fn model(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Model {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Exit status for this error: 2 for usage and parameter errors, 3 for
    /// bad input data, 4 for unusable model files, 5 for I/O failures, 1
    /// for anything else (including `predict --on-error skip` finishing
    /// with rejected rows). Clap's own usage errors also exit with 2.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Param { .. } => 2,
            Error::Input { .. } => 3,
            Error::Model { .. } => 4,
            Error::Io { .. } => 5,
            Error::Linfa(_) | Error::Other(_) => 1,
        }
    }
}

/// Result alias used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_error_names_place() {
        let e = Error::input_at("a.csv", Some(3), "column 2", "bad");
        assert_eq!(e.to_string(), "a.csv:3:column 2: bad");
        let e = Error::input("a.csv", Some(3), "bad");
        assert_eq!(e.to_string(), "a.csv:3: bad");
    }

    #[test]
    fn io_error_is_lowercase() {
        let e = Error::io(
            "m.json",
            std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"),
        );
        assert_eq!(e.to_string(), "m.json: no such file");
        assert_eq!(e.exit_code(), 5);
    }
}
