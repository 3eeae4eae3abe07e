#!/usr/bin/env bash
# Search at scale (docs/SEARCH.md, "Speed"): replicates BEIR SciFact to 100,000 documents with distinct ids (each
# source document embedded once by the in-process MiniLM, copies get its vector plus Gaussian noise), ingests them
# into a schema of their own (qtp_search_bench: HNSW + GIN), then times 200 searches per strategy end to end.
# Not part of the test command. Takes about 10-20 minutes on 2 cores.
#
#   scripts/bench/search.sh [--docs 100000] [--searches 200] [--noise 0.02] [--batch 500]
#
# DATABASE_URL (a JDBC URL) defaults to the test server (start it first: scripts/services/all.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
. scripts/jdk.sh
jar=${JAR:-target/query-type-predictor.jar}
[ -f "$jar" ] || ./mvnw -q -B -ntp -DskipTests package
export DATABASE_URL=${DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/qtp_test}
echo "search benchmark: $(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
exec java -jar "$jar" bench-search --data "${SCIFACT:-../shared/data/beir-scifact}" "$@"
