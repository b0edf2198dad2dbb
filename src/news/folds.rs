//! Article-level cross-validation folds of the sentence corpus.
//!
//! The dev set measures the article reading on 253 articles; the corpus's
//! own 1,081 articles can measure it too, out of sample, if the model that
//! reads an article never trained on it. [`split`] deals the corpus's
//! articles into K folds (round robin over each corpus's articles in id
//! order, so every fold holds all three sources) and, for each fold, gives
//! the stand-off rows of the other folds (to train on) and article-level
//! gold labels derived from the fold's own sentence labels (to score on).
//!
//! A derived label is a reader's judgment summed up, not a new one: for
//! each (article, country, topic) the support and oppose sentence labels
//! are counted and the larger count wins; a tie, or no polar label at all,
//! gives no row (as the dev set has rows only for a clear stance). The
//! topic's aliases are every alias the article's rows give it.

use std::collections::{BTreeMap, BTreeSet};

use crate::entities::gazetteer::Gazetteer;
use crate::eval::articles::GoldLabel;
use crate::news::corpus::{article_id, CorpusKind};
use crate::news::standoff::StandoffRow;

/// One fold: what to train on and what to score.
#[derive(Debug, Default)]
pub struct Fold {
    /// Stand-off rows of every other fold.
    pub train: Vec<StandoffRow>,
    /// Article-level labels derived from this fold's rows.
    pub gold: Vec<GoldLabel>,
    /// Articles of this fold (with or without a derived label).
    pub articles: usize,
    /// (article, country, topic) units of this fold dropped for a tie
    /// between support and oppose.
    pub ties: usize,
}

/// The article id of a stand-off row (`bbc-politics-042`).
fn article_of(r: &StandoffRow) -> String {
    match CorpusKind::parse(&r.corpus) {
        Some(kind) => article_id(kind, &r.doc_id),
        None => format!("{}-{}", r.corpus, r.doc_id),
    }
}

/// Deal the articles of `rows` into `k` folds (see the module docs).
pub fn split(rows: &[StandoffRow], k: usize) -> Vec<Fold> {
    let k = k.max(2);
    let mut by_corpus: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        by_corpus
            .entry(r.corpus.as_str())
            .or_default()
            .insert(article_of(r));
    }
    let mut fold_of: BTreeMap<String, usize> = BTreeMap::new();
    for articles in by_corpus.values() {
        for (i, a) in articles.iter().enumerate() {
            fold_of.insert(a.clone(), i % k);
        }
    }
    let mut folds: Vec<Fold> = (0..k).map(|_| Fold::default()).collect();
    for f in fold_of.values() {
        folds[*f].articles += 1;
    }
    for r in rows {
        let f = fold_of[&article_of(r)];
        for (j, fold) in folds.iter_mut().enumerate() {
            if j != f {
                fold.train.push(r.clone());
            }
        }
    }
    for (j, fold) in folds.iter_mut().enumerate() {
        let own: Vec<&StandoffRow> = rows
            .iter()
            .filter(|r| fold_of[&article_of(r)] == j)
            .collect();
        let (gold, ties) = derive_gold(&own);
        fold.gold = gold;
        fold.ties = ties;
    }
    folds
}

