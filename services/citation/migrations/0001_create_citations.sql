-- Citations per answer: one number per source, numbered by first use; each
-- use (passage + claim) with its support verdict. The position in content's
-- source event stream is kept so a restart resumes where it stopped.

CREATE TABLE answer_sources (
  answer_id    text NOT NULL,
  source_id    text NOT NULL,
  number       integer NOT NULL CHECK (number > 0),
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (answer_id, source_id),
  UNIQUE (answer_id, number)
);
CREATE INDEX answer_sources_source_idx ON answer_sources (source_id, answer_id);

CREATE TABLE citation_uses (
  answer_id        text NOT NULL,
  ordinal          integer NOT NULL,
  passage_id       text NOT NULL,
  source_id        text NOT NULL,
  claim            text NOT NULL,
  verdict          smallint NOT NULL,
  score            double precision NOT NULL,
  missing_numbers  text[] NOT NULL DEFAULT '{}',
  missing_terms    text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (answer_id, ordinal),
  UNIQUE (answer_id, passage_id, claim),
  FOREIGN KEY (answer_id, source_id) REFERENCES answer_sources (answer_id, source_id)
);

CREATE TABLE event_cursor (
  stream         text PRIMARY KEY,
  last_sequence  bigint NOT NULL,
  update_time    timestamptz NOT NULL DEFAULT now()
);
