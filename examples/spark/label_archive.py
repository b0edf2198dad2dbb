"""Label a JSON Lines archive of news articles with stancekit on Apache Spark.

One input line is one article, a JSON object such as
{"id": "a1", "text": "...", "date": "2017-03-01"}. Each partition is piped
through `stancekit predict --per-article`, which answers every input line with
exactly one JSON line; the job writes

  OUTPUT/stances  Parquet, one row per (article, country, topic) with the
                  columns of stancekit's CSV output, plus `line`
  OUTPUT/errors   Parquet, one row per input line stancekit rejected
                  (line, id, error, and the input line itself)

and prints how many lines went where. The binary (and a model or topics file,
if given) is shipped to the executors with SparkContext.addFile, or taken from
spark-submit's --files when a file of that name is already there.

    spark-submit --master local[2] examples/spark/label_archive.py \
        --stancekit target/release/stancekit --input articles.jsonl \
        --output labeled --date-column date

Arguments after `--` go to `stancekit predict` unchanged (for example
`-- --topic "missile defense=THAAD,missile shield" --min-confidence 0.6`).
See examples/spark/README.md.
"""

import argparse
import collections
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

# The columns of `stancekit predict` article output (CSV), in order; `line` is added.
STANCE_SCHEMA = StructType(
    [
        StructField("article", StringType(), False),
        StructField("line", LongType(), False),
        StructField("date", StringType(), True),
        StructField("url", StringType(), True),
        StructField("title", StringType(), True),
        StructField("country", StringType(), False),
        StructField("country_code", StringType(), False),
        StructField("topic", StringType(), False),
        StructField("stance", StringType(), False),
        StructField("confidence", DoubleType(), False),
        StructField("evidence_count", LongType(), False),
        StructField("evidence", StringType(), False),
        StructField("evidence_start", LongType(), False),
        StructField("evidence_end", LongType(), False),
        StructField("article_topics", StringType(), True),
    ]
)
STANCE_KEYS = [f.name for f in STANCE_SCHEMA.fields if f.name != "line"]

ERROR_SCHEMA = StructType(
    [
        StructField("line", LongType(), False),
        StructField("id", StringType(), True),
        StructField("error", StringType(), False),
        StructField("input", StringType(), False),
    ]
)

# Options this job sets itself or whose output it cannot store as stance rows.
REFUSED = {"--format", "--output", "-o", "--data", "--task", "--all-evidence", "--per-article", "--errors"}
# stancekit options naming a file, which must be shipped to the executors.
FILE_OPTIONS = {"--model", "--topics", "--aliases", "--topic-model"}


def parse_args(argv):
    own, passthrough = argv, []
    if "--" in argv:
        own, passthrough = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True, help="JSON Lines file(s): a path, directory or glob Spark can read")
    p.add_argument("--output", required=True, help="output directory (stances/ and errors/ below it)")
    p.add_argument("--stancekit", required=True, help="stancekit binary on the driver, or a name shipped with --files")
    p.add_argument("--model", help="stance model file to ship (default: the embedded model)")
    p.add_argument("--topics", help="topics TSV to ship (stancekit's --topics)")
    p.add_argument(
        "--ship",
        action="append",
        default=[],
        metavar="OPTION=PATH",
        help="another stancekit file option to ship, e.g. aliases=aliases.tsv for --aliases (repeatable)",
    )
    p.add_argument("--id", default="id", help="key of the article id (default: id)")
    p.add_argument("--text", default="text", help="key of the article text (default: text)")
    p.add_argument("--date-column", help="key of the article date (every line must have it; empty means no date)")
    p.add_argument("--partitions", type=int, help="minimum number of input partitions")
    p.add_argument("--threads", type=int, help="threads per stancekit process (default: spark.task.cpus)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output directory")
    args = p.parse_args(own)
    for i, a in enumerate(passthrough):
        option, _, value = a.partition("=")
        if option in REFUSED:
            p.error(f"{a} cannot be passed to stancekit here: the job needs --per-article JSON stance rows")
        value = value or (passthrough[i + 1] if i + 1 < len(passthrough) else "")
        if option in FILE_OPTIONS and value != "none":  # `--topic-model none` names no file
            p.error(f"{a} names a file: give it to the job (--model, --topics, --ship OPTION=PATH) to ship it")
    files = {"model": args.model, "topics": args.topics}
    for item in args.ship:
        option, sep, path = item.partition("=")
        if not sep or "--" + option not in FILE_OPTIONS:
            p.error(f"--ship {item}: expected OPTION=PATH with OPTION one of {sorted(o[2:] for o in FILE_OPTIONS)}")
        files[option] = path
    args.files = {option: path for option, path in files.items() if path}
    args.passthrough = passthrough
    return args


