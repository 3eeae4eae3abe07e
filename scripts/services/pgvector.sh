#!/usr/bin/env bash
# Installs the pgvector extension into the PostgreSQL $PG_MAJOR server (default 15); called by postgres.sh.
# Nothing to do when vector.control is already in the server's extension directory. Otherwise: Debian's
# binary package postgresql-$PG_MAJOR-pgvector if this release has one, else Debian's *source* package
# (apt-get source) built with postgresql-server-dev-$PG_MAJOR, make and make install. The deb-src entries are
# derived at run time from the machine's own Debian apt sources (same URIs, options and keyrings); no host
# name is written here. When this release has no pgvector source, newer suites of the same mirror are tried
# ($PGVECTOR_SRC_SUITES, default "<codename>-backports stable testing unstable"): only the source package is
# fetched from them, and that temporary deb-src entry is removed again.
# shellcheck disable=SC2016 # apt-get indextargets --format takes literal $(FIELD) names
set -euo pipefail

me=pgvector.sh
log() { echo "$me: $*" >&2; }
die() { echo "$me: ERROR: $*" >&2; exit 1; }

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -y -o DPkg::Lock::Timeout=300)
SRC_FILE_PREFIX=/etc/apt/sources.list.d/qtp-debian-src           # kept: deb-src for this release
NEWER_FILE_PREFIX=/etc/apt/sources.list.d/qtp-pgvector-newer-src # temporary: deb-src for newer suites

ext_dir() {
  if [ -x "$PG_CONFIG" ]; then echo "$("$PG_CONFIG" --sharedir)/extension"
  else echo "/usr/share/postgresql/$PG_MAJOR/extension"; fi
}
installed_version() { sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$(ext_dir)/vector.control" 2>/dev/null; }

if [ -f "$(ext_dir)/vector.control" ]; then
  log "pgvector $(installed_version) already installed in $(ext_dir); nothing to do"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages and files into the PostgreSQL tree)"
[ -x "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ] || die "PostgreSQL $PG_MAJOR server is not installed"

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || die "cannot tell the Debian release codename from /etc/os-release"

work=$(mktemp -d /tmp/qtp-pgvector.XXXXXX)
cleanup() { rm -rf "$work"; rm -f "$NEWER_FILE_PREFIX.list" "$NEWER_FILE_PREFIX.sources"; }
trap cleanup EXIT

apt_update() { log "apt-get update"; "${APT[@]}" update >&2 || log "warning: apt-get update reported errors (continuing)"; }
has_candidate() { # (no "| grep -q" under pipefail: an early grep exit can fail the pipeline with SIGPIPE)
  local out; out=$(apt-cache policy "$1" 2>/dev/null) || return 1; grep -q 'Candidate: [^(]' <<<"$out"; }

# --- 1. a binary package, if this release has one ------------------------------------------------------
apt_update
pkg=postgresql-$PG_MAJOR-pgvector
if has_candidate "$pkg"; then
  log "Debian serves $pkg for $codename: installing it"
  "${APT[@]}" install --no-install-recommends "$pkg" >&2
  [ -f "$(ext_dir)/vector.control" ] || die "$pkg installed but $(ext_dir)/vector.control is missing"
  log "pgvector $(installed_version) installed from $pkg"
  exit 0
fi
log "no $pkg binary package for $codename: building pgvector from Debian's source package"

# --- 2. deb-src entries derived from the machine's Debian apt sources -----------------------------------
# Every enabled 'deb' entry whose Release file says Origin: Debian, as apt itself reports it:
# "<file>:<n>|<codename>|<label>", <n> = line (one-line format) or stanza (deb822 format).
debian_entries() {
  apt-get indextargets --format '$(SOURCESENTRY)|$(ORIGIN)|$(CODENAME)|$(LABEL)' 'Created-By: Packages' \
    | awk -F'|' '$2 == "Debian" { print $1 "|" $3 "|" $4 }' | sort -u
}

# emit_src <file> <n> [suite]: prints entry <n> of <file> turned into a deb-src entry (same format, options,
# keyring), its suites replaced by [suite] when given.
emit_src() {
  local file=$1 n=$2 suite=${3:-}
  case "$file" in
    *.sources)
      awk -v want="$n" -v suite="$suite" '
        BEGIN { RS = ""; FS = "\n" }
        { k = 0; for (i = 1; i <= NF; i++) if ($i !~ /^[ \t]*#/ && $i !~ /^[ \t]*$/) k = 1
          if (!k) next
          if (++stanza != want) next
          for (i = 1; i <= NF; i++) {
            line = $i
            if (line ~ /^[ \t]*#/) continue
            if (tolower(line) ~ /^types:/) line = "Types: deb-src"
            else if (suite != "" && tolower(line) ~ /^suites:/) line = "Suites: " suite
            print line
          }
          print "" }' "$file" ;;
    *)
      awk -v want="$n" -v suite="$suite" '
        NR == want {
          sub(/^[ \t]*deb[ \t]+/, "")
          opts = ""
          if (match($0, /^\[[^]]*\][ \t]*/)) { opts = substr($0, 1, RLENGTH); $0 = substr($0, RLENGTH + 1) }
          n = split($0, f, /[ \t]+/)
          ns = split(suite != "" ? suite : f[2], s, /[ \t]+/) # one-line entries take one suite each
          for (j = 1; j <= ns; j++) {
            out = "deb-src " opts f[1] " " s[j]; for (i = 3; i <= n; i++) out = out " " f[i]
            print out } }' "$file" ;;
  esac
}

