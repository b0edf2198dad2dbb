//! Stripping the parts of e-mail and Usenet posts that say who wrote a
//! message rather than what it is about: the header block, quoted replies and
//! the signature. The three rules follow scikit-learn's
//! `fetch_20newsgroups(remove=('headers', 'footers', 'quotes'))`:
//!
//! - headers: everything up to the first blank line (`\n\n`);
//! - quotes: lines starting with `>` or `|`, and attribution lines such as
//!   "In article <...>, x writes:" (a line containing `writes in`,
//!   `writes:`, `wrote:`, `says:` or `said:`, or starting with `In article`
//!   or `Quoted from`);
//! - footers: everything from the last line made only of dashes (the
//!   `--` signature separator, or an empty line) to the end, unless that
//!   line is the first one.
//!
//! Which parts are removed is a [`EmailStrip`] saved in the model's feature
//! configuration, so `predict` strips exactly what `train` stripped.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which parts of an e-mail-like text to remove before vectorizing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailStrip {
    /// Remove the header block (up to the first blank line).
    pub headers: bool,
    /// Remove the signature (from the last dash-only line).
    pub footers: bool,
    /// Remove quoted lines and reply attributions.
    pub quotes: bool,
}

impl EmailStrip {
    /// Nothing removed.
    pub const NONE: EmailStrip = EmailStrip {
        headers: false,
        footers: false,
        quotes: false,
    };
    /// Headers, footers and quotes removed (scikit-learn's "realistic"
    /// 20 Newsgroups setting).
    pub const ALL: EmailStrip = EmailStrip {
        headers: true,
        footers: true,
        quotes: true,
    };

    /// True when nothing is removed.
    pub fn is_none(&self) -> bool {
        *self == EmailStrip::NONE
    }

    /// Apply the selected rules, in sklearn's order: headers, footers, quotes.
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_none() {
            return Cow::Borrowed(text);
        }
        let mut t: Cow<'a, str> = Cow::Borrowed(text);
        if self.headers {
            t = match t {
                Cow::Borrowed(s) => Cow::Borrowed(strip_headers(s)),
                Cow::Owned(s) => Cow::Owned(strip_headers(&s).to_string()),
            };
        }
        if self.footers {
            t = Cow::Owned(strip_footers(&t));
        }
        if self.quotes {
            t = Cow::Owned(strip_quotes(&t));
        }
        t
    }
}

impl std::str::FromStr for EmailStrip {
    type Err = Error;
    /// Parse `none`, `all`, or a comma list of `headers`, `footers`,
    /// `quotes`.
    fn from_str(s: &str) -> Result<Self> {
        let mut out = EmailStrip::NONE;
        for part in s.split(',').map(str::trim) {
            match part {
                "none" => {}
                "all" => out = EmailStrip::ALL,
                "headers" => out.headers = true,
                "footers" => out.footers = true,
                "quotes" => out.quotes = true,
                _ => {
                    return Err(Error::Param {
                        name: "strip-email",
                        value: s.to_string(),
                        expected: "none, all, or a comma list of headers, footers, quotes".into(),
                    })
                }
            }
        }
        Ok(out)
    }
}

/// The text after the first blank line (the whole text if there is none is
/// *not* kept: as sklearn's `partition`, no blank line means no body).
pub fn strip_headers(text: &str) -> &str {
    match text.find("\n\n") {
        Some(i) => &text[i + 2..],
        None => "",
    }
}

/// Drop everything from the last dash-only line on (sklearn's
/// `strip_newsgroup_footer`); the text is trimmed first.
pub fn strip_footers(text: &str) -> String {
    let lines: Vec<&str> = text.trim().split('\n').collect();
    let cut = (0..lines.len())
        .rev()
        .find(|&i| lines[i].trim().trim_matches('-').is_empty());
    match cut {
        Some(i) if i > 0 => lines[..i].join("\n"),
        _ => text.to_string(),
    }
}

/// Drop quoted lines and reply attributions (sklearn's
/// `strip_newsgroup_quoting`).
pub fn strip_quotes(text: &str) -> String {
    text.split('\n')
        .filter(|line| !is_quote_line(line))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_quote_line(line: &str) -> bool {
    ["writes in", "writes:", "wrote:", "says:", "said:"]
        .iter()
        .any(|k| line.contains(k))
        || line.starts_with("In article")
        || line.starts_with("Quoted from")
        || line.starts_with('|')
        || line.starts_with('>')
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "From: a@b.c\nSubject: engines\n\nIn article <1@x>, b@y writes:\n> old text\n| more old\nMy own words here.\nSecond line.\n\n--\nSig Name\n";

    #[test]
    fn strips_each_part() {
        assert_eq!(
            strip_headers(POST),
            "In article <1@x>, b@y writes:\n> old text\n| more old\nMy own words here.\nSecond line.\n\n--\nSig Name\n"
        );
        assert_eq!(strip_headers("no blank line"), "");
        assert_eq!(strip_quotes("a\n> b\nIn article x\nc wrote: y\nd"), "a\nd");
        // The last dash-only (or empty) line starts the footer.
        assert_eq!(strip_footers("body\n--\nsig"), "body");
        assert_eq!(strip_footers("body\n\nmore\n-----\nname"), "body\n\nmore");
        // A dash line at the very top is not a footer.
        assert_eq!(strip_footers("--\nall"), "--\nall");
    }

    #[test]
    fn applies_in_order_and_parses() {
        assert_eq!(
            EmailStrip::ALL.apply(POST),
            "My own words here.\nSecond line.\n"
        );
        assert!(matches!(EmailStrip::NONE.apply(POST), Cow::Borrowed(_)));
        let h: EmailStrip = "headers,quotes".parse().unwrap();
        assert_eq!(
            h,
            EmailStrip {
                headers: true,
                footers: false,
                quotes: true
            }
        );
        assert_eq!("all".parse::<EmailStrip>().unwrap(), EmailStrip::ALL);
        assert_eq!("none".parse::<EmailStrip>().unwrap(), EmailStrip::NONE);
        let e = "sigs".parse::<EmailStrip>().unwrap_err().to_string();
        assert!(e.contains("strip-email"), "{e}");
    }
}
