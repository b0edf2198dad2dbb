//! Validator for the bundled CSVs. Not part of the cargo build. Run from the
//! repository root:
//!
//! ```text
//! rustc -O datasets/tools/check_csv.rs -o /tmp/chk && /tmp/chk
//! ```
//!
//! Checks, for every CSV: valid UTF-8, RFC 4180 quoting, the expected header,
//! the same number of fields on every row, no blank fields, unique ids, and
//! allowed label values. For the stance and topic data it also checks that
//! every target is a topic from `datasets/stance/topics.tsv`, and for the
//! stance data that each text contains at least one alias of its target.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::process::exit;

/// Parse RFC 4180 CSV into records; errors name the line.
fn parse(path: &str, s: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut out = Vec::new();
    let mut rec = Vec::new();
    let mut field = String::new();
    let mut in_q = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_q {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    in_q = false;
                    match chars.peek() {
                        Some(',') | Some('\n') | None => {}
                        Some(x) => return Err(format!("{path}:{line}: character {x:?} after closing quote, expected ',' or end of line")),
                    }
                }
                '\n' => {
                    line += 1;
                    field.push(c)
                }
                _ => field.push(c),
            }
        } else {
            match c {
                '"' if field.is_empty() => in_q = true,
                '"' => return Err(format!("{path}:{line}: bare quote inside an unquoted field")),
                ',' => rec.push(std::mem::take(&mut field)),
                '\r' => return Err(format!("{path}:{line}: carriage return found, expected LF line endings")),
                '\n' => {
                    rec.push(std::mem::take(&mut field));
                    out.push((start_line, std::mem::take(&mut rec)));
                    line += 1;
                    start_line = line;
                }
                _ => field.push(c),
            }
        }
    }
    if in_q {
        return Err(format!("{path}:{line}: unterminated quoted field"));
    }
    if !field.is_empty() || !rec.is_empty() {
        return Err(format!("{path}:{line}: last line has no trailing newline"));
    }
    Ok(out)
}

fn load(path: &str, header: &[&str]) -> Result<Vec<(usize, Vec<String>)>, String> {
    let bytes = fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let s = String::from_utf8(bytes).map_err(|e| format!("{path}: not UTF-8 ({e})"))?;
    let recs = parse(path, &s)?;
    let (_, h) = recs.first().ok_or(format!("{path}: empty file"))?;
    if h != header {
        return Err(format!("{path}:1: header {h:?}, expected {header:?}"));
    }
    let mut ids = BTreeSet::new();
    for (line, r) in &recs[1..] {
        if r.len() != header.len() {
            return Err(format!("{path}:{line}: {} fields, expected {}", r.len(), header.len()));
        }
        if let Some(i) = r.iter().position(|f| f.trim().is_empty()) {
            return Err(format!("{path}:{line}: blank field '{}'", header[i]));
        }
        if let Some(i) = r.iter().position(|f| f != f.trim()) {
            return Err(format!("{path}:{line}: field '{}' has leading or trailing spaces", header[i]));
        }
        if !ids.insert(r[0].clone()) {
            return Err(format!("{path}:{line}: duplicate id {}", r[0]));
        }
    }
    Ok(recs[1..].to_vec())
}

fn count(title: &str, recs: &[(usize, Vec<String>)], col: usize) {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, r) in recs {
        *m.entry(r[col].as_str()).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("{title}: {} rows, {} distinct", recs.len(), v.len());
    for (k, n) in v {
        println!("  {k}\t{n}");
    }
}

fn run() -> Result<(), String> {
    let tsv = fs::read_to_string("datasets/stance/topics.tsv").map_err(|e| format!("topics.tsv: {e}"))?;
    let mut topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, l) in tsv.lines().enumerate() {
        let (name, aliases) = l
            .split_once('\t')
            .ok_or(format!("datasets/stance/topics.tsv:{}: no tab, expected name<TAB>aliases", i + 1))?;
        topics.insert(name.to_string(), aliases.split('|').map(str::to_lowercase).collect());
    }

    let stance = load("datasets/stance/train.csv", &["id", "text", "holder", "target", "stance"])?;
    for (line, r) in &stance {
        if !["support", "oppose", "neutral"].contains(&r[4].as_str()) {
            return Err(format!("datasets/stance/train.csv:{line}: stance '{}', expected support/oppose/neutral", r[4]));
        }
        let aliases = topics
            .get(&r[3])
            .ok_or(format!("datasets/stance/train.csv:{line}: target '{}' not in topics.tsv", r[3]))?;
        let low = r[1].to_lowercase();
        if !aliases.iter().any(|a| low.contains(a.as_str())) {
            return Err(format!("datasets/stance/train.csv:{line}: text has no alias of '{}'", r[3]));
        }
    }
    let sentences: BTreeSet<&str> = stance.iter().map(|(_, r)| r[1].as_str()).collect();
    println!("stance sentences: {}", sentences.len());
    count("stance by label", &stance, 4);
    count("stance by target", &stance, 3);
    count("stance by holder", &stance, 2);

    let topic = load("datasets/topics/train.csv", &["id", "text", "topic"])?;
    for (line, r) in &topic {
        if r[2] != "other" && !topics.contains_key(&r[2]) {
            return Err(format!("datasets/topics/train.csv:{line}: topic '{}' not in topics.tsv and not 'other'", r[2]));
        }
    }
    count("topics by topic", &topic, 2);

    let tour = load("datasets/tour/sentences.csv", &["id", "text", "target", "stance"])?;
    for (line, r) in &tour {
        if !["FAVOR", "AGAINST", "NONE"].contains(&r[3].as_str()) {
            return Err(format!("datasets/tour/sentences.csv:{line}: stance '{}', expected FAVOR/AGAINST/NONE", r[3]));
        }
    }
    count("tour by stance", &tour, 3);
    count("tour by target", &tour, 2);
    let new = load("datasets/tour/new.csv", &["id", "text", "target"])?;
    count("tour new by target", &new, 2);
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        exit(1);
    }
    println!("all CSVs valid");
}
