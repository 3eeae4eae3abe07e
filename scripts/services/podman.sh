#!/usr/bin/env bash
# Makes podman usable as root on this machine for the container tests (io.qtp.deploy.ContainerImageIT):
# installs podman, runc, netavark and debootstrap from Debian's packages when missing, and writes
# /etc/containers/containers.conf (runc runtime, cgroupfs, file-based events, low nofile/nproc ulimits that fit
# the sandbox) when that file does not exist yet. No image is ever pulled: scripts/container/base-image.sh makes
# the base image locally. Idempotent; prints one status line on stdout at the end.
set -euo pipefail

me=podman.sh
. "$(dirname "$0")/apt-tools.sh"

# netavark (+ aardvark-dns, iptables): the network backend for the RUN steps of `podman build`
ensure_packages podman runc debootstrap netavark aardvark-dns iptables

CONF=/etc/containers/containers.conf
if [ ! -f "$CONF" ]; then
  log "writing $CONF"
  mkdir -p /etc/containers
  cat >"$CONF" <<'CONF'
# Written by the project's scripts/services/podman.sh: podman as root inside a sandbox without systemd.
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi

podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null 2>&1 || die "podman info fails: $(podman info 2>&1 | tail -n 3)"
version=$(podman version --format '{{.Client.Version}}')
log "ready: podman $version, runtime $(podman info --format '{{.Host.OCIRuntime.Name}}')"
echo "podman $version"
