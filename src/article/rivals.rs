//! Several countries acting in one sentence on one topic: the one the
//! stance model finds most polar is taken as the sentence's actor, and a
//! country not coordinated with it ("Germany and France", "Britain, France
//! or Italy") is most often its partner or counterpart ("the pact with the
//! United States", "welcomed the decision by India and Pakistan"), so its
//! evidence from that sentence counts [`SECONDARY`] as much.

use super::actors::is_list_gap;
use super::combine::Evidence;
use crate::entities::gazetteer::CountryId;

/// Weight factor of a sentence for a country that is not its most polar
/// actor on the topic, nor coordinated with it. Chosen on the real-news
/// dev set (`datasets/news/dev-articles.csv`, default model, topics given,
/// 2026-12-07): F1 67.2 at 1 (no demotion), 67.2 at 0.75, 67.4 at 0.6,
/// 67.6 at 0.5, 67.1 at 0.4, 66.8 at 0.25, 66.9 at 0.
pub const SECONDARY: f64 = 0.5;

/// The countries of `countries` coordinated with `countries[lead]`,
/// directly or through others (`spans`: each mention's country and byte
/// span in `sentence`, in order). A country without a mention in the
/// sentence ("the two countries") counts as coordinated.
pub fn coordinated(
    sentence: &str,
    spans: &[(CountryId, usize, usize)],
    countries: &[CountryId],
    lead: usize,
) -> Vec<bool> {
    let mut group: Vec<bool> = countries
        .iter()
        .enumerate()
        .map(|(i, c)| i == lead || !spans.iter().any(|s| s.0 == *c))
        .collect();
    let mut grew = true;
    while grew {
        grew = false;
        for pair in spans.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.2 > b.1 || !is_list_gap(&sentence[a.2..b.1]) {
                continue;
            }
            let ia = countries.iter().position(|c| *c == a.0);
            let ib = countries.iter().position(|c| *c == b.0);
            if let (Some(ia), Some(ib)) = (ia, ib) {
                if group[ia] != group[ib] {
                    group[ia] = true;
                    group[ib] = true;
                    grew = true;
                }
            }
        }
    }
    group
}

/// Multiplies by [`SECONDARY`] the factor of `ev[i]` (the evidence of
/// `countries[i]` on one topic in `sentence`) for every country neither
/// the most polar one (1 - p(`neutral`)) nor coordinated with it.
pub(super) fn demote_secondary(
    sentence: &str,
    spans: &[(CountryId, usize, usize)],
    countries: &[CountryId],
    ev: &mut [Evidence],
    neutral: Option<usize>,
) {
    let Some(n) = neutral else { return };
    if ev.len() < 2 {
        return;
    }
    let lead = (0..ev.len())
        .min_by(|&a, &b| ev[a].probs[n].total_cmp(&ev[b].probs[n]))
        .expect("two or more");
    for (e, joined) in ev
        .iter_mut()
        .zip(coordinated(sentence, spans, countries, lead))
    {
        if !joined {
            e.factor *= SECONDARY;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u16]) -> Vec<CountryId> {
        v.iter().map(|&i| CountryId(i)).collect()
    }

    fn spans_of(sentence: &str, names: &[(&str, u16)]) -> Vec<(CountryId, usize, usize)> {
        let mut v: Vec<_> = names
            .iter()
            .map(|(n, c)| {
                let s = sentence.find(n).unwrap();
                (CountryId(*c), s, s + n.len())
            })
            .collect();
        v.sort_by_key(|s| s.1);
        v
    }

    #[test]
    fn joined_countries_form_one_group() {
        let s = "Germany, France and Britain called for talks with Japan.";
        let sp = spans_of(
            s,
            &[("Germany", 0), ("France", 1), ("Britain", 2), ("Japan", 3)],
        );
        assert_eq!(
            coordinated(s, &sp, &ids(&[0, 1, 2, 3]), 0),
            [true, true, true, false]
        );
        // From the partner's side, the group is the partner alone.
        assert_eq!(
            coordinated(s, &sp, &ids(&[0, 1, 2, 3]), 3),
            [false, false, false, true]
        );
    }

    #[test]
    fn a_country_without_a_mention_counts_as_coordinated() {
        let s = "The two countries signed a pact with Japan.";
        let sp = spans_of(s, &[("Japan", 3)]);
        assert_eq!(coordinated(s, &sp, &ids(&[3, 5, 6]), 0), [true, true, true]);
        assert_eq!(coordinated(s, &sp, &ids(&[3, 5]), 1), [false, true]);
    }

    fn ev(p_neutral: f64) -> Evidence {
        Evidence {
            sentence: 0,
            probs: vec![p_neutral, 1.0 - p_neutral, 0.0],
            factor: 1.0,
            names_topic: true,
            swapped: false,
            scored: None,
        }
    }

    #[test]
    fn the_partner_of_the_most_polar_actor_counts_less() {
        let s = "Britain and France signed a pact with Japan.";
        let sp = spans_of(s, &[("Britain", 0), ("France", 1), ("Japan", 2)]);
        // France is the most polar; Britain is joined to it, Japan is not.
        let mut e = vec![ev(0.3), ev(0.1), ev(0.2)];
        demote_secondary(s, &sp, &ids(&[0, 1, 2]), &mut e, Some(0));
        let f: Vec<f64> = e.iter().map(|e| e.factor).collect();
        assert_eq!(f, [1.0, 1.0, SECONDARY]);
        // One country, or a model without a neutral label: unchanged.
        let mut one = vec![ev(0.9)];
        demote_secondary(s, &sp, &ids(&[2]), &mut one, Some(0));
        assert_eq!(one[0].factor, 1.0);
        let mut e = vec![ev(0.3), ev(0.1), ev(0.2)];
        demote_secondary(s, &sp, &ids(&[0, 1, 2]), &mut e, None);
        assert!(e.iter().all(|e| e.factor == 1.0));
    }

    #[test]
    fn only_commas_and_conjunctions_join() {
        assert!(is_list_gap(", and the "));
        assert!(is_list_gap(" or "));
        assert!(!is_list_gap(" welcomed the decision by "));
        assert!(!is_list_gap(" with "));
    }
}
