-- The claim history moved in from the 国保連 伝送 files (careplan migrate kokuho): per insured
-- person and service month, what the 給付管理票 (8222) and the 居宅介護支援費明細書 (8124) said.
-- Keyed by the numbers on the files, not by client: a person not yet registered keeps the
-- history, which joins the client once registered. Read-only history, replaced only by a
-- later file (8222 修正 replaces, 取消 leaves the month cancelled; a later 8124 replaces).
CREATE TABLE claim_months (
    id                  INTEGER PRIMARY KEY,
    insurer_number      TEXT NOT NULL,            -- 6 digits (the 8222's 8 are normalised)
    insured_number      TEXT NOT NULL,
    month               TEXT NOT NULL,            -- service month, YYYY-MM
    -- 給付管理票: NULL when no 8222 was read for the month.
    benefit_state       TEXT CHECK (benefit_state IN ('claimed', 'cancelled')),
    benefit_care_level  TEXT,
    benefit_cm_number   TEXT,
    -- Which record set it (processing month, 作成年月日, file, line: later wins) and a digest of
    -- what it said (the same again changes nothing).
    benefit_order       TEXT NOT NULL DEFAULT '',
    benefit_digest      TEXT NOT NULL DEFAULT '',
    -- 居宅介護支援費明細書: empty order when no 8124 was read for the month.
    fee_care_level      TEXT,
    fee_cm_number       TEXT,
    notified_on         TEXT,                     -- 居宅サービス計画作成依頼届出年月日
    cert_from           TEXT,
    cert_to             TEXT,
    fee_order           TEXT NOT NULL DEFAULT '',
    fee_digest          TEXT NOT NULL DEFAULT '',
    imported_at         TEXT NOT NULL,
    UNIQUE (insurer_number, insured_number, month)
);
CREATE INDEX claim_months_month ON claim_months(month);

-- The 給付管理票's provider lines of a month.
CREATE TABLE claim_providers (
    claim_month_id INTEGER NOT NULL REFERENCES claim_months(id) ON DELETE CASCADE,
    line           INTEGER NOT NULL,
    provider_id    INTEGER NOT NULL REFERENCES providers(id),
    office_number  TEXT NOT NULL,
    service_type   TEXT NOT NULL,
    units          INTEGER NOT NULL,
    PRIMARY KEY (claim_month_id, line)
);
CREATE INDEX claim_providers_provider ON claim_providers(provider_id);

-- The 明細書's service codes of a month (base band, 加算, 減算), with units and count.
CREATE TABLE claim_codes (
    claim_month_id INTEGER NOT NULL REFERENCES claim_months(id) ON DELETE CASCADE,
    line           INTEGER NOT NULL,
    code           TEXT NOT NULL,
    units          INTEGER NOT NULL,
    count          INTEGER NOT NULL,
    PRIMARY KEY (claim_month_id, line)
);

CREATE TRIGGER claim_months_stamp_insert AFTER INSERT ON claim_months
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_months_stamp_update AFTER UPDATE ON claim_months
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_months_stamp_delete AFTER DELETE ON claim_months
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_providers_stamp_insert AFTER INSERT ON claim_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_providers_stamp_update AFTER UPDATE ON claim_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_providers_stamp_delete AFTER DELETE ON claim_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_codes_stamp_insert AFTER INSERT ON claim_codes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_codes_stamp_update AFTER UPDATE ON claim_codes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER claim_codes_stamp_delete AFTER DELETE ON claim_codes
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
