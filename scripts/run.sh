#!/usr/bin/env bash
# Builds the jar if needed and runs the service on $PORT (default 3000) with the bundled model.
# QTP_SKIP_BUILD=1 runs the jar that is there (and stops if there is none) without checking whether the sources are
# newer: the test suite's RunScriptIT uses it, since it runs while Maven itself is building (never a nested build).
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
# shellcheck disable=SC2086
exec java $QTP_JAVA_OPTS -jar "$jar" "$@"
