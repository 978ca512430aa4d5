#!/usr/bin/python3
"""nDCG@10, Recall@100 and MRR@10 of Xapian BM25 on a BEIR data set, with the
same definitions as medbrief-beir-eval, as a reference on the same split.

  xapian_beir_eval.py --corpus corpus.jsonl --queries queries.jsonl --qrels qrels.tsv [--stopwords]
"""
import argparse
import json
import math
import shutil
import tempfile

import xapian

STOPWORDS = """a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he
her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other ought our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself yourselves""".split()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--qrels", required=True)
    p.add_argument("--stopwords", action="store_true")
    a = p.parse_args()
    stemmer = xapian.Stem("english")
    stopper = xapian.SimpleStopper()
    for w in STOPWORDS:
        stopper.add(w)
    path = tempfile.mkdtemp(prefix="xapian-eval.")
    try:
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(stemmer)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        if a.stopwords:
            tg.set_stopper(stopper)
        with open(a.corpus) as f:
            for line in f:
                d = json.loads(line)
                doc = xapian.Document()
                tg.set_document(doc)
                tg.index_text(d.get("title", ""))
                tg.increase_termpos()
                tg.index_text(d["text"])
                doc.set_data(str(d["_id"]))
                db.add_document(doc)
        db.commit()
        qrels = {}
        with open(a.qrels) as f:
            next(f)
            for line in f:
                q, doc, score = line.rstrip("\n").split("\t")[:3]
                if int(score) > 0:
                    qrels.setdefault(q, {})[doc] = int(score)
        enquire = xapian.Enquire(db)
        enquire.set_weighting_scheme(xapian.BM25Weight())
        qp = xapian.QueryParser()
        qp.set_stemmer(stemmer)
        qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        qp.set_default_op(xapian.Query.OP_OR)
        if a.stopwords:
            qp.set_stopper(stopper)
        ndcg = recall = mrr = 0.0
        n = 0
        with open(a.queries) as f:
            for line in f:
                q = json.loads(line)
                rel = qrels.get(str(q["_id"]))
                if not rel:
                    continue
                n += 1
                enquire.set_query(qp.parse_query(q["text"], xapian.QueryParser.FLAG_DEFAULT))
                ranking = [m.document.get_data().decode() for m in enquire.get_mset(0, 100)]
                gains = sorted(rel.values(), reverse=True)
                idcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:10]))
                dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
                ndcg += dcg / idcg
                recall += sum(1 for d in ranking[:100] if d in rel) / len(rel)
                mrr += next((1 / (i + 1) for i, d in enumerate(ranking[:10]) if d in rel), 0.0)
        print(json.dumps({"engine": "xapian", "queries": n, "ndcg@10": round(ndcg / n, 4),
                          "recall@100": round(recall / n, 4), "mrr@10": round(mrr / n, 4),
                          "stopwords": a.stopwords}))
    finally:
        shutil.rmtree(path)


if __name__ == "__main__":
    main()