def ship(spark, path):
    """Make `path` available on every executor; return the name SparkFiles.get takes."""
    name = os.path.basename(path)
    shipped = spark.sparkContext.getConf().get("spark.files", "")
    if name not in {os.path.basename(f) for f in shipped.split(",") if f}:
        if not os.path.isfile(path):
            sys.exit(f"label_archive: {path}: no such file (and not shipped with --files)")
        spark.sparkContext.addFile(os.path.abspath(path))
    return name


_COPIES = {}  # shipped path -> private executable copy, once per Python worker


def executable(name):
    """The shipped binary's path on this executor, made executable (fetched files may lose the bit)."""
    path = SparkFiles.get(name)
    if os.access(path, os.X_OK):
        return path
    if path in _COPIES:
        return _COPIES[path]
    try:
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    except PermissionError:  # a read-only cache (YARN localizes files read-only): run a private copy
        copy = os.path.join(tempfile.mkdtemp(prefix="stancekit-"), name)
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o755)
        _COPIES[path] = copy
        return copy
    return path


def as_text(value):
    return None if value is None else value if isinstance(value, str) else json.dumps(value)


def make_pipe(args, names, threads):
    """The per-partition function: what RDD.pipe does, with each output line paired with its input line."""

    def run(partition):
        cmd = [executable(names["stancekit"]), "predict", "--per-article", "--format", "jsonl", "-q"]
        cmd += ["--id", args.id, "--text", args.text]
        if args.date_column:
            cmd += ["--date-column", args.date_column]
        for option, name in names.items():
            if option != "stancekit":
                cmd += ["--" + option, SparkFiles.get(name)]
        cmd += args.passthrough
        env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        pending = collections.deque()  # (line number, input) written and not yet answered
        failed = []

        def feed():
            try:
                for text, index in partition:
                    pending.append((index + 1, text))
                    proc.stdin.write(text.encode("utf-8") + b"\n")
            except BaseException as e:  # noqa: BLE001 - re-raised in the task below
                failed.append(e)
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            for out in proc.stdout:
                if not pending:
                    raise RuntimeError(f"stancekit wrote more lines than it read: {out[:200]!r}")
                line, text = pending.popleft()
                yield answer(json.loads(out), line, text)
        except BaseException:  # the task failed or stopped reading early: do not leave stancekit running
            proc.kill()
            raise
        writer.join()
        code = proc.wait()
        if code != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with status {code} (its stderr is in the executor log)")
        if failed:
            raise failed[0]
        if pending:
            raise RuntimeError(f"stancekit answered all but {len(pending)} input lines, from line {pending[0][0]}")

    return run


def answer(out, line, text):
    """One output line as (kind, line, id, error, input, rows); `input` is kept for errors only."""
    if "error" in out:
        return ("error", line, as_text(out.get("id")), out["error"], text, [])
    rows = []
    for s in out["stances"]:
        extra = set(s) - set(STANCE_KEYS)
        if extra:
            raise ValueError(f"line {line}: unexpected stance fields {sorted(extra)}")
        rows.append(tuple([s["article"], line] + [s.get(k) for k in STANCE_KEYS[1:]]))
    return ("rows" if rows else "none", line, as_text(out.get("id")), None, None, rows)


def main(argv):
    args = parse_args(argv)
    spark = SparkSession.builder.appName("stancekit label_archive").getOrCreate()
    sc = spark.sparkContext
    names = {"stancekit": ship(spark, args.stancekit)}
    for option, path in args.files.items():
        names[option] = ship(spark, path)
    threads = args.threads or int(sc.getConf().get("spark.task.cpus", "1"))

    lines = sc.textFile(args.input, args.partitions) if args.partitions else sc.textFile(args.input)
    answers = lines.zipWithIndex().mapPartitions(make_pipe(args, names, threads))
    answers.persist(StorageLevel.MEMORY_AND_DISK)  # stancekit runs once; both outputs and the counts reuse it

    counts = answers.map(lambda a: (a[0], (1, len(a[5])))).reduceByKey(lambda x, y: (x[0] + y[0], x[1] + y[1]))
    counts = collections.defaultdict(lambda: (0, 0), counts.collectAsMap())
    mode = "overwrite" if args.overwrite else "errorifexists"
    stances = spark.createDataFrame(answers.flatMap(lambda a: a[5]), STANCE_SCHEMA)
    stances.write.mode(mode).parquet(os.path.join(args.output, "stances"))
    rejected = answers.filter(lambda a: a[0] == "error").map(lambda a: (a[1], a[2], a[3], a[4]))
    errors = spark.createDataFrame(rejected, ERROR_SCHEMA)
    errors.write.mode(mode).parquet(os.path.join(args.output, "errors"))

    read = sum(n for n, _ in counts.values())
    print(
        f"label_archive: read {read} lines: {counts['rows'][0]} articles with {counts['rows'][1]} country-topic rows, "
        f"{counts['none'][0]} naming no country with a topic, {counts['error'][0]} rejected "
        f"(rows in {os.path.join(args.output, 'stances')}, rejected lines in {os.path.join(args.output, 'errors')})"
    )
    answers.unpersist()
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
