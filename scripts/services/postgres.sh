#!/usr/bin/env bash
# Ensures PostgreSQL (15 unless $PG_MAJOR says otherwise; 15+ accepted when one already runs) answers on
# 127.0.0.1:$QTP_PG_PORT (default 5432), with a role qtp (password qtp) that can log in over TCP, a database
# qtp_test owned by it, and the pgvector extension created in qtp_test (built by pgvector.sh when missing).
# Installs (apt) and starts the server only when needed; a server that already answers is used as it is.
# Prints one status line on stdout at the end; logs go to stderr.
set -euo pipefail

me=postgres.sh
log() { echo "$me: $*" >&2; }
die() { echo "$me: ERROR: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
cd / # psql run as the postgres user must not start in a directory it cannot read

PG_MAJOR=${PG_MAJOR:-15}
PORT=${QTP_PG_PORT:-5432}
HOST=127.0.0.1
DB=qtp_test
ROLE=qtp
PASS=qtp
WAIT=${QTP_WAIT_SECONDS:-60}
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -y -o DPkg::Lock::Timeout=300)

has_candidate() { # (no "| grep -q" under pipefail: an early grep exit can fail the pipeline with SIGPIPE)
  local out; out=$(apt-cache policy "$1" 2>/dev/null) || return 1; grep -q 'Candidate: [^(]' <<<"$out"; }
apt_install() { # apt_install <pkg>...: installs, refreshing the package lists first only when needed
  local p
  for p in "$@"; do has_candidate "$p" || { log "apt-get update"; "${APT[@]}" update >&2; break; }; done
  log "apt-get install $*"
  "${APT[@]}" install --no-install-recommends "$@" >&2
}
wait_for() { # wait_for <seconds> <command>...: true once the command succeeds, false after <seconds>
  local secs=$1 i; shift
  for ((i = 0; i < secs; i++)); do "$@" && return 0; sleep 1; done
  "$@"
}
tcp_ready() { command -v pg_isready >/dev/null && pg_isready -q -h "$HOST" -p "$PORT" -t 2; }

# --- 1. a server answering on 127.0.0.1:$PORT ---------------------------------------------------------------
if tcp_ready; then
  log "PostgreSQL already accepting connections on $HOST:$PORT; using it"
