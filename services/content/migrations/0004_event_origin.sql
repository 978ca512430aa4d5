-- Which content process wrote each event: a replica skips its own events
-- (its index has them already, possibly still being applied by an import),
-- and reads back only what other replicas wrote.

ALTER TABLE source_events ADD COLUMN origin text NOT NULL DEFAULT '';
