-- Files read from the data exchange, provider enrollment observations, and what an import
-- leaves for a person to review.

-- One row per imported file; the content hash makes a second import of the same bytes a no-op.
CREATE TABLE exchange_files (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    sender       TEXT NOT NULL,
    receiver     TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    records      INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL
);

-- Every observation of a provider's exchange enrollment is a dated row; the current status is
-- the latest (an exchange file outranks hearsay of the same date).
CREATE TABLE provider_enrollment (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN
        ('enrolled', 'pledged', 'applying', 'not_enrolled', 'declined', 'unknown')),
    source      TEXT NOT NULL CHECK (source IN
        ('provider', 'public_register', 'exchange_file', 'exchange_search')),
    observed_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE INDEX provider_enrollment_provider ON provider_enrollment(provider_id, observed_on);

-- What an import could not decide alone: a client in a file that we do not know, or a value
-- that differs from ours. Never applied silently.
CREATE TABLE exchange_reviews (
    id             INTEGER PRIMARY KEY,
    file_id        INTEGER NOT NULL REFERENCES exchange_files(id),
    kind           TEXT NOT NULL CHECK (kind IN ('unmatched_client', 'difference')),
    client_id      INTEGER REFERENCES clients(id),
    insurer_number TEXT NOT NULL,
    insured_number TEXT NOT NULL,
    field          TEXT NOT NULL DEFAULT '',
    ours           TEXT NOT NULL DEFAULT '',
    theirs         TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'kept')),
    created_at     TEXT NOT NULL
);
CREATE INDEX exchange_reviews_open ON exchange_reviews(status, kind);
-- A second import of a file for the same event finds it again rather than adding another.
CREATE INDEX delivery_events_source ON delivery_events(client_id, provider_id, kind, at);
