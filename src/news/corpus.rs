//! The real-news corpora that the stand-off annotations point into, read
//! from a directory laid out as `../shared/datasets` (one folder per
//! corpus). Their licences forbid copying the texts into the project, so
//! annotations name a corpus and a document id and the text is read here.
//!
//! | corpus    | file                                  | document id              |
//! |-----------|---------------------------------------|--------------------------|
//! | `fnc1`    | `fnc-1/train_bodies.csv`              | `Body ID` (`1087`)       |
//! | `bbc`     | `bbc-news/train.csv`                  | `file` (`politics/042.txt`) |
//! | `reuters` | `reuters21578-r52/train.csv`          | `newid` (`5402`)         |
//!
//! Only training parts are here; test splits are never read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One corpus that annotations may point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CorpusKind {
    /// FNC-1 training bodies (news of 2014-2015).
    Fnc1,
    /// BBC News, training part (2004-2005).
    Bbc,
    /// Reuters-21578 R52, training part (1987 newswire).
    Reuters,
}

impl CorpusKind {
    /// Every corpus, in a fixed order.
    pub const ALL: [CorpusKind; 3] = [CorpusKind::Fnc1, CorpusKind::Bbc, CorpusKind::Reuters];

    /// The name used in annotation files.
    pub fn name(self) -> &'static str {
        match self {
            CorpusKind::Fnc1 => "fnc1",
            CorpusKind::Bbc => "bbc",
            CorpusKind::Reuters => "reuters",
        }
    }

    /// Parse a corpus name.
    pub fn parse(name: &str) -> Option<CorpusKind> {
        CorpusKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The file under the corpus directory, and its id and text columns.
    fn layout(self) -> (&'static str, &'static str, &'static str) {
        match self {
            CorpusKind::Fnc1 => ("fnc-1/train_bodies.csv", "Body ID", "articleBody"),
            CorpusKind::Bbc => ("bbc-news/train.csv", "file", "text"),
            CorpusKind::Reuters => ("reuters21578-r52/train.csv", "newid", "text"),
        }
    }
}

/// An article id that is safe as a file name: `fnc1-1087`,
/// `bbc-politics-042`, `reuters-5402` (the corpus, a dash, and the
/// document id with `/` as `-` and a trailing `.txt` dropped).
pub fn article_id(corpus: CorpusKind, doc_id: &str) -> String {
    let doc = doc_id.strip_suffix(".txt").unwrap_or(doc_id);
    format!("{}-{}", corpus.name(), doc.replace('/', "-"))
}

/// The documents of the corpora, loaded on first use.
#[derive(Debug)]
pub struct Corpora {
    dir: PathBuf,
    loaded: HashMap<CorpusKind, HashMap<String, String>>,
}

impl Corpora {
    /// Corpora under `dir` (e.g. `../shared/datasets`). Nothing is read
    /// until a document is asked for.
    pub fn new(dir: impl Into<PathBuf>) -> Corpora {
        Corpora {
            dir: dir.into(),
            loaded: HashMap::new(),
        }
    }

    /// The directory the corpora are read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every document of one corpus, as (id, text), in file order.
    pub fn documents(&self, corpus: CorpusKind) -> Result<Vec<(String, String)>> {
        read_corpus(&self.dir, corpus)
    }

    /// The text of one document.
    pub fn get(&mut self, corpus: CorpusKind, doc_id: &str) -> Result<&str> {
        if !self.loaded.contains_key(&corpus) {
            let docs = read_corpus(&self.dir, corpus)?.into_iter().collect();
            self.loaded.insert(corpus, docs);
        }
        let (file, _, _) = corpus.layout();
        self.loaded[&corpus]
            .get(doc_id)
            .map(String::as_str)
            .ok_or_else(|| {
                Error::Other(format!(
                    "{}: no document with id {doc_id:?} in corpus {}",
                    self.dir.join(file).display(),
                    corpus.name()
                ))
            })
    }
}

fn read_corpus(dir: &Path, corpus: CorpusKind) -> Result<Vec<(String, String)>> {
    let (file, id_col, text_col) = corpus.layout();
    let path = dir.join(file);
    if !path.is_file() {
        return Err(Error::Other(format!(
            "{}: corpus {} not found; expected the shared datasets directory \
             (e.g. --corpus-dir ../shared/datasets) holding {file}",
            path.display(),
            corpus.name()
        )));
    }
    let shown = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(&path)
        .map_err(|e| Error::Other(format!("{shown}: {e}")))?;
    let headers = rdr
        .headers()
        .map_err(|e| Error::input(&shown, Some(1), e.to_string()))?
        .clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                &shown,
                Some(1),
                format!("no column {name:?}; expected columns {id_col:?} and {text_col:?}"),
            )
        })
    };
    let (ic, tc) = (col(id_col)?, col(text_col)?);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line());
            Error::input(&shown, line, e.to_string())
        })?;
        out.push((rec[ic].to_string(), rec[tc].to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_ids_are_file_names() {
        assert_eq!(article_id(CorpusKind::Fnc1, "1087"), "fnc1-1087");
        assert_eq!(
            article_id(CorpusKind::Bbc, "politics/042.txt"),
            "bbc-politics-042"
        );
        assert_eq!(article_id(CorpusKind::Reuters, "5402"), "reuters-5402");
        assert_eq!(CorpusKind::parse("bbc"), Some(CorpusKind::Bbc));
        assert_eq!(CorpusKind::parse("ag"), None);
    }

    #[test]
    fn a_missing_corpus_names_the_file_and_the_flag() {
        let mut c = Corpora::new("/nonexistent");
        let e = c.get(CorpusKind::Fnc1, "1").unwrap_err().to_string();
        assert!(e.starts_with("/nonexistent/fnc-1/train_bodies.csv: corpus fnc1 not found"));
        assert!(e.contains("--corpus-dir"));
    }
}
