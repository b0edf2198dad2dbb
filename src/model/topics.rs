//! Topic lists with aliases: `--topic NAME[=alias,alias...]` and
//! `--topics FILE` (TSV: `name<TAB>alias|alias|...`, `#` comments).

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Topic;

/// Parse one `--topic` value: `NAME` or `NAME=alias,alias`. The name is
/// always an alias of itself.
pub fn parse_topic_arg(s: &str) -> Result<Topic> {
    let (name, aliases) = match s.split_once('=') {
        Some((n, a)) => (n.trim(), a.split(',').map(str::trim).collect::<Vec<_>>()),
        None => (s.trim(), Vec::new()),
    };
    if name.is_empty() {
        return Err(Error::Param {
            name: "topic",
            value: s.to_string(),
            expected: "NAME or NAME=alias,alias".into(),
        });
    }
    Ok(make(name, aliases))
}

/// A topic named like one of the model's (case aside) keeps the model's
/// aliases too, after its own.
pub fn add_model_aliases(topics: &mut [Topic], model: &crate::model::Model) {
    for t in topics {
        if let Some(known) = model
            .topics
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(&t.name))
        {
            for alias in &known.aliases {
                if !t.aliases.iter().any(|x| x.eq_ignore_ascii_case(alias)) {
                    t.aliases.push(alias.clone());
                }
            }
        }
    }
}

/// A topic from its name and aliases (the name is an alias too).
pub fn make(name: &str, aliases: Vec<&str>) -> Topic {
    let mut all = vec![name.to_string()];
    for a in aliases {
        if !a.is_empty() && !all.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            all.push(a.to_string());
        }
    }
    Topic {
        name: name.to_string(),
        aliases: all,
    }
}

/// Parse a topics TSV given as text; `name` is used in messages.
pub fn parse_topics(name: &str, text: &str) -> Result<Vec<Topic>> {
    let mut out: Vec<Topic> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (n, aliases) = match line.split_once('\t') {
            Some((n, a)) => (n.trim(), a.split('|').map(str::trim).collect()),
            None => (line.trim(), Vec::new()),
        };
        if n.is_empty() {
            return Err(Error::input(
                name,
                Some(i as u64 + 1),
                "empty topic name; expected name<TAB>alias|alias",
            ));
        }
        if out.iter().any(|t| t.name == n) {
            return Err(Error::input(
                name,
                Some(i as u64 + 1),
                format!("topic \"{n}\" listed twice; expected each topic once"),
            ));
        }
        out.push(make(n, aliases));
    }
    if out.is_empty() {
        return Err(Error::input(
            name,
            None,
            "no topics; expected name<TAB>alias|alias lines",
        ));
    }
    Ok(out)
}

/// Read a topics TSV file.
pub fn read_topics_file(path: &Path) -> Result<Vec<Topic>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_topics(&path.display().to_string(), &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_args_and_files() {
        let t = parse_topic_arg("missile defense=THAAD, missile shield").unwrap();
        assert_eq!(t.name, "missile defense");
        assert_eq!(t.aliases, ["missile defense", "THAAD", "missile shield"]);
        let ts = parse_topics("t.tsv", "# c\nsanctions\tembargo|sanctions\n\ntariffs\n").unwrap();
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].aliases, ["sanctions", "embargo"]);
        let e = parse_topics("t.tsv", "a\n\tb\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.tsv:2: empty topic name; expected name<TAB>alias|alias"
        );
    }
}
