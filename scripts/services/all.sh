#!/usr/bin/env bash
# Makes the servers the tests use ready on this machine -- PostgreSQL 15 + pgvector (postgres.sh, which calls
# pgvector.sh), Redis (redis.sh) and RabbitMQ (rabbitmq.sh) -- installing and starting only what is missing,
# and installs the tools the deployment tests run themselves (io.qtp.deploy): nginx (nginx.sh), Prometheus with
# promtool (prometheus.sh), podman with runc and debootstrap (podman.sh), and Chromium with chromedriver for the
# playground's browser test (chromium.sh).
# Safe to run again: a second run only checks. Prints one status line per service; exits non-zero, naming
# the service, when any cannot be made ready.
set -euo pipefail

me=all.sh
here=$(cd "$(dirname "$0")" && pwd)
start=$SECONDS
failed=()
lines=()
for svc in postgres redis rabbitmq nginx prometheus podman chromium; do
  echo "$me: --- $svc" >&2
  if out=$(bash "$here/$svc.sh"); then
    lines+=("$(printf '%s\n' "$out" | tail -n1)")
  else
    failed+=("$svc")
    lines+=("$svc NOT READY (see the $svc.sh lines above)")
  fi
done
echo "$me: status after $((SECONDS - start))s:" >&2
for l in "${lines[@]}"; do echo "  $l"; done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "$me: ERROR: could not make ready: ${failed[*]}" >&2
  exit 1
fi
