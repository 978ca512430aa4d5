#!/usr/bin/python3
"""PostgreSQL full-text side of the search benchmark (Debian's python3-psycopg2; run with /usr/bin/python3).

  pgfts_bench.py --corpus PATH.jsonl --queries PATH.jsonl [--top_k 10] --dsn DSN

(Re)creates table docs(id, title, body, tsv) where tsv is a stored generated
column setweight(to_tsvector('english', title), 'A') || to_tsvector('english', body),
COPYs the corpus in (copy_expert, COPY text format), builds a GIN index on
tsv and ANALYZEs. Then runs every query once, after 20 warm-up queries, as an
OR of the query's lexemes ranked by ts_rank:
  SELECT id FROM docs, (SELECT replace(plainto_tsquery('english', $1)::text, '&', '|')::tsquery AS q) x
  WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT $2
Prints one JSON line:
  {"engine":"pg","docs":N,"build_seconds":x,"index_mb":x,
   "p50_ms":x,"p99_ms":x,"mean_ms":x,"queries":N}
build_seconds: COPY (tsvectors computed during it) + CREATE INDEX + ANALYZE;
the JSONL is converted to COPY format in a temporary file beforehand, untimed.
index_mb: pg_total_relation_size('docs') (heap with the text, TOAST, GIN), MiB;
the parts go to stderr. Query times: client-side wall time (time.perf_counter)
of execute + fetchall over the DSN's connection, with
max_parallel_workers_per_gather = 0 (one backend per query, no parallel workers).
"""

import argparse
import json
import os
import sys
import tempfile
import time

from bench_common import read_jsonl, report, time_queries, warm_up

import psycopg2

TABLE = "docs"

SEARCH_SQL = (
    "SELECT id FROM docs,"
    " (SELECT replace(plainto_tsquery('english', %s)::text, '&', '|')::tsquery AS q) x"
    " WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT %s"
)


def copy_field(s):
    """A value in PostgreSQL's COPY text format."""
    return (s.replace("\x00", "").replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--top_k", type=int, default=10)
    ap.add_argument("--dsn", required=True, help='libpq DSN, e.g. "host=/tmp/x/pg port=5432 user=postgres dbname=postgres"')
    ap.add_argument("--maintenance_work_mem", default="256MB", help="for the GIN build (default 256MB)")
    ap.add_argument("--keep", action="store_true", help="leave the table in place afterwards")
    args = ap.parse_args()

    # The corpus as a COPY stream, written before the clock starts.
    docs = 0
    stream = tempfile.TemporaryFile(mode="w+", encoding="utf-8", prefix="pgfts-copy-")
    for d in read_jsonl(args.corpus):
        stream.write("%s\t%s\t%s\n" % (copy_field(str(d["_id"])), copy_field(d.get("title") or ""),
                                       copy_field(d.get("text") or "")))
        docs += 1
    stream.flush()
    stream.seek(0)
    queries = [q["text"] for q in read_jsonl(args.queries)]

    conn = psycopg2.connect(args.dsn)
    cur = conn.cursor()
    cur.execute("SET maintenance_work_mem = %s", (args.maintenance_work_mem,))
    cur.execute("DROP TABLE IF EXISTS " + TABLE)
    cur.execute(
        "CREATE TABLE " + TABLE + " (id text, title text, body text, tsv tsvector GENERATED ALWAYS AS"
        " (setweight(to_tsvector('english', coalesce(title, '')), 'A')"
        " || to_tsvector('english', coalesce(body, ''))) STORED)")
    conn.commit()

    clock = time.perf_counter
    t0 = clock()
    cur.copy_expert("COPY " + TABLE + " (id, title, body) FROM STDIN", stream, size=1 << 20)
    conn.commit()
    t_copy = clock()
    cur.execute("CREATE INDEX docs_tsv_gin ON " + TABLE + " USING gin (tsv)")
    conn.commit()
    t_index = clock()
    cur.execute("ANALYZE " + TABLE)
    conn.commit()
    t_end = clock()
    stream.close()
    build = t_end - t0

    cur.execute("SELECT pg_total_relation_size(%s), pg_relation_size(%s), pg_relation_size(%s),"
                " count(*) FROM " + TABLE, (TABLE, TABLE, "docs_tsv_gin"))
    total_bytes, heap_bytes, gin_bytes, rows = cur.fetchone()
    conn.commit()
    mib = 1024.0 * 1024.0
    print("pgfts_bench: %d rows; copy %.1f s, gin %.1f s, analyze %.1f s; total %.1f MiB"
          " (heap %.1f, gin %.1f, toast+other %.1f)"
          % (rows, t_copy - t0, t_index - t_copy, t_end - t_index, total_bytes / mib,
             heap_bytes / mib, gin_bytes / mib, (total_bytes - heap_bytes - gin_bytes) / mib),
          file=sys.stderr)

    conn.autocommit = True  # each query its own statement, no open transaction
    # Single-threaded, like the other engines: no parallel workers for a query.
    cur.execute("SET max_parallel_workers_per_gather = 0")

    def search(text):
        cur.execute(SEARCH_SQL, (text, args.top_k))
        return cur.fetchall()

    warm_up(search, queries)
    times = time_queries(search, queries)

    if not args.keep:
        cur.execute("DROP TABLE " + TABLE)
    conn.close()

    report("pg", docs, build, total_bytes / mib, times)


if __name__ == "__main__":
    main()
