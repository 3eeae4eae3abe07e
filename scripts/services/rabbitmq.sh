#!/usr/bin/env bash
# Ensures a RabbitMQ broker speaks AMQP on 127.0.0.1:$QTP_RABBITMQ_PORT (default 5672) and that the user
# $QTP_RABBITMQ_USER / $QTP_RABBITMQ_PASSWORD (default guest/guest, allowed from loopback by default) can log
# in with full permissions on vhost "/". A broker that already answers is used as it is; otherwise
# rabbitmq-server is installed (apt) when missing and started detached. Prints one status line on stdout at
# the end; logs go to stderr.
set -euo pipefail

me=rabbitmq.sh
log() { echo "$me: $*" >&2; }
die() { echo "$me: ERROR: $*" >&2; exit 1; }

HOST=127.0.0.1
PORT=${QTP_RABBITMQ_PORT:-5672}
USER_NAME=${QTP_RABBITMQ_USER:-guest}
USER_PASS=${QTP_RABBITMQ_PASSWORD:-guest}
WAIT=${QTP_RABBITMQ_WAIT_SECONDS:-120} # a cold Erlang node can take a while
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -y -o DPkg::Lock::Timeout=300)
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin ;; esac # rabbitmq* live there

# AMQP 0-9-1 check over bash's /dev/tcp: send the protocol header, expect a method frame (type 1) back,
# i.e. connection.start -- the broker is up and accepting clients, not just a listening socket
amqp_ready() {
  local b
  { exec 3<>"/dev/tcp/$HOST/$PORT"; } 2>/dev/null || return 1
  printf 'AMQP\000\000\011\001' >&3
  LC_ALL=C IFS= read -r -N 1 -t 3 b <&3 || b=""
  exec 3<&-
  [ "$b" = $'\001' ]
}
port_open() { { exec 4<>"/dev/tcp/$HOST/$PORT"; } 2>/dev/null || return 1; exec 4<&-; }
wait_for() { local secs=$1 i; shift; for ((i = 0; i < secs; i++)); do "$@" && return 0; sleep 1; done; "$@"; }
ctl() { rabbitmqctl -q "$@" 2>&1; }

# --- 1. a broker on 127.0.0.1:$PORT -------------------------------------------------------------------------
if amqp_ready; then
  log "RabbitMQ already accepting AMQP connections on $HOST:$PORT; using it"
elif port_open; then
  die "$HOST:$PORT is taken by something that does not speak AMQP; free the port or set QTP_RABBITMQ_PORT"
else
  [ "$(id -u)" -eq 0 ] || die "RabbitMQ is not running on $HOST:$PORT and installing/starting it needs root"
  if ! command -v rabbitmq-server >/dev/null && [ ! -x /usr/sbin/rabbitmq-server ]; then
    grep -q 'Candidate: [^(]' <<<"$(apt-cache policy rabbitmq-server 2>/dev/null)" || { log "apt-get update"; "${APT[@]}" update >&2; }
    log "apt-get install rabbitmq-server"
    "${APT[@]}" install --no-install-recommends rabbitmq-server >&2
  fi
  if amqp_ready; then
    log "RabbitMQ started by its package; using it"
  else
    # the node is named rabbit@<short host name>; where that name does not resolve (some containers) the
    # node cannot start, so name it rabbit@localhost -- unless a node name is configured already
    envconf=/etc/rabbitmq/rabbitmq-env.conf
    if ! getent hosts "$(hostname -s)" >/dev/null && ! grep -qs '^ *\(export \)\?NODENAME=' "$envconf"; then
      log "host name $(hostname -s) does not resolve: setting NODENAME=rabbit@localhost in $envconf"
      mkdir -p "$(dirname "$envconf")"
      echo 'NODENAME=rabbit@localhost' >>"$envconf"
    fi
    log "starting rabbitmq-server (detached)"
    rabbitmq-server -detached >&2 || log "rabbitmq-server -detached returned non-zero; waiting anyway"
    if ! wait_for "$WAIT" amqp_ready; then
      tail -n 30 /var/log/rabbitmq/*.log >&2 2>/dev/null || true
      die "RabbitMQ did not accept AMQP connections on $HOST:$PORT within ${WAIT}s"
    fi
    log "RabbitMQ is up on $HOST:$PORT"
  fi
fi

# --- 2. the user the tests log in with --------------------------------------------------------------------
if ! command -v rabbitmqctl >/dev/null; then
  log "warning: no rabbitmqctl here; cannot check user $USER_NAME (the broker is not this machine's)"
elif ctl authenticate_user "$USER_NAME" "$USER_PASS" >/dev/null; then
  log "user $USER_NAME authenticates"
elif ! users=$(ctl list_users); then
  log "warning: rabbitmqctl cannot reach the broker ($users); cannot check user $USER_NAME"
else
  if awk '{print $1}' <<<"$users" | grep -xF "$USER_NAME" >/dev/null; then
    log "resetting the password of user $USER_NAME"
    ctl change_password "$USER_NAME" "$USER_PASS" >&2
  else
    log "creating user $USER_NAME"
    ctl add_user "$USER_NAME" "$USER_PASS" >&2
  fi
  ctl authenticate_user "$USER_NAME" "$USER_PASS" >/dev/null || die "user $USER_NAME still cannot authenticate"
fi
if command -v rabbitmqctl >/dev/null && perms=$(ctl list_user_permissions "$USER_NAME"); then
  if ! grep -qxF $'/\t.*\t.*\t.*' <<<"$perms"; then
    log "granting $USER_NAME full permissions on vhost /"
    ctl set_permissions -p / "$USER_NAME" '.*' '.*' '.*' >&2
  fi
fi

version=unknown
if command -v rabbitmq-diagnostics >/dev/null; then
  version=$(rabbitmq-diagnostics -q server_version 2>/dev/null | tail -n1) || version=unknown
fi
log "ready: amqp://$USER_NAME@$HOST:$PORT/ (RabbitMQ $version)"
echo "rabbitmq ${version:-unknown} $HOST:$PORT user=$USER_NAME"
