//! Articles as researchers store them: compressed streams
//! ([`decompress`]: gzip, zstd), HTML pages ([`html`]: main text, title,
//! date), WARC archives ([`warc`]: records; [`pages`]: their HTML
//! responses as pages), and which of these a file is ([`FileKind`]).
//! Depends on `entities` (date checks) and `error`.

pub mod decompress;
pub mod html;
pub mod pages;
pub mod warc;

/// What an article file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Plain text, the article itself.
    Text,
    /// One HTML page.
    Html,
    /// A WARC archive of many pages.
    Warc,
}

impl FileKind {
    /// The kind a file name says (`.html`, `.htm`, `.xhtml`, `.warc`, also
    /// before `.gz` / `.zst`), None when it says none of these.
    pub fn from_name(path: &str) -> Option<FileKind> {
        let lower = decompress::strip_suffix(path).to_ascii_lowercase();
        if [".html", ".htm", ".xhtml"]
            .iter()
            .any(|s| lower.ends_with(s))
        {
            Some(FileKind::Html)
        } else if lower.ends_with(".warc") {
            Some(FileKind::Warc)
        } else {
            None
        }
    }

    /// The kind the first bytes of a file say: a `WARC/1.` line, an HTML
    /// start ([`html::looks_like_html`]), else text.
    pub fn sniff(head: &[u8]) -> FileKind {
        if head.starts_with(b"WARC/1.") {
            FileKind::Warc
        } else if html::looks_like_html(head) {
            FileKind::Html
        } else {
            FileKind::Text
        }
    }
}

/// `bytes` as text: UTF-8 when valid; else, when `charset` (from a
/// `Content-Type` header or `<meta charset>`) names ISO 8859-1 or
/// windows-1252, each byte as its Latin-1 character; else UTF-8 with
/// replacement characters for the bad bytes.
pub fn decode_text(bytes: Vec<u8>, charset: Option<&str>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            let latin1 = charset.is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                [
                    "iso-8859-1",
                    "latin1",
                    "latin-1",
                    "windows-1252",
                    "cp1252",
                    "us-ascii",
                ]
                .iter()
                .any(|n| c.contains(n))
            });
            if latin1 {
                bytes.iter().map(|&b| b as char).collect()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            }
        }
    }
}

/// The `charset=` value of a `Content-Type`.
pub fn charset(content_type: &str) -> Option<&str> {
    content_type.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name_and_content() {
        assert_eq!(FileKind::from_name("a/b.HTM"), Some(FileKind::Html));
        assert_eq!(FileKind::from_name("x.html.gz"), Some(FileKind::Html));
        assert_eq!(FileKind::from_name("cc.warc.gz"), Some(FileKind::Warc));
        assert_eq!(FileKind::from_name("a.txt.zst"), None);
        assert_eq!(FileKind::sniff(b"WARC/1.1\r\n"), FileKind::Warc);
        assert_eq!(FileKind::sniff(b" <!DOCTYPE HTML>"), FileKind::Html);
        assert_eq!(FileKind::sniff(b"China said"), FileKind::Text);
    }

    #[test]
    fn text_is_decoded() {
        assert_eq!(decode_text(b"caf\xe9".to_vec(), Some("ISO-8859-1")), "café");
        assert_eq!(decode_text(b"caf\xe9".to_vec(), None), "caf\u{fffd}");
        assert_eq!(charset("text/html; Charset=\"UTF-8\""), Some("UTF-8"));
    }
}
