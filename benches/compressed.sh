#!/usr/bin/env bash
# Compressed JSON Lines in article mode: the same articles as .jsonl,
# .jsonl.gz and .jsonl.zst (`predict --data F --as-articles --id id`), run
# alternately, to show that a compressed input streams (peak RSS does not
# grow with the file) and what the decompression costs.
#
#   bash benches/compressed.sh
#
# Settings (environment):
#   MB=200      size of the JSON Lines file in 10^6 bytes (the bundled
#               example articles, datasets/examples/*.txt, repeated with
#               distinct ids)
#   REPEAT=2    runs per input; each figure is their median
#   WORK=/tmp/stancekit-compressed-bench   scratch
#   BIN=target/release/stancekit (built when missing)
#
# Prints per input: file MB, wall s, CPU s, MB/s of uncompressed JSON
# (wall) and per CPU second, peak RSS MB; and whether the outputs match.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
MB=${MB:-200}
REPEAT=${REPEAT:-2}
WORK=${WORK:-/tmp/stancekit-compressed-bench}
BIN=${BIN:-$ROOT/target/release/stancekit}
mkdir -p "$WORK"
[ -x "$BIN" ] || (cd "$ROOT" && cargo build --release -q)
IN=$WORK/articles-$MB.jsonl
if [ ! -s "$IN" ]; then
    python3 - "$ROOT/datasets/examples" "$MB" >"$IN" <<'PY'
import json, pathlib, sys
texts = [p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
limit, size, k = int(sys.argv[2]) * 10**6, 0, 0
while size < limit:
    line = json.dumps({"id": f"a{k}", "text": texts[k % len(texts)]}) + "\n"
    sys.stdout.write(line)
    size += len(line.encode())
    k += 1
PY
    gzip -6 -k -c "$IN" >"$IN.gz"
    zstd -q -3 -c "$IN" >"$IN.zst"
fi
bytes=$(stat -c %s "$IN")
declare -A walls cpus rss
for r in $(seq "$REPEAT"); do
    for kind in plain gz zst; do
        ext=${kind/plain/}; ext=${ext:+.$ext}
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" \
            "$BIN" predict --data "$IN$ext" --as-articles --id id -q -o "$WORK/out-$kind.csv"
        read -r wall user sys kb <"$WORK/time"
        walls[$kind]+="$wall "
        cpus[$kind]+="$(echo "$user + $sys" | bc) "
        rss[$kind]+="$((kb / 1024)) "
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "%-10s %9s %7s %7s %12s %16s %8s\n" input file_MB wall_s cpu_s MB/s_wall MB/s_per_cpu_s rss_MB
for kind in plain gz zst; do
    ext=${kind/plain/}; ext=${ext:+.$ext}
    w=$(echo "${walls[$kind]}" | median)
    c=$(echo "${cpus[$kind]}" | median)
    m=$(echo "${rss[$kind]}" | median)
    awk -v n="jsonl$ext" -v f="$(stat -c %s "$IN$ext")" -v b="$bytes" -v w="$w" -v c="$c" -v m="$m" \
        'BEGIN { printf "%-10s %9.2f %7.2f %7.2f %12.2f %16.2f %8d\n", n, f / 1e6, w, c, b / 1e6 / w, b / 1e6 / c, m }'

done
cmp -s "$WORK/out-plain.csv" "$WORK/out-gz.csv" && cmp -s "$WORK/out-plain.csv" "$WORK/out-zst.csv" \
    && echo "outputs: identical" || echo "outputs: DIFFER"
