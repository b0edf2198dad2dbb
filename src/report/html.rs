//! The report as one self-contained HTML page: the table, the heatmap and
//! the timeline as inline SVG, and behind each table row a `<details>`
//! element with the cell's evidence sentences (a click opens it; no
//! script, no network, no CDN). A one-line script records page errors in
//! the DOM (`<pre id="errors">`), so a headless browser's `--dump-dom`
//! shows whether any occurred.

use super::{table, Summary};

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document as inline markup (its XML declaration removed).
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}\
th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}\
td.n{text-align:right}th{background:#f0f0f0}\
details summary{cursor:pointer;color:#05c}\
details li{margin:.3em 0;max-width:60em}\
.support{color:#0571b0}.oppose{color:#ca0020}";

/// The page: `title`, a line on what was read, the table with evidence,
/// and the charts (`timeline` when there is one).
pub fn page(s: &Summary, title: &str, heatmap: &str, timeline: Option<&str>) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str(&format!("<title>{}</title>", escape(title)));
    h.push_str(&format!("<style>{STYLE}</style>"));
    h.push_str(
        "<script>window.onerror=function(m){var e=document.getElementById('errors');\
         if(e){e.textContent+=m+'\\n';}};</script>",
    );
    h.push_str("</head><body>\n");
    h.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    h.push_str(&format!(
        "<p>{} article-level rows read, {} kept in {} country-topic cells.</p>\n",
        s.rows,
        s.kept,
        s.cells.len()
    ));
    h.push_str("<h2>Countries and topics</h2>\n<div class=\"chart\">");
    h.push_str(inline_svg(heatmap));
    h.push_str("</div>\n");
    if let Some(t) = timeline {
        h.push_str("<h2>Over time</h2>\n<div class=\"chart\">");
        h.push_str(inline_svg(t));
        h.push_str("</div>\n");
    }
    h.push_str("<h2>Table</h2>\n<table id=\"stances\"><thead><tr>");
    for c in table::COLUMNS {
        h.push_str(&format!("<th>{c}</th>"));
    }
    h.push_str("<th>evidence</th></tr></thead><tbody>\n");
    for (cell, row) in s.cells.iter().zip(table::rows(s)) {
        h.push_str("<tr>");
        for (i, f) in row.iter().enumerate() {
            let class = if i >= 2 { " class=\"n\"" } else { "" };
            h.push_str(&format!("<td{class}>{}</td>", escape(f)));
        }
        h.push_str("<td>");
        if cell.evidence.is_empty() {
            h.push_str("&mdash;");
        } else {
            h.push_str(&format!(
                "<details><summary>{} sentence{}</summary><ul>",
                cell.evidence.len(),
                if cell.evidence.len() == 1 { "" } else { "s" }
            ));
            for e in &cell.evidence {
                h.push_str(&format!(
                    "<li><span class=\"{0}\">{0} {1:.2}</span> {2}{3}: {4}</li>",
                    escape(&e.stance),
                    e.confidence,
                    escape(&e.article),
                    if e.date.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", escape(&e.date))
                    },
                    escape(&e.text)
                ));
            }
            h.push_str("</ul></details>");
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody></table>\n<pre id=\"errors\"></pre>\n</body></html>\n");
    h
}
