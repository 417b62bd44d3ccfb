-- A fingerprint of each request (SHA-256 of its endpoint, caller, action, priority, webhook URL and items, as parsed),
-- so that a request_id sent again with a different request is refused (409 REQUEST_ID_CONFLICT) while the same request
-- sent again still gets the first answer. Null for requests recorded before: a repeat of one is answered as before.
ALTER TABLE validation_requests ADD COLUMN request_hash bytea;
