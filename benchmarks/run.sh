#!/usr/bin/env bash
# Runs a benchmark main class from src/test/java/com/rateplatform/gateway/bench against real servers:
# REDIS_URL / DB_URL when set, embedded ones otherwise. Prints its figures.
#   benchmarks/run.sh PersistenceBenchmark [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: benchmarks/run.sh <BenchmarkClass> [args...]}"
shift
mvn -q test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass="com.rateplatform.gateway.bench.${name}" -Dexec.args="$*" -Dexec.cleanupDaemonThreads=false
