#!/usr/bin/env bash
# `cmake --install` places the four service binaries (and the CLI) in <prefix>/bin.
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for bin in medbrief-content medbrief-citation medbrief-review medbrief-answer medbrief-cli; do
  [[ -x $prefix/bin/$bin ]] || { echo "missing $prefix/bin/$bin" >&2; exit 1; }
done
"$prefix/bin/medbrief-content" --help | grep -q -- "--db_dsn (MEDBRIEF_DB_DSN)"
echo "install: OK"
