#!/bin/sh
# One image, four services: the first argument names the service
# (content, citation, review or answer); the rest go to its binary as flags.
#   docker run medbrief:0.1.0 content --listen=0.0.0.0:50051
# exec: the service replaces the shell as PID 1, so it receives SIGTERM itself.
set -eu
service=${1:-}
case $service in
  content|citation|review|answer) shift; exec "/usr/local/bin/medbrief-$service" "$@" ;;
  cli) shift; exec /usr/local/bin/medbrief-cli "$@" ;;
  *)
    echo "usage: <content|citation|review|answer|cli> [--flag=value ...]; got \"$service\"" >&2
    exit 2
    ;;
esac
