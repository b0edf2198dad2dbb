//! The per-country combination: the evidence sentences of one (country,
//! topic), each with its label probabilities and weight factor, in; one
//! label with its confidence and best evidence sentence out, including the
//! neutral decision ([`MIN_POLAR`]). The formula is in the [parent
//! module's docs](super#how-sentence-scores-combine).

/// Default of [`super::ArticleOptions::min_polar`]: the polar mass (1 -
/// p(neutral)) times the sentence's factor that at least one evidence
/// sentence must reach for a support/oppose answer. Chosen on the
/// real-news dev set (`datasets/news/dev-articles.csv`, default model,
/// topics given, 2026-12-07): F1 64.4 at 0.15, 64.8 at 0.2, 62.2 at 0.25,
/// 62.1 at 0.3 (without the factor it was 62.8 at best, at 0.35).
pub const MIN_POLAR: f64 = 0.2;

/// [`super::ArticleOptions::min_polar`] that `predict` uses without a topic
/// list (the model's own inventory), where a row must say only what the
/// text says. Chosen on 167 rows from 265 training-split articles outside
/// the corpus and the dev set, each judged blind by two readers (kappa
/// 0.91; `datasets/news/notopic-tuning-judged.csv`): right support/oppose
/// rows 23 of 81 judged at 0.2, 21 of 51 at 0.5, 21 of 43 at 0.7, 14 of 32
/// at 0.8, 9 of 18 at 0.9.
pub const NO_TOPIC_MIN_POLAR: f64 = 0.7;

/// One evidence sentence of a (country, topic).
pub(super) struct Evidence {
    /// Index of the sentence in the article's sentence list.
    pub(super) sentence: usize,
    /// The stance model's label probabilities for the sentence.
    pub(super) probs: Vec<f64>,
    /// Weight factor from the sentence's kind (topic / carried over /
    /// headline); see the module docs.
    pub(super) factor: f64,
    /// Whether the sentence names the topic (an alias occurs in it).
    pub(super) names_topic: bool,
    /// Whether `probs` has support and oppose changed from the model's: the
    /// sentence names the topic as the thing undone ("the embargo to be
    /// lifted"; swapped) or refused or judged wrong ("cannot support the
    /// facility"; moved to oppose) ([`super::reversal`]).
    pub(super) swapped: bool,
    /// The text and target it was scored with and the polar label the
    /// model gave it most (before any reversal), kept to explain it
    /// (`predict --explain`); None otherwise.
    pub(super) scored: Option<(String, String, usize)>,
}

/// The neutral label's index in `labels` (`neutral` or `none`, any case).
pub(super) fn neutral_label(labels: &[String]) -> Option<usize> {
    labels
        .iter()
        .position(|l| matches!(l.to_ascii_lowercase().as_str(), "neutral" | "none"))
}

/// The polar mass q_s of a sentence: 1 - p(neutral), 1 without a neutral label.
fn polar_mass(e: &Evidence, neutral: Option<usize>) -> f64 {
    neutral.map_or(1.0, |n| 1.0 - e.probs[n])
}

/// The weight w_s = f_s * q_s * m_s of a sentence in the summed log-odds
/// (see the module docs), with `polar` the polar labels.
fn weight_of(e: &Evidence, polar: &[usize], neutral: Option<usize>) -> f64 {
    let mut ps: Vec<f64> = polar.iter().map(|&l| e.probs[l]).collect();
    ps.sort_by(|a, b| b.total_cmp(a));
    let sum: f64 = ps.iter().sum();
    let margin = match ps.as_slice() {
        [a, b, ..] if sum > 0.0 => (a - b) / sum,
        _ => 1.0,
    };
    e.factor * polar_mass(e, neutral) * margin
}

