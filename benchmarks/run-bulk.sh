#!/usr/bin/env bash
# Streams N NDJSON items (default 1,000,000) through POST /api/importer/bulk into a gateway JVM (both roles) capped at
# the given heap (default 256m), then the same items through POST /api/importer/import 1,000 per request as a same-run
# baseline. Prints items/s end to end for both and the gateway's heap figures. Uses REDIS_URL / DB_URL when set,
# embedded servers otherwise.
#   benchmarks/run-bulk.sh [items] [heap]        e.g. benchmarks/run-bulk.sh 2000000 128m
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-1000000}"
heap="${2:-256m}"
mvn -q -B test -Dtest=MillionItemBulkTest -DexcludedTestGroups= -Dbulk.items="$items" -Dbulk.heap="$heap"
grep -A2 -E "^(Bulk import|Baseline)" target/surefire-reports/com.rateplatform.gateway.bulk.MillionItemBulkTest-output.txt
