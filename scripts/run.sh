#!/usr/bin/env bash
# Builds the jar if needed and runs the service on $PORT (default 3000) with the bundled model.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
. scripts/java-opts.sh
jar=target/query-type-predictor.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B -DskipTests package
fi
# shellcheck disable=SC2086
exec java $QTP_JAVA_OPTS -jar "$jar" "$@"
