//! Agreement between independent passes over the same articles, and the
//! merge of passes into final labels with an adjudication file.
//!
//! A *unit* is (sentence, country, topic). Over the articles that two
//! passes both labeled, each unit gets a label from each pass: `support`,
//! `oppose`, `neutral`, or `none` when the pass has no row for it (it
//! judged the sentence not about the topic, or the word not the country).
//! Cohen's kappa is reported over all four labels, over the units both
//! passes labeled (three stances), and per class (that class against the
//! rest, over all units).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::news::standoff::{StandoffRow, Unit};

/// The labels of agreement tables, `none` last.
pub const LABELS: [&str; 4] = ["support", "oppose", "neutral", "none"];

/// Cohen's kappa of paired labels (indices into a label set of size `k`):
/// (observed - chance) / (1 - chance); 1 when both passes use a single
/// label throughout and agree.
pub fn cohen_kappa(pairs: &[(usize, usize)], k: usize) -> f64 {
    if pairs.is_empty() {
        return f64::NAN;
    }
    let n = pairs.len() as f64;
    let mut a = vec![0.0; k];
    let mut b = vec![0.0; k];
    let mut agree = 0.0;
    for &(x, y) in pairs {
        a[x] += 1.0;
        b[y] += 1.0;
        if x == y {
            agree += 1.0;
        }
    }
    let po = agree / n;
    let pe: f64 = a.iter().zip(&b).map(|(x, y)| x * y / (n * n)).sum();
    if (1.0 - pe).abs() < 1e-12 {
        return 1.0;
    }
    (po - pe) / (1.0 - pe)
}

/// Agreement of two passes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The first pass's reader(s).
    pub a: String,
    /// The second pass's reader(s).
    pub b: String,
    /// Articles both passes labeled.
    pub articles: usize,
    /// Units either pass labeled in those articles.
    pub units: usize,
    /// Units both passes labeled.
    pub both: usize,
    /// Units with the same label (`none` included).
    pub same: usize,
    /// Kappa over support/oppose/neutral/none.
    pub kappa: f64,
    /// Kappa over the units both labeled (support/oppose/neutral).
    pub kappa_both: f64,
    /// Kappa of each stance against the rest (the other stances and
    /// `none`), over all units.
    pub per_class: BTreeMap<String, f64>,
    /// Confusion counts: (label of a, label of b) -> units.
    pub confusion: BTreeMap<String, usize>,
}

fn doc_of(r: &StandoffRow) -> (String, String) {
    (r.corpus.clone(), r.doc_id.clone())
}

fn label_index(s: &str) -> usize {
    LABELS.iter().position(|l| *l == s).unwrap_or(3)
}

/// The label pairs of passes `a` and `b` over the articles both labeled:
/// (the articles as (corpus, doc_id), [(corpus, label of a, label of b)])
/// with labels as indices into [`LABELS`].
pub fn paired_labels(a: &[StandoffRow], b: &[StandoffRow]) -> PairedLabels {
    let docs_a: BTreeSet<_> = a.iter().map(doc_of).collect();
    let docs_b: BTreeSet<_> = b.iter().map(doc_of).collect();
    let shared: BTreeSet<_> = docs_a.intersection(&docs_b).cloned().collect();
    let pick = |rows: &[StandoffRow]| -> HashMap<Unit, String> {
        rows.iter()
            .filter(|r| shared.contains(&doc_of(r)))
            .map(|r| (r.unit(), r.stance.clone()))
            .collect()
    };
    let (la, lb) = (pick(a), pick(b));
    let units: BTreeSet<&Unit> = la.keys().chain(lb.keys()).collect();
    let pairs = units
        .iter()
        .map(|u| {
            let x = la.get(*u).map_or(3, |s| label_index(s));
            let y = lb.get(*u).map_or(3, |s| label_index(s));
            (u.0.clone(), x, y)
        })
        .collect();
    (shared.into_iter().collect(), pairs)
}

/// What [`paired_labels`] returns.
pub type PairedLabels = (Vec<(String, String)>, Vec<(String, usize, usize)>);

