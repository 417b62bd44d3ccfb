-- Object auditing for Rate Gateway (docs/Security.md#pgaudit), with config/postgresql/pgaudit.conf loaded. Run it as a
-- superuser in the gateway's database once the migrations have run (the tables must exist), and again after an upgrade
-- whose migrations add a table to the GRANT below; running it twice changes nothing:
--   psql -h db.internal -U postgres -d rate -v ON_ERROR_STOP=1 -f config/postgresql/pgaudit-setup.sql
-- With DB_SCHEMA other than public, name the schema: PGOPTIONS='-c search_path=<schema>' psql …

CREATE EXTENSION IF NOT EXISTS pgaudit;

-- The role pgaudit.role names. It never logs in and owns nothing: its privileges only say what is audited.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rate_auditor') THEN
        CREATE ROLE rate_auditor NOLOGIN;
    END IF;
END
$$;

-- Writes to the tables that hold requests, API tokens and the audit log, by the gateway or by hand. Reads are not
-- audited (every status poll reads validation_requests). validation_requests is written two or three times per
-- request (intake, stream entry id, completion): see docs/Security.md for the log volume and how to narrow it.
GRANT INSERT, UPDATE, DELETE ON validation_requests, api_tokens, audit_log TO rate_auditor;
