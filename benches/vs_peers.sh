#!/usr/bin/env bash
# stancekit side by side with scikit-learn and fastText, same data, same run.
#
#   bash benches/vs_peers.sh [synthetic|dse|20ng|20ng-wc|all]   (default: all;
#                                   20ng-wc is long and runs only when named)
#
# Settings (environment):
#   PEERS=../shared/peers        peer scripts (make_synthetic.py, ft_baseline.py)
#   PY=<venv>/bin/python         Python with scikit-learn + fastText; when unset,
#                                /work/peers-venv is used if present, else a venv
#                                is created in $WORK/venv from $PEERS/requirements.txt
#   DATASETS=../shared/datasets  directed-sentiment and 20newsgroups-bydate
#   WORK=/tmp/stancekit-vs-peers scratch directory (generated data, models, logs)
#   ROWS_TRAIN=100000 ROWS_TEST=20000 ROWS_BIG=1000000   synthetic sizes
#   REPEAT=3                     stancekit predict runs over BIG per thread
#                                count (each figure is their median)
#
# Features on both sides: word 1-2 grams + char_wb 2-5 grams, sublinear TF,
# each part L2-normalized, C=10, balanced class weights (stancekit's stance
# defaults; benches/peers_side.py builds the same sklearn FeatureUnion).
# fastText runs its own defaults (wordNgrams=2, 25 epochs, 1 thread).
#
# Times: wall seconds AND CPU seconds (user+sys) from /usr/bin/time -v; on a
# shared machine the CPU seconds are the steadier basis for ratios.
# Predict throughput: the stancekit rows time the whole `predict --data`
# run (model load, CSV parsing and writing); the peers' numbers time only
# vectorize+predict on texts already in memory, so those ratios favour the
# peers. The "score" row and the "peers' boundary" ratio use stancekit's
# own `--timings` report of its scoring stage (parsed rows in, probabilities
# out), the same boundary as the peers. stancekit's predict figures are
# the medians of REPEAT runs each (see below); the peers run once, for
# minutes.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
DATASETS=${DATASETS:-$ROOT/../shared/datasets}
WORK=${WORK:-/tmp/stancekit-vs-peers}
ROWS_TRAIN=${ROWS_TRAIN:-100000}
ROWS_TEST=${ROWS_TEST:-20000}
ROWS_BIG=${ROWS_BIG:-1000000}
REPEAT=${REPEAT:-3}
WHAT=${1:-all}
mkdir -p "$WORK"

if [ -z "${PY:-}" ]; then
    if [ -x /work/peers-venv/bin/python ]; then
        PY=/work/peers-venv/bin/python
    else
        [ -x "$WORK/venv/bin/python" ] || {
            python3 -m venv "$WORK/venv"
            "$WORK/venv/bin/pip" install -q -r "$PEERS/requirements.txt"
        }
        PY=$WORK/venv/bin/python
    fi
fi
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

(cd "$ROOT" && cargo build --release -q)
SK=$ROOT/target/release/stancekit
SIDE="$PY $HERE/peers_side.py"
export PEERS

# run NAME CMD...: runs under /usr/bin/time -v, keeps stdout in NAME.out and
# prints "wall cpu rss_mb" to NAME.time.
run() {
    local name=$1; shift
    "$TIME" -v "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || {
        tail -5 "$WORK/$name.err" >&2; return 1; }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /User time/ { c += $2 } /System time/ { c += $2 }
        /Maximum resident/ { r = $2 / 1024 }
        END { printf "%.2f %.2f %.0f\n", w, c, r }' "$WORK/$name.err" > "$WORK/$name.time"
}
field() { cut -d' ' -f"$2" "$WORK/$1.time"; }
json() { "$PY" -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1]).get(sys.argv[2], ''))" "$WORK/$1.out" "$2"; }
ratio() { "$PY" -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }

# accuracy of stancekit predictions (CSV with predicted) against TEST's label column
sk_acc() {
    "$PY" - "$1" "$2" "$3" <<'EOF'
import sys, pandas as pd
pred = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
gold = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)[sys.argv[3]]
from sklearn.metrics import accuracy_score, f1_score
print(f"{accuracy_score(gold, pred['predicted']):.4f} {f1_score(gold, pred['predicted'], average='macro'):.4f}")
EOF
}

