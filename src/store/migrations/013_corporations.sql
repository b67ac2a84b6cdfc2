-- 特定事業所集中減算: the corporation (法人) a provider belongs to, and the 正当な理由 an office
-- records for a judgement period and service.

-- Empty: not recorded (the provider then counts as a corporation of its own, under its name).
-- The 法人番号 is 13 digits with its check digit (checked by domain::ids::CorporationNumber).
ALTER TABLE providers ADD COLUMN corporation_name TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN corporation_number TEXT NOT NULL DEFAULT '';

-- One note per period ('2026-H2') and service type; corrected in place (the audit trail keeps
-- what it said before), never deleted: an empty note is a note taken back.
CREATE TABLE concentration_notes (
    id           INTEGER PRIMARY KEY,
    period       TEXT NOT NULL,
    service_type TEXT NOT NULL,
    note         TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL,
    UNIQUE (period, service_type)
);
CREATE TRIGGER concentration_notes_stamp_insert AFTER INSERT ON concentration_notes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER concentration_notes_stamp_update AFTER UPDATE ON concentration_notes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER concentration_notes_stamp_delete AFTER DELETE ON concentration_notes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
