//! Reading labeled and unlabeled rows from CSV or JSON Lines, keeping the
//! file name and line of every row so that errors can point at it.
//!
//! Rows are streamed: [`RowReader`] yields one [`Row`] at a time, so predict
//! runs over archives larger than memory. Every problem is reported as
//! `path:line[:column]: problem; expected ...`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// Input format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl Format {
    /// Guess the format from a file name (before `.gz` / `.zst`):
    /// `.jsonl`/`.ndjson` are JSON Lines, anything else CSV.
    pub fn from_path(path: &str) -> Format {
        let lower = crate::input::decompress::strip_suffix(path).to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            Format::Jsonl
        } else {
            Format::Csv
        }
    }
}

/// Caps that keep hostile input from exhausting memory. Each is overridable
/// on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest field (CSV) or value (JSONL) in bytes. Defaults to 8 MiB.
    pub max_field_bytes: usize,
    /// Largest JSON Lines line in bytes. Defaults to 16 MiB.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_field_bytes: 8 << 20,
            max_line_bytes: 16 << 20,
        }
    }
}

/// One input row: its values in header order and the line it started on.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based line number where the row starts.
    pub line: u64,
    /// 1-based row number (header excluded).
    pub number: u64,
    /// Values in header order.
    pub values: Vec<String>,
}

/// A row that was read but cannot be used (ragged, invalid UTF-8, NUL
/// byte, oversized field, broken JSON line). The reader has moved past it,
/// so a caller that skips bad rows can go on with the next one.
#[derive(Debug)]
pub struct BadRow {
    /// 1-based line number where the row starts.
    pub line: u64,
    /// 1-based row number (header excluded; bad rows are counted too).
    pub number: u64,
    /// What is wrong with it, with its place.
    pub error: Error,
}

/// The display name of an input path (`<stdin>` for `-`).
pub fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_string()
    } else {
        path.to_string()
    }
}

/// Open `path` for reading (`-` is standard input), decompressed when it
/// is gzip or zstd ([`crate::input::decompress`]).
pub fn open_input(path: &str) -> Result<Box<dyn Read + Send>> {
    let raw: Box<dyn Read + Send> = if path == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(Path::new(path)).map_err(|e| Error::io(path, e))?)
    };
    crate::input::decompress::decompressed(raw).map_err(|e| Error::io(display_name(path), e))
}

/// Counts the bytes read so far, shared with the [`RowReader`] that owns
/// the reader, for progress reporting.
struct ByteCounter<R> {
    inner: R,
    bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for ByteCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Follows CSV quoting as bytes pass, so an unterminated quoted field
/// (which the csv crate silently runs to end of file) can be detected:
/// at end of input the state is still "inside quotes".
struct QuoteCounter<R> {
    inner: R,
    state: QuoteState,
    eof: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl<R> QuoteCounter<R> {
    fn new(inner: R) -> Self {
        QuoteCounter {
            inner,
            state: QuoteState::FieldStart,
            eof: false,
        }
    }

    /// True once all input was read and a quoted field was left open.
    fn unterminated(&self) -> bool {
        self.eof && self.state == QuoteState::Quoted
    }
}

impl<R: Read> Read for QuoteCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof = true;
        }
        self.state = quote_state(self.state, &buf[..n]);
        Ok(n)
    }
}

/// A CSV separator byte: it ends an unquoted field.
fn is_csv_sep(b: u8) -> bool {
    matches!(b, b',' | b'\n' | b'\r')
}

