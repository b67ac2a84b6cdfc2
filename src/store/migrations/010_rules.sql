-- Fee rules tables an office imported (`careplan rules import`): the file as written, its
-- `from` date and source, when and by whom. They join the tables compiled into careplan; one
-- with the same `from` as a compiled-in table replaces it. A newer import of the same `from`
-- replaces the row (the audit trail keeps the text it replaced).
CREATE TABLE rules_tables (
    id          INTEGER PRIMARY KEY,
    from_date   TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE TRIGGER rules_tables_stamp_insert AFTER INSERT ON rules_tables
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER rules_tables_stamp_update AFTER UPDATE ON rules_tables
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER rules_tables_stamp_delete AFTER DELETE ON rules_tables
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
