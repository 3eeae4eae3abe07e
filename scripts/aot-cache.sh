#!/usr/bin/env bash
# Records the JVM's ahead-of-time cache of the service (JDK 25: classes loaded and linked, and method profiles;
# JEP 483/514/515) for the jar, so that later starts are ready sooner and reach full speed sooner (issue 18;
# figures in docs/BENCHMARKS.md, "Time to full speed"). A training run: the service starts with the JVM options
# it runs with, sends itself a production-like mix of requests for QTP_AOT_TRAINING_DURATION (default 20s;
# io.qtp.aot.AotTraining) and exits, and the JVM writes the cache. scripts/run.sh calls this when the cache is
# missing or older than the jar, and starts the service with it; the container image records its own.
#
#   scripts/aot-cache.sh                      # target/query-type-predictor.jar -> target/query-type-predictor.aot
#   JAR=... AOT_CACHE=... scripts/aot-cache.sh
#
# The cache is only valid for the same jar and JDK; the JVM checks that and starts without it (with a warning) when
# they differ, so a stale cache never stops the service. About 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/java-opts.sh
JAR=${JAR:-target/query-type-predictor.jar}
OUT=${AOT_CACHE:-${JAR%.jar}.aot}
[ -f "$JAR" ] || { echo "aot-cache.sh: error: $JAR does not exist; build it with ./mvnw -q -DskipTests package" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 39391)
LOG=$(mktemp /tmp/qtp-aot.XXXXXX.log)
rm -f "$OUT"
echo "aot-cache.sh: training run of $JAR on port $PORT (log $LOG) ..." >&2
# shellcheck disable=SC2086
if ! APP_ENV=production PORT=$PORT QTP_AOT_TRAINING=true "$JAVA_HOME/bin/java" $QTP_JAVA_OPTS \
    -XX:AOTCacheOutput="$OUT" -Xlog:aot=error -jar "$JAR" >"$LOG" 2>&1 || [ ! -s "$OUT" ]; then
  echo "aot-cache.sh: error: the training run failed; last lines of $LOG:" >&2
  tail -20 "$LOG" >&2
  exit 1
fi
grep -o 'AOT training run done[^"]*' "$LOG" >&2 || true
rm -f "$LOG"
echo "aot-cache.sh: wrote $OUT ($(du -h "$OUT" | cut -f1))" >&2
