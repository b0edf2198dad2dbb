//! Article mode with the embedded default model: the example articles of
//! datasets/examples get their expected country stances, evidence offsets
//! slice back to the evidence, and the output options behave.

use crate::util::{repo, Workdir};

/// One CSV output row: (country, topic, stance, evidence, start, end).
type Row = (String, String, String, String, usize, usize);

fn rows(csv_text: &str) -> Vec<Row> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (c, t, s, e, a, b) = (
        col("country"),
        col("topic"),
        col("stance"),
        col("evidence"),
        col("evidence_start"),
        col("evidence_end"),
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[c].to_string(),
                rec[t].to_string(),
                rec[s].to_string(),
                rec[e].to_string(),
                rec[a].parse().unwrap(),
                rec[b].parse().unwrap(),
            )
        })
        .collect()
}

fn example(name: &str) -> String {
    repo()
        .join("datasets/examples")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn stance_of<'a>(rows: &'a [Row], country: &str) -> Option<&'a str> {
    rows.iter()
        .find(|r| r.0 == country && r.1 == "missile defense")
        .map(|r| r.2.as_str())
}

#[test]
fn thaad_examples_give_the_expected_reading() {
    for name in ["thaad.txt", "thaad_summit.txt", "shield_briefing.txt"] {
        let w = Workdir::new();
        let path = example(name);
        let out = w.ok(&["predict", &path]);
        let rows = rows(&out);
        let text = std::fs::read_to_string(&path).unwrap();
        for (country, want) in [
            ("China", "oppose"),
            ("Russia", "oppose"),
            ("United States", "support"),
            ("South Korea", "support"),
        ] {
            assert_eq!(
                stance_of(&rows, country),
                Some(want),
                "{name} {country}:\n{out}"
            );
        }
        for r in &rows {
            assert_eq!(&text[r.4..r.5], r.3, "{name}: evidence offsets");
            if r.0 == "China" || r.0 == "Russia" {
                assert_ne!(r.2, "support", "{name}: {r:?}");
            }
        }
        // No other support/oppose row: North Korea, named in
        // thaad_summit.txt only as the threat ("North Korea's missiles"),
        // is a possessor there, not an actor.
        let polar = rows
            .iter()
            .filter(|r| r.2 == "support" || r.2 == "oppose")
            .count();
        assert_eq!(polar, 4, "{name}:\n{out}");
    }
}

#[test]
fn jsonl_output_and_topic_restriction() {
    let w = Workdir::new();
    let path = example("thaad_summit.txt");
    let out = w.ok(&[
        "predict",
        "--format",
        "jsonl",
        "--topic",
        "missile defense=THAAD,anti-missile battery",
        &path,
    ]);
    let objs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(objs.len() >= 4, "{out}");
    for o in &objs {
        assert_eq!(o["topic"], "missile defense");
        let (a, b) = (
            o["evidence_start"].as_u64().unwrap() as usize,
            o["evidence_end"].as_u64().unwrap() as usize,
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text[a..b], *o["evidence"].as_str().unwrap());
    }
    let china = objs.iter().find(|o| o["country"] == "China").unwrap();
    assert_eq!(china["country_code"], "CHN");
    assert_eq!(china["stance"], "oppose");
    // Restricting to a topic the article never names gives only the header
    // in CSV.
    let out = w.ok(&["predict", "--topic", "tariffs", &path]);
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn high_min_confidence_reports_unclear() {
    let w = Workdir::new();
    let out = w.ok(&["predict", "--min-confidence", "1.01", &example("thaad.txt")]);
    let rows = rows(&out);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.2 == "unclear"), "{out}");
}

#[test]
fn article_without_countries_gives_only_the_header() {
    let w = Workdir::new();
    let out = w.ok(&["predict", &example("nocountry.txt")]);
    assert_eq!(
        out,
        "article,date,url,title,country,country_code,topic,stance,confidence,evidence_count,evidence,evidence_start,evidence_end,article_topics\n"
    );
}

#[test]
fn boilerplate_never_becomes_evidence() {
    let w = Workdir::new();
    let out = w.ok(&["predict", "--all-evidence", &example("thaad_summit.txt")]);
    for bad in [
        "Tags:",
        "Ferry Operators",
        "Copyright",
        "Like Us",
        "Homepage",
    ] {
        assert!(!out.contains(bad), "{bad} in:\n{out}");
    }
}

#[test]
fn location_only_country_gets_no_row() {
    let w = Workdir::new();
    let path = w.write(
        "short.txt",
        "China firmly opposes the deployment of THAAD in South Korea.\n",
    );
    let out = w.ok(&["predict", path.to_str().unwrap()]);
    let rows = rows(&out);
    let countries: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(countries, ["China"], "{out}");
    assert_eq!(rows[0].2, "oppose");
    assert_eq!((rows[0].4, rows[0].5), (0, 60));
}

