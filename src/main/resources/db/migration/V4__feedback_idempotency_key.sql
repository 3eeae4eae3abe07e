-- Feedback that can be retried safely (issue 13): a client (or nginx, retrying on the next instance) sends the
-- same Idempotency-Key header again after an ambiguous 503 or a 502, and the feedback is stored once. The key is unique
-- (NULL for feedback sent without one); request_hash (SHA-256 of the validated feedback) tells a retry of the same
-- feedback from the key reused for another one (422).
ALTER TABLE feedback ADD COLUMN idempotency_key varchar(255);
ALTER TABLE feedback ADD COLUMN request_hash char(64);
ALTER TABLE feedback ADD CONSTRAINT feedback_idempotency_key_unique UNIQUE (idempotency_key);
