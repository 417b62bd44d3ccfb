#!/usr/bin/env bash
# Runs the benchmark harness, or one benchmark main class of src/test/java/com/rateplatform/gateway/bench, against real
# servers: REDIS_URL / DB_URL when set, embedded ones otherwise. Prints its figures.
#   benchmarks/run.sh all [quick]                 the harness (docs/Performance.md): every figure beside its same-run
#                                                 ceiling; JSON in target/benchmarks/ (~15 min; quick: ~4 min)
#   benchmarks/run.sh WorkerScalingBenchmark [requests] [warm-up requests per worker]
#                                                 1, 2 and 4 worker processes draining a backlog on a local 3-master
#                                                 Redis Cluster, per CPU-second (docs/Capacity-Planning.md; ~10 min)
#   benchmarks/run.sh PersistenceBenchmark [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: benchmarks/run.sh all [quick] | benchmarks/run.sh <BenchmarkClass> [args...]}"
shift
if [ "$name" = all ] || [ "$name" = WorkerScalingBenchmark ]; then
  # A JVM of its own, not Maven's: these start the application's roles from their class path (java.class.path).
  main=com.rateplatform.gateway.bench.harness.Harness
  [ "$name" = all ] || main="com.rateplatform.gateway.bench.${name}"
  mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
  exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" "$main" "$@"
fi
mvn -q test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass="com.rateplatform.gateway.bench.${name}" -Dexec.args="$*" -Dexec.cleanupDaemonThreads=false
