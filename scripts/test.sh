#!/usr/bin/env bash
# The whole test suite: unit tests, Quarkus tests and the tests against the packaged jar.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
# The servers the tests talk to (installed from Debian's packages and started when missing; idempotent).
scripts/services/all.sh
echo "test.sh: using JDK at $JAVA_HOME ($(java -version 2>&1 | head -n1))"
exec ./mvnw -B -ntp verify "$@"
