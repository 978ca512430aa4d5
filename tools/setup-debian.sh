#!/usr/bin/env bash
# Installs the Debian 12 packages that medbrief's build, tests and main job
# need, and nothing else. Idempotent: when everything is there it changes
# nothing; otherwise it runs `apt-get update` first, then installs what is
# missing. Needs root (or sudo).
#
#   tools/setup-debian.sh          build + tests + main job
#   tools/setup-debian.sh --clang  also clang, for tools/thread-safety.sh
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config ccache
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  libabsl-dev libpqxx-dev libssl-dev libstemmer-dev
  # tests
  libgtest-dev libgmock-dev python3 python3-grpcio python3-protobuf
  # tests and the main job: a throwaway PostgreSQL 15
  postgresql-15 postgresql-client-15
)
[[ ${1:-} == --clang ]] && packages+=(clang)

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
