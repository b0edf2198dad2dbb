//! `stancekit train`: fit a model from a labeled CSV.

use std::path::PathBuf;

use crate::data::{Format, Table};
use crate::error::{Error, Result};
use crate::features::analyzer::Analyzer;
use crate::features::pipeline::TargetMode;
use crate::features::tfidf::{DocFreq, TfidfParams};
use crate::model::solver::{ClassWeight, LogisticParams};
use crate::model::train::{self, SolverKind, TrainOptions};
use crate::model::{persist, Columns, Task};

const EXAMPLES: &str = "Examples:
  # stance toward a target (SemEval-2016 style), with 5-fold cross-validation
  stancekit train --data tweets.csv --text tweet --target target --label stance \\
      --cv 5 --favg FAVOR,AGAINST --model semeval.json

  # country stance: holder and target columns
  stancekit train --data datasets/stance/train.csv --text text --holder holder \\
      --target target --label stance --model countries.json

  # topics of documents
  stancekit train --data news.csv --text text --label topic --model topics.json";

/// Arguments of `stancekit train`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Labeled CSV (or JSON Lines) file; `-` for stdin.
    #[arg(long)]
    pub data: String,
    /// Text column.
    #[arg(long, default_value = "text")]
    pub text: String,
    /// Label column (the labels are the file's own: support/oppose, FAVOR/AGAINST/NONE, topics...).
    #[arg(long, default_value = "label")]
    pub label: String,
    /// Target column: stance toward a named target conditions the features.
    #[arg(long)]
    pub target: Option<String>,
    /// Holder column: whose stance it is (a country or entity named in the text).
    #[arg(long)]
    pub holder: Option<String>,
    /// Output model file (written atomically).
    #[arg(long)]
    pub model: PathBuf,
    /// Task: stance or topic (default: inferred from the label column's name).
    #[arg(long, value_parser = ["stance", "topic"])]
    pub task: Option<String>,
    /// Input format (default: from the file extension).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub format: Option<String>,
    /// Inverse L2 strength, as sklearn's C (larger = weaker regularization;
    /// default: 1 for stance without --holder, 10 with it, 100 for topics).
    #[arg(long)]
    pub c: Option<f64>,
    /// Class weights: none or balanced (n_rows / (n_labels * count));
    /// default: none with --holder, else balanced (topic models too).
    #[arg(long, value_parser = ["none", "balanced"])]
    pub class_weight: Option<String>,
    /// Rows carry several labels (separated by --label-sep): one binary
    /// model per label, each with its own threshold.
    #[arg(long)]
    pub multi_label: bool,
    /// Separator between labels of one row (with --multi-label).
    #[arg(long, default_value = crate::model::multilabel::DEFAULT_SEPARATOR)]
    pub label_sep: String,
    /// Strip e-mail parts before vectorizing: none, all, or a comma list of
    /// headers, footers, quotes (as sklearn's 20 Newsgroups `remove=`).
    #[arg(long)]
    pub strip_email: Option<String>,
    /// Maximum solver iterations.
    #[arg(long, default_value_t = 500)]
    pub max_iter: u64,
    /// Gradient tolerance at which the solver stops.
    #[arg(long, default_value_t = 1e-4)]
    pub tol: f64,
    /// Seed for cross-validation folds.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Solver: sparse (L-BFGS on sparse rows) or linfa (linfa-logistic, dense; small data only).
    #[arg(long, default_value = "sparse", value_parser = ["sparse", "linfa"])]
    pub solver: String,
    /// How the target conditions features: shared, per-target or ignore (default: by task).
    #[arg(long)]
    pub target_mode: Option<String>,
    /// Word n-gram range as MIN,MAX (0,0 turns word features off).
    #[arg(long)]
    pub word_ngrams: Option<String>,
    /// Character (char_wb) n-gram range as MIN,MAX (0,0 turns them off; topic models have
    /// none by default, and a range adds them).
    #[arg(long)]
    pub char_ngrams: Option<String>,
    /// Keep at most N features per vectorizer (most frequent).
    #[arg(long)]
    pub max_features: Option<usize>,
    /// With --holder: add the holder's role in its clause (object of a
    /// preposition, possessor, speaker, subject) and the stance words it
    /// governs, with negation, as features.
    #[arg(long, requires = "holder")]
    pub holder_roles: bool,
    /// With --holder: leave out the word pairs of the holder's and the
    /// target's names and weigh the name block as the text blocks (the
    /// settings before name pairs; the embedded model keeps them, since
    /// the pairs would take it over its size budget).
    #[arg(long, requires = "holder")]
    pub no_name_pairs: bool,
    /// With --holder: scale of the holder/target name block against the
    /// text blocks (default: 1.25 with name pairs, 1 without).
    #[arg(long, requires = "holder")]
    pub name_weight: Option<f64>,
    /// Drop terms in fewer than N documents (with --holder, context and name tokens too).
    #[arg(long)]
    pub min_df: Option<usize>,
    /// Drop terms in more than this fraction of documents.
    #[arg(long)]
    pub max_df: Option<f64>,
    /// Run stratified K-fold cross-validation and record it in the model.
    #[arg(long)]
    pub cv: Option<usize>,
    /// Column whose rows stay together in cross-validation (e.g. a story id), so test folds hold unseen groups.
    #[arg(long, requires = "cv")]
    pub group: Option<String>,
    /// Labels averaged into F_avg (SemEval-2016), e.g. FAVOR,AGAINST.
    #[arg(long, value_delimiter = ',')]
    pub favg: Vec<String>,
    /// Topic aliases for article prediction: a TSV of name<TAB>alias|alias.
    #[arg(long)]
    pub topics: Option<PathBuf>,
    /// Largest CSV field or JSON value in bytes [default: 8 MiB].
    #[arg(long)]
    pub max_field_bytes: Option<usize>,
    /// Largest JSON Lines line in bytes [default: 16 MiB].
    #[arg(long)]
    pub max_line_bytes: Option<usize>,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_range(name: &'static str, s: &str) -> Result<(usize, usize)> {
    let bad = || Error::Param {
        name,
        value: s.to_string(),
        expected: "MIN,MAX with MIN <= MAX, e.g. 1,2".into(),
    };
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    let a: usize = a.trim().parse().map_err(|_| bad())?;
    let b: usize = b.trim().parse().map_err(|_| bad())?;
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// Build training options from arguments (the "high args" step).
pub fn options(a: &Args) -> Result<TrainOptions> {
    let columns = Columns {
        text: a.text.clone(),
        label: a.label.clone(),
        target: a.target.clone(),
        holder: a.holder.clone(),
    };
    let task = match a.task.as_deref() {
        Some("topic") => Task::Topic,
        Some(_) => Task::Stance,
        None if a.target.is_some() || a.holder.is_some() => Task::Stance,
        None => train::infer_task(&a.label),
    };
    let mut features = train::default_features(task, a.target.is_some(), a.holder.is_some());
    if let Some(e) = features.entity.as_mut() {
        e.roles |= a.holder_roles;
        if a.no_name_pairs {
            e.name_pairs = false;
            e.name_weight = 1.0;
        }
        if let Some(w) = a.name_weight {
            if !(w.is_finite() && w > 0.0) {
                return Err(Error::Param {
                    name: "name-weight",
                    value: w.to_string(),
                    expected: "a positive number".into(),
                });
            }
            e.name_weight = w;
        }
    }
    if let Some(m) = &a.target_mode {
        features.target_mode = m.parse()?;
        if features.target_mode != TargetMode::Ignore && a.target.is_none() {
            return Err(Error::Param {
                name: "target-mode",
                value: m.clone(),
                expected: "--target COLUMN as well".into(),
            });
        }
    }
    let word = a
        .word_ngrams
        .as_deref()
        .map(|s| parse_range("word-ngrams", s))
        .transpose()?;
    let chars = a
        .char_ngrams
        .as_deref()
        .map(|s| parse_range("char-ngrams", s))
        .transpose()?;
    // A range for an analyzer the task's defaults lack (character n-grams
    // for topic models) adds that vectorizer instead of being ignored.
    let has = |a: &[TfidfParams], word: bool| {
        a.iter()
            .any(|v| (v.get_analyzer() == Analyzer::Word) == word)
    };
    if matches!(word, Some((_, hi)) if hi > 0) && !has(&features.vectorizers, true) {
        features.vectorizers.insert(0, train::stance_words());
    }
    if matches!(chars, Some((_, hi)) if hi > 0) && !has(&features.vectorizers, false) {
        features.vectorizers.push(train::stance_chars());
    }
    let mut vectorizers = Vec::new();
    for mut v in std::mem::take(&mut features.vectorizers) {
        let range = if v.get_analyzer() == Analyzer::Word {
            word
        } else {
            chars
        };
        match range {
            Some((0, 0)) => continue,
            Some((lo, hi)) => v = v.ngram_range(lo, hi),
            None => {}
        }
        if let Some(m) = a.max_features {
            v = v.max_features(Some(m));
        }
        if let Some(m) = a.min_df {
            v = v.min_df(DocFreq::Count(m));
        }
        if let Some(m) = a.max_df {
            v = v.max_df(DocFreq::Fraction(m));
        }
        v.check()?;
        vectorizers.push(v);
    }
    if vectorizers.is_empty() {
        return Err(Error::Param {
            name: "word-ngrams",
            value: "0,0".into(),
            expected: "word or character n-grams (not both turned off)".into(),
        });
    }
    features.vectorizers = vectorizers;
    if let (Some(m), Some(e)) = (a.min_df, features.entity.as_mut()) {
        e.min_df = m;
    }
    if let Some(s) = &a.strip_email {
        features.email = s.parse()?;
    }
    let (default_c, default_weight) = train::default_regularization(task, a.holder.is_some());
    let params = LogisticParams {
        c: a.c.unwrap_or(default_c),
        class_weight: match a.class_weight.as_deref() {
            Some("balanced") => ClassWeight::Balanced,
            Some(_) => ClassWeight::None,
            None => default_weight,
        },
        max_iter: a.max_iter,
        tol: a.tol,
        seed: a.seed,
        ..LogisticParams::default()
    };
    params.check()?;
    let topics = match &a.topics {
        Some(p) => crate::model::topics::read_topics_file(p)?,
        None => Vec::new(),
    };
    Ok(TrainOptions {
        columns,
        task,
        features,
        solver: if a.solver == "linfa" {
            SolverKind::Linfa
        } else {
            SolverKind::Sparse
        },
        params,
        topics,
    })
}

/// Run `train`.
pub fn run(a: Args) -> Result<()> {
    let started = std::time::Instant::now();
    let model = fit(&a)?;
    persist::save(&model, &a.model)?;
    let r = &model.training.report;
    if !r.converged {
        eprintln!(
            "warning: the solver did not converge after {} iterations ({}); raise --max-iter or --tol",
            r.iterations, r.termination
        );
    }
    if !a.quiet {
        eprintln!(
            "trained {} model on {} rows, {} labels ({}), {} features; solver {}: {} iterations, {}; {:.2}s; saved {}",
            model.task,
            model.training.rows,
            model.labels.len(),
            model.labels.join(", "),
            model.features.n_features(),
            model.training.solver,
            r.iterations,
            r.termination,
            started.elapsed().as_secs_f64(),
            a.model.display()
        );
    }
    Ok(())
}

/// The model `train` fits with arguments `a` (and saves to `a.model`):
/// the data read, `--favg` labels checked, cross-validation run and
/// printed to stderr unless `--quiet` (its summary recorded in the model),
/// then the fit. The Python binding calls it with the same arguments.
pub fn fit(a: &Args) -> Result<crate::model::Model> {
    if let (true, Some(k)) = (a.multi_label, a.cv) {
        return Err(Error::Param {
            name: "cv",
            value: k.to_string(),
            expected:
                "no --cv with --multi-label (its thresholds already come from held-out folds)"
                    .into(),
        });
    }
    let opts = options(a)?;
    let format = match a.format.as_deref() {
        Some("jsonl") => Format::Jsonl,
        Some(_) => Format::Csv,
        None => Format::from_path(&a.data),
    };
    let limits = super::predict::limits(a.max_field_bytes, a.max_line_bytes);
    let table = Table::read(&a.data, format, limits)?;
    for l in &a.favg {
        let col = table.column(&a.label)?;
        if !table.rows.iter().any(|r| r.values[col].trim() == l) {
            return Err(Error::Param {
                name: "favg",
                value: l.clone(),
                expected: format!("labels present in column \"{}\"", a.label),
            });
        }
    }
    let cv = match a.cv {
        Some(k) => {
            let r = train::cross_validate_grouped(
                &table,
                &opts,
                k,
                a.seed,
                &a.favg,
                a.group.as_deref(),
            )?;
            if !a.quiet {
                eprintln!("{}-fold cross-validation ({} rows):", k, r.pooled.rows);
                eprintln!("  macro-F1  {:.4} ± {:.4}", r.macro_f1.0, r.macro_f1.1);
                eprintln!("  accuracy  {:.4} ± {:.4}", r.accuracy.0, r.accuracy.1);
                if let Some((m, s)) = r.f_avg {
                    eprintln!(
                        "  F_avg     {m:.4} ± {s:.4}  (mean F1 of {})",
                        a.favg.join(", ")
                    );
                }
                eprintln!("pooled out-of-fold predictions:");
                eprint!("{}", r.pooled.to_text());
            }
            if r.not_converged > 0 {
                eprintln!(
                    "warning: the solver did not converge in {} of {k} folds (raise --max-iter or --tol)",
                    r.not_converged
                );
            }
            Some(serde_json::to_value(&r).map_err(|e| Error::Other(e.to_string()))?)
        }
        None => None,
    };
    if a.multi_label {
        crate::model::multilabel::train(&table, &opts, &a.label_sep, a.seed)
    } else {
        train::train(&table, &opts, cv)
    }
}
