#!/usr/bin/python3
"""Writes a BEIR-format JSONL corpus ({"_id","title","text"}) for the search benchmark.

  gen_corpus.py --scifact DIR --passages N --out PATH
      N passages generated deterministically (random.Random(20261127)) from the
      sentences of DIR/corpus.jsonl: each passage draws whole sentences at
      random until it reaches its target length (40-90 words, mean 60; the
      last sentence is cut at the target), and takes the title of the
      document its first sentence came from. Ids are "g0".."g<N-1>".
  gen_corpus.py --scifact DIR --scifact-as-is --out PATH
      DIR/corpus.jsonl unchanged (its _id, title and text; the other fields dropped).

The total text bytes (UTF-8 of title + text) go to stderr.
"""

import argparse
import json
import os
import random
import re
import sys
import time

SEED = 20261127
MIN_WORDS, MODE_WORDS, MAX_WORDS = 40, 50, 90  # triangular: mean (40+50+90)/3 = 60

# Fallback splitter when a document has no "sentences" field: split after
# ./?/! followed by whitespace and an upper-case letter, digit or bracket.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z0-9(\[])")


def read_scifact(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def as_is(corpus_path, out):
    total = docs = 0
    for doc in read_scifact(corpus_path):
        title, text = doc.get("title") or "", doc.get("text") or ""
        out.write(json.dumps({"_id": str(doc["_id"]), "title": title, "text": text}, ensure_ascii=False))
        out.write("\n")
        total += len(title.encode("utf-8")) + len(text.encode("utf-8"))
        docs += 1
    return docs, total


def generate(corpus_path, passages, out):
    titles = []     # per SciFact doc
    sentences = []  # (words, title index); words pre-split so a passage only joins
    for doc in read_scifact(corpus_path):
        title_index = len(titles)
        titles.append(doc.get("title") or "")
        sents = doc.get("sentences")
        if not sents:
            sents = _SENTENCE_END.split(doc.get("text") or "")
        for s in sents:
            words = s.split()
            if words:
                sentences.append((words, title_index))
    if not sentences:
        sys.exit("gen_corpus: no sentences in " + corpus_path)

    rng = random.Random(SEED)
    n_sent = len(sentences)
    randbelow = rng.randrange
    triangular = rng.triangular
    dumps = json.dumps
    total = 0
    buf = []
    for i in range(passages):
        target = int(round(triangular(MIN_WORDS, MAX_WORDS, MODE_WORDS)))
        words, title_index = sentences[randbelow(n_sent)]
        parts = [words]
        count = len(words)
        while count < target:
            w = sentences[randbelow(n_sent)][0]
            parts.append(w)
            count += len(w)
        if count > target:  # cut the last sentence at the target length
            parts[-1] = parts[-1][: len(parts[-1]) - (count - target)]
        text = " ".join(" ".join(p) for p in parts)
        title = titles[title_index]
        buf.append(dumps({"_id": "g%d" % i, "title": title, "text": text}, ensure_ascii=False))
        total += len(title.encode("utf-8")) + len(text.encode("utf-8"))
        if len(buf) >= 10000:
            buf.append("")
            out.write("\n".join(buf))
            buf = []
    if buf:
        buf.append("")
        out.write("\n".join(buf))
    return passages, total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scifact", required=True, help="folder holding SciFact's corpus.jsonl")
    ap.add_argument("--passages", type=int, help="number of passages to generate")
    ap.add_argument("--scifact-as-is", action="store_true", help="write SciFact's corpus unchanged")
    ap.add_argument("--out", required=True, help="output JSONL path")
    args = ap.parse_args()
    if not args.scifact_as_is and (args.passages is None or args.passages < 1):
        ap.error("--passages N (N >= 1) or --scifact-as-is is required")

    corpus_path = os.path.join(args.scifact, "corpus.jsonl")
    start = time.perf_counter()
    tmp = args.out + ".part"
    with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as out:
        if args.scifact_as_is:
            docs, total = as_is(corpus_path, out)
        else:
            docs, total = generate(corpus_path, args.passages, out)
    os.replace(tmp, args.out)
    print("gen_corpus: %d docs, %d text bytes (title+text), %.1f s -> %s"
          % (docs, total, time.perf_counter() - start, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
