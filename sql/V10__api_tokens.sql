-- API tokens of service clients (X-API-Token). Only the SHA-256 of a token is stored: the token itself is
-- printed once by `token create` and cannot be recovered. Managed with the jar's `token` command.
CREATE TABLE api_tokens (
    id          uuid         PRIMARY KEY DEFAULT uuid_generate_v7(),
    name        varchar(64)  NOT NULL,
    token_hash  char(64)     NOT NULL UNIQUE,   -- hex SHA-256 of the whole token
    token_hint  varchar(16)  NOT NULL,          -- its first characters, to tell tokens apart in listings
    scopes      text[]       NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    created_by  varchar(128) NOT NULL,
    expires_at  timestamptz,                    -- null: does not expire
    revoked_at  timestamptz
);
