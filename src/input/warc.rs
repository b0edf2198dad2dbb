//! WARC files (ISO 28500, versions 1.0 and 1.1) read record by record, in
//! bounded memory, with resynchronisation after a broken record.
//!
//! [`WarcReader`] reads the uncompressed stream (gzip per record, as
//! Common Crawl writes, is undone beforehand by
//! [`super::decompress`]): a `WARC/1.x` line, header lines up to a blank
//! line, a block of `Content-Length` bytes, then `\r\n\r\n`. A block larger
//! than the cap is read through, only its start kept. A record whose header cannot be
//! read, or whose block does not end where `Content-Length` says, is one
//! [`Broken`] record, and reading goes on at the next `WARC/1.` line: first
//! inside the bytes taken as its block (a `Content-Length` too long
//! swallows the records after it), else further on (one too short). What
//! cannot be recovered: an I/O error or corrupt compressed data (the gzip
//! or zstd decoder cannot find the next member), which ends reading with
//! an error; and a record whose bytes are lost within a corrupt block.
//!
//! The `warc` crate was the first choice; its reader trusts
//! `Content-Length` (allocating it whole), and after a header that does
//! not parse it reads on from inside that record, so one broken record
//! spoils the rest of the file. Hence this reader of ~250 lines; HTTP
//! headers inside a block are parsed by `httparse`.

use std::io::{self, BufRead, Read};

/// Longest header section of a record accepted (bytes).
pub const MAX_HEADER_BYTES: usize = 1 << 16;

/// One record: its number, place, named fields and block.
#[derive(Debug, Clone)]
pub struct Record {
    /// 1-based number of the record in the file (broken ones counted).
    pub number: u64,
    /// Byte offset of its `WARC/` line in the uncompressed stream.
    pub offset: u64,
    /// Header fields in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The block, when at most the cap; else its first
    /// [`MAX_HEADER_BYTES`].
    pub block: Vec<u8>,
    /// The block's length (`Content-Length`).
    pub length: u64,
}

impl Record {
    /// The value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the block was larger than the cap (and so not kept).
    pub fn too_large(&self) -> bool {
        self.length as usize != self.block.len()
    }
}

/// A record that could not be read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    /// Its number, as [`Record::number`].
    pub number: u64,
    /// Byte offset where it starts in the uncompressed stream.
    pub offset: u64,
    /// What is wrong.
    pub reason: String,
}

/// A reader of WARC records from an uncompressed stream.
pub struct WarcReader {
    input: Pushback,
    /// Bytes consumed so far.
    offset: u64,
    records: u64,
    max_block: usize,
    /// The stream is at the start of a line.
    line_start: bool,
}

impl WarcReader {
    /// Records of `input`, keeping blocks of at most `max_block` bytes.
    pub fn new(input: Box<dyn BufRead + Send>, max_block: usize) -> WarcReader {
        WarcReader {
            input: Pushback {
                back: Vec::new(),
                pos: 0,
                inner: input,
            },
            offset: 0,
            records: 0,
            max_block,
            line_start: true,
        }
    }

