"""Check the Spark job's Parquet output against a plain local stancekit run.

    python check_output.py INPUT.jsonl SPARK_OUTPUT_DIR LOCAL.csv LOCAL_ERRORS.csv N

LOCAL.csv and LOCAL_ERRORS.csv come from
`stancekit predict --data INPUT.jsonl --as-articles --on-error skip --errors ...`.
Every stance row must be equal, field for field, after sorting by
(article, country, topic); every rejected line must be rejected in both runs
with the same id and reason, and the Spark errors keep the input line. The
bad lines make_articles.py writes for N articles must be exactly those.
Exits 1 with the first differences on any mismatch.
"""

import csv
import re
import sys

from pyspark.sql import SparkSession

INTS = {"evidence_count", "evidence_start", "evidence_end"}


def fail(message, extra=()):
    print(f"check_output: MISMATCH: {message}", file=sys.stderr)
    for e in list(extra)[:5]:
        print(f"  {e}", file=sys.stderr)
    sys.exit(1)


def local_row(row):
    out = {}
    for k, v in row.items():
        if k == "confidence":
            out[k] = float(v)
        elif k in INTS:
            out[k] = int(v)
        else:
            out[k] = v
    return out


def keyed(rows, what):
    table = {}
    for r in rows:
        key = (r["article"], r["country"], r["topic"])
        if key in table:
            fail(f"{what}: two rows for {key}")
        table[key] = r
    return table


def main():
    input_path, spark_dir, local_csv, local_errors, count = sys.argv[1:6]
    count = int(count)
    with open(input_path, encoding="utf-8") as f:
        inputs = f.read().split("\n")[:-1]
    with open(local_csv, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames
        local = keyed([local_row(r) for r in reader], "local run")
    with open(local_errors, encoding="utf-8", newline="") as f:
        local_bad = {int(r["line"]): r for r in csv.DictReader(f)}

    builder = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
    spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    stances = spark.read.parquet(f"{spark_dir}/stances")
    errors = spark.read.parquet(f"{spark_dir}/errors")
    if stances.columns != columns[:1] + ["line"] + columns[1:]:
        fail(f"Parquet columns {stances.columns} are not the CSV columns {columns} plus line")
    spark_rows = [r.asDict() for r in stances.collect()]
    spark_bad = {r["line"]: r.asDict() for r in errors.collect()}
    spark.stop()

    for r in spark_rows:
        if r["line"] != int(r["article"][1:]):  # make_articles.py writes id gNNNNN on line NNNNN
            fail(f"row of {r['article']} says line {r['line']}")
        del r["line"]
    theirs = keyed(spark_rows, "Spark run")
    if set(theirs) != set(local):
        only_spark = sorted(set(theirs) - set(local))
        only_local = sorted(set(local) - set(theirs))
        fail(f"{len(only_spark)} rows only in Spark, {len(only_local)} only local", only_spark[:3] + only_local[:3])
    diffs = [(k, local[k], theirs[k]) for k in sorted(local) if local[k] != theirs[k]]
    if diffs:
        fail(f"{len(diffs)} of {len(local)} rows differ (key, local, Spark)", diffs)

    expected_bad = {n for n in range(1, count + 1) if n % 500 == 0} | {n for n in (1234, 2345, 2890) if n <= count}
    if set(local_bad) != expected_bad:
        fail(f"local run rejected lines {sorted(local_bad)}, expected {sorted(expected_bad)}")
    if set(spark_bad) != expected_bad:
        fail(f"Spark run rejected lines {sorted(spark_bad)}, expected {sorted(expected_bad)}")
    for line in sorted(expected_bad):
        mine, theirs_ = local_bad[line], spark_bad[line]
        # the local reason starts with "FILE:LINE", the streamed one with "<stdin>:LINE in its partition"
        reason = mine["reason"].removeprefix(f"{input_path}:{line}")
        error = re.sub(r"^<stdin>:\d+", "", theirs_["error"])
        if (mine["article"] or None, reason) != (theirs_["id"], error):
            fail(f"line {line} rejected differently", [mine, theirs_])
        if theirs_["input"] != inputs[line - 1]:
            fail(f"line {line}: the errors output does not keep the input line")

    print(
        f"check_output: {len(local)} stance rows of {count} articles and {len(expected_bad)} rejected lines: "
        "the Spark output equals the local run row for row"
    )


if __name__ == "__main__":
    main()
