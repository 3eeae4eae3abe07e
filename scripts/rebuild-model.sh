#!/usr/bin/env bash
# Rebuilds the query-type data set and the bundled model with one command (issue 15):
#
#   1. builds the jar (skip with BUILD=0 when target/query-type-predictor.jar is current);
#   2. build-dataset: data/query-types/{train,dev,test}.jsonl and stats.md from JSQuAD, SciFact, handwritten.tsv and
#      the everyday files data/query-types/everyday/<lang>-<writer>.jsonl (seed 42);
#   3. train: the bundled model src/main/resources/model/current/ (commercial-use licences only), its report
#      src/main/resources/model/training-report.md and the reliability diagram docs/model-reliability.png;
#   4. rebuilds the jar so that it bundles the new model (skip with BUILD=0).
#
# Run it from anywhere after an adjudication changes a `type` in the everyday files. Deterministic: the same inputs
# give the same data files and the same model file (only createdAt and measured times differ).
# Options (environment): SHARED_DATA (default ../shared/data), VERSION (default 1.8.0), BUILD (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
SHARED_DATA=${SHARED_DATA:-../shared/data}
VERSION=${VERSION:-1.8.0}
BUILD=${BUILD:-1}
JAR=target/query-type-predictor.jar

if [ "$BUILD" != 0 ] || [ ! -f "$JAR" ]; then
  ./mvnw -q -B -DskipTests package
fi
java -jar "$JAR" build-dataset --jsquad "$SHARED_DATA/jsquad-v1.3/valid-v1.3.json" \
  --scifact "$SHARED_DATA/beir-scifact" --out data/query-types --seed 42
java -jar "$JAR" train --data data/query-types --out src/main/resources/model --seed 42 --version "$VERSION" \
  --chart docs/model-reliability.png > /dev/null
echo "rebuild-model: wrote data/query-types/ and src/main/resources/model/ (report: src/main/resources/model/training-report.md)" >&2
if [ "$BUILD" != 0 ]; then
  ./mvnw -q -B -DskipTests package
  echo "rebuild-model: $JAR bundles the new model" >&2
fi
