-- Enrollment: the office's own exchange status and settings, and outreach to providers.

-- The office's exchange use as a dated status history (未申請 → 申請中 → 利用中 → 停止). The caseload
-- meter's "uses the exchange" periods are derived from it (one source of truth).
CREATE TABLE office_exchange_status (
    id             INTEGER PRIMARY KEY,
    status         TEXT NOT NULL CHECK (status IN ('not_applied', 'applying', 'in_use', 'stopped')),
    effective_from TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    recorded_at    TEXT NOT NULL
);
INSERT INTO office_exchange_status (status, effective_from, note, recorded_at)
    SELECT 'in_use', valid_from, '', noted_at FROM office_periods WHERE setting = 'exchange_use';
INSERT INTO office_exchange_status (status, effective_from, note, recorded_at)
    SELECT 'stopped', date(valid_until, '+1 day'), '', noted_at FROM office_periods
    WHERE setting = 'exchange_use' AND valid_until IS NOT NULL;
DELETE FROM office_periods WHERE setting = 'exchange_use';

-- The office's licence, free pass, certificate, client PC and pledge. Dates may be empty.
CREATE TABLE office_exchange (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    licence_applied_on  TEXT,
    licence_valid_until TEXT,
    auto_renewal        INTEGER NOT NULL DEFAULT 0 CHECK (auto_renewal IN (0, 1)),
    free_pass_from      TEXT,
    free_pass_until     TEXT,
    certificate_type    TEXT NOT NULL DEFAULT '',
    certificate_expiry  TEXT,
    client_pc           TEXT NOT NULL DEFAULT '',
    pledge_on           TEXT,
    version             INTEGER NOT NULL DEFAULT 1
);
INSERT INTO office_exchange (id) VALUES (1);

-- Each contact with a provider about joining, and the pipeline stage it left them in.
CREATE TABLE outreach_activities (
    id             INTEGER PRIMARY KEY,
    provider_id    INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    on_date        TEXT NOT NULL,
    method         TEXT NOT NULL DEFAULT '',
    who            TEXT NOT NULL DEFAULT '',
    said           TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    stage          TEXT NOT NULL CHECK (stage IN
        ('not_asked', 'asked', 'considering', 'pledged', 'enrolled', 'declined')),
    next_follow_up TEXT,
    recorded_at    TEXT NOT NULL
);
CREATE INDEX outreach_activities_provider ON outreach_activities(provider_id, on_date);
