-- Every record can be corrected and nothing is silently erased: a row entered by mistake is
-- withdrawn (when and why kept on the row, who in the audit trail) rather than deleted, and
-- readers leave withdrawn rows out. Rows a user corrects carry a version for concurrent edits.
ALTER TABLE certifications ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- 区分変更: a new certification that replaces an earlier one from its start.
ALTER TABLE certifications ADD COLUMN change_of_level INTEGER NOT NULL DEFAULT 0
    CHECK (change_of_level IN (0, 1));
ALTER TABLE certifications ADD COLUMN withdrawn_at TEXT;
ALTER TABLE certifications ADD COLUMN withdrawn_reason TEXT;
-- The earlier certification a 区分変更 ended the day before it, and that one's end before:
-- withdrawing the 区分変更 restores it.
ALTER TABLE certifications ADD COLUMN shortened_cert_id INTEGER REFERENCES certifications(id);
ALTER TABLE certifications ADD COLUMN shortened_from_valid_to TEXT;

ALTER TABLE client_care_managers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE client_care_managers ADD COLUMN withdrawn_at TEXT;
ALTER TABLE client_care_managers ADD COLUMN withdrawn_reason TEXT;

ALTER TABLE no_benefit_months ADD COLUMN withdrawn_at TEXT;
ALTER TABLE no_benefit_months ADD COLUMN withdrawn_reason TEXT;

ALTER TABLE staff_fte ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE staff_fte ADD COLUMN withdrawn_at TEXT;
ALTER TABLE staff_fte ADD COLUMN withdrawn_reason TEXT;

ALTER TABLE provider_enrollment ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE provider_enrollment ADD COLUMN withdrawn_at TEXT;
ALTER TABLE provider_enrollment ADD COLUMN withdrawn_reason TEXT;

ALTER TABLE outreach_activities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outreach_activities ADD COLUMN withdrawn_at TEXT;
ALTER TABLE outreach_activities ADD COLUMN withdrawn_reason TEXT;
