#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: installs what is missing, builds,
# starts a throwaway PostgreSQL and the four services on loopback, shows their
# health, loads the bundled sample corpus (tools/sample-corpus) into content
# and asks the sample question, printing the answer page. With --keep the suite stays up (Ctrl-C stops it) and the
# addresses are printed for the CLI and other clients; otherwise everything
# started here is stopped again.
#
#   tools/run-local.sh [--keep]
#   MEDBRIEF_AUDIENCE=patient tools/run-local.sh   (the answer for another audience)
#
# Local development only: authentication is off (MEDBRIEF_AUTH=off).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MEDBRIEF_BUILD_DIR:-$root/build}
keep=0
[[ ${1:-} == --keep ]] && keep=1

"$root/tools/setup-debian.sh"
build_log=$(mktemp)
"$root/tools/build.sh" >"$build_log" 2>&1 || { cat "$build_log" >&2; rm -f "$build_log"; exit 1; }
rm -f "$build_log"
cli=$build/tools/medbrief-cli

work=$(mktemp -d /tmp/medbrief-local.XXXXXX)
chmod 755 "$work"  # the cluster runs as postgres, which must reach its folder
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$root/tools/pgtmp" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dsn=$("$root/tools/pgtmp" start "$work/pg")
echo "PostgreSQL: $dsn"

export MEDBRIEF_DB_DSN=$dsn MEDBRIEF_AUTH=off MEDBRIEF_LISTEN=127.0.0.1:0

# Starts service $1 with any extra environment, waits until it reports
# SERVING, and sets addr to the host:port it chose.
start() {
  local name=$1; shift
  local log=$work/$name.log
  env "$@" "$build/services/$name/medbrief-$name" 2>"$log" &
  pids+=($!)
  local port=""
  for _ in $(seq 1 300); do
    port=$(grep -o '"msg":"serving","port":[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [[ -n $port ]] && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "medbrief-$name exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -n $port ]] || { echo "medbrief-$name did not start:" >&2; cat "$log" >&2; exit 1; }
  addr=127.0.0.1:$port
}

start content;  content=$addr
start review;   review=$addr
start citation MEDBRIEF_CONTENT_ADDR="$content" MEDBRIEF_REVIEW_ADDR="$review"; citation=$addr
start answer MEDBRIEF_CONTENT_ADDR="$content" MEDBRIEF_CITATION_ADDR="$citation" MEDBRIEF_REVIEW_ADDR="$review"
answer=$addr

echo
echo "Health:"
for svc in content:medbrief.content.v1.ContentService citation:medbrief.citation.v1.CitationService \
           review:medbrief.review.v1.ReviewService answer:medbrief.answer.v1.AnswerService; do
  name=${svc%%:*}
  status=$("$cli" health "${!name}" "${svc#*:}") || { echo "  $name: $status" >&2; exit 1; }
  printf '  %-9s %s\n' "$name" "$status"
done

question="best approach for a metastatic neuroendocrine tumour in the tail of the pancreas with liver metastasis"
echo
echo "Loading the sample corpus into content:"
"$cli" import "$content" jsonl "$root/tools/sample-corpus/sources.jsonl" | sed 's/^/  /'
echo
echo "Asking the answer service (audience: ${MEDBRIEF_AUDIENCE:-clinician}):"
echo
"$cli" ask "$answer" "$question" --audience "${MEDBRIEF_AUDIENCE:-clinician}"

if [[ $keep == 1 ]]; then
  cat <<INFO

The suite is serving (logs in $work). Try:
  $cli ask $answer "what about its side effects?" --conversation demo
  $cli queue $review

  MEDBRIEF_CONTENT_ADDR=$content
  MEDBRIEF_CITATION_ADDR=$citation
  MEDBRIEF_REVIEW_ADDR=$review
  MEDBRIEF_ANSWER_ADDR=$answer
  MEDBRIEF_DB_DSN="$dsn"
Press Ctrl-C to stop everything.
INFO
  wait
fi