/// An office holder's surname that someone else in the article carries
/// ("Microsoft founder Bill Gates ... Mr Gates") names no country, dated
/// or not; the holder's own full name ("Robert Gates") does not count
/// against it.
#[test]
fn a_surname_someone_else_carries_is_no_office_holder() {
    let w = Workdir::new();
    w.write(
        "bill.txt",
        "Microsoft founder Bill Gates spoke first. Mr Gates said he supports sanctions on Iran.\n",
    );
    w.write(
        "robert.txt",
        "Defense Secretary Robert Gates spoke first. Mr Gates said he supports sanctions on Iran.\n",
    );
    for date in [None, Some("2009-05-01")] {
        let run = |f: &str| {
            let mut args = vec!["predict", f, "-q", "--topic", "sanctions"];
            args.extend(date.iter().flat_map(|d| ["--date", d]));
            w.ok(&args)
        };
        let bill = run("bill.txt");
        assert!(!bill.contains(",USA,"), "{bill}");
        let robert = run("robert.txt");
        assert!(
            robert.contains(",United States,USA,sanctions,support,"),
            "{robert}"
        );
    }
}

/// With the article's date, office holders named only by personal name
/// speak for their state; without it they do not; a bad date in a date
/// column names its row and column.
#[test]
fn office_holders_count_on_the_article_date() {
    let w = Workdir::new();
    let text = "Obama vowed on Wednesday to expand the air campaign against the Islamic State, and Lavrov said Russia rejected the strikes.\n";
    w.write("ob.txt", text);
    let topic = "air campaign=air campaign,strikes";
    let undated = w.ok(&["predict", "ob.txt", "-q", "--topic", topic]);
    assert!(!undated.contains(",USA,"), "{undated}");
    let dated = w.ok(&[
        "predict",
        "ob.txt",
        "-q",
        "--topic",
        topic,
        "--date",
        "2014-09-10",
    ]);
    assert!(
        dated.contains("ob.txt,2014-09-10,,,United States,USA,air campaign,support,"),
        "{dated}"
    );
    // In 1995 Obama held no office.
    let early = w.ok(&[
        "predict", "ob.txt", "-q", "--topic", topic, "--date", "1995",
    ]);
    assert!(!early.contains(",USA,"), "{early}");
    assert!(early.contains("ob.txt,1995,,,Russia,RUS,"), "{early}");

    let mut csv = csv::Writer::from_path(w.path("a.csv")).unwrap();
    csv.write_record(["id", "date", "text"]).unwrap();
    csv.write_record(["a1", "2014-09-10", text]).unwrap();
    csv.write_record(["a2", "", text]).unwrap();
    csv.flush().unwrap();
    let out = w.ok(&[
        "predict",
        "--data",
        "a.csv",
        "--as-articles",
        "--id",
        "id",
        "--date-column",
        "date",
        "-q",
        "--topic",
        topic,
    ]);
    assert!(out.contains("a1,2014-09-10,,,United States,USA,"), "{out}");
    assert!(!out.contains("a2,,,,United States"), "{out}");
    w.write(
        "bad.csv",
        format!("id,date,text\na1,10/09/2014,\"{}\"\n", text.trim()),
    );
    let (code, err) = w.fails(&[
        "predict",
        "--data",
        "bad.csv",
        "--as-articles",
        "--id",
        "id",
        "--date-column",
        "date",
        "-q",
    ]);
    assert_eq!(code, 3);
    assert!(
        err.contains("bad.csv:2:2: date \"10/09/2014\"; expected YYYY-MM-DD"),
        "{err}"
    );
    let (code, err) = w.fails(&["predict", "ob.txt", "--date", "2014-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid parameter date = 2014-13-01"), "{err}");
}

/// The `date` column carries each article's own date as given (a JSON
/// key named by --date-column), else --date, else nothing; JSON Lines
/// output has it as a field.
#[test]
fn rows_carry_the_article_date() {
    let w = Workdir::new();
    let text = "China firmly opposes the deployment of THAAD in South Korea.";
    let lines: String = [("a", " 2017-03 "), ("b", ""), ("c", "2016-07-08")]
        .iter()
        .map(|(id, d)| format!("{{\"id\":\"{id}\",\"day\":\"{d}\",\"text\":\"{text}\"}}\n"))
        .collect();
    w.write("a.jsonl", &lines);
    let args = [
        "predict",
        "--data",
        "a.jsonl",
        "--as-articles",
        "--id",
        "id",
        "--date-column",
        "day",
        "-q",
    ];
    let out = w.ok(&args);
    let got: Vec<(String, String)> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    let want = [("a", "2017-03"), ("b", ""), ("c", "2016-07-08")];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, d)| (a.to_string(), d.to_string()))
        .collect();
    assert_eq!(got, want, "{out}");
    let mut with_fixed = args.to_vec();
    with_fixed.extend(["--date", "2015", "--format", "jsonl"]);
    let out = w.ok(&with_fixed);
    let dates: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["date"].to_string())
        .collect();
    assert_eq!(
        dates,
        ["\"2017-03\"", "\"2015\"", "\"2016-07-08\""],
        "{out}"
    );
}
