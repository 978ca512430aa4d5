#!/usr/bin/env python3
"""Turns prepared statements captured in a PostgreSQL server log into pgbench
scripts (tools/bench/run_pg_writes_bench.sh).

  pg_statement_scripts.py SERVER_LOG OUT_DIR NAME:ID_PARAMS...

For each NAME (a prepared statement's name, e.g. kRegisterFirst), the first
"execute NAME:" entry of the log (log_min_duration_statement=0,
log_parameter_max_length=-1) with its parameters becomes OUT_DIR/NAME.sql:
the statement with the logged values as literals (runs of white space made
one space), except the parameters ID_PARAMS (comma-separated numbers), which
become fresh ids per transaction so that every transaction inserts anew.
"""
import re
import sys


def extract(log, name):
    at = log.find('execute ' + name + ':')
    if at < 0:
        raise SystemExit(f'{name}: no execution in the log')
    statement_start = log.index(':', at + len('execute ' + name)) + 1
    detail = log.index('DETAIL:  parameters: ', at)
    statement = log[statement_start:log.rindex('\n', at, detail)]
    end = log.find('\n20', detail)  # the next log line starts with the date
    params = log[detail + len('DETAIL:  parameters: '):end if end >= 0 else len(log)]
    values = {}
    for m in re.finditer(r"\$(\d+) = (NULL|'((?:[^']|'')*)')", params):
        values[int(m.group(1))] = None if m.group(2) == 'NULL' else m.group(3).replace("''", "'")
    return statement.replace('\n\t', '\n'), values


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    log = open(sys.argv[1], encoding='utf-8', errors='replace').read()
    out_dir = sys.argv[2]
    for spec in sys.argv[3:]:
        name, id_params = spec.split(':')
        ids = {int(n) for n in id_params.split(',')}
        statement, values = extract(log, name)

        def literal(m):
            n = int(m.group(1))
            if n in ids:
                return f"('bench{n}_' || :client_id || '_' || :r)"
            value = values[n]
            return 'NULL' if value is None else "'" + value.replace("'", "''") + "'"

        script = re.sub(r'\$(\d+)', literal, statement)
        with open(f'{out_dir}/{name}.sql', 'w', encoding='utf-8') as f:
            f.write('\\set r random(1, 1000000000000)\n' + ' '.join(script.split()) + ';\n')


if __name__ == '__main__':
    main()
