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

source "$root/tools/suite.sh"
suite_start

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
"$cli" ask "$answer" "$question" --audience "${MEDBRIEF_AUDIENCE:-clinician}" --conversation demo

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
