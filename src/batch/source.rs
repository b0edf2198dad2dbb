//! Where the articles of a batch come from, one [`Item`] each: article
//! files read whole ([`read_article`]; HTML pages too, and WARC archives
//! read a page at a time: [`Files`]), rows of a CSV table (a
//! [`RowReader`]), or JSON Lines read a line at a time, each line on its
//! own (a broken line is that line's error; there is no header line to
//! lose). A bad article (unreadable, binary, too large, invalid UTF-8, a
//! broken JSON line, a missing text field, a bad date) is an `Item` whose
//! `article` is the error, so a caller can report it and go on; only a
//! failure of the input stream itself ends reading.
//!
//! Ids: a file's name as given; a WARC page's URL (or record id); else the
//! `--id` value; else the row number
//! (1-based, blank JSON lines not counted, bad rows counted), as
//! `predict --data --as-articles` numbers rows.

use std::io::{BufRead, BufReader, Read};

use crate::data::{display_name, json_reason, Limits, RowReader};
use crate::entities::leaders::{self, Day};
use crate::error::{Error, Result};
use crate::input::pages::{IdFrom, WarcPages};
use crate::input::{html, FileKind};

/// An article to label: its text and date.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The whole text.
    pub text: String,
    /// The day it was published, when known (office holders of that day
    /// count as their country).
    pub day: Option<Day>,
    /// That date as given (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, trimmed;
    /// empty when unknown), written in the rows' `date` column.
    pub date: String,
    /// The page's URL (WARC records), else empty.
    pub url: String,
    /// Where an HTML page came from, for errors found when extracting it
    /// (a file name, or a WARC record's place); else empty.
    pub origin: String,
    /// `text` is an HTML page, whose text, title and date are still to be
    /// extracted ([`crate::input::html::extract`]); its own date, when it
    /// has one, replaces `date`.
    pub html: bool,
}

impl Article {
    /// This article's date and URL, without its text.
    pub fn clone_meta(&self) -> Article {
        Article {
            text: String::new(),
            day: self.day,
            date: self.date.clone(),
            url: self.url.clone(),
            origin: String::new(),
            html: false,
        }
    }

    /// A plain-text article dated `day`.
    pub fn text(text: String, day: &Dated) -> Article {
        Article {
            text,
            day: day.0,
            date: day.1.clone(),
            url: String::new(),
            origin: String::new(),
            html: false,
        }
    }
}

/// One article of the input, or why it cannot be labeled.
#[derive(Debug)]
pub struct Item {
    /// The article's id (see the module docs); None when a broken line
    /// hides it.
    pub id: Option<String>,
    /// 1-based input line where a row starts (None for files).
    pub line: Option<u64>,
    /// The article, or what is wrong with it (with its place).
    pub article: std::result::Result<Article, Error>,
}

impl Item {
    /// Bytes of text the item holds (for chunk bounds).
    pub fn size(&self) -> usize {
        self.article.as_ref().map_or(64, |a| a.text.len().max(64))
    }
}

/// Which fields of a row hold an article: the text, and optionally the id
/// and the date (values as `--date`; an empty value means no date).
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    /// Text column or key.
    pub text: String,
    /// Id column or key (default: the row number).
    pub id: Option<String>,
    /// Date column or key.
    pub date: Option<String>,
}

/// A reader of articles, one [`Item`] at a time.
pub struct Source {
    kind: Kind,
    /// The date of articles without a date field (`--date`), parsed and
    /// as given.
    day: Dated,
}

/// A date parsed for the gazetteer and as given for the output.
pub type Dated = (Option<Day>, String);

enum Kind {
    Files(Files),
    Rows {
        reader: Box<RowReader>,
        text: usize,
        id: Option<usize>,
        date: Option<usize>,
    },
    Lines(JsonLines),
}

impl Source {
    /// Article files (`-` for stdin), each read whole, of at most `max`
    /// bytes, dated `day`; HTML pages and WARC archives among them as
    /// [`Files`] says.
    pub fn files(paths: Vec<String>, max: usize, day: Dated) -> Source {
        Source::pages(paths, max, None, IdFrom::Uri, day)
    }

    /// Article files as [`Source::files`], of kind `forced` when given
    /// (else told by name, then by content), the pages of WARC files named
    /// by `ids`.
    pub fn pages(
        paths: Vec<String>,
        max: usize,
        forced: Option<FileKind>,
        ids: IdFrom,
        day: Dated,
    ) -> Source {
        Source {
            kind: Kind::Files(Files {
                paths: paths.into_iter(),
                max,
                forced,
                ids,
                warc: None,
                skipped: 0,
            }),
            day,
        }
    }

