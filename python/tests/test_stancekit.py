"""The Python package against the command line: the same labels, confidences,
article rows, model files and error messages.

The CLI binary is $STANCEKIT_BIN, else target/debug/stancekit (cargo build).
"""

import csv
import glob
import json
import os
import shutil
import subprocess

import pytest

import stancekit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOUR = os.path.join("datasets", "tour")
EXAMPLES = os.path.join("datasets", "examples")


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("STANCEKIT_BIN") or os.path.join(ROOT, "target", "debug", "stancekit")
    assert os.access(path, os.X_OK), f"no stancekit binary at {path}: run cargo build or set STANCEKIT_BIN"
    path = os.path.abspath(path)

    def run(*args, ok=True):
        p = subprocess.run([path, *args], cwd=ROOT, capture_output=True, text=True)
        if ok:
            assert p.returncode == 0, p.stderr
        return p

    return run


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    # Paths as the CLI is given them (relative to the repository), so that
    # model files record the same data file name.
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def tour_models(cli, tmp_path_factory):
    """The tour model trained by the CLI and by Python, with the same settings."""
    tmp = tmp_path_factory.mktemp("tour")
    data = os.path.join(TOUR, "sentences.csv")
    cli_model = str(tmp / "cli.json")
    py_model = str(tmp / "py.json")
    cli("train", "--data", data, "--text", "text", "--target", "target", "--label", "stance",
        "--model", cli_model, "--quiet")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        trained = stancekit.train(data, text="text", target="target", label="stance",
                                  model=py_model, quiet=True)
    finally:
        os.chdir(cwd)
    return cli_model, py_model, trained


def read_csv(path_or_text, text=False):
    import io

    f = io.StringIO(path_or_text) if text else open(path_or_text, newline="", encoding="utf-8")
    with f:
        return list(csv.DictReader(f))


def test_python_and_cli_train_the_same_model_file(tour_models):
    cli_model, py_model, trained = tour_models
    with open(cli_model, "rb") as a, open(py_model, "rb") as b:
        assert a.read() == b.read()
    assert trained.labels == ["AGAINST", "FAVOR", "NONE"]
    assert trained.task == "stance"
    assert trained.columns == {"text": "text", "label": "stance", "target": "target", "holder": None}


def test_tour_predictions_match_the_cli(cli, tour_models, tmp_path):
    cli_model, py_model, trained = tour_models
    data = os.path.join(TOUR, "new.csv")
    out = tmp_path / "cli.csv"
    cli("predict", "--model", cli_model, "--data", data, "--probabilities", "-o", str(out), "--quiet")
    expected = read_csv(out)
    rows = read_csv(data)
    texts = [r["text"] for r in rows]
    targets = [r["target"] for r in rows]
    for model in (stancekit.load(cli_model), stancekit.load(py_model), trained):
        labels, conf, probs = model.predict(texts, targets=targets, probabilities=True)
        assert labels == [r["predicted"] for r in expected]
        assert [f"{c:.6f}" for c in conf] == [r["confidence"] for r in expected]
        for p, r in zip(probs, expected):
            assert [f"{x:.6f}" for x in p] == [r[f"p_{l}"] for l in model.labels]
    assert len(expected) == 20


def test_python_trained_model_loads_in_the_cli(cli, tour_models, tmp_path):
    cli_model, py_model, _ = tour_models
    data = os.path.join(TOUR, "new.csv")
    a = cli("predict", "--model", cli_model, "--data", data, "--quiet").stdout
    b = cli("predict", "--model", py_model, "--data", data, "--quiet").stdout
    assert a == b and a.count("\n") == 21
    saved = tmp_path / "saved.json"
    stancekit.load(py_model).save(saved)
    assert cli("predict", "--model", str(saved), "--data", data, "--quiet").stdout == a


