//! Article-level country stance: clean a scraped article, split it into
//! sentences, find countries and topics in each, score every (sentence,
//! country, topic) with the stance model, and combine the sentence scores
//! into one answer per (country, topic) with its best evidence sentence.
//!
//! # Which sentences count as evidence
//! A sentence is evidence for (country, topic) when it mentions the country
//! as an actor and either mentions the topic (any alias) or follows an
//! earlier sentence of the same article that did ("topic carry-over": news
//! articles name the topic once and then say "the deployment", "the
//! plan"). A country whose every mention in the sentence is only a place
//! ([`is_location_mention`]: "arriving in South Korea", "tours to South
//! Korea", "south of Seoul", but not "officials in Washington" or "to South
//! Korea's decision") is not an actor there, nor is one whose every
//! mention is only a possessor ([`is_possessor_only`]: "North Korea's
//! missiles", but not "China's strong opposition" or "Japan's prime
//! minister"), a capital that names an agreement or meeting or a country
//! word that opens a title ([`is_name_part`]: "the Paris agreement", "the
//! Minsk accords", "the U.S. Trade Act"), the nationality of people or a
//! firm ([`is_nationality_only`]: "the U.S. firm Amoco"), or the
//! object of another's action or demand ([`is_object_mention`]: "sanctions
//! against South Africa", "the invasion of Kuwait", "urged Japan to",
//! "called on the United States to"), nor a member listed after its group
//! ([`listed_members`]: "GCC states -- Bahrain, Kuwait, Qatar and Oman"),
//! and the sentence is no
//! evidence for it. "The two countries" / "both countries" refers to the
//! last two countries named before it ([`resolve_two_countries`]; the
//! sentence is scored with the phrase replaced by "A and B"). Pronouns
//! ("it", "they") and ministries without a country word are not resolved;
//! leaders' names ("Xi", "Putin") are, when the caller passes a gazetteer
//! with the office holders of the article's date (`predict --date`,
//! [`crate::entities::leaders`]), and full or titled names ("Barack
//! Obama", "President Xi") are without a date; a mention after "former"
//! or "the late" is no actor ([`is_former`]).
//!
//! A sentence naming the topic as the thing undone ("called for the
//! embargo to be lifted", "plans to end the arms embargo", "tariff cuts")
//! has its support and oppose probabilities swapped before they combine:
//! the model reads the stance toward the call or the plan, and toward the
//! topic it is the opposite (not for a topic whose own name is an undoing,
//! "lifting the embargo"). One naming it as refused or judged wrong by
//! the country ("the US says it cannot support the facility", "dismissed
//! a French idea", "said it was wrong to put China under the same
//! embargo", "said the tariffs were unacceptable") counts as opposition
//! whichever way the model read it ([`reversal`]).
//!
//! # How sentence scores combine
//! Each evidence sentence s gives probabilities p_s over the model's labels
//! and has a factor f_s: [`TOPIC_SENTENCE`] (1) when it names the topic,
//! [`CARRIED_WITH_CUE`] (0.5) when the topic is carried over and the
//! sentence has a stance cue word ([`STANCE_CUES`]: "oppos", "urg",
//! "welcom", ...), [`CARRIED_NO_CUE`] (0.25) when carried over without
//! one; f_s is further multiplied by [`HEADLINE`] (0.5) when the sentence
//! is a whole line without final punctuation (a headline or caption),
//! and by [`rivals::SECONDARY`] (0.5) for a country that is neither the
//! most polar actor of the sentence on that topic nor listed with it
//! ("Germany and France") ([`rivals`]).
//!
//! # Without a topic list
//! Without `--topic`/`--topics`, the topics are the stance model's own
//! inventory (the topics and aliases of `datasets/stance/inventory.tsv`,
//! stored in the model file), and the reading is stricter, so that a row
//! says only what the text says: a country gets a row for a topic only
//! when some sentence names both (carried-over sentences still weigh in,
//! but the evidence shown names the topic); an alias inside a longer alias
//! of another topic does not count ("tariffs" in "General Agreement on
//! Tariffs and Trade", [`topic_hits`]); and a country named inside a topic
//! mention is no actor ("the Paris agreement", "the Uruguay Round").
//! `predict` then uses [`NO_TOPIC_MIN_POLAR`] instead of [`MIN_POLAR`].
//! The topic model (by default the embedded one, `--topic-model none`
//! turns it off) only gives the article's dominant topics: the mean of
//! its sentence probabilities, written in the `article_topics` column
//! (`topic:probability|...`).
//!
//! If the labels include a neutral label (`neutral`, `none`, `NONE`), a
//! sentence's polar mass is q_s = 1 - p_s(neutral); without one, q_s = 1.
//! Its margin m_s is the gap between its two most probable polar labels
//! divided by their total polar probability (1 with a single polar label),
//! so a 0.92/0.04 sentence has margin 0.92 and a 0.55/0.40 one 0.16. The
//! weight is w_s = f_s * q_s * m_s, and the article-level score of each
//! polar label l is the weighted sum of log-probabilities
//! S(l) = sum_s w_s * ln p_s(l) (summed log-odds: independent pieces of
//! evidence multiply), turned into a distribution over polar labels by a
//! softmax; the stance is its argmax and the confidence its probability.
//! Because a sentence's pull grows with both its margin and its log-odds,
//! one decisive sentence ("firmly opposes") outweighs several hesitant
//! ones of the other side. If no sentence is polar enough
//! (max_s f_s * q_s < [`MIN_POLAR`], `--min-polar`: a carried-over
//! sentence must be more polar than one naming the topic) the stance is
//! the neutral label with confidence
//! mean_s p_s(neutral). The evidence sentence is the one maximizing
//! f_s * p_s(chosen label) (the first on ties). A confidence below
//! `min_confidence` reports the stance as `unclear`.
//!
//! # Layout
//! [`sentences`] splits an article; [`topics`] scores sentences and whole
//! articles with a topic model; [`evidence`] holds the rules above (who
//! acts, which topic, how much a sentence counts); [`reversal`] finds a
//! topic named as the thing undone or refused; the combination is
//! private (`combine.rs`); [`explain`] holds what `predict --explain`
//! adds to a row (its types only); the sentence scorers, built once per
//! run, are private (`scoring.rs`). Each builds only on the ones before it, and this
//! module runs them in order ([`analyze`]).

