-- Every validated item and every item error, partitioned by month so that retention can export and
-- drop whole months cheaply. A unique key on a partitioned table must contain the partition key:
-- items take the accepted time of their request as created_at, so a redelivered request maps to
-- the same (request_id, item_id, created_at) and conflicts instead of adding a row.

CREATE TABLE raw_items (
    id                      uuid         NOT NULL DEFAULT uuid_generate_v7(),
    request_id              varchar(64)  NOT NULL,
    item_id                 varchar(256) NOT NULL,
    source                  varchar(20)  NOT NULL,
    action                  varchar(20)  NOT NULL,
    status                  varchar(20)  NOT NULL,
    payload                 jsonb        NOT NULL,
    normalized_phone        varchar(32),
    normalized_bank_account varchar(32),
    normalized_bank         varchar(32),
    normalized_name         varchar(256),
    result                  jsonb        NOT NULL,
    error                   jsonb,
    created_at              timestamptz  NOT NULL,
    updated_at              timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (id, created_at),
    UNIQUE (request_id, item_id, created_at)
) PARTITION BY RANGE (created_at);

-- The `check` look-up: imported records with the same normalized phone or bank account.
CREATE INDEX raw_items_phone_idx ON raw_items (normalized_phone, created_at) WHERE normalized_phone IS NOT NULL;
CREATE INDEX raw_items_bank_account_idx ON raw_items (normalized_bank_account, created_at) WHERE normalized_bank_account IS NOT NULL;

-- One row per failure of an item, in the order validation reported them (position).
CREATE TABLE raw_item_errors (
    id          uuid         NOT NULL DEFAULT uuid_generate_v7(),
    request_id  varchar(64)  NOT NULL,
    item_id     varchar(256) NOT NULL,
    position    smallint     NOT NULL,
    code        varchar(64)  NOT NULL,
    field       varchar(64),
    message     text,
    occurred_at timestamptz  NOT NULL,
    PRIMARY KEY (id, occurred_at),
    UNIQUE (request_id, item_id, position, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX raw_item_errors_code_idx ON raw_item_errors (code, occurred_at);

-- Creates the monthly partitions of a table from the month of p_from for p_months months
-- (raw_items_2026_11 holds November 2026, UTC). Existing partitions are left alone.
CREATE OR REPLACE FUNCTION create_monthly_partitions(p_table text, p_from timestamptz, p_months int)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    month_start timestamptz := date_trunc('month', p_from AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    created int := 0;
    partition_name text;
BEGIN
    FOR i IN 0 .. p_months - 1 LOOP
        partition_name := format('%s_%s', p_table, to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
        IF to_regclass(partition_name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                           partition_name, p_table, month_start, month_start + interval '1 month');
            created := created + 1;
        END IF;
        month_start := month_start + interval '1 month';
    END LOOP;
    RETURN created;
END;
$$;

SELECT create_monthly_partitions('raw_items', now(), 2);
SELECT create_monthly_partitions('raw_item_errors', now(), 2);

-- Where each request sits in validation_requests (its entry id, "<ms>-<seq>", as two numbers so that
-- ids compare in SQL), and when the reconciler last republished it. Entries leave a stream only from
-- its head, so a pending request whose entry id is below the stream's first id has lost its entry.
ALTER TABLE validation_requests ADD COLUMN stream_entry_ms bigint;
ALTER TABLE validation_requests ADD COLUMN stream_entry_seq bigint;
ALTER TABLE validation_requests ADD COLUMN republished_at timestamptz;
