//! What `predict --explain` adds to an article-level row
//! ([`RowExplanation`]): the stance label's decision value on the best
//! evidence sentence split by feature ([`crate::model::explain`]), and every
//! evidence sentence with its own label probabilities, its factor f_s and
//! its weight w_s in the combination (the [parent module's
//! docs](super#how-sentence-scores-combine) give the formula). Types only;
//! the analysis fills them.

use serde::Serialize;

use crate::model::explain::Explanation;

/// Why a (country, topic) row of an article got its stance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowExplanation {
    /// The label combined (before `unclear`), explained on the best
    /// evidence sentence as the model scored it (holder: the country,
    /// target: the topic's alias in it, or the topic's name when carried
    /// over); when that sentence's support and oppose were changed
    /// ([`SentenceWeight::swapped`]), the polar label the model gave it
    /// most before the change.
    pub features: Explanation,
    /// Index in `sentences` of the best evidence sentence.
    pub best_sentence: usize,
    /// Every evidence sentence, in article order.
    pub sentences: Vec<SentenceWeight>,
}

/// One evidence sentence and its part in the combination.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceWeight {
    /// Byte offset of the sentence in the article.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// The stance model's probability of each label for the sentence.
    pub probabilities: serde_json::Map<String, serde_json::Value>,
    /// Its factor f_s: 1 naming the topic, less carried over or as a headline.
    pub factor: f64,
    /// Whether `probabilities` has support and oppose changed from the
    /// model's: the sentence names the topic as the thing undone ("called
    /// for the embargo to be lifted"; swapped) or refused or judged wrong
    /// ("cannot support the facility", "the tariffs were unacceptable";
    /// the polar probability moved to oppose).
    pub swapped: bool,
    /// Its weight w_s = f_s * polar mass * margin in the summed log-odds.
    pub weight: f64,
}