pub mod actors;
pub mod evidence;
pub mod explain;
pub mod sentences;
pub mod topics;

mod combine;
pub mod reversal;
mod rivals;
mod scoring;

use serde::Serialize;

use self::actors::acting_countries;
pub use self::actors::{
    is_counted_people, is_former, is_location_mention, is_name_part, is_nationality_only,
    is_object_mention, is_possessor_only, listed_members,
};
use self::combine::{combine, neutral_label, sentence_weights, Evidence};
pub use self::combine::{MIN_POLAR, NO_TOPIC_MIN_POLAR};
pub use self::evidence::{
    has_stance_cue, resolve_two_countries, topic_hits, CARRIED_NO_CUE, CARRIED_WITH_CUE, HEADLINE,
    STANCE_CUES, TOPIC_SENTENCE,
};
use self::evidence::{is_headline, kind_factor};
pub use self::explain::{RowExplanation, SentenceWeight};
use self::rivals::demote_secondary;
use self::scoring::{Buffers, Scorers};
pub use self::sentences::{article_sentences, flatten_whitespace, Sentence};
pub use self::topics::dominant_topics;
use crate::entities::dated::Gazetteers;
use crate::entities::gazetteer::{CountryId, Gazetteer};
use crate::entities::leaders::Day;
use crate::error::Result;
use crate::features::entity::AliasMatcher;
use crate::features::pipeline::{Input, Scratch};
use crate::model::{Model, Topic};

