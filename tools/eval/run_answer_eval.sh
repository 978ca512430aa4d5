#!/usr/bin/env bash
# Answer quality on real data (issue 6 item 11): starts the suite on
# loopback, loads ../shared/data (NGC guideline summaries, SPL drug labels,
# PubMedQA abstracts) into content, asks every question of
# tools/eval/questions.jsonl and prints the share of answers citing an
# expected source and the share of cited sentences judged SUPPORTED.
#   tools/eval/run_answer_eval.sh [--verbose]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/eval/load_real_data.sh"
start_suite_with_real_data
"$build/tools/bench/medbrief-answer-eval" --answer "$answer" --content "$content" \
  --questions "$root/tools/eval/questions.jsonl" "$@"
