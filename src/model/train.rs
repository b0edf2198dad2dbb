//! Training: labeled rows -> fitted features -> logistic weights -> [`Model`],
//! plus stratified K-fold cross-validation.

use serde::{Deserialize, Serialize};

use crate::data::Table;
use crate::error::{Error, Result};
use crate::eval::metrics::{self, Report};
use crate::features::analyzer::Analyzer;
use crate::features::entity::EntityConfig;
use crate::features::pipeline::{FeatureConfig, Features, Input, TargetMode};
use crate::features::tfidf::{DocFreq, TfidfParams};
use crate::model::solver::{self, ClassWeight, FitReport, LogisticParams, Weights};
use crate::model::{linfa_solver, Columns, Model, Task, Topic, TrainingInfo};
use crate::text::email::EmailStrip;

/// Which optimizer fits the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SolverKind {
    /// L-BFGS on sparse rows (default).
    Sparse,
    /// linfa-logistic on a dense copy (small problems only).
    Linfa,
}

/// Everything `train` needs besides the data.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Column names.
    pub columns: Columns,
    /// Stance or topic.
    pub task: Task,
    /// Feature settings.
    pub features: FeatureConfig,
    /// Optimizer.
    pub solver: SolverKind,
    /// Logistic parameters.
    pub params: LogisticParams,
    /// Topic aliases for article prediction (stance models).
    pub topics: Vec<Topic>,
}

/// Default feature settings for a task, chosen by cross-validation on the
/// shared datasets (README, "Choosing the defaults").
pub fn default_features(task: Task, has_target: bool, has_holder: bool) -> FeatureConfig {
    match task {
        Task::Stance => FeatureConfig {
            vectorizers: vec![stance_words(), stance_chars()],
            target_mode: if has_target && !has_holder {
                TargetMode::Shared
            } else {
                TargetMode::Ignore
            },
            entity: if has_holder {
                // Five words of context: SEESAW unseen-story macro-F1 64.5
                // (vs 64.1 with three), directed sentiment within noise.
                // Word pairs of the two names, with the name block
                // weighed 1.25 (EntityConfig::name_pairs): SEESAW pooled
                // macro-F1 over 5 folds by story 65.1 -> 66.9, and
                // 64.5 -> 66.4 averaged over seven story groupings (each up
                // 1.2 to 2.4; weight 1 / 1.5: 66.0 / 66.6); directed
                // sentiment dev macro/micro 66.1/82.5 -> 66.0/82.8
                // (weight 1 / 1.5: 66.9/83.2, 65.5/82.4).
                Some(EntityConfig {
                    window: 5,
                    name_pairs: true,
                    name_weight: 1.25,
                    ..EntityConfig::default()
                })
            } else {
                None
            },
            email: EmailStrip::NONE,
            // Tweets' camel-case hashtags read as words too: SemEval-2016
            // F_avg +0.5 on average over 8 CV seeds (src/text/hashtags.rs).
            hashtags: !has_holder,
        },
        Task::Topic => FeatureConfig {
            vectorizers: vec![topic_words()],
            target_mode: TargetMode::Ignore,
            entity: None,
            email: EmailStrip::NONE,
            hashtags: false,
        },
    }
}

/// Default inverse regularization strength (`--c`) for a task.
///
/// Stance without a holder column (SemEval-style tweets with a target, or
/// plain texts) uses C = 1: on 5-fold CV of SemEval-2016 Task 6 train
/// (target-shared word 1-2 + char_wb 2-5, balanced classes) F_avg was
/// 0.697 at C = 0.5, 0.698 at 1, 0.696 at 3, 0.695 at 10 and 0.693 at 30,
/// with macro-F1 falling from 0.680 to 0.666; IBM claim stance agreed
/// (macro-F1 0.734 at C = 1 against 0.726 at 10). Holder (entity) stance
/// keeps C = 10; topic models use [`TOPIC_C`].
pub fn default_c(task: Task, has_holder: bool) -> f64 {
    match task {
        Task::Topic => TOPIC_C,
        Task::Stance if !has_holder => 1.0,
        Task::Stance => 10.0,
    }
}

