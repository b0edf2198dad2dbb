//! `stancekit._stancekit`: the native module under the Python package
//! `stancekit`. Each function converts Python values, calls the stancekit
//! library the command line calls (the same scoring path, options and
//! messages), and converts back; the pure-Python `stancekit/__init__.py`
//! adds pandas handling and keyword arguments. Heavy work runs with the GIL
//! released, in parallel on rayon's pool as the CLI does
//! (`RAYON_NUM_THREADS`, default all cores).

use std::sync::Arc;

use clap::Parser;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

use stancekit::article::{Analyzer, ArticleOptions, CountryStance};
use stancekit::batch::source::parse_date;
use stancekit::entities::dated::Gazetteers;
use stancekit::model::predict::{check_input, predicted_label, BatchScorer};
use stancekit::model::{defaults, describe, persist, topics, Task};

create_exception!(
    _stancekit,
    StanceKitError,
    PyValueError,
    "Bad input, a bad parameter or an unusable model: the message is the one the \
     stancekit command line prints after `stancekit: ` (file, line and column where they apply)."
);

/// A library error as a Python exception with the CLI's message.
fn err(e: stancekit::Error) -> PyErr {
    StanceKitError::new_err(e.to_string())
}

/// A fitted stancekit model (stance or topic classifier).
#[pyclass(frozen, module = "stancekit._stancekit", name = "Model")]
struct Model {
    inner: Arc<stancekit::model::Model>,
}

/// What `predict` hands back: labels, confidences and, when asked, the
/// probabilities of every label.
type Predicted = (Py<PyList>, Py<PyList>, Option<Py<PyList>>);

#[pymethods]
impl Model {
    /// Labels in class order (the order of the probability columns).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.inner.labels.clone()
    }

    /// `"stance"` or `"topic"`.
    #[getter]
    fn task(&self) -> String {
        self.inner.task.to_string()
    }

    /// The input columns the model was trained with: text, label, target and
    /// holder (None when absent).
    #[getter]
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.inner.columns;
        let d = PyDict::new(py);
        d.set_item("text", &c.text)?;
        d.set_item("label", &c.label)?;
        d.set_item("target", &c.target)?;
        d.set_item("holder", &c.holder)?;
        Ok(d)
    }

    /// What `stancekit inspect --top TOP` prints about the model.
    #[pyo3(signature = (top = 10))]
    fn info(&self, top: usize) -> String {
        describe::describe(&self.inner, top)
    }

    /// Save to `path` (atomically, as `stancekit train --model` writes).
    fn save(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let m = self.inner.clone();
        py.allow_threads(move || persist::save(&m, &path))
            .map_err(err)
    }

    /// Labels, confidences and (with `probabilities`) per-label
    /// probabilities of `texts`, as `stancekit predict --data` gives them.
    #[pyo3(signature = (texts, targets = None, holders = None, probabilities = false))]
    fn predict(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        targets: Option<Vec<String>>,
        holders: Option<Vec<String>>,
        probabilities: bool,
    ) -> PyResult<Predicted> {
        let model = &*self.inner;
        let cols = &model.columns;
        let targets = needed("targets", targets, cols.target.as_deref(), texts.len())?;
        let holders = needed("holders", holders, cols.holder.as_deref(), texts.len())?;
        let probs = py.allow_threads(|| {
            let mut inputs = Vec::with_capacity(texts.len());
            for (i, text) in texts.iter().enumerate() {
                let input = check_input(
                    (text.as_str(), cols.text.as_str()),
                    value(&targets, &cols.target, i),
                    value(&holders, &cols.holder, i),
                )
                .map_err(|reason| stancekit::Error::input(format!("texts[{i}]"), None, reason))?;
                inputs.push(input);
            }
            Ok(BatchScorer::new(model).predict_proba(&inputs))
        });
        let probs = probs.map_err(err)?;
        // One string object per label, shared by the rows that have it.
        let names: Vec<Bound<'_, PyAny>> = model
            .labels
            .iter()
            .map(|l| PyString::new(py, l).into_any())
            .collect();
        let labels = PyList::new(
            py,
            probs.iter().map(|p| {
                let (label, _) = predicted_label(model, p);
                match model.labels.iter().position(|l| *l == label) {
                    Some(k) => names[k].clone(),
                    None => PyString::new(py, &label).into_any(),
                }
            }),
        )?;
        let confidences = PyList::new(py, probs.iter().map(|p| predicted_label(model, p).1))?;
        let probs = match probabilities {
            true => Some(PyList::new(py, probs)?.unbind()),
            false => None,
        };
        Ok((labels.unbind(), confidences.unbind(), probs))
    }

    fn __repr__(&self) -> String {
        format!(
            "stancekit.Model(task={:?}, labels={:?}, features={})",
            self.inner.task.to_string(),
            self.inner.labels,
            self.inner.features.n_features()
        )
    }
}

