#!/usr/bin/env bash
# The answer core (DraftAnswer + FinishAnswer) on the evidence of
# ../shared/data, in process, without gRPC or PostgreSQL: the NGC summaries,
# the SPL labels and PubMedQA as tools/eval/load_real_data.sh loads them into
# content, plus the sample corpus, searched as the answer service searches.
#   tools/bench/run_answer_core_bench.sh [--repeat 5] [--cold]
# Under callgrind, instructions per steady-state Ask (the total over the
# "calls" of the JSON line; only the measured calls are instrumented):
#   MEDBRIEF_CORE_BENCH_WRAP="valgrind --tool=callgrind --instr-atstart=no" \
#     tools/bench/run_answer_core_bench.sh --repeat 1
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/eval/load_real_data.sh"  # $build, $data, a $work removed on exit
unpack_real_data
cd "$root"
${MEDBRIEF_CORE_BENCH_WRAP:-} "$build/tools/bench/medbrief-answer-core-bench" \
  --corpus "ngc:$work/ngc" --corpus "spl:$data/drug-labels" --corpus "$work/pubmedqa.jsonl" \
  --corpus tools/sample-corpus/sources.jsonl "$@"
