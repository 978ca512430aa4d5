#!/usr/bin/env bash
# Review workflow benchmark (issue #4): ClaimReview/Decide throughput and
# latency with concurrent gRPC clients on loopback, against the real
# medbrief-review binary and a throwaway PostgreSQL (tools/pgtmp, fsync off).
#
#   tools/bench/run_review_bench.sh [--clients 16] [--seconds 10] [--warmup 2] [--pool 16] [--contended]
#
# --pool sets the service's --db_pool_size. Prints the bench's JSON line
# (see tools/bench/review_bench.cc); the service's log goes to a temporary
# folder that is removed on exit. Needs tools/build.sh first. Set
# MEDBRIEF_BUILD_DIR for another build folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${MEDBRIEF_BUILD_DIR:-$root/build}
clients=16 seconds=10 warmup=2 pool=16 contended=()
usage() { sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --clients|--seconds|--warmup|--pool)
      [[ $# -ge 2 && $2 =~ ^[0-9.]+$ ]] || usage
      declare "${1#--}=$2"; shift 2 ;;
    --contended) contended=(--contended); shift ;;
    -h|--help) usage ;;
    *) echo "run_review_bench: unknown argument $1" >&2; usage ;;
  esac
done

service=$build/services/review/medbrief-review
bench=$build/tools/bench/medbrief-review-bench
for binary in "$service" "$bench"; do
  [[ -x $binary ]] || { echo "run_review_bench: $binary not found: run tools/build.sh first" >&2; exit 1; }
done

work=$(mktemp -d /tmp/medbrief-review-bench.XXXXXX)
chmod 755 "$work"  # the cluster runs as postgres, which must reach its folder
pid=
cleanup() {
  [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  "$root/tools/pgtmp" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dsn=$("$root/tools/pgtmp" start "$work/pg")
: >"$work/review.log"
MEDBRIEF_AUTH=off MEDBRIEF_LISTEN=127.0.0.1:0 MEDBRIEF_DB_DSN=$dsn MEDBRIEF_DB_POOL_SIZE=$pool \
  "$service" 2>"$work/review.log" &
pid=$!
port=
for _ in $(seq 1 300); do
  port=$(grep -o '"msg":"serving","port":[0-9]*' "$work/review.log" | grep -o '[0-9]*$' || true)
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "medbrief-review exited:" >&2; cat "$work/review.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "medbrief-review did not start:" >&2; cat "$work/review.log" >&2; exit 1; }

"$bench" --target "127.0.0.1:$port" --clients "$clients" --seconds "$seconds" --warmup "$warmup" "${contended[@]}"