/// The columns of an article row ([`CountryStance`]), in the order
/// `predict` writes them (and the Python package's dict keys).
pub const ARTICLE_COLUMNS: [&str; 14] = [
    "article",
    "date",
    "url",
    "title",
    "country",
    "country_code",
    "topic",
    "stance",
    "confidence",
    "evidence_count",
    "evidence",
    "evidence_start",
    "evidence_end",
    "article_topics",
];

/// One output row: a country's stance toward a topic in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryStance {
    /// Article id (file name or id column).
    pub article: String,
    /// The article's date as given (`predict --date`, `--date-column`;
    /// ISO 8601 `YYYY-MM-DD`, `YYYY-MM` or `YYYY`), empty when unknown.
    pub date: String,
    /// The page's URL (WARC records), else empty.
    pub url: String,
    /// The page's title (HTML pages), else empty.
    pub title: String,
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
    /// The article's dominant topics from the topic model, formatted
    /// `topic:probability|...` (empty without a topic model).
    pub article_topics: String,
    /// Every evidence sentence: (start, end, label probabilities), in
    /// article order (written by `predict --all-evidence`).
    #[serde(skip)]
    pub sentences: Vec<(usize, usize, Vec<f64>)>,
    /// Why: with [`Analyzer::explain`], the best evidence sentence's
    /// features and every evidence sentence's weight (`predict --explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<RowExplanation>,
}

/// Settings of article prediction.
#[derive(Debug, Clone)]
pub struct ArticleOptions {
    /// Topics to look for (default: the model's).
    pub topics: Vec<Topic>,
    /// Below this the stance is `unclear`.
    pub min_confidence: f64,
    /// A country's stance is neutral unless some evidence sentence has at
    /// least this much polar mass (1 - p(neutral)) times its factor; see
    /// the module docs.
    pub min_polar: f64,
    /// A topic model giving the article's dominant topics when there is
    /// no topic list (see the module docs, "Without a topic list").
    pub topic_model: Option<std::sync::Arc<Model>>,
}

impl ArticleOptions {
    /// The options of article prediction with `model`: `topics` (each
    /// given the model's aliases of a topic of the same name; empty for the
    /// model's own inventory), the topic model for the `article_topics`
    /// column, and `min_polar` defaulting to [`MIN_POLAR`] with a topic
    /// list, [`NO_TOPIC_MIN_POLAR`] without.
    pub fn new(
        model: &Model,
        mut topics: Vec<Topic>,
        topic_model: Option<std::sync::Arc<Model>>,
        min_confidence: f64,
        min_polar: Option<f64>,
    ) -> ArticleOptions {
        crate::model::topics::add_model_aliases(&mut topics, model);
        let min_polar = min_polar.unwrap_or(if topics.is_empty() {
            NO_TOPIC_MIN_POLAR
        } else {
            MIN_POLAR
        });
        ArticleOptions {
            topics,
            min_confidence,
            min_polar,
            topic_model,
        }
    }
}

/// Analyze one article: read its sentences in order, collecting the
/// evidence of every (country, topic) ([`ArticleReader`]), then combine
/// each pair's evidence into one row. To analyze many articles with the
/// same model and options, build one [`Analyzer`] and call its `analyze`.
pub fn analyze(
    id: &str,
    text: &str,
    model: &Model,
    gaz: &Gazetteer,
    opts: &ArticleOptions,
) -> Vec<CountryStance> {
    Analyzer::build(model, opts, true).analyze(id, text, gaz)
}

/// What the analysis of every article of a run shares: the model, the
/// options, the topics looked for and their aliases' matcher, the
/// sentence scorers (built once, not per article). `Sync`: one serves
/// every thread.
pub struct Analyzer<'a> {
    model: &'a Model,
    opts: &'a ArticleOptions,
    /// The topics looked for: `opts.topics`, else the model's.
    topics: &'a [Topic],
    aliases: TopicAliases,
    scorers: Scorers<'a>,
    /// Features to list per row's explanation; 0: no explanation.
    explain: usize,
}

