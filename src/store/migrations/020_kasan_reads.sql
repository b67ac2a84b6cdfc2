-- The 加算 rules read the entries of their own categories over a year for the whole office: an
-- index on (category, at) finds them without walking the case record.
CREATE INDEX case_notes_category_at ON case_notes(category, at, client_id);