/// Row `i` of `v` with the name of the column `c` it stands for.
fn value<'a>(
    v: &'a Option<Vec<String>>,
    c: &'a Option<String>,
    i: usize,
) -> Option<(&'a str, &'a str)> {
    v.as_ref()
        .map(|v| (v[i].as_str(), c.as_deref().unwrap_or_default()))
}

/// `values` checked against the model's column `column`: required when the
/// model has the column, one per text.
fn needed(
    what: &str,
    values: Option<Vec<String>>,
    column: Option<&str>,
    n: usize,
) -> PyResult<Option<Vec<String>>> {
    match (values, column) {
        (Some(v), Some(_)) if v.len() != n => Err(PyValueError::new_err(format!(
            "{what} has {} values for {n} texts; expected one per text",
            v.len()
        ))),
        (Some(v), Some(_)) => Ok(Some(v)),
        (None, Some(c)) => Err(err(stancekit::Error::Other(format!(
            "the model reads a {} column (\"{c}\"); expected {what}=[...] with one value per text",
            &what[..what.len() - 1]
        )))),
        (_, None) => Ok(None),
    }
}

/// The embedded default model of `task` (what the CLI uses without
/// `--model`), or the model file `path`.
#[pyfunction]
#[pyo3(signature = (path = None, task = "stance", max_model_bytes = None))]
fn load(
    py: Python<'_>,
    path: Option<std::path::PathBuf>,
    task: &str,
    max_model_bytes: Option<u64>,
) -> PyResult<Model> {
    let task = match task {
        "stance" => Task::Stance,
        "topic" => Task::Topic,
        other => {
            return Err(err(stancekit::Error::Param {
                name: "task",
                value: other.to_string(),
                expected: "stance or topic".into(),
            }))
        }
    };
    let model = py.allow_threads(|| match &path {
        Some(p) => persist::load_with_limit(p, max_model_bytes.unwrap_or(persist::MAX_MODEL_BYTES)),
        None => defaults::load(task),
    });
    Ok(Model {
        inner: Arc::new(model.map_err(err)?),
    })
}

/// `stancekit train` on arguments as the command line takes them (`--data
/// F --label stance ...`); the model is saved to `--model` only when `save`
/// (else that argument is left out).
#[pyfunction]
fn train(py: Python<'_>, mut args: Vec<String>, save: bool) -> PyResult<Model> {
    if !save {
        // Required by the command line's arguments; not written.
        args.extend(["--model".to_string(), "unsaved.json".to_string()]);
    }
    #[derive(Parser)]
    #[command(name = "stancekit train")]
    struct Train {
        #[command(flatten)]
        args: stancekit::cli::train::Args,
    }
    let parsed = Train::try_parse_from(std::iter::once("train".to_string()).chain(args))
        .map_err(|e| StanceKitError::new_err(e.render().to_string().trim().to_string()))?;
    let a = parsed.args;
    let model = py.allow_threads(|| {
        let model = stancekit::cli::train::fit(&a)?;
        if save {
            persist::save(&model, &a.model)?;
        }
        Ok::<_, stancekit::Error>(model)
    });
    Ok(Model {
        inner: Arc::new(model.map_err(err)?),
    })
}

