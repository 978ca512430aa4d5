-- A new article is no longer announced with a notification at commit.
-- Every pg_notify wakes each backend that LISTENs in the database (review's
-- and content's followers), and the review follower then woke its
-- WatchArticles streams, each of which read the outbox: in the fresh-answer
-- benchmark that was 150 us of CPU per SubmitArticle (8 clients of
-- pgbench calling submit_article: 390 us with the notification, 230 us
-- without), for an event the answer service, the one watcher, passes over.
-- The followers poll the outbox every 250 ms besides listening, so a
-- watcher that asks for SUBMIT events still gets them within that time, or
-- at once when another event is announced. Every other action is announced
-- at commit, as before.
CREATE OR REPLACE FUNCTION write_event(p_sequence bigint, p_time timestamptz, p_article_id text, p_answer_id text,
                                       p_actor text, p_action text, p_from smallint, p_to smallint, p_note text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (id, article_id, actor, action, from_status, to_status, note, create_time)
  VALUES (p_sequence, p_article_id, p_actor, p_action, p_from, p_to, p_note, p_time);
  INSERT INTO article_events (sequence, article_id, answer_id, action, status, create_time)
  VALUES (p_sequence, p_article_id, p_answer_id, p_action, p_to, p_time);
  IF p_action <> 'SUBMIT' THEN
    PERFORM pg_notify('medbrief_review_events', p_sequence::text);
  END IF;
END;
$$;
