-- Answers as the user saw them: sections, a snapshot of their citations, the
-- audience, the normalised question key (for reuse of approved answers), and
-- conversation state for follow-up questions.

CREATE TABLE answers (
  id               text PRIMARY KEY,
  question         text NOT NULL,
  question_key     text NOT NULL,  -- normalised question, for reuse
  audience         smallint NOT NULL CHECK (audience > 0),
  conversation_id  text NOT NULL DEFAULT '',
  body             bytea NOT NULL,  -- the serialised medbrief.answer.v1.Answer
  create_time      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX answers_reuse_idx ON answers (question_key, audience, create_time DESC);
CREATE INDEX answers_list_idx ON answers (create_time, id);

CREATE TABLE conversations (
  id           text PRIMARY KEY,
  last_answer  text REFERENCES answers (id),
  entities     text[] NOT NULL DEFAULT '{}',  -- drugs and conditions in play
  update_time  timestamptz NOT NULL DEFAULT now()
);
