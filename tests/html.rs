//! HTML pages, WARC archives and compressed inputs in article mode: the
//! seed article as a page labels as its plain text does; a WARC file gives
//! one article per HTML response, one error per broken record, and counts
//! the records it skips; gzip and zstd inputs read as the plain files.

use std::io::Write;

use crate::util::{repo, Workdir};

fn seed() -> String {
    std::fs::read_to_string(repo().join("datasets/examples/thaad.txt")).unwrap()
}

/// `s` with `"` and `&` written as entities.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;")
}

/// The seed article as a news page: headline, navigation, script, style,
/// caption, asides and footer around `<article><p>...</p></article>`; the
/// page's date in `date_markup` (inside `<head>`) or `body_date` (inside
/// the article).
fn page(date_markup: &str, body_date: &str) -> String {
    let text = seed();
    let mut blocks = text.split("\n\n").map(str::trim);
    let title = blocks.next().unwrap();
    let mut paragraphs = String::new();
    for b in blocks {
        let furniture = b.starts_with("Share on")
            || b.starts_with("(Photo")
            || b.starts_with("Updated")
            || b.starts_with("Related Articles")
            || b == "Make Our Site Your Homepage"
            || b == "Real Time Analytics";
        if furniture {
            paragraphs.push_str(&format!("<aside class=\"promo\">{}</aside>\n", escape(b)));
        } else {
            paragraphs.push_str(&format!("<p>{}</p>\n", escape(b)));
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <title>{t}</title>\n{date_markup}\n\
         <style>p {{ margin: 0 }} .x::after {{ content: \"<b>\" }}</style>\n\
         <script>var menu = \"<nav>Home &amp; World</nav>\"; if (a < b && c > d) {{}}</script>\n\
         </head><body>\n\
         <nav><a href=\"/\">Home</a> | <a href=\"/world\">World &amp; Politics</a> | <a href=\"/opinion\">Editors&#8217; Picks</a></nav>\n\
         <header><div class=\"logo\">The Daily Example</div></header>\n\
         <article><h1>{t}</h1>{body_date}\n{paragraphs}</article>\n\
         <aside><h3>Most Read</h3><ul><li><a href=\"/a\">Markets Slide &amp; Rates Rise</a></li></ul></aside>\n\
         <footer><p>&copy; 2017 The Daily Example &#8212; Terms &amp; Privacy</p></footer>\n\
         <script>track(\"page\");</script></body></html>\n",
        t = escape(title),
    )
}

const META_DATE: &str =
    "<meta property=\"article:published_time\" content=\"2017-03-08T10:05:00-05:00\">";

/// (country, topic, stance, confidence) of each row of JSON Lines output.
fn stances(jsonl: &str) -> Vec<(String, String, String, String)> {
    jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            (
                s("country"),
                s("topic"),
                s("stance"),
                v["confidence"].to_string(),
            )
        })
        .collect()
}

fn field(jsonl: &str, key: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v[key].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn the_seed_article_as_a_page_labels_as_its_text() {
    let w = Workdir::new();
    w.write("seed.txt", seed());
    w.write("page.html", page(META_DATE, ""));
    let plain = w.ok(&[
        "predict",
        "--format",
        "jsonl",
        "--date",
        "2017-03-08",
        "seed.txt",
    ]);
    let html = w.ok(&[
        "predict",
        "--format",
        "jsonl",
        "--emit-text",
        "texts",
        "page.html",
    ]);
    assert!(!stances(&plain).is_empty());
    assert_eq!(stances(&html), stances(&plain));
    assert!(
        field(&html, "date").iter().all(|d| d == "2017-03-08"),
        "{html}"
    );
    let title = "Beijing and Moscow Step Up Pressure Over Missile Shield in South Korea";
    assert!(field(&html, "title").iter().all(|t| t == title), "{html}");
    assert!(field(&html, "url").iter().all(String::is_empty), "{html}");
    for ev in field(&html, "evidence") {
        for bad in ["<", ">", "&quot;", "&amp;", "&#"] {
            assert!(!ev.contains(bad), "{bad} in evidence {ev}");
        }
    }
    // The extracted text: the offsets point into it; no markup or furniture.
    let text = w.read("texts/page.html.txt");
    assert!(
        text.starts_with(&format!("{title}\n\nChina and Russia on Tuesday")),
        "{text}"
    );
    assert!(
        text.contains("China \"firmly opposes\" the deployment"),
        "{text}"
    );
    for bad in [
        "<",
        "&",
        "Home",
        "Politics",
        "Most Read",
        "Daily Example",
        "track(",
        "margin",
    ] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
    for l in html.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let (s, e) = (
            v["evidence_start"].as_u64().unwrap() as usize,
            v["evidence_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], v["evidence"].as_str().unwrap());
    }
    // Sniffed without the extension, or forced with --input-format html.
    w.write("page", page(META_DATE, ""));
    w.write("page.txt", page(META_DATE, ""));
    let sniffed = w.ok(&["predict", "--format", "jsonl", "page"]);
    let forced = w.ok(&[
        "predict",
        "--format",
        "jsonl",
        "--input-format",
        "html",
        "page.txt",
    ]);
    assert_eq!(stances(&sniffed), stances(&plain));
    assert_eq!(stances(&forced), stances(&plain));
    // Forced as text, the markup is read as text.
    let raw = w.ok(&[
        "predict",
        "--input-format",
        "text",
        "--all-evidence",
        "page.txt",
    ]);
    assert!(raw.contains("&quot;") || raw.contains('<'), "{raw}");
}

/// A WARC record of `kind` with `headers` and `block`; `length` overrides
/// the Content-Length.
fn record(kind: &str, uri: &str, date: &str, block: &[u8], length: Option<usize>) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Date: {date}\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        length.unwrap_or(block.len())
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// Six records: four HTML pages dated by meta tag, `<time>`, JSON-LD and
/// WARC-Date alone; one page whose record is cut short of its
/// Content-Length (a broken body); one PNG image.
fn warc_records() -> Vec<Vec<u8>> {
    let html = |p: String| http("text/html; charset=utf-8", p.as_bytes());
    let json_ld = "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"datePublished\":\"2017-03-10T08:00:00Z\"}</script>";
    let broken = html(page(META_DATE, ""));
    vec![
        record(
            "response",
            "https://news.example/a",
            "2017-04-01T00:00:00Z",
            &html(page(META_DATE, "")),
            None,
        ),
        record(
            "response",
            "https://news.example/b",
            "2017-04-01T00:00:00Z",
            &html(page("", "<time datetime=\"2017-03-09\">March 9</time>")),
            None,
        ),
        record(
            "response",
            "https://news.example/broken",
            "2017-04-01T00:00:00Z",
            &broken,
            Some(broken.len() / 2),
        ),
        record(
            "response",
            "https://news.example/logo.png",
            "2017-04-01T00:00:00Z",
            &http("image/png", b"\x89PNG\r\n\x1a\n\0\0"),
            None,
        ),
        record(
            "response",
            "https://news.example/c",
            "2017-04-01T00:00:00Z",
            &html(page(json_ld, "")),
            None,
        ),
        record(
            "response",
            "https://news.example/d",
            "2017-04-02T12:00:00Z",
            &html(page("", "")),
            None,
        ),
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn a_warc_file_gives_one_article_per_html_page() {
    let w = Workdir::new();
    let records = warc_records();
    w.write("crawl.warc", records.concat());
    // gzip member per record, as Common Crawl writes.
    w.write(
        "crawl.warc.gz",
        records.iter().map(|r| gzip(r)).collect::<Vec<_>>().concat(),
    );
    let mut outs = Vec::new();
    for f in ["crawl.warc", "crawl.warc.gz"] {
        let args = [
            "predict",
            "--format",
            "jsonl",
            "--on-error",
            "skip",
            "--errors",
            "bad.csv",
            "-o",
            "out.jsonl",
            f,
        ];
        let (code, err) = w.fails(&args);
        assert_eq!(code, 1, "{err}");
        let out = w.read("out.jsonl");
        let mut ids = field(&out, "article");
        ids.dedup();
        assert_eq!(
            ids,
            [
                "https://news.example/a",
                "https://news.example/b",
                "https://news.example/c",
                "https://news.example/d"
            ]
        );
        let mut dated: Vec<(String, String)> = field(&out, "url")
            .into_iter()
            .zip(field(&out, "date"))
            .collect();
        dated.dedup();
        assert_eq!(
            dated,
            [
                ("https://news.example/a".into(), "2017-03-08".into()),
                ("https://news.example/b".into(), "2017-03-09".into()),
                ("https://news.example/c".into(), "2017-03-10".into()),
                ("https://news.example/d".into(), "2017-04-02".into()),
            ]
        );
        let rows_per_page = stances(&out).len() / 4;
        assert!(rows_per_page > 0);
        assert!(
            err.contains(&format!(
                "read 5 articles: 4 with {} country-topic rows, 0 naming no country with a topic, 1 rejected (reasons in bad.csv); 1 WARC record skipped (not HTML pages)",
                4 * rows_per_page
            )),
            "{err}"
        );
        let bad = w.read("bad.csv");
        assert_eq!(bad.lines().count(), 2, "{bad}");
        assert!(
            bad.contains(&format!("{f}: WARC record 3 at byte "))
                && bad.contains("the block does not end after Content-Length"),
            "{bad}"
        );
        outs.push(out);
    }
    assert_eq!(outs[0], outs[1]);
    // --id record names pages by WARC-Record-ID.
    let args = [
        "predict",
        "--format",
        "jsonl",
        "--on-error",
        "skip",
        "--id",
        "record",
        "-q",
        "-o",
        "ids.jsonl",
        "crawl.warc",
    ];
    w.fails(&args);
    let mut ids = field(&w.read("ids.jsonl"), "article");
    ids.dedup();
    assert_eq!(ids[0], "urn:uuid:https://news.example/a");
}

#[test]
fn compressed_inputs_read_as_plain_ones() {
    let w = Workdir::new();
    let text = seed();
    let line = serde_json::json!({"id": "t", "text": text}).to_string();
    let jsonl = format!("{line}\n{line}\n");
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["id", "text"]).unwrap();
    csv.write_record(["t", text.as_str()]).unwrap();
    let csv = csv.into_inner().unwrap();
    w.write("a.jsonl", &jsonl);
    w.write("a.jsonl.gz", gzip(jsonl.as_bytes()));
    w.write("a.csv", &csv);
    w.write("a.csv.zst", zstd::encode_all(&csv[..], 3).unwrap());
    w.write("t.txt", &text);
    w.write("t.txt.gz", gzip(text.as_bytes()));
    let rows = |f: &str| w.ok(&["predict", "--data", f, "--as-articles", "--id", "id", "-q"]);
    assert_eq!(rows("a.jsonl.gz"), rows("a.jsonl"));
    assert_eq!(rows("a.csv.zst"), rows("a.csv"));
    assert!(rows("a.csv").lines().count() > 1);
    let plain = w.ok(&["predict", "-q", "t.txt"]);
    let gz = w.ok(&["predict", "-q", "t.txt.gz"]);
    assert_eq!(gz, plain.replace("t.txt,", "t.txt.gz,"));
    // Standard input too.
    let mut child = w
        .cmd(&["predict", "--per-article", "--id", "id"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&zstd::encode_all(jsonl.as_bytes(), 1).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 2);
}