    /// WARC records skipped so far: not HTML pages.
    pub fn skipped_records(&self) -> u64 {
        match &self.kind {
            Kind::Files(f) => f.skipped + f.warc.as_ref().map_or(0, WarcPages::skipped),
            _ => 0,
        }
    }

    /// The rows of `reader`, their fields named by `fields` (a missing
    /// column is an error here, for the whole input); rows without a date
    /// field are dated `day`.
    pub fn rows(reader: RowReader, fields: &Fields, day: Dated) -> Result<Source> {
        let text = reader.column(&fields.text)?;
        let id = fields.id.as_deref().map(|c| reader.column(c)).transpose()?;
        let date = fields
            .date
            .as_deref()
            .map(|c| reader.column(c))
            .transpose()?;
        Ok(Source {
            kind: Kind::Rows {
                reader: Box::new(reader),
                text,
                id,
                date,
            },
            day,
        })
    }

    /// JSON Lines from `path` (`-` for stdin), one article per line.
    /// `blank_lines_are_errors`: a blank line is an item of its own (an
    /// error) rather than skipped, so that every input line has an item.
    pub fn json_lines(
        path: &str,
        fields: Fields,
        limits: Limits,
        blank_lines_are_errors: bool,
        day: Dated,
    ) -> Result<Source> {
        let input = crate::data::open_input(path)?;
        Ok(Source {
            kind: Kind::Lines(JsonLines {
                path: display_name(path),
                reader: Box::new(BufReader::with_capacity(1 << 16, input)),
                buf: Vec::new(),
                line: 0,
                rows: 0,
                limits,
                fields,
                blank_lines_are_errors,
            }),
            day,
        })
    }

    /// The next article, `Ok(None)` at the end. `Err` only for a failure
    /// of the input itself (an I/O error on the stream, a CSV quote never
    /// closed), which ends reading.
    pub fn next_item(&mut self) -> Result<Option<Item>> {
        let day = &self.day;
        match &mut self.kind {
            Kind::Files(files) => Ok(files.next_item(day)),
            Kind::Rows {
                reader,
                text,
                id,
                date,
            } => {
                let Some(row) = reader.next_checked()? else {
                    return Ok(None);
                };
                let mut row = match row {
                    Ok(row) => row,
                    Err(bad) => {
                        return Ok(Some(Item {
                            id: id.is_none().then(|| bad.number.to_string()),
                            line: Some(bad.line),
                            article: Err(bad.error),
                        }))
                    }
                };
                let article = match *date {
                    Some(c) => row_day(reader.path(), row.line, Some(c), &row.values[c], day),
                    None => Ok(day.clone()),
                }
                .map(|dated| Article::text(std::mem::take(&mut row.values[*text]), &dated));
                Ok(Some(Item {
                    id: Some(match *id {
                        Some(c) => std::mem::take(&mut row.values[c]),
                        None => row.number.to_string(),
                    }),
                    line: Some(row.line),
                    article,
                }))
            }
            Kind::Lines(lines) => lines.next_item(day),
        }
    }
}

/// The date of a row: `value` parsed as `--date` (in CSV column `col`,
/// 0-based), or `fixed` when empty.
fn row_day(path: &str, line: u64, col: Option<usize>, value: &str, fixed: &Dated) -> Result<Dated> {
    if value.trim().is_empty() {
        return Ok(fixed.clone());
    }
    parse_date(value).map_err(|message| match col {
        Some(c) => Error::input_at(path, Some(line), (c + 1).to_string(), message),
        None => Error::input(path, Some(line), message),
    })
}

