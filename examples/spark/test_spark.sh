#!/usr/bin/env bash
# Runs the Spark example for real and checks it against a plain local run.
#
#   bash examples/spark/test_spark.sh [STANCEKIT_BINARY]   (default target/debug/stancekit)
#
# Installs pyspark into a fresh virtualenv in a temporary directory, writes
# 3,000 articles (9 of them bad lines) with make_articles.py, labels them with
# label_archive.py on Spark local[2] and with `stancekit predict --data ...
# --as-articles` locally, and has check_output.py compare the two row for row.
# Skips with a notice (exit 0) only when Java is missing; any mismatch exits 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=$(realpath "${1:-target/debug/stancekit}")
ARTICLES=${SPARK_TEST_ARTICLES:-3000}
PYSPARK_VERSION=3.5.7 # the 3.5 line runs on Java 8, 11 and 17

if ! command -v java >/dev/null 2>&1; then
  echo "note: java not found; skipping the Spark example test (install a JDK 17 to run it)"
  exit 0
fi
[ -x "$BIN" ] || { echo "test_spark: $BIN is not an executable stancekit binary" >&2; exit 1; }

WORK=$(mktemp -d -t stancekit-spark.XXXXXX)
if [ -n "${SPARK_TEST_KEEP:-}" ]; then echo "test_spark: keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
start=$SECONDS
phase() { echo "test_spark: $1 ($((SECONDS - start)) s)"; }

python3 examples/spark/make_articles.py "$ROOT" "$ARTICLES" "$WORK/articles.jsonl"

# The plain local run (CSV article mode), in the background while pip downloads;
# its exit status 1 means "some articles rejected", as expected here.
"$BIN" predict --data "$WORK/articles.jsonl" --as-articles --id id --date-column date \
  --format csv --on-error skip --errors "$WORK/local-errors.csv" -o "$WORK/local.csv" &
local_run=$!

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check --cache-dir "$WORK/pip" "pyspark==$PYSPARK_VERSION"
phase "pyspark $PYSPARK_VERSION installed"
export PYSPARK_PYTHON="$WORK/venv/bin/python" PYSPARK_DRIVER_PYTHON="$WORK/venv/bin/python"

status=0
wait "$local_run" || status=$?
[ "$status" = 1 ] || { echo "test_spark: the local run exited $status, expected 1 (rejected lines)" >&2; exit 1; }
phase "local run done"

"$WORK/venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false --conf spark.log.level=WARN \
  --conf spark.ui.showConsoleProgress=false \
  examples/spark/label_archive.py --stancekit "$BIN" --input "$WORK/articles.jsonl" \
  --output "$WORK/spark" --date-column date --partitions 4
phase "Spark local[2] run done"

"$WORK/venv/bin/python" examples/spark/check_output.py "$WORK/articles.jsonl" "$WORK/spark" \
  "$WORK/local.csv" "$WORK/local-errors.csv" "$ARTICLES"
phase "Spark example test passed"
