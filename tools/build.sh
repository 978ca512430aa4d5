#!/usr/bin/env bash
# Configures and builds medbrief into build/ (or $MEDBRIEF_BUILD_DIR), with
# ccache set up so a fresh clone in another folder still hits the cache.
#   tools/build.sh [extra cmake -D options]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MEDBRIEF_BUILD_DIR:-$root/build}

export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f $build/CMakeCache.txt ]]; then
  cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
elif [[ $# -gt 0 ]]; then
  cmake "$build" "$@" >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
