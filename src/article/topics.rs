//! Article-level topics: which topics a whole article is about, with
//! probabilities, from a topic model (by default the embedded one trained on
//! `datasets/topics/train.csv`).
//!
//! # How an article's topic is computed
//! The article is cleaned of boilerplate and split into sentences (the same
//! [`super::sentences::article_sentences`] the stance code uses); each sentence
//! gets the model's topic probabilities, and the article's probability of a
//! topic is the mean over its sentences. The default topic model is trained
//! on single sentences, so scoring sentences keeps its inputs like its
//! training rows, and the same per-sentence scores serve the stance rows
//! ([`sentence_probabilities`], averaged by [`dominant_topics`] into their
//! `article_topics` column). An article with no sentence gets the model's
//! probabilities for its whole (empty) text. For a model trained on whole
//! documents (20 Newsgroups style), score the document itself with
//! `predict --data` instead.

use super::sentences::{article_sentences, Sentence};
use crate::features::pipeline::{Input, Scratch};
use crate::model::Model;

/// One topic of an article, as written by `predict --task topic`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArticleTopic {
    /// Article id (file name or row id).
    pub article: String,
    /// Topic label.
    pub topic: String,
    /// Mean sentence probability of the topic.
    pub probability: f64,
    /// 1 for the most probable topic.
    pub rank: usize,
}

/// Topic probabilities of each sentence (byte ranges into `text`).
pub fn sentence_probabilities(model: &Model, text: &str, sentences: &[Sentence]) -> Vec<Vec<f64>> {
    let mut scratch = Scratch::default();
    sentences
        .iter()
        .map(|s| {
            let input = Input {
                text: &text[s.start..s.end],
                target: None,
                holder: None,
            };
            model.predict_proba(&input, &mut scratch)
        })
        .collect()
}

/// The most probable topic of each sentence, as (topic index into
/// `model.labels`, probability), in sentence order.
pub fn sentence_topics(model: &Model, text: &str, sentences: &[Sentence]) -> Vec<(usize, f64)> {
    sentence_probabilities(model, text, sentences)
        .iter()
        .map(|p| crate::model::argmax(p))
        .collect()
}

/// Topic probabilities of a whole article: the mean of its sentences'
/// probabilities (one per label, in `model.labels` order).
pub fn article_probabilities(model: &Model, text: &str) -> Vec<f64> {
    let sents = article_sentences(text);
    if sents.is_empty() {
        let mut scratch = Scratch::default();
        let input = Input {
            text,
            target: None,
            holder: None,
        };
        return model.predict_proba(&input, &mut scratch);
    }
    let probs = sentence_probabilities(model, text, &sents);
    let mut mean = vec![0.0; model.labels.len()];
    for p in &probs {
        for (m, v) in mean.iter_mut().zip(p) {
            *m += v;
        }
    }
    let n = probs.len() as f64;
    mean.iter_mut().for_each(|m| *m /= n);
    mean
}

/// The `top` most probable topics of an article (all when `top` is 0),
/// most probable first; ties keep label order.
pub fn article_topics(model: &Model, id: &str, text: &str, top: usize) -> Vec<ArticleTopic> {
    let p = article_probabilities(model, text);
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    if top > 0 {
        order.truncate(top);
    }
    order
        .into_iter()
        .enumerate()
        .map(|(r, k)| ArticleTopic {
            article: id.to_string(),
            topic: model.labels[k].clone(),
            probability: p[k],
            rank: r + 1,
        })
        .collect()
}

/// Topics of a whole article from the topic model: the mean of its
/// sentences' probabilities, as (topic, probability), most probable first,
/// those of at least 0.1 (at most three). Written in the `article_topics`
/// column.
pub fn dominant_topics(probs: &[Vec<f64>], labels: &[String]) -> Vec<(String, f64)> {
    if probs.is_empty() {
        return Vec::new();
    }
    let mut mean = vec![0.0; labels.len()];
    for p in probs {
        for (m, v) in mean.iter_mut().zip(p) {
            *m += v / probs.len() as f64;
        }
    }
    let mut out: Vec<(String, f64)> = labels
        .iter()
        .cloned()
        .zip(mean)
        .filter(|(_, p)| *p >= 0.1)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out.truncate(3);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{defaults, Task};

    #[test]
    fn default_model_ranks_article_topics() {
        let model = defaults::load(Task::Topic).unwrap();
        let text = "Title line\n\nThe missile defense battery was deployed near the border. \
                    Officials said the interceptors would shoot down incoming missiles.\n";
        let rows = article_topics(&model, "a", text, 3);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].topic, "missile defense");
        assert_eq!(rows.iter().map(|r| r.rank).collect::<Vec<_>>(), [1, 2, 3]);
        assert!(rows[0].probability >= rows[1].probability);
        let all = article_probabilities(&model, text);
        assert!((all.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let sents = article_sentences(text);
        let st = sentence_topics(&model, text, &sents);
        assert_eq!(st.len(), sents.len());
        let md = model
            .labels
            .iter()
            .position(|l| l == "missile defense")
            .unwrap();
        assert_eq!(st.last().unwrap().0, md);
    }

    #[test]
    fn dominant_topics_average_sentences_and_keep_the_top_three() {
        let labels: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let probs = vec![vec![0.5, 0.3, 0.15, 0.05], vec![0.1, 0.5, 0.3, 0.1]];
        let d = dominant_topics(&probs, &labels);
        let names: Vec<&str> = d.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(names, ["b", "a", "c"]);
        assert!((d[0].1 - 0.4).abs() < 1e-12);
        assert!((d[2].1 - 0.225).abs() < 1e-12);
        assert!(dominant_topics(&[], &labels).is_empty());
    }
}
