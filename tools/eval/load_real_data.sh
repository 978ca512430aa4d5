# Sourced by the scripts that ask the four services about ../shared/data
# (tools/eval/run_answer_eval.sh, tools/bench/run_answer_bench.sh), after
# they set $root; tools/bench/run_answer_core_bench.sh only unpacks the
# data. Sources tools/suite.sh; start_suite_with_real_data builds, starts
# the suite and loads the data.
build=${MEDBRIEF_BUILD_DIR:-$root/build}
data=${MEDBRIEF_DATA:-$root/../shared/data}
source "$root/tools/suite.sh"

start_suite_with_real_data() {
  "$root/tools/build.sh" >/dev/null
  suite_start
  load_real_data
}

# Unpacks the NGC summaries into $work/ngc and converts PubMedQA to our JSONL
# in $work/pubmedqa.jsonl (the SPL labels are read where they are).
unpack_real_data() {
  mkdir -p "$work/ngc"
  tar -xJf "$data/guidelines/ngc-summaries.tar.xz" -C "$work/ngc"
  "$root/tools/data/pubmedqa_to_jsonl.py" "$data/research/pubmedqa-pqal.json" >"$work/pubmedqa.jsonl"
}

# Imports ../shared/data into the suite's content service (NGC summaries with
# their file names, so they get ngc:<n> ids; the SPL labels; PubMedQA
# converted to our JSONL). Nothing is copied into the repository: unpacked
# and converted files live in $work.
load_real_data() {
  local cli=$build/tools/medbrief-cli
  unpack_real_data
  echo "Loading ../shared/data into content:"
  # A few summaries of the archive are malformed: their errors are listed,
  # the rest import.
  printf '  NGC guidelines: ';  "$cli" import "$content" ngc "$work/ngc" | head -1 || true
  printf '  SPL drug labels: '; "$cli" import "$content" spl "$data"/drug-labels/*.xml | head -1 || true
  printf '  PubMedQA: ';        "$cli" import "$content" jsonl "$work/pubmedqa.jsonl" | head -1
}
