//! The arguments of `stancekit evaluate` ([`Args`]) and their `--help`
//! examples; both modes ([`super::rows`], [`super::articles`]) read them.

use std::path::PathBuf;

const EXAMPLES: &str = "Examples:
  stancekit evaluate --model semeval.json --data test.csv --favg FAVOR,AGAINST
  stancekit evaluate --model topics.json --data held_out.csv --json
  stancekit evaluate --articles datasets/news/dev-articles.csv --texts dev-texts/ -v";

/// Arguments of `stancekit evaluate`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Model file (default: the embedded default stance model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Labeled CSV or JSON Lines; `-` for stdin.
    #[arg(
        long,
        required_unless_present = "articles",
        conflicts_with = "articles"
    )]
    pub data: Option<String>,
    /// Article-level gold labels (the format of
    /// datasets/news/dev-articles.csv): score article prediction over
    /// (country, topic, stance), with each article's gold topics as --topic.
    #[arg(long, requires = "texts")]
    pub articles: Option<String>,
    /// With --articles: the article texts, a directory of <body_id>.txt
    /// files, or a CSV / JSON Lines file with id and text columns.
    #[arg(long)]
    pub texts: Option<String>,
    /// With --articles and a --texts table: the id column.
    #[arg(long, default_value = "id")]
    pub id: String,
    /// With --articles: below this confidence a stance is `unclear` (as in
    /// predict).
    #[arg(long, default_value_t = 0.5)]
    pub min_confidence: f64,
    /// With --articles: the weighted polar probability one evidence
    /// sentence must reach for a support/oppose answer (as in predict).
    #[arg(long, default_value_t = crate::article::MIN_POLAR)]
    pub min_polar: f64,
    /// With --articles: score a baseline instead of the model's stances:
    /// `all-support` answers support for every (country, topic) row the
    /// article reading finds.
    #[arg(long, value_parser = ["all-support"], requires = "articles")]
    pub baseline: Option<String>,
    /// With --articles: print every false positive and false negative
    /// (article, country, topic, gold, predicted, evidence) to stderr.
    #[arg(short, long)]
    pub verbose: bool,
    /// Output: a table, or one JSON object (same as --json).
    #[arg(long, value_parser = ["table", "json"], default_value = "table")]
    pub format: String,
    /// Text column (default: the model's).
    #[arg(long)]
    pub text: Option<String>,
    /// Label column (default: the model's).
    #[arg(long)]
    pub label: Option<String>,
    /// Target column (default: the model's).
    #[arg(long)]
    pub target: Option<String>,
    /// Holder column (default: the model's).
    #[arg(long)]
    pub holder: Option<String>,
    /// Labels averaged into F_avg (SemEval-2016), e.g. FAVOR,AGAINST.
    #[arg(long, value_delimiter = ',')]
    pub favg: Vec<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Input format of --data or a --texts table (default: from the file
    /// extension).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub input_format: Option<String>,
    /// Largest CSV field or JSON value in bytes [default: 8 MiB].
    #[arg(long)]
    pub max_field_bytes: Option<usize>,
    /// Largest JSON Lines line in bytes [default: 16 MiB].
    #[arg(long)]
    pub max_line_bytes: Option<usize>,
    /// Largest model file in bytes [default: 2 GiB].
    #[arg(long)]
    pub max_model_bytes: Option<u64>,
    /// A true label the model was not trained on: `error` stops at its row
    /// (catches typos such as "Oppose" for "oppose"); `wrong` counts the row
    /// as misclassified and reports the label with recall 0, as sklearn's
    /// metrics do.
    #[arg(long, default_value = "error", value_parser = ["error", "wrong"])]
    pub unknown_labels: String,
}
