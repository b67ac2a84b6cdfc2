-- An exchange import asks, for each client of each file, whether the same question is already
-- open (ingest::review). Through exchange_reviews_open (status, kind) alone that walked every
-- open review of the kind, so a run that left many open grew with the square of them.
CREATE INDEX exchange_reviews_question
    ON exchange_reviews(insurer_number, insured_number, kind, field) WHERE status = 'open';
