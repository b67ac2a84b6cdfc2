-- The exchange's 予防委託 flows in the ledger, and review items an import can take back.

-- Two more kinds of ledger row: 予定+実績 sent on to the 地域包括支援センター (monthly), and
-- the centre's 利用者基本情報 / 計画書 received to be passed on (by plan date). SQLite cannot
-- change a CHECK in place: the table is rebuilt with its rows, indexes and triggers.
CREATE TABLE delivery_events_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN
        ('plan', 'schedule', 'actuals', 'withdrawal', 'centre_forward', 'centre_plan')),
    withdraws   TEXT CHECK (withdraws IN
        ('plan', 'schedule', 'actuals', 'centre_forward', 'centre_plan')),
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    service_type TEXT NOT NULL DEFAULT '',
    month       TEXT,
    plan_date   TEXT,
    channel     TEXT NOT NULL
        CHECK (channel IN ('exchange', 'fax', 'post', 'hand', 'email', 'other')),
    at          TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    source_file TEXT,
    recorded_at TEXT NOT NULL,
    CHECK ((kind = 'withdrawal') = (withdraws IS NOT NULL)),
    CHECK (kind IN ('plan', 'centre_plan', 'withdrawal') OR month IS NOT NULL),
    CHECK (kind NOT IN ('plan', 'centre_plan') OR plan_date IS NOT NULL)
);
INSERT INTO delivery_events_new
    SELECT id, kind, withdraws, client_id, provider_id, service_type, month, plan_date, channel,
           at, recorded_by, note, source_file, recorded_at
    FROM delivery_events;
DROP TABLE delivery_events;
ALTER TABLE delivery_events_new RENAME TO delivery_events;
CREATE INDEX delivery_events_month ON delivery_events(month, client_id);
CREATE INDEX delivery_events_cell ON delivery_events(client_id, provider_id, month);
CREATE INDEX delivery_events_at ON delivery_events(at);
CREATE INDEX delivery_events_source ON delivery_events(client_id, provider_id, kind, at);
CREATE TRIGGER delivery_events_no_update BEFORE UPDATE ON delivery_events
BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only: record a correction instead'); END;
CREATE TRIGGER delivery_events_no_delete BEFORE DELETE ON delivery_events
BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only: record a correction instead'); END;

-- A review item raised by a reading error of ours (not a real difference) is withdrawn, not
-- decided: 'withdrawn' beside open / accepted / kept.
CREATE TABLE exchange_reviews_new (
    id             INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES exchange_files(id),
    kind           TEXT NOT NULL CHECK (kind IN ('unmatched_client', 'difference')),
    client_id      INTEGER REFERENCES clients(id),
    insurer_number TEXT NOT NULL,
    insured_number TEXT NOT NULL,
    field          TEXT NOT NULL DEFAULT '',
    ours           TEXT NOT NULL DEFAULT '',
    theirs         TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'accepted', 'kept', 'withdrawn')),
    created_at     TEXT NOT NULL
);
INSERT INTO exchange_reviews_new SELECT * FROM exchange_reviews;
DROP TABLE exchange_reviews;
ALTER TABLE exchange_reviews_new RENAME TO exchange_reviews;
CREATE INDEX exchange_reviews_open ON exchange_reviews(status, kind);
