//! What the modes of `predict` share with each other and with the other
//! subcommands: loading a model ([`load_model`]), the input limits
//! ([`limits`], [`MAX_ARTICLE_BYTES`]) and the `--format` values.

use std::path::Path;

use crate::data::{Format, Limits};
use crate::error::Result;
use crate::model::{persist, Model, Task};

/// Largest article read from a file or stdin, in bytes.
pub const MAX_ARTICLE_BYTES: usize = 32 << 20;

/// Load `path` (refusing files over `max_bytes`, default
/// [`persist::MAX_MODEL_BYTES`]), or the embedded default model for `task`
/// when `path` is None.
pub fn load_model(
    path: Option<&Path>,
    task: Option<Task>,
    max_bytes: Option<u64>,
) -> Result<Model> {
    match path {
        Some(p) => persist::load_with_limit(p, max_bytes.unwrap_or(persist::MAX_MODEL_BYTES)),
        None => crate::model::defaults::load(task.unwrap_or(Task::Stance)),
    }
}

/// Input limits from the command-line overrides.
pub fn limits(max_field_bytes: Option<usize>, max_line_bytes: Option<usize>) -> Limits {
    let mut limits = Limits::default();
    if let Some(m) = max_field_bytes {
        limits.max_field_bytes = m;
    }
    if let Some(m) = max_line_bytes {
        limits.max_line_bytes = m;
    }
    limits
}

/// A `--format` / `--input-format` value as a [`Format`] (None when not
/// given).
pub fn parse_format(s: Option<&str>) -> Option<Format> {
    s.map(|f| {
        if f == "jsonl" {
            Format::Jsonl
        } else {
            Format::Csv
        }
    })
}
