-- Request search of the ops console (GET /api/monitoring/requests): newest first, keyset on (created_at, id), filtered
-- by caller, status, action or source (request_id has its unique index). Every index here costs each intake write, so
-- only the filters that select few rows get one, leading with the filter and going on in page order, so a page is read
-- straight from it: the caller, and the statuses an operator looks for (error, partial; pending has V1's partial
-- index). Success (most rows), action and source read the newest rows from (created_at, id) and skip the others:
-- docs/Ops-Console.md shows the plans at 10 million rows. Built CONCURRENTLY so that intake keeps writing while they
-- build on a large table (Flyway runs this file outside a transaction); a build that fails leaves an INVALID index: drop
-- it and start again.
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_created_idx ON validation_requests (created_at, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_user_idx ON validation_requests (user_id, created_at, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS validation_requests_failed_idx ON validation_requests (status, created_at, id)
    WHERE status IN ('error', 'partial');
-- A request's detail shows who replayed or deleted its dead letters: the audit log looked up by request id.
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_request_idx ON audit_log ((details->>'request_id'));
