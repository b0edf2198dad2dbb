//! Classification metrics computed from a confusion matrix, with the same
//! definitions as scikit-learn's `classification_report` (a label never
//! predicted has precision 0) and SemEval-2016's `eval.pl` F_avg (mean F1
//! of the named labels, each computed over all rows).

use serde::Serialize;

/// Precision, recall, F1 and support of one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelScores {
    /// The label.
    pub label: String,
    /// Precision in [0, 1].
    pub precision: f64,
    /// Recall in [0, 1].
    pub recall: f64,
    /// F1 in [0, 1].
    pub f1: f64,
    /// Number of rows whose true label is this one.
    pub support: usize,
}

/// A full evaluation report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Number of rows scored.
    pub rows: usize,
    /// Fraction of rows predicted correctly.
    pub accuracy: f64,
    /// Mean F1 over labels.
    pub macro_f1: f64,
    /// Mean F1 over the `favg` labels, if asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub f_avg: Option<f64>,
    /// The labels averaged into `f_avg`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub f_avg_labels: Vec<String>,
    /// Per-label scores, in label order.
    pub per_label: Vec<LabelScores>,
    /// Label order of the confusion matrix.
    pub labels: Vec<String>,
    /// `confusion[true][predicted]` counts.
    pub confusion: Vec<Vec<usize>>,
}

/// Scores predictions against truth. `labels` fixes the order; `truth` and
/// `pred` are indices into it. `favg` names labels whose F1 is averaged.
pub fn report(labels: &[String], truth: &[usize], pred: &[usize], favg: &[String]) -> Report {
    assert_eq!(
        truth.len(),
        pred.len(),
        "truth and predictions differ in length"
    );
    let k = labels.len();
    let mut confusion = vec![vec![0usize; k]; k];
    for (&t, &p) in truth.iter().zip(pred) {
        confusion[t][p] += 1;
    }
    let per_label: Vec<LabelScores> = (0..k)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let support: usize = confusion[c].iter().sum();
            let predicted: usize = confusion.iter().map(|r| r[c]).sum();
            let precision = ratio(tp, predicted as f64);
            let recall = ratio(tp, support as f64);
            let f1 = ratio(2.0 * precision * recall, precision + recall);
            LabelScores {
                label: labels[c].clone(),
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
    let present: Vec<&LabelScores> = per_label.iter().collect();
    let macro_f1 = if present.is_empty() {
        0.0
    } else {
        present.iter().map(|s| s.f1).sum::<f64>() / present.len() as f64
    };
    let f_avg = if favg.is_empty() {
        None
    } else {
        let fs: Vec<f64> = favg
            .iter()
            .map(|l| {
                per_label
                    .iter()
                    .find(|s| &s.label == l)
                    .map_or(0.0, |s| s.f1)
            })
            .collect();
        Some(fs.iter().sum::<f64>() / fs.len() as f64)
    };
    Report {
        rows: truth.len(),
        accuracy: ratio(correct as f64, truth.len() as f64),
        macro_f1,
        f_avg,
        f_avg_labels: favg.to_vec(),
        per_label,
        labels: labels.to_vec(),
        confusion,
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

impl Report {
    /// A plain-text table for terminals.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let w = self
            .labels
            .iter()
            .map(|l| l.len())
            .max()
            .unwrap_or(5)
            .max(9);
        s.push_str(&format!(
            "{:<w$}  {:>9}  {:>6}  {:>6}  {:>7}\n",
            "label", "precision", "recall", "f1", "support"
        ));
        for l in &self.per_label {
            s.push_str(&format!(
                "{:<w$}  {:>9.4}  {:>6.4}  {:>6.4}  {:>7}\n",
                l.label, l.precision, l.recall, l.f1, l.support
            ));
        }
        s.push_str(&format!("\nrows      {}\n", self.rows));
        s.push_str(&format!("accuracy  {:.4}\n", self.accuracy));
        s.push_str(&format!("macro-F1  {:.4}\n", self.macro_f1));
        if let Some(f) = self.f_avg {
            s.push_str(&format!(
                "F_avg     {:.4}  (mean F1 of {})\n",
                f,
                self.f_avg_labels.join(", ")
            ));
        }
        s.push_str("\nconfusion (rows: true, columns: predicted)\n");
        s.push_str(&format!("{:<w$}", ""));
        for l in &self.labels {
            s.push_str(&format!("  {:>8}", truncate(l, 8)));
        }
        s.push('\n');
        for (i, row) in self.confusion.iter().enumerate() {
            s.push_str(&format!("{:<w$}", self.labels[i]));
            for c in row {
                s.push_str(&format!("  {c:>8}"));
            }
            s.push('\n');
        }
        s
    }
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Stratified K-fold assignment: returns the fold (0..k) of every row.
/// Rows of each stratum are shuffled with `seed` and dealt round-robin, so
/// every fold gets each stratum in proportion (as sklearn's StratifiedKFold
/// with shuffle). Deterministic for a given seed.
pub fn stratified_folds(strata: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let n_strata = strata.iter().copied().max().map_or(0, |m| m + 1);
    let mut by: Vec<Vec<usize>> = vec![Vec::new(); n_strata];
    for (i, &s) in strata.iter().enumerate() {
        by[s].push(i);
    }
    let mut rng = SplitMix64(seed);
    let mut fold = vec![0usize; strata.len()];
    let mut next = 0usize;
    for rows in &mut by {
        // Fisher-Yates shuffle.
        for i in (1..rows.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            rows.swap(i, j);
        }
        for &r in rows.iter() {
            fold[r] = next % k;
            next += 1;
        }
    }
    fold
}

/// A tiny deterministic PRNG (SplitMix64) for fold shuffles.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_hand_computed_scores() {
        // truth: A A A B B C ; pred: A A B B C C
        let l = labels(&["A", "B", "C"]);
        let r = report(
            &l,
            &[0, 0, 0, 1, 1, 2],
            &[0, 0, 1, 1, 2, 2],
            &labels(&["A", "C"]),
        );
        assert_eq!(
            r.confusion,
            vec![vec![2, 1, 0], vec![0, 1, 1], vec![0, 0, 1]]
        );
        assert!((r.accuracy - 4.0 / 6.0).abs() < 1e-12);
        // A: p=1, r=2/3, f1=0.8 ; B: p=1/2, r=1/2, f1=0.5 ; C: p=1/2, r=1, f1=2/3
        assert!((r.per_label[0].f1 - 0.8).abs() < 1e-12);
        assert!((r.per_label[1].f1 - 0.5).abs() < 1e-12);
        assert!((r.per_label[2].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.macro_f1 - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        assert!((r.f_avg.unwrap() - (0.8 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn never_predicted_label_scores_zero() {
        let l = labels(&["A", "B"]);
        let r = report(&l, &[0, 1], &[0, 0], &[]);
        assert_eq!(r.per_label[1].precision, 0.0);
        assert_eq!(r.per_label[1].f1, 0.0);
    }

    #[test]
    fn folds_are_stratified_and_deterministic() {
        let strata: Vec<usize> = (0..100).map(|i| if i < 80 { 0 } else { 1 }).collect();
        let f = stratified_folds(&strata, 5, 7);
        assert_eq!(f, stratified_folds(&strata, 5, 7));
        for k in 0..5 {
            let n0 = (0..80).filter(|&i| f[i] == k).count();
            let n1 = (80..100).filter(|&i| f[i] == k).count();
            assert_eq!((n0, n1), (16, 4));
        }
    }
}
