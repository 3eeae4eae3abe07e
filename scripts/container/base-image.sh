#!/usr/bin/env bash
# Makes the base image that deploy/docker/Dockerfile is built on in the tests, locally and from Debian's
# packages only (no registry can be reached here, so nothing is pulled): debootstrap a minimal Debian root file
# system with a Java 21+ runtime (openjdk-21-jre-headless, or a newer one), curl (the HEALTHCHECK) and libgomp1 (the
# OpenMP runtime that XGBoost's native library needs to load the bundled boosted-tree model), and import it into
# podman's store as $QTP_BASE_IMAGE (default localhost/qtp-base-jre:21-gomp; the tag changed when libgomp1 was added,
# so that a store holding the older image builds this one). The image stays in podman's
# store, so later runs only check that it exists (seconds); the first build takes a few minutes.
# Bookworm has only openjdk-17, so the suite is the first of $QTP_BASE_SUITES (default: trixie forky sid) that
# the machine's own Debian mirror serves; the mirror URL is read from this machine's apt sources.
# Prints the image name on stdout.
set -euo pipefail

me=base-image.sh
log() { echo "$me: $*" >&2; }
die() { echo "$me: ERROR: $*" >&2; exit 1; }

IMAGE=${QTP_BASE_IMAGE:-localhost/qtp-base-jre:21-gomp}
SUITES=${QTP_BASE_SUITES:-trixie forky sid}
JRE_PACKAGES=(openjdk-21-jre-headless openjdk-25-jre-headless)

here=$(cd "$(dirname "$0")" && pwd)
bash "$here/../services/podman.sh" >/dev/null

if podman image exists "$IMAGE"; then
  log "$IMAGE already in podman's store"
  echo "$IMAGE"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "building $IMAGE needs root (debootstrap, podman)"

# The Debian archive this machine's apt uses: the first deb URI whose suite is not a -security one.
mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN{RS=""; FS="\n"}
         { types=""; uri=""; suites="";
           for (i = 1; i <= NF; i++) {
             if ($i ~ /^Types:/) types=$i; if ($i ~ /^URIs:/) uri=$i; if ($i ~ /^Suites:/) suites=$i }
           if (types ~ /(^|[ \t])deb([ \t]|$)/ && suites !~ /-security/ && uri != "") {
             sub(/^URIs:[ \t]*/, "", uri); split(uri, u, /[ \t]+/); print u[1] } }' "$f"
  done
  if [ -f /etc/apt/sources.list ]; then
    awk '$1 == "deb" && $0 !~ /-security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' /etc/apt/sources.list
  fi
}
MIRROR=${QTP_DEBIAN_MIRROR:-}
if [ -z "$MIRROR" ]; then
  for m in $(mirror); do
    if curl -fsS -o /dev/null --max-time 20 "${m%/}/dists/bookworm/Release" 2>/dev/null \
       || curl -fsS -o /dev/null --max-time 20 "${m%/}/dists/stable/Release" 2>/dev/null; then
      MIRROR=${m%/}; break
    fi
  done
fi
[ -n "$MIRROR" ] || die "no Debian mirror found in this machine's apt sources (set QTP_DEBIAN_MIRROR)"

SUITE=
for s in $SUITES; do
  if curl -fsS -o /dev/null --max-time 20 "$MIRROR/dists/$s/Release"; then SUITE=$s; break; fi
done
[ -n "$SUITE" ] || die "$MIRROR serves none of: $SUITES"

work=$(mktemp -d /var/tmp/qtp-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
jre=
for p in "${JRE_PACKAGES[@]}"; do
  log "debootstrap $SUITE from $MIRROR with $p (a few minutes the first time)"
  rm -rf "$rootfs"
  if debootstrap --variant=minbase --include="$p,curl,ca-certificates,libgomp1" "$SUITE" "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    jre=$p; break
  fi
  tail -n 5 "$work/debootstrap.log" >&2
done
[ -n "$jre" ] || die "debootstrap of $SUITE with a Java 21+ runtime failed (see above)"

chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/log/* "$rootfs"/tmp/*

log "importing into podman as $IMAGE"
tar -C "$rootfs" --numeric-owner -c . | podman import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  --message "Debian $SUITE minbase + $jre + curl + libgomp1, by scripts/container/base-image.sh" - "$IMAGE" >&2
# java resolves its libraries through /proc/self/exe, so it is checked inside a container (where /proc exists)
if ! podman run --rm --network none "$IMAGE" java -version >&2; then
  podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
  die "java does not run in $IMAGE"
fi
log "ready: $IMAGE (Debian $SUITE, $jre)"
echo "$IMAGE"
