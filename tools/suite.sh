# Sourced by the scripts that run the whole suite on loopback (run-local.sh,
# the answer evaluation and benchmark): a throwaway PostgreSQL and the four
# services, stopped again when the script exits.
#
#   source "$root/tools/suite.sh"
#   suite_start            # sets content, citation, review, answer (host:port), dsn, work
#
# Expects $root and $build. Authentication is off (local development only).

work=$(mktemp -d /tmp/medbrief-suite.XXXXXX)
chmod 755 "$work"  # the cluster runs as postgres, which must reach its folder
pids=()
suite_stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$root/tools/pgtmp" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap suite_stop EXIT
trap 'exit 130' INT TERM

# Starts service $1 with any extra environment, waits until it reports
# SERVING, and sets addr to the host:port it chose.
suite_service() {
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

suite_start() {
  dsn=$("$root/tools/pgtmp" start "$work/pg")
  echo "PostgreSQL: $dsn"
  export MEDBRIEF_DB_DSN=$dsn MEDBRIEF_AUTH=off MEDBRIEF_LISTEN=127.0.0.1:0
  suite_service content;  content=$addr
  suite_service review;   review=$addr
  suite_service citation MEDBRIEF_CONTENT_ADDR="$content" MEDBRIEF_REVIEW_ADDR="$review"; citation=$addr
  suite_service answer MEDBRIEF_CONTENT_ADDR="$content" MEDBRIEF_CITATION_ADDR="$citation" \
    MEDBRIEF_REVIEW_ADDR="$review"
  answer=$addr
}