# compare NAME TRAIN TEST LABEL "stancekit train flags" "peer flags"
compare() {
    local name=$1 train=$2 test=$3 label=$4 skflags=$5 peerflags=$6
    echo "== $name: $(($(wc -l < "$train") - 1)) train lines, $(($(wc -l < "$test") - 1)) test lines (CSV lines, fields may span lines)"
    # shellcheck disable=SC2086
    run "$name.sk-train" "$SK" train --data "$train" --label "$label" $skflags --model "$WORK/$name.model.json" -q
    run "$name.sk-test" "$SK" predict --model "$WORK/$name.model.json" --data "$test" -o "$WORK/$name.pred.csv" -q
    read -r acc f1 < <(sk_acc "$WORK/$name.pred.csv" "$test" "$label")
    # shellcheck disable=SC2086
    run "$name.sklearn" $SIDE sk "$train" "$test" --label "$label" --balanced $peerflags
    # shellcheck disable=SC2086
    run "$name.fasttext" $SIDE ft "$train" "$test" --label "$label" $peerflags
    printf "%-10s %9s %9s %8s %7s %8s\n" tool "train_s" "train_cpu" "rss_MB" "acc" "macroF1"
    printf "%-10s %9s %9s %8s %7s %8s\n" stancekit "$(field "$name.sk-train" 1)" "$(field "$name.sk-train" 2)" "$(field "$name.sk-train" 3)" "$acc" "$f1"
    for p in sklearn fasttext; do
        printf "%-10s %9s %9s %8s %7s %8s\n" "$p" "$(field "$name.$p" 1)" "$(field "$name.$p" 2)" "$(field "$name.$p" 3)" "$(json "$name.$p" accuracy)" "$(json "$name.$p" macro_f1)"
    done
    echo "ratio stancekit/sklearn: train wall $(ratio "$(field "$name.sk-train" 1)" "$(field "$name.sklearn" 1)")x, train cpu $(ratio "$(field "$name.sk-train" 2)" "$(field "$name.sklearn" 2)")x, peak RSS $(ratio "$(field "$name.sk-train" 3)" "$(field "$name.sklearn" 3)")x"
    echo "ratio stancekit/fastText: train wall $(ratio "$(field "$name.sk-train" 1)" "$(field "$name.fasttext" 1)")x, peak RSS $(ratio "$(field "$name.sk-train" 3)" "$(field "$name.fasttext" 3)")x"
}

