//! An article's text, title and date out of an HTML page.
//!
//! Page furniture is dropped first: `nav`, `footer`, `aside`, `form` and
//! the like ([`DROPPED`]), and `header` outside
//! `article` / `main` (readability.js keeps a short page's menu). The main
//! text is then found by `dom_smoothie` (a port of Mozilla's
//! readability.js: the densest block of paragraphs is kept, link lists and
//! widgets scored out) in its formatted text mode: entities decoded, block
//! elements (`<p>`, headings, list items, `<br>`) turned into line breaks,
//! so that paragraphs stay sentence boundaries. When it finds no article,
//! the page's body is taken instead.
//!
//! The extracted text is the title (when the main text does not already
//! start with it), a blank line, and the main text: evidence offsets point
//! into this text (`predict --emit-text DIR` writes it).
//!
//! The date: `dom_smoothie`'s metadata (JSON-LD `datePublished`, then
//! `<meta property="article:published_time">` and its kin), else the first
//! `<time datetime="...">`; written as its ISO 8601 date ([`iso_date`]).

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

/// Elements dropped before the text is looked for (and `<header>` outside
/// `<article>` and `<main>`).
/// (Scripts and styles are removed by readability, after it has read the
/// JSON-LD metadata in `<script type="application/ld+json">`.)
pub const DROPPED: &str = "nav, footer, aside, form, noscript, template, iframe, button, dialog";

/// What a page gives: its text (title first), title and date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The article text (see the module docs).
    pub text: String,
    /// The page's title, empty when it has none.
    pub title: String,
    /// The publication date as `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), empty
    /// when the page has none.
    pub date: String,
}

/// Whether `head` (the first bytes of a file) looks like an HTML page:
/// `<!doctype html` or `<html` (any case) after a byte order mark and
/// white space.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = &head[start..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    starts(b"<!doctype html") || starts(b"<html")
}

/// The article of page `html`; Err with the reason when no text is found.
pub fn extract(html: &str) -> Result<Page, String> {
    let doc = Document::from(html);
    let time = doc
        .select("time[datetime]")
        .attr("datetime")
        .map(|t| t.to_string());
    drop_furniture(&doc);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let parsed = Readability::with_document(doc, None, Some(cfg))
        .map_err(|e| e.to_string())?
        .parse();
    let (body, title, published) = match parsed {
        Ok(a) => (a.text_content.to_string(), a.title, a.published_time),
        Err(_) => {
            let doc = Document::from(html);
            let title = doc.select("title").text().trim().to_string();
            drop_furniture(&doc);
            doc.select("script, style").remove();
            let body = match doc.body() {
                Some(b) => b.formatted_text().to_string(),
                None => doc.formatted_text().to_string(),
            };
            (body, title, None)
        }
    };
    let body = tidy(&body);
    if body.is_empty() {
        return Err("no article text in the HTML page; expected text in its body".into());
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if title.is_empty() || body.starts_with(&title) {
        body
    } else {
        format!("{title}\n\n{body}")
    };
    let date = published
        .as_deref()
        .and_then(iso_date)
        .or_else(|| time.as_deref().and_then(iso_date))
        .unwrap_or_default();
    Ok(Page { text, title, date })
}

/// Remove the [`DROPPED`] elements, and `<header>`s outside `<article>`
/// and `<main>` (a headline's own header stays).
fn drop_furniture(doc: &Document) {
    doc.select(DROPPED).remove();
    for h in doc.select("header").iter() {
        if !h.is("article header, main header") {
            h.remove();
        }
    }
}

/// Lines trimmed, runs of blank lines made one, no blank lines at either
/// end, ending in a newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The ISO 8601 date at the start of `value` (`2017-03-08T10:05:00-05:00`
/// gives `2017-03-08`: the date as the page wrote it, no time zone
/// conversion), or of an RFC 2822 date (`Wed, 08 Mar 2017 ...`); None when
/// neither is there or the date does not exist.
pub fn iso_date(value: &str) -> Option<String> {
    let v = value.trim();
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.len() >= r.end && b[r].iter().all(u8::is_ascii_digit);
    let date = if digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) {
        if b.get(7) == Some(&b'-') && digits(8..10) {
            v[..10].to_string()
        } else {
            v[..7].to_string()
        }
    } else if digits(0..4) && b.len() == 4 {
        v.to_string()
    } else {
        rfc2822_date(v)?
    };
    valid_date(&date).then_some(date)
}

/// Whether `YYYY`, `YYYY-MM` or `YYYY-MM-DD` names a real date (a day
/// within its month, February 29 in leap years only).
fn valid_date(date: &str) -> bool {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next().flatten(), parts.next(), parts.next());
    let Some(y) = y else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    match (m, d) {
        (None, _) => true,
        (Some(Some(m)), None) => (1..=12).contains(&m),
        (Some(Some(m)), Some(Some(d))) => {
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                1..=12 => 31,
                _ => return false,
            };
            (1..=days).contains(&d)
        }
        _ => false,
    }
}

/// `08 Mar 2017` in an RFC 2822 date, as `2017-03-08`.
fn rfc2822_date(v: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let v = v.split_once(',').map_or(v, |(_, rest)| rest);
    let mut parts = v.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month.starts_with(m))? + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    (1000..10000)
        .contains(&year)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_sniffed() {
        assert!(looks_like_html(b"\xef\xbb\xbf\n  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<HTML lang=en>"));
        assert!(!looks_like_html(b"China said <html> is"));
        assert!(!looks_like_html(b"<!doc"));
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(iso_date("2017-03-08T10:05:00-05:00").unwrap(), "2017-03-08");
        assert_eq!(iso_date(" 2017-03 ").unwrap(), "2017-03");
        assert_eq!(iso_date("2017").unwrap(), "2017");
        assert_eq!(
            iso_date("Wed, 08 Mar 2017 15:05:00 GMT").unwrap(),
            "2017-03-08"
        );
        assert_eq!(iso_date("2017-02-30"), None);
        assert_eq!(iso_date("2016-02-29").unwrap(), "2016-02-29");
        assert_eq!(iso_date("2017-13"), None);
        assert_eq!(iso_date("yesterday"), None);
    }

    #[test]
    fn a_short_page_falls_back_to_its_body() {
        let html = "<html><head><title>A &amp; B</title><script>var x='<p>';</script></head>\
            <body><nav>Home | World</nav><p>Chile backs the plan.</p><p>Peru doesn&#8217;t.</p>\
            <time datetime=\"2020-01-02T03:04\">Jan 2</time><footer>(c) Paper</footer></body></html>";
        let p = extract(html).unwrap();
        assert_eq!(p.title, "A & B");
        assert_eq!(p.date, "2020-01-02");
        assert!(p.text.starts_with("A & B\n\n"), "{:?}", p.text);
        assert!(p.text.contains("Chile backs the plan.\n"), "{:?}", p.text);
        assert!(p.text.contains("Peru doesn\u{2019}t."), "{:?}", p.text);
        for gone in ["Home", "var x", "(c) Paper", "<", "&"] {
            assert!(!p.text[7..].contains(gone), "{gone} in {:?}", p.text);
        }
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        let e = extract("<html><body><script>1</script></body></html>").unwrap_err();
        assert!(e.starts_with("no article text"), "{e}");
    }
}
