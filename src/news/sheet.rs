//! Annotation sheets: an article as numbered sentences, each sentence that
//! names a country followed by the countries found in it, for a reader who
//! labels (sentence, country, topic) rows by hand (see
//! `datasets/news/GUIDELINES.md`). The gazetteer only proposes which rows
//! to look at; the reader gives every label, and may add countries the
//! gazetteer missed.

use std::fmt::Write as _;
use std::ops::Range;

use crate::article::article_sentences;
use crate::entities::gazetteer::Gazetteer;

/// One sentence of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSentence {
    /// Byte range in the article.
    pub span: Range<usize>,
    /// ISO3 codes of the countries named in it, with the words that name
    /// them, in order of first mention.
    pub countries: Vec<(String, Vec<String>)>,
}

/// An article split for labeling.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Article id (`fnc1-1087`).
    pub id: String,
    /// Its sentences, in order; the index is the sentence number.
    pub sentences: Vec<SheetSentence>,
}

impl Sheet {
    /// Split `text` into sentences (after boilerplate removal, as
    /// `predict` reads articles) and find the countries of each.
    pub fn new(id: &str, text: &str, gaz: &Gazetteer) -> Sheet {
        let sentences = article_sentences(text)
            .into_iter()
            .map(|s| {
                let sentence = &text[s.start..s.end];
                let mut countries: Vec<(String, Vec<String>)> = Vec::new();
                for m in gaz.find(sentence) {
                    let iso3 = gaz.country(m.country).iso3.clone();
                    let words = sentence[m.start..m.end].to_string();
                    match countries.iter_mut().find(|(c, _)| *c == iso3) {
                        Some((_, w)) if !w.contains(&words) => w.push(words),
                        Some(_) => {}
                        None => countries.push((iso3, vec![words])),
                    }
                }
                SheetSentence {
                    span: s.start..s.end,
                    countries,
                }
            })
            .collect();
        Sheet {
            id: id.to_string(),
            sentences,
        }
    }

    /// Number of (sentence, country) pairs the gazetteer proposes.
    pub fn pairs(&self) -> usize {
        self.sentences.iter().map(|s| s.countries.len()).sum()
    }

    /// Distinct countries named in the article.
    pub fn countries(&self) -> usize {
        let mut all: Vec<&str> = self
            .sentences
            .iter()
            .flat_map(|s| s.countries.iter().map(|(c, _)| c.as_str()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    }

    /// The sheet as text: `### <id>`, then `[n] sentence` lines (line
    /// breaks inside a sentence shown as spaces), each sentence that names
    /// a country followed by `    >> ISO3 (words); ...`.
    pub fn render(&self, text: &str) -> String {
        let mut out = format!("### {}\n", self.id);
        for (i, s) in self.sentences.iter().enumerate() {
            let shown: String = text[s.span.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(out, "[{i}] {shown}");
            if !s.countries.is_empty() {
                let list: Vec<String> = s
                    .countries
                    .iter()
                    .map(|(c, w)| format!("{c} ({})", w.join(", ")))
                    .collect();
                let _ = writeln!(out, "    >> {}", list.join("; "));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_numbers_sentences_and_lists_countries() {
        let text =
            "Beijing condemned the plan. Seoul and the United States\nwelcomed it. Rain fell.";
        let sheet = Sheet::new("t-1", text, Gazetteer::builtin());
        assert_eq!(sheet.sentences.len(), 3);
        assert_eq!(
            sheet.sentences[0].countries,
            vec![("CHN".to_string(), vec!["Beijing".to_string()])]
        );
        assert_eq!(sheet.pairs(), 3);
        assert_eq!(sheet.countries(), 3);
        let r = sheet.render(text);
        assert_eq!(
            r,
            "### t-1\n[0] Beijing condemned the plan.\n    >> CHN (Beijing)\n\
             [1] Seoul and the United States welcomed it.\n    >> KOR (Seoul); USA (United States)\n\
             [2] Rain fell.\n"
        );
    }
}