impl<'a> Analyzer<'a> {
    /// An analyzer for `model` with `opts`.
    pub fn new(model: &'a Model, opts: &'a ArticleOptions) -> Analyzer<'a> {
        Analyzer::build(model, opts, false)
    }

    /// An analyzer whose sentences are scored by [`Model::predict_proba`]
    /// itself when `reference` (see [`scoring`]).
    fn build(model: &'a Model, opts: &'a ArticleOptions, reference: bool) -> Analyzer<'a> {
        let topics: &[Topic] = if opts.topics.is_empty() {
            &model.topics
        } else {
            &opts.topics
        };
        Analyzer {
            model,
            opts,
            topics,
            aliases: TopicAliases::new(topics),
            scorers: Scorers::new(model, Self::topic_model(opts), reference),
            explain: 0,
        }
    }

    /// The topic model scoring every sentence: only without a topic list.
    fn topic_model(opts: &ArticleOptions) -> Option<&Model> {
        opts.topic_model
            .as_deref()
            .filter(|_| opts.topics.is_empty())
    }

    /// Explain every row ([`CountryStance::explanation`]), listing the `top`
    /// largest feature contributions of its best evidence sentence; 0 for
    /// no explanation.
    pub fn explain(mut self, top: usize) -> Self {
        self.explain = top;
        if top > 0 {
            // Explained rows show the reference probabilities.
            self.scorers = Scorers::new(self.model, Self::topic_model(self.opts), true);
        }
        self
    }

    /// Analyze one article of `date` (its day, if known, and the date as
    /// given, written into every row) with the gazetteer of that day.
    pub fn analyze_dated(
        &self,
        id: &str,
        text: &str,
        date: (Option<Day>, &str),
        gazetteers: &Gazetteers,
    ) -> Result<Vec<CountryStance>> {
        let mut rows = gazetteers.with(date.0, |gaz| self.analyze(id, text, gaz))?;
        for r in &mut rows {
            r.date = date.1.to_string();
        }
        Ok(rows)
    }

    /// Analyze one article (see [`analyze`]).
    pub fn analyze(&self, id: &str, text: &str, gaz: &Gazetteer) -> Vec<CountryStance> {
        let opts = self.opts;
        let sents = article_sentences(text);
        let mut buffers = self.scorers.take();
        // Topic-model probabilities of every sentence, for the article's
        // dominant topics (only without an explicit --topic list).
        let topic_probs: Vec<Vec<f64>> = sents
            .iter()
            .map_while(|s| self.scorers.topic(&text[s.start..s.end], &mut buffers))
            .collect();
        let article_topics = match &opts.topic_model {
            Some(tm) => dominant_topics(&topic_probs, &tm.labels)
                .iter()
                .map(|(t, p)| format!("{t}:{p:.3}"))
                .collect::<Vec<_>>()
                .join("|"),
            None => String::new(),
        };
        let mut reader = ArticleReader::new(
            text,
            self.topics,
            &self.aliases,
            (self.model, &self.scorers, buffers),
            gaz,
            opts.topics.is_empty(),
        );
        reader.explain = self.explain;
        for (si, s) in sents.iter().enumerate() {
            reader.read(si, s);
        }
        let (rows, buffers) = reader.into_rows(id, &sents, opts, &article_topics);
        self.scorers.give_back(buffers);
        rows
    }
}

/// Every alias of every topic, searched in one pass per sentence: the
/// aliases of topic t are the matcher's needles from `start[t]` on, in
/// the topic's order, and `topic[i]` is the topic of needle i.
struct TopicAliases {
    matcher: AliasMatcher,
    start: Vec<usize>,
    topic: Vec<usize>,
    /// Whether topic t's own name is an undoing ([`reversal::names_undoing`]).
    undoing: Vec<bool>,
}

