#!/usr/bin/env bash
# Installs Debian's Prometheus (with promtool) for the monitoring tests (io.qtp.deploy.MonitoringIT), which run
# their own prometheus process on a free loopback port; nothing is started here.
# Idempotent; prints one status line on stdout.
set -euo pipefail
me=prometheus.sh
. "$(dirname "$0")/apt-tools.sh"

ensure_packages prometheus
command -v promtool >/dev/null || die "promtool missing after installing prometheus"
version=$(prometheus --version 2>&1 | sed -n '1s/^prometheus, version \([^ ]*\).*/\1/p')
log "ready: prometheus $version, $(command -v promtool)"
echo "prometheus $version"