impl Agreement {
    /// The figures of paired labels (indices into [`LABELS`]).
    pub fn from_pairs(a: &str, b: &str, articles: usize, pairs: &[(usize, usize)]) -> Agreement {
        let mut confusion = BTreeMap::new();
        for &(x, y) in pairs {
            *confusion
                .entry(format!("{}/{}", LABELS[x], LABELS[y]))
                .or_insert(0) += 1;
        }
        let both: Vec<(usize, usize)> = pairs
            .iter()
            .copied()
            .filter(|&(x, y)| x < 3 && y < 3)
            .collect();
        // `none` against the rest is left out: no unit is `none` for both
        // passes (units are those some pass labeled), so it says nothing.
        let per_class = (0..3)
            .map(|c| {
                let bin: Vec<(usize, usize)> = pairs
                    .iter()
                    .map(|&(x, y)| (usize::from(x == c), usize::from(y == c)))
                    .collect();
                (LABELS[c].to_string(), cohen_kappa(&bin, 2))
            })
            .collect();
        Agreement {
            a: a.to_string(),
            b: b.to_string(),
            articles,
            units: pairs.len(),
            both: both.len(),
            same: pairs.iter().filter(|(x, y)| x == y).count(),
            kappa: cohen_kappa(pairs, 4),
            kappa_both: cohen_kappa(&both, 3),
            per_class,
            confusion,
        }
    }
}

/// Agreement of passes `a` and `b` (each one reader's rows, or several
/// readers' rows over different articles) over the articles both labeled.
pub fn agreement(a_name: &str, a: &[StandoffRow], b_name: &str, b: &[StandoffRow]) -> Agreement {
    let (articles, pairs) = paired_labels(a, b);
    let pairs: Vec<(usize, usize)> = pairs.into_iter().map(|(_, x, y)| (x, y)).collect();
    Agreement::from_pairs(a_name, b_name, articles.len(), &pairs)
}

/// Agreement of every two passes that share articles, then the pairs
/// pooled (`all pairs`) and pooled per corpus (`all pairs, <corpus>`);
/// pooled rows count each distinct article once, and a unit once per pair
/// of passes that labeled its article.
pub fn agreement_table(passes: &[(String, Vec<StandoffRow>)]) -> Vec<Agreement> {
    let mut out = Vec::new();
    let mut pooled: Vec<(String, usize, usize)> = Vec::new();
    let mut pooled_articles: Vec<(String, String)> = Vec::new();
    for i in 0..passes.len() {
        for j in i + 1..passes.len() {
            let (articles, pairs) = paired_labels(&passes[i].1, &passes[j].1);
            if articles.is_empty() {
                continue;
            }
            let flat: Vec<(usize, usize)> = pairs.iter().map(|(_, x, y)| (*x, *y)).collect();
            out.push(Agreement::from_pairs(
                &passes[i].0,
                &passes[j].0,
                articles.len(),
                &flat,
            ));
            pooled_articles.extend(articles);
            pooled.extend(pairs);
        }
    }
    let flat: Vec<(usize, usize)> = pooled.iter().map(|(_, x, y)| (*x, *y)).collect();
    pooled_articles.sort();
    pooled_articles.dedup();
    out.push(Agreement::from_pairs(
        "all pairs",
        "",
        pooled_articles.len(),
        &flat,
    ));
    let corpora: BTreeSet<&str> = pooled.iter().map(|(c, _, _)| c.as_str()).collect();
    for c in corpora {
        let flat: Vec<(usize, usize)> = pooled
            .iter()
            .filter(|(k, _, _)| k == c)
            .map(|(_, x, y)| (*x, *y))
            .collect();
        let articles = pooled_articles.iter().filter(|(k, _)| k == c).count();
        out.push(Agreement::from_pairs(
            &format!("all pairs, {c}"),
            "",
            articles,
            &flat,
        ));
    }
    out
}

