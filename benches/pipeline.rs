//! Feature, scoring and predict benches. Every input (documents, models,
//! CSV bytes) is built before the timed closure.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use stancekit::data::{Format, Limits, Row, RowReader, Table};
use stancekit::features::pipeline::{FeatureConfig, Input, Scratch, TargetMode};
use stancekit::features::sparse::Csr;
use stancekit::features::tfidf::TfidfUnion;
use stancekit::model::predict::{
    self, ErrorReport, OnError, PredictColumns, PredictOptions, RowScorer, RowScratch,
};
use stancekit::model::solver::{ClassWeight, LogisticParams, Weights};
use stancekit::model::train::{self, stance_chars, stance_words, SolverKind, TrainOptions};
use stancekit::model::{Columns, Model, Task};

mod common;

const LABELS: [&str; 3] = ["AGAINST", "FAVOR", "NONE"];

/// A stance model (word 1-2 + char_wb 2-5, target-shared) fitted on `n`
/// generated rows whose label follows a cue word.
fn small_model(n: usize) -> Model {
    let docs = common::docs(n, 7);
    let mut rng = common::Lcg(3);
    let rows = docs
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let l = rng.below(3);
            let cue = ["rejected", "welcomed", "discussed"][l];
            Row {
                line: i as u64 + 2,
                number: i as u64 + 1,
                values: vec![
                    format!("{d} {cue}"),
                    ["THAAD", "trade deal"][i % 2].to_string(),
                    LABELS[l].to_string(),
                ],
            }
        })
        .collect();
    let table = Table {
        path: "generated.csv".into(),
        headers: vec!["text".into(), "target".into(), "label".into()],
        rows,
        sha256: String::new(),
    };
    let opts = TrainOptions {
        columns: Columns {
            text: "text".into(),
            label: "label".into(),
            target: Some("target".into()),
            holder: None,
        },
        task: Task::Stance,
        features: FeatureConfig {
            vectorizers: vec![stance_words(), stance_chars()],
            target_mode: TargetMode::Shared,
            entity: None,
            email: stancekit::text::email::EmailStrip::NONE,
            hashtags: false,
        },
        solver: SolverKind::Sparse,
        params: LogisticParams {
            c: 10.0,
            class_weight: ClassWeight::Balanced,
            max_iter: 50,
            ..LogisticParams::default()
        },
        topics: Vec::new(),
    };
    train::train(&table, &opts, None).expect("bench model trains")
}

fn tfidf(c: &mut Criterion) {
    let train: Vec<String> = common::docs(10_000, 1);
    let refs: Vec<&str> = train.iter().map(String::as_str).collect();
    let union = TfidfUnion::fit(&[stance_words(), stance_chars()], &refs).expect("fit");
    let test: Vec<String> = common::docs(10_000, 2);
    let test_refs: Vec<&str> = test.iter().map(String::as_str).collect();
    let bytes: usize = test.iter().map(String::len).sum();
    let mut g = c.benchmark_group("features");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tfidf-transform/word12+charwb25/10000docs", |b| {
        b.iter(|| union.transform(&test_refs).nnz())
    });
    g.finish();
}

fn score(c: &mut Criterion) {
    let nf = 15_000;
    let mut rng = common::Lcg(11);
    let weights = Weights {
        n_features: nf,
        n_classes: 3,
        coef: (0..3 * nf)
            .map(|_| rng.below(2001) as f64 / 1000.0 - 1.0)
            .collect(),
        intercept: vec![0.1, -0.2, 0.05],
    };
    let mut x = Csr::new(nf);
    for _ in 0..10_000 {
        let mut pairs: Vec<(u32, f32)> = (0..150).map(|_| (rng.below(nf) as u32, 0.08)).collect();
        x.push_row_unsorted(&mut pairs);
    }
    let mut g = c.benchmark_group("model");
    g.throughput(Throughput::Elements(x.n_rows() as u64));
    g.bench_function("score/15k-feats/10000rows", |b| {
        b.iter(|| {
            (0..x.n_rows())
                .map(|i| weights.predict_proba(x.row(i))[0])
                .sum::<f64>()
        })
    });
    g.finish();
}

fn predict_rows(c: &mut Criterion) {
    let model = small_model(3000);
    let docs = common::docs(10_000, 5);
    let mut csv = String::from("text,target\n");
    for (i, d) in docs.iter().enumerate() {
        csv.push_str(&format!("\"{d}\",{}\n", ["THAAD", "trade deal"][i % 2]));
    }
    let csv = csv.into_bytes();
    let mut g = c.benchmark_group("predict");
    g.sample_size(10);
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("predict-rows/csv/10000rows", |b| {
        b.iter_batched(
            || csv.clone(),
            |bytes| {
                let reader = RowReader::from_reader(
                    "bench.csv",
                    Box::new(std::io::Cursor::new(bytes)),
                    Format::Csv,
                    Limits::default(),
                )
                .expect("reader");
                let mut errors = ErrorReport::new(None).expect("report");
                let opts = PredictOptions {
                    columns: PredictColumns::default(),
                    probabilities: false,
                    on_error: OnError::Stop,
                    format: Format::Csv,
                    batch: 4096,
                    explain: 0,
                };
                predict::predict_rows(
                    &model,
                    reader,
                    Box::new(std::io::sink()),
                    &mut errors,
                    &opts,
                    &mut |_| {},
                )
                .expect("predict")
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

/// One input at a time from its text to probabilities: the fused
/// [`RowScorer`] (with its word cache warm, then cold) against a feature
/// row per input ([`Model::predict_proba`]).
fn score_text(c: &mut Criterion) {
    let model = small_model(3000);
    let docs = common::docs(10_000, 6);
    let inputs: Vec<Input<'_>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| Input {
            text: d,
            target: Some(["THAAD", "trade deal"][i % 2]),
            holder: None,
        })
        .collect();
    let scorer = RowScorer::new(&model).expect("a plain stance model");
    let mut g = c.benchmark_group("predict");
    g.sample_size(10);
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("score-text/row-scorer/10000rows", |b| {
        let mut s = RowScratch::default();
        b.iter(|| {
            inputs
                .iter()
                .map(|i| scorer.predict_proba(i, &mut s)[0])
                .sum::<f64>()
        })
    });
    // A fresh scratch each pass: every word misses the word cache first.
    g.bench_function("score-text/row-scorer-cold-cache/10000rows", |b| {
        b.iter(|| {
            let mut s = RowScratch::default();
            inputs
                .iter()
                .map(|i| scorer.predict_proba(i, &mut s)[0])
                .sum::<f64>()
        })
    });
    g.bench_function("score-text/feature-rows/10000rows", |b| {
        let mut s = Scratch::default();
        b.iter(|| {
            inputs
                .iter()
                .map(|i| model.predict_proba(i, &mut s)[0])
                .sum::<f64>()
        })
    });
    g.finish();
}

fn article(c: &mut Criterion) {
    let model = stancekit::model::defaults::load(Task::Stance).expect("default model");
    let gaz = stancekit::entities::gazetteer::Gazetteer::builtin();
    let text = include_str!("../datasets/examples/thaad.txt");
    let opts = stancekit::article::ArticleOptions {
        topics: Vec::new(),
        min_confidence: 0.5,
        min_polar: stancekit::article::MIN_POLAR,
        topic_model: None,
    };
    let mut g = c.benchmark_group("article");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("article-predict/thaad-example", |b| {
        b.iter(|| stancekit::article::analyze("thaad", text, &model, gaz, &opts).len())
    });
    g.finish();
}

criterion_group!(benches, tfidf, score, predict_rows, score_text, article);
criterion_main!(benches);
