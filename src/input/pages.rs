//! The pages of a WARC archive: each `response` record whose HTTP status
//! is 2xx and whose payload is HTML (`Content-Type` naming `html`, or, when
//! there is none, a payload that starts like a page), and each `resource`
//! record of type HTML, is one [`WarcPage`]; every other record (`warcinfo`,
//! `request`, `metadata`, images, PDFs, redirects) is skipped and counted
//! ([`WarcPages::skipped`]). A record that cannot be read, or a response
//! whose HTTP header is broken, is one error; reading goes on.
//!
//! Payloads are decoded as [`super::decode_text`] says (the charset of the
//! HTTP `Content-Type`); a payload sent `Content-Encoding: gzip` is
//! inflated. Pages are handed on as HTML: extracting their text is left
//! to the caller (on worker threads).

use std::io::{BufReader, Read};

use super::warc::{http_response, Record, WarcReader};
use super::{charset, decode_text, html};
use crate::error::{Error, Result};

/// What names a page: its URL or its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFrom {
    /// `WARC-Target-URI` (else the record id).
    Uri,
    /// `WARC-Record-ID`.
    Record,
}

/// One HTML page of a WARC file.
#[derive(Debug, Clone, PartialEq)]
pub struct WarcPage {
    /// Its id ([`IdFrom`]).
    pub id: String,
    /// `WARC-Target-URI` (empty when missing).
    pub url: String,
    /// `WARC-Date` as an ISO date, empty when missing or not a date.
    pub date: String,
    /// The page.
    pub html: String,
    /// Where it is, for errors: `FILE: WARC record N at byte B`.
    pub origin: String,
}

/// The pages of one WARC stream.
pub struct WarcPages {
    name: String,
    reader: WarcReader,
    ids: IdFrom,
    max: usize,
    skipped: u64,
}

impl WarcPages {
    /// Pages of the (uncompressed) WARC stream `input`, named `name` in
    /// errors; pages larger than `max` bytes are errors.
    pub fn new(name: String, input: Box<dyn Read + Send>, max: usize, ids: IdFrom) -> WarcPages {
        WarcPages {
            name,
            reader: WarcReader::new(Box::new(BufReader::with_capacity(1 << 16, input)), max),
            ids,
            max,
            skipped: 0,
        }
    }

    /// Records skipped so far: not HTML pages.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The next page, or the error of a record with its id when known;
    /// `Ok(None)` at the end; `Err` when the stream itself fails.
    #[allow(clippy::type_complexity)]
    pub fn next_page(&mut self) -> Result<Option<(Option<String>, Result<WarcPage>)>> {
        loop {
            let rec = self
                .reader
                .next_record()
                .map_err(|e| Error::io(&self.name, e))?;
            let rec = match rec {
                None => return Ok(None),
                Some(Ok(r)) => r,
                Some(Err(b)) => {
                    let e = Error::input(
                        &self.name,
                        None,
                        format!(
                            "WARC record {} at byte {}: {}",
                            b.number, b.offset, b.reason
                        ),
                    );
                    return Ok(Some((None, Err(e))));
                }
            };
            let id = self.id(&rec);
            match self.page(&rec) {
                Ok(None) => self.skipped += 1,
                Ok(Some(html)) => {
                    let page = WarcPage {
                        id: id.clone(),
                        url: rec.header("WARC-Target-URI").unwrap_or("").to_string(),
                        date: rec
                            .header("WARC-Date")
                            .and_then(html::iso_date)
                            .unwrap_or_default(),
                        html,
                        origin: format!(
                            "{}: WARC record {} at byte {}",
                            self.name, rec.number, rec.offset
                        ),
                    };
                    return Ok(Some((Some(id), Ok(page))));
                }
                Err(reason) => {
                    let e = Error::input(
                        &self.name,
                        None,
                        format!(
                            "WARC record {} at byte {}: {reason}",
                            rec.number, rec.offset
                        ),
                    );
                    return Ok(Some((Some(id), Err(e))));
                }
            }
        }
    }

    fn id(&self, rec: &Record) -> String {
        let record_id = || {
            rec.header("WARC-Record-ID")
                .map(|v| v.trim_start_matches('<').trim_end_matches('>').to_string())
        };
        let uri = || rec.header("WARC-Target-URI").map(str::to_string);
        match self.ids {
            IdFrom::Uri => uri().or_else(record_id),
            IdFrom::Record => record_id().or_else(uri),
        }
        .unwrap_or_else(|| format!("record {}", rec.number))
    }

    /// The HTML of a page record; None for a record to skip.
    fn page(&self, rec: &Record) -> std::result::Result<Option<String>, String> {
        let kind = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let is_html = |ct: Option<&str>, body: &[u8]| match ct {
            Some(ct) => ct.to_ascii_lowercase().contains("html"),
            None => html::looks_like_html(&body[..body.len().min(1024)]),
        };
        let too_large = |n: u64| {
            format!(
                "page of {n} bytes is larger than {} bytes; expected at most that (raise --max-article-bytes)",
                self.max
            )
        };
        match kind.as_str() {
            "response" => {
                let http = http_response(&rec.block)?;
                if !(200..300).contains(&http.status)
                    || !is_html(http.content_type.as_deref(), http.payload)
                {
                    return Ok(None);
                }
                if rec.too_large() {
                    return Err(too_large(rec.length));
                }
                let cs = http.content_type.as_deref().and_then(charset);
                let payload = match http
                    .content_encoding
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                {
                    None => http.payload.to_vec(),
                    Some(e) if e == "identity" => http.payload.to_vec(),
                    Some(e) if e == "gzip" || e == "x-gzip" => {
                        let mut out = Vec::new();
                        flate2::read::MultiGzDecoder::new(http.payload)
                            .take(self.max as u64 + 1)
                            .read_to_end(&mut out)
                            .map_err(|e| format!("gzip payload does not inflate ({e})"))?;
                        if out.len() > self.max {
                            return Err(too_large(out.len() as u64));
                        }
                        out
                    }
                    Some(e) => {
                        return Err(format!(
                            "payload in Content-Encoding {e}; expected identity or gzip"
                        ))
                    }
                };
                Ok(Some(decode_text(payload, cs)))
            }
            "resource" if is_html(rec.header("Content-Type"), &rec.block) => {
                if rec.too_large() {
                    return Err(too_large(rec.length));
                }
                let cs = rec.header("Content-Type").and_then(charset);
                Ok(Some(decode_text(rec.block.clone(), cs)))
            }
            _ => Ok(None),
        }
    }
}