impl TopicAliases {
    fn new(topics: &[Topic]) -> TopicAliases {
        let aliases: Vec<&str> = topics
            .iter()
            .flat_map(|t| t.aliases.iter().map(String::as_str))
            .collect();
        let start: Vec<usize> = topics
            .iter()
            .scan(0, |at, t| {
                let s = *at;
                *at += t.aliases.len();
                Some(s)
            })
            .collect();
        let topic: Vec<usize> = topics
            .iter()
            .enumerate()
            .flat_map(|(i, t)| std::iter::repeat_n(i, t.aliases.len()))
            .collect();
        TopicAliases {
            matcher: AliasMatcher::new(&aliases),
            start,
            topic,
            undoing: topics
                .iter()
                .map(|t| reversal::names_undoing(&t.name))
                .collect(),
        }
    }
}

/// One pass over an article's sentences, in order: the countries named so
/// far (for "the two countries"), the topics in force (carried over), and
/// the evidence found for each (country, topic).
struct ArticleReader<'a> {
    text: &'a str,
    /// The topics looked for; evidence refers to them by index.
    topics: &'a [Topic],
    model: &'a Model,
    gaz: &'a Gazetteer,
    /// Office holders' surnames someone else carries in this article
    /// ("Bill Gates"): no country here. Found on the first sentence that
    /// names a holder by surname (most articles never do).
    others: Option<Vec<Box<str>>>,
    /// No topic list: the model's own inventory, read strictly (see the
    /// module docs, "Without a topic list").
    inventory: bool,
    aliases: &'a TopicAliases,
    /// Countries named so far, most recent last (each once).
    recent: Vec<CountryId>,
    /// Topics in force: named by the latest sentence that named one.
    current_topics: Vec<usize>,
    /// (country, topic) -> evidence, in order of first evidence.
    found: Vec<((CountryId, usize), Vec<Evidence>)>,
    scorers: &'a Scorers<'a>,
    buffers: Buffers,
    /// Alias hits of the current sentence and of its rewritten form.
    in_sentence: Vec<bool>,
    in_rewritten: Vec<bool>,
    /// The current sentence's country mentions: country and byte span.
    spans: Vec<(CountryId, usize, usize)>,
    /// Features per explanation (0: keep no scored inputs, explain nothing).
    explain: usize,
}

