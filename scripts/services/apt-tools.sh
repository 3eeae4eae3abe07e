# Sourced by the scripts that only install tools the tests run themselves (nginx.sh, prometheus.sh, podman.sh):
# logging helpers and an idempotent apt install. The caller sets `me` first.
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -y -o DPkg::Lock::Timeout=300)
log() { echo "$me: $*" >&2; }
die() { echo "$me: ERROR: $*" >&2; exit 1; }

# ensure_packages PKG...: installs (without recommends) those of the Debian packages that are not installed yet
ensure_packages() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "installing ${missing[*]} needs root"
  grep -q 'Candidate: [^(]' <<<"$(apt-cache policy "${missing[0]}" 2>/dev/null)" || { log "apt-get update"; "${APT[@]}" update >&2; }
  log "apt-get install ${missing[*]}"
  "${APT[@]}" install --no-install-recommends "${missing[@]}" >&2
}
