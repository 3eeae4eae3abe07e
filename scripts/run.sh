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
# The bundled model is boosted trees: Tribuo loads them through XGBoost4J, whose native library needs the OpenMP
# runtime libgomp.so.1 (Debian's libgomp1, usually there with gcc). Without it the service still starts but answers
# with the rule-based scorer (fallback: true), so install it when we can and say so when we cannot.
has_gomp() {
  local f
  for f in /usr/lib/*/libgomp.so.1 /usr/lib64/libgomp.so.1 /usr/lib/libgomp.so.1 /lib/*/libgomp.so.1; do
    [ -e "$f" ] && return 0
  done
  { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -q 'libgomp\.so\.1'
}
if ! has_gomp; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run.sh: installing libgomp1 (XGBoost's OpenMP runtime, needed to load the bundled model)" >&2
    { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgomp1 >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgomp1 >/dev/null; }; } \
      || echo "run.sh: WARNING: could not install libgomp1: the bundled model will not load (rules answer)" >&2
  else
    echo "run.sh: WARNING: libgomp.so.1 is missing (install libgomp1): the bundled model will not load and the" \
      "rule-based scorer will answer (fallback: true)" >&2
  fi
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