impl<'a> ArticleReader<'a> {
    fn new(
        text: &'a str,
        topics: &'a [Topic],
        aliases: &'a TopicAliases,
        (model, scorers, buffers): (&'a Model, &'a Scorers<'a>, Buffers),
        gaz: &'a Gazetteer,
        inventory: bool,
    ) -> Self {
        ArticleReader {
            text,
            topics,
            model,
            gaz,
            others: None,
            inventory,
            aliases,
            recent: Vec::new(),
            current_topics: Vec::new(),
            found: Vec::new(),
            scorers,
            buffers,
            in_sentence: Vec::new(),
            in_rewritten: Vec::new(),
            spans: Vec::new(),
            explain: 0,
        }
    }

    /// Read sentence `si` (`s`): the topics in force after it, the
    /// countries acting in it, and, when both exist, the evidence of each
    /// pair.
    fn read(&mut self, si: usize, s: &Sentence) {
        // Line breaks inside a sentence (newswire wraps every line) read as
        // spaces, so that a topic alias split over two lines still matches.
        let flat = flatten_whitespace(&self.text[s.start..s.end]);
        let sentence: &str = &flat;
        let topic_spans = self.update_topics(sentence);
        let (countries, rewritten) = self.countries(sentence, &topic_spans);
        if countries.is_empty() || self.current_topics.is_empty() {
            return;
        }
        self.score(si, s, sentence, &countries, rewritten.as_deref());
    }

    /// The countries acting in `sentence`, plus the two that "the two
    /// countries" names (then also the sentence with the phrase replaced);
    /// remembers the sentence's mentions for later sentences. A mention
    /// inside a topic mention (`topic_spans`) is no actor ("the Paris
    /// agreement").
    fn countries(
        &mut self,
        sentence: &str,
        topic_spans: &[(usize, usize)],
    ) -> (Vec<CountryId>, Option<String>) {
        let mut mentions = self.gaz.find(sentence);
        if mentions
            .iter()
            .any(|m| self.gaz.is_surname(&sentence[m.start..m.end]))
        {
            let (gaz, text) = (self.gaz, self.text);
            let others = self
                .others
                .get_or_insert_with(|| gaz.surnames_of_others(text));
            if !others.is_empty() {
                mentions = self.gaz.find_except(sentence, others);
            }
        }
        mentions.retain(|m| !topic_spans.iter().any(|&(s, e)| m.start < e && s < m.end));
        let mut countries = acting_countries(sentence, &mentions);
        self.spans = mentions
            .iter()
            .map(|m| (m.country, m.start, m.end))
            .collect();
        let rewritten = resolve_two_countries(sentence, &self.recent, self.gaz).map(|(r, pair)| {
            for c in pair {
                if !countries.contains(&c) {
                    countries.push(c);
                }
            }
            r
        });
        for m in &mentions {
            self.recent.retain(|c| *c != m.country);
            self.recent.push(m.country);
        }
        (countries, rewritten)
    }

    /// The topics `sentence` names (any alias; leaves the alias hits in
    /// `in_sentence`); when there are some they are the topics in force
    /// from now on, else the earlier ones carry over. Returns the spans of
    /// the topic mentions when reading the inventory ([`topic_hits`]).
    fn update_topics(&mut self, sentence: &str) -> Vec<(usize, usize)> {
        let spans = topic_hits(
            &self.aliases.matcher,
            &self.aliases.topic,
            sentence,
            self.inventory,
            &mut self.in_sentence,
        );
        let here: Vec<usize> = self
            .topics
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                self.in_sentence[self.aliases.start[*i]..][..t.aliases.len()].contains(&true)
            })
            .map(|(i, _)| i)
            .collect();
        if !here.is_empty() {
            self.current_topics = here;
        }
        spans
    }

    /// Score every (country, topic in force) on the sentence, or on its
    /// rewritten form, and add it to the pair's evidence.
    fn score(
        &mut self,
        si: usize,
        s: &Sentence,
        sentence: &str,
        countries: &[CountryId],
        rewritten: Option<&str>,
    ) {
        let input_text = rewritten.unwrap_or(sentence);
        let in_input = match rewritten {
            Some(r) => {
                topic_hits(
                    &self.aliases.matcher,
                    &self.aliases.topic,
                    r,
                    self.inventory,
                    &mut self.in_rewritten,
                );
                &self.in_rewritten
            }
            None => &self.in_sentence,
        };
        let headline = if is_headline(self.text, s) {
            HEADLINE
        } else {
            1.0
        };
        let cue = has_stance_cue(sentence);
        let neutral = neutral_label(&self.model.labels);
        let occurrences = self.aliases.matcher.occurrences(input_text);
        // scored[t][i]: the evidence of countries[i] on current topic t.
        let mut scored: Vec<Vec<Evidence>> = Vec::new();
        for &t in &self.current_topics {
            // The topic's mention in this sentence, if any, is the
            // target; otherwise the sentence is scored as carried over.
            let alias = self.topics[t]
                .aliases
                .iter()
                .zip(&in_input[self.aliases.start[t]..])
                .find(|(_, hit)| **hit)
                .map(|(a, _)| a);
            let needles =
                self.aliases.start[t]..self.aliases.start[t] + self.topics[t].aliases.len();
            let undone = !self.aliases.undoing[t]
                && occurrences.iter().any(|&(i, s, e)| {
                    needles.contains(&i) && reversal::is_undone(input_text, s, e)
                });
            // A refusal is read only on the sentence as written (its
            // country spans), not on a rewritten "two countries" one.
            let mine = || {
                occurrences
                    .iter()
                    .filter(|&&(i, _, _)| needles.contains(&i) && rewritten.is_none() && !undone)
            };
            let refusal = mine().find_map(|&(_, s, _)| {
                reversal::refusal_at(input_text, s)
                    .or_else(|| reversal::condemned_before(input_text, s))
            });
            let condemned = mine().any(|&(_, _, e)| reversal::condemned_after(input_text, e));
            let mut here: Vec<Evidence> = countries
                .iter()
                .map(|&c| {
                    let input = Input {
                        text: input_text,
                        target: Some(alias.map_or(self.topics[t].name.as_str(), String::as_str)),
                        holder: Some(self.gaz.country(c).name.as_str()),
                    };
                    let mut probs = self.scorers.stance(&input, &mut self.buffers);
                    let labels = &self.model.labels;
                    // Kept only to explain: the model's own polar label.
                    let model_polar = (self.explain > 0).then(|| {
                        (0..probs.len())
                            .filter(|&l| Some(l) != neutral)
                            .max_by(|&a, &b| probs[a].total_cmp(&probs[b]))
                            .unwrap_or(0)
                    });
                    let swapped = (undone && reversal::swap_polar(labels, &mut probs))
                        || ((condemned
                            || refusal.is_some_and(|at| {
                                reversal::refuses(sentence, &self.spans, &c, at)
                            }))
                            && reversal::to_oppose(
                                labels,
                                &mut probs,
                                self.aliases.undoing[t]
                                    && !alias.is_some_and(|a| reversal::names_undoing(a)),
                            ));
                    Evidence {
                        sentence: si,
                        probs,
                        factor: kind_factor(alias.is_some(), cue) * headline,
                        names_topic: alias.is_some(),
                        swapped,
                        scored: model_polar.map(|polar| {
                            let target = input.target.unwrap_or("").into();
                            (input.text.to_string(), target, polar)
                        }),
                    }
                })
                .collect();
            demote_secondary(sentence, &self.spans, countries, &mut here, neutral);
            scored.push(here);
        }
        let mut scored: Vec<_> = scored.into_iter().map(Vec::into_iter).collect();
        for &c in countries {
            for (k, &t) in self.current_topics.iter().enumerate() {
                let ev = scored[k].next().expect("one evidence per country");
                match self.found.iter_mut().find(|(key, _)| *key == (c, t)) {
                    Some((_, v)) => v.push(ev),
                    None => self.found.push(((c, t), vec![ev])),
                }
            }
        }
    }

    /// One row per (country, topic) with evidence, in order of first
    /// evidence: its evidence combined ([`combine`]); and the buffers,
    /// given back.
    fn into_rows(
        self,
        id: &str,
        sents: &[Sentence],
        opts: &ArticleOptions,
        article_topics: &str,
    ) -> (Vec<CountryStance>, Buffers) {
        let (model, text) = (self.model, self.text);
        let neutral = neutral_label(&model.labels);
        let inventory = self.inventory;
        let explain = self.explain;
        let mut buffers = self.buffers;
        let scratch = &mut buffers.rows;
        let rows = self
            .found
            .into_iter()
            // Reading the inventory, a row needs a sentence naming both the
            // country and the topic.
            .filter(|(_, ev)| !inventory || ev.iter().any(|e| e.names_topic))
            .map(|((c, t), ev): ((CountryId, usize), Vec<Evidence>)| {
                let (label, confidence, best) =
                    combine(&ev, model.labels.len(), neutral, opts.min_polar, inventory);
                let s = &sents[ev[best].sentence];
                let country = self.gaz.country(c);
                let explanation = (explain > 0).then(|| {
                    let holder = country.name.as_str();
                    let weights = sentence_weights(&ev, model.labels.len(), neutral);
                    explain_row(
                        model,
                        sents,
                        &ev,
                        &weights,
                        (best, label),
                        holder,
                        explain,
                        scratch,
                    )
                });
                CountryStance {
                    article: id.to_string(),
                    date: String::new(),
                    url: String::new(),
                    title: String::new(),
                    country: country.name.clone(),
                    country_code: country.iso3.clone(),
                    topic: self.topics[t].name.clone(),
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
                    article_topics: article_topics.to_string(),
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
                    explanation,
                }
            })
            .collect();
        (rows, buffers)
    }
}