synthetic() {
    local d=$WORK/synthetic
    mkdir -p "$d"
    [ -s "$d/train.csv" ] || "$PY" "$PEERS/make_synthetic.py" --rows "$ROWS_TRAIN" --seed 1 "$d/train.csv"
    [ -s "$d/test.csv" ] || "$PY" "$PEERS/make_synthetic.py" --rows "$ROWS_TEST" --seed 2 "$d/test.csv"
    [ -s "$d/big.csv" ] || "$PY" "$PEERS/make_synthetic.py" --rows "$ROWS_BIG" --seed 9 "$d/big.csv"
    compare synthetic "$d/train.csv" "$d/test.csv" label "--text text --target target --min-df 2" "--prefix target --min-df 2"
    # predict throughput over BIG: stancekit on 1 and 2 threads, peers (1 thread)
    local mb
    mb=$("$PY" -c "import pandas as pd,sys; print(sum(len(t.encode()) for t in pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)['text'])/1e6)" "$d/big.csv")
    # A stancekit run takes seconds and the peers' minutes, so one busy
    # moment of a shared machine weighs on stancekit's figure alone: its
    # runs are repeated (REPEAT, default 3, alternating 1 and 2 threads)
    # and the median of each figure is used; every run is printed.
    local r t
    for r in $(seq "$REPEAT"); do
        RAYON_NUM_THREADS=1 run "big.sk1.$r" "$SK" predict --model "$WORK/synthetic.model.json" --data "$d/big.csv" -o "$WORK/big.pred.csv" -q --timings
        RAYON_NUM_THREADS=2 run "big.sk2.$r" "$SK" predict --model "$WORK/synthetic.model.json" --data "$d/big.csv" -o "$WORK/big.pred.csv" -q
    done
    for t in sk1 sk2; do
        "$PY" - "$WORK" "$t" "$REPEAT" <<'EOF'
import re, statistics, sys
work, t, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = [open(f"{work}/big.{t}.{r}.time").read().split() for r in range(1, n + 1)]
med = lambda i: statistics.median(float(x[i]) for x in times)
rss = max(float(x[2]) for x in times)
open(f"{work}/big.{t}.time", "w").write(f"{med(0):.2f} {med(1):.2f} {rss:.0f}\n")
if t == "sk1":
    score = [float(re.search(r"score ([0-9.]+) s", open(f"{work}/big.sk1.{r}.err").read()).group(1)) for r in range(1, n + 1)]
    open(f"{work}/big.sk1.score", "w").write(f"{statistics.median(score)}\n")
    print("stancekit 1 thread, each run: scoring stage s " + " ".join(f"{x:.3f}" for x in score)
          + "; wall s " + " ".join(x[0] for x in times))
else:
    print("stancekit 2 threads, each run: wall s " + " ".join(x[0] for x in times))
EOF
    done
    # The peers refit on the same train set, then score BIG (fit not counted here).
    run big.sklearn $SIDE sk "$d/train.csv" "$d/test.csv" --balanced --prefix target --min-df 2 --big "$d/big.csv"
    run big.fasttext $SIDE ft "$d/train.csv" "$d/test.csv" --prefix target --big "$d/big.csv"
    local n=$ROWS_BIG
    local sk1 sk2 sk1c sk1s skl ftx
    sk1=$("$PY" -c "print($n / $(field big.sk1 1))")
    sk2=$("$PY" -c "print($n / $(field big.sk2 1))")
    sk1c=$("$PY" -c "print($n / $(field big.sk1 2))")
    # The scoring stage alone (from parsed rows to probabilities), as
    # `--timings` reports it: the boundary the peers' figures are timed on.
    sk1s=$("$PY" -c "print($n / $(cat "$WORK/big.sk1.score"))")
    skl=$(json big.sklearn docs_per_s)
    ftx=$(json big.fasttext docs_per_s)
    echo "== predict $n docs ($mb MB of text)"
    printf "%-28s %12s %8s %8s\n" tool "docs/s" "MB/s" "rss_MB"
    printf "%-28s %12.0f %8.2f %8s\n" "stancekit 1 thread (wall)" "$sk1" "$("$PY" -c "print($mb / $(field big.sk1 1))")" "$(field big.sk1 3)"
    printf "%-28s %12.0f %8.2f %8s\n" "stancekit 1 thread (cpu)" "$sk1c" "$("$PY" -c "print($mb / $(field big.sk1 2))")" "$(field big.sk1 3)"
    printf "%-28s %12.0f %8.2f\n" "stancekit 1 thread (score)" "$sk1s" "$("$PY" -c "print($mb * $sk1s / $n)")"
    printf "%-28s %12.0f %8.2f %8s\n" "stancekit 2 threads (wall)" "$sk2" "$("$PY" -c "print($mb / $(field big.sk2 1))")" "$(field big.sk2 3)"
    printf "%-28s %12.0f %8s %8s\n" "sklearn (vectorize+predict)" "$skl" "$(json big.sklearn mb_per_s)" "$(field big.sklearn 3)"
    printf "%-28s %12.0f %8s %8s\n" "fastText (predict)" "$ftx" "$(json big.fasttext mb_per_s)" "$(field big.fasttext 3)"
    printf "%-28s %12.0f %8s\n" "sklearn (cpu)" "$(json big.sklearn docs_per_cpu_s)" "$(json big.sklearn mb_per_cpu_s)"
    printf "%-28s %12.0f %8s\n" "fastText (cpu)" "$(json big.fasttext docs_per_cpu_s)" "$(json big.fasttext mb_per_cpu_s)"
    echo "ratio docs/s, stancekit 1 thread (wall) / sklearn: $(ratio "$sk1" "$skl")x; / fastText: $(ratio "$sk1" "$ftx")x"
    echo "ratio docs per CPU second, stancekit 1 thread / sklearn: $(ratio "$sk1c" "$(json big.sklearn docs_per_cpu_s)")x; / fastText: $(ratio "$sk1c" "$(json big.fasttext docs_per_cpu_s)")x"
    echo "ratio docs/s on the peers' boundary, stancekit scoring stage (1 thread) / sklearn vectorize+predict: $(ratio "$sk1s" "$skl")x; / fastText predict: $(ratio "$sk1s" "$ftx")x"
    echo "speed-up 1 -> 2 threads: $(ratio "$sk2" "$sk1")x"
}

