#!/usr/bin/env bash
# Makes the TLS material of the dev overlay (deploy/k8s/overlays/dev), which
# runs the services with --auth=jwt over mutual TLS like prod:
#   OUTDIR/ca.crt, ca.key          a throwaway CA (keep ca.key out of git)
#   OUTDIR/tls.crt, tls.key        the services' certificate, for the names
#                                  content, citation, review, answer (also as
#                                  <name>.NAMESPACE.svc[.cluster.local]) and
#                                  localhost/127.0.0.1 (kubectl port-forward);
#                                  server and client use (mutual TLS)
#   OUTDIR/client.crt, client.key  a client certificate for your own tools
#   OUTDIR/secret.yaml             the Secret medbrief-tls (tls.crt, tls.key,
#                                  ca.crt: cert-manager's layout)
# Then: kubectl apply -f OUTDIR/secret.yaml
#
#   tools/dev-tls.sh OUTDIR [NAMESPACE]     (NAMESPACE default: medbrief-dev)
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { sed -n '2,18p' "$0" >&2; exit 2; }
out=$1
namespace=${2:-medbrief-dev}
days=365
command -v openssl >/dev/null || { echo "dev-tls: openssl is missing" >&2; exit 1; }
mkdir -p "$out"
cd "$out"
umask 077

names=()
for service in content citation review answer; do
  names+=("DNS:$service" "DNS:$service.$namespace" "DNS:$service.$namespace.svc"
          "DNS:$service.$namespace.svc.cluster.local")
done
names+=("DNS:localhost" "IP:127.0.0.1")
san=$(IFS=,; echo "${names[*]}")

ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days "$days" \
  -subj "/CN=medbrief dev CA ($namespace)" 2>/dev/null
issue() {  # issue NAME SUBJECT EXTENSIONS
  openssl req "${ec[@]}" -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" \
    -out "$1.crt" -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue tls "/CN=medbrief services ($namespace)" \
  "subjectAltName=$san
extendedKeyUsage=serverAuth,clientAuth"
issue client "/CN=medbrief dev client" "extendedKeyUsage=clientAuth"
rm -f ca.srl

b64() { base64 -w0 < "$1"; }
cat > secret.yaml <<EOF
# Made by tools/dev-tls.sh: the dev overlay's TLS files (components/tls).
apiVersion: v1
kind: Secret
metadata:
  name: medbrief-tls
  namespace: $namespace
  labels:
    app.kubernetes.io/part-of: medbrief
type: Opaque
data:
  tls.crt: $(b64 tls.crt)
  tls.key: $(b64 tls.key)
  ca.crt: $(b64 ca.crt)
EOF
echo "dev-tls: wrote $out (valid $days days); next: kubectl apply -f $out/secret.yaml"