def test_default_model_rows_match_the_cli(cli, tmp_path):
    # The embedded default stance model reads holder and target columns and
    # has entity features: the feature-row path of predict, not RowScorer.
    rows = read_csv(os.path.join("datasets", "stance", "train.csv"))[:120]
    data = tmp_path / "rows.csv"
    with open(data, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["text", "holder", "target"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    expected = read_csv(cli("predict", "--data", str(data), "--quiet").stdout, text=True)
    model = stancekit.load()
    labels, conf = model.predict([r["text"] for r in rows], targets=[r["target"] for r in rows],
                                 holders=[r["holder"] for r in rows])
    assert labels == [r["predicted"] for r in expected]
    assert [f"{c:.6f}" for c in conf] == [r["confidence"] for r in expected]
    with pytest.raises(stancekit.StanceKitError, match=r'holder column \("holder"\)'):
        model.predict(["China opposes it."], targets=["THAAD"])


def article_rows_as_csv(rows):
    """Rows as the CLI's CSV cells (confidence with four decimals)."""
    return [{k: (f"{v:.4f}" if k == "confidence" else str(v)) for k, v in r.items()} for r in rows]


def test_example_articles_match_the_cli(cli):
    paths = sorted(glob.glob(os.path.join(EXAMPLES, "*.txt")))
    expected = read_csv(cli("predict", *paths, "--quiet").stdout, text=True)
    texts = [open(p, encoding="utf-8").read() for p in paths]
    rows = stancekit.read_articles(texts, ids=paths)
    assert article_rows_as_csv(rows) == expected
    assert list(rows[0]) == list(stancekit.ARTICLE_COLUMNS)
    thaad = [(r["country"], r["stance"]) for r in rows if r["article"].endswith("thaad.txt")]
    assert thaad == [("China", "oppose"), ("Russia", "oppose"), ("United States", "support"),
                     ("South Korea", "support")]


def test_dated_articles_with_topics_match_the_cli(cli):
    topics = [
        "missile defense=THAAD,missile shield,anti-missile system,anti-missile battery,missile defense",
        "climate agreement=climate agreement,climate accord,Paris climate agreement",
        "tariffs=tariffs,tariff",
    ]
    data = os.path.join(EXAMPLES, "dated.jsonl")
    args = ["predict", "--data", data, "--as-articles", "--id", "id", "--date-column", "date", "--quiet"]
    for t in topics:
        args += ["--topic", t]
    expected = read_csv(cli(*args).stdout, text=True)
    with open(data, encoding="utf-8") as f:
        arts = [json.loads(line) for line in f if line.strip()]
    rows = stancekit.read_articles([a["text"] for a in arts], ids=[a["id"] for a in arts],
                                   topics=topics, dates=[a["date"] for a in arts])
    assert article_rows_as_csv(rows) == expected
    assert len(rows) == 39


def test_info_is_what_inspect_prints(cli, tour_models):
    cli_model, _, trained = tour_models
    assert trained.info(5) == cli("inspect", "--model", cli_model, "--top", "5").stdout
    assert stancekit.load().info() == cli("inspect").stdout


def cli_message(p):
    """The CLI's error line without its `stancekit: ` prefix."""
    assert p.returncode != 0
    line = p.stderr.strip().splitlines()[-1]
    assert line.startswith("stancekit: ")
    return line[len("stancekit: "):]


def test_a_corrupted_model_raises_the_cli_message(cli, tour_models, tmp_path):
    cli_model = tour_models[0]
    bad = tmp_path / "bad.json"
    with open(cli_model, "rb") as f:
        bad.write_bytes(f.read()[:2000])
    message = cli_message(cli("predict", "--model", str(bad), "--data", os.path.join(TOUR, "new.csv"),
                              ok=False))
    with pytest.raises(stancekit.StanceKitError) as e:
        stancekit.load(bad)
    assert str(e.value) == message
    assert isinstance(e.value, ValueError)
    assert message.startswith(str(bad) + ":")


def test_bad_training_data_raises_the_cli_message(cli, tmp_path):
    data = tmp_path / "ragged.csv"
    data.write_text("text,stance\nwe back it,FAVOR\nragged,row,here\n", encoding="utf-8")
    message = cli_message(cli("train", "--data", str(data), "--label", "stance", "--model",
                              str(tmp_path / "m.json"), ok=False))
    with pytest.raises(stancekit.StanceKitError) as e:
        stancekit.train(str(data), label="stance")
    assert str(e.value) == message
    assert message.startswith(f"{data}:3")
    message = cli_message(cli("train", "--data", os.path.join(TOUR, "sentences.csv"), "--label", "stance",
                              "--target", "target", "--c=-1", "--model", str(tmp_path / "m.json"),
                              ok=False))
    with pytest.raises(stancekit.StanceKitError) as e:
        stancekit.train(os.path.join(TOUR, "sentences.csv"), label="stance", target="target", c=-1)
    assert str(e.value) == message


def test_blank_text_and_bad_date_name_their_item(tour_models):
    model = stancekit.load(tour_models[0])
    with pytest.raises(stancekit.StanceKitError) as e:
        model.predict(["A carbon tax works.", "  "], targets=["Carbon tax", "Carbon tax"])
    assert str(e.value) == 'texts[1]: empty text in column "text"; expected text to classify'
    with pytest.raises(stancekit.StanceKitError) as e:
        stancekit.read_articles(["China opposes THAAD."] * 2, dates=["2016-07-08", "2016-13-01"])
    assert str(e.value) == 'dates[1]: date "2016-13-01"; expected YYYY-MM-DD, YYYY-MM, YYYY or nothing'
    with pytest.raises(ValueError, match="targets has 1 values for 2 texts"):
        model.predict(["a", "b"], targets=["Carbon tax"])


def test_pandas_in_and_out(tour_models):
    pd = pytest.importorskip("pandas")
    rows = pd.read_csv(os.path.join(TOUR, "new.csv"))
    model = stancekit.load(tour_models[0])
    labels, conf, probs = model.predict(rows["text"], targets=rows["target"], probabilities=True)
    plain = model.predict(list(rows["text"]), targets=list(rows["target"]))
    assert list(labels) == plain[0] and list(conf) == plain[1]
    assert list(probs.columns) == ["p_AGAINST", "p_FAVOR", "p_NONE"]
    assert labels.index.equals(rows.index)
    frame = stancekit.read_articles(pd.Series([open(os.path.join(EXAMPLES, "thaad.txt")).read()]),
                                    ids=["thaad"], as_frame=True)
    assert list(frame.columns) == list(stancekit.ARTICLE_COLUMNS)
    assert list(frame["country_code"]) == ["CHN", "RUS", "USA", "KOR"]
    trained = stancekit.train(pd.read_csv(os.path.join(TOUR, "sentences.csv")), target="target",
                              label="stance", quiet=True)
    assert model.predict(["A carbon tax works."], targets=["Carbon tax"]) == \
        trained.predict(["A carbon tax works."], targets=["Carbon tax"])
