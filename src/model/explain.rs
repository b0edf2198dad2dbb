//! Why a linear model gave a label ([`explain`]): the label's decision
//! value split into one contribution per feature of the input's row.
//!
//! The row is the reference TF-IDF transform ([`Features::transform_into`],
//! the path that training uses), and a feature's contribution is its weight
//! toward the label times its value. The decision value of a label is the
//! score whose probability the model reports:
//!
//! * a multinomial model (three or more labels): `z_l = w_l . x + b_l`,
//!   and the probabilities are the softmax of the `z`;
//! * a binary model keeps one score `z = w . x + b` (scikit-learn's
//!   `decision_function`) with `p(label 1) = sigmoid(z)`; the decision
//!   value of label 1 is `z` and that of label 0 is `-z` (weights and
//!   intercept negated), so `p(label) = sigmoid(decision)` for either;
//! * a multi-label model (one-vs-rest): label l's own binary score
//!   `z_l = w_l . x + b_l`, `p(l) = sigmoid(z_l)`.
//!
//! The contributions are summed in the row's column order, as the model
//! sums them, so `intercept + sum(contributions)` is the decision value to
//! rounding (`tests` check 1e-9). [`Explanation::features`] holds the `top`
//! largest contributions by absolute value (positive ones pull toward the
//! label, negative ones away), and [`Explanation::other`] the sum of the
//! rest, so `intercept + other + sum(features)` adds up whatever `top` is.
//! Feature names are those `stancekit inspect` shows
//! ([`Features::feature_name`]): n-grams as text, holder and target
//! placeholders as `xholderx` / `xtargetx` / `xotherx`, context tokens by
//! their prefix, a per-target block's features prefixed `[target]`.

use serde::Serialize;

use crate::features::pipeline::{Features, Input, Scratch};
use crate::features::sparse::Csr;
use crate::model::Model;

/// One feature's part in a decision value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature's name (as `stancekit inspect` shows it).
    pub feature: String,
    /// Its value in the input's TF-IDF row.
    pub value: f64,
    /// Its weight toward the label.
    pub weight: f64,
    /// `weight * value`.
    pub contribution: f64,
}

/// A label's decision value for one input, split by feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The label explained.
    pub label: String,
    /// Its decision value (see the module docs).
    pub decision: f64,
    /// The intercept toward the label.
    pub intercept: f64,
    /// The sum of the contributions not in `features`.
    pub other: f64,
    /// The largest contributions by absolute value, largest first.
    pub features: Vec<Contribution>,
}

/// The weights and intercept toward `label`: (weights, intercept, sign).
fn label_weights(model: &Model, label: usize) -> (&[f64], f64, f64) {
    match &model.multi_label {
        Some(m) => {
            let d = m.n_features;
            (&m.coef[label * d..][..d], m.intercept[label], 1.0)
        }
        None => {
            let w = &model.weights;
            let d = w.n_features;
            if w.n_outputs() == 1 {
                let sign = if label == 1 { 1.0 } else { -1.0 };
                (&w.coef[..d], w.intercept[0], sign)
            } else {
                (&w.coef[label * d..][..d], w.intercept[label], 1.0)
            }
        }
    }
}

/// Explain `model`'s decision value of label index `label` on `input`,
/// keeping the `top` largest contributions (see the module docs).
pub fn explain(
    model: &Model,
    input: &Input<'_>,
    label: usize,
    top: usize,
    scratch: &mut Scratch,
) -> Explanation {
    let features: &Features = &model.features;
    let mut row = Csr::new(features.n_features());
    features.transform_into(input, scratch, &mut row);
    let view = row.row(0);
    let (w, b, sign) = label_weights(model, label);
    // (column, value, contribution) in column order, summed as the model does.
    let mut all: Vec<(u32, f64, f64)> = Vec::with_capacity(view.indices.len());
    let mut sum = 0.0f64;
    for (&j, &v) in view.indices.iter().zip(view.data) {
        let v = f64::from(v);
        let c = sign * (v * w[j as usize]);
        sum += c;
        all.push((j, v, c));
    }
    let decision = sign * b + sum;
    all.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then(a.0.cmp(&b.0)));
    let cut = top.min(all.len());
    let mut rest = all.split_off(cut);
    // The rest in column order, so `other` does not depend on the sort.
    rest.sort_by_key(|r| r.0);
    let other = rest.iter().map(|r| r.2).sum();
    Explanation {
        label: model.labels[label].clone(),
        decision,
        intercept: sign * b,
        other,
        features: all
            .into_iter()
            .map(|(j, value, contribution)| Contribution {
                feature: features.feature_name(j as usize),
                value,
                weight: sign * w[j as usize],
                contribution,
            })
            .collect(),
    }
}

