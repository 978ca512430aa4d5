#!/usr/bin/env bash
# ctest image_libs_test: the runtime stage of deploy/docker/Dockerfile
# installs every shared library the binaries link. No image is built here
# (no registry is reachable): each library a binary needs directly
# (objdump NEEDED), resolved on this Debian 12 machine, must belong to a
# package the runtime stage installs or to the debian:12-slim base; the
# libraries those need in turn come with the packages' own dependencies.
#   tests/deploy/image_libs_test.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
fail() { echo "image_libs_test: FAIL: $*" >&2; exit 1; }

# The packages of the runtime stage's apt-get install, and the base image's.
runtime=$(awk '/^FROM debian:12-slim/{r=1} r' "$root/deploy/docker/Dockerfile" |
  sed -n '/apt-get install/,/rm -rf/p' | tr ' \\' '\n\n' | grep -E '^lib[a-z0-9.+-]+$' || true)
[[ -n $runtime ]] || fail "no packages found in the runtime stage"
allowed=$(printf '%s\n' $runtime libc6 libstdc++6 libgcc-s1 zlib1g | sort -u)

checked=0
for bin in "$build"/services/*/medbrief-* "$build"/tools/medbrief-cli; do
  [[ -x $bin && -f $bin ]] || continue
  for lib in $(objdump -p "$bin" | awk '/NEEDED/{print $2}'); do
    path=$(ldd "$bin" | awk -v l="$lib" '$1 == l {print $3}')
    [[ -n $path && -e $path ]] || fail "$(basename "$bin"): $lib does not resolve here"
    real=$(readlink -f "$path")
    pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "${path#/usr}" 2>/dev/null || true)
    pkg=${pkg%%:*}
    [[ -n $pkg ]] || fail "$(basename "$bin"): no package owns $path"
    grep -qx "$pkg" <<<"$allowed" ||
      fail "$(basename "$bin") needs $lib from $pkg, which the runtime stage does not install"
    checked=$((checked + 1))
  done
done
(( checked > 0 )) || fail "no binaries under $build"
echo "image_libs_test: $checked libraries of the binaries, all from the runtime stage's packages"
