-- Care plans and the delivery ledger.

-- One row per plan revision (作成・変更日). A new revision supersedes the one before it;
-- superseded and ended revisions stay as history.
CREATE TABLE care_plans (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    plan_date       TEXT NOT NULL,
    first_plan_date TEXT,
    -- Space-separated subset of: initial referral continuing (初回・紹介・継続).
    kind            TEXT NOT NULL DEFAULT 'continuing',
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    care_level      TEXT,
    consent_date    TEXT,
    handed_date     TEXT,
    status          TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'awaiting_consent', 'confirmed', 'ended', 'superseded')),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    UNIQUE (client_id, plan_date),
    CHECK (period_to >= period_from)
);

-- What the plan arranges: which service from which provider, what and how often.
CREATE TABLE plan_service_lines (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES care_plans(id) ON DELETE CASCADE,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    service_type TEXT NOT NULL,
    what         TEXT NOT NULL DEFAULT '',
    frequency    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_service_lines_plan ON plan_service_lines(plan_id);
CREATE INDEX plan_service_lines_provider ON plan_service_lines(provider_id);

-- A provider left out of (or added to) one client's month, e.g. a service paused while in hospital.
CREATE TABLE month_providers (
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    month        TEXT NOT NULL,
    service_type TEXT NOT NULL DEFAULT '',
    included     INTEGER NOT NULL CHECK (included IN (0, 1)),
    PRIMARY KEY (client_id, provider_id, month)
);

-- The delivery ledger: every document that went to a provider or came back, one row each.
-- Rows are evidence: never changed or deleted (a correction is a new 'withdrawal' row).
CREATE TABLE delivery_events (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('plan', 'schedule', 'actuals', 'withdrawal')),
    -- For a withdrawal: which kind of document it takes back.
    withdraws   TEXT CHECK (withdraws IN ('plan', 'schedule', 'actuals')),
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
    CHECK (kind IN ('plan', 'withdrawal') OR month IS NOT NULL),
    CHECK (kind <> 'plan' OR plan_date IS NOT NULL)
);
CREATE INDEX delivery_events_month ON delivery_events(month, client_id);
CREATE INDEX delivery_events_cell ON delivery_events(client_id, provider_id, month);
CREATE INDEX delivery_events_at ON delivery_events(at);
CREATE TRIGGER delivery_events_no_update BEFORE UPDATE ON delivery_events
BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only: record a correction instead'); END;
CREATE TRIGGER delivery_events_no_delete BEFORE DELETE ON delivery_events
BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only: record a correction instead'); END;