/// The label `predict --explain` explains for probabilities `p`: the most
/// probable one; for a multi-label model, the most probable of the labels
/// predicted.
pub fn explained_label(model: &Model, p: &[f64]) -> usize {
    match &model.multi_label {
        Some(m) => {
            let on = m.decide(p);
            on.into_iter()
                .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
                .unwrap_or(0)
        }
        None => crate::model::argmax(p).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::pipeline::{FeatureConfig, TargetMode};
    use crate::model::solver::Weights;
    use crate::model::{defaults, Task};

    fn check_all_labels(model: &Model, inputs: &[Input<'_>]) {
        let mut scratch = Scratch::default();
        for input in inputs {
            let mut row = Csr::new(model.features.n_features());
            model.features.transform_into(input, &mut scratch, &mut row);
            let p = model.proba_of_row(&row);
            for l in 0..model.labels.len() {
                let all = explain(model, input, l, usize::MAX, &mut scratch);
                let sum: f64 = all.features.iter().map(|c| c.contribution).sum();
                assert_eq!(all.other, 0.0);
                assert!((all.intercept + sum - all.decision).abs() < 1e-9);
                // The decision value is the model's: its probability is p.
                let from_decision = match (&model.multi_label, model.labels.len()) {
                    (Some(_), _) | (None, 2) => 1.0 / (1.0 + (-all.decision).exp()),
                    (None, _) => {
                        let z = model.weights.decision(row.row(0));
                        assert!((z[l] - all.decision).abs() < 1e-9);
                        p[l]
                    }
                };
                assert!((from_decision - p[l]).abs() < 1e-9, "{from_decision} {p:?}");
                let top = explain(model, input, l, 3, &mut scratch);
                assert_eq!(top.features.len(), 3.min(all.features.len()));
                let top_sum: f64 = top.features.iter().map(|c| c.contribution).sum();
                assert!((top.intercept + top.other + top_sum - top.decision).abs() < 1e-9);
                for (c, d) in top.features.iter().zip(&top.features[1..]) {
                    assert!(c.contribution.abs() >= d.contribution.abs());
                }
                for c in &top.features {
                    assert_eq!(c.contribution, c.weight * c.value);
                }
            }
        }
    }

    #[test]
    fn default_stance_model_contributions_add_up_for_every_label() {
        let model = defaults::load(Task::Stance).unwrap();
        assert_eq!(model.labels, ["neutral", "oppose", "support"]);
        let inputs = [
            Input {
                text: "China firmly opposes the deployment of THAAD in South Korea.",
                target: Some("THAAD"),
                holder: Some("China"),
            },
            Input {
                text: "Washington welcomed the deal and urged others to join.",
                target: Some("the deal"),
                holder: Some("United States"),
            },
        ];
        check_all_labels(&model, &inputs);
        let e = explain(&model, &inputs[0], 1, 5, &mut Scratch::default());
        assert_eq!(e.label, "oppose");
        // The holder-aware context feature "the word right of the holder is
        // 'opposes'" is among the five that carry the decision.
        assert!(e.features.iter().any(|c| c.feature == "word:hr_opposes"));
    }

    #[test]
    fn binary_model_explains_label_zero_by_the_negated_score() {
        let texts = [
            "good fine",
            "bad awful",
            "good good",
            "awful bad bad",
            "fine",
        ];
        let inputs: Vec<Input<'_>> = texts
            .iter()
            .map(|t| Input {
                text: t,
                target: None,
                holder: None,
            })
            .collect();
        let config = FeatureConfig {
            vectorizers: vec![crate::features::tfidf::TfidfParams::new()],
            target_mode: TargetMode::Ignore,
            entity: None,
            email: Default::default(),
            hashtags: false,
        };
        let features = Features::fit(&config, &inputs).unwrap();
        let d = features.n_features();
        let model = Model {
            task: Task::Stance,
            labels: vec!["neg".into(), "pos".into()],
            columns: crate::model::Columns {
                text: "text".into(),
                label: "label".into(),
                target: None,
                holder: None,
            },
            weights: Weights {
                n_features: d,
                n_classes: 2,
                coef: (0..d).map(|j| j as f64 * 0.7 - 1.1).collect(),
                intercept: vec![0.25],
            },
            features,
            topics: Vec::new(),
            training: defaults::load(Task::Stance).unwrap().training,
            multi_label: None,
        };
        check_all_labels(&model, &inputs);
        let mut s = Scratch::default();
        let one = explain(&model, &inputs[0], 1, 2, &mut s);
        let zero = explain(&model, &inputs[0], 0, 2, &mut s);
        assert_eq!(zero.decision, -one.decision);
        assert_eq!(zero.intercept, -0.25);
    }
}
