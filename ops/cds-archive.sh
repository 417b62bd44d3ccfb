#!/usr/bin/env bash
# Creates the class data sharing archive (AppCDS) of one jar: a training run starts the jar with the process's usual
# environment, waits until /api/health/ready answers 200, and stops it with SIGTERM; the JVM writes the classes it
# loaded to the archive as it exits. Later starts with -XX:SharedArchiveFile=<archive> -Xshare:auto map them instead
# of loading and verifying them again (CPU to ready about 6 s -> 4 s, docs/Performance.md). Run it again after each
# new jar: the JVM ignores an archive made from another jar (and a missing one) and starts the slower way.
#
#   ops/cds-archive.sh /opt/rate-gateway/rate-gateway.jar /var/lib/rate-gateway/rate-gateway.jsa
#
# Environment: what the service has (REDIS_URL, DB_URL, STREAM_ENCRYPTION_KEYS, ROLES ...); HTTP_PORT (default 8080)
# must be free; CDS_READY_TIMEOUT_SECONDS (default 120).
set -euo pipefail
. "$(dirname "$0")/common.sh"

jar="${1:?usage: cds-archive.sh <jar> <archive>}"
archive="${2:?usage: cds-archive.sh <jar> <archive>}"
port="${HTTP_PORT:-8080}"
timeout="${CDS_READY_TIMEOUT_SECONDS:-120}"
[ -f "$jar" ] || die "no jar at $jar"

rm -f "$archive"
log "training run of $jar on port $port"
java -XX:ArchiveClassesAtExit="$archive" -Xmx512m -jar "$jar" >"$archive.log" 2>&1 &
pid=$!
started=$(now_seconds)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health/ready" || true)" = 200 ]; do
  kill -0 "$pid" 2>/dev/null || die "the training run ended before it was ready; see $archive.log"
  if awk -v s="$(elapsed_since "$started")" -v t="$timeout" 'BEGIN { exit !(s > t) }'; then
    kill "$pid"
    die "not ready after $timeout s; see $archive.log"
  fi
  sleep 0.2
done
log "ready after $(elapsed_since "$started") s; stopping it so the JVM writes $archive"
kill -TERM "$pid"
wait "$pid" || true
[ -s "$archive" ] || die "the JVM wrote no archive; see $archive.log"
log "wrote $archive ($(du -h "$archive" | cut -f1))"
