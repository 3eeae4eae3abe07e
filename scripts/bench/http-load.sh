#!/usr/bin/env bash
# HTTP load benchmark of the packaged jar with wrk (Debian's package). See docs/BENCHMARKS.md, "HTTP load".
#
#   scripts/bench/http-load.sh                       # warm-up, then the unique / repeated / batch scenarios
#   SOAK=300 scripts/bench/http-load.sh              # ... then 5 minutes of unique-query load, then RSS
#
# Each scenario line also gives the server's CPU time per request (cpu_us_per_req) and the cores it used
# (server_cores); a `cpu:` line sets each prediction scenario's CPU per request against GET /health/live's.
#
# Options (environment):
#   DURATION=30s       length of each scenario
#   CONNECTIONS=64     wrk connections
#   THREADS=2          wrk threads (the server and wrk share the machine's cores)
#   WARMUP=15s         unmeasured load before the scenarios (JIT warm-up); 0 to skip
#   SCENARIOS="unique repeated batch live"   live = GET /health/live, the ceiling of the same server (last: warm)
#   ALLOW_DEGRADED=0   1: do not fail a model scenario whose answers include degraded or fallback ones
#   SOAK=0             seconds of unique-query load after the scenarios, followed by VmRSS and /health/details
#   WRK_CPUS=          if set, run wrk under `taskset -c $WRK_CPUS` (e.g. WRK_CPUS=1)
#   SERVER_CPUS=       if set, run the server under `taskset -c $SERVER_CPUS` (e.g. SERVER_CPUS=0)
#   JAVA_OPTS=         JVM options; unset: the service's defaults of scripts/java-opts.sh (as scripts/run.sh);
#                      JAVA_OPTS="" for the JVM's own defaults
#   EXTRA_JAVA_OPTS=   added after JAVA_OPTS (e.g. a JFR recording)
#   PORT=              server port (default: a free one)
#   JAR=               the jar to run (default target/query-type-predictor.jar, built if missing)
#   KEEP_LOG=1         keep the server's stdout log (deleted by default: one JSON line per request)
# Traffic goes to 127.0.0.1 only. The server is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=scripts/bench

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-15s}
SCENARIOS=${SCENARIOS:-unique repeated batch live}
ALLOW_DEGRADED=${ALLOW_DEGRADED:-0}
SOAK=${SOAK:-0}
WRK_CPUS=${WRK_CPUS:-}
SERVER_CPUS=${SERVER_CPUS:-}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-60}

# ---- wrk
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (apt-get)" >&2
  if ! apt-get install -y wrk >/dev/null 2>&1; then
    timeout 300 apt-get update >/dev/null
    timeout 300 apt-get install -y wrk >/dev/null
  fi
fi

# ---- JDK and jar
. scripts/jdk.sh
. scripts/java-opts.sh
JAVA_OPTS="$QTP_JAVA_OPTS ${EXTRA_JAVA_OPTS:-}"
JAR=${JAR:-target/query-type-predictor.jar}
if [ ! -f "$JAR" ]; then
  echo "building $JAR" >&2
  ./mvnw -q -B -DskipTests package
fi

# ---- machine
echo "== HTTP load benchmark"
echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sm)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before start)"
echo "jdk:     $("$JAVA_HOME/bin/java" -version 2>&1 | head -n1) ($JAVA_HOME)"
echo "wrk:     $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-3)"
echo "options: DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS WARMUP=$WARMUP SOAK=$SOAK WRK_CPUS=${WRK_CPUS:-none} SERVER_CPUS=${SERVER_CPUS:-none} JAVA_OPTS=${JAVA_OPTS:-none}"
echo "jar:     $JAR ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ', with uncommitted changes in src/'))"

# ---- server
if [ -z "${PORT:-}" ]; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
fi
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp /tmp/qtp-http-load.XXXXXX.log)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  # The production access log is one JSON line per request (gigabytes after a soak): kept only on request.
  if [ "${KEEP_LOG:-0}" = 1 ]; then echo "log kept: $LOG" >&2; else rm -f "$LOG"; fi
}
trap cleanup EXIT INT TERM

PIN_SERVER=()
[ -n "$SERVER_CPUS" ] && PIN_SERVER=(taskset -c "$SERVER_CPUS")
PIN_WRK=()
[ -n "$WRK_CPUS" ] && PIN_WRK=(taskset -c "$WRK_CPUS")