/// Every sentence's weight w_s in the combination of a `k`-label model
/// (what `predict --explain` reports; when the stance comes out neutral
/// the weights do not enter its confidence).
pub(super) fn sentence_weights(ev: &[Evidence], k: usize, neutral: Option<usize>) -> Vec<f64> {
    let polar: Vec<usize> = (0..k).filter(|&l| Some(l) != neutral).collect();
    ev.iter().map(|e| weight_of(e, &polar, neutral)).collect()
}

/// Combine sentence probabilities (see module docs). Returns (label,
/// confidence, index of the best evidence). With `naming_evidence` (no
/// topic list) the best evidence is chosen among the sentences that name
/// the topic, of which there must be one.
pub(super) fn combine(
    ev: &[Evidence],
    k: usize,
    neutral: Option<usize>,
    min_polar: f64,
    naming_evidence: bool,
) -> (usize, f64, usize) {
    let polar: Vec<usize> = (0..k).filter(|&l| Some(l) != neutral).collect();
    let mass = |e: &Evidence| polar_mass(e, neutral);
    let weight = |e: &Evidence| weight_of(e, &polar, neutral);
    let best_for = |l: usize| {
        (0..ev.len())
            .filter(|&i| !naming_evidence || ev[i].names_topic)
            .max_by(|&a, &b| {
                (ev[a].factor * ev[a].probs[l]).total_cmp(&(ev[b].factor * ev[b].probs[l]))
            })
            .unwrap_or(0)
    };
    if let Some(n) = neutral {
        if ev.iter().map(|e| e.factor * mass(e)).fold(0.0, f64::max) < min_polar {
            let conf = ev.iter().map(|e| e.probs[n]).sum::<f64>() / ev.len() as f64;
            return (n, conf, best_for(n));
        }
    }
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
    (label, (bs - m).exp() / z, best_for(label))
}

#[cfg(test)]
mod tests {
    use super::super::evidence::CARRIED_NO_CUE;
    use super::*;

    fn ev(p: &[f64]) -> Evidence {
        evf(p, 1.0)
    }

    fn evf(p: &[f64], factor: f64) -> Evidence {
        Evidence {
            sentence: 0,
            probs: p.to_vec(),
            factor,
            names_topic: factor == 1.0,
            swapped: false,
            scored: None,
        }
    }

    #[test]
    fn without_a_topic_list_evidence_must_name_the_topic() {
        // The carried-over sentence 0 (factor 0.5) is the most polar, but
        // the evidence shown is the sentence naming the topic.
        let e = vec![evf(&[0.03, 0.95, 0.02], 0.5), ev(&[0.5, 0.4, 0.1])];
        assert_eq!(combine(&e, 3, Some(0), MIN_POLAR, false).2, 0);
        let (l, _, best) = combine(&e, 3, Some(0), MIN_POLAR, true);
        assert_eq!((l, best), (1, 1));
    }

    #[test]
    fn neutral_sentences_do_not_outvote_a_polar_one() {
        // labels: neutral, oppose, support
        let e = vec![
            ev(&[0.8, 0.1, 0.1]),
            ev(&[0.7, 0.2, 0.1]),
            ev(&[0.1, 0.8, 0.1]),
        ];
        let (l, conf, best) = combine(&e, 3, Some(0), MIN_POLAR, false);
        assert_eq!(l, 1);
        assert_eq!(best, 2);
        assert!(conf > 0.5, "{conf}");
    }

    #[test]
    fn all_neutral_gives_neutral() {
        let e = vec![ev(&[0.8, 0.1, 0.1]), ev(&[0.6, 0.2, 0.2])];
        let (l, conf, _) = combine(&e, 3, Some(0), 0.5, false);
        assert_eq!(l, 0);
        assert!((conf - 0.7).abs() < 1e-12);
    }

