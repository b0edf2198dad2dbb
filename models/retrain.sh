#!/usr/bin/env bash
# Retrain the default models embedded in the binary from the bundled data.
# Run from the repository root after changing datasets/ or feature code:
#   bash models/retrain.sh
# tests/defaults.rs checks that these exact commands reproduce the
# committed files byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/stancekit
"$bin" train --data datasets/stance/train.csv --text text --holder holder \
    --target target --label stance --topics datasets/stance/topics.tsv \
    --model models/stance-default.json
# The embedded topic model labels single sentences in article mode, where its
# probabilities are compared with fixed thresholds (src/article.rs,
# TOPIC_MODEL_MIN): it keeps the smoother C = 10, unweighted fit those were
# set for. (The topic defaults for documents are C = 100, balanced.)
"$bin" train --data datasets/topics/train.csv --text text --label topic \
    --c 10 --class-weight none --model models/topic-default.json
# The binary embeds the models: rebuild so it carries the new ones.
cargo build --release --quiet
