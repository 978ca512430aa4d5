-- approved_answers: the answers review approved, by reuse key. Reuse used to
-- walk every answer ever given to a question and audience until it met an
-- approved one, so a question asked a thousand times before its first
-- approval made every later Ask scan a thousand rows. Kept in step with
-- review_states by the review-event follower, and by the answer's insert
-- when the approval arrived before the answer's row.
CREATE TABLE approved_answers (
  answer_id     text PRIMARY KEY,
  question_key  text NOT NULL,
  audience      smallint NOT NULL,
  create_time   timestamptz NOT NULL
);
CREATE INDEX approved_answers_reuse_idx ON approved_answers (question_key, audience, create_time DESC);

INSERT INTO approved_answers (answer_id, question_key, audience, create_time)
SELECT a.id, a.question_key, a.audience, a.create_time
FROM answers a JOIN review_states s ON s.answer_id = a.id
WHERE s.status = 4;
