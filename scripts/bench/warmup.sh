#!/usr/bin/env bash
# Time to full speed (issue 18): starts the jar as http-load.sh does, and from the moment /health/ready is 200 runs
# back-to-back 2-second wrk windows of unique (uncached) predictions; prints each window's req/s, the steady rate
# (median of the last 5 windows) and the time until a window first reaches 90 % of it.
#
#   scripts/bench/warmup.sh              # 20 windows = 40 s
#   WINDOWS=30 JAR=... scripts/bench/warmup.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/jdk.sh
. scripts/java-opts.sh
JAR=${JAR:-target/query-type-predictor.jar}
WINDOWS=${WINDOWS:-20}
CONNECTIONS=${CONNECTIONS:-64}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null; apt-get install -y wrk >/dev/null; }; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp /tmp/qtp-warmup.XXXXXX.log)
# shellcheck disable=SC2086
APP_ENV=production PORT=$PORT "$JAVA_HOME/bin/java" $QTP_JAVA_OPTS ${EXTRA_JAVA_OPTS:-} -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
t0=$(date +%s%N)
until [ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$BASE/health/ready" || true)" = 200 ]; do
  kill -0 $PID 2>/dev/null || { echo "error: the server exited; log:" >&2; tail -20 "$LOG" >&2; exit 1; }
  [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 90 ] || { echo "error: not ready in 90 s" >&2; exit 1; }
  sleep 0.02
done
ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "ready after $ready_ms ms; $(date -u '+%F %T UTC'); load $(cut -d' ' -f1-3 /proc/loadavg); JAVA_OPTS=$QTP_JAVA_OPTS ${EXTRA_JAVA_OPTS:-}"
rates=()
bad_total=0
for i in $(seq 1 "$WINDOWS"); do
  line=$(wrk -t2 -c"$CONNECTIONS" -d2s --timeout 5s -s scripts/bench/unique.lua "$BASE" | grep '^RESULT')
  r=$(sed -n 's/.* req_per_s=\([^ ]*\).*/\1/p' <<<"$line")
  bad=$(( $(sed -n 's/.* degraded=\([0-9]*\).*/\1/p' <<<"$line") + $(sed -n 's/.* fallback=\([0-9]*\).*/\1/p' <<<"$line") ))
  rates+=("$r")
  bad_total=$(( bad_total + bad ))
  printf 'window %2d (%3d-%3d s after ready): %8.1f req/s%s\n' "$i" $(( (i - 1) * 2 )) $(( i * 2 )) "$r" \
    "$([ "$bad" -gt 0 ] && echo " ($bad degraded or fallback)")"
done
rss_kb=$(ps -o rss= -p $PID | tr -d ' ')
printf '%s\n' "${rates[@]}" | awk -v ready_ms="$ready_ms" -v rss_kb="$rss_kb" -v bad_total="$bad_total" '
  { r[NR] = $1 }
  END {
    n = 0; for (i = NR - 4; i <= NR; i++) s[++n] = r[i]
    asort(s); steady = s[3]
    for (i = 1; i <= NR; i++) if (r[i] >= 0.9 * steady) { first = i; break }
    printf "steady (median of the last 5 windows): %.1f req/s; first window at >= 90 %%: %d (%d-%d s after ready); first window: %.1f %% of steady\n",
      steady, first, (first - 1) * 2, first * 2, 100 * r[1] / steady
    if (first) printf "from process start to 90 %% of steady: at most %.1f s (ready %.1f s + %d s); RSS at the end: %d MB\n",
      ready_ms / 1000 + first * 2, ready_ms / 1000, first * 2, rss_kb / 1024
    else printf "90 %% of steady not reached; RSS at the end: %d MB\n", rss_kb / 1024
    for (i = 1; i <= NR; i++) total += 2 * r[i]
    printf "answered in all windows: about %d; degraded or fallback: %d\n", total, bad_total
  }'
