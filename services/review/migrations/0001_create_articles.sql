-- The medical advisory board's review: reviewers, one article per answer,
-- comments, decisions, an append-only audit log and an outbox of article
-- events. Enum columns hold the proto enum numbers.

CREATE TABLE reviewers (
  id            text PRIMARY KEY,
  display_name  text NOT NULL,
  specialty     text NOT NULL DEFAULT '',
  board_member  boolean NOT NULL,
  create_time   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE articles (
  id                  text PRIMARY KEY,
  answer_id           text NOT NULL UNIQUE,
  question            text NOT NULL,
  author              text NOT NULL,
  status              smallint NOT NULL CHECK (status > 0),
  required_approvals  integer NOT NULL CHECK (required_approvals > 0),
  reopen_reason       text NOT NULL DEFAULT '',
  revision            integer NOT NULL DEFAULT 1,
  last_reviewed_time  timestamptz,
  state_since         timestamptz NOT NULL DEFAULT now(),
  create_time         timestamptz NOT NULL DEFAULT now(),
  update_time         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_queue_idx ON articles (status, create_time, id);

CREATE TABLE article_reviewers (
  article_id   text NOT NULL REFERENCES articles (id),
  reviewer_id  text NOT NULL REFERENCES reviewers (id),
  claim_time   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (article_id, reviewer_id)
);
CREATE INDEX article_reviewers_reviewer_idx ON article_reviewers (reviewer_id, article_id);

CREATE TABLE decisions (
  id           bigserial PRIMARY KEY,
  article_id   text NOT NULL REFERENCES articles (id),
  reviewer_id  text NOT NULL REFERENCES reviewers (id),
  decision     smallint NOT NULL,
  note         text NOT NULL DEFAULT '',
  round        integer NOT NULL,  -- the article revision the decision was made on
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_article_idx ON decisions (article_id, round);

CREATE TABLE comments (
  id           text PRIMARY KEY,
  article_id   text NOT NULL REFERENCES articles (id),
  reviewer_id  text NOT NULL REFERENCES reviewers (id),
  anchor       text NOT NULL DEFAULT '',
  body         text NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_article_idx ON comments (article_id, create_time);

CREATE TABLE audit_events (
  id           bigserial PRIMARY KEY,
  article_id   text NOT NULL REFERENCES articles (id),
  actor        text NOT NULL,
  action       text NOT NULL,
  from_status  smallint NOT NULL DEFAULT 0,
  to_status    smallint NOT NULL DEFAULT 0,
  note         text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_article_idx ON audit_events (article_id, id);

-- The audit log is append-only: the database itself refuses changes.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review.audit_events is append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TABLE article_events (
  sequence     bigserial PRIMARY KEY,
  article_id   text NOT NULL REFERENCES articles (id),
  answer_id    text NOT NULL,
  action       text NOT NULL,
  status       smallint NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now()
);
