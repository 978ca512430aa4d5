-- write_event no longer copies each event into the outbox article_events.
-- WatchArticles has read its events from audit_events (joined to articles
-- for the answer id) since the release before the previous one; the previous
-- release used the table only through this copy, and write_event runs in the
-- database, so replacing it stops the copy for old and new replicas alike.
-- The copy was a second row, index entry and foreign-key check per event:
-- 60 us of CPU per SubmitArticle (tools/bench/run_pg_writes_bench.sh, 8
-- clients: 335-364 us with it, 284-299 us without).
--
-- The table stays, with the events written until now: a migration does not
-- destroy data. docs/OPERATIONS.md says how an operator drops it once no
-- release that reads it can come back. A writer in flight finishes with the
-- old function; CREATE OR REPLACE waits for no table lock. 0006's rule
-- stays: a SUBMIT is not announced. p_answer_id is no longer used; the
-- callers still pass it.
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
