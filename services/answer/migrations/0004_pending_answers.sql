-- pending_answers: answers stored while review or citation could not take
-- them (SubmitArticle or RegisterCitations failed or ran past its deadline).
-- Until review holds the article the board never sees the answer; until
-- citation holds the uses, retracting a cited source cannot re-open it. The
-- repairer of every replica retries due rows with backoff (claiming a row
-- moves next_attempt on, so replicas do not retry one row at once) and
-- deletes a row once both are done. Written with the answer, in the same
-- statement, only when something failed.
CREATE TABLE pending_answers (
  answer_id     text PRIMARY KEY,
  author        text NOT NULL,   -- SubmitArticle's author
  submit        boolean NOT NULL,  -- the article is still to submit
  registration  bytea,           -- the RegisterCitationsRequest still to send; NULL when done
  attempts      integer NOT NULL DEFAULT 0,
  next_attempt  timestamptz NOT NULL DEFAULT now(),
  last_error    text NOT NULL DEFAULT ''
);
CREATE INDEX pending_answers_due_idx ON pending_answers (next_attempt);
