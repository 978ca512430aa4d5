-- Passages outlive the version of their source that produced them: answers
-- cite exact passages, so a new version marks the old passages not current
-- instead of deleting them. Each version of a source is kept whole, and
-- source events carry what a follower needs to act on a status change.

ALTER TABLE passages DROP CONSTRAINT passages_source_id_ordinal_key;
ALTER TABLE passages ADD COLUMN current boolean NOT NULL DEFAULT true;
ALTER TABLE passages ADD COLUMN revision integer NOT NULL DEFAULT 1;  -- source revision that produced it
CREATE UNIQUE INDEX passages_current_ordinal_idx ON passages (source_id, ordinal) WHERE current;

CREATE TABLE source_versions (
  source_id    text NOT NULL REFERENCES sources (id),
  revision     integer NOT NULL,
  body         bytea NOT NULL,  -- the serialised medbrief.content.v1.Source of that revision
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, revision)
);

ALTER TABLE source_events ADD COLUMN revision integer NOT NULL DEFAULT 1;
ALTER TABLE source_events ADD COLUMN superseded_by text NOT NULL DEFAULT '';
ALTER TABLE source_events ADD COLUMN reason text NOT NULL DEFAULT '';
