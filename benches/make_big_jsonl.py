#!/usr/bin/env python3
# make_big_jsonl.py SRC.csv OUT.jsonl GB: JSON Lines rows {"text", "target"} of ~1.5 KB,
# each the concatenation of 16 synthetic rows' texts, repeated until GB gigabytes.
import csv, json, sys
src, out, gb = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = list(csv.DictReader(open(src, newline="")))
limit = int(gb * 1e9)
n = 0
with open(out, "w") as f:
    i = 0
    while n < limit:
        chunk = rows[i % len(rows): i % len(rows) + 16]
        i += 16
        if len(chunk) < 16:
            continue
        line = json.dumps({"id": i // 16, "target": chunk[0]["target"], "text": " ".join(r["text"] for r in chunk)}) + "\n"
        f.write(line)
        n += len(line)
print(n, i // 16)