/// The quoting state after `bytes`, from `state` before them: byte by
/// byte, as [`quote_state_bytewise`] (kept for the tests), but jumping
/// from quote to quote, since between quotes only the last byte matters.
/// Every input byte passes through here, and most are not quotes.
fn quote_state(mut state: QuoteState, bytes: &[u8]) -> QuoteState {
    use QuoteState::*;
    let mut i = 0;
    while i < bytes.len() {
        match state {
            QuoteInQuoted => {
                let b = bytes[i];
                state = match b {
                    b'"' => Quoted,
                    _ if is_csv_sep(b) => FieldStart,
                    _ => Unquoted,
                };
                i += 1;
            }
            Quoted => match memchr::memchr(b'"', &bytes[i..]) {
                Some(j) => {
                    state = QuoteInQuoted;
                    i += j + 1;
                }
                None => i = bytes.len(),
            },
            FieldStart | Unquoted => {
                let rest = &bytes[i..];
                let (before, next) = match memchr::memchr(b'"', rest) {
                    Some(j) => (&rest[..j], Some(i + j + 1)),
                    None => (rest, None),
                };
                // The byte before the quote (or the end) decides the state.
                if let Some(&last) = before.last() {
                    state = if is_csv_sep(last) {
                        FieldStart
                    } else {
                        Unquoted
                    };
                }
                match next {
                    Some(after) => {
                        // A quote opens a field only at its start.
                        if state == FieldStart {
                            state = Quoted;
                        }
                        i = after;
                    }
                    None => i = bytes.len(),
                }
            }
        }
    }
    state
}

/// [`quote_state`] one byte at a time: the definition it is tested against.
#[cfg(test)]
fn quote_state_bytewise(mut state: QuoteState, bytes: &[u8]) -> QuoteState {
    use QuoteState::*;
    for &b in bytes {
        state = match (state, b) {
            (FieldStart, b'"') => Quoted,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (QuoteInQuoted, b'"') => Quoted,
            (_, _) if is_csv_sep(b) => FieldStart,
            _ => Unquoted,
        };
    }
    state
}

enum Inner {
    Csv {
        reader: Box<csv::Reader<QuoteCounter<Box<dyn Read + Send>>>>,
        record: csv::ByteRecord,
    },
    Jsonl {
        reader: Box<dyn BufRead + Send>,
        line: u64,
        buf: Vec<u8>,
    },
}

