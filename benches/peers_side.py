#!/usr/bin/env python3
"""Peer side of benches/vs_peers.sh: scikit-learn and fastText on the same
files, with the same features as stancekit's stance default (word 1-2 grams +
char_wb 2-5 grams, sublinear TF, each part L2-normalized, stacked as a
FeatureUnion) and the same logistic settings (C, class weights).

    peers_side.py sk TRAIN TEST --text T --label L [--prefix a,b] [--C 10] [--balanced]
                  [--big BIG.csv] [--limit N]
    peers_side.py ft TRAIN TEST --text T --label L [--prefix a,b] [--big BIG.csv]

Columns named by --prefix are put in front of the text ("a ||| b ||| text"),
which is how a peer sees a target or holder. Prints one JSON line: fit
seconds, test accuracy and macro F1, and with --big the vectorize+predict
throughput over BIG (reading excluded, timed separately), in docs/s and MB/s
(10^6 bytes of UTF-8 text). Peak RSS is measured outside, by /usr/bin/time.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np
import pandas as pd

SEP = " ||| "


def load(path, args):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    text = df[args.text].tolist()
    if args.prefix:
        cols = [df[c].tolist() for c in args.prefix.split(",")]
        text = [SEP.join(list(p) + [x]) for *p, x in zip(*cols, text)]
    y = df[args.label].to_numpy(dtype=object) if args.label in df.columns else None
    return text, y


def scores(y, pred):
    from sklearn.metrics import accuracy_score, f1_score
    return {
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
    }


def throughput(args, predict):
    if not args.big:
        return {}
    t0 = time.perf_counter()
    texts, _ = load(args.big, argparse.Namespace(**{**vars(args), "label": "\0"}))
    if args.limit:
        texts = texts[: args.limit]
    read_s = time.perf_counter() - t0
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    t0, c0 = time.perf_counter(), time.process_time()
    for s in range(0, len(texts), 10000):
        predict(texts[s: s + 10000])
    sec = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {
        "big_docs": len(texts),
        "big_mb": round(n_bytes / 1e6, 2),
        "big_read_s": round(read_s, 3),
        "big_predict_s": round(sec, 3),
        "big_predict_cpu_s": round(cpu, 3),
        "docs_per_s": round(len(texts) / sec, 1),
        "mb_per_s": round(n_bytes / 1e6 / sec, 3),
        # CPU seconds are the steadier basis on a shared machine.
        "docs_per_cpu_s": round(len(texts) / cpu, 1),
        "mb_per_cpu_s": round(n_bytes / 1e6 / cpu, 3),
    }


def run_sk(args):
    from threadpoolctl import threadpool_limits
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    threadpool_limits(limits=1)
    x_tr, y_tr = load(args.train, args)
    x_te, y_te = load(args.test, args)
    model = Pipeline([
        ("features", FeatureUnion([
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=args.min_df,
                                     dtype=np.float32)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                     min_df=args.min_df, dtype=np.float32)),
        ])),
        ("clf", LogisticRegression(C=args.C, max_iter=args.max_iter,
                                   class_weight="balanced" if args.balanced else None)),
    ])
    t0 = time.perf_counter()
    model.fit(x_tr, y_tr)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = model.predict(x_te)
    pred_s = time.perf_counter() - t0
    n_feat = sum(len(v.vocabulary_) for _, v in model.named_steps["features"].transformer_list)
    rec = {"tool": "sklearn", "fit_s": round(fit_s, 3), "test_predict_s": round(pred_s, 3),
           "n_features": n_feat, **scores(y_te, pred)}
    rec.update(throughput(args, model.predict))
    print(json.dumps(rec), flush=True)


def run_ft(args):
    import fasttext
    sys.path.insert(0, args.peers)
    from ft_baseline import preprocess

    x_tr, y_tr = load(args.train, args)
    x_te, y_te = load(args.test, args)
    labels = sorted(set(y_tr))
    t0 = time.perf_counter()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", dir="/tmp", delete=False) as f:
        for x, y in zip(preprocess(x_tr, False), y_tr):
            f.write(f"__label__{labels.index(y)} {x}\n")
    try:
        model = fasttext.train_supervised(input=f.name, wordNgrams=2, epoch=25, lr=0.5, dim=100,
                                          minCount=1, bucket=2000000, loss="softmax", thread=1,
                                          seed=0, verbose=0)
    finally:
        os.unlink(f.name)
    fit_s = time.perf_counter() - t0

    def predict(texts):
        got, _ = model.predict(preprocess(texts, False), k=1)
        return np.array([labels[int(g[0][len("__label__"):])] for g in got], dtype=object)

    t0 = time.perf_counter()
    pred = predict(x_te)
    pred_s = time.perf_counter() - t0
    rec = {"tool": "fasttext", "fit_s": round(fit_s, 3), "test_predict_s": round(pred_s, 3),
           "n_features": len(model.words), **scores(y_te, pred)}
    rec.update(throughput(args, predict))
    print(json.dumps(rec), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool", choices=["sk", "ft"])
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--text", default="text")
    ap.add_argument("--label", default="label")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--C", type=float, default=10.0)
    ap.add_argument("--balanced", action="store_true")
    ap.add_argument("--min-df", type=int, default=1)
    ap.add_argument("--max-iter", type=int, default=500)
    ap.add_argument("--big", default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--peers", default=os.environ.get("PEERS", "../shared/peers"))
    args = ap.parse_args()
    run_sk(args) if args.tool == "sk" else run_ft(args)


if __name__ == "__main__":
    main()
