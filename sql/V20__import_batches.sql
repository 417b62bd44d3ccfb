-- Bulk imports: one batch per POST /api/importer/bulk, cut into chunks. Each chunk is also an ordinary
-- request in validation_requests (so the reconciler protects it like any other); import_chunks says which
-- batch it belongs to and where in the input it came from. Counts are added up as chunk responses arrive.

CREATE TABLE import_batches (
    batch_id       varchar(64)  PRIMARY KEY,
    user_id        varchar(128) NOT NULL,
    -- receiving (body still being read) -> processing (every chunk sent) -> success | partial | error
    status         varchar(20)  NOT NULL DEFAULT 'receiving',
    webhook_url    text,
    chunk_size     integer      NOT NULL,
    chunks_total   integer      NOT NULL DEFAULT 0,
    chunks_done    integer      NOT NULL DEFAULT 0,
    items_total    bigint       NOT NULL DEFAULT 0,
    items_done     bigint       NOT NULL DEFAULT 0,
    items_error    bigint       NOT NULL DEFAULT 0,
    -- lines refused at intake (policy skip), and the first of them with line number and reason
    rejected       bigint       NOT NULL DEFAULT 0,
    rejected_lines jsonb        NOT NULL DEFAULT '[]'::jsonb,
    -- why reading stopped before the end of the body (policy stop, size limit, a failure), when it did
    intake_error   text,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    sealed_at      timestamptz,
    completed_at   timestamptz,
    updated_at     timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE import_chunks (
    request_id   varchar(64) PRIMARY KEY,
    batch_id     varchar(64) NOT NULL REFERENCES import_batches (batch_id),
    chunk_no     integer     NOT NULL,
    first_line   bigint      NOT NULL,
    last_line    bigint      NOT NULL,
    items        integer     NOT NULL,
    -- pending until its response is recorded, then the response's status
    status       varchar(20) NOT NULL DEFAULT 'pending',
    items_done   integer,
    items_error  integer,
    completed_at timestamptz,
    UNIQUE (batch_id, chunk_no)
);