/// A streaming reader of rows with a header.
pub struct RowReader {
    path: String,
    headers: Vec<String>,
    inner: Inner,
    limits: Limits,
    rows: u64,
    last_line: u64,
    done: bool,
    /// JSONL: the first row, read while discovering the header.
    pending: Option<Row>,
    /// Bytes taken from the input so far (read ahead by buffering).
    bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl RowReader {
    /// Open `path` (`-` for stdin) in the given format.
    pub fn open(path: &str, format: Format, limits: Limits) -> Result<RowReader> {
        let input = open_input(path)?;
        Self::from_reader(&display_name(path), input, format, limits)
    }

    /// Read rows from any reader; `name` is used in messages.
    pub fn from_reader(
        name: &str,
        input: Box<dyn Read + Send>,
        format: Format,
        limits: Limits,
    ) -> Result<RowReader> {
        let bytes = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let input: Box<dyn Read + Send> = Box::new(ByteCounter {
            inner: input,
            bytes: bytes.clone(),
        });
        let mut r = match format {
            Format::Csv => Self::open_csv(name, input, limits),
            Format::Jsonl => Self::open_jsonl(name, input, limits),
        }?;
        r.bytes = bytes;
        Ok(r)
    }

    /// Bytes read from the input so far. Input is buffered, so this runs
    /// ahead of the rows returned by up to one buffer (64 KiB).
    pub fn bytes_read(&self) -> u64 {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn open_csv(name: &str, input: Box<dyn Read + Send>, limits: Limits) -> Result<RowReader> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(QuoteCounter::new(input));
        let raw = reader
            .byte_headers()
            .map_err(|e| csv_error(name, e))?
            .clone();
        if raw.is_empty() || (raw.len() == 1 && raw[0].is_empty()) {
            return Err(Error::input(
                name,
                Some(1),
                "empty file; expected a header row naming the columns",
            ));
        }
        let mut headers = Vec::with_capacity(raw.len());
        for (i, h) in raw.iter().enumerate() {
            let h = std::str::from_utf8(h).map_err(|e| {
                Error::input_at(
                    name,
                    Some(1),
                    format!("byte {}", e.valid_up_to()),
                    "invalid UTF-8 in header; expected UTF-8 text",
                )
            })?;
            let h = h.trim().to_string();
            if let Some(j) = headers.iter().position(|x| x == &h) {
                return Err(Error::input_at(
                    name,
                    Some(1),
                    format!("{}", i + 1),
                    format!(
                        "duplicate column name \"{h}\" (also column {}); expected unique header names",
                        j + 1
                    ),
                ));
            }
            headers.push(h);
        }
        Ok(RowReader {
            path: name.to_string(),
            headers,
            inner: Inner::Csv {
                reader: Box::new(reader),
                record: csv::ByteRecord::new(),
            },
            limits,
            rows: 0,
            last_line: 1,
            done: false,
            pending: None,
            bytes: Default::default(),
        })
    }

    fn open_jsonl(name: &str, input: Box<dyn Read + Send>, limits: Limits) -> Result<RowReader> {
        let mut r = RowReader {
            path: name.to_string(),
            headers: Vec::new(),
            inner: Inner::Jsonl {
                reader: Box::new(BufReader::with_capacity(1 << 16, input)),
                line: 0,
                buf: Vec::new(),
            },
            limits,
            rows: 0,
            last_line: 1,
            done: false,
            pending: None,
            bytes: Default::default(),
        };
        // The header is the key list of the first object.
        match r.next_jsonl(true)? {
            Some(Ok(row)) => r.pending = Some(row),
            Some(Err(bad)) => return Err(bad.error),
            None => {
                return Err(Error::input(
                    name,
                    Some(1),
                    "empty file; expected one JSON object per line",
                ))
            }
        }
        Ok(r)
    }

    /// Column names in file order.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The display name of the input.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Index of column `name`, or an error listing the columns found.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                &self.path,
                Some(1),
                format!(
                    "missing column \"{name}\"; found {}",
                    if self.headers.is_empty() {
                        "no columns".to_string()
                    } else {
                        self.headers.join(", ")
                    }
                ),
            )
        })
    }

    /// The next row, `Ok(None)` at end of input. A bad row is an error,
    /// and reading stops there.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        match self.next_checked() {
            Ok(Some(Ok(r))) => Ok(Some(r)),
            Ok(Some(Err(bad))) => {
                self.done = true;
                Err(bad.error)
            }
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The next row or the next bad row, `Ok(None)` at end of input. A bad
    /// row ([`BadRow`]) leaves the reader ready for the row after it; an
    /// `Err` is fatal (I/O error, unterminated quote at end of file) and
    /// ends reading.
    pub fn next_checked(&mut self) -> Result<Option<std::result::Result<Row, BadRow>>> {
        if let Some(r) = self.pending.take() {
            return Ok(Some(Ok(r)));
        }
        if self.done {
            return Ok(None);
        }
        let out = match self.inner {
            Inner::Csv { .. } => self.next_csv(),
            Inner::Jsonl { .. } => self.next_jsonl(false),
        };
        if !matches!(out, Ok(Some(_))) {
            self.done = true;
        }
        out
    }

    fn bad(&mut self, line: u64, error: Error) -> Result<Option<std::result::Result<Row, BadRow>>> {
        self.rows += 1;
        Ok(Some(Err(BadRow {
            line,
            number: self.rows,
            error,
        })))
    }

    fn next_csv(&mut self) -> Result<Option<std::result::Result<Row, BadRow>>> {
        let Inner::Csv { reader, record } = &mut self.inner else {
            unreachable!()
        };
        let got = reader
            .read_byte_record(record)
            .map_err(|e| csv_error(&self.path, e))?;
        if !got {
            if reader.get_ref().unterminated() {
                return Err(unterminated_quote(&self.path, self.last_line));
            }
            return Ok(None);
        }
        let line = record.position().map_or(0, |p| p.line());
        let byte = record.position().map_or(0, |p| p.byte());
        self.last_line = line;
        // A quote left open runs to the end of the file as one field: say
        // so rather than "wrong number of fields" or a silently long field.
        if reader.get_ref().unterminated() {
            return Err(unterminated_quote(&self.path, line));
        }
        // A blank line between rows reads as one empty field: skip it.
        if record.len() == 1 && record[0].is_empty() && self.headers.len() > 1 {
            return self.next_csv();
        }
        if record.len() != self.headers.len() {
            let n = record.len();
            let e = Error::input(
                &self.path,
                Some(line),
                format!(
                    "row has {n} field{}; expected {} as in the header ({})",
                    if n == 1 { "" } else { "s" },
                    self.headers.len(),
                    self.headers.join(", ")
                ),
            );
            return self.bad(line, e);
        }
        let mut values = Vec::with_capacity(record.len());
        let mut problem = None;
        for (i, field) in record.iter().enumerate() {
            let col = || format!("{}", i + 1);
            if field.len() > self.limits.max_field_bytes {
                problem = Some(Error::input_at(
                    &self.path,
                    Some(line),
                    col(),
                    format!(
                        "field \"{}\" is {} bytes; expected at most {} (raise --max-field-bytes)",
                        self.headers[i],
                        field.len(),
                        self.limits.max_field_bytes
                    ),
                ));
                break;
            }
            let s = match std::str::from_utf8(field) {
                Ok(s) => s,
                Err(e) => {
                    // The field's bytes follow the row's start; quotes and
                    // earlier fields are not counted exactly, so the file
                    // offset is found by searching the raw bytes.
                    let offset = byte + field_offset(record, i) + e.valid_up_to() as u64;
                    problem = Some(Error::input_at(
                        &self.path,
                        Some(line),
                        col(),
                        format!(
                            "invalid UTF-8 in field \"{}\" near byte offset {offset}; expected UTF-8 text",
                            self.headers[i]
                        ),
                    ));
                    break;
                }
            };
            if s.contains('\0') {
                problem = Some(Error::input_at(
                    &self.path,
                    Some(line),
                    col(),
                    format!(
                        "NUL byte in field \"{}\"; expected text without NUL bytes",
                        self.headers[i]
                    ),
                ));
                break;
            }
            values.push(s.to_string());
        }
        if let Some(e) = problem {
            return self.bad(line, e);
        }
        self.rows += 1;
        Ok(Some(Ok(Row {
            line,
            number: self.rows,
            values,
        })))
    }

    fn next_jsonl(&mut self, discover: bool) -> Result<Option<std::result::Result<Row, BadRow>>> {
        loop {
            let Inner::Jsonl { reader, line, buf } = &mut self.inner else {
                unreachable!()
            };
            buf.clear();
            let max = self.limits.max_line_bytes;
            let n = reader
                .by_ref()
                .take(max as u64 + 1)
                .read_until(b'\n', buf)
                .map_err(|e| Error::io(&self.path, e))?;
            if n == 0 {
                return Ok(None);
            }
            *line += 1;
            let lno = *line;
            if buf.len() > max && !buf.ends_with(b"\n") {
                // Skip the rest of the line so the next call starts on the
                // next line.
                loop {
                    buf.clear();
                    let n = reader
                        .by_ref()
                        .take(1 << 16)
                        .read_until(b'\n', buf)
                        .map_err(|e| Error::io(&self.path, e))?;
                    if n == 0 || buf.ends_with(b"\n") {
                        break;
                    }
                }
                buf.clear();
                let e = Error::input(
                    &self.path,
                    Some(lno),
                    format!("line is longer than {max} bytes; expected at most that (raise --max-line-bytes)"),
                );
                if discover {
                    return Err(e);
                }
                return self.bad(lno, e);
            }
            match self.parse_jsonl_line(lno, discover) {
                Ok(None) => continue,
                Ok(Some(values)) => {
                    self.rows += 1;
                    return Ok(Some(Ok(Row {
                        line: lno,
                        number: self.rows,
                        values,
                    })));
                }
                // The first line defines the columns: nothing can be read
                // without it.
                Err(e) if discover => return Err(e),
                Err(e) => return self.bad(lno, e),
            }
        }
    }

    /// Values of the JSON line in the buffer, `Ok(None)` for a blank line.
    fn parse_jsonl_line(&mut self, lno: u64, discover: bool) -> Result<Option<Vec<String>>> {
        let Inner::Jsonl { buf, .. } = &self.inner else {
            unreachable!()
        };
        let text = std::str::from_utf8(buf).map_err(|e| {
            Error::input_at(
                &self.path,
                Some(lno),
                format!("{}", e.valid_up_to() + 1),
                format!(
                    "invalid UTF-8 at byte {} of the line; expected UTF-8 text",
                    e.valid_up_to()
                ),
            )
        })?;
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            return Ok(None);
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::input_at(
                &self.path,
                Some(lno),
                format!("{}", e.column()),
                format!(
                    "invalid JSON ({}); expected one JSON object per line",
                    json_reason(&e)
                ),
            )
        })?;
        let serde_json::Value::Object(map) = value else {
            return Err(Error::input(
                &self.path,
                Some(lno),
                "line is not a JSON object; expected one JSON object per line",
            ));
        };
        if discover {
            self.headers = map.keys().cloned().collect();
        }
        let mut values = Vec::with_capacity(self.headers.len());
        for h in &self.headers {
            let v = match map.get(h) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) => String::new(),
                Some(v) => v.to_string(),
                None => {
                    return Err(Error::input(
                        &self.path,
                        Some(lno),
                        format!(
                            "missing key \"{h}\"; expected the keys of the first line ({})",
                            self.headers.join(", ")
                        ),
                    ))
                }
            };
            if v.len() > self.limits.max_field_bytes {
                return Err(Error::input(
                    &self.path,
                    Some(lno),
                    format!(
                        "value of \"{h}\" is {} bytes; expected at most {} (raise --max-field-bytes)",
                        v.len(),
                        self.limits.max_field_bytes
                    ),
                ));
            }
            if v.contains('\0') {
                return Err(Error::input(
                    &self.path,
                    Some(lno),
                    format!("NUL character in \"{h}\"; expected text without NUL"),
                ));
            }
            values.push(v);
        }
        Ok(Some(values))
    }
}

