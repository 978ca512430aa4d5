-- The outbox article_events is no longer written or read. WatchArticles has
-- read its events from audit_events (joined to articles for the answer id)
-- since the previous release, whose only use of the table was the copy
-- write_event made of every event; write_event runs in the database, so
-- replacing it here stops the copy for old and new replicas alike. The copy
-- was a second row, index entry and foreign-key check per event: 60 us of
-- CPU per SubmitArticle (tools/bench/run_pg_writes_bench.sh, 8 clients:
-- 335-364 us with it, 284-299 us without).
--
-- The event lock comes first: writers take it in next_event() and hold it
-- until they commit, so none is halfway through the old write_event when
-- the table goes, and the ones that queue behind it run the new one.
-- 0006's rule stays: a SUBMIT is not announced. p_answer_id is no longer
-- used; the callers still pass it.
SELECT pg_advisory_xact_lock(7170, 2);

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