# write_src <prefix> <suite|""> <entry>...: writes <prefix>.sources / <prefix>.list from the given entries.
write_src() {
  local prefix=$1 suite=$2 e file n; shift 2
  local list="" deb822=""
  for e in "$@"; do
    file=${e%:*}; n=${e##*:}
    case "$file" in
      *.sources) deb822+=$(emit_src "$file" "$n" "$suite")$'\n\n' ;;
      *) list+=$(emit_src "$file" "$n" "$suite")$'\n' ;;
    esac
  done
  local hdr="# Written by the project's scripts/services/pgvector.sh: deb-src twins of this machine's Debian apt entries."
  if [ -n "$deb822" ]; then printf '%s\n%s' "$hdr" "$deb822" >"$prefix.sources"; log "wrote $prefix.sources"; fi
  if [ -n "$list" ]; then printf '%s\n%s' "$hdr" "$list" | awk '!seen[$0]++' >"$prefix.list"; log "wrote $prefix.list"; fi
  [ -n "$deb822$list" ]
}

mapfile -t entries < <(debian_entries)
[ "${#entries[@]}" -gt 0 ] || die "no enabled apt source with Origin: Debian found (is apt-get update working?)"
entry_refs() { local e; for e in "${entries[@]}"; do echo "${e%%|*}"; done | sort -u; }

have_debian_src=$(apt-get indextargets --format '$(ORIGIN)' 'Created-By: Sources' | grep -cx Debian || true)
if [ "$have_debian_src" -eq 0 ]; then
  mapfile -t refs < <(entry_refs)
  write_src "$SRC_FILE_PREFIX" "" "${refs[@]}" || die "could not derive deb-src entries from the apt sources"
  apt_update
else
  log "deb-src entries for the Debian archive are already configured"
fi

# --- 3. build tools and server headers -------------------------------------------------------------------
need=()
for p in build-essential "postgresql-server-dev-$PG_MAJOR"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  "${APT[@]}" install --no-install-recommends "${need[@]}" >&2
fi
[ -x "$PG_CONFIG" ] || die "$PG_CONFIG missing after installing postgresql-server-dev-$PG_MAJOR"

# --- 4. fetch the source package: this release first, then newer suites of the same mirror --------------
chown _apt "$work" 2>/dev/null || true # lets apt download without the "unsandboxed as root" warning
cd "$work"
src_suite=""
if apt-get source --print-uris pgvector >/dev/null 2>&1; then
  src_suite=$codename
  "${APT[@]}" source pgvector >&2
else
  suites=${PGVECTOR_SRC_SUITES:-"$codename-backports stable testing unstable"}
  log "no pgvector source for $codename; trying suites: $suites"
  # the main archive entry of this release (its Release codename is the release's own codename)
  main_ref=""
  for e in "${entries[@]}"; do
    IFS='|' read -r ref cn label <<<"$e"
    if [ "$cn" = "$codename" ] && [ "$label" = Debian ]; then main_ref=$ref; break; fi
  done
  [ -n "$main_ref" ] || die "no apt source for the main Debian archive of $codename"
  for s in $suites; do # one suite at a time, refreshing only that entry: stop at the first that has it
    rm -f "$NEWER_FILE_PREFIX.list" "$NEWER_FILE_PREFIX.sources"
    write_src "$NEWER_FILE_PREFIX" "$s" "$main_ref" || die "could not write a deb-src entry for $s"
    for f in "$NEWER_FILE_PREFIX".*; do break; done
    log "apt-get update (only $f)"
    "${APT[@]}" update -o Dir::Etc::SourceList="$f" -o Dir::Etc::SourceParts=/nonexistent \
      -o APT::Get::List-Cleanup=0 >&2 || { log "warning: suite $s not available on this mirror"; continue; }
    if apt-get source --print-uris "pgvector/$s" >/dev/null 2>&1; then
      cn=$(apt-get indextargets --format '$(CODENAME)' "Release: $s" 'Created-By: Sources' 2>/dev/null | sed -n 1p)
      src_suite="$s${cn:+ ($cn)}"
      "${APT[@]}" source "pgvector/$s" >&2
      break
    fi
    log "no pgvector source in $s"
  done
  rm -f "$NEWER_FILE_PREFIX.list" "$NEWER_FILE_PREFIX.sources"
  log "removed the temporary deb-src entry (only the source package was fetched from it)"
fi
[ -n "$src_suite" ] || die "Debian's registry has no pgvector source package in any tried suite"

srcdir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | sed -n 1p)
[ -n "$srcdir" ] || die "apt-get source did not unpack a pgvector-* directory"
log "building $(basename "$srcdir") (source from suite $src_suite) against $("$PG_CONFIG" --version)"

# --- 5. build and install into the server ------------------------------------------------------------------
# OPTFLAGS= : no -march=native, as Debian builds it (the result stays valid on other CPUs of the same arch).
mk=(make -C "$srcdir" PG_CONFIG="$PG_CONFIG" OPTFLAGS=)
"${mk[@]}" -j"$(nproc)" >&2
"${mk[@]}" install >&2
[ -f "$(ext_dir)/vector.control" ] || die "make install finished but $(ext_dir)/vector.control is missing"
log "pgvector $(installed_version) installed into $(ext_dir) (built from Debian source, suite $src_suite)"
