#!/usr/bin/env bash
# Predicting short texts from a Python list against the command line's
# scoring of the same texts, with the same model: `model.predict(texts,
# targets=...)` (texts already in a list; the call's wall time, from
# Python strings in to labels and confidences out) beside `stancekit
# predict --model M --data F --timings` (its `score` stage: parsed rows to
# probabilities, and its total wall time). Runs alternate, CLI first.
#
#   bash benches/python.sh
#
# Settings (environment):
#   ROWS=1000000    texts (8-20 words of a fixed vocabulary, one of the
#                   tour's targets each; generated with a fixed seed)
#   REPEAT=3        runs of each side
#   WORK=/tmp/stancekit-python-bench   scratch: venv, wheel, data, model
#
# Builds the release binary (cargo build --release) and a release wheel of
# python/ (maturin build --release, in the root target dir) into a
# virtualenv under WORK; the model is the tour's (datasets/tour, word 1-2 +
# char_wb 2-5 with shared + per-target blocks). Prints every run, then the
# medians and the ratio Python / CLI score stage (the issue asks <= 1.25).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-3}
WORK=${WORK:-/tmp/stancekit-python-bench}
BIN=$ROOT/target/release/stancekit
mkdir -p "$WORK"

(cd "$ROOT" && cargo build --release -q)
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check maturin
fi
rm -rf "$WORK/wheels"
CARGO_TARGET_DIR="$ROOT/target" "$WORK/venv/bin/maturin" build --release --quiet \
  -m "$ROOT/python/Cargo.toml" --out "$WORK/wheels"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WORK"/wheels/stancekit-*.whl

MODEL=$WORK/tour.json
"$BIN" train --data "$ROOT/datasets/tour/sentences.csv" --text text --target target \
  --label stance --model "$MODEL" --quiet

DATA=$WORK/texts.csv
if [ ! -s "$DATA" ] || [ "$(cat "$WORK/rows" 2>/dev/null)" != "$ROWS" ]; then
  "$WORK/venv/bin/python" - "$DATA" "$ROWS" <<'PY'
import csv, random, sys
words = ("the a we they council tax carbon fuel price plan cities schools money jobs must should never "
         "always fair unfair cost support oppose ban allow new old people workers farmers families rent "
         "homes clean dirty energy wind solar coal drivers roads trains buses safety rules local national "
         "vote against for because will would not good bad more less years today tomorrow").split()
targets = ["Carbon tax", "Free trade", "Nuclear power", "Rent control"]
rng = random.Random(7)
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["text", "target"])
    for _ in range(int(sys.argv[2])):
        n = rng.randint(8, 20)
        w.writerow([" ".join(rng.choice(words) for _ in range(n)).capitalize() + ".", rng.choice(targets)])
PY
  echo "$ROWS" > "$WORK/rows"
fi
echo "data: $ROWS texts, $(du -h "$DATA" | cut -f1) of CSV; threads: ${RAYON_NUM_THREADS:-all cores ($(nproc))}"

cat > "$WORK/predict.py" <<'PY'
import csv, sys, time
import stancekit
model = stancekit.load(sys.argv[1])
with open(sys.argv[2], newline="") as f:
    rows = list(csv.reader(f))[1:]
texts = [r[0] for r in rows]
targets = [r[1] for r in rows]
del rows
start = time.perf_counter()
labels, confidences = model.predict(texts, targets=targets)
print(f"{time.perf_counter() - start:.3f}", len(labels))
PY

cli_score=(); cli_total=(); py=()
for i in $(seq "$REPEAT"); do
  t=$("$BIN" predict --model "$MODEL" --data "$DATA" -o /dev/null --timings --quiet 2>&1 | grep '^timings')
  s=$(sed -E 's/.*score ([0-9.]+) s.*/\1/' <<<"$t"); w=$(sed -E 's/.*total ([0-9.]+) s.*/\1/' <<<"$t")
  cli_score+=("$s"); cli_total+=("$w")
  echo "run $i cli: $t"
  p=$("$WORK/venv/bin/python" "$WORK/predict.py" "$MODEL" "$DATA")
  py+=("${p%% *}")
  echo "run $i python: model.predict of ${p##* } texts: ${p%% *} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms=$(median "${cli_score[@]}"); mt=$(median "${cli_total[@]}"); mp=$(median "${py[@]}")
echo "medians: python predict $mp s; cli score $ms s; cli total $mt s"
awk -v p="$mp" -v s="$ms" -v t="$mt" 'BEGIN {printf "ratio python / cli score: %.3f; python / cli total: %.3f\n", p / s, p / t}'
