#!/usr/bin/env bash
# Article mode end to end on real news bodies: FNC-1 bodies as JSON Lines
# (`predict --data bodies.jsonl --as-articles --id id`, the default stance
# and topic models), with 1 and 2 threads.
#
#   bash benches/articles.sh
#
# Settings (environment):
#   BODIES=../shared/datasets/fnc-1/train_bodies.csv   the bodies (1,683)
#   COPIES=5      passes over the bodies (ids made distinct): ~8,400 articles
#   REPEAT=3      runs per thread count; each figure is their median
#   WORK=/tmp/stancekit-articles-bench   scratch: input, outputs, time logs
#   BIN=target/release/stancekit   the binary (built when not given), e.g. an
#                 older build to compare with, run alternately with this one
#
# Prints, per thread count: wall seconds, CPU seconds (user + sys), peak
# RSS, article-text MB/s (wall) and MB/s per CPU second; then the 1 -> 2
# thread speed-up (wall) and whether the two outputs are byte-identical.
# MB are 10^6 bytes of article text (the JSON "text" values, UTF-8). On a
# machine shared with other work the CPU seconds are the steadier basis.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BODIES=${BODIES:-$ROOT/../shared/datasets/fnc-1/train_bodies.csv}
COPIES=${COPIES:-5}
REPEAT=${REPEAT:-3}
WORK=${WORK:-/tmp/stancekit-articles-bench}

mkdir -p "$WORK"
if [ -z "${BIN:-}" ]; then
    BIN=$ROOT/target/release/stancekit
    (cd "$ROOT" && cargo build --release -q)
fi
IN=$WORK/bodies-x$COPIES.jsonl
if [ ! -s "$IN" ]; then
    python3 - "$BODIES" "$COPIES" >"$IN" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for k in range(int(sys.argv[2])):
    for r in rows:
        print(json.dumps({"id": f"fnc1-{r['Body ID']}-{k}", "text": r["articleBody"]}))
EOF
fi
TEXT_BYTES=$(python3 -c '
import json, sys
print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")))' "$IN")
ARTICLES=$(wc -l <"$IN")
echo "input: $IN, $ARTICLES articles, $TEXT_BYTES bytes of text"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One and two threads alternate, so that a change of load on a shared
# machine falls on both.
: >"$WORK/runs-1.txt"
: >"$WORK/runs-2.txt"
for run in $(seq "$REPEAT"); do
    for threads in 1 2; do
        RAYON_NUM_THREADS=$threads /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" \
            "$BIN" predict --data "$IN" --as-articles --id id -o "$WORK/out-$threads.csv" -q
        cat "$WORK/time.txt" >>"$WORK/runs-$threads.txt"
    done
done
for threads in 1 2; do
    wall=$(awk '{print $1}' "$WORK/runs-$threads.txt" | median)
    cpu=$(awk '{print $2 + $3}' "$WORK/runs-$threads.txt" | median)
    rss=$(awk '{print $4}' "$WORK/runs-$threads.txt" | median)
    echo "threads $threads: wall $wall s, cpu $cpu s, peak RSS $rss KiB," \
        "$(awk -v b="$TEXT_BYTES" -v t="$wall" 'BEGIN {printf "%.2f", b / 1e6 / t}') MB/s," \
        "$(awk -v b="$TEXT_BYTES" -v t="$cpu" 'BEGIN {printf "%.2f", b / 1e6 / t}') MB/s per CPU second" \
        "(runs, wall/cpu: $(awk '{printf "%s/%s ", $1, $2 + $3}' "$WORK/runs-$threads.txt"))"
    eval "wall_$threads=$wall"
done
echo "speed-up 1 -> 2 threads (wall): $(awk -v a="$wall_1" -v b="$wall_2" 'BEGIN {printf "%.2f", a / b}')x"
if cmp -s "$WORK/out-1.csv" "$WORK/out-2.csv"; then
    echo "outputs of 1 and 2 threads: byte-identical"
else
    echo "outputs of 1 and 2 threads: DIFFER"
    exit 1
fi
