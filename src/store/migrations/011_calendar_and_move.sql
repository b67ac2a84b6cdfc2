-- The national calendar and the exchange's move to the WEB service.

-- Calendar rows the office imported: each overrides the built-in row of its key (or adds one).
CREATE TABLE calendar_items (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    on_date     TEXT NOT NULL,
    certainty   TEXT NOT NULL CHECK (certainty IN ('sure', 'reported', 'provisional')),
    concerns    TEXT NOT NULL CHECK (concerns IN ('office', 'providers', 'all')),
    what_ja     TEXT NOT NULL,
    what_en     TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL
);
CREATE TRIGGER calendar_items_stamp_insert AFTER INSERT ON calendar_items
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_items_stamp_update AFTER UPDATE ON calendar_items
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_items_stamp_delete AFTER DELETE ON calendar_items
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- The system the office's exchange use is on: the old client software, the WEB service, or an
-- approved equivalent system. Rows before this migration were on the old client.
ALTER TABLE office_exchange_status ADD COLUMN system TEXT NOT NULL DEFAULT 'client'
    CHECK (system IN ('client', 'web', 'equivalent'));
-- The day the office registered for the WEB service (empty: not recorded).
ALTER TABLE office_exchange ADD COLUMN web_registered_on TEXT;
-- The system a provider's enrollment was observed on.
ALTER TABLE provider_enrollment ADD COLUMN system TEXT NOT NULL DEFAULT 'client'
    CHECK (system IN ('client', 'web', 'equivalent'));
