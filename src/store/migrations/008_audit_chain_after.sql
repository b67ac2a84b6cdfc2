CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- INSERT OR REPLACE removes the row it replaces without firing delete triggers: refused.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: no REPLACE'); END;
-- Every new row is linked.
CREATE TRIGGER audit_log_linked BEFORE INSERT ON audit_log
WHEN NEW.hash IS NULL
BEGIN SELECT RAISE(ABORT, 'audit_log rows carry their chain hash'); END;
CREATE TRIGGER delivery_events_no_replace BEFORE INSERT ON delivery_events
WHEN EXISTS (SELECT 1 FROM delivery_events WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only: no REPLACE'); END;
