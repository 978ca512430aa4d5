-- A source's sections are kept once, in the snapshot of each version
-- (source_versions.body); GetSource reads them from the newest version.
-- source_sections held a second copy of the same text, which made every
-- import write it twice. Nothing is lost by dropping it: the migration
-- refuses to run while any source lacks a version snapshot.

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM sources s
             WHERE NOT EXISTS (SELECT 1 FROM source_versions v WHERE v.source_id = s.id)) THEN
    RAISE EXCEPTION 'some sources have no version snapshot; re-import them before migration 0003';
  END IF;
END
$$;

DROP TABLE source_sections;
