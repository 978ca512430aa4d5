-- The outbox article_events is no longer read. WatchArticles has read its
-- events from audit_events (joined to articles for the answer id) since the
-- release before the previous one; the previous release's only use of the
-- table was the copy write_event made of every event, and write_event runs
-- in the database, so replacing it here stops the copy for old and new
-- replicas alike. The copy was a second row, index entry and foreign-key
-- check per event: 60 us of CPU per SubmitArticle
-- (tools/bench/run_pg_writes_bench.sh, 8 clients: 335-364 us with it,
-- 284-299 us without).
--
-- Locks are taken in the writers' order: a writer locks articles (the
-- submit's insert, a change's FOR UPDATE), then the event lock, then writes
-- article_events. Taking both tables first waits for the writers in flight
-- to commit and holds new ones back until this commits, when they run the
-- new write_event. (Taking the event lock first would deadlock with a writer
-- holding articles: DROP TABLE needs articles too, for the foreign key.)
-- 0006's rule stays: a SUBMIT is not announced. p_answer_id is no longer
-- used; the callers still pass it.
LOCK TABLE articles, article_events IN ACCESS EXCLUSIVE MODE;

CREATE OR REPLACE FUNCTION write_event(p_sequence bigint, p_time timestamptz, p_article_id text, p_answer_id text,
                                       p_actor text, p_action text, p_from smallint, p_to smallint, p_note text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (id, article_id, actor, action, from_status, to_status, note, create_time)
  VALUES (p_sequence, p_article_id, p_actor, p_action, p_from, p_to, p_note, p_time);
  IF p_action <> 'SUBMIT' THEN
    PERFORM pg_notify('medbrief_review_events', p_sequence::text);
  END IF;
END;
$$;

DROP TABLE article_events;