/// The explanation of one row: `label` explained on the best evidence
/// sentence `best` (its scored input, with `holder`), and every evidence
/// sentence with its probabilities, factor and weight.
#[allow(clippy::too_many_arguments)]
fn explain_row(
    model: &Model,
    sents: &[Sentence],
    ev: &[Evidence],
    weights: &[f64],
    (best, label): (usize, usize),
    holder: &str,
    top: usize,
    scratch: &mut Scratch,
) -> RowExplanation {
    let (text, target, model_polar) = ev[best]
        .scored
        .as_ref()
        .expect("evidence keeps its input when explaining");
    // A reversed sentence is explained by the polar label the model gave
    // it before the reversal.
    let label = match ev[best].swapped {
        true => *model_polar,
        false => label,
    };
    let input = Input {
        text,
        target: Some(target),
        holder: Some(holder),
    };
    RowExplanation {
        features: crate::model::explain::explain(model, &input, label, top, scratch),
        best_sentence: best,
        sentences: ev
            .iter()
            .zip(weights)
            .map(|(e, &weight)| SentenceWeight {
                start: sents[e.sentence].start,
                end: sents[e.sentence].end,
                probabilities: model
                    .labels
                    .iter()
                    .zip(&e.probs)
                    .map(|(l, &p)| (l.clone(), p.into()))
                    .collect(),
                factor: e.factor,
                swapped: e.swapped,
                weight,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_only_country_gets_no_row() {
        let model = crate::model::defaults::load(crate::model::Task::Stance).unwrap();
        let text = "China firmly opposes the deployment of THAAD in South Korea.\n";
        let opts = ArticleOptions {
            topics: Vec::new(),
            min_confidence: 0.5,
            min_polar: MIN_POLAR,
            topic_model: None,
        };
        let rows = analyze("a", text, &model, Gazetteer::builtin(), &opts);
        let names: Vec<&str> = rows.iter().map(|r| r.country.as_str()).collect();
        assert_eq!(names, ["China"]);
        assert_eq!(rows[0].stance, "oppose");
        assert_eq!(
            &text[rows[0].evidence_start..rows[0].evidence_end],
            rows[0].evidence
        );
    }

    #[test]
    fn a_topic_named_as_the_thing_undone_reverses_the_stance() {
        let model = crate::model::defaults::load(crate::model::Task::Stance).unwrap();
        let opts = ArticleOptions::new(&model, Vec::new(), None, 0.5, None);
        let stance = |text: &str| -> Vec<(String, String, String)> {
            analyze("a", text, &model, Gazetteer::builtin(), &opts)
                .into_iter()
                .map(|r| (r.country_code, r.topic, r.stance))
                .collect()
        };
        let row = |c: &str, s: &str| vec![(c.to_string(), "sanctions".to_string(), s.to_string())];
        assert_eq!(
            stance("Germany has repeatedly called for the embargo to be lifted.\n"),
            row("DEU", "oppose")
        );
        assert_eq!(
            stance("Germany has repeatedly called for the embargo to be tightened.\n"),
            row("DEU", "support")
        );
        // A topic whose name is the undoing is read as the model reads it.
        let lifting = vec![Topic {
            name: "lifting the embargo".into(),
            aliases: vec!["embargo".into()],
        }];
        let opts = ArticleOptions::new(&model, lifting, None, 0.5, None);
        let rows = analyze(
            "a",
            "Germany has repeatedly called for the embargo to be lifted.\n",
            &model,
            Gazetteer::builtin(),
            &opts,
        );
        assert_eq!(
            (rows[0].country_code.as_str(), rows[0].stance.as_str()),
            ("DEU", "support")
        );
    }
}
