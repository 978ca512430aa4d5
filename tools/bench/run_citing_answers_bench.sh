#!/usr/bin/env bash
# Citation: ListCitingAnswers at 1M citation rows (issue #5). Measures the
# service's own query (sql::kCitingAnswers, read out of services/citation/sql.h)
# with pgbench against a throwaway PostgreSQL (tools/pgtmp, fsync off) holding
# the citation schema (its migrations) and generated data:
#   200,000 answers x 5 cited sources = 1,000,000 answer_sources rows and
#   1,000,000 citation_uses (one ~120-character claim each), over 50,001
#   sources: one "hot" source cited by 20,000 answers (every tenth), the
#   others by about 20 answers each.
# Cases (each `--seconds`, one client, prepared statements):
#   random   first page (50) of a random source
#   hot      first page (50) of the hot source
#   hot_deep a page of 500 of the hot source after a random answer id
#   walk     every page of 500 of the hot source, one after the other (40
#            queries), timed with psql
#
#   tools/bench/run_citing_answers_bench.sh [--seconds 10]
#
# Prints pgbench's summary per case and EXPLAIN (ANALYZE, BUFFERS) of a deep
# page. Everything is removed on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=10
usage() { sed -n '17,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage; seconds=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "run_citing_answers_bench: unknown argument $1" >&2; usage ;;
  esac
done

work=$(mktemp -d /tmp/medbrief-citing-bench.XXXXXX)
chmod 755 "$work"  # the cluster runs as postgres, which must reach its folder
cleanup() {
  "$root/tools/pgtmp" stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dsn=$("$root/tools/pgtmp" start "$work/pg" | tail -n 1)
psql=(psql "$dsn" -X -q -v ON_ERROR_STOP=1)

"${psql[@]}" -c "CREATE SCHEMA citation"
for migration in "$root"/services/citation/migrations/*.sql; do
  PGOPTIONS="-c search_path=citation" "${psql[@]}" -f "$migration"
done

echo "generating 1,000,000 citation rows..." >&2
PGOPTIONS="-c search_path=citation" "${psql[@]}" <<'SQL'
INSERT INTO answers (answer_id, style)
SELECT 'ans_' || lpad(a::text, 7, '0'), 1 FROM generate_series(0, 199999) AS a;
-- Use n of answer a: the hot source for n = 1 of every tenth answer, else
-- one of 50,000 sources spread by a multiplicative hash (distinct per answer).
CREATE TEMP TABLE cites AS
SELECT 'ans_' || lpad(a::text, 7, '0') AS answer_id, n,
       CASE WHEN n = 1 AND a % 10 = 0 THEN 'src_hot'
            ELSE 'src_' || ((a::bigint * 7919 + n * 4729) % 50000) END AS source_id
FROM generate_series(0, 199999) AS a, generate_series(1, 5) AS n;
INSERT INTO answer_sources (answer_id, source_id, number) SELECT answer_id, source_id, n FROM cites;
INSERT INTO citation_uses (answer_id, ordinal, passage_id, source_id, claim, claim_sha256, verdict, score)
SELECT answer_id, n, source_id || '_p1', source_id,
       'Claim ' || n || ' of ' || answer_id || ': somatostatin analogues prolong progression-free survival in NET.',
       sha256(convert_to('Claim ' || n || ' of ' || answer_id, 'UTF8')), 1, 1.0
FROM cites;
VACUUM ANALYZE;
SQL
"${psql[@]}" -At -c "SELECT 'rows: answer_sources ' || (SELECT count(*) FROM citation.answer_sources) ||
                            ', citation_uses ' || (SELECT count(*) FROM citation.citation_uses) ||
                            ', hot source cited by ' ||
                            (SELECT count(*) FROM citation.answer_sources WHERE source_id = 'src_hot')"

# The service's query, with pgbench variables for its parameters.
query=$(sed -n '/kCitingAnswers\[\] = R"sql(/,/)sql";/p' "$root/services/citation/sql.h" | sed '1d;$d' |
        tr '\n' ' ' | sed 's/\$1/:source/; s/\$2/:after/; s/\$3/:lim/')
[[ $query == SELECT* ]] || { echo "run_citing_answers_bench: kCitingAnswers not found in sql.h" >&2; exit 1; }
echo "query: $query" >&2

run() {  # name, pgbench script
  printf '%s\n' "$2" > "$work/$1.sql"
  echo "== $1"
  PGOPTIONS="-c search_path=citation" pgbench "$dsn" -n -M prepared -c 1 -T "$seconds" -f "$work/$1.sql" 2>/dev/null |
    grep -E '^(number of transactions actually processed|latency average|tps)'
}
# pgbench cannot build text variables: set them with SELECT ... \gset.
run random "\\set s random(0, 49999)
SELECT 'src_' || :s AS source, '' AS after, 51 AS lim \\gset
$query;"
run hot "SELECT 'src_hot' AS source, '' AS after, 51 AS lim \\gset
$query;"
run hot_deep "\\set a random(0, 199999)
SELECT 'src_hot' AS source, 'ans_' || lpad(:a::text, 7, '0') AS after, 501 AS lim \\gset
$query;"

echo "== walk (every page of 500 of the hot source)"
PGOPTIONS="-c search_path=citation" "${psql[@]}" <<SQL
\\timing on
DO \$\$
DECLARE
  after text := '';
  pages int := 0;
  total int := 0;
  got int;
  last text;
  started timestamptz := clock_timestamp();
BEGIN
  LOOP
    SELECT count(*), max(answer_id) INTO got, last
    FROM (SELECT answer_id FROM answer_sources WHERE source_id = 'src_hot' AND answer_id > after
          ORDER BY answer_id LIMIT 500) AS page;
    EXIT WHEN got = 0;
    pages := pages + 1;
    total := total + got;
    after := last;
  END LOOP;
  RAISE NOTICE 'walk: % pages, % answers, % ms', pages, total,
    round(extract(epoch FROM clock_timestamp() - started) * 1000, 1);
END
\$\$;
SQL

echo "== EXPLAIN of a deep page of the hot source"
PGOPTIONS="-c search_path=citation" "${psql[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT answer_id FROM answer_sources WHERE source_id = 'src_hot' AND answer_id > 'ans_0150000'
  ORDER BY answer_id LIMIT 501"
