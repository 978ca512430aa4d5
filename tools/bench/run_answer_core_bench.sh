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
build=${MEDBRIEF_BUILD_DIR:-$root/build}
data=${MEDBRIEF_DATA:-$root/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ngc"
tar -xJf "$data/guidelines/ngc-summaries.tar.xz" -C "$work/ngc"
"$root/tools/data/pubmedqa_to_jsonl.py" "$data/research/pubmedqa-pqal.json" >"$work/pubmedqa.jsonl"
cd "$root"
${MEDBRIEF_CORE_BENCH_WRAP:-} "$build/tools/bench/medbrief-answer-core-bench" \
  --corpus "ngc:$work/ngc" --corpus "spl:$data/drug-labels" --corpus "$work/pubmedqa.jsonl" \
  --corpus tools/sample-corpus/sources.jsonl "$@"
