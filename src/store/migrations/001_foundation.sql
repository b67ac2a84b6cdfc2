-- Foundation: office, staff, clients, providers, audit, drafts.
-- Calendar dates are ISO text (YYYY-MM-DD); instants are ISO-8601 UTC text.

CREATE TABLE office (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    office_number  TEXT,
    name           TEXT NOT NULL DEFAULT '',
    special_area   INTEGER NOT NULL DEFAULT 0 CHECK (special_area IN (0, 1)),
    version        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO office (id) VALUES (1);

CREATE TABLE office_area_grades (
    id             INTEGER PRIMARY KEY,
    grade          TEXT NOT NULL,
    effective_from TEXT NOT NULL UNIQUE
);

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (name <> ''),
    kana       TEXT NOT NULL DEFAULT '',
    cm_number  TEXT UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('care_manager', 'chief_care_manager', 'clerk')),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE staff_fte (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    effective_from  TEXT NOT NULL,
    fte_hundredths  INTEGER NOT NULL CHECK (fte_hundredths BETWEEN 0 AND 100),
    UNIQUE (staff_id, effective_from)
);

CREATE TABLE clients (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL CHECK (name <> ''),
    kana                TEXT NOT NULL DEFAULT '',
    birth_date          TEXT,
    sex                 TEXT CHECK (sex IN ('male', 'female')),
    insurer_number      TEXT NOT NULL,
    insured_number      TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    contract_date       TEXT NOT NULL,
    contract_end        TEXT,
    contract_end_reason TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    UNIQUE (insurer_number, insured_number)
);

CREATE TABLE client_care_managers (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    staff_id       INTEGER NOT NULL REFERENCES staff(id),
    effective_from TEXT NOT NULL,
    UNIQUE (client_id, effective_from)
);
CREATE INDEX client_care_managers_staff ON client_care_managers(staff_id);

CREATE TABLE certifications (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    care_level   TEXT,
    certified_on TEXT,
    valid_from   TEXT NOT NULL,
    valid_to     TEXT,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'certified')),
    created_at   TEXT NOT NULL,
    CHECK (status = 'pending' OR (care_level IS NOT NULL AND valid_to IS NOT NULL)),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX certifications_client ON certifications(client_id, valid_from);

-- Months (YYYY-MM) in which the office does no 給付管理 for the client (e.g. a whole month in hospital).
CREATE TABLE no_benefit_months (
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (client_id, month)
);

CREATE TABLE providers (
    id                   INTEGER PRIMARY KEY,
    office_number        TEXT NOT NULL UNIQUE,
    check_digit_accepted INTEGER NOT NULL DEFAULT 0,
    name                 TEXT NOT NULL CHECK (name <> ''),
    kana                 TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    fax                  TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    contact_person       TEXT NOT NULL DEFAULT '',
    preferred_channel    TEXT NOT NULL DEFAULT 'fax'
        CHECK (preferred_channel IN ('exchange', 'fax', 'post', 'hand', 'email', 'other')),
    notes                TEXT NOT NULL DEFAULT '',
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT NOT NULL
);

CREATE TABLE provider_service_types (
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    PRIMARY KEY (provider_id, code)
);

-- The providers currently serving a client (which service from which office).
CREATE TABLE client_providers (
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    service_type TEXT NOT NULL,
    PRIMARY KEY (client_id, provider_id, service_type)
);
CREATE INDEX client_providers_provider ON client_providers(provider_id);

-- Every write: who (OS user, SSH client), when, what, before and after. Append-only.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    os_user    TEXT NOT NULL,
    ssh_client TEXT,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Unsaved form input kept when a session ends unexpectedly (SIGHUP, SIGTERM), offered back at start.
CREATE TABLE drafts (
    id        INTEGER PRIMARY KEY,
    os_user   TEXT NOT NULL,
    form      TEXT NOT NULL,
    payload   TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
