-- The records the 加算 rules read (shared/domain/kasan.md §A.11): hospital and facility stays,
-- the office's business calendar, structured fields of the 加算 case-record categories, the
-- terminal-care consent and the death, the 同一建物 periods, and the person's decision on each
-- candidate. The office's 体制 (特定事業所加算 区分, 医療介護連携, 24-hour contact) are settings of
-- office_periods, like fee_ii_filed, and need no table.

-- A stay in a hospital, clinic or facility. Corrected in place (version, before/after in the audit
-- trail) or withdrawn with a reason, never deleted: 加算 evidence points at it.
CREATE TABLE stays (
    id                   INTEGER PRIMARY KEY,
    client_id            INTEGER NOT NULL REFERENCES clients(id),
    institution          TEXT NOT NULL CHECK (institution <> ''),
    -- 病院 / 診療所 / 特養 / 地域密着特養 / 老健 / 介護医療院
    kind                 TEXT NOT NULL CHECK (kind IN
        ('hospital', 'clinic', 'tokuyo', 'chiiki_tokuyo', 'roken', 'iryoin')),
    admitted_on          TEXT NOT NULL,
    -- Admitted after the office's business hours (the 入院時 windows move by a day).
    admitted_after_hours INTEGER NOT NULL DEFAULT 0 CHECK (admitted_after_hours IN (0, 1)),
    discharged_on        TEXT,
    -- 自宅 / 施設 / 転院 / 死亡; NULL while the client is in.
    destination          TEXT CHECK (destination IS NULL OR destination IN
        ('home', 'facility', 'transfer', 'death')),
    note                 TEXT NOT NULL DEFAULT '',
    withdrawn_at         TEXT,
    withdrawn_reason     TEXT NOT NULL DEFAULT '',
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT NOT NULL,
    CHECK (discharged_on IS NULL OR discharged_on >= admitted_on),
    CHECK (destination IS NULL OR discharged_on IS NOT NULL),
    CHECK (withdrawn_at IS NULL OR withdrawn_reason <> '')
);
CREATE INDEX stays_client ON stays(client_id, admitted_on);
CREATE TRIGGER stays_stamp_insert AFTER INSERT ON stays
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER stays_stamp_update AFTER UPDATE ON stays
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER stays_stamp_delete AFTER DELETE ON stays
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- The office's business week and hours, dated (a change of hours starts a new row). A day the
-- calendar does not cover is unknown, and a window that depends on it cannot be judged.
CREATE TABLE business_hours (
    id              INTEGER PRIMARY KEY,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT,
    -- ISO weekday numbers the office is open, comma-separated: '1,2,3,4,5' = Monday to Friday.
    weekdays        TEXT NOT NULL,
    opens           TEXT NOT NULL,
    closes          TEXT NOT NULL,
    -- The office is closed on the national holidays (assets) unless a dated exception opens it.
    holidays_closed INTEGER NOT NULL DEFAULT 1 CHECK (holidays_closed IN (0, 1)),
    noted_at        TEXT NOT NULL,
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CHECK (opens < closes)
);
CREATE TRIGGER business_hours_stamp_insert AFTER INSERT ON business_hours
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER business_hours_stamp_update AFTER UPDATE ON business_hours
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER business_hours_stamp_delete AFTER DELETE ON business_hours
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- Dated exceptions to the business week: closed days (年末年始, a training day) or a day open
-- although the week or a holiday says closed. Withdrawn with a reason, never deleted.
CREATE TABLE business_days (
    id               INTEGER PRIMARY KEY,
    date_from        TEXT NOT NULL,
    date_until       TEXT NOT NULL,
    open             INTEGER NOT NULL CHECK (open IN (0, 1)),
    reason           TEXT NOT NULL DEFAULT '',
    withdrawn_at     TEXT,
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    noted_at         TEXT NOT NULL,
    CHECK (date_until >= date_from),
    CHECK (withdrawn_at IS NULL OR withdrawn_reason <> '')
);
CREATE INDEX business_days_from ON business_days(date_from);
CREATE TRIGGER business_days_stamp_insert AFTER INSERT ON business_days
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER business_days_stamp_update AFTER UPDATE ON business_days
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER business_days_stamp_delete AFTER DELETE ON business_days
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- Structured fields of a case-record entry of a 加算 category (admission_info, discharge_info,
-- outpatient, emergency_conference, terminal_judgement, terminal_liaison). Append-only like the
-- entry it belongs to: a correction is a new entry with its own fields.
CREATE TABLE case_note_fields (
    note_id          INTEGER PRIMARY KEY REFERENCES case_notes(id),
    -- face_to_face / fax / post / mail / phone / video / other
    method           TEXT CHECK (method IS NULL OR method IN
        ('face_to_face', 'fax', 'post', 'mail', 'phone', 'video', 'other')),
    -- Where, when the care manager went (a hospital ward, the client's home).
    place            TEXT NOT NULL DEFAULT '',
    -- The stay an admission or discharge entry is about.
    stay_id          INTEGER REFERENCES stays(id),
    -- 退院・退所: received at a カンファレンス (the care manager's declaration).
    conference       INTEGER CHECK (conference IS NULL OR conference IN (0, 1)),
    -- The 入院時情報提供書 or the copy of the 共同指導 document is on file.
    document_on_file INTEGER CHECK (document_on_file IS NULL OR document_on_file IN (0, 1)),
    -- 通院同席: the doctor's kind; what the care manager told and what the doctor told.
    doctor_kind      TEXT CHECK (doctor_kind IS NULL OR doctor_kind IN ('doctor', 'dentist')),
    told             TEXT NOT NULL DEFAULT '',
    heard            TEXT NOT NULL DEFAULT '',
    -- 緊急時等居宅カンファレンス: the hospital or clinic that asked; a doctor or nurse attended.
    requested_by     TEXT NOT NULL DEFAULT '',
    medical_attended INTEGER CHECK (medical_attended IS NULL OR medical_attended IN (0, 1)),
    plan_changed     INTEGER CHECK (plan_changed IS NULL OR plan_changed IN (0, 1))
);
CREATE INDEX case_note_fields_stay ON case_note_fields(stay_id);
CREATE TRIGGER case_note_fields_no_update BEFORE UPDATE ON case_note_fields
BEGIN SELECT RAISE(ABORT, 'case_note_fields is append-only: record a correction instead'); END;
CREATE TRIGGER case_note_fields_no_delete BEFORE DELETE ON case_note_fields
BEGIN SELECT RAISE(ABORT, 'case_note_fields is append-only: record a correction instead'); END;
CREATE TRIGGER case_note_fields_stamp_insert AFTER INSERT ON case_note_fields
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER case_note_fields_stamp_update AFTER UPDATE ON case_note_fields
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER case_note_fields_stamp_delete AFTER DELETE ON case_note_fields
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- ターミナルケアマネジメント: the client's or family's consent (dated), and the death (date and
-- place: home or other). Changed with a reason kept in the audit trail, like video_consent_on.
ALTER TABLE clients ADD COLUMN terminal_consent_on TEXT;
ALTER TABLE clients ADD COLUMN died_on TEXT;
ALTER TABLE clients ADD COLUMN death_place TEXT
    CHECK (death_place IS NULL OR death_place IN ('home', 'other'));

-- 同一建物減算: the periods a client lived in the office's building or on its site or an
-- adjacent one, or in a building where 20 or more of the office's clients live.
CREATE TABLE same_building (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id),
    valid_from       TEXT NOT NULL,
    valid_until      TEXT,
    why              TEXT NOT NULL CHECK (why IN ('office_building', 'adjacent_site', 'twenty_plus')),
    building         TEXT NOT NULL DEFAULT '',
    withdrawn_at     TEXT,
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    noted_at         TEXT NOT NULL,
    CHECK (valid_until IS NULL OR valid_until >= valid_from),
    CHECK (withdrawn_at IS NULL OR withdrawn_reason <> '')
);
CREATE INDEX same_building_client ON same_building(client_id, valid_from);
CREATE TRIGGER same_building_stamp_insert AFTER INSERT ON same_building
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER same_building_stamp_update AFTER UPDATE ON same_building
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER same_building_stamp_delete AFTER DELETE ON same_building
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;

-- The person's decision on a 加算 candidate for a client and month: accepted, or rejected with a
-- reason; `withdrawn` takes a decision back. Append-only: the newest row of (client, month,
-- kasan) stands. Later rules (初回's lookback, one 退院・退所 per stay, the yearly counts) read the
-- accepted ones.
CREATE TABLE kasan_decisions (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    month       TEXT NOT NULL,
    -- A stable key: shokai, nyuin_1, nyuin_2, taiin_1i, taiin_1ro, taiin_2i, taiin_2ro, taiin_3,
    -- tsuin, kinkyu, terminal.
    kasan       TEXT NOT NULL,
    -- The stay a 退院・退所 decision is for (one per stay).
    stay_id     INTEGER REFERENCES stays(id),
    decision    TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'withdrawn')),
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    CHECK (decision <> 'rejected' OR reason <> '')
);
CREATE INDEX kasan_decisions_month ON kasan_decisions(month, client_id, kasan);
CREATE INDEX kasan_decisions_client ON kasan_decisions(client_id, kasan, month);
CREATE TRIGGER kasan_decisions_no_update BEFORE UPDATE ON kasan_decisions
BEGIN SELECT RAISE(ABORT, 'kasan_decisions is append-only: record a new decision instead'); END;
CREATE TRIGGER kasan_decisions_no_delete BEFORE DELETE ON kasan_decisions
BEGIN SELECT RAISE(ABORT, 'kasan_decisions is append-only: record a new decision instead'); END;
CREATE TRIGGER kasan_decisions_stamp_insert AFTER INSERT ON kasan_decisions
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER kasan_decisions_stamp_update AFTER UPDATE ON kasan_decisions
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER kasan_decisions_stamp_delete AFTER DELETE ON kasan_decisions
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