/// Bytes between the start of a CSV record and field `i` (quotes and
/// separators included, assuming each earlier field was quoted only when
/// it had to be): an estimate good enough to point an editor at.
fn field_offset(record: &csv::ByteRecord, i: usize) -> u64 {
    record
        .iter()
        .take(i)
        .map(|f| {
            let quoted = f.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
            let quotes = f.iter().filter(|&&b| b == b'"').count();
            f.len() + 1 + if quoted { 2 + quotes } else { 0 }
        })
        .sum::<usize>() as u64
}

/// serde_json's message without its own "at line L column C" (the line is
/// the file's, given in the place instead).
pub(crate) fn json_reason(e: &serde_json::Error) -> String {
    let m = e.to_string();
    match m.rsplit_once(" at line ") {
        Some((reason, _)) => reason.to_string(),
        None => m,
    }
}

fn unterminated_quote(path: &str, line: u64) -> Error {
    Error::input(
        path,
        Some(line),
        "unterminated quoted field: a '\"' opened in this row is never closed; expected a closing '\"' before the end of the file",
    )
}

impl Iterator for RowReader {
    type Item = Result<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row().transpose()
    }
}

fn csv_error(path: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, io),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(
            path,
            line,
            format!("row has {len} fields; expected {expected_len} as in the header"),
        ),
        csv::ErrorKind::Utf8 { err, .. } => Error::input_at(
            path,
            line,
            format!("{}", err.field() + 1),
            "invalid UTF-8; expected UTF-8 text",
        ),
        other => Error::input(path, line, format!("{other:?}")),
    }
}