/// A decision on a unit the passes disagree on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjudication {
    /// Corpus.
    pub corpus: String,
    /// Document id.
    pub doc_id: String,
    /// Sentence start.
    pub start: usize,
    /// Sentence end.
    pub end: usize,
    /// SHA-256 of the sentence.
    pub sha256: String,
    /// ISO3 code.
    pub country_code: String,
    /// Topic.
    pub topic: String,
    /// Every pass's label, `reader:label` joined by `|` (`none` for no row).
    pub labels: String,
    /// The final label (`support`, `oppose`, `neutral`, or `none`: no row).
    pub final_label: String,
    /// Who decided.
    pub adjudicator: String,
}

/// The final labels of several passes: a unit all passes that cover its
/// article label alike keeps that label (annotator: the readers joined by
/// `+`); a unit they label differently (or that some leave out) takes the
/// adjudication's final label, and is returned among the disputes when the
/// adjudication file has no decision for it (or one made on other labels).
/// Articles only one pass covers keep that pass's rows.
pub fn merge(
    passes: &[(String, Vec<StandoffRow>)],
    adjudications: &[Adjudication],
) -> (Vec<StandoffRow>, Vec<Adjudication>) {
    let mut by_unit: BTreeMap<Unit, Vec<(usize, &StandoffRow)>> = BTreeMap::new();
    let mut covers: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (p, (_, rows)) in passes.iter().enumerate() {
        for r in rows {
            by_unit.entry(r.unit()).or_default().push((p, r));
            let c = covers.entry(doc_of(r)).or_default();
            if !c.contains(&p) {
                c.push(p);
            }
        }
    }
    let decided: HashMap<Unit, &Adjudication> = adjudications
        .iter()
        .map(|a| {
            (
                (
                    a.corpus.clone(),
                    a.doc_id.clone(),
                    a.start,
                    a.end,
                    a.country_code.clone(),
                    a.topic.clone(),
                ),
                a,
            )
        })
        .collect();
    let mut out = Vec::new();
    let mut disputes = Vec::new();
    for (unit, labels) in &by_unit {
        let first = labels[0].1;
        let mut cover = covers[&doc_of(first)].clone();
        cover.sort_unstable();
        let all: Vec<String> = cover
            .iter()
            .map(|p| {
                let l = labels
                    .iter()
                    .find(|(q, _)| q == p)
                    .map_or("none", |(_, r)| r.stance.as_str());
                format!("{}:{l}", passes[*p].0)
            })
            .collect();
        let agree =
            labels.len() == cover.len() && labels.iter().all(|(_, r)| r.stance == first.stance);
        if agree {
            let mut row = first.clone();
            row.annotator = cover
                .iter()
                .map(|p| passes[*p].0.as_str())
                .collect::<Vec<_>>()
                .join("+");
            out.push(row);
            continue;
        }
        let joined = all.join("|");
        match decided.get(unit) {
            Some(a) if a.labels == joined => {
                if a.final_label != "none" {
                    let mut row = first.clone();
                    row.stance = a.final_label.clone();
                    row.annotator = a.adjudicator.clone();
                    out.push(row);
                }
            }
            _ => disputes.push(Adjudication {
                corpus: first.corpus.clone(),
                doc_id: first.doc_id.clone(),
                start: first.start,
                end: first.end,
                sha256: first.sha256.clone(),
                country_code: first.country_code.clone(),
                topic: first.topic.clone(),
                labels: joined,
                final_label: String::new(),
                adjudicator: String::new(),
            }),
        }
    }
    (out, disputes)
}

/// Read an adjudication file (the columns of [`Adjudication`]).
pub fn read_adjudications(path: &str) -> Result<Vec<Adjudication>> {
    let shown = crate::data::display_name(path);
    let input = crate::data::open_input(path)?;
    let mut rdr = csv::ReaderBuilder::new().from_reader(input);
    let mut out = Vec::new();
    for (i, rec) in rdr.deserialize::<Adjudication>().enumerate() {
        let a = rec.map_err(|e| Error::input(&shown, e.position().map(|p| p.line()), format!("{e}; expected corpus,doc_id,start,end,sha256,country_code,topic,labels,final_label,adjudicator")))?;
        if !LABELS.contains(&a.final_label.as_str()) {
            return Err(Error::input_at(
                &shown,
                Some(i as u64 + 2),
                "9",
                format!(
                    "final_label {:?}; expected support, oppose, neutral or none",
                    a.final_label
                ),
            ));
        }
        out.push(a);
    }
    Ok(out)
}

