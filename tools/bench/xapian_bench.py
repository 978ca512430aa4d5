#!/usr/bin/python3
"""Xapian side of the search benchmark (Debian's python3-xapian; run with /usr/bin/python3).

  xapian_bench.py --corpus PATH.jsonl --queries PATH.jsonl [--top_k 10] [--stopwords]

Indexes title + text of a BEIR corpus into an on-disk Xapian database in a
temporary folder (TermGenerator, English stemmer, STEM_SOME; with
--stopwords a SimpleStopper with the Snowball English list, STOP_ALL),
commits, then runs every query once (QueryParser, same stemmer and stopper,
default op OR, FLAG_DEFAULT, BM25Weight) for the top_k docs, after 20
warm-up queries. Prints one JSON line:
  {"engine":"xapian","docs":N,"build_seconds":x,"index_mb":x,
   "p50_ms":x,"p99_ms":x,"mean_ms":x,"queries":N}
build_seconds: indexing + commit, excluding reading and parsing the JSONL.
index_mb: size on disk of the database folder, MiB. Query times: wall time
(time.perf_counter) of parse_query + get_mset + reading the doc ids.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from bench_common import read_jsonl, report, time_queries, warm_up

import xapian

# Snowball's English stop word list (snowballstem.org/algorithms/english/stop.txt).
ENGLISH_STOP_WORDS = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom this
that these those am is are was were be been being have has had having do does did doing would
should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd
he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't
haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't
let's that's who's what's here's there's when's where's why's how's a an the and but if or
because as until while of at by for with about against between into through during before
after above below to from up down in out on off over under again further then once here there
when where why how all any both each few more most other some such no nor not only own same so
than too very
""".split()



def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--top_k", type=int, default=10)
    ap.add_argument("--stopwords", action="store_true", help="drop Snowball English stop words")
    ap.add_argument("--tmpdir", default=None, help="where to create the database (default: $TMPDIR or /tmp)")
    args = ap.parse_args()

    stemmer = xapian.Stem("english")
    stopper = None
    if args.stopwords:
        stopper = xapian.SimpleStopper()
        for w in ENGLISH_STOP_WORDS:
            stopper.add(w)

    workdir = tempfile.mkdtemp(prefix="xapian-bench-", dir=args.tmpdir)
    try:
        dbpath = os.path.join(workdir, "db")
        db = xapian.WritableDatabase(dbpath, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(stemmer)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        if stopper is not None:
            tg.set_stopper(stopper)
            tg.set_stopper_strategy(xapian.TermGenerator.STOP_ALL)

        build = 0.0
        docs = 0
        clock = time.perf_counter
        for d in read_jsonl(args.corpus):
            doc_id, title, text = str(d["_id"]), d.get("title") or "", d.get("text") or ""
            t0 = clock()
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(title)
            tg.increase_termpos()
            tg.index_text(text)
            doc.set_data(doc_id)
            db.add_document(doc)
            build += clock() - t0
            docs += 1
        t0 = clock()
        db.commit()
        db.close()
        build += clock() - t0
        index_mb = dir_bytes(dbpath) / (1024.0 * 1024.0)

        queries = [q["text"] for q in read_jsonl(args.queries)]
        rdb = xapian.Database(dbpath)
        enquire = xapian.Enquire(rdb)
        enquire.set_weighting_scheme(xapian.BM25Weight())
        qp = xapian.QueryParser()
        qp.set_stemmer(stemmer)
        qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        if stopper is not None:
            qp.set_stopper(stopper)
        qp.set_database(rdb)
        qp.set_default_op(xapian.Query.OP_OR)

        parse_errors = [0]

        def search(text):
            try:
                query = qp.parse_query(text, xapian.QueryParser.FLAG_DEFAULT)
            except xapian.QueryParserError:
                parse_errors[0] += 1
                query = qp.parse_query(text, 0)
            enquire.set_query(query)
            mset = enquire.get_mset(0, args.top_k)
            return [m.document.get_data() for m in mset]

        warm_up(search, queries)
        parse_errors[0] = 0  # count the timed pass only
        times = time_queries(search, queries)
        rdb.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    if parse_errors[0]:
        print("xapian_bench: %d queries failed FLAG_DEFAULT parsing; ran with flags 0"
              % parse_errors[0], file=sys.stderr)
    report("xapian", docs, build, index_mb, times)


if __name__ == "__main__":
    main()
