//! The country x topic table of a [`Summary`]: aligned text for a
//! terminal, or CSV. One line per cell: country, topic, articles, rows of
//! each stance, net (support minus oppose share of the rows) and mean
//! confidence.

use std::io::Write;

use super::Summary;
use crate::error::{Error, Result};

/// The table's columns.
pub const COLUMNS: [&str; 9] = [
    "country",
    "topic",
    "articles",
    "support",
    "oppose",
    "neutral",
    "unclear",
    "net",
    "mean_confidence",
];

/// The table's rows as text fields (numbers formatted as printed).
pub fn rows(s: &Summary) -> Vec<[String; 9]> {
    s.cells
        .iter()
        .map(|c| {
            let n = &c.counts;
            [
                c.country.clone(),
                c.topic.clone(),
                c.articles().to_string(),
                n.support.to_string(),
                n.oppose.to_string(),
                n.neutral.to_string(),
                n.unclear.to_string(),
                format!("{:+.2}", n.net()),
                format!("{:.3}", n.mean_confidence()),
            ]
        })
        .collect()
}

fn io(e: std::io::Error) -> Error {
    Error::io("output", e)
}

/// Write the table as aligned text (numbers right-aligned).
pub fn write_text(s: &Summary, out: &mut dyn Write) -> Result<()> {
    let rows = rows(s);
    let mut width: Vec<usize> = COLUMNS.iter().map(|c| c.chars().count()).collect();
    for r in &rows {
        for (w, f) in width.iter_mut().zip(r) {
            *w = (*w).max(f.chars().count());
        }
    }
    let line = |fields: &[&str], out: &mut dyn Write| -> Result<()> {
        let mut l = String::new();
        for (i, (f, w)) in fields.iter().zip(&width).enumerate() {
            let pad = w - f.chars().count();
            if i > 0 {
                l.push_str("  ");
            }
            if i < 2 {
                l.push_str(f);
                if i == 0 {
                    l.push_str(&" ".repeat(pad));
                }
            } else {
                l.push_str(&" ".repeat(pad));
                l.push_str(f);
            }
            if i == 1 {
                l.push_str(&" ".repeat(pad));
            }
        }
        writeln!(out, "{}", l.trim_end()).map_err(io)
    };
    line(&COLUMNS, out)?;
    for r in &rows {
        let f: Vec<&str> = r.iter().map(String::as_str).collect();
        line(&f, out)?;
    }
    Ok(())
}

/// Write the table as CSV with a header.
pub fn write_csv(s: &Summary, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let e = |e: csv::Error| Error::Other(format!("cannot write output: {e}"));
    w.write_record(COLUMNS).map_err(e)?;
    for r in rows(s) {
        w.write_record(&r).map_err(e)?;
    }
    w.flush().map_err(io)
}
