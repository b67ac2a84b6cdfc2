-- 記録開始日: the day from which the office keeps its records in careplan. A plan step or a
-- monitoring month before it is history kept elsewhere (導入前（記録なし）), never a failure.
-- NULL: not set yet (an existing database until the office says; ホーム asks once).
ALTER TABLE office ADD COLUMN records_since TEXT;

-- What a move-in (careplan migrate) leaves for a person: a row it could not place (a client
-- the files name only by number, a plan line no single provider fits, a 契約日 estimated).
-- Settled or withdrawn, never deleted.
CREATE TABLE migration_reviews (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,          -- honobono | kokuho | csv
    file           TEXT NOT NULL,
    line           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    detail         TEXT NOT NULL,
    insurer_number TEXT NOT NULL DEFAULT '',
    insured_number TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'withdrawn')),
    created_at     TEXT NOT NULL,
    settled_at     TEXT,
    -- A second run of the same files raises the same item once.
    UNIQUE (source, kind, insurer_number, insured_number, detail)
);
CREATE TRIGGER migration_reviews_stamp_insert AFTER INSERT ON migration_reviews
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER migration_reviews_stamp_update AFTER UPDATE ON migration_reviews
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- Where a client's 契約日 came from: entered (typed or imported as such) or, for a client moved
-- in from an export that does not carry it, the proxy used — notification (居宅サービス計画作成
-- 依頼届出日), first_plan (初回居宅サービス計画作成日), first_claim (the first month billed),
-- certification_start. Anything but entered is an estimate (推定) and is listed for review.
ALTER TABLE clients ADD COLUMN contract_date_source TEXT NOT NULL DEFAULT 'entered'
    CHECK (contract_date_source IN
        ('entered', 'notification', 'first_plan', 'first_claim', 'certification_start'));
CREATE TRIGGER migration_reviews_stamp_delete AFTER DELETE ON migration_reviews
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- An office's own category may count as paper_check (a revision's steps checked on its paper
-- records): the CHECK of note_categories gains it (SQLite rebuilds a table to change one).
CREATE TABLE note_categories_new (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL CHECK (name <> ''),
    name_en     TEXT NOT NULL DEFAULT '',
    counts_as   TEXT NOT NULL CHECK (counts_as IN
        ('home_visit', 'video', 'assessment', 'meeting', 'inquiry', 'contact', 'paper_check',
         'none')),
    template    TEXT NOT NULL DEFAULT '',
    template_en TEXT NOT NULL DEFAULT '',
    valid_from  TEXT NOT NULL,
    valid_until TEXT,
    source      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    UNIQUE (code, valid_from),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
INSERT INTO note_categories_new SELECT * FROM note_categories;
DROP TABLE note_categories;
ALTER TABLE note_categories_new RENAME TO note_categories;
CREATE TRIGGER note_categories_stamp_insert AFTER INSERT ON note_categories
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER note_categories_stamp_update AFTER UPDATE ON note_categories
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER note_categories_stamp_delete AFTER DELETE ON note_categories
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- Why an entry was corrected (a correction names the entry it replaces and, now, the reason;
-- a withdrawal's reason stays in `reason`). Empty on entries written before.
ALTER TABLE case_notes ADD COLUMN correction_reason TEXT NOT NULL DEFAULT '';
