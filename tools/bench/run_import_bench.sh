#!/usr/bin/env bash
# Import throughput and index build from PostgreSQL, end to end: a throwaway
# PostgreSQL, the content service, a JSONL corpus streamed through
# ImportSources by medbrief-cli; then the service is restarted to rebuild its
# index from the database. Prints the import rate, the CPU time of the
# service, and the log line of the rebuild (seconds, memory_mb, text_mb,
# process_rss_mb).
#   tools/bench/run_import_bench.sh CORPUS.jsonl [WORKDIR]
# Build first (tools/build.sh). The corpus: tools/bench/gen_corpus.py.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:?usage: $0 CORPUS.jsonl [WORKDIR]}
work=${2:-/tmp/medbrief-import-bench}
bin=${MEDBRIEF_BUILD_DIR:-$root/build}
listen=127.0.0.1:50281

rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"
dsn=$("$root/tools/pgtmp" start "$work/pg")
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  "$root/tools/pgtmp" stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start() {
  MEDBRIEF_AUTH=off MEDBRIEF_LISTEN=$listen MEDBRIEF_DB_DSN="$dsn" \
    "$bin/services/content/medbrief-content" >>"$work/content.log" 2>&1 &
  pid=$!
  "$bin/tools/medbrief-cli" wait "$listen" 900 >/dev/null
}

start
begin=$(date +%s.%N)
"$bin/tools/medbrief-cli" import "$listen" jsonl "$corpus" | tail -n 1
end=$(date +%s.%N)
echo "import: $(echo "$end - $begin" | bc) s wall; content service CPU $(awk '{print ($14 + $15) / 100}' "/proc/$pid/stat") s"
kill "$pid"
wait "$pid" || true

start
grep '"search index built"' "$work/content.log" | tail -n 1
