#!/usr/bin/env bash
# Ask through all four services on loopback (issue 6 item 12): starts the
# suite, loads the sample corpus and ../shared/data (NGC, SPL, PubMedQA),
# then runs medbrief-answer-bench with the evaluation's questions: fresh
# answers, then approved answers reused. After each run it prints the CPU
# time per answer of every process (from /proc, over the measured seconds):
# the services, PostgreSQL (all its processes) and the benchmark client.
#   tools/bench/run_answer_bench.sh [--clients 8] [--seconds 20] [--warmup 3] [--slowest N]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tools/eval/load_real_data.sh"
start_suite_with_real_data
printf '  sample corpus: '; "$build/tools/medbrief-cli" import "$content" jsonl "$root/tools/sample-corpus/sources.jsonl" | head -1
bench=$build/tools/bench/medbrief-answer-bench
questions=$root/tools/eval/questions.jsonl

# "name ticks" for each process: the services and PostgreSQL's (summed).
cpu_ticks() {
  local pid name
  for pid in "${pids[@]}"; do
    name=$(basename "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -1)")
    awk -v n="$name" '{print n, $14 + $15}' "/proc/$pid/stat"
  done
  local postmaster
  postmaster=$(head -1 "$work/pg/data/postmaster.pid")
  for pid in "$postmaster" $(pgrep -P "$postmaster"); do
    awk '{print "postgres", $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true
  done
}

# Runs the benchmark with "$@" and prints its JSON line, then the CPU per
# answer of each process over the measured seconds: the services' and
# PostgreSQL's from /proc, from when the client says on stderr that they
# start until it has finished (nothing else runs then), and the client's
# own as it reports it.
run() {
  local out=$work/bench.json err=$work/bench.err
  "$bench" "$@" >"$out" 2>"$err" &
  local bench_pid=$!
  until grep -q '^measuring$' "$err" 2>/dev/null || ! kill -0 "$bench_pid" 2>/dev/null; do sleep 0.05; done
  cpu_ticks >"$work/cpu.before"
  wait "$bench_pid" || { cat "$err" >&2; return 1; }
  cpu_ticks >"$work/cpu.after"
  grep -v '^measuring$' "$err" >&2 || true
  cat "$out"
  python3 - "$work/cpu.before" "$work/cpu.after" "$out" "$(getconf CLK_TCK)" <<'PY'
import json, sys
def load(path):
    out = {}
    for line in open(path):
        name, ticks = line.split()
        out[name] = out.get(name, 0) + int(ticks)
    return out
before, after = load(sys.argv[1]), load(sys.argv[2])
result = json.load(open(sys.argv[3]))
answers = result["answers"]
ms = {n: (after[n] - before.get(n, 0)) * 1000 / int(sys.argv[4]) / answers for n in after}
ms["medbrief-answer-bench"] = result["client_cpu_s"] * 1000 / answers
label = {"medbrief-answer-bench": "benchmark client"}
parts = [f"{label.get(n, n.replace('medbrief-', ''))} {v:.2f}" for n, v in sorted(ms.items(), key=lambda x: -x[1])]
print(f"  CPU per answer, ms: {', '.join(parts)}; all {sum(ms.values()):.2f}")
PY
}
run --answer "$answer" --questions "$questions" --mode fresh "$@"
run --answer "$answer" --review "$review" --questions "$questions" --mode reused "$@"