/// An article's date as `--date-column` reads it: empty (no date), or
/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` with its day; otherwise what is wrong.
pub fn parse_date(value: &str) -> std::result::Result<Dated, String> {
    if value.trim().is_empty() {
        return Ok((None, String::new()));
    }
    leaders::parse_day(value, false)
        .map(|d| (Some(d), value.trim().to_string()))
        .ok_or_else(|| format!("date {value:?}; expected YYYY-MM-DD, YYYY-MM, YYYY or nothing"))
}

/// JSON Lines read one line at a time, each line parsed on its own.
struct JsonLines {
    path: String,
    reader: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    /// Lines read so far.
    line: u64,
    /// Rows so far: lines that are not blank.
    rows: u64,
    limits: Limits,
    fields: Fields,
    blank_lines_are_errors: bool,
}

impl JsonLines {
    fn next_item(&mut self, day: &Dated) -> Result<Option<Item>> {
        loop {
            self.buf.clear();
            let max = self.limits.max_line_bytes;
            let n = self
                .reader
                .by_ref()
                .take(max as u64 + 1)
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::io(&self.path, e))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let lno = self.line;
            if self.buf.len() > max && !self.buf.ends_with(b"\n") {
                self.skip_rest_of_line()?;
                self.rows += 1;
                let e = Error::input(
                    &self.path,
                    Some(lno),
                    format!("line is longer than {max} bytes; expected at most that (raise --max-line-bytes)"),
                );
                return Ok(Some(self.bad(None, e)));
            }
            match self.parse(lno, day) {
                Parsed::Blank if !self.blank_lines_are_errors => continue,
                Parsed::Blank => {
                    let e = Error::input(
                        &self.path,
                        Some(lno),
                        "blank line; expected one JSON object per line",
                    );
                    return Ok(Some(Item {
                        id: None,
                        line: Some(lno),
                        article: Err(e),
                    }));
                }
                Parsed::Row(id, article) => {
                    self.rows += 1;
                    let id = match &self.fields.id {
                        Some(_) => id,
                        None => Some(self.rows.to_string()),
                    };
                    return Ok(Some(Item {
                        id,
                        line: Some(lno),
                        article,
                    }));
                }
            }
        }
    }

    /// An item for a bad line (row number already counted).
    fn bad(&self, id: Option<String>, e: Error) -> Item {
        Item {
            id: match &self.fields.id {
                Some(_) => id,
                None => Some(self.rows.to_string()),
            },
            line: Some(self.line),
            article: Err(e),
        }
    }

    /// Skip what is left of an over-long line, so that reading goes on at
    /// the next line.
    fn skip_rest_of_line(&mut self) -> Result<()> {
        loop {
            self.buf.clear();
            let n = self
                .reader
                .by_ref()
                .take(1 << 16)
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::io(&self.path, e))?;
            if n == 0 || self.buf.ends_with(b"\n") {
                self.buf.clear();
                return Ok(());
            }
        }
    }

    /// The line in the buffer: blank, or a row with its id (when the id
    /// field could be read) and its article or error.
    fn parse(&self, lno: u64, day: &Dated) -> Parsed {
        let path = &self.path;
        let text = match std::str::from_utf8(&self.buf) {
            Ok(t) => t,
            Err(e) => {
                let e = Error::input_at(
                    path,
                    Some(lno),
                    format!("{}", e.valid_up_to() + 1),
                    format!(
                        "invalid UTF-8 at byte {} of the line; expected UTF-8 text",
                        e.valid_up_to()
                    ),
                );
                return Parsed::Row(None, Err(e));
            }
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            return Parsed::Blank;
        }
        let map = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => {
                let e = Error::input(
                    path,
                    Some(lno),
                    "line is not a JSON object; expected one JSON object per line",
                );
                return Parsed::Row(None, Err(e));
            }
            Err(e) => {
                let e = Error::input_at(
                    path,
                    Some(lno),
                    format!("{}", e.column()),
                    format!(
                        "invalid JSON ({}); expected one JSON object per line",
                        json_reason(&e)
                    ),
                );
                return Parsed::Row(None, Err(e));
            }
        };
        let field = |key: &str, what: &str| -> Result<String> {
            let v = match map.get(key) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) => String::new(),
                Some(v) => v.to_string(),
                None => {
                    return Err(Error::input(
                        path,
                        Some(lno),
                        format!("missing key \"{key}\"; expected the article's {what} under it"),
                    ))
                }
            };
            if v.len() > self.limits.max_field_bytes {
                return Err(Error::input(
                    path,
                    Some(lno),
                    format!(
                        "value of \"{key}\" is {} bytes; expected at most {} (raise --max-field-bytes)",
                        v.len(),
                        self.limits.max_field_bytes
                    ),
                ));
            }
            if v.contains('\0') {
                return Err(Error::input(
                    path,
                    Some(lno),
                    format!("NUL character in \"{key}\"; expected text without NUL"),
                ));
            }
            Ok(v)
        };
        let id = match &self.fields.id {
            Some(k) => match field(k, "id") {
                Ok(id) => Some(id),
                Err(e) => return Parsed::Row(None, Err(e)),
            },
            None => None,
        };
        let day = match &self.fields.date {
            Some(k) => field(k, "date").and_then(|v| row_day(path, lno, None, &v, day)),
            None => Ok(day.clone()),
        };
        let article = day.and_then(|(day, date)| {
            field(&self.fields.text, "text").map(|text| Article::text(text, &(day, date)))
        });
        Parsed::Row(id, article)
    }
}

/// One JSON line, parsed.
enum Parsed {
    Blank,
    /// A row: its id (when an id field is wanted and could be read) and
    /// its article or error.
    Row(Option<String>, std::result::Result<Article, Error>),
}

/// 1-based line and column (in bytes) of byte offset `at` in `bytes`.
fn line_col(bytes: &[u8], at: usize) -> (u64, u64) {
    let before = &bytes[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u64;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (at - line_start + 1) as u64)
}

/// Article files, one item each, but WARC archives: one item per page.
///
/// The kind of a file: `forced` when given; else its name (`.html`,
/// `.htm`, `.xhtml`, `.warc`, also before `.gz` / `.zst`); else its first
/// bytes (a `WARC/1.` line, `<!doctype html` or `<html`); else text.
pub struct Files {
    paths: std::vec::IntoIter<String>,
    max: usize,
    forced: Option<FileKind>,
    ids: IdFrom,
    /// The WARC file being read.
    warc: Option<WarcPages>,
    /// Records skipped in the WARC files done.
    skipped: u64,
}

/// A file opened: a WARC stream, or an article read whole (HTML or not).
enum Opened {
    Warc(Box<dyn Read + Send>),
    Whole(String, bool),
}

impl Files {
    fn next_item(&mut self, day: &Dated) -> Option<Item> {
        loop {
            if let Some(w) = &mut self.warc {
                match w.next_page() {
                    Ok(Some((id, page))) => {
                        return Some(Item {
                            id,
                            line: None,
                            article: page.map(|p| {
                                let dated = match leaders::parse_day(&p.date, false) {
                                    Some(d) => (Some(d), p.date),
                                    None => day.clone(),
                                };
                                Article {
                                    text: p.html,
                                    day: dated.0,
                                    date: dated.1,
                                    url: p.url,
                                    origin: p.origin,
                                    html: true,
                                }
                            }),
                        });
                    }
                    done => {
                        let w = self.warc.take().expect("reading one");
                        self.skipped += w.skipped();
                        // A stream that fails (I/O, corrupt compressed
                        // data) is one error; the next file is read.
                        if let Err(e) = done {
                            return Some(Item {
                                id: None,
                                line: None,
                                article: Err(e),
                            });
                        }
                    }
                }
                continue;
            }
            let p = self.paths.next()?;
            let article = match open_file(&p, self.max, self.forced) {
                Ok(Opened::Warc(input)) => {
                    let w = WarcPages::new(display_name(&p), input, self.max, self.ids);
                    self.warc = Some(w);
                    continue;
                }
                Ok(Opened::Whole(text, is_html)) => Ok(Article {
                    html: is_html,
                    origin: display_name(&p),
                    ..Article::text(text, day)
                }),
                Err(e) => Err(e),
            };
            return Some(Item {
                id: Some(display_name(&p)),
                line: None,
                article,
            });
        }
    }
}

/// Open article file `path` (decompressed) as `forced` says, else by name,
/// else by its first bytes ([`Files`]).
fn open_file(path: &str, max: usize, forced: Option<FileKind>) -> Result<Opened> {
    let name = display_name(path);
    let mut input = crate::data::open_input(path)?;
    let kind = forced.or_else(|| FileKind::from_name(path));
    if kind == Some(FileKind::Warc) {
        return Ok(Opened::Warc(input));
    }
    let mut bytes = Vec::new();
    input
        .by_ref()
        .take(8)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&name, e))?;
    if kind.is_none() && FileKind::sniff(&bytes) == FileKind::Warc {
        return Ok(Opened::Warc(Box::new(
            std::io::Cursor::new(bytes).chain(input),
        )));
    }
    input
        .by_ref()
        .take(max as u64 + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&name, e))?;
    let is_html = match kind {
        Some(k) => k == FileKind::Html,
        None => html::looks_like_html(&bytes[..bytes.len().min(1024)]),
    };
    Ok(Opened::Whole(check_article(&name, bytes, max)?, is_html))
}

/// Read one article whole: at most `max` bytes of UTF-8 text without NUL
/// bytes, not blank.
pub fn read_article(path: &str, max: usize) -> Result<String> {
    let name = display_name(path);
    let mut input = crate::data::open_input(path)?;
    let mut bytes = Vec::new();
    input
        .by_ref()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&name, e))?;
    check_article(&name, bytes, max)
}

/// `bytes` (of file `name`) as an article: at most `max` bytes of UTF-8
/// text without NUL bytes, not blank.
fn check_article(name: &str, bytes: Vec<u8>, max: usize) -> Result<String> {
    if bytes.len() > max {
        return Err(Error::input(
            name,
            None,
            format!("article is larger than {max} bytes; expected at most that (raise --max-article-bytes)"),
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = line_col(&bytes, at);
        return Err(Error::input_at(
            name,
            Some(line),
            col.to_string(),
            format!("NUL byte at byte offset {at}, so this looks like a binary file; expected plain UTF-8 text"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, col) = line_col(e.as_bytes(), at);
        Error::input_at(
            name,
            Some(line),
            col.to_string(),
            format!("invalid UTF-8 at byte offset {at}; expected UTF-8 text"),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::input(
            name,
            None,
            "empty article; expected text to analyze",
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &str, fields: Fields, blank: bool) -> Vec<Item> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in.jsonl");
        std::fs::write(&p, input).unwrap();
        let mut s = Source::json_lines(
            p.to_str().unwrap(),
            fields,
            Limits::default(),
            blank,
            (None, String::new()),
        )
        .unwrap();
        let mut out = Vec::new();
        while let Some(i) = s.next_item().unwrap() {
            out.push(i);
        }
        out
    }

    fn fields(id: Option<&str>) -> Fields {
        Fields {
            text: "text".into(),
            id: id.map(String::from),
            date: None,
        }
    }

    #[test]
    fn each_json_line_stands_alone() {
        let input = "{\"id\":\"a\",\"text\":\"one\"}\n{\"text\":\n\n{\"id\":7,\"txt\":\"x\"}\n[1]\n{\"id\":\"e\",\"text\":\"two\"}";
        let items = lines(input, fields(Some("id")), false);
        let ids: Vec<Option<&str>> = items.iter().map(|i| i.id.as_deref()).collect();
        assert_eq!(ids, [Some("a"), None, Some("7"), None, Some("e")]);
        let lines_: Vec<u64> = items.iter().map(|i| i.line.unwrap()).collect();
        assert_eq!(lines_, [1, 2, 4, 5, 6]);
        assert_eq!(items[0].article.as_ref().unwrap().text, "one");
        assert_eq!(items[4].article.as_ref().unwrap().text, "two");
        let err = |k: usize| items[k].article.as_ref().unwrap_err().to_string();
        assert!(err(1).contains(":2:"), "{}", err(1));
        assert!(err(1).contains("invalid JSON"), "{}", err(1));
        assert!(
            err(2).ends_with("missing key \"text\"; expected the article's text under it"),
            "{}",
            err(2)
        );
        assert!(err(3).contains("not a JSON object"), "{}", err(3));
        // Without an id field, ids are row numbers; blank lines are not rows.
        let items = lines(input, fields(None), false);
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_deref().unwrap()).collect();
        assert_eq!(ids, ["1", "2", "3", "4", "5"]);
        // Blank lines as items of their own.
        let items = lines(input, fields(None), true);
        assert_eq!(items.len(), 6);
        assert_eq!(items[2].id, None);
        assert_eq!(items[2].line, Some(3));
        assert_eq!(items[3].id.as_deref(), Some("3"));
    }

    #[test]
    fn files_are_read_whole_and_bad_ones_are_items() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.txt");
        let bin = dir.path().join("b.bin");
        std::fs::write(&good, "China opposes it.\n").unwrap();
        std::fs::write(&bin, b"GIF\0\x01").unwrap();
        let paths = [&good, &bin, &dir.path().join("missing.txt")]
            .iter()
            .map(|p| p.to_str().unwrap().to_string())
            .collect();
        let mut s = Source::files(paths, 1 << 20, (None, String::new()));
        let mut items = Vec::new();
        while let Some(i) = s.next_item().unwrap() {
            items.push(i);
        }
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0].article.as_ref().unwrap().text,
            "China opposes it.\n"
        );
        let e = items[1].article.as_ref().unwrap_err().to_string();
        assert!(e.contains("binary file"), "{e}");
        assert!(matches!(items[2].article, Err(Error::Io { .. })));
    }
}
