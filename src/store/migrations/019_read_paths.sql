-- The month's monitoring reads the standing case-record entries of a span of months in the
-- order they happened (`at`, then id), and the plans' steps those of some categories: with
-- everything they read in the index, one index range in that order answers them, with no sort
-- and no fetch of each entry's row (whose text fills most of the table's pages). It starts
-- with `at`, so it also serves what case_notes_at did.
CREATE INDEX case_notes_standing
    ON case_notes(at, id, client_id, category, withdraws, reason, plan_id);
DROP INDEX case_notes_at;
-- The 加入 screen's trend counts a month's schedules and actuals by channel, six months at a
-- time: a range of small entries instead of the month's whole cell index.
CREATE INDEX delivery_events_month_kind ON delivery_events(month, kind, channel);
