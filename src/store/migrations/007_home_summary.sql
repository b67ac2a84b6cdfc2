-- A month of the ledger, cell by cell in time order (id breaks ties of `at`, as the fold
-- does), with everything the board's and ホーム's folds read: one index range, no sort and no
-- lookup of each row in the table.
CREATE INDEX delivery_events_month_cell
    ON delivery_events(month, client_id, provider_id, at, id, kind, withdraws, channel);
-- Plans waiting for consent are listed on ホーム however old they are.
CREATE INDEX care_plans_status ON care_plans(status);

-- The office's records change when, and only when, this stamp moves: every table of records
-- has a trigger for it (audit trail, drafts and the kept summary below are not records).
-- Sessions reload when it moves, and ホーム's month counts (every client's cells of last and
-- next month) are kept with the stamp they were computed at: kept counts with the current
-- stamp are exact; others are computed again.
CREATE TABLE change_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO change_stamp (id, n) VALUES (1, 0);
CREATE TABLE home_summary (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    stamp  INTEGER NOT NULL,
    counts TEXT NOT NULL
);
CREATE TRIGGER office_stamp_insert AFTER INSERT ON office
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_stamp_update AFTER UPDATE ON office
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_stamp_delete AFTER DELETE ON office
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_area_grades_stamp_insert AFTER INSERT ON office_area_grades
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_area_grades_stamp_update AFTER UPDATE ON office_area_grades
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_area_grades_stamp_delete AFTER DELETE ON office_area_grades
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER staff_stamp_insert AFTER INSERT ON staff
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER staff_stamp_update AFTER UPDATE ON staff
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER staff_stamp_delete AFTER DELETE ON staff
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER staff_fte_stamp_insert AFTER INSERT ON staff_fte
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER staff_fte_stamp_update AFTER UPDATE ON staff_fte
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER staff_fte_stamp_delete AFTER DELETE ON staff_fte
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER clients_stamp_insert AFTER INSERT ON clients
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER clients_stamp_update AFTER UPDATE ON clients
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER clients_stamp_delete AFTER DELETE ON clients
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER client_care_managers_stamp_insert AFTER INSERT ON client_care_managers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER client_care_managers_stamp_update AFTER UPDATE ON client_care_managers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER client_care_managers_stamp_delete AFTER DELETE ON client_care_managers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_stamp_insert AFTER INSERT ON certifications
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_stamp_update AFTER UPDATE ON certifications
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER certifications_stamp_delete AFTER DELETE ON certifications
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER no_benefit_months_stamp_insert AFTER INSERT ON no_benefit_months
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER no_benefit_months_stamp_update AFTER UPDATE ON no_benefit_months
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER no_benefit_months_stamp_delete AFTER DELETE ON no_benefit_months
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER providers_stamp_insert AFTER INSERT ON providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER providers_stamp_update AFTER UPDATE ON providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER providers_stamp_delete AFTER DELETE ON providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER provider_service_types_stamp_insert AFTER INSERT ON provider_service_types
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER provider_service_types_stamp_update AFTER UPDATE ON provider_service_types
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER provider_service_types_stamp_delete AFTER DELETE ON provider_service_types
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER client_providers_stamp_insert AFTER INSERT ON client_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER client_providers_stamp_update AFTER UPDATE ON client_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER client_providers_stamp_delete AFTER DELETE ON client_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_periods_stamp_insert AFTER INSERT ON office_periods
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_periods_stamp_update AFTER UPDATE ON office_periods
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_periods_stamp_delete AFTER DELETE ON office_periods
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER care_plans_stamp_insert AFTER INSERT ON care_plans
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER care_plans_stamp_update AFTER UPDATE ON care_plans
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER care_plans_stamp_delete AFTER DELETE ON care_plans
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER plan_service_lines_stamp_insert AFTER INSERT ON plan_service_lines
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER plan_service_lines_stamp_update AFTER UPDATE ON plan_service_lines
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER plan_service_lines_stamp_delete AFTER DELETE ON plan_service_lines
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER month_providers_stamp_insert AFTER INSERT ON month_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER month_providers_stamp_update AFTER UPDATE ON month_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER month_providers_stamp_delete AFTER DELETE ON month_providers
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER delivery_events_stamp_insert AFTER INSERT ON delivery_events
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER delivery_events_stamp_update AFTER UPDATE ON delivery_events
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER delivery_events_stamp_delete AFTER DELETE ON delivery_events
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_files_stamp_insert AFTER INSERT ON exchange_files
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_files_stamp_update AFTER UPDATE ON exchange_files
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_files_stamp_delete AFTER DELETE ON exchange_files
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER provider_enrollment_stamp_insert AFTER INSERT ON provider_enrollment
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER provider_enrollment_stamp_update AFTER UPDATE ON provider_enrollment
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER provider_enrollment_stamp_delete AFTER DELETE ON provider_enrollment
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_reviews_stamp_insert AFTER INSERT ON exchange_reviews
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_reviews_stamp_update AFTER UPDATE ON exchange_reviews
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER exchange_reviews_stamp_delete AFTER DELETE ON exchange_reviews
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_exchange_status_stamp_insert AFTER INSERT ON office_exchange_status
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_exchange_status_stamp_update AFTER UPDATE ON office_exchange_status
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_exchange_status_stamp_delete AFTER DELETE ON office_exchange_status
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_exchange_stamp_insert AFTER INSERT ON office_exchange
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_exchange_stamp_update AFTER UPDATE ON office_exchange
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER office_exchange_stamp_delete AFTER DELETE ON office_exchange
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER outreach_activities_stamp_insert AFTER INSERT ON outreach_activities
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER outreach_activities_stamp_update AFTER UPDATE ON outreach_activities
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER outreach_activities_stamp_delete AFTER DELETE ON outreach_activities
BEGIN UPDATE change_stamp SET n = n + 1 WHERE id = 1; END;