/// Article-level country stance rows of `texts`, as `stancekit predict
/// --data F --as-articles` writes them, one dict per row; `model` None for
/// the embedded stance model, `topic_model` None for no `article_topics`.
#[pyfunction]
#[pyo3(signature = (texts, ids = None, topics = None, dates = None, model = None,
                    topic_model = None, aliases = None, min_confidence = 0.5, min_polar = None))]
#[allow(clippy::too_many_arguments)]
fn read_articles<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    ids: Option<Vec<String>>,
    topics: Option<Vec<String>>,
    dates: Option<Vec<String>>,
    model: Option<&Model>,
    topic_model: Option<&Model>,
    aliases: Option<std::path::PathBuf>,
    min_confidence: f64,
    min_polar: Option<f64>,
) -> PyResult<Bound<'py, PyList>> {
    let n = texts.len();
    for (what, v) in [("ids", &ids), ("dates", &dates)] {
        if let Some(v) = v.as_ref().filter(|v| v.len() != n) {
            return Err(PyValueError::new_err(format!(
                "{what} has {} values for {n} texts; expected one per text",
                v.len()
            )));
        }
    }
    let days = match &dates {
        Some(d) => d
            .iter()
            .enumerate()
            .map(|(i, d)| {
                parse_date(d)
                    .map_err(|m| err(stancekit::Error::input(format!("dates[{i}]"), None, m)))
            })
            .collect::<PyResult<Vec<_>>>()?,
        None => vec![(None, String::new()); n],
    };
    let stance = match model {
        Some(m) => m.inner.clone(),
        None => Arc::new(defaults::load(Task::Stance).map_err(err)?),
    };
    let topic_model = topic_model.map(|m| m.inner.clone());
    let topic_list = topics
        .unwrap_or_default()
        .iter()
        .map(|t| topics::parse_topic_arg(t))
        .collect::<stancekit::Result<Vec<_>>>()
        .map_err(err)?;
    let rows = py.allow_threads(|| {
        let gazetteers = Gazetteers::new(aliases.as_deref())?;
        let opts = ArticleOptions::new(&stance, topic_list, topic_model, min_confidence, min_polar);
        let analyzer = Analyzer::new(&stance, &opts);
        texts
            .par_iter()
            .zip(days.par_iter())
            .enumerate()
            .map(|(i, (text, (day, date)))| {
                let id = match &ids {
                    Some(ids) => ids[i].clone(),
                    None => (i + 1).to_string(),
                };
                analyzer.analyze_dated(&id, text, (*day, date), &gazetteers)
            })
            .collect::<stancekit::Result<Vec<Vec<CountryStance>>>>()
    });
    let out = PyList::empty(py);
    for r in rows.map_err(err)?.iter().flatten() {
        out.append(row_dict(py, r)?)?;
    }
    Ok(out)
}

/// One article row as a dict, keys in the CSV's column order.
fn row_dict<'py>(py: Python<'py>, r: &CountryStance) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("article", &r.article)?;
    d.set_item("date", &r.date)?;
    d.set_item("url", &r.url)?;
    d.set_item("title", &r.title)?;
    d.set_item("country", &r.country)?;
    d.set_item("country_code", &r.country_code)?;
    d.set_item("topic", &r.topic)?;
    d.set_item("stance", &r.stance)?;
    d.set_item("confidence", r.confidence)?;
    d.set_item("evidence_count", r.evidence_count)?;
    d.set_item("evidence", &r.evidence)?;
    d.set_item("evidence_start", r.evidence_start)?;
    d.set_item("evidence_end", r.evidence_end)?;
    d.set_item("article_topics", &r.article_topics)?;
    Ok(d)
}

#[pymodule]
fn _stancekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("StanceKitError", m.py().get_type::<StanceKitError>())?;
    m.add_class::<Model>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(train, m)?)?;
    m.add_function(wrap_pyfunction!(read_articles, m)?)?;
    m.add("ARTICLE_COLUMNS", stancekit::article::ARTICLE_COLUMNS.to_vec())?;
    Ok(())
}