/// Write adjudications (or open disputes) as CSV.
pub fn write_adjudications<W: std::io::Write>(out: W, rows: &[Adjudication]) -> Result<()> {
    crate::news::write_csv(out, rows, "adjudications")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(doc: &str, start: usize, c: &str, stance: &str, who: &str) -> StandoffRow {
        StandoffRow {
            corpus: "fnc1".into(),
            doc_id: doc.into(),
            start,
            end: start + 10,
            sha256: "0".repeat(64),
            country_code: c.into(),
            topic: "t".into(),
            topic_aliases: "t".into(),
            stance: stance.into(),
            annotator: who.into(),
        }
    }

    #[test]
    fn kappa_known_values() {
        // 2x2 table [[20, 5], [10, 15]]: po = 0.7, pe = 0.5, kappa = 0.4.
        let mut pairs = vec![(0, 0); 20];
        pairs.extend(vec![(0, 1); 5]);
        pairs.extend(vec![(1, 0); 10]);
        pairs.extend(vec![(1, 1); 15]);
        assert!((cohen_kappa(&pairs, 2) - 0.4).abs() < 1e-12);
        assert_eq!(cohen_kappa(&[(1, 1), (1, 1)], 2), 1.0);
        assert!(cohen_kappa(&[], 2).is_nan());
    }

    #[test]
    fn agreement_counts_missing_rows_as_none_and_skips_unshared_articles() {
        let a = vec![
            row("1", 0, "CHN", "oppose", "r1"),
            row("1", 0, "USA", "support", "r1"),
            row("1", 20, "RUS", "neutral", "r1"),
            row("2", 0, "JPN", "support", "r1"),
        ];
        let b = vec![
            row("1", 0, "CHN", "oppose", "r2"),
            row("1", 0, "USA", "neutral", "r2"),
            row("1", 40, "KOR", "support", "r2"),
        ];
        let g = agreement("r1", &a, "r2", &b);
        assert_eq!((g.articles, g.units, g.both, g.same), (1, 4, 2, 1));
        assert_eq!(g.confusion["support/neutral"], 1);
        assert_eq!(g.confusion["neutral/none"], 1);
        assert_eq!(g.confusion["none/support"], 1);
    }

    /// (country, stance, annotator) of each row.
    fn summary(rows: &[StandoffRow]) -> Vec<(&str, &str, &str)> {
        rows.iter()
            .map(|r| {
                (
                    r.country_code.as_str(),
                    r.stance.as_str(),
                    r.annotator.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn merge_keeps_agreement_and_asks_for_the_rest() {
        let passes = vec![
            (
                "r1".to_string(),
                vec![
                    row("1", 0, "CHN", "oppose", "r1"),
                    row("1", 0, "USA", "support", "r1"),
                    row("2", 0, "JPN", "neutral", "r1"),
                ],
            ),
            (
                "r2".to_string(),
                vec![
                    row("1", 0, "CHN", "oppose", "r2"),
                    row("1", 0, "USA", "neutral", "r2"),
                    row("1", 40, "KOR", "support", "r2"),
                ],
            ),
        ];
        let (rows, disputes) = merge(&passes, &[]);
        let got = summary(&rows);
        assert_eq!(got, [("CHN", "oppose", "r1+r2"), ("JPN", "neutral", "r1")]);
        let labels: Vec<&str> = disputes.iter().map(|d| d.labels.as_str()).collect();
        assert_eq!(labels, ["r1:support|r2:neutral", "r1:none|r2:support"]);
        let mut decided = disputes.clone();
        decided[0].final_label = "support".into();
        decided[0].adjudicator = "adj".into();
        decided[1].final_label = "none".into();
        decided[1].adjudicator = "adj".into();
        let (rows, disputes) = merge(&passes, &decided);
        assert!(disputes.is_empty());
        let got = summary(&rows);
        assert_eq!(
            got,
            [
                ("CHN", "oppose", "r1+r2"),
                ("USA", "support", "adj"),
                ("JPN", "neutral", "r1")
            ]
        );
    }
}
