#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of every search shape of GET /api/monitoring/requests on 10 million generated requests,
# in a scratch schema of its own (dropped at the end): the migrations up to V22, the rows (generate_series), then V30's
# indexes (timed), then one plan per shape, the query as RequestSearch builds it. Needs psql and a PostgreSQL where you
# may create a schema; about 2 GB of disk for the table and its indexes while it runs.
#   PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=test benchmarks/request-search-plans.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
schema="rg_scratch_plans_$$"
export PGOPTIONS="-c search_path=$schema"
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
trap 'PGOPTIONS= psql_q -c "DROP SCHEMA IF EXISTS $schema CASCADE"' EXIT

PGOPTIONS= psql_q -c "CREATE SCHEMA $schema"
for version in 1 2 3 10 11 20 21 22; do
  psql_q -f sql/V${version}__*.sql >/dev/null
done

echo "== $rows requests"
# A quarter from the Importer (5 service callers), the rest from 10,000 Extension callers; about 1 % partial, 0.1 %
# error, 0.02 % pending (of every source and caller), 2 % 'check'; spread over 90 days; ids time-ordered as the
# application's UUIDv7 are.
time psql_q <<SQL
INSERT INTO validation_requests (id, request_id, source, user_id, action, data, status, error_code, item_count, created_at, updated_at)
SELECT lpad(to_hex(g), 32, '0')::uuid, 'req-' || g,
       CASE WHEN g % 4 = 0 THEN 'importer' ELSE 'extension' END,
       CASE WHEN g % 4 = 0 THEN 'token:importer-' || (g % 5) ELSE 'caller-' || (g % 10000) END,
       CASE WHEN g % 4 = 0 THEN 'import' WHEN g % 37 = 1 THEN 'check' ELSE 'validate' END,
       '{"items": [{"item_id": "item_001", "phone": "0912345678"}]}',
       CASE WHEN g % 1009 = 7 THEN 'error' WHEN g % 4999 = 11 THEN 'pending' WHEN g % 101 = 3 THEN 'partial' ELSE 'success' END,
       CASE WHEN g % 1009 = 7 THEN 'DELIVERY_LIMIT_EXCEEDED' END,
       1, at, at
  FROM generate_series(1, $rows) g, LATERAL (SELECT timestamptz '2026-09-01' + g * (interval '90 days' / $rows)) t(at);
SQL

echo "== V30 on $rows rows (CREATE INDEX CONCURRENTLY)"
time psql_q -f sql/V30__*.sql
psql_q -c "VACUUM ANALYZE validation_requests"
psql_q -c "SELECT relname, pg_size_pretty(pg_relation_size(oid)) FROM pg_class WHERE relname LIKE 'validation_requests%' ORDER BY 1"

plan() {
  echo "== $1"
  psql_q -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) SELECT request_id, source, user_id, action, priority, status, error_code,
    item_count, created_at, updated_at, id FROM validation_requests WHERE true $2 ORDER BY created_at DESC, id DESC LIMIT 51"
}
middle="(SELECT created_at FROM validation_requests WHERE request_id = 'req-$((rows / 2))')"
plan "newest first, no filter" ""
plan "request_id" "AND request_id = 'req-$((rows / 3))'"
plan "caller (Extension, ~750 rows)" "AND user_id = 'caller-42'"
plan "caller (Importer service, ~500k rows)" "AND user_id = 'token:importer-2'"
plan "status error (0.1 %)" "AND status = 'error'"
plan "status pending (0.02 %)" "AND status = 'pending'"
plan "status success (~99 %)" "AND status = 'success'"
plan "action check (2 %)" "AND action = 'check'"
plan "source importer (25 %)" "AND source = 'importer'"
plan "time range, one hour" "AND created_at >= $middle AND created_at < $middle + interval '1 hour'"
plan "caller + time range" "AND user_id = 'caller-42' AND created_at >= $middle - interval '30 days' AND created_at < $middle"
plan "status error + source importer" "AND status = 'error' AND source = 'importer'"
plan "Importer service caller + status error" "AND user_id = 'token:importer-2' AND status = 'error'"
plan "action check + status error" "AND action = 'check' AND status = 'error'"
plan "no match: Extension caller + source importer + status error" "AND user_id = 'caller-42' AND source = 'importer' AND status = 'error'"
plan "no match: status error + a time range with none" "AND status = 'error' AND created_at >= $middle AND created_at < $middle + interval '10 seconds'"
plan "deep page, no filter (cursor in the middle)" "AND (created_at, id) < ($middle, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)"
plan "deep page, status error" "AND status = 'error' AND (created_at, id) < ($middle, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)"

# The application binds its values. Had it let pgjdbc prepare the statement on the server, PostgreSQL could switch to
# one generic plan for all values after five executions; RequestSearch asks for a plan per execution instead
# (prepareThreshold 0). What a generic plan would do where the value matters most:
generic() {
  echo "== generic plan: $1"
  psql_q <<SQL
SET plan_cache_mode = force_generic_plan;
PREPARE search(text, text) AS SELECT request_id, source, user_id, action, priority, status, error_code, item_count,
    created_at, updated_at, id FROM validation_requests WHERE true $2 ORDER BY created_at DESC, id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) EXECUTE search($3);
SQL
}
generic "caller + status" "AND user_id = \$1 AND status = \$2" "'token:importer-2', 'error'"
generic "caller + status (an Extension caller)" "AND user_id = \$1 AND status = \$2" "'caller-42', 'success'"
generic "status + source" "AND status = \$1 AND source = \$2" "'error', 'importer'"
