//! `stancekit data`: work with the real-news gold data (annotation sheets,
//! stand-off resolution, article export, agreement).

use std::io::Write;
use std::path::PathBuf;

use crate::entities::gazetteer::Gazetteer;
use crate::error::{Error, Result};
use crate::news::corpus::{article_id, Corpora, CorpusKind};
use crate::news::sheet::Sheet;
use crate::news::{agreement, labels, standoff};

/// Arguments of `stancekit data`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: DataCommand,
}

/// Subcommands of `stancekit data`.
#[derive(Debug, clap::Subcommand)]
pub enum DataCommand {
    /// Print annotation sheets: numbered sentences with the countries found
    /// in each (or, with --stats, one line of counts per article).
    #[command(
        after_help = "Example:\n  stancekit data sheet --corpus-dir ../shared/datasets \
                            --corpus bbc --ids ids.txt > sheet.txt"
    )]
    Sheet(SheetArgs),
    /// Turn readers' label files (T/R/A lines) into stand-off rows and
    /// article-level gold labels.
    #[command(
        after_help = "Example:\n  stancekit data import labels/*.tsv --rows rows.csv --gold dev.csv"
    )]
    Import(ImportArgs),
    /// Agreement (Cohen's kappa, overall and per class) between passes over
    /// the same articles: every pair, then pooled.
    #[command(after_help = "Example:\n  stancekit data agree datasets/news/passes/*.csv")]
    Agree(AgreeArgs),
    /// Merge passes into final labels with an adjudication file; disputes
    /// without a decision are written out and fail the merge.
    #[command(
        after_help = "Example:\n  stancekit data merge passes/*.csv --adjudication adjudication.csv -o sentences.csv"
    )]
    Merge(MergeArgs),
    /// Resolve a stand-off file against the corpora into a training CSV
    /// (text,holder,target,stance,...), checking every sentence's hash.
    #[command(
        after_help = "Example:\n  stancekit data resolve --corpus-dir ../shared/datasets -o news.csv"
    )]
    Resolve(ResolveArgs),
    /// Write the texts of the articles of an article-level gold file as
    /// <body_id>.txt files (for evaluate --articles --texts DIR).
    #[command(
        after_help = "Example:\n  stancekit data articles --gold datasets/news/dev-articles.csv -o dev-texts"
    )]
    Articles(ArticlesArgs),
    /// Deal the corpus's articles into K folds, each with the stand-off
    /// rows of the other folds (train-standoff.csv) and article-level gold
    /// labels derived from its own sentence labels (gold.csv), to measure
    /// the article reading on articles its model never saw
    /// (datasets/news/crossval.sh runs it all).
    #[command(after_help = "Example:\n  stancekit data folds --folds 5 -o folds")]
    Folds(FoldsArgs),
}

/// Arguments of `stancekit data folds`.
#[derive(Debug, clap::Args)]
pub struct FoldsArgs {
    /// Stand-off file.
    #[arg(long, default_value = "datasets/news/sentences.csv")]
    pub standoff: String,
    /// Number of folds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..))]
    pub folds: u16,
    /// Directory to write fold-0/, fold-1/, ... into (created if needed).
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Arguments of `stancekit data import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Readers' label files.
    pub files: Vec<PathBuf>,
    /// Directory holding the corpora.
    #[arg(long, default_value = "../shared/datasets")]
    pub corpus_dir: PathBuf,
    /// Also import news-pilot labels (body_id, sentence_start, sentence_end,
    /// text, holder, target, stance, reader) as the pass `pilot`.
    #[arg(long)]
    pub pilot: Option<PathBuf>,
    /// The pilot's topics TSV (name<TAB>alias|alias).
    #[arg(long, requires = "pilot")]
    pub pilot_topics: Option<PathBuf>,
    /// Where to write the stand-off rows of R lines.
    #[arg(long)]
    pub rows: Option<String>,
    /// Where to write the article-level gold labels of A lines.
    #[arg(long)]
    pub gold: Option<String>,
}

/// Arguments of `stancekit data agree`.
#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// Passes (stand-off files, one per reader or pass); every two that
    /// share articles are compared, then all pairs pooled.
    #[arg(required = true, num_args = 2..)]
    pub passes: Vec<String>,
    /// Output: a table, or JSON Lines (one object per line of the table).
    #[arg(long, value_parser = ["table", "json"], default_value = "table")]
    pub format: String,
}

/// Arguments of `stancekit data merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Passes (stand-off files, one per reader or pass).
    pub passes: Vec<String>,
    /// Decisions on disputed units.
    #[arg(long)]
    pub adjudication: Option<String>,
    /// Where to write the disputes that have no decision yet.
    #[arg(long)]
    pub disputes: Option<String>,
    /// Output stand-off file.
    #[arg(short, long)]
    pub output: Option<String>,
}

