//! The arguments of `stancekit predict` ([`Args`]) and their `--help`
//! examples; both modes ([`super::rows`], [`super::articles`]) read them.

use std::path::PathBuf;

const EXAMPLES: &str = "Examples:
  # country stance in articles, with the embedded default model
  stancekit predict datasets/examples/thaad.txt

  # rows of a CSV, keeping every input column, adding predicted and confidence
  stancekit predict --model semeval.json --data test.csv --output out.csv --probabilities

  # topics of articles (top 3 with probabilities), with the embedded topic model
  stancekit predict --task topic --top 3 datasets/examples/thaad.txt

  # skip bad rows into a report instead of stopping
  stancekit predict --model m.json --data in.csv --on-error skip --errors bad.csv

  # a batch of articles; unreadable, binary or empty ones reported, not fatal
  stancekit predict archive/*.txt --on-error skip --errors bad.csv -o stances.csv

  # the HTML pages of a WARC archive (gzip or zstd inputs read as they are)
  stancekit predict news.warc.gz --on-error skip --errors bad.csv \
      --emit-text texts -o stances.csv

  # a streaming filter: JSON Lines on stdin, one JSON line per input line out
  stancekit predict --per-article --id id < articles.jsonl > stances.jsonl

Streaming filter (--per-article; for Spark's RDD.pipe, Hadoop Streaming,
parallel --pipe): every input line (a JSON object; --text, --id and
--date-column name its keys) gives exactly one output line, in input order:
{\"id\":..,\"line\":N,\"stances\":[..]} with the rows' CSV columns as keys, or
{\"id\":..,\"line\":N,\"error\":\"..\"} for a bad line (broken JSON, no text
key, blank, too long), and the run goes on. Output is flushed after each
batch (--batch articles). Exit status 0 when every line was answered.

Exit status: 0 done; 1 rows or articles skipped (--on-error skip, without
--per-article); 2 bad usage; 3 bad input (--on-error stop); 4 unusable model
file; 5 I/O error. Threads: RAYON_NUM_THREADS (default: all cores); the
output is the same with any number.";

/// Arguments of `stancekit predict`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Article files (`-` for stdin): plain text or HTML pages, each read
    /// whole, or WARC archives (one article per HTML page); gzip or zstd
    /// compressed or not.
    pub articles: Vec<String>,
    /// Model file (default: the embedded default model for the task).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Labeled-CSV mode: a CSV or JSON Lines file of rows to score (`-` for stdin).
    #[arg(long)]
    pub data: Option<String>,
    /// Text column (default: the model's).
    #[arg(long)]
    pub text: Option<String>,
    /// Target column (default: the model's).
    #[arg(long)]
    pub target: Option<String>,
    /// Holder column (default: the model's).
    #[arg(long)]
    pub holder: Option<String>,
    /// Article id column, when articles come from --data with --articles;
    /// with WARC files, `record` names each page by its WARC-Record-ID
    /// instead of its URL.
    #[arg(long)]
    pub id: Option<String>,
    /// Treat each --data row as a whole article (country stance per article);
    /// without --data and article files, the rows come from stdin.
    #[arg(long = "as-articles")]
    pub as_articles: bool,
    /// Article mode: one JSON line per article, in input order, with its
    /// rows under `stances` (or `topics`), or an `error` field when the
    /// article is bad; implies --as-articles, JSON Lines on stdin when no
    /// --data or files, and --on-error skip. See "Streaming filter" below.
    #[arg(long = "per-article")]
    pub per_article: bool,
    /// Output file (default stdout; written atomically).
    #[arg(long, short)]
    pub output: Option<String>,
    /// Output format: csv or jsonl (for --data, also the input format unless --input-format).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub format: Option<String>,
    /// Input format: of --data, csv or jsonl (default: from the file
    /// extension); of article files, text, html or warc (default: from the
    /// extension, .html/.htm/.warc, else from the first bytes). Inputs
    /// compressed with gzip or zstd are read as they are.
    #[arg(long, value_parser = ["csv", "jsonl", "text", "html", "warc"])]
    pub input_format: Option<String>,
    /// Article mode: write the text each article was labeled on (for HTML
    /// pages and WARC records, the extracted text that evidence offsets
    /// point into) into DIR, one file per article named from its id.
    #[arg(long, value_name = "DIR")]
    pub emit_text: Option<String>,
    /// Add one p_<label> column per label.
    #[arg(long)]
    pub probabilities: bool,
    /// What to do with a bad row or article: stop or skip (record it in
    /// --errors; exit status 1) [default: stop; skip with --per-article].
    #[arg(long, value_parser = ["stop", "skip"])]
    pub on_error: Option<String>,
    /// Error report for skipped rows (CSV: row, line, reason) or articles
    /// (CSV: article, line, reason; the line of a --data row).
    #[arg(long)]
    pub errors: Option<String>,
    /// Task for article mode: stance (countries) or topic.
    #[arg(long, value_parser = ["stance", "topic"])]
    pub task: Option<String>,
    /// Restrict article prediction to a topic: NAME or NAME=alias,alias (repeatable).
    #[arg(long)]
    pub topic: Vec<String>,
    /// Topics TSV (name<TAB>alias|alias) restricting article prediction.
    #[arg(long)]
    pub topics: Option<PathBuf>,
    /// Topic model giving each article's dominant topics (the
    /// `article_topics` column), in article mode without --topic (default:
    /// the embedded topic model; `none` turns it off).
    #[arg(long)]
    pub topic_model: Option<String>,
    /// Extra country aliases (TSV: ISO3<TAB>alias).
    #[arg(long)]
    pub aliases: Option<PathBuf>,
    /// Article mode: the articles' date (YYYY-MM-DD, YYYY-MM or YYYY). Heads
    /// of state and government, foreign and defence ministers in office
    /// that day count as their country ("Obama vowed ..." in 2014 is the
    /// United States); names two countries' office holders share are
    /// refused. Without a date no person is resolved.
    #[arg(long)]
    pub date: Option<String>,
    /// Article mode with --data: the column holding each article's date
    /// (as --date; an empty value means no date).
    #[arg(long)]
    pub date_column: Option<String>,
    /// Below this confidence an article-level stance is reported as `unclear`.
    #[arg(long, default_value_t = 0.5)]
    pub min_confidence: f64,
    /// Article mode: a country's stance is neutral unless one of its
    /// evidence sentences has at least this polar probability (1 -
    /// p(neutral)) times its weight (1 naming the topic, less carried over)
    /// [default: 0.2 with --topic/--topics, 0.7 without].
    #[arg(long)]
    pub min_polar: Option<f64>,
    /// Explain each label by the N features that contributed most to its
    /// decision value (weight x TF-IDF value; with the intercept and the
    /// rest they add up to it). Rows: columns explain_label,
    /// explain_decision, explain_intercept, explain_other, explain_features
    /// (a JSON array), or an `explanation` object in JSON Lines. Articles:
    /// the best evidence sentence's features, and every evidence sentence
    /// with its probabilities, factor and weight in the combination.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub explain: usize,
    /// Article mode: also write every evidence sentence with its label
    /// probabilities (one row per sentence) after each article-level row.
    #[arg(long)]
    pub all_evidence: bool,
    /// Topic mode (--task topic): keep the N most probable topics of each
    /// article (0 = all).
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Rows per parallel batch [default: 4096]; in article mode, articles
    /// per batch [default: 256] (a batch also ends at 16 MiB of text).
    #[arg(long)]
    pub batch: Option<usize>,
    /// Largest CSV field or JSON value in bytes [default: 8 MiB].
    #[arg(long)]
    pub max_field_bytes: Option<usize>,
    /// Largest JSON Lines line in bytes [default: 16 MiB].
    #[arg(long)]
    pub max_line_bytes: Option<usize>,
    /// Largest article in bytes, from a file, stdin or an --as-articles row [default: 32 MiB].
    #[arg(long)]
    pub max_article_bytes: Option<usize>,
    /// Largest model file in bytes [default: 2 GiB].
    #[arg(long)]
    pub max_model_bytes: Option<u64>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// With --data: print where the time went (model load, then the busy
    /// time of reading, scoring and writing rows) to stderr, even with -q.
    #[arg(long)]
    pub timings: bool,
}
