"""What the Python engine benchmarks share: reading BEIR JSONL, timing the
queries the way medbrief-search-bench does (20 warm-up queries, then one
timed pass, client-side wall time) and printing the same JSON line."""

import json
import time

WARMUP = 20


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def percentile(sorted_values, p):
    """Nearest rank, t[min(n-1, floor(p/100*n))], as medbrief-search-bench computes it."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


def warm_up(search, queries):
    for q in queries[:WARMUP]:
        search(q)


def time_queries(search, queries):
    """Milliseconds per query, sorted."""
    times = []
    for q in queries:
        t0 = time.perf_counter()
        search(q)
        times.append((time.perf_counter() - t0) * 1000.0)
    times.sort()
    return times


def report(engine, docs, build_seconds, index_mb, times):
    print(json.dumps({
        "engine": engine,
        "docs": docs,
        "build_seconds": round(build_seconds, 3),
        "index_mb": round(index_mb, 1),
        "p50_ms": round(percentile(times, 50), 3),
        "p99_ms": round(percentile(times, 99), 3),
        "mean_ms": round(sum(times) / len(times), 3) if times else 0.0,
        "queries": len(times),
    }, separators=(",", ":")))
