#!/usr/bin/env bash
# Measures µs per message of sealing and opening a 3-item request and its response (MessageCodec: JSON + AES-256-GCM),
# beside the same-run baseline of plain Json.write / Json.read of the same messages (JMH, one thread, sample mode:
# read the p0.50 lines on a busy machine, the means there include the time the thread was not running).
# Usage: benchmarks/run-codec-bench.sh [more JMH options, e.g. -rf json -rff target/codec-bench.json]
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main StreamCodecBenchmark -t 1 "$@"
