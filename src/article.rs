//! Article-level country stance: clean a scraped article, split it into
//! sentences, find countries and topics in each, score every (sentence,
//! country, topic) with the stance model, and combine the sentence scores
//! into one answer per (country, topic) with its best evidence sentence.
//!
//! # Which sentences count as evidence
//! A sentence is evidence for (country, topic) when it mentions the country
//! (any gazetteer alias) and either mentions the topic (any alias) or
//! follows an earlier sentence of the same article that did ("topic
//! carry-over": news articles name the topic once and then say "the
//! deployment", "the plan"). "The two countries" / "both countries" refers
//! to the last two countries named before it. Pronouns ("it", "they"),
//! leaders' names ("Xi", "Putin") and ministries without a country word are
//! not resolved.
//!
//! # How sentence scores combine
//! Each evidence sentence s gives probabilities p_s over the model's labels.
//! If the labels include a neutral label (`neutral`, `none`, `NONE`), each
//! sentence's polar weight is w_s = 1 - p_s(neutral). The article-level
//! score of each polar label l is the weighted sum of log-probabilities
//! S(l) = sum_s w_s * ln p_s(l) (summed log-odds: independent pieces of
//! evidence multiply), turned into a distribution over polar labels by a
//! softmax. If no sentence is more polar than neutral (max_s w_s < 0.5) the
//! stance is the neutral label with confidence mean_s p_s(neutral). Without
//! a neutral label all labels are polar and w_s = 1. The evidence sentence
//! is the one giving the chosen label its highest probability. A confidence
//! below `min_confidence` reports the stance as `unclear`.

use serde::Serialize;

use crate::entities::gazetteer::{CountryId, Gazetteer};
use crate::features::entity::find_ci;
use crate::features::pipeline::{Input, Scratch};
use crate::model::{Model, Topic};
use crate::text::{clean, sentences};

/// One output row: a country's stance toward a topic in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryStance {
    /// Article id (file name or id column).
    pub article: String,
    /// Canonical English short name.
    pub country: String,
    /// ISO 3166 alpha-3 code.
    pub country_code: String,
    /// Topic name.
    pub topic: String,
    /// Stance label, or `unclear`.
    pub stance: String,
    /// Confidence of the stance, in [0, 1].
    pub confidence: f64,
    /// Number of evidence sentences.
    pub evidence_count: usize,
    /// The best evidence sentence.
    pub evidence: String,
    /// Byte offset of the evidence sentence in the article.
    pub evidence_start: usize,
    /// Byte offset of the end of the evidence sentence.
    pub evidence_end: usize,
    /// Every evidence sentence: (start, end, label probabilities), in
    /// article order (written by `predict --all-evidence`).
    #[serde(skip)]
    pub sentences: Vec<(usize, usize, Vec<f64>)>,
}

/// Settings of article prediction.
#[derive(Debug, Clone)]
pub struct ArticleOptions {
    /// Topics to look for (default: the model's).
    pub topics: Vec<Topic>,
    /// Below this the stance is `unclear`.
    pub min_confidence: f64,
}

/// A sentence of an article with its byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Start byte in the article.
    pub start: usize,
    /// End byte in the article.
    pub end: usize,
}

/// Sentences of the article's content after boilerplate removal.
pub fn article_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for kept in clean::clean_article(text) {
        let part = &text[kept.clone()];
        for r in sentences::split_sentences(part) {
            out.push(Sentence {
                start: kept.start + r.start,
                end: kept.start + r.end,
            });
        }
    }
    out
}

const TWO_COUNTRIES: [&str; 4] = [
    "the two countries",
    "both countries",
    "the two nations",
    "both nations",
];

struct Evidence {
    sentence: usize,
    probs: Vec<f64>,
}