/// Default class weights: none for holder models (directed sentiment and
/// SEESAW both score better without them: balanced weights trade many
/// neutral rows for a few rare-class hits), balanced otherwise; topic
/// models use [`TOPIC_CLASS_WEIGHT`].
pub fn default_class_weight(task: Task, has_holder: bool) -> ClassWeight {
    match task {
        Task::Topic => TOPIC_CLASS_WEIGHT,
        Task::Stance if has_holder => ClassWeight::None,
        Task::Stance => ClassWeight::Balanced,
    }
}

/// Word 1-2 grams, sublinear TF: the stance default.
pub fn stance_words() -> TfidfParams {
    TfidfParams::new().ngram_range(1, 2).sublinear_tf(true)
}

/// char_wb 2-5 grams, sublinear TF: the stance default.
pub fn stance_chars() -> TfidfParams {
    TfidfParams::new()
        .analyzer(Analyzer::CharWb)
        .ngram_range(2, 5)
        .sublinear_tf(true)
}

/// The topic default vectorizer: word unigrams, sublinear TF, terms in at
/// least 2 documents and at most half of them. Chosen on held-out slices of
/// 20 Newsgroups, Reuters R8/R52 and BBC News (README, "Choosing the
/// defaults"): word bigrams cost 5-10x the training time and lost accuracy
/// on all three long-document sets; `min_df = 2` keeps the vocabulary (and
/// the solver's memory) small on long posts.
pub fn topic_words() -> TfidfParams {
    TfidfParams::new()
        .ngram_range(1, 1)
        .sublinear_tf(true)
        .min_df(DocFreq::Count(2))
        .max_df(DocFreq::Fraction(0.5))
}

/// Default `C` and class weights of a task. Stance keeps the global CLI
/// default (C = 10, balanced); topic models use C = 100 with balanced class
/// weights. Chosen on held-out slices of the shared topic sets' train
/// splits (per-class chronological last quarter and a random quarter of
/// Reuters R8 and R52 and 20 Newsgroups, a random quarter of BBC News),
/// measured 2026-11-28 against C = 10 unweighted (the previous default and
/// scikit-learn's reference settings):
///
/// | slice | C=10 | C=30 bal. | C=100 bal. | C=300 bal. | C=100 |
/// |---|---|---|---|---|---|
/// | R8 chronological | 95.92 | 96.28 | 96.28 | 96.36 | 96.21 |
/// | R52 chronological | 92.86 | 93.59 | 94.08 | 94.14 | 93.77 |
/// | R8 random | 96.50 | 96.79 | 96.94 | 96.94 | 96.72 |
/// | R52 random | 94.92 | 95.96 | 96.39 | 96.45 | 95.71 |
/// | BBC random | 98.88 | 98.21 | 98.43 | 98.65 | 98.65 |
/// | 20NG chronological | 88.75 | 88.57 | 88.93 | 88.43 | 88.65 |
/// | 20NG random | 92.51 | 92.72 | 92.90 | 92.86 | 93.00 |
///
/// Weak regularization helps the many small Reuters classes most; C = 100
/// balanced is best or within 0.5 points of best on every slice.
pub fn default_regularization(task: Task, has_holder: bool) -> (f64, ClassWeight) {
    (
        default_c(task, has_holder),
        default_class_weight(task, has_holder),
    )
}

/// Default inverse regularization strength of topic models.
pub const TOPIC_C: f64 = 100.0;
/// Default class weights of topic models.
pub const TOPIC_CLASS_WEIGHT: ClassWeight = ClassWeight::Balanced;

/// Guess the task from the label column's name: "topic", "category",
/// "section", "newsgroup" and "subject" mean topic; anything else stance.
pub fn infer_task(label_column: &str) -> Task {
    let l = label_column.to_ascii_lowercase();
    if ["topic", "category", "section", "newsgroup", "subject"]
        .iter()
        .any(|k| l.contains(k))
    {
        Task::Topic
    } else {
        Task::Stance
    }
}

