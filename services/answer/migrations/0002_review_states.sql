-- 1. answers.resolved_question: a follow-up as the pipeline understood it
--    ("what about its side effects?" -> "What are the side effects of
--    everolimus?"); the next follow-up of the conversation is resolved
--    against it, and the reuse key is made from it.
-- 2. review_states: the review status of each answer as review last said
--    (SubmitArticle's reply, then review's WatchArticles events). Kept apart
--    from answers so an event that arrives before the answer's row is
--    written is not lost. `sequence` is the review event applied (0 for
--    SubmitArticle's reply): a repeated or older event never overwrites a
--    newer one. Reuse of approved answers and ListAnswers by status read it.
-- 3. event_cursor: where the follower of review's events resumes.
-- 4. answers.body is compressed with lz4 rather than pglz: a fraction of
--    the CPU per insert, for answers of a few kilobytes.
-- 5. conversations.last_answer loses its foreign key (conversations are
--    written in the same transaction as their answer; the key only made the
--    answers table harder to prune).

ALTER TABLE answers ADD COLUMN resolved_question text NOT NULL DEFAULT '';
ALTER TABLE answers ALTER COLUMN body SET COMPRESSION lz4;

CREATE TABLE review_states (
  answer_id      text PRIMARY KEY,
  article_id     text NOT NULL,
  status         smallint NOT NULL,
  reopen_reason  text NOT NULL DEFAULT '',
  sequence       bigint NOT NULL,
  update_time    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_states_status_idx ON review_states (status, answer_id);

CREATE TABLE event_cursor (
  stream         text PRIMARY KEY,
  last_sequence  bigint NOT NULL,
  update_time    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE conversations DROP CONSTRAINT conversations_last_answer_fkey;
ALTER TABLE conversations ALTER COLUMN last_answer SET NOT NULL;
