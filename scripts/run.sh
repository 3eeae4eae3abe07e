#!/usr/bin/env bash
# Builds the jar if needed and runs the service on $PORT (default 3000) with the bundled model.
# QTP_SKIP_BUILD=1 runs the jar that is there (and stops if there is none) without checking whether the sources are
# newer: the test suite's RunScriptIT uses it, since it runs while Maven itself is building (never a nested build).
# The JVM's ahead-of-time cache (target/query-type-predictor.aot, scripts/aot-cache.sh: ready sooner, full speed
# sooner; docs/BENCHMARKS.md "Time to full speed") is recorded after a build when it is missing or older than the jar
# (about 40 s, once) and used when it is current; QTP_AOT_CACHE=0 does neither.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/java-opts.sh
jar=target/query-type-predictor.jar
if [ "${QTP_SKIP_BUILD:-}" = 1 ]; then
  if [ ! -f "$jar" ]; then
    echo "error: QTP_SKIP_BUILD=1 but $jar does not exist; build it with ./mvnw -q -DskipTests package" >&2
    exit 1
  fi
elif [ ! -f "$jar" ] || [ -n "$(find src core/src pom.xml core/pom.xml service/pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B -DskipTests package
fi
aot=${jar%.jar}.aot
aot_opts=
if [ "${QTP_AOT_CACHE:-1}" != 0 ]; then
  if [ "${QTP_SKIP_BUILD:-}" != 1 ] && { [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ]; }; then
    scripts/aot-cache.sh || echo "run.sh: no AOT cache (the training run failed); starting without it" >&2
  fi
  if [ -f "$aot" ] && [ ! "$jar" -nt "$aot" ]; then
    aot_opts="-XX:AOTCache=$aot"
  fi
fi
# shellcheck disable=SC2086
exec java $QTP_JAVA_OPTS $aot_opts -jar "$jar" "$@"
