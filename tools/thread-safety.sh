#!/usr/bin/env bash
# Builds medbrief with clang and -Wthread-safety (Abseil's annotations:
# ABSL_GUARDED_BY, ABSL_EXCLUSIVE_LOCKS_REQUIRED, ...) as errors, into
# build-tsa/. A clean build means no lock annotation is violated.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/setup-debian.sh" --clang
MEDBRIEF_BUILD_DIR=${MEDBRIEF_TSA_BUILD_DIR:-$root/build-tsa} \
  "$root/tools/build.sh" -DCMAKE_CXX_COMPILER=clang++ -DMEDBRIEF_THREAD_SAFETY=ON
echo "thread-safety build: clean"
