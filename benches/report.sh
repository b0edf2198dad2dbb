#!/usr/bin/env bash
# `stancekit report` over the predictions of 100,000 articles: generates
# synthetic article-level rows (1 to 5 country-topic rows per article, 40
# countries, 20 topics, dates over 2010-2019, a ~150-byte evidence
# sentence each, plus url and title columns the report ignores), then
# times the table alone and the table + heatmap + timeline + HTML page.
#
#   bash benches/report.sh
#
# Settings (environment):
#   ARTICLES=100000   articles' worth of rows
#   REPEAT=3          runs of each command; each is printed
#   WORK=/tmp/stancekit-report-bench   scratch: input, outputs, time logs
#
# Prints, per run: wall seconds, CPU seconds (user + sys) and peak RSS
# (/usr/bin/time -v), and the input's size in rows and MB.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ARTICLES=${ARTICLES:-100000}
REPEAT=${REPEAT:-3}
WORK=${WORK:-/tmp/stancekit-report-bench}
BIN=$ROOT/target/release/stancekit

mkdir -p "$WORK"
(cd "$ROOT" && cargo build --release -q)

IN=$WORK/stances.csv
if [ ! -s "$IN" ] || [ "$(cat "$WORK/articles" 2>/dev/null)" != "$ARTICLES" ]; then
  awk -v n="$ARTICLES" 'BEGIN {
    srand(7);
    split("China,United States,Russia,South Korea,Japan,India,Brazil,France,Germany,United Kingdom,Canada,Australia,Mexico,Iran,Israel,Turkey,Egypt,Nigeria,South Africa,Indonesia,Pakistan,Vietnam,Philippines,Italy,Spain,Poland,Ukraine,Saudi Arabia,Argentina,Chile,Colombia,Kenya,Ethiopia,Thailand,Malaysia,Sweden,Norway,Netherlands,Belgium,Greece", C, ",");
    split("missile defense,nuclear program,nuclear deal,sanctions,tariffs,trade agreement,climate agreement,territorial dispute,human rights resolution,migration policy,pipeline projects,arms sales,peacekeeping,health emergency,cyber security,space exploration,election results,military exercises,ceasefire,foreign aid", T, ",");
    split("support,oppose,neutral,unclear", S, ",");
    print "article,date,url,title,country,country_code,topic,stance,confidence,evidence_count,evidence,evidence_start,evidence_end,article_topics";
    for (a = 1; a <= n; a++) {
      y = 2010 + int(rand() * 10); m = 1 + int(rand() * 12); d = 1 + int(rand() * 28);
      date = sprintf("%04d-%02d-%02d", y, m, d);
      k = 1 + int(rand() * 5);
      for (r = 0; r < k; r++) {
        c = C[1 + int(rand() * 40)]; t = T[1 + int(rand() * 20)]; s = S[1 + int(rand() * 4)];
        printf "a%d,%s,https://news.example/%d,Title %d,%s,XXX,%s,%s,%.4f,%d,\"Officials in %s said on %s that the government %s the %s, according to a statement released after talks.\",%d,%d,%s:0.412\n", \
          a, date, a, a, c, t, s, 0.5 + rand() / 2, 1 + int(rand() * 6), c, date, s == "oppose" ? "opposes" : "backs", t, 100 * r, 100 * r + 150, t;
      }
    }
  }' > "$IN"
  echo "$ARTICLES" > "$WORK/articles"
fi
echo "input: $(($(wc -l < "$IN") - 1)) rows, $(du -m "$IN" | cut -f1) MB, $ARTICLES articles"

run() {
  local name=$1; shift
  for i in $(seq "$REPEAT"); do
    /usr/bin/time -v "$@" > "$WORK/$name.out" 2> "$WORK/$name.time"
    awk -v name="$name" -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
      /User time/ { user = $2 } /System time/ { sys = $2 }
      /Maximum resident set size/ { rss = $2 }
      END { printf "%-22s wall %6.2f s  cpu %6.2f s  peak RSS %7d KiB (%.1f MiB)\n", name, wall, user + sys, rss, rss / 1024 }
    ' "$WORK/$name.time"
  done
}

run table "$BIN" report "$IN" -q
run "table+svg+html" "$BIN" report "$IN" -q --svg "$WORK/heat.svg" \
  --timeline-svg "$WORK/time.svg" --html "$WORK/report.html" --by year
echo "cells: $(($(wc -l < "$WORK/table+svg+html.out") - 1)); page $(du -k "$WORK/report.html" | cut -f1) KB"