else
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not running on $HOST:$PORT and installing/starting it needs root"
  if [ ! -x "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ]; then
    if has_candidate "postgresql-$PG_MAJOR" || { "${APT[@]}" update >&2 && has_candidate "postgresql-$PG_MAJOR"; }; then
      apt_install "postgresql-$PG_MAJOR"
    else
      log "postgresql-$PG_MAJOR is not packaged here; installing this release's default 'postgresql'"
      apt_install postgresql
      PG_MAJOR=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n1)
      [ "${PG_MAJOR:-0}" -ge 15 ] || die "this release's PostgreSQL ($PG_MAJOR) is older than 15"
    fi
  fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql-common
  # the cluster of this version (one is created by the package's postinst; create it if it is not there)
  cluster=$(pg_lsclusters -h | awk -v v="$PG_MAJOR" -v p="$PORT" '$1 == v && $3 == p && !f { print $2; f = 1 }')
  if [ -z "$cluster" ]; then
    other=$(pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1 == v { print $2 " (port " $3 ")" }')
    [ -z "$other" ] || die "PostgreSQL $PG_MAJOR has cluster(s) $other but none on port $PORT; free the port or set QTP_PG_PORT"
    log "creating cluster $PG_MAJOR/main on port $PORT"
    pg_createcluster "$PG_MAJOR" main --port "$PORT" >&2
    cluster=main
  fi
  log "starting cluster $PG_MAJOR/$cluster"
  pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$cluster" start >&2 ||
    log "pg_ctlcluster start returned non-zero (it may already be starting); waiting"
  if ! wait_for "$WAIT" tcp_ready; then
    tail -n 20 "/var/log/postgresql/postgresql-$PG_MAJOR-$cluster.log" >&2 2>/dev/null || true
    die "PostgreSQL $PG_MAJOR/$cluster did not accept connections on $HOST:$PORT within ${WAIT}s"
  fi
  log "PostgreSQL $PG_MAJOR/$cluster is up on $HOST:$PORT"
fi

# --- 2. superuser access: the postgres OS user over the local socket, else postgres over TCP (trust) ------
command -v psql >/dev/null || apt_install "postgresql-client-$PG_MAJOR"
ADMIN=()
for cand in "runuser -u postgres -- psql -p $PORT" "psql -h $HOST -p $PORT -U postgres -w"; do
  read -r -a c <<<"$cand"
  if "${c[@]}" -X -d postgres -tAc 'select 1' >/dev/null 2>&1; then ADMIN=("${c[@]}"); break; fi
done
[ "${#ADMIN[@]}" -gt 0 ] || die "cannot connect as a superuser (tried the postgres OS user and postgres@$HOST)"
sql() { # sql <db> <statement>: runs it as the superuser, prints unaligned tuples
  "${ADMIN[@]}" -X -q -v ON_ERROR_STOP=1 -d "$1" -tAc "$2"
}

version_num=$(sql postgres 'show server_version_num')
major=$((version_num / 10000))
[ "$major" -ge 15 ] || die "the server on $HOST:$PORT is PostgreSQL $major; 15 or newer is needed"
version=$(sql postgres 'show server_version' | awk '{print $1}')

# --- 3. role and database ---------------------------------------------------------------------------------
login=$(sql postgres "select rolcanlogin from pg_roles where rolname = '$ROLE'")
if [ -z "$login" ]; then
  log "creating role $ROLE"
  sql postgres "create role $ROLE login password '$PASS'"
elif [ "$login" != t ]; then
  log "role $ROLE exists but cannot log in: granting LOGIN"
  sql postgres "alter role $ROLE login"
fi
owner=$(sql postgres "select pg_get_userbyid(datdba) from pg_database where datname = '$DB'")
if [ -z "$owner" ]; then
  log "creating database $DB owned by $ROLE"
  sql postgres "create database $DB owner $ROLE"
elif [ "$owner" != "$ROLE" ]; then
  log "database $DB is owned by $owner: giving it to $ROLE"
  sql postgres "alter database $DB owner to $ROLE"
fi

# --- 4. password login over TCP, as the tests do ----------------------------------------------------------
url="postgresql://$ROLE:$PASS@$HOST:$PORT/$DB"
tcp_login() { PGCONNECT_TIMEOUT=5 psql -X -w "$url" -tAc 'select 1' >/dev/null 2>&1; }
if ! tcp_login; then
  log "$ROLE cannot log in over TCP: (re)setting its password"
  sql postgres "alter role $ROLE password '$PASS'"
  if ! tcp_login; then
    hba=$(sql postgres 'show hba_file')
    if ! grep -q '^# qtp-test-access' "$hba"; then
      log "adding password access for $ROLE to $DB from loopback at the top of $hba"
      { echo '# qtp-test-access (scripts/services/postgres.sh)'
        echo "host $DB $ROLE 127.0.0.1/32 scram-sha-256"
        echo "host $DB $ROLE ::1/128 scram-sha-256"
        cat "$hba"; } >"$hba.qtp-new"
      chown --reference="$hba" "$hba.qtp-new"; chmod --reference="$hba" "$hba.qtp-new"
      mv "$hba.qtp-new" "$hba"
      sql postgres 'select pg_reload_conf()' >/dev/null
      sleep 1
    fi
    tcp_login || die "cannot log in as $url (check pg_hba.conf and password_encryption)"
  fi
fi

# --- 5. pgvector --------------------------------------------------------------------------------------------
if [ -z "$(sql postgres "select 1 from pg_available_extensions where name = 'vector'")" ]; then
  [ -x "/usr/lib/postgresql/$major/bin/postgres" ] ||
    die "pgvector is missing and the server on $HOST:$PORT is not this machine's PostgreSQL $major"
  PG_MAJOR=$major bash "$here/pgvector.sh"
fi
if [ -z "$(sql "$DB" "select 1 from pg_extension where extname = 'vector'")" ]; then
  log "create extension vector in $DB"
  sql "$DB" 'create extension if not exists vector'
fi
vector=$(sql "$DB" "select extversion from pg_extension where extname = 'vector'")
PGCONNECT_TIMEOUT=5 psql -X -w "$url" -tAc "select '[1,2,3]'::vector <=> '[1,2,4]'::vector" >/dev/null 2>&1 ||
  die "pgvector is installed but a vector query as $ROLE in $DB fails"

log "ready: $url (PostgreSQL $version, pgvector $vector)"
echo "postgresql $version $HOST:$PORT db=$DB user=$ROLE pgvector=$vector"
