#!/usr/bin/env bash
# Ask through all four services on loopback (issue 6 item 12): starts the
# suite, loads the sample corpus and ../shared/data (NGC, SPL, PubMedQA),
# then runs medbrief-answer-bench with the evaluation's questions: fresh
# answers, then approved answers reused.
#   tools/bench/run_answer_bench.sh [--clients 8] [--seconds 20]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/eval/load_real_data.sh"
start_suite_with_real_data
printf '  sample corpus: '; "$build/tools/medbrief-cli" import "$content" jsonl "$root/tools/sample-corpus/sources.jsonl" | head -1
bench=$build/tools/bench/medbrief-answer-bench
questions=$root/tools/eval/questions.jsonl
"$bench" --answer "$answer" --questions "$questions" --mode fresh "$@"
"$bench" --answer "$answer" --review "$review" --questions "$questions" --mode reused "$@"
