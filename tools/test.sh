#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what is missing,
# builds, and runs every test (they start their own throwaway PostgreSQL and
# gRPC servers on port 0). Ends with ctest's summary.
#   tools/test.sh [ctest options, e.g. -R db_test]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MEDBRIEF_BUILD_DIR:-$root/build}

"$root/tools/setup-debian.sh"
"$root/tools/build.sh"
cd "$build"
ctest --output-on-failure --timeout 600 "$@"
