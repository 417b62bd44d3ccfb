-- Requests and their responses: the record of what was asked and what was answered.
-- Not partitioned: request_id must be unique across all time (idempotent intake and redelivery),
-- and a unique key on a partitioned table has to include the partition key.

-- UUIDv7 (time-ordered) for defaults and manual inserts; the application generates its own.
-- PostgreSQL before 18 has none built in.
CREATE OR REPLACE FUNCTION uuid_generate_v7() RETURNS uuid
LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

CREATE TABLE validation_requests (
    id              uuid        PRIMARY KEY DEFAULT uuid_generate_v7(),
    request_id      varchar(64) NOT NULL UNIQUE,
    source          varchar(20) NOT NULL,
    user_id         varchar(128) NOT NULL,
    action          varchar(20) NOT NULL,
    priority        varchar(10) NOT NULL DEFAULT 'normal',
    data            jsonb       NOT NULL,
    callback_config jsonb,
    status          varchar(20) NOT NULL DEFAULT 'pending',
    item_count      integer     NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The reconciler looks for requests still pending past an age.
CREATE INDEX validation_requests_pending_idx ON validation_requests (created_at) WHERE status = 'pending';

CREATE TABLE validation_responses (
    id                 uuid        PRIMARY KEY DEFAULT uuid_generate_v7(),
    request_id         varchar(64) NOT NULL UNIQUE REFERENCES validation_requests (request_id),
    status             varchar(20) NOT NULL,
    result             jsonb       NOT NULL,
    processing_time_ms integer     NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);
