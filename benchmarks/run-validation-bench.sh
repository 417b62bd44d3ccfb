#!/usr/bin/env bash
# Measures items/s of ValidationProcessor.validate on one thread (JMH), with same-run baselines.
# Usage: benchmarks/run-validation-bench.sh [more JMH options, e.g. -rf json -rff target/bench.json]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main ValidationBenchmark -f 1 -wi 2 -i 3 -t 1 "$@"