dse() {
    local d=$DATASETS/directed-sentiment
    [ -s "$d/train.csv" ] || { echo "skip dse: $d absent"; return; }
    compare dse "$d/train.csv" "$d/dev.csv" stance "--text text --holder holder --target target" "--prefix holder,target"
}

# 20 Newsgroups: 80/20 split of the shared train file (seed 0).
ng20_split() {
    local d=$DATASETS/20newsgroups-bydate
    [ -s "$d/train.csv" ] || { echo "skip 20ng: $d absent"; return 1; }
    [ -s "$WORK/20ng-train.csv" ] || "$PY" - "$d/train.csv" "$WORK" <<'EOF'
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
df = df.sample(frac=1.0, random_state=0)
cut = int(len(df) * 0.8)
df.iloc[:cut].to_csv(f"{sys.argv[2]}/20ng-train.csv", index=False)
df.iloc[cut:].to_csv(f"{sys.argv[2]}/20ng-test.csv", index=False)
EOF
}

# Topic models as each tool's user would train them: stancekit's topic
# defaults (`--label topic` picks the task) against the issue's scikit-learn
# reference settings (sk_baseline.py: word unigrams, sublinear TF, min_df 2,
# C = 10), the settings behind the published 20 Newsgroups bars.
ng20() {
    ng20_split || return 0
    local train=$WORK/20ng-train.csv test=$WORK/20ng-test.csv
    echo "== 20ng (topic defaults): $(($(wc -l < "$train") - 1)) train lines, $(($(wc -l < "$test") - 1)) test lines"
    run 20ng.sk-train "$SK" train --data "$train" --text text --label topic --model "$WORK/20ng.model.json" -q
    run 20ng.sk-test "$SK" predict --model "$WORK/20ng.model.json" --data "$test" -o "$WORK/20ng.pred.csv" -q
    read -r acc f1 < <(sk_acc "$WORK/20ng.pred.csv" "$test" topic)
    run 20ng.sklearn "$PY" "$PEERS/sk_baseline.py" "$train" "$test" --label topic --analyzer word --ngram 1,1 --min-df 2 --C 10
    printf "%-10s %9s %9s %8s %7s %8s\n" tool "train_s" "train_cpu" "rss_MB" "acc" "macroF1"
    printf "%-10s %9s %9s %8s %7s %8s\n" stancekit "$(field 20ng.sk-train 1)" "$(field 20ng.sk-train 2)" "$(field 20ng.sk-train 3)" "$acc" "$f1"
    printf "%-10s %9s %9s %8s %7s %8s\n" sklearn "$(field 20ng.sklearn 1)" "$(field 20ng.sklearn 2)" "$(field 20ng.sklearn 3)" "$(json 20ng.sklearn accuracy)" "$(json 20ng.sklearn macro_f1)"
    echo "sklearn fit alone (its fit_seconds, no CSV read): $(json 20ng.sklearn fit_seconds) s"
    echo "ratio stancekit/sklearn: train wall $(ratio "$(field 20ng.sk-train 1)" "$(field 20ng.sklearn 1)")x (against fit alone $(ratio "$(field 20ng.sk-train 1)" "$(json 20ng.sklearn fit_seconds)")x), train cpu $(ratio "$(field 20ng.sk-train 2)" "$(field 20ng.sklearn 2)")x, peak RSS $(ratio "$(field 20ng.sk-train 3)" "$(field 20ng.sklearn 3)")x"
}

# The stance feature set on long documents, same settings on both sides:
# word 1-2 + char_wb 2-5, min_df 1, C = 10, balanced. Heavy: about 2.6M
# features, 13 GB peak on either side, minutes of scikit-learn time.
ng20_wc() {
    ng20_split || return 0
    compare 20ng-wc "$WORK/20ng-train.csv" "$WORK/20ng-test.csv" topic \
        "--text text --task stance --word-ngrams 1,2 --char-ngrams 2,5 --c 10 --class-weight balanced" ""
}

case $WHAT in
    synthetic) synthetic ;;
    dse) dse ;;
    20ng) ng20 ;;
    20ng-wc) ng20_wc ;;
    all) synthetic; dse; ng20 ;;
    *) echo "usage: $0 [synthetic|dse|20ng|20ng-wc|all]" >&2; exit 2 ;;
esac
