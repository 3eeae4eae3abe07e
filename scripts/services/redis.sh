#!/usr/bin/env bash
# Ensures a Redis server answers PING on 127.0.0.1:$QTP_REDIS_PORT (default 6379). A server that already
# answers is used as it is; otherwise redis-server is installed (apt) when missing and started as a daemon
# (loopback only, no persistence). Prints one status line on stdout at the end; logs go to stderr.
set -euo pipefail

me=redis.sh
log() { echo "$me: $*" >&2; }
die() { echo "$me: ERROR: $*" >&2; exit 1; }

HOST=127.0.0.1
PORT=${QTP_REDIS_PORT:-6379}
WAIT=${QTP_WAIT_SECONDS:-60}
LOG=/var/log/redis/ci.log
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -y -o DPkg::Lock::Timeout=300)

# the raw protocol over bash's /dev/tcp, so the checks need neither redis-cli nor a server of ours
redis_cmd() { # redis_cmd <command>: prints the reply (an inline reply, or the lines of a bulk reply)
  local line n=0
  { exec 3<>"/dev/tcp/$HOST/$PORT"; } 2>/dev/null || return 1
  printf '%s\r\n' "$1" >&3
  while IFS= read -r -t 2 line <&3; do
    line=${line%$'\r'}
    n=$((n + 1))
    [ "$n" -gt 1 ] || [[ "$line" == \$* ]] || { printf '%s\n' "$line"; break; } # not a bulk reply
    [ "$n" -eq 1 ] && continue
    [ -z "$line" ] && break
    printf '%s\n' "$line"
  done
  exec 3<&-
}
ready() { [ "$(redis_cmd PING 2>/dev/null)" = "+PONG" ]; }
port_open() { { exec 4<>"/dev/tcp/$HOST/$PORT"; } 2>/dev/null || return 1; exec 4<&-; }
wait_for() { local secs=$1 i; shift; for ((i = 0; i < secs; i++)); do "$@" && return 0; sleep 1; done; "$@"; }

reply=$(redis_cmd PING 2>/dev/null || true)
if [ "$reply" = "+PONG" ]; then
  log "Redis already answering on $HOST:$PORT; using it"
elif [ -n "$reply" ]; then
  die "something on $HOST:$PORT answers PING with '$reply' (a Redis with a password?); free the port or set QTP_REDIS_PORT"
elif port_open; then
  die "$HOST:$PORT is taken by something that does not speak Redis; free the port or set QTP_REDIS_PORT"
else
  [ "$(id -u)" -eq 0 ] || die "Redis is not running on $HOST:$PORT and installing/starting it needs root"
  if ! command -v redis-server >/dev/null; then
    grep -q 'Candidate: [^(]' <<<"$(apt-cache policy redis-server 2>/dev/null)" || { log "apt-get update"; "${APT[@]}" update >&2; }
    log "apt-get install redis-server"
    "${APT[@]}" install --no-install-recommends redis-server >&2
  fi
  # the package's postinst may have started one through its init script
  if ready; then
    log "Redis started by its package; using it"
  else
    log "starting redis-server on $HOST:$PORT"
    mkdir -p /var/lib/redis "$(dirname "$LOG")"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile "$LOG" >&2
    if ! wait_for "$WAIT" ready; then
      tail -n 20 "$LOG" >&2 2>/dev/null || true
      die "Redis did not answer PING on $HOST:$PORT within ${WAIT}s"
    fi
    log "Redis is up on $HOST:$PORT"
  fi
fi

version=$(redis_cmd 'INFO server' 2>/dev/null | sed -n 's/^redis_version://p')
log "ready: redis://$HOST:$PORT (Redis ${version:-unknown})"
echo "redis ${version:-unknown} $HOST:$PORT"
