//! `stancekit report`: the arguments and file wiring of the archive
//! report; the summing, table, charts and page are in [`crate::report`].

use std::io::Write;

use crate::cli::output::Output;
use crate::error::{Error, Result};
use crate::report::{self, charts, html, Period, ReportOptions};

const EXAMPLES: &str = "Examples:
  # label an archive, then sum it up per country and topic
  stancekit predict --data news.jsonl --as-articles --id id --date-column date -o stances.csv
  stancekit report stances.csv

  # two topics, countries with at least 3 articles, a heatmap and a page
  stancekit report stances.csv --topics \"missile defense,climate change\" \\
      --min-articles 3 --svg heatmap.svg --html report.html

  # stance by quarter for chosen countries (the `date` column by default)
  stancekit report stances.csv --countries CHN,USA --by quarter --timeline-svg time.svg

Input: article-level rows of `predict` (CSV or JSON Lines, by extension or
--input-format), read by column name: country, topic and stance are
required; article, country_code, confidence, evidence and date are used
when present; other columns are ignored, and --all-evidence sentence rows
are skipped. The table (stdout) has one line per (country, topic): articles,
rows per stance, net (support minus oppose share of the rows) and mean
confidence.";

/// Arguments of `stancekit report`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Article-level prediction files (CSV or JSON Lines; `-` for stdin).
    #[arg(required = true)]
    pub predictions: Vec<String>,
    /// Keep only these countries (names or ISO3 codes, comma-separated, any case).
    #[arg(long, value_delimiter = ',')]
    pub countries: Vec<String>,
    /// Keep only these topics (comma-separated, any case).
    #[arg(long, value_delimiter = ',')]
    pub topics: Vec<String>,
    /// Leave out country-topic cells with fewer articles.
    #[arg(long, default_value_t = 1)]
    pub min_articles: usize,
    /// The date column for the stance-over-time chart [default: `date`
    /// when the input has it].
    #[arg(long)]
    pub date: Option<String>,
    /// Period of the stance-over-time chart.
    #[arg(long, default_value = "month", value_parser = ["month", "quarter", "year"])]
    pub by: String,
    /// Table format on stdout.
    #[arg(long, default_value = "table", value_parser = ["table", "csv"])]
    pub format: String,
    /// Input format (default: from each file's extension).
    #[arg(long, value_parser = ["csv", "jsonl"])]
    pub input_format: Option<String>,
    /// Write the countries x topics heatmap (SVG).
    #[arg(long)]
    pub svg: Option<String>,
    /// Write the stance-over-time chart (SVG; needs dated rows).
    #[arg(long)]
    pub timeline_svg: Option<String>,
    /// Write one self-contained HTML page: the table with the evidence
    /// sentences behind each row, and both charts.
    #[arg(long)]
    pub html: Option<String>,
    /// Title of the HTML page.
    #[arg(long, default_value = "Country stances")]
    pub title: String,
    /// No summary line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

fn write_file(path: &str, text: &str) -> Result<()> {
    let (o, mut w) = Output::open(Some(path))?;
    w.write_all(text.as_bytes())
        .and_then(|_| w.flush())
        .map_err(|e| Error::io(path, e))?;
    drop(w);
    o.commit()
}

/// Run `report`.
pub fn run(a: Args) -> Result<()> {
    let period = Period::parse(&a.by).expect("clap checks --by");
    let opts = ReportOptions {
        countries: a.countries.iter().map(|c| c.trim().to_string()).collect(),
        topics: a.topics.iter().map(|t| t.trim().to_string()).collect(),
        min_articles: a.min_articles,
        date_column: a.date.clone(),
        period,
        format: crate::cli::predict::shared::parse_format(a.input_format.as_deref()),
    };
    let s = report::summarize(&a.predictions, &opts)?;
    {
        let (o, mut w) = Output::open(None)?;
        if a.format == "csv" {
            report::table::write_csv(&s, &mut w)?;
        } else {
            report::table::write_text(&s, &mut w)?;
        }
        w.flush().map_err(|e| Error::io("stdout", e))?;
        drop(w);
        o.commit()?;
    }
    let heat = match (&a.svg, &a.html) {
        (None, None) => None,
        _ => Some(charts::heatmap(&s)?),
    };
    let time = match (&a.timeline_svg, &a.html) {
        (None, None) => None,
        _ => charts::timeline(&s, &a.by)?,
    };
    if let (Some(p), Some(svg)) = (&a.svg, &heat) {
        write_file(p, svg)?;
    }
    if let Some(p) = &a.timeline_svg {
        let svg = time.as_deref().ok_or_else(|| Error::Param {
            name: "timeline-svg",
            value: p.clone(),
            expected: format!(
                "dated rows: a date column (--date, or `date`) with dates of at least the --by {} precision",
                a.by
            ),
        })?;
        write_file(p, svg)?;
    }
    if let (Some(p), Some(svg)) = (&a.html, &heat) {
        write_file(p, &html::page(&s, &a.title, svg, time.as_deref()))?;
    }
    if !a.quiet {
        eprintln!(
            "read {} rows ({} kept by the filters{}), {} cells{}",
            s.rows,
            s.kept,
            if s.sentence_rows > 0 {
                format!("; {} evidence-sentence rows skipped", s.sentence_rows)
            } else {
                String::new()
            },
            s.cells.len(),
            if s.dated && s.undated > 0 {
                format!(
                    "; {} kept rows without a date of --by {} precision are left out of the timeline",
                    s.undated, a.by
                )
            } else {
                String::new()
            }
        );
    }
    Ok(())
}
