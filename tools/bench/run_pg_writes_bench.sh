#!/usr/bin/env bash
# PostgreSQL's CPU per statement of the three writes of a fresh answer
# (citation's kRegisterFirst, answer's kInsertAnswer, review's
# submit_article), each as the suite sent it: starts the suite with every
# statement logged, loads ../shared/data and the sample corpus, runs the
# fresh-answer benchmark for 2 s, turns the first logged execution of each
# write into a pgbench script (tools/bench/pg_statement_scripts.py), then
# runs each script with 8 clients and reports the machine's busy CPU time
# per statement, less pgbench's own. Everything else in the suite is idle
# meanwhile, but what a statement sets off (a notification waking the
# LISTENing followers, say) is counted, as it is in the benchmark. pgbench's
# sessions do not log their statements.
#   tools/bench/run_pg_writes_bench.sh [--seconds 8] [--rounds 2]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=8 rounds=2
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) sed -n '12p' "$0" >&2; exit 2 ;;
  esac
done
export MEDBRIEF_PG_OPTS="${MEDBRIEF_PG_OPTS:-} -c log_min_duration_statement=0 -c log_parameter_max_length=-1"
source "$root/tools/eval/load_real_data.sh"
start_suite_with_real_data >/dev/null
"$build/tools/medbrief-cli" import "$content" jsonl "$root/tools/sample-corpus/sources.jsonl" >/dev/null
"$build/tools/bench/medbrief-answer-bench" --answer "$answer" --questions "$root/tools/eval/questions.jsonl" \
  --mode fresh --seconds 2 --warmup 1 >/dev/null
scripts=$work/pgbench
mkdir -p "$scripts"
"$root/tools/bench/pg_statement_scripts.py" "$work/pg/server.log" "$scripts" \
  kRegisterFirst:1 kInsertAnswer:1 review_submit_article:1,2
pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench | tail -1)
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }  # jiffies of every CPU
ticks=$(getconf CLK_TCK)
echo "| statement | schema | transactions/s | PostgreSQL CPU per statement |"
echo "|---|---|---:|---:|"
for round in $(seq "$rounds"); do
  for spec in kRegisterFirst:citation kInsertAnswer:answer review_submit_article:review; do
    name=${spec%%:*} schema=${spec#*:}
    before=$(busy)
    PGOPTIONS="-c search_path=$schema -c log_min_duration_statement=-1" /usr/bin/time -f '%U %S' -o "$scripts/time" \
      "$pgbench" -n -M prepared -c 8 -j 2 -T "$seconds" -f "$scripts/$name.sql" "$dsn" \
      >"$scripts/out" 2>&1 || { cat "$scripts/out" >&2; exit 1; }
    after=$(busy)
    read -r user sys <"$scripts/time"
    done_tx=$(awk '/number of transactions actually processed/ {print $NF}' "$scripts/out")
    python3 - "$name" "$schema" "$before" "$after" "$user" "$sys" "$done_tx" "$seconds" "$ticks" <<'PY'
import sys
name, schema, before, after, user, sys_, n, seconds, ticks = sys.argv[1:]
n = int(n)
cpu = (int(after) - int(before)) / int(ticks) - float(user) - float(sys_)
print(f"| {name} | {schema} | {n / float(seconds):,.0f} | {cpu * 1e6 / n:.0f} µs |")
PY
  done
done
