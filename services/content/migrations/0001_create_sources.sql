-- Sources (guidelines, drug labels, research), their sections, the passages
-- search returns, and the outbox of source events that WatchSourceEvents
-- streams. Enum columns hold the proto enum numbers.

CREATE TABLE sources (
  id              text PRIMARY KEY,
  external_id     text NOT NULL UNIQUE,
  kind            smallint NOT NULL CHECK (kind > 0),
  title           text NOT NULL,
  issuer          text NOT NULL DEFAULT '',
  authors         text[] NOT NULL DEFAULT '{}',
  published_date  text NOT NULL DEFAULT '',
  doi             text NOT NULL DEFAULT '',
  pmid            text NOT NULL DEFAULT '',
  spl_set_id      text NOT NULL DEFAULT '',
  url             text NOT NULL DEFAULT '',
  version         text NOT NULL DEFAULT '',
  status          smallint NOT NULL CHECK (status > 0),
  superseded_by   text REFERENCES sources (id),
  status_reason   text NOT NULL DEFAULT '',
  evidence_level  text NOT NULL DEFAULT '',
  details         jsonb NOT NULL DEFAULT '{}',  -- journal, volume, pages, manufacturer, MeSH, ...
  content_hash    text NOT NULL,                -- of everything CreateSource compares
  revision        integer NOT NULL DEFAULT 1,   -- etag source, bumped on every change
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_kind_status_idx ON sources (kind, status, id);

CREATE TABLE source_sections (
  source_id  text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  ordinal    integer NOT NULL,
  heading    text NOT NULL DEFAULT '',
  code       text NOT NULL DEFAULT '',
  body       text NOT NULL,
  PRIMARY KEY (source_id, ordinal)
);

CREATE TABLE passages (
  id               text PRIMARY KEY,
  source_id        text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  section_heading  text NOT NULL DEFAULT '',
  section_code     text NOT NULL DEFAULT '',
  ordinal          integer NOT NULL,
  body             text NOT NULL,
  UNIQUE (source_id, ordinal)
);

CREATE TABLE source_events (
  sequence     bigserial PRIMARY KEY,
  source_id    text NOT NULL REFERENCES sources (id),
  type         smallint NOT NULL,
  status       smallint NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now()
);
