-- Webhook deliveries: the schedule lives here, not in memory, so retries survive a restart and any gateway
-- may send a due delivery (claimed with FOR UPDATE SKIP LOCKED). One delivery per completed request or batch;
-- its delivery_id (UUIDv7) is sent as X-Rate-Delivery-Id on every attempt, so receivers can drop repeats.

CREATE TABLE webhook_deliveries (
    delivery_id      uuid         PRIMARY KEY,
    subject_kind     varchar(10)  NOT NULL,             -- request | batch
    subject_id       varchar(64)  NOT NULL,             -- its request_id or batch_id
    user_id          varchar(128) NOT NULL,             -- whose webhook secret signs it
    url              text         NOT NULL,
    payload          text         NOT NULL,             -- the exact body signed and sent on every attempt
    -- pending (waiting for next_attempt_at, or being sent) -> delivered | dead
    status           varchar(12)  NOT NULL DEFAULT 'pending',
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    last_status_code integer,
    last_error       text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    UNIQUE (subject_kind, subject_id)
);

-- The dispatcher's question: which pending deliveries are due?
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Every attempt, for GET /api/importer/webhooks/{deliveryId}.
CREATE TABLE webhook_attempts (
    delivery_id  uuid        NOT NULL REFERENCES webhook_deliveries (delivery_id),
    attempt      integer     NOT NULL,
    attempted_at timestamptz NOT NULL,
    duration_ms  integer     NOT NULL,
    status_code  integer,
    error        text,
    PRIMARY KEY (delivery_id, attempt)
);
