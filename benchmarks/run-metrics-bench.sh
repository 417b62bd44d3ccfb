#!/usr/bin/env bash
# Measures what counting costs per request (ns per call, JMH, one thread): RequestMetrics next to a held counter's
# increment and a registry search per call, measured in the same run.
# Usage: benchmarks/run-metrics-bench.sh [more JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main RequestMetricsBenchmark -f 1 -t 1 "$@"
