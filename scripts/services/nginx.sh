#!/usr/bin/env bash
# Installs Debian's nginx for the load-balancing test (io.qtp.deploy.NginxBalancingIT), which runs its own
# nginx process on a free loopback port with deploy/nginx/nginx.conf; nothing is started here, and a system
# nginx that the package may start is left alone. Idempotent; prints one status line on stdout.
set -euo pipefail
me=nginx.sh
. "$(dirname "$0")/apt-tools.sh"

# nginx-light (unless some nginx is there): the core with the upstream and proxy modules the configuration uses
[ -x /usr/sbin/nginx ] || ensure_packages nginx-light
version=$(/usr/sbin/nginx -v 2>&1 | sed 's|.*nginx/||')
log "ready: nginx $version (/usr/sbin/nginx)"
echo "nginx $version"
