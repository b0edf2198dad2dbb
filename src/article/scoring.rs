//! How article mode scores its sentences, set up once per run: the stance
//! model on every (sentence, country, topic) and the topic model on every
//! sentence.
//!
//! The stance model is scored straight from the text by
//! [`RowScorer::with_entities`] (its word and `char_wb` n-grams through the
//! per-thread word cache, its context and name tokens weighed on their
//! own), without building a TF-IDF row: probabilities agree with
//! [`Model::predict_proba`] to about 1e-7 (weights rounded to `f32`, sums
//! in another order), far below the four decimals of a row's confidence.
//! When rows are explained (`predict --explain`), and for one article on
//! its own ([`super::analyze`], where building the scorers would cost more
//! than they save), sentences are scored by [`Model::predict_proba`]
//! itself, so that the probabilities shown match the explained decision
//! values bit for bit. Otherwise the topic model is scored through a
//! per-thread word cache ([`UnigramScorer`], for a word-unigram model such
//! as the default one) or on feature rows with feature-major weights
//! ([`Predictor`]), both of which give [`Model::predict_proba`]'s
//! probabilities bit for bit.
//!
//! Per-thread buffers (the word caches among them) live in a pool: an
//! article takes one set and gives it back, so caches stay warm across
//! the articles of a thread and results depend on each input alone.

use std::sync::Mutex;

use crate::features::pipeline::{Input, Scratch};
use crate::model::predict::{RowScorer, RowScratch};
use crate::model::unigram::{UnigramScorer, UnigramScratch};
use crate::model::{Model, Predictor};

/// The scorers of a run (`Sync`: one serves every thread).
pub(crate) struct Scorers<'a> {
    stance: Stance<'a>,
    topic: Option<Topic<'a>>,
    pool: Mutex<Vec<Buffers>>,
}

/// How the stance model is scored.
enum Stance<'a> {
    /// Straight from the text.
    Fused(RowScorer<'a>),
    /// On feature rows with feature-major weights (a model the scorer
    /// does not cover).
    Rows(Predictor<'a>),
    /// By [`Model::predict_proba`].
    Reference(&'a Model),
}

/// How the topic model is scored (the same bits either way).
enum Topic<'a> {
    Unigrams(UnigramScorer<'a>),
    Rows(Predictor<'a>),
    Reference(&'a Model),
}

/// One thread's buffers.
#[derive(Default)]
pub(crate) struct Buffers {
    /// The reference feature rows' buffers.
    pub(crate) rows: Scratch,
    fused: RowScratch,
    unigrams: UnigramScratch,
}

impl<'a> Scorers<'a> {
    /// The scorers of `stance` and of `topic`, if any: for many articles,
    /// or by [`Model::predict_proba`] itself when `reference`.
    pub(crate) fn new(stance: &'a Model, topic: Option<&'a Model>, reference: bool) -> Self {
        let (stance, topic) = if reference {
            (Stance::Reference(stance), topic.map(Topic::Reference))
        } else {
            let stance = match RowScorer::with_entities(stance) {
                Some(s) => Stance::Fused(s),
                None => Stance::Rows(stance.predictor()),
            };
            let topic = topic.map(|t| match UnigramScorer::new(t) {
                Some(u) => Topic::Unigrams(u),
                None => Topic::Rows(t.predictor()),
            });
            (stance, topic)
        };
        Scorers {
            stance,
            topic,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// A set of buffers: one given back earlier, else a new one.
    pub(crate) fn take(&self) -> Buffers {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        pool.pop().unwrap_or_default()
    }

    /// Gives `b` back for later articles.
    pub(crate) fn give_back(&self, b: Buffers) {
        let mut pool = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        pool.push(b);
    }

    /// The stance model's probabilities of `input`.
    pub(crate) fn stance(&self, input: &Input<'_>, b: &mut Buffers) -> Vec<f64> {
        match &self.stance {
            Stance::Fused(s) => s.predict_proba(input, &mut b.fused),
            Stance::Rows(p) => p.predict_proba(input, &mut b.rows),
            Stance::Reference(m) => m.predict_proba(input, &mut b.rows),
        }
    }

    /// The topic model's probabilities of `text`, as
    /// [`Model::predict_proba`] gives them; `None` without a topic model.
    pub(crate) fn topic(&self, text: &str, b: &mut Buffers) -> Option<Vec<f64>> {
        let input = Input {
            text,
            target: None,
            holder: None,
        };
        Some(match self.topic.as_ref()? {
            Topic::Unigrams(u) => u.predict_proba(text, &mut b.unigrams),
            Topic::Rows(p) => p.predict_proba(&input, &mut b.rows),
            Topic::Reference(m) => m.predict_proba(&input, &mut b.rows),
        })
    }
}