    #[test]
    fn min_polar_decides_how_polar_one_sentence_must_be() {
        // Polar mass 0.38: polar at the default 0.2, neutral at 0.5.
        let e = vec![ev(&[0.8, 0.1, 0.1]), ev(&[0.62, 0.3, 0.08])];
        assert_eq!(combine(&e, 3, Some(0), MIN_POLAR, false).0, 1);
        assert_eq!(combine(&e, 3, Some(0), 0.5, false).0, 0);
        // A carried-over sentence (factor 0.25) with polar mass 0.6 counts
        // 0.15: not enough on its own.
        let e = vec![ev(&[0.9, 0.05, 0.05]), evf(&[0.4, 0.5, 0.1], 0.25)];
        assert_eq!(combine(&e, 3, Some(0), MIN_POLAR, false).0, 0);
    }

    #[test]
    fn summed_log_odds_match_hand_computation() {
        let e = vec![ev(&[0.0, 0.6, 0.4]), evf(&[0.0, 0.3, 0.7], 0.5)];
        let (l, conf, best) = combine(&e, 3, Some(0), MIN_POLAR, false);
        // margins: 0.2 and 0.4; weights 0.2 and 0.5 * 0.4 = 0.2
        let so = 0.2 * 0.6f64.ln() + 0.2 * 0.3f64.ln();
        let ss = 0.2 * 0.4f64.ln() + 0.2 * 0.7f64.ln();
        assert_eq!(l, 2);
        assert!((conf - 1.0 / (1.0 + (so - ss).exp())).abs() < 1e-12);
        // best: f * p(support) = 0.4 vs 0.35
        assert_eq!(best, 0);
    }

    #[test]
    fn sentence_weights_are_factor_times_mass_times_margin() {
        let e = vec![ev(&[0.0, 0.6, 0.4]), evf(&[0.2, 0.3, 0.5], 0.5)];
        let w = sentence_weights(&e, 3, Some(0));
        assert!((w[0] - 0.2).abs() < 1e-12, "{w:?}");
        // 0.5 * 0.8 * (0.5 - 0.3) / 0.8 = 0.1
        assert!((w[1] - 0.1).abs() < 1e-12, "{w:?}");
    }

    #[test]
    fn one_strong_sentence_beats_three_weak_ones() {
        let e = vec![
            ev(&[0.04, 0.92, 0.04]),
            ev(&[0.03, 0.22, 0.75]),
            ev(&[0.03, 0.22, 0.75]),
            ev(&[0.03, 0.22, 0.75]),
        ];
        let (l, conf, best) = combine(&e, 3, Some(0), MIN_POLAR, false);
        assert_eq!((l, best), (1, 0));
        // 0.96*0.92*ln(.92/.04) = 2.7693 against 3*0.97*(0.53/0.97)*ln(.75/.22) = 1.9500
        let strong = 0.96 * (0.88 / 0.96) * (0.92f64 / 0.04).ln();
        let weak = 3.0 * 0.97 * (0.53 / 0.97) * (0.75f64 / 0.22).ln();
        assert!((conf - 1.0 / (1.0 + (weak - strong).exp())).abs() < 1e-12);
        assert!(conf > 0.69 && conf < 0.70, "{conf}");
    }

    #[test]
    fn carried_over_sentences_count_less() {
        // The same two sentences; the oppose one is carried over without a
        // cue, so support wins.
        let e = vec![
            evf(&[0.1, 0.7, 0.2], CARRIED_NO_CUE),
            ev(&[0.1, 0.25, 0.65]),
        ];
        assert_eq!(combine(&e, 3, Some(0), MIN_POLAR, false).0, 2);
        let e = vec![ev(&[0.1, 0.7, 0.2]), ev(&[0.1, 0.25, 0.65])];
        assert_eq!(combine(&e, 3, Some(0), MIN_POLAR, false).0, 1);
    }

    #[test]
    fn no_neutral_label_uses_all_labels() {
        let e = vec![ev(&[0.8, 0.2]), ev(&[0.4, 0.6])];
        let (l, _, best) = combine(&e, 2, None, MIN_POLAR, false);
        assert_eq!((l, best), (0, 0));
    }
}
