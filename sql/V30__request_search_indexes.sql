-- Request search of the ops console (GET /api/monitoring/requests): newest first, keyset on (created_at, id), filtered
-- by one of caller, status, action or source (request_id has its unique index). Each index leads with its filter and
-- goes on in page order, so a page is read straight from it however many rows match; docs/Ops-Console.md shows the
-- plans at 10 million rows. Built CONCURRENTLY so that intake keeps writing while they build on a large table (Flyway
-- runs this file outside a transaction); a build that fails leaves an INVALID index: drop it and start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_created_idx ON validation_requests (created_at, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_user_idx ON validation_requests (user_id, created_at, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_status_idx ON validation_requests (status, created_at, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_action_idx ON validation_requests (action, created_at, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_source_idx ON validation_requests (source, created_at, id);
-- A request's detail shows who replayed or deleted its dead letters: the audit log looked up by request id.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_request_idx ON audit_log ((details->>'request_id'));
