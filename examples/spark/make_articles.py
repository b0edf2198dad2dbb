"""Write a deterministic JSON Lines test archive for the Spark example.

Each line is one article {"id", "text", "date"} built from text written for
this project: the bundled example articles (datasets/examples/*.txt) and
sentences of the authored stance set (datasets/stance/train.csv), shuffled
with a fixed seed. Every 500th line is broken JSON, and three more lines are
bad in other ways (no text key, a bad date, not an object), so the
bad-line path is exercised.

    python3 make_articles.py REPO_ROOT N OUT.jsonl
"""

import csv
import glob
import json
import os
import random
import sys

DATES = ["", "2014-09-10", "2017-03-01", "2020", "2023-06"]


def main() -> None:
    root, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(21)
    examples = []
    for path in sorted(glob.glob(os.path.join(root, "datasets/examples/*.txt"))):
        with open(path, encoding="utf-8") as f:
            examples.append(f.read())
    with open(os.path.join(root, "datasets/stance/train.csv"), encoding="utf-8", newline="") as f:
        sentences = sorted({row["text"] for row in csv.DictReader(f)})
    with open(out, "w", encoding="utf-8") as f:
        for n in range(1, count + 1):
            ident = f"g{n:05d}"
            if n % 10 == 3:
                text = examples[rng.randrange(len(examples))]
            else:
                paragraphs = []
                for _ in range(rng.randint(1, 3)):
                    paragraphs.append(" ".join(rng.sample(sentences, rng.randint(2, 6))))
                text = "\n\n".join(paragraphs)
            line = json.dumps({"id": ident, "text": text, "date": DATES[n % len(DATES)]})
            if n % 500 == 0:
                line = line[: len(line) // 2]  # broken JSON: cut in the middle
            elif n == 1234:
                line = json.dumps({"id": ident, "body": text, "date": ""})  # no text key
            elif n == 2345:
                line = json.dumps({"id": ident, "text": text, "date": "2017-13-45"})  # bad date
            elif n == 2890:
                line = json.dumps([ident, text])  # not an object
            f.write(line + "\n")


if __name__ == "__main__":
    main()
