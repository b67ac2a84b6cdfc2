-- Caseload: dated office conditions and the support-client ordering.
-- office_periods is a dated status history (from, until, where it came from). The enrollment work
-- adds further settings beside 'fee_ii_filed' and 'exchange_use'.
CREATE TABLE office_periods (
    id          INTEGER PRIMARY KEY,
    setting     TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_until TEXT,
    source      TEXT NOT NULL DEFAULT 'manual',
    noted_at    TEXT NOT NULL,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX office_periods_setting ON office_periods(setting, valid_from);

ALTER TABLE office ADD COLUMN support_ordering TEXT NOT NULL DEFAULT 'support_first';

-- Start-up reads every list: an index that covers the per-provider client count, and the client
-- list's kana order.
DROP INDEX client_providers_provider;
CREATE INDEX client_providers_provider ON client_providers(provider_id, client_id);
CREATE INDEX clients_kana ON clients(kana, id);
