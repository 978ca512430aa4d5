-- submit_article inserted the article, then appended its SUBMIT event (under
-- the event lock), then updated the article with the event's number and
-- time: every new article was written twice, the second time with new
-- entries in each of its indexes, since the update changes indexed columns.
-- Now the event's number and time are taken first and the article is
-- inserted with them, once.
--
-- The event writer is split so that append_event and submit_article share
-- it: next_event() takes the event lock and the next number (in commit
-- order, as before: the lock is held until commit), write_event() writes the
-- audit event, its outbox copy and the notification. A submission that
-- loses a race for the same answer leaves its number unused; readers ask
-- for events "after N", so a gap is never waited for.

CREATE FUNCTION next_event(OUT sequence bigint, OUT event_time timestamptz)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7170, 2);
  sequence := nextval(pg_get_serial_sequence('audit_events', 'id'));
  event_time := clock_timestamp();
END;
$$;

CREATE FUNCTION write_event(p_sequence bigint, p_time timestamptz, p_article_id text, p_answer_id text,
                            p_actor text, p_action text, p_from smallint, p_to smallint, p_note text)
RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO audit_events (id, article_id, actor, action, from_status, to_status, note, create_time)
  VALUES (p_sequence, p_article_id, p_actor, p_action, p_from, p_to, p_note, p_time);
  INSERT INTO article_events (sequence, article_id, answer_id, action, status, create_time)
  VALUES (p_sequence, p_article_id, p_answer_id, p_action, p_to, p_time);
  PERFORM pg_notify('medbrief_review_events', p_sequence::text);
END;
$$;

CREATE OR REPLACE FUNCTION append_event(p_article_id text, p_answer_id text, p_actor text, p_action text,
                                        p_from smallint, p_to smallint, p_note text)
RETURNS TABLE (sequence bigint, event_time timestamptz)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_next record;
BEGIN
  SELECT * INTO v_next FROM next_event();
  PERFORM write_event(v_next.sequence, v_next.event_time, p_article_id, p_answer_id, p_actor, p_action, p_from,
                      p_to, p_note);
  RETURN QUERY SELECT v_next.sequence, v_next.event_time;
END;
$$;

CREATE OR REPLACE FUNCTION submit_article(p_id text, p_answer_id text, p_question text, p_author text,
                                          p_required integer)
RETURNS TABLE (submit_time timestamptz)
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_next record;
BEGIN
  IF EXISTS (SELECT 1 FROM articles WHERE answer_id = p_answer_id) THEN
    RETURN;  -- the answer has its article (a retry): the caller reads it, no event lock taken
  END IF;
  SELECT * INTO v_next FROM next_event();
  INSERT INTO articles (id, answer_id, question, author, status, required_approvals, create_time, update_time,
                        state_since, update_sequence)
  VALUES (p_id, p_answer_id, p_question, p_author, 1, p_required, v_next.event_time, v_next.event_time,
          v_next.event_time, v_next.sequence)
  ON CONFLICT (answer_id) DO NOTHING;
  IF NOT FOUND THEN
    RETURN;  -- submitted meanwhile by another call
  END IF;
  PERFORM write_event(v_next.sequence, v_next.event_time, p_id, p_answer_id, p_author, 'SUBMIT', 0::smallint,
                      1::smallint, '');
  RETURN QUERY SELECT v_next.event_time;
END;
$$;
