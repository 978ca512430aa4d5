-- citation_uses loses its foreign key to answer_sources. Both are written
-- only by a registration, in one transaction under the answer's row lock,
-- and answer_sources rows are never deleted or re-keyed; the key checked
-- every use row again with a locking read, a sixth of a registration's
-- database time.
ALTER TABLE citation_uses DROP CONSTRAINT citation_uses_answer_id_source_id_fkey;
