-- A token's default webhook URL: where webhooks of its caller (token:<name>) go when a request or bulk import names
-- no callback_config.webhook_url. Set with `token create --webhook-url` or `token webhook`; checked against the
-- webhook URL policy when stored and again at every send. Null: no default, no webhook without an explicit URL.
ALTER TABLE api_tokens ADD COLUMN webhook_url text;
