-- 1. A use was unique on (answer_id, passage_id, claim), which puts the whole
--    claim into a btree entry: a claim may be 2,000 characters (up to 8,000
--    bytes of UTF-8) and a btree entry over ~2.7 KB fails the insert. The
--    uniqueness moves to the SHA-256 of the claim, written with each use.
-- 2. answers: one row per answer with the style of its last RegisterCitations
--    (ListCitations formats in it); its row lock serialises registrations of
--    one answer, so numbers are never duplicated or skipped.
-- 3. reopened_answers: the answers already re-opened for a source event whose
--    processing is not finished, so an event handled again after a restart
--    does not re-open an article twice. Rows go when the cursor passes the
--    event.

ALTER TABLE citation_uses ADD COLUMN claim_sha256 bytea;
UPDATE citation_uses SET claim_sha256 = sha256(convert_to(claim, 'UTF8'));
ALTER TABLE citation_uses ALTER COLUMN claim_sha256 SET NOT NULL;
CREATE UNIQUE INDEX citation_uses_claim_key ON citation_uses (answer_id, passage_id, claim_sha256);
ALTER TABLE citation_uses DROP CONSTRAINT citation_uses_answer_id_passage_id_claim_key;

CREATE TABLE answers (
  answer_id    text PRIMARY KEY,
  style        smallint NOT NULL,
  update_time  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO answers (answer_id, style) SELECT DISTINCT answer_id, 1 FROM answer_sources;

CREATE TABLE reopened_answers (
  sequence   bigint NOT NULL,
  answer_id  text NOT NULL,
  PRIMARY KEY (sequence, answer_id)
);
