-- A use is its answer, passage and claim: that is the key a registration
-- merges on (ON CONFLICT) and the one the answer's uses are read by. The
-- primary key (answer_id, ordinal) was a second unique index on every use
-- row: a first registration took 0.64-0.69 ms with it, 0.55-0.62 ms
-- without (mean execution time in the answer benchmark). Ordinals stay
-- unique by construction: a first registration numbers its uses 1..n in
-- one statement, a later one after the largest under the answer's row
-- lock.
ALTER TABLE citation_uses DROP CONSTRAINT citation_uses_pkey;
ALTER TABLE citation_uses ADD CONSTRAINT citation_uses_pkey PRIMARY KEY USING INDEX citation_uses_claim_key;