/// A fully read table (for training and evaluation, which need every row).
#[derive(Debug, Clone)]
pub struct Table {
    /// Display name of the source.
    pub path: String,
    /// Column names.
    pub headers: Vec<String>,
    /// All rows.
    pub rows: Vec<Row>,
    /// SHA-256 of the raw bytes read (hex).
    pub sha256: String,
}

/// Hashes bytes as they are read.
struct HashingReader<R> {
    inner: R,
    hasher: std::sync::Arc<std::sync::Mutex<sha2::Sha256>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(buf)?;
        self.hasher.lock().expect("hasher lock").update(&buf[..n]);
        Ok(n)
    }
}

impl Table {
    /// Read a whole table from `path` (`-` for stdin).
    pub fn read(path: &str, format: Format, limits: Limits) -> Result<Table> {
        use sha2::Digest;
        let hasher = std::sync::Arc::new(std::sync::Mutex::new(sha2::Sha256::new()));
        let input = HashingReader {
            inner: open_input(path)?,
            hasher: hasher.clone(),
        };
        let mut reader =
            RowReader::from_reader(&display_name(path), Box::new(input), format, limits)?;
        let mut rows = Vec::new();
        while let Some(r) = reader.next_row()? {
            rows.push(r);
        }
        let headers = reader.headers.clone();
        drop(reader);
        let digest = hasher.lock().expect("hasher lock").clone().finalize();
        Ok(Table {
            path: display_name(path),
            headers,
            rows,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        })
    }