/// Article-level labels from sentence labels (see the module docs), and
/// the number of units dropped for a tie.
pub fn derive_gold(rows: &[&StandoffRow]) -> (Vec<GoldLabel>, usize) {
    // (article, country, topic) -> (support, oppose)
    let mut counts: BTreeMap<(String, String, String), (usize, usize)> = BTreeMap::new();
    let mut aliases: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        let a = article_of(r);
        let c = counts
            .entry((a.clone(), r.country_code.clone(), r.topic.clone()))
            .or_default();
        match r.stance.as_str() {
            "support" => c.0 += 1,
            "oppose" => c.1 += 1,
            _ => {}
        }
        aliases.entry((a, r.topic.clone())).or_default().extend(
            r.topic_aliases
                .split('|')
                .map(str::trim)
                // The gold format turns aliases into `--topic NAME=a,b`.
                .filter(|x| !x.is_empty() && !x.contains(',') && !x.contains('='))
                .map(String::from),
        );
    }
    let gaz = Gazetteer::builtin();
    let mut gold = Vec::new();
    let mut ties = 0;
    for ((article, code, topic), (support, oppose)) in counts {
        if support == oppose {
            ties += usize::from(support > 0);
            continue;
        }
        let al: Vec<String> = aliases[&(article.clone(), topic.clone())]
            .iter()
            .cloned()
            .collect();
        if al.is_empty() {
            continue;
        }
        let name = gaz
            .by_iso3(&code)
            .map_or_else(|| code.clone(), |id| gaz.country(id).name.clone());
        gold.push(GoldLabel {
            body_id: article,
            country_code: code,
            country_name: name,
            topic,
            aliases: al,
            stance: if support > oppose {
                "support"
            } else {
                "oppose"
            }
            .to_string(),
            evidence_sentence: None,
            note: format!("derived: {support} support, {oppose} oppose sentence labels"),
            line: 0,
        });
    }
    (gold, ties)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        corpus: &str,
        doc: &str,
        start: usize,
        code: &str,
        topic: &str,
        al: &str,
        stance: &str,
    ) -> StandoffRow {
        StandoffRow {
            corpus: corpus.into(),
            doc_id: doc.into(),
            start,
            end: start + 10,
            sha256: "0".repeat(64),
            country_code: code.into(),
            topic: topic.into(),
            topic_aliases: al.into(),
            stance: stance.into(),
            annotator: "r1".into(),
        }
    }

    #[test]
    fn the_larger_polar_count_wins_and_ties_give_no_label() {
        let rows = [
            row("fnc1", "7", 0, "USA", "sanctions", "sanctions", "support"),
            row("fnc1", "7", 20, "USA", "sanctions", "embargo", "oppose"),
            row("fnc1", "7", 40, "USA", "sanctions", "sanctions", "support"),
            row("fnc1", "7", 60, "RUS", "sanctions", "sanctions", "neutral"),
            row("fnc1", "7", 80, "CHN", "sanctions", "sanctions", "support"),
            row("fnc1", "7", 99, "CHN", "sanctions", "a, b", "oppose"),
        ];
        let refs: Vec<&StandoffRow> = rows.iter().collect();
        let (gold, ties) = derive_gold(&refs);
        assert_eq!(ties, 1, "China: one support, one oppose");
        assert_eq!(gold.len(), 1, "Russia is only neutral");
        let g = &gold[0];
        assert_eq!(
            (
                g.body_id.as_str(),
                g.country_code.as_str(),
                g.country_name.as_str()
            ),
            ("fnc1-7", "USA", "United States")
        );
        assert_eq!(g.stance, "support");
        // Every alias of the article's topic, the comma one left out.
        assert_eq!(g.aliases, ["embargo", "sanctions"]);
    }

    #[test]
    fn folds_hold_every_source_and_never_train_on_their_own_articles() {
        let mut rows = Vec::new();
        for i in 0..6 {
            rows.push(row("fnc1", &i.to_string(), 0, "USA", "t", "t", "support"));
            rows.push(row(
                "reuters",
                &(100 + i).to_string(),
                0,
                "FRA",
                "t",
                "t",
                "oppose",
            ));
        }
        rows.push(row(
            "bbc",
            "politics/001.txt",
            0,
            "GBR",
            "t",
            "t",
            "support",
        ));
        let folds = split(&rows, 3);
        assert_eq!(
            folds.iter().map(|f| f.articles).collect::<Vec<_>>(),
            [5, 4, 4]
        );
        for f in &folds {
            let own: BTreeSet<&str> = f.gold.iter().map(|g| g.body_id.as_str()).collect();
            assert!(f
                .train
                .iter()
                .all(|r| !own.contains(article_of(r).as_str())));
            assert_eq!(f.train.len() + f.gold.len(), rows.len());
            assert!(f.gold.iter().any(|g| g.body_id.starts_with("fnc1-")));
            assert!(f.gold.iter().any(|g| g.body_id.starts_with("reuters-")));
        }
        assert_eq!(folds[0].gold[0].body_id, "bbc-politics-001");
    }
}