t0=$(date +%s%N)
# shellcheck disable=SC2086
APP_ENV=production PORT=$PORT "${PIN_SERVER[@]}" "$JAVA_HOME/bin/java" $JAVA_OPTS -jar "$JAR" >"$LOG" 2>&1 &
SERVER_PID=$!
ready_ms=""
deadline=$(( t0 + READY_TIMEOUT_S * 1000000000 ))
while [ "$(date +%s%N)" -lt "$deadline" ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "error: the server exited during start-up; log: $LOG" >&2; tail -n 20 "$LOG" >&2; exit 1
  fi
  code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$BASE/health/ready" || true)
  if [ "$code" = 200 ]; then ready_ms=$(( ($(date +%s%N) - t0) / 1000000 )); break; fi
  sleep 0.02
done
if [ -z "$ready_ms" ]; then
  echo "error: /health/ready not 200 within ${READY_TIMEOUT_S}s; log: $LOG" >&2; exit 1
fi
echo "server:  pid $SERVER_PID on $BASE, stdout/stderr -> $LOG"
echo "startup: /health/ready 200 after ${ready_ms} ms from process start (polled every 20 ms)"
echo "rss:     $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$SERVER_PID/status") when ready"

field() { sed -n "s/\(^\|.* \)$1=\([^ ]*\).*/\2/p" <<<"$2"; }

# The server's CPU time so far (user + system, all threads), in clock ticks (/proc/PID/stat fields 14 and 15).
CLK_TCK=$(getconf CLK_TCK)
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

# Runs one wrk scenario; prints its RESULT line prefixed with the scenario name, followed by the server's CPU time
# per request (cpu_us_per_req) and the cores it used on average (server_cores): CPU time per request does not depend
# on how much of the shared cores wrk or another process took meanwhile, so it compares across runs on a noisy host
# better than requests/s does.
run_wrk() { # name script duration
  local name=$1 script=$2 dur=$3 secs out before after result
  case $dur in *m) secs=$(( ${dur%m} * 60 ));; *s) secs=${dur%s};; *) secs=$dur;; esac
  before=$(server_ticks)
  out=$(timeout $(( secs + 60 )) \
    "${PIN_WRK[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$dur" --timeout 5s --latency -s "$BENCH/$script" "$BASE") || {
    echo "error: wrk failed for $name" >&2; echo "$out" >&2; return 1; }
  after=$(server_ticks)
  result=$(grep '^RESULT' <<<"$out" | sed 's/^RESULT //')
  printf '%-10s %s %s\n' "$name" "$result" "$(awk -v t=$(( after - before )) -v hz="$CLK_TCK" \
    -v n="$(field requests "$result")" -v d="$(field duration_s "$result")" \
    'BEGIN { printf "cpu_us_per_req=%.1f server_cores=%.2f", (n > 0 ? 1e6 * t / hz / n : 0), (d > 0 ? t / hz / d : 0) }')"
}

if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
  echo "warm-up: $WARMUP of unique queries and $WARMUP of batches (not measured)"
  run_wrk warmup unique.lua "$WARMUP" >/dev/null
  run_wrk warmup batch.lua "$WARMUP" >/dev/null
fi

echo "-- scenarios ($DURATION each, $CONNECTIONS connections, $THREADS wrk threads)"
# Each RESULT line also counts the answers by model version and the degraded and fallback ones (report.lua): a
# scenario meant to measure the model fails the run if the rules or a degraded path answered any of it.
declare -A RPS CPU
dishonest=""
for s in $SCENARIOS; do
  line=$(run_wrk "$s" "$s.lua" "$DURATION")
  echo "$line"
  RPS[$s]=$(field req_per_s "$line")
  CPU[$s]=$(field cpu_us_per_req "$line")
  if [ "$s" != live ] && [ $(( $(field degraded "$line") + $(field fallback "$line") )) -gt 0 ]; then
    dishonest="$dishonest $s"
  fi
done
if [ -n "${RPS[live]:-}" ]; then
  for s in $SCENARIOS; do
    [ "$s" = live ] && continue
    awk -v s="$s" -v r="${RPS[$s]}" -v c="${RPS[live]}" \
      'BEGIN { printf "ceiling:  %-9s %.1f req/s = %.1f %% of GET /health/live (%.1f req/s)\n", s, r, 100 * r / c, c }'
    awk -v s="$s" -v r="${CPU[$s]}" -v c="${CPU[live]}" \
      'BEGIN { printf "cpu:      %-9s %.1f us of server CPU per request = %.2fx GET /health/live (%.1f us)\n", s, r, (c > 0 ? r / c : 0), c }'
  done
fi
if [ -n "$dishonest" ]; then
  echo "error: degraded or fallback answers in:$dishonest (not a measure of the model; ALLOW_DEGRADED=1 to report anyway)" >&2
  [ "$ALLOW_DEGRADED" = 1 ] || exit 1
fi

if [ "$SOAK" -gt 0 ] 2>/dev/null; then
  echo "-- soak: ${SOAK}s of unique queries"
  run_wrk soak unique.lua "${SOAK}s"
  sleep 2
  echo "rss:     VmRSS $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$SERVER_PID/status"), VmHWM $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$SERVER_PID/status") after the soak"
  echo "details: $(curl -s -m 5 "$BASE/health/details" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d.get("memory", d.get("components", {}).get("memory", d))))' 2>/dev/null || echo unavailable)"
fi

echo "log:     $(wc -l <"$LOG") lines in $LOG"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end)"