/// Analyze one article.
pub fn analyze(
    id: &str,
    text: &str,
    model: &Model,
    gaz: &Gazetteer,
    opts: &ArticleOptions,
) -> Vec<CountryStance> {
    let sents = article_sentences(text);
    let topics: &[Topic] = if opts.topics.is_empty() {
        &model.topics
    } else {
        &opts.topics
    };
    let mut recent: Vec<CountryId> = Vec::new();
    let mut current_topics: Vec<usize> = Vec::new();
    // (country, topic) -> evidence
    let mut found: Vec<((CountryId, usize), Vec<Evidence>)> = Vec::new();
    let mut scratch = Scratch::default();
    for (si, s) in sents.iter().enumerate() {
        let sentence = &text[s.start..s.end];
        let mentions = gaz.find(sentence);
        let mut countries: Vec<CountryId> = Vec::new();
        let mut rewritten: Option<String> = None;
        for m in &mentions {
            if !countries.contains(&m.country) {
                countries.push(m.country);
            }
        }
        let lower = sentence.to_lowercase();
        if let Some(phrase) = TWO_COUNTRIES.iter().find(|p| lower.contains(*p)) {
            let before: Vec<CountryId> = recent.iter().rev().take(2).copied().collect();
            if before.len() == 2 {
                let names = format!(
                    "{} and {}",
                    gaz.country(before[1]).name,
                    gaz.country(before[0]).name
                );
                let hits = find_ci(sentence, phrase);
                let mut r = String::with_capacity(sentence.len() + 16);
                let mut at = 0;
                for (a, b) in hits {
                    r.push_str(&sentence[at..a]);
                    r.push_str(&names);
                    at = b;
                }
                r.push_str(&sentence[at..]);
                rewritten = Some(r);
                for c in before {
                    if !countries.contains(&c) {
                        countries.push(c);
                    }
                }
            }
        }
        for m in &mentions {
            recent.retain(|c| *c != m.country);
            recent.push(m.country);
        }
        let here: Vec<usize> = topics
            .iter()
            .enumerate()
            .filter(|(_, t)| t.aliases.iter().any(|a| !find_ci(sentence, a).is_empty()))
            .map(|(i, _)| i)
            .collect();
        if !here.is_empty() {
            current_topics = here.clone();
        }
        if countries.is_empty() || current_topics.is_empty() {
            continue;
        }
        let input_text = rewritten.as_deref().unwrap_or(sentence);
        for &c in &countries {
            for &t in &current_topics {
                // The topic's mention in this sentence, if any, is the
                // target; otherwise the sentence is scored as carried over.
                let target_text = topics[t]
                    .aliases
                    .iter()
                    .find(|a| !find_ci(input_text, a).is_empty())
                    .map(String::as_str)
                    .unwrap_or(topics[t].name.as_str());
                let input = Input {
                    text: input_text,
                    target: Some(target_text),
                    holder: Some(gaz.country(c).name.as_str()),
                };
                let probs = model.predict_proba(&input, &mut scratch);
                let ev = Evidence {
                    sentence: si,
                    probs,
                };
                match found.iter_mut().find(|(k, _)| *k == (c, t)) {
                    Some((_, v)) => v.push(ev),
                    None => found.push(((c, t), vec![ev])),
                }
            }
        }
    }
    let neutral = model
        .labels
        .iter()
        .position(|l| matches!(l.to_ascii_lowercase().as_str(), "neutral" | "none"));
    found
        .into_iter()
        .map(|((c, t), ev): ((CountryId, usize), Vec<Evidence>)| {
            let (label, confidence, best) = combine(&ev, model.labels.len(), neutral);
            let s = &sents[ev[best].sentence];
            let country = gaz.country(c);
            CountryStance {
                article: id.to_string(),
                country: country.name.clone(),
                country_code: country.iso3.clone(),
                topic: topics[t].name.clone(),
                stance: if confidence < opts.min_confidence {
                    "unclear".to_string()
                } else {
                    model.labels[label].clone()
                },
                confidence: (confidence * 1e4).round() / 1e4,
                evidence_count: ev.len(),
                evidence: text[s.start..s.end].to_string(),
                evidence_start: s.start,
                evidence_end: s.end,
                sentences: ev
                    .iter()
                    .map(|e| {
                        (
                            sents[e.sentence].start,
                            sents[e.sentence].end,
                            e.probs.clone(),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Combine sentence probabilities (see module docs). Returns (label,
/// confidence, index of the best evidence).
fn combine(ev: &[Evidence], k: usize, neutral: Option<usize>) -> (usize, f64, usize) {
    let weight = |e: &Evidence| neutral.map_or(1.0, |n| 1.0 - e.probs[n]);
    let max_w = ev.iter().map(weight).fold(0.0, f64::max);
    let best_for = |l: usize| {
        (0..ev.len())
            .max_by(|&a, &b| ev[a].probs[l].total_cmp(&ev[b].probs[l]))
            .unwrap_or(0)
    };
    if let Some(n) = neutral {
        if max_w < 0.5 {
            let conf = ev.iter().map(|e| e.probs[n]).sum::<f64>() / ev.len() as f64;
            return (n, conf, best_for(n));
        }
    }
    let polar: Vec<usize> = (0..k).filter(|&l| Some(l) != neutral).collect();
    let scores: Vec<f64> = polar
        .iter()
        .map(|&l| {
            ev.iter()
                .map(|e| weight(e) * e.probs[l].max(1e-12).ln())
                .sum::<f64>()
        })
        .collect();
    let m = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let z: f64 = scores.iter().map(|s| (s - m).exp()).sum();
    let (bi, bs) = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .expect("at least one polar label");
    let label = polar[bi];
    ((label), (bs - m).exp() / z, best_for(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(p: &[f64]) -> Evidence {
        Evidence {
            sentence: 0,
            probs: p.to_vec(),
        }
    }

    #[test]
    fn neutral_sentences_do_not_outvote_a_polar_one() {
        // labels: neutral, oppose, support
        let e = vec![
            ev(&[0.8, 0.1, 0.1]),
            ev(&[0.7, 0.2, 0.1]),
            ev(&[0.1, 0.8, 0.1]),
        ];
        let (l, conf, best) = combine(&e, 3, Some(0));
        assert_eq!(l, 1);
        assert_eq!(best, 2);
        assert!(conf > 0.5, "{conf}");
    }

    #[test]
    fn all_neutral_gives_neutral() {
        let e = vec![ev(&[0.8, 0.1, 0.1]), ev(&[0.6, 0.2, 0.2])];
        let (l, conf, _) = combine(&e, 3, Some(0));
        assert_eq!(l, 0);
        assert!((conf - 0.7).abs() < 1e-12);
    }

    #[test]
    fn summed_log_odds_match_hand_computation() {
        let e = vec![ev(&[0.0, 0.6, 0.4]), ev(&[0.0, 0.3, 0.7])];
        let (l, conf, best) = combine(&e, 3, Some(0));
        // S(oppose) = ln .6 + ln .3, S(support) = ln .4 + ln .7
        let so = 0.6f64.ln() + 0.3f64.ln();
        let ss = 0.4f64.ln() + 0.7f64.ln();
        assert_eq!(l, 2);
        assert!((conf - 1.0 / (1.0 + (so - ss).exp())).abs() < 1e-12);
        assert_eq!(best, 1);
    }
}
