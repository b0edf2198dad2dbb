//! `stancekit report`: the table (exact), its filters, columns read by
//! name, bad input, the SVG charts (parsed as XML) and the HTML page
//! (opened in headless Chromium when /usr/bin/chromium exists).

use crate::util::{repo, Workdir};

/// Article rows with columns in a new order, unknown columns (`url`,
/// `title`), an `--all-evidence` sentence row and two rows of one article.
const ROWS: &str = "\
url,article,title,date,country,country_code,topic,stance,confidence,evidence_count,evidence
http://a,a1,T,2015-03-12,China,CHN,missile defense,oppose,0.9000,2,China opposes THAAD.
http://a,a1,T,2015-03-12,China,CHN,missile defense,sentence: neutral=0.1 oppose=0.8 support=0.1,0.8,1,China opposes THAAD.
http://b,a2,T,2015-04-01,China,CHN,missile defense,oppose,0.7000,1,Beijing condemned the missile shield.
http://b,a2,T,2015-04-01,United States,USA,missile defense,support,0.8000,1,Washington backs THAAD.
http://c,a3,T,2016-01-05,China,CHN,missile defense,support,0.6000,1,China welcomed the <pledge> & more.
http://c,a3,T,2016-01-05,China,CHN,climate agreement,support,0.9000,1,China backs the climate deal.
http://d,a4,T,2016,United States,USA,climate agreement,unclear,0.4000,1,The US weighed the climate deal.
http://e,a5,T,,France,FRA,climate agreement,neutral,0.5000,1,France discussed the accord.
";