/// The sorted distinct labels of a training table, or an error when there
/// is only one (nothing to learn). Shared by single- and multi-label
/// training.
pub fn distinct_labels<'a>(
    table: &Table,
    column: &str,
    labels: impl Iterator<Item = &'a str>,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = labels.map(str::to_string).collect();
    out.sort();
    out.dedup();
    if out.len() < 2 {
        return Err(Error::input(
            &table.path,
            None,
            format!(
                "column \"{column}\" has a single label \"{}\" in {} rows; expected at least two labels to train",
                out.first().map_or("", String::as_str),
                table.rows.len()
            ),
        ));
    }
    Ok(out)
}

/// Labeled rows pulled out of a table (borrowing its text, so training
/// holds one copy of the data).
#[derive(Debug, Clone)]
pub struct Labeled<'t> {
    /// Texts.
    pub texts: Vec<&'t str>,
    /// Targets, trimmed (if a target column was named).
    pub targets: Option<Vec<&'t str>>,
    /// Holders, trimmed (if a holder column was named).
    pub holders: Option<Vec<&'t str>>,
    /// Label index of each row.
    pub y: Vec<usize>,
    /// Sorted label names.
    pub labels: Vec<String>,
    /// Source line of each row.
    pub lines: Vec<u64>,
}

impl<'t> Labeled<'t> {
    /// Extract the named columns; every value must be non-empty.
    pub fn from_table(table: &'t Table, columns: &Columns) -> Result<Labeled<'t>> {
        let text_col = table.column(&columns.text)?;
        let label_col = table.column(&columns.label)?;
        let target_col = columns
            .target
            .as_deref()
            .map(|c| table.column(c))
            .transpose()?;
        let holder_col = columns
            .holder
            .as_deref()
            .map(|c| table.column(c))
            .transpose()?;
        table.require_rows()?;
        let texts: Vec<&str> = table.non_empty(text_col, "text")?;
        let raw_labels: Vec<&str> = table
            .non_empty(label_col, "label")?
            .into_iter()
            .map(str::trim)
            .collect();
        let targets = target_col
            .map(|c| table.non_empty(c, "target"))
            .transpose()?
            .map(|v| v.into_iter().map(str::trim).collect());
        let holders = holder_col
            .map(|c| table.non_empty(c, "holder"))
            .transpose()?
            .map(|v| v.into_iter().map(str::trim).collect());
        let labels = distinct_labels(table, &columns.label, raw_labels.iter().copied())?;
        let y = raw_labels
            .iter()
            .map(|l| {
                labels
                    .binary_search_by(|x| x.as_str().cmp(l))
                    .expect("label listed")
            })
            .collect();
        Ok(Labeled {
            texts,
            targets,
            holders,
            y,
            labels,
            lines: table.rows.iter().map(|r| r.line).collect(),
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Pipeline inputs for the rows at `idx`.
    pub fn inputs(&self, idx: &[usize]) -> Vec<Input<'_>> {
        idx.iter()
            .map(|&i| Input {
                text: self.texts[i],
                target: self.targets.as_ref().map(|t| t[i]),
                holder: self.holders.as_ref().map(|h| h[i]),
            })
            .collect()
    }

    /// Stratum of each row: label, crossed with target when there is one.
    pub fn strata(&self) -> Vec<usize> {
        let mut keys: Vec<(String, usize)> = (0..self.len())
            .map(|i| {
                (
                    self.targets
                        .as_ref()
                        .map_or(String::new(), |t| t[i].to_lowercase()),
                    self.y[i],
                )
            })
            .collect();
        let mut uniq = keys.clone();
        uniq.sort();
        uniq.dedup();
        keys.drain(..)
            .map(|k| uniq.binary_search(&k).expect("key listed"))
            .collect()
    }
}

/// Fit features and weights on the rows `idx` of `data`.
pub fn fit_rows(
    data: &Labeled<'_>,
    idx: &[usize],
    opts: &TrainOptions,
) -> Result<(Features, Weights, FitReport)> {
    let inputs = data.inputs(idx);
    let (features, x) = Features::fit_transform_blocks(&opts.features, &inputs)?;
    drop(inputs);
    crate::mem::release_free_memory();
    let y: Vec<u32> = idx.iter().map(|&i| data.y[i] as u32).collect();
    let (weights, report) = match opts.solver {
        SolverKind::Sparse => solver::fit_design(&x, &y, data.labels.len(), &opts.params)?,
        SolverKind::Linfa => linfa_solver::fit(&x.into_csr(), &y, data.labels.len(), &opts.params)?,
    };
    Ok((features, weights, report))
}

/// Train a model on a whole table.
pub fn train(table: &Table, opts: &TrainOptions, cv: Option<serde_json::Value>) -> Result<Model> {
    let data = Labeled::from_table(table, &opts.columns)?;
    let all: Vec<usize> = (0..data.len()).collect();
    let (features, weights, report) = fit_rows(&data, &all, opts)?;
    let mut label_counts = vec![0usize; data.labels.len()];
    for &y in &data.y {
        label_counts[y] += 1;
    }
    let topics = if opts.topics.is_empty() {
        default_topics(&data)
    } else {
        opts.topics.clone()
    };
    Ok(Model {
        multi_label: None,
        task: opts.task,
        labels: data.labels.clone(),
        columns: opts.columns.clone(),
        features,
        weights,
        topics,
        training: TrainingInfo {
            data_file: table.path.clone(),
            data_sha256: table.sha256.clone(),
            rows: data.len(),
            label_counts,
            solver: match opts.solver {
                SolverKind::Sparse => "sparse-lbfgs".into(),
                SolverKind::Linfa => "linfa".into(),
            },
            params: opts.params.clone(),
            report,
            cv,
        },
    })
}

/// Topics of a stance model: its distinct targets, each its own alias.
fn default_topics(data: &Labeled<'_>) -> Vec<Topic> {
    let Some(t) = &data.targets else {
        return Vec::new();
    };
    let mut names: Vec<&str> = t.clone();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|n| Topic {
            name: n.to_string(),
            aliases: vec![n.to_string()],
        })
        .collect()
}

/// Cross-validation result: per-fold reports and the pooled report.
#[derive(Debug, Clone, Serialize)]
pub struct CvResult {
    /// Number of folds.
    pub folds: usize,
    /// Mean and standard deviation of macro-F1 over folds.
    pub macro_f1: (f64, f64),
    /// Mean and standard deviation of accuracy over folds.
    pub accuracy: (f64, f64),
    /// Mean and standard deviation of F_avg over folds, if asked.
    pub f_avg: Option<(f64, f64)>,
    /// Report over all out-of-fold predictions together.
    pub pooled: Report,
    /// Solver iterations of each fold's fit.
    pub iterations: Vec<u64>,
    /// Folds whose solver did not converge.
    pub not_converged: usize,
}

/// Stratified K-fold cross-validation (folds fitted in parallel).
pub fn cross_validate(
    table: &Table,
    opts: &TrainOptions,
    k: usize,
    seed: u64,
    favg: &[String],
) -> Result<CvResult> {
    cross_validate_grouped(table, opts, k, seed, favg, None)
}

/// Fold of each row such that rows sharing a group value (a story, an
/// article) never straddle folds: groups are taken largest first and each
/// goes to the fold with the fewest rows so far (sklearn's `GroupKFold`;
/// ties go to the lower fold, equal-sized groups in name order).
pub fn group_folds(groups: &[&str], k: usize) -> Result<Vec<usize>> {
    let mut sizes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for g in groups {
        *sizes.entry(g).or_insert(0) += 1;
    }
    if sizes.len() < k {
        return Err(Error::Param {
            name: "group",
            value: format!("{} distinct groups", sizes.len()),
            expected: format!("at least as many groups as folds ({k})"),
        });
    }
    let mut order: Vec<(&str, usize)> = sizes.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut load = vec![0usize; k];
    let mut fold_of: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (g, n) in order {
        let f = (0..k).min_by_key(|&f| (load[f], f)).expect("k >= 1");
        load[f] += n;
        fold_of.insert(g, f);
    }
    Ok(groups.iter().map(|g| fold_of[g]).collect())
}

/// K-fold cross-validation; with `group` (a column name), folds are built
/// by [`group_folds`] on that column instead of stratified by label.
pub fn cross_validate_grouped(
    table: &Table,
    opts: &TrainOptions,
    k: usize,
    seed: u64,
    favg: &[String],
    group: Option<&str>,
) -> Result<CvResult> {
    use rayon::prelude::*;
    if k < 2 {
        return Err(Error::Param {
            name: "cv",
            value: k.to_string(),
            expected: "at least 2 folds".into(),
        });
    }
    let data = Labeled::from_table(table, &opts.columns)?;
    let folds = match group {
        Some(g) => {
            let col = table.column(g)?;
            let values: Vec<&str> = table.non_empty(col, "group")?;
            group_folds(&values, k)?
        }
        None => metrics::stratified_folds(&data.strata(), k, seed),
    };
    type Fold = (Vec<usize>, Vec<usize>, FitReport);
    let results: Vec<Result<Fold>> = (0..k)
        .into_par_iter()
        .map(|f| {
            let train_idx: Vec<usize> = (0..data.len()).filter(|&i| folds[i] != f).collect();
            let test_idx: Vec<usize> = (0..data.len()).filter(|&i| folds[i] == f).collect();
            let (features, weights, report) = fit_rows(&data, &train_idx, opts)?;
            let x = features.transform(&data.inputs(&test_idx));
            let pred = (0..x.n_rows())
                .map(|r| crate::model::argmax(&weights.predict_proba(x.row(r))).0)
                .collect();
            Ok((test_idx, pred, report))
        })
        .collect();
    let mut fold_reports = Vec::new();
    let mut all_truth = Vec::new();
    let mut all_pred = Vec::new();
    let mut iterations = Vec::new();
    let mut not_converged = 0;
    for r in results {
        let (test_idx, pred, report) = r?;
        let truth: Vec<usize> = test_idx.iter().map(|&i| data.y[i]).collect();
        fold_reports.push(metrics::report(&data.labels, &truth, &pred, favg));
        all_truth.extend(truth);
        all_pred.extend(pred);
        iterations.push(report.iterations);
        if !report.converged {
            not_converged += 1;
        }
    }
    let stat = |f: &dyn Fn(&Report) -> f64| {
        let v: Vec<f64> = fold_reports.iter().map(f).collect();
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64;
        (m, var.sqrt())
    };
    Ok(CvResult {
        folds: k,
        macro_f1: stat(&|r| r.macro_f1),
        accuracy: stat(&|r| r.accuracy),
        f_avg: if favg.is_empty() {
            None
        } else {
            Some(stat(&|r| r.f_avg.unwrap_or(0.0)))
        },
        pooled: metrics::report(&data.labels, &all_truth, &all_pred, favg),
        iterations,
        not_converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_c_is_one_for_stance_without_holder() {
        assert_eq!(default_c(Task::Stance, false), 1.0);
        assert_eq!(default_c(Task::Stance, true), 10.0);
        assert_eq!(default_c(Task::Topic, false), 100.0);
        assert_eq!(
            default_regularization(Task::Topic, false),
            (100.0, ClassWeight::Balanced)
        );
        assert_eq!(
            default_regularization(Task::Stance, true),
            (10.0, ClassWeight::None)
        );
        assert_eq!(
            default_regularization(Task::Stance, false),
            (1.0, ClassWeight::Balanced)
        );
    }

    #[test]
    fn group_folds_keep_groups_together_and_balance_rows() {
        // Sizes a=4, b=3, c=2, d=1, e=1, largest first into the lightest
        // fold. Two folds: a->0 (4,0), b->1 (4,3), c->1 (4,5), d->0 (5,5),
        // e->0 on the tie (6,5). Three: a->0, b->1, c->2, d->2, e->1.
        let g = ["a", "b", "a", "c", "b", "a", "d", "c", "b", "a", "e"];
        let f = group_folds(&g, 2).unwrap();
        assert_eq!(f, vec![0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
        let f3 = group_folds(&g, 3).unwrap();
        assert_eq!(f3, vec![0, 1, 0, 2, 1, 0, 2, 2, 1, 0, 1]);
    }

    /// Pruned per-target blocks (`fit_transform`) against full ones (`fit`
    /// then `transform`): the pruned model has fewer columns and none that
    /// no training row uses, and the fitted classifiers agree on every row,
    /// seen or new, including a target never seen in training.
    #[test]
    fn pruned_target_blocks_predict_as_full_blocks() {
        let rows = [
            ("trams are quick and clean", "trams", 1),
            ("trams are loud at night", "trams", 0),
            ("we love the quick trams", "trams", 1),
            ("noisy trams wake us up", "trams", 0),
            ("the new parking fees are fair", "parking", 1),
            ("parking fees hurt small shops", "parking", 0),
            ("fair fees for parking downtown", "parking", 1),
            ("shops lose trade to parking fees", "parking", 0),
        ];
        let inputs: Vec<Input<'_>> = rows
            .iter()
            .map(|&(text, target, _)| Input {
                text,
                target: Some(target),
                holder: None,
            })
            .collect();
        let y: Vec<u32> = rows.iter().map(|r| r.2).collect();
        let config = FeatureConfig {
            vectorizers: vec![stance_words()],
            target_mode: TargetMode::Shared,
            entity: None,
            email: EmailStrip::NONE,
            hashtags: false,
        };
        let params = LogisticParams {
            c: 10.0,
            ..LogisticParams::default()
        };
        let full = Features::fit(&config, &inputs).unwrap();
        let (wf, _) = solver::fit(&full.transform(&inputs), &y, 2, &params).unwrap();
        let (pruned, x) = Features::fit_transform(&config, &inputs).unwrap();
        let (wp, _) = solver::fit(&x, &y, 2, &params).unwrap();
        assert_eq!(full.n_features(), 3 * pruned.block_width());
        assert!(pruned.n_features() < full.n_features());
        assert_eq!(wp.n_features, pruned.n_features());
        let mut used = vec![false; x.n_cols];
        for &j in &x.indices {
            used[j as usize] = true;
        }
        assert!(used.iter().all(|&u| u));
        let mut probes = inputs.clone();
        for (text, target) in [
            ("quick fair trams", "trams"),
            ("quick fair trams", "parking"),
            ("quick fair trams", "ferries"),
        ] {
            probes.push(Input {
                text,
                target: Some(target),
                holder: None,
            });
        }
        let (xf, xp) = (full.transform(&probes), pruned.transform(&probes));
        for i in 0..probes.len() {
            let (a, b) = (wf.predict_proba(xf.row(i)), wp.predict_proba(xp.row(i)));
            assert!((a[1] - b[1]).abs() < 1e-9, "row {i}: {a:?} vs {b:?}");
            assert_eq!(wf.predict(xf.row(i)), wp.predict(xp.row(i)));
        }
        // The fit separates the training rows.
        let pred: Vec<u32> = (0..8).map(|i| wp.predict(xp.row(i)) as u32).collect();
        assert_eq!(pred, y);
    }

    #[test]
    fn group_folds_need_enough_groups() {
        let err = group_folds(&["x", "y", "x"], 3).unwrap_err().to_string();
        assert!(err.contains("2 distinct groups"), "{err}");
    }
}
