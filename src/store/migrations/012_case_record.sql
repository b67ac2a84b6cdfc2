-- The case record (支援経過, 第5表): what the care manager did and heard, entry by entry.

-- Entries are evidence: never changed or deleted. A correction is a new row that names the row
-- it corrects (`corrects`); a withdrawal is such a row with `withdraws` = 1. What stands is the
-- newest row of each chain that is not a withdrawal.
CREATE TABLE case_notes (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    -- Local time the contact happened: 'YYYY-MM-DD HH:MM'.
    at          TEXT NOT NULL,
    -- A category code (assets/note_categories.tsv or the office's note_categories).
    category    TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    -- The care manager who did it and wrote it.
    staff_id    INTEGER REFERENCES staff(id),
    body        TEXT NOT NULL DEFAULT '',
    -- 特段の事情 for a missed visit, or why a 照会 replaced a meeting.
    reason      TEXT NOT NULL DEFAULT '',
    -- The plan revision a meeting, assessment or inquiry is for.
    plan_id     INTEGER REFERENCES care_plans(id),
    attendees   TEXT NOT NULL DEFAULT '',
    corrects    INTEGER REFERENCES case_notes(id),
    withdraws   INTEGER NOT NULL DEFAULT 0 CHECK (withdraws IN (0, 1)),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CHECK (withdraws = 0 OR corrects IS NOT NULL)
);
CREATE INDEX case_notes_client_at ON case_notes(client_id, at);
CREATE INDEX case_notes_at ON case_notes(at, client_id);
CREATE INDEX case_notes_corrects ON case_notes(corrects);
CREATE TRIGGER case_notes_no_update BEFORE UPDATE ON case_notes
BEGIN SELECT RAISE(ABORT, 'case_notes is append-only: record a correction instead'); END;
CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes
BEGIN SELECT RAISE(ABORT, 'case_notes is append-only: record a correction instead'); END;
CREATE TRIGGER case_notes_stamp_insert AFTER INSERT ON case_notes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
-- Never fire (the two above refuse first); kept so every table of records has all three.
CREATE TRIGGER case_notes_stamp_update AFTER UPDATE ON case_notes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER case_notes_stamp_delete AFTER DELETE ON case_notes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- Categories the office imported: each replaces the built-in row of the same code and start
-- (or adds one). All or nothing per import, audited.
CREATE TABLE note_categories (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (name <> ''),
    name_en     TEXT NOT NULL DEFAULT '',
    counts_as   TEXT NOT NULL CHECK (counts_as IN
        ('home_visit', 'video', 'assessment', 'meeting', 'inquiry', 'contact', 'none')),
    template    TEXT NOT NULL DEFAULT '',
    template_en TEXT NOT NULL DEFAULT '',
    valid_from  TEXT NOT NULL,
    valid_until TEXT,
    source      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    UNIQUE (code, valid_from),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE TRIGGER note_categories_stamp_insert AFTER INSERT ON note_categories
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER note_categories_stamp_update AFTER UPDATE ON note_categories
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER note_categories_stamp_delete AFTER DELETE ON note_categories
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- The date the client's written consent to video monitoring and the サービス担当者会議's
-- agreement are both on record (NULL: not on record, video cannot replace a home visit).
ALTER TABLE clients ADD COLUMN video_consent_on TEXT;
