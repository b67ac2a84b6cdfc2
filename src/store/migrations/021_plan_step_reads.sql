-- The plans' steps read every client's entries of a few categories and every plan form sent
-- to a provider. With what they read in the index, each is one index range with no fetch of
-- each row from the table (whose text fills most of the pages): the categories' index carries
-- the entry's plan, withdrawal and reason (its (category, at) order still serves the 加算), and
-- the ledger's month index the plan date of the plan forms (kept under no month).
DROP INDEX case_notes_category_at;
CREATE INDEX case_notes_category_at
    ON case_notes(category, at, client_id, plan_id, withdraws, reason);
DROP INDEX delivery_events_month_cell;
CREATE INDEX delivery_events_month_cell
    ON delivery_events(month, client_id, provider_id, at, id, kind, withdraws, channel, plan_date);
