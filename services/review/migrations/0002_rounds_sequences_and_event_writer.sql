-- What the workflow needs beyond 0001:
-- * articles.round counts review rounds (a resubmit or a reopen starts the
--   next); decisions.round holds the round a decision belongs to, and the
--   approvals of an article are its APPROVE decisions of the current round.
--   articles.revision changes with every change of the article: the etag.
-- * articles.update_sequence is the event sequence of the article's last
--   change. Sequences are taken in commit order, so the queue (ListArticles,
--   oldest change first) pages by it without ever skipping an article that
--   commits while a client pages.
-- * comments.sequence is the sequence of the comment's audit event, in the
--   same commit order.
-- * append_event() is the one writer of the audit log and the outbox.

ALTER TABLE articles ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round > 0);
ALTER TABLE articles ADD COLUMN update_sequence bigint NOT NULL DEFAULT 0;
CREATE INDEX articles_update_sequence_idx ON articles (update_sequence);
CREATE INDEX articles_status_sequence_idx ON articles (status, update_sequence);

ALTER TABLE comments ADD COLUMN sequence bigint NOT NULL DEFAULT 0;
CREATE INDEX comments_article_sequence_idx ON comments (article_id, sequence);

ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check CHECK (action IN (
  'SUBMIT', 'CLAIM', 'COMMENT', 'APPROVE', 'REQUEST_CHANGES', 'REJECT', 'RESUBMIT', 'REOPEN', 'RETRACT'));

-- Appends one audit event and its outbox copy, both numbered with the audit
-- event's id, and notifies the followers. The transaction-level advisory lock
-- makes writers take numbers one at a time and hold them until they commit,
-- so numbers are in commit order and a reader of "after N" never skips an
-- event that commits later. Call it as the last statement before COMMIT: it
-- serialises every writer of the schema from here to the commit.
CREATE FUNCTION append_event(p_article_id text, p_actor text, p_action text, p_from smallint, p_to smallint,
                             p_note text)
RETURNS TABLE (sequence bigint, event_time timestamptz)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_sequence bigint;
  v_time timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(7170, 2);
  v_time := clock_timestamp();
  INSERT INTO audit_events (article_id, actor, action, from_status, to_status, note, create_time)
  VALUES (p_article_id, p_actor, p_action, p_from, p_to, p_note, v_time)
  RETURNING id INTO v_sequence;
  INSERT INTO article_events (sequence, article_id, answer_id, action, status, create_time)
  SELECT v_sequence, a.id, a.answer_id, p_action, p_to, v_time FROM articles a WHERE a.id = p_article_id;
  PERFORM pg_notify('medbrief_review_events', '');
  RETURN QUERY SELECT v_sequence, v_time;
END;
$$;