    /// The next record, `Ok(None)` at the end; `Err` for an I/O error or
    /// corrupt compressed data, which ends reading.
    pub fn next_record(&mut self) -> io::Result<Option<Result<Record, Broken>>> {
        // Blank lines between records are tolerated.
        let (start, first) = loop {
            let start = self.offset;
            let Some(line) = self.line(MAX_HEADER_BYTES)? else {
                return Ok(None);
            };
            if !trim_eol(&line).is_empty() {
                break (start, line);
            }
        };
        self.records += 1;
        let number = self.records;
        let broken = move |reason: String| Broken {
            number,
            offset: start,
            reason,
        };
        if !first.starts_with(b"WARC/") {
            let b = broken("no WARC/1.x line where a record starts".into());
            self.resync()?;
            return Ok(Some(Err(b)));
        }
        let headers = match self.headers()? {
            Ok(h) => h,
            Err(reason) => {
                let b = broken(reason);
                self.resync()?;
                return Ok(Some(Err(b)));
            }
        };
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.trim().parse::<u64>());
        let length = match length {
            Some(Ok(n)) => n,
            Some(Err(_)) | None => {
                let b = broken(
                    "no valid Content-Length header; expected the block's length in bytes".into(),
                );
                self.resync()?;
                return Ok(Some(Err(b)));
            }
        };
        // Kept: the whole block, or the start of one too large (to read
        // the HTTP header that says what it is).
        let keep = if length <= self.max_block as u64 {
            length
        } else {
            length.min(MAX_HEADER_BYTES as u64)
        };
        let mut block = Vec::with_capacity(keep as usize);
        (&mut self.input).take(keep).read_to_end(&mut block)?;
        let mut got = block.len() as u64;
        if got == keep && keep < length {
            got += io::copy(&mut (&mut self.input).take(length - keep), &mut io::sink())?;
        }
        self.offset += got;
        self.line_start = false;
        if got < length {
            return Ok(Some(Err(broken(format!(
                "the file ends inside the record's block ({got} of {length} bytes); expected the whole block"
            )))));
        }
        if !self.record_end()? {
            let b = broken(format!(
                "the block does not end after Content-Length ({length}) bytes with a blank line; expected \\r\\n\\r\\n"
            ));
            // A record inside the block (Content-Length too long)?
            let found = (block.len() as u64 == length)
                .then(|| memchr::memmem::find(&block, b"\nWARC/1."))
                .flatten();
            if let Some(at) = found {
                self.push_back(&block[at + 1..]);
            } else {
                self.resync()?;
            }
            return Ok(Some(Err(b)));
        }
        Ok(Some(Ok(Record {
            number: self.records,
            offset: start,
            headers,
            block,
            length,
        })))
    }

    /// Header lines up to a blank line.
    fn headers(&mut self) -> io::Result<Result<Vec<(String, String)>, String>> {
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut size = 0;
        loop {
            let Some(line) = self.line(MAX_HEADER_BYTES)? else {
                return Ok(Err(
                    "the file ends inside the record's header; expected a blank line after it"
                        .into(),
                ));
            };
            size += line.len();
            if size > MAX_HEADER_BYTES {
                return Ok(Err(format!(
                    "header longer than {MAX_HEADER_BYTES} bytes; expected a blank line before that"
                )));
            }
            let line = trim_eol(&line);
            if line.is_empty() {
                return Ok(Ok(headers));
            }
            let text = String::from_utf8_lossy(line);
            if line[0] == b' ' || line[0] == b'\t' {
                match headers.last_mut() {
                    Some((_, v)) => {
                        v.push(' ');
                        v.push_str(text.trim());
                    }
                    None => return Ok(Err("header starts with a continuation line".into())),
                }
                continue;
            }
            let Some((name, value)) = text.split_once(':') else {
                return Ok(Err(format!(
                    "header line {:?} has no colon; expected Name: value",
                    truncate(&text, 60)
                )));
            };
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }

    /// Read the `\r\n\r\n` after a block: true when it is there, or
    /// the end of the file, or a `WARC/1.` line (left to be read next)
    /// after fewer blank lines; false when something else follows (left to
    /// be read next too).
    fn record_end(&mut self) -> io::Result<bool> {
        for _ in 0..2 {
            let Some(line) = self.line(MAX_HEADER_BYTES)? else {
                return Ok(true);
            };
            if !trim_eol(&line).is_empty() {
                self.push_back(&line);
                return Ok(line.starts_with(b"WARC/1."));
            }
        }
        Ok(true)
    }

    /// Skip to the next line that starts with `WARC/1.`, leaving it to be
    /// read next.
    fn resync(&mut self) -> io::Result<()> {
        loop {
            let at_start = self.line_start;
            let Some(line) = self.line(MAX_HEADER_BYTES)? else {
                return Ok(());
            };
            if at_start && line.starts_with(b"WARC/1.") {
                self.push_back(&line);
                return Ok(());
            }
        }
    }

    /// The next line with its end of line, at most `max` bytes of it (the
    /// rest is the next "line"); None at the end of the stream.
    fn line(&mut self, max: usize) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        (&mut self.input)
            .take(max as u64)
            .read_until(b'\n', &mut line)?;
        if line.is_empty() {
            return Ok(None);
        }
        self.offset += line.len() as u64;
        self.line_start = line.ends_with(b"\n");
        Ok(Some(line))
    }

    /// Bytes to read again, before the rest of the stream; they start a
    /// line.
    fn push_back(&mut self, bytes: &[u8]) {
        let mut back = bytes.to_vec();
        back.extend_from_slice(&self.input.back[self.input.pos..]);
        self.input.back = back;
        self.input.pos = 0;
        self.offset -= bytes.len() as u64;
        self.line_start = true;
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A stream with bytes put back in front of it.
struct Pushback {
    back: Vec<u8>,
    pos: usize,
    inner: Box<dyn BufRead + Send>,
}

impl Read for Pushback {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = {
            let mut avail = self.fill_buf()?;
            avail.read(buf)?
        };
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Pushback {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.back.len() {
            Ok(&self.back[self.pos..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, n: usize) {
        if self.pos < self.back.len() {
            self.pos += n;
            if self.pos >= self.back.len() {
                self.back.clear();
                self.pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
    }
}

/// The HTTP response inside a `response` record's block: its status, the
/// value of its `Content-Type` and `Content-Encoding` headers, and the
/// payload after the headers.
#[derive(Debug)]
pub struct HttpResponse<'a> {
    /// Status code.
    pub status: u16,
    /// `Content-Type`, when given.
    pub content_type: Option<String>,
    /// `Content-Encoding`, when given.
    pub content_encoding: Option<String>,
    /// The payload.
    pub payload: &'a [u8],
}

/// Parse the HTTP response at the start of `block`.
pub fn http_response(block: &[u8]) -> Result<HttpResponse<'_>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 256];
    let mut resp = httparse::Response::new(&mut headers);
    let n = match resp.parse(block) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err("the HTTP header does not end; expected a blank line after it".into())
        }
        Err(e) => return Err(format!("bad HTTP header ({e}); expected an HTTP response")),
    };
    let get = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    Ok(HttpResponse {
        status: resp.code.unwrap_or(0),
        content_type: get("Content-Type"),
        content_encoding: get("Content-Encoding"),
        payload: &block[n..],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, block: &[u8], length: Option<usize>) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
            length.unwrap_or(block.len())
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    /// A record read (number, URI, block) or broken (number, reason).
    type Got = Result<(u64, String, Vec<u8>), (u64, String)>;

    fn read(bytes: Vec<u8>) -> Vec<Got> {
        let mut r = WarcReader::new(Box::new(io::Cursor::new(bytes)), 1 << 20);
        let mut out = Vec::new();
        while let Some(rec) = r.next_record().unwrap() {
            out.push(
                rec.map(|r| {
                    let uri = r.header("warc-target-uri").unwrap_or("").to_string();
                    (r.number, uri, r.block)
                })
                .map_err(|b| (b.number, b.reason)),
            );
        }
        out
    }

    #[test]
    fn records_are_read_and_a_broken_one_is_one_error() {
        let mut f = record("response", "http://a/", b"AAAA", None);
        // Too short a length: the rest of its block is skipped.
        f.extend(record("response", "http://b/", b"BBBB\nmore\n", Some(3)));
        f.extend(record("response", "http://c/", b"CC", None));
        // Too long a length swallows the next record, which is found again.
        f.extend(record("response", "http://d/", b"DD", Some(40)));
        f.extend(record("response", "http://e/", b"EE", None));
        f.extend(b"garbage line\r\n\r\n");
        f.extend(record("metadata", "http://f/", b"", None));
        let got = read(f);
        assert_eq!(got.len(), 7, "{got:?}");
        assert_eq!(got[0], Ok((1, "http://a/".into(), b"AAAA".to_vec())));
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .1
            .starts_with("the block does not end"));
        assert_eq!(got[2], Ok((3, "http://c/".into(), b"CC".to_vec())));
        assert_eq!(got[3].as_ref().unwrap_err().0, 4);
        assert_eq!(got[4], Ok((5, "http://e/".into(), b"EE".to_vec())));
        assert!(got[5]
            .as_ref()
            .unwrap_err()
            .1
            .starts_with("no WARC/1.x line"));
        assert_eq!(got[6], Ok((7, "http://f/".into(), Vec::new())));
    }

    #[test]
    fn a_truncated_file_ends_with_one_error() {
        let mut f = record("response", "http://a/", b"AAAA", None);
        let b = record("response", "http://b/", b"BBBBBBBB", None);
        f.extend(&b[..b.len() - 8]);
        let got = read(f);
        assert_eq!(got.len(), 2);
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .1
            .starts_with("the file ends inside"));
    }

    #[test]
    fn http_responses_are_parsed() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html>";
        let r = http_response(block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(r.payload, b"<html>");
        assert!(http_response(b"\x00\x01binary").is_err());
    }
}
