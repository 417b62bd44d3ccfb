-- Who did what when, for actions that change credentials or data by hand: token create/revoke,
-- dead-letter replay/delete. Append-only: rows cannot be changed or removed through the application.
CREATE TABLE audit_log (
    id          uuid         PRIMARY KEY DEFAULT uuid_generate_v7(),
    occurred_at timestamptz  NOT NULL DEFAULT now(),
    actor       varchar(128) NOT NULL,   -- caller id, or cli:<os user> for the token command
    action      varchar(64)  NOT NULL,   -- token.create, token.revoke, dlq.replay, dlq.delete
    target      varchar(128),            -- what it acted on: a token id, a dead-letter entry id
    details     jsonb        NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
