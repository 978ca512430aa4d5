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
-- event's id, and notifies the followers with that number. The
-- transaction-level advisory lock makes writers take numbers one at a time
-- and hold them until they commit, so numbers are in commit order and a
-- reader of "after N" never skips an event that commits later. Call it in the
-- last statement before COMMIT: it serialises every writer of the schema from
-- there to the commit.
CREATE FUNCTION append_event(p_article_id text, p_answer_id text, p_actor text, p_action text, p_from smallint,
                             p_to smallint, p_note text)
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
  VALUES (v_sequence, p_article_id, p_answer_id, p_action, p_to, v_time);
  PERFORM pg_notify('medbrief_review_events', v_sequence::text);
  RETURN QUERY SELECT v_sequence, v_time;
END;
$$;

-- Submits an article with its SUBMIT event in one statement, so that run on
-- its own it holds the event lock only until its own commit. Returns no row
-- when the answer has an article already (the caller reads that one).
CREATE FUNCTION submit_article(p_id text, p_answer_id text, p_question text, p_author text, p_required integer)
RETURNS TABLE (submit_time timestamptz)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_event record;
BEGIN
  INSERT INTO articles (id, answer_id, question, author, status, required_approvals)
  VALUES (p_id, p_answer_id, p_question, p_author, 1, p_required)
  ON CONFLICT (answer_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT * INTO v_event FROM append_event(p_id, p_answer_id, p_author, 'SUBMIT', 0::smallint, 1::smallint, '');
  UPDATE articles
  SET create_time = v_event.event_time, update_time = v_event.event_time, state_since = v_event.event_time,
      update_sequence = v_event.sequence
  WHERE id = p_id;
  RETURN QUERY SELECT v_event.event_time;
END;
$$;