/// Arguments of `stancekit data resolve`.
#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// Stand-off file.
    #[arg(long, default_value = "datasets/news/sentences.csv")]
    pub standoff: String,
    /// Directory holding the corpora.
    #[arg(long, default_value = "../shared/datasets")]
    pub corpus_dir: PathBuf,
    /// Also copy the rows of a labeled CSV with text, holder, target and
    /// stance columns (such as datasets/stance/train.csv) after the
    /// resolved ones, each its own group in the article column
    /// (`<file>:<line>`); repeatable.
    #[arg(long)]
    pub append: Vec<String>,
    /// Output CSV (default: stdout).
    #[arg(short, long)]
    pub output: Option<String>,
}

/// Arguments of `stancekit data articles`.
#[derive(Debug, clap::Args)]
pub struct ArticlesArgs {
    /// Article-level gold file.
    #[arg(long, default_value = "datasets/news/dev-articles.csv")]
    pub gold: String,
    /// Directory holding the corpora.
    #[arg(long, default_value = "../shared/datasets")]
    pub corpus_dir: PathBuf,
    /// Directory to write <body_id>.txt files into (created if needed).
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Arguments of `stancekit data sheet`.
#[derive(Debug, clap::Args)]
pub struct SheetArgs {
    /// Directory holding the corpora (fnc-1/, bbc-news/, reuters21578-r52/).
    #[arg(long, default_value = "../shared/datasets")]
    pub corpus_dir: PathBuf,
    /// Corpus: fnc1, bbc or reuters.
    #[arg(long)]
    pub corpus: String,
    /// File of document ids, one per line (default: every document).
    #[arg(long)]
    pub ids: Option<PathBuf>,
    /// Print `id, bytes, sentences, countries, pairs` per article instead
    /// of the sheets.
    #[arg(long)]
    pub stats: bool,
}

/// Run `data`.
pub fn run(a: Args) -> Result<()> {
    match a.command {
        DataCommand::Sheet(s) => sheet(s),
        DataCommand::Import(a) => import(a),
        DataCommand::Agree(a) => agree(a),
        DataCommand::Merge(a) => merge(a),
        DataCommand::Resolve(a) => resolve(a),
        DataCommand::Articles(a) => articles(a),
        DataCommand::Folds(a) => folds(a),
    }
}

fn corpus_kind(name: &str) -> Result<CorpusKind> {
    CorpusKind::parse(name).ok_or_else(|| Error::Param {
        name: "--corpus",
        value: name.to_string(),
        expected: "one of fnc1, bbc, reuters".to_string(),
    })
}

fn sheet(a: SheetArgs) -> Result<()> {
    let kind = corpus_kind(&a.corpus)?;
    let corpora = Corpora::new(&a.corpus_dir);
    let docs = corpora.documents(kind)?;
    let wanted: Option<Vec<String>> = match &a.ids {
        Some(p) => Some(
            std::fs::read_to_string(p)
                .map_err(|e| Error::io(p, e))?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        ),
        None => None,
    };
    let by_id: std::collections::HashMap<&str, &str> =
        docs.iter().map(|(i, t)| (i.as_str(), t.as_str())).collect();
    let order: Vec<&str> = match &wanted {
        Some(w) => w.iter().map(String::as_str).collect(),
        None => docs.iter().map(|(i, _)| i.as_str()).collect(),
    };
    let gaz = Gazetteer::builtin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io = |e| Error::io("<stdout>", e);
    if a.stats {
        writeln!(out, "id\tbytes\tsentences\tcountries\tpairs").map_err(io)?;
    }
    for (n, id) in order.iter().enumerate() {
        let text = by_id.get(id).ok_or_else(|| {
            Error::input(
                a.ids
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                Some(n as u64 + 1),
                format!("no document {id:?} in corpus {}", kind.name()),
            )
        })?;
        let s = Sheet::new(&article_id(kind, id), text, gaz);
        if a.stats {
            writeln!(
                out,
                "{id}\t{}\t{}\t{}\t{}",
                text.len(),
                s.sentences.len(),
                s.countries(),
                s.pairs()
            )
            .map_err(io)?;
        } else {
            writeln!(out, "{}", s.render(text)).map_err(io)?;
        }
    }
    out.flush().map_err(io)
}

fn read_file(p: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(|e| Error::io(p, e))
}

fn import(a: ImportArgs) -> Result<()> {
    let mut files = Vec::new();
    for p in &a.files {
        files.push(labels::parse(&p.display().to_string(), &read_file(p)?)?);
    }
    let mut corpora = Corpora::new(&a.corpus_dir);
    let mut got = labels::import(&files, &mut corpora)?;
    if let Some(p) = &a.pilot {
        let topics = match &a.pilot_topics {
            Some(t) => crate::model::topics::read_topics_file(t)?,
            None => Vec::new(),
        };
        let (rows, dropped) =
            labels::import_pilot(&p.display().to_string(), &topics, &mut corpora)?;
        got.rows.extend(rows);
        got.dropped.extend(dropped);
    }
    for d in &got.dropped {
        eprintln!("stancekit: dropped {d}");
    }
    if let Some(path) = &a.rows {
        let (output, out) = super::output::Output::open(Some(path))?;
        standoff::write(out, &got.rows)?;
        output.commit()?;
    }
    if let Some(path) = &a.gold {
        let (output, out) = super::output::Output::open(Some(path))?;
        labels::write_gold(out, &got.gold)?;
        output.commit()?;
    }
    eprintln!(
        "{} stand-off rows, {} article labels, {} lines dropped",
        got.rows.len(),
        got.gold.len(),
        got.dropped.len()
    );
    Ok(())
}

fn readers(rows: &[standoff::StandoffRow]) -> String {
    let mut names: Vec<&str> = rows.iter().map(|r| r.annotator.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join("+")
}

fn agree(a: AgreeArgs) -> Result<()> {
    let mut passes = Vec::new();
    for p in &a.passes {
        let rows = standoff::read(p)?;
        passes.push((readers(&rows), rows));
    }
    let table = agreement::agreement_table(&passes);
    if a.format == "json" {
        for g in &table {
            println!(
                "{}",
                serde_json::to_string(g).map_err(|e| Error::Other(e.to_string()))?
            );
        }
        return Ok(());
    }
    println!(
        "{:<20} {:>8} {:>7} {:>6} {:>6} {:>7} {:>10} {:>8} {:>8} {:>8}",
        "passes",
        "articles",
        "units",
        "both",
        "same",
        "kappa",
        "kappa_both",
        "support",
        "oppose",
        "neutral"
    );
    for g in &table {
        let name = if g.b.is_empty() {
            g.a.clone()
        } else {
            format!("{} / {}", g.a, g.b)
        };
        println!(
            "{:<20} {:>8} {:>7} {:>6} {:>6} {:>7.3} {:>10.3} {:>8.3} {:>8.3} {:>8.3}",
            name,
            g.articles,
            g.units,
            g.both,
            g.same,
            g.kappa,
            g.kappa_both,
            g.per_class["support"],
            g.per_class["oppose"],
            g.per_class["neutral"]
        );
    }
    Ok(())
}

fn merge(a: MergeArgs) -> Result<()> {
    let mut passes = Vec::new();
    for p in &a.passes {
        let rows = standoff::read(p)?;
        passes.push((readers(&rows), rows));
    }
    let adjudications = match &a.adjudication {
        Some(p) => agreement::read_adjudications(p)?,
        None => Vec::new(),
    };
    let (rows, disputes) = agreement::merge(&passes, &adjudications);
    if !disputes.is_empty() {
        if let Some(p) = &a.disputes {
            let (output, out) = super::output::Output::open(Some(p))?;
            agreement::write_adjudications(out, &disputes)?;
            output.commit()?;
        }
        return Err(Error::Other(format!(
            "{} disputed units have no decision{}; expected each in --adjudication with its labels",
            disputes.len(),
            a.disputes
                .as_deref()
                .map(|p| format!(" (written to {p})"))
                .unwrap_or_default()
        )));
    }
    let (output, out) = super::output::Output::open(a.output.as_deref())?;
    standoff::write(out, &rows)?;
    output.commit()?;
    eprintln!("{} final rows from {} passes", rows.len(), passes.len());
    Ok(())
}

fn resolve(a: ResolveArgs) -> Result<()> {
    let rows = standoff::read(&a.standoff)?;
    let mut corpora = Corpora::new(&a.corpus_dir);
    let resolved = standoff::resolve(&a.standoff, &rows, &mut corpora)?;
    let (output, out) = super::output::Output::open(a.output.as_deref())?;
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| Error::Other(format!("cannot write output: {e}"));
    for r in &resolved {
        w.serialize(r).map_err(err)?;
    }
    let mut appended = 0;
    for path in &a.append {
        for r in standoff::labeled_rows(path)? {
            w.serialize(&r).map_err(err)?;
            appended += 1;
        }
    }
    w.flush()
        .map_err(|e| Error::Other(format!("cannot write output: {e}")))?;
    drop(w);
    output.commit()?;
    eprintln!(
        "{} rows resolved, every hash checked{}",
        resolved.len(),
        if appended > 0 {
            format!("; {appended} rows appended")
        } else {
            String::new()
        }
    );
    Ok(())
}

fn articles(a: ArticlesArgs) -> Result<()> {
    let gold = crate::eval::articles::read_gold(&a.gold)?;
    let mut corpora = Corpora::new(&a.corpus_dir);
    std::fs::create_dir_all(&a.output).map_err(|e| Error::io(&a.output, e))?;
    let mut n = 0;
    for (id, _) in crate::eval::articles::gold_topics(&gold) {
        let (kind, doc) = labels::parse_article_id(&id).ok_or_else(|| {
            Error::input(
                &a.gold,
                None,
                format!("article id {id:?}; expected fnc1-N, bbc-CATEGORY-NNN or reuters-N"),
            )
        })?;
        let text = corpora.get(kind, &doc)?;
        let path = a.output.join(format!("{id}.txt"));
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        n += 1;
    }
    eprintln!("{n} articles written to {}", a.output.display());
    Ok(())
}

fn folds(a: FoldsArgs) -> Result<()> {
    let rows = standoff::read(&a.standoff)?;
    let folds = crate::news::folds::split(&rows, usize::from(a.folds));
    for (k, f) in folds.iter().enumerate() {
        let dir = a.output.join(format!("fold-{k}"));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let path = dir.join("train-standoff.csv");
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        standoff::write(std::io::BufWriter::new(file), &f.train)?;
        let path = dir.join("gold.csv");
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        labels::write_gold(std::io::BufWriter::new(file), &f.gold)?;
        eprintln!(
            "fold {k}: {} articles, {} derived labels ({} ties dropped), {} training rows",
            f.articles,
            f.gold.len(),
            f.ties,
            f.train.len()
        );
    }
    Ok(())
}
