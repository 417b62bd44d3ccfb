-- A request that ends in the dead-letter stream is given status 'error' and the reason here.
ALTER TABLE validation_requests ADD COLUMN error_code varchar(64);
