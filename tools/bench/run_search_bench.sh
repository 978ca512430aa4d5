#!/usr/bin/env bash
# Search speed benchmark (issue #3): medbrief's in-memory BM25 engine vs
# Xapian vs PostgreSQL full-text search, on the same corpora in one run.
#
#   tools/bench/run_search_bench.sh [--passages N] [--skip-medbrief] [--skip-xapian] [--skip-pg]
#                                   [--results PATH]
#
# Corpora (written to a temporary folder, removed on exit): SciFact as is
# (5,183 abstracts), and N passages generated from SciFact's sentences
# (default 1,000,000). Queries: SciFact's training queries. Every engine runs
# on every corpus, one after another (never two at once), top 10.
# Prints a markdown table; the raw JSON lines (one per engine and corpus,
# with a "corpus" field added) go to the results file it names
# (default build/bench-results/search-<time>.jsonl).
#
# Needs build/tools/bench/medbrief-search-bench (tools/build.sh) unless
# --skip-medbrief; installs python3-xapian and python3-psycopg2 via
# tools/setup-debian.sh --bench. Set MEDBRIEF_SCIFACT to use another SciFact
# folder, MEDBRIEF_BUILD_DIR for another build folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bench=$root/tools/bench
build=${MEDBRIEF_BUILD_DIR:-$root/build}
scifact=${MEDBRIEF_SCIFACT:-$root/../shared/data/scifact}
py=/usr/bin/python3  # Debian's: python3-xapian and python3-psycopg2 live there
top_k=10

passages=1000000
run_medbrief=1 run_xapian=1 run_pg=1
results=
usage() { sed -n '5,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --passages) [[ $# -ge 2 && $2 =~ ^[0-9]+$ && $2 -gt 0 ]] || usage; passages=$2; shift 2 ;;
    --skip-medbrief) run_medbrief=0; shift ;;
    --skip-xapian) run_xapian=0; shift ;;
    --skip-pg) run_pg=0; shift ;;
    --results) [[ $# -ge 2 ]] || usage; results=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run_search_bench: unknown argument $1" >&2; usage ;;
  esac
done

binary=$build/tools/bench/medbrief-search-bench
if [[ $run_medbrief == 1 && ! -x $binary ]]; then
  echo "run_search_bench: $binary not found: run tools/build.sh first (or pass --skip-medbrief)" >&2
  exit 1
fi
for f in corpus.jsonl queries-train.jsonl; do
  [[ -f $scifact/$f ]] || { echo "run_search_bench: $scifact/$f not found (set MEDBRIEF_SCIFACT)" >&2; exit 1; }
done
queries=$scifact/queries-train.jsonl

"$root/tools/setup-debian.sh" --bench

if [[ -z $results ]]; then
  mkdir -p "$build/bench-results"
  results=$build/bench-results/search-$(date +%Y%m%d-%H%M%S).jsonl
fi
: >"$results"

# The temporary folder: world-readable, since as root the throwaway
# PostgreSQL runs as `postgres` and needs to reach its folder inside it.
work=$(mktemp -d /tmp/medbrief-search-bench.XXXXXX)
chmod 755 "$work"
pg_started=0
cleanup() {
  if [[ $pg_started == 1 ]]; then "$root/tools/pgtmp" stop "$work/pg" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "run_search_bench: $*" >&2; }

log "corpora in $work"
"$py" "$bench/gen_corpus.py" --scifact "$scifact" --scifact-as-is --out "$work/scifact.jsonl"
"$py" "$bench/gen_corpus.py" --scifact "$scifact" --passages "$passages" --out "$work/generated.jsonl"
corpora=("scifact:$work/scifact.jsonl" "generated-$passages:$work/generated.jsonl")

dsn=
if [[ $run_pg == 1 ]]; then
  pg_started=1
  dsn=$("$root/tools/pgtmp" start "$work/pg")
  log "PostgreSQL at $dsn"
fi

failed=0
# run_engine CORPUS_LABEL ENGINE COMMAND...: appends the command's JSON line,
# with "corpus" added, to the results file.
run_engine() {
  local label=$1 engine=$2; shift 2
  log "$label / $engine ..."
  local out start=$SECONDS
  if ! out=$("$@"); then
    log "$label / $engine FAILED"
    failed=1
    return 0
  fi
  local line
  line=$(grep '^{' <<<"$out" | tail -n 1 || true)
  if [[ -z $line ]]; then
    log "$label / $engine printed no JSON line"
    failed=1
    return 0
  fi
  "$py" -c 'import json, sys; d = json.loads(sys.argv[2]); print(json.dumps({"corpus": sys.argv[1], **d}, separators=(",", ":")))' \
    "$label" "$line" >>"$results"
  log "$label / $engine done in $((SECONDS - start)) s: $line"
}

for entry in "${corpora[@]}"; do
  label=${entry%%:*} corpus=${entry#*:}
  if [[ $run_medbrief == 1 ]]; then
    run_engine "$label" medbrief "$binary" --corpus "$corpus" --queries "$queries" --top_k "$top_k"
  fi
  if [[ $run_xapian == 1 ]]; then
    # Stop words dropped, as medbrief's analyzer and PostgreSQL's 'english' do.
    run_engine "$label" xapian "$py" "$bench/xapian_bench.py" --corpus "$corpus" --queries "$queries" \
      --top_k "$top_k" --stopwords --tmpdir "$work"
  fi
  if [[ $run_pg == 1 ]]; then
    run_engine "$label" pg "$py" "$bench/pgfts_bench.py" --corpus "$corpus" --queries "$queries" \
      --top_k "$top_k" --dsn "$dsn"
  fi
done

"$py" - "$results" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
base = {r["corpus"]: r["p50_ms"] for r in rows if r["engine"] == "medbrief"}
print("| corpus | engine | docs | build s | index MB | p50 ms | p99 ms | p50 / medbrief p50 |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    b = base.get(r["corpus"])
    ratio = "%.2f" % (r["p50_ms"] / b) if b else "n/a"
    print("| %s | %s | %d | %.2f | %.1f | %.3f | %.3f | %s |" % (
        r["corpus"], r["engine"], r["docs"], r["build_seconds"], r["index_mb"],
        r["p50_ms"], r["p99_ms"], ratio))
EOF
echo
echo "raw results: $results"
exit $failed