    /// Index of column `name`, or an error listing the columns found.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                &self.path,
                Some(1),
                format!(
                    "missing column \"{name}\"; found {}",
                    self.headers.join(", ")
                ),
            )
        })
    }

    /// An error unless the table has at least one data row (training and
    /// evaluation need labeled rows).
    pub fn require_rows(&self) -> Result<()> {
        if self.rows.is_empty() {
            return Err(Error::input(
                &self.path,
                Some(2),
                "no data rows after the header; expected labeled rows",
            ));
        }
        Ok(())
    }

    /// The values of column `col`, checked non-empty (after trimming) with a
    /// message naming the row otherwise.
    pub fn non_empty(&self, col: usize, what: &str) -> Result<Vec<&str>> {
        self.rows
            .iter()
            .map(|r| {
                let v = r.values[col].as_str();
                if v.trim().is_empty() {
                    Err(Error::input_at(
                        &self.path,
                        Some(r.line),
                        format!("{}", col + 1),
                        format!(
                            "empty {what} in column \"{}\"; expected a non-empty value",
                            self.headers[col]
                        ),
                    ))
                } else {
                    Ok(v)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The quote-to-quote scan ends in the state the byte-by-byte
        /// one does, from every state and however the input is split
        /// into reads.
        #[test]
        fn quote_state_matches_bytewise(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'"'), Just(b','), Just(b'\n'), Just(b'\r'), Just(b'a'), Just(b' ')],
                0..200,
            ),
            cuts in proptest::collection::vec(0usize..200, 0..6),
        ) {
            use QuoteState::*;
            for start in [FieldStart, Unquoted, Quoted, QuoteInQuoted] {
                let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
                cuts.push(0);
                cuts.push(bytes.len());
                cuts.sort_unstable();
                let mut state = start;
                for w in cuts.windows(2) {
                    state = quote_state(state, &bytes[w[0]..w[1]]);
                }
                prop_assert_eq!(state, quote_state_bytewise(start, &bytes), "{:?}", start);
            }
        }
    }

    fn read_csv(s: &'static str) -> Result<Table> {
        let mut reader = RowReader::from_reader(
            "t.csv",
            Box::new(s.as_bytes()),
            Format::Csv,
            Limits::default(),
        )?;
        let mut rows = Vec::new();
        while let Some(r) = reader.next_row()? {
            rows.push(r);
        }
        Ok(Table {
            path: "t.csv".into(),
            headers: reader.headers().to_vec(),
            rows,
            sha256: String::new(),
        })
    }

    #[test]
    fn reads_rows_with_lines() {
        let t = read_csv("a,b\n1,\"x\ny\"\n2,z\n").unwrap();
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows[0].values, ["1", "x\ny"]);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let t = read_csv("\u{feff}a,b\r\n1,2\r\n").unwrap();
        assert_eq!(t.headers, ["a", "b"]);
        assert_eq!(t.rows[0].values, ["1", "2"]);
    }

    #[test]
    fn ragged_row_names_line() {
        let e = read_csv("a,b\n1,2\n3\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv:3: row has 1 field; expected 2 as in the header (a, b)"
        );
    }

    #[test]
    fn unterminated_quote() {
        let e = read_csv("a,b\n1,\"open\n2,3\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv:2: unterminated quoted field: a '\"' opened in this row is never closed; expected a closing '\"' before the end of the file"
        );
        // The quote opens the last field: the field count is right, the
        // quote is still caught.
        let e = read_csv("a,b\n1,\"open\n2,3\n").unwrap_err().to_string();
        assert!(e.starts_with("t.csv:2: unterminated quoted field"), "{e}");
        // A literal quote inside an unquoted field is not an open quote.
        let t = read_csv("a,b\n5\" tall,x\n").unwrap();
        assert_eq!(t.rows[0].values, ["5\" tall", "x"]);
    }

    #[test]
    fn bad_rows_can_be_skipped() {
        let mut r = RowReader::from_reader(
            "t.csv",
            Box::new(&b"a,b\n1,2\n3\n4,\xff\n5,6\n"[..]),
            Format::Csv,
            Limits::default(),
        )
        .unwrap();
        let mut seen = Vec::new();
        while let Some(next) = r.next_checked().unwrap() {
            seen.push(match next {
                Ok(row) => format!("{} ok {}", row.number, row.values.join("|")),
                Err(bad) => format!("{} bad line {}: {}", bad.number, bad.line, bad.error),
            });
        }
        assert_eq!(
            seen,
            [
                "1 ok 1|2",
                "2 bad line 3: t.csv:3: row has 1 field; expected 2 as in the header (a, b)",
                "3 bad line 4: t.csv:4:2: invalid UTF-8 in field \"b\" near byte offset 12; expected UTF-8 text",
                "4 ok 5|6",
            ]
        );
        let mut r = RowReader::from_reader(
            "t.jsonl",
            Box::new(&b"{\"a\":1}\n{oops\n{\"a\":3}\n"[..]),
            Format::Jsonl,
            Limits::default(),
        )
        .unwrap();
        let mut kinds = Vec::new();
        while let Some(next) = r.next_checked().unwrap() {
            kinds.push(next.map(|row| row.values).map_err(|b| b.line));
        }
        assert_eq!(
            kinds,
            [Ok(vec!["1".to_string()]), Err(2), Ok(vec!["3".to_string()])]
        );
    }

    #[test]
    fn duplicate_header_and_missing_column() {
        let e = read_csv("a,b,a\n1,2,3\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv:1:3: duplicate column name \"a\" (also column 1); expected unique header names"
        );
        let t = read_csv("a,b\n1,2\n").unwrap();
        assert_eq!(
            t.column("text").unwrap_err().to_string(),
            "t.csv:1: missing column \"text\"; found a, b"
        );
    }

    #[test]
    fn empty_file() {
        let e = read_csv("").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.csv:1: empty file; expected a header row naming the columns"
        );
    }

    #[test]
    fn jsonl_missing_key_and_broken_line() {
        let mut r = RowReader::from_reader(
            "t.jsonl",
            Box::new(&b"{\"id\":1,\"text\":\"a\"}\n{\"id\":2}\n"[..]),
            Format::Jsonl,
            Limits::default(),
        )
        .unwrap();
        assert_eq!(r.headers(), ["id", "text"]);
        assert_eq!(r.next_row().unwrap().unwrap().values, ["1", "a"]);
        assert_eq!(
            r.next_row().unwrap_err().to_string(),
            "t.jsonl:2: missing key \"text\"; expected the keys of the first line (id, text)"
        );
        let mut r = RowReader::from_reader(
            "t.jsonl",
            Box::new(&b"{\"id\":1}\n{\"id\":\n"[..]),
            Format::Jsonl,
            Limits::default(),
        )
        .unwrap();
        r.next_row().unwrap();
        let e = r.next_row().unwrap_err().to_string();
        assert!(e.starts_with("t.jsonl:2:"), "{e}");
        assert!(e.ends_with("expected one JSON object per line"), "{e}");
    }
}