#[test]
fn table_counts_articles_and_stances_by_column_name() {
    let w = Workdir::new();
    w.write("rows.csv", ROWS);
    let out = w.ok(&["report", "rows.csv", "-q"]);
    assert_eq!(
        out,
        "\
country        topic              articles  support  oppose  neutral  unclear    net  mean_confidence
China          climate agreement         1        1       0        0        0  +1.00            0.900
China          missile defense           3        1       2        0        0  -0.33            0.733
France         climate agreement         1        0       0        1        0  +0.00            0.500
United States  climate agreement         1        0       0        0        1  +0.00            0.400
United States  missile defense           1        1       0        0        0  +1.00            0.800
"
    );
    // Filters: ISO3 codes or names, any case; topics; a minimum of articles.
    let out = w.ok(&[
        "report",
        "rows.csv",
        "--countries",
        "chn,United States",
        "--topics",
        "MISSILE DEFENSE",
        "--min-articles",
        "2",
        "--format",
        "csv",
        "-q",
    ]);
    assert_eq!(
        out,
        "country,topic,articles,support,oppose,neutral,unclear,net,mean_confidence\n\
         China,missile defense,3,1,2,0,0,-0.33,0.733\n"
    );
    // The same rows as JSON Lines give the same table.
    let mut jsonl = String::new();
    let mut r = csv::Reader::from_reader(ROWS.as_bytes());
    let h = r.headers().unwrap().clone();
    for rec in r.records() {
        let m: serde_json::Map<String, serde_json::Value> = h
            .iter()
            .zip(rec.unwrap().iter())
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        jsonl.push_str(&serde_json::to_string(&m).unwrap());
        jsonl.push('\n');
    }
    w.write("rows.jsonl", jsonl);
    assert_eq!(
        w.ok(&["report", "rows.jsonl", "--format", "csv", "-q"]),
        w.ok(&["report", "rows.csv", "--format", "csv", "-q"])
    );
    // The summary line counts what was read and skipped.
    let o = w
        .cmd(&["report", "rows.csv", "--by", "month"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "read 7 rows (7 kept by the filters; 1 evidence-sentence rows skipped), 5 cells; \
         2 kept rows without a date of --by month precision are left out of the timeline\n"
    );
}

#[test]
fn bad_rows_are_named_by_file_line_and_column() {
    let w = Workdir::new();
    w.write(
        "bad.csv",
        "article,country,topic,stance,confidence\na1,China,tariffs,oppose,0.9\na2,China,tariffs,oppose,high\n",
    );
    let (code, err) = w.fails(&["report", "bad.csv"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "stancekit: bad.csv:3:confidence: confidence \"high\"; expected a number from 0 to 1\n"
    );
    w.write(
        "date.csv",
        "country,topic,stance,date\nChina,tariffs,oppose,12/03/2015\n",
    );
    let (code, err) = w.fails(&["report", "date.csv"]);
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "stancekit: date.csv:2:date: date \"12/03/2015\"; expected YYYY-MM-DD, YYYY-MM or YYYY\n"
    );
    w.write("nocol.csv", "country,stance\nChina,oppose\n");
    let (_, err) = w.fails(&["report", "nocol.csv"]);
    assert_eq!(
        err,
        "stancekit: nocol.csv:1: missing column \"topic\"; found country, stance\n"
    );
    // No dates: asking for the timeline is an error, not an empty file.
    let (code, err) = w.fails(&["report", "nocol.csv", "--timeline-svg", "t.svg"]);
    assert_eq!(code, 3, "{err}");
    w.write("nodate.csv", "country,topic,stance\nChina,tariffs,oppose\n");
    let (code, err) = w.fails(&["report", "nodate.csv", "--timeline-svg", "t.svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(!w.path("t.svg").exists());
}

/// Every text node of an SVG document, parsed as XML.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

#[test]
fn svg_charts_parse_and_carry_the_labels() {
    let w = Workdir::new();
    w.write("rows.csv", ROWS);
    w.ok(&[
        "report",
        "rows.csv",
        "--svg",
        "heat.svg",
        "--timeline-svg",
        "time.svg",
        "--by",
        "quarter",
        "-q",
    ]);
    let texts = svg_texts(&w.read("heat.svg"));
    for label in [
        "China",
        "France",
        "United States",
        "missile defense",
        "climate agreement",
        "-0.33 (3)",
        "+1.00 (1)",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    let texts = svg_texts(&w.read("time.svg"));
    for label in [
        "2015-Q1",
        "2015-Q2",
        "2016-Q1",
        "China / missile defense",
        "United States / missile defense",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
}

#[test]
fn html_page_opens_in_headless_chromium_without_errors() {
    let w = Workdir::new();
    w.write("rows.csv", ROWS);
    w.ok(&[
        "report",
        "rows.csv",
        "--html",
        "report.html",
        "--by",
        "year",
        "-q",
    ]);
    let page = w.read("report.html");
    // Self-contained: nothing fetched from the network.
    for needle in ["http://", "https://", "<link", "src="] {
        let outside_svg_ns = page.replace("http://www.w3.org/2000/svg", "");
        assert!(!outside_svg_ns.contains(needle), "{needle} in the page");
    }
    assert!(page.contains("China welcomed the &lt;pledge&gt; &amp; more."));
    let chromium = std::path::Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("notice: skipping the headless Chromium check: /usr/bin/chromium is absent");
        return;
    }
    let profile = w.path("profile");
    let url = format!("file://{}", w.path("report.html").display());
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Errors: the page's window.onerror writes them into <pre id="errors">,
    // and Chromium logs console errors ("Uncaught ...") to stderr.
    assert!(
        dom.contains("<pre id=\"errors\"></pre>"),
        "page errors: {dom}"
    );
    assert!(!stderr.contains("Uncaught"), "{stderr}");
    assert!(
        !stderr
            .lines()
            .any(|l| l.contains("CONSOLE") && l.contains("rror")),
        "{stderr}"
    );
    // The table is in the DOM, with the evidence behind each polar cell.
    assert!(dom.contains("<table id=\"stances\">"));
    assert_eq!(dom.matches("<tr>").count(), 6, "header and five cells");
    assert_eq!(dom.matches("<details>").count(), 3);
    assert!(dom.contains("<td>China</td><td>missile defense</td><td class=\"n\">3</td>"));
    assert!(dom.contains("Beijing condemned the missile shield."));
    assert_eq!(
        dom.matches("<svg").count(),
        2,
        "heatmap and timeline inline"
    );
}

#[test]
fn bundled_dated_articles_give_the_readme_report() {
    let w = Workdir::new();
    let data = repo().join("datasets/examples/dated.jsonl");
    w.ok(&[
        "predict",
        "--data",
        data.to_str().unwrap(),
        "--as-articles",
        "--id",
        "id",
        "--date-column",
        "date",
        "--topic",
        "missile defense=THAAD,missile shield,anti-missile system,anti-missile battery,missile defense",
        "--topic",
        "climate agreement=climate agreement,climate accord,Paris climate agreement",
        "--topic",
        "tariffs=tariffs,tariff",
        "-o",
        "stances.csv",
        "-q",
    ]);
    w.ok(&["report", "stances.csv", "--svg", "heat.svg", "-q"]);
    let texts = svg_texts(&w.read("heat.svg"));
    for label in [
        "China",
        "United States",
        "South Korea",
        "tariffs",
        "missile defense",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    // The committed picture is this command's output.
    let committed = std::fs::read_to_string(repo().join("docs/report-heatmap.svg")).unwrap();
    assert_eq!(w.read("heat.svg"), committed);
}
