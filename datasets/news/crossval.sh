#!/usr/bin/env bash
# The article reading measured out of sample on the corpus's own articles:
# 5 folds by article (`stancekit data folds`); for each, the default stance
# model's recipe (models/retrain.sh: corpus rows + authored rows, 9,000
# n-grams, C = 30, --holder-roles) trained without the fold's articles,
# then `stancekit evaluate --articles` on the fold's derived gold labels.
# Prints each fold's table and the pooled figures. Run from anywhere:
#   bash datasets/news/crossval.sh [extra train flags]
# WORK=DIR keeps the folds, models and texts there; EVAL_ARGS adds flags to
# evaluate (e.g. EVAL_ARGS="--min-polar 0.15"). Needs ../shared/datasets.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cargo build --release --quiet
bin=$root/${CARGO_TARGET_DIR:-target}/release/stancekit
corpus_dir=${CORPUS_DIR:-../shared/datasets}
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
"$bin" data folds --folds 5 -o "$work"
for d in "$work"/fold-*; do
    "$bin" data resolve --standoff "$d/train-standoff.csv" --corpus-dir "$corpus_dir" \
        --append datasets/stance/train.csv -o "$d/train.csv" 2>/dev/null
    (cd "$d" && "$bin" train -q --data train.csv --text text --holder holder \
        --target target --label stance --topics "$root/datasets/stance/inventory.tsv" \
        --max-features 9000 --c 30 --holder-roles --no-name-pairs "$@" --model model.json)
    "$bin" data articles --gold "$d/gold.csv" --corpus-dir "$corpus_dir" -o "$d/texts" 2>/dev/null
    # shellcheck disable=SC2086
    "$bin" evaluate --model "$d/model.json" --articles "$d/gold.csv" --texts "$d/texts" \
        ${EVAL_ARGS:-} | tee "$d/scores.txt"
done
# Pool the folds' counts: a row per source and one for all.
cat "$work"/fold-*/scores.txt | awk '
    NF == 7 && $2 ~ /^[0-9]+$/ { tp[$1] += $2; fp[$1] += $3; fn[$1] += $4 }
    END {
        print "\npooled over 5 folds (article-level, derived gold)"
        printf "%-10s %6s %6s %6s %9s %9s %9s\n", "source", "tp", "fp", "fn", "precision", "recall", "f1"
        n = split("bbc fnc1 reuters all", order, " ")
        for (i = 1; i <= n; i++) {
            s = order[i]; if (!(s in tp)) continue
            p = tp[s] / (tp[s] + fp[s]); r = tp[s] / (tp[s] + fn[s])
            printf "%-10s %6d %6d %6d %9.1f %9.1f %9.1f\n", s, tp[s], fp[s], fn[s], 100 * p, 100 * r, 200 * tp[s] / (2 * tp[s] + fp[s] + fn[s])
        }
    }'
