-- answers_reuse_idx (question_key, audience, create_time DESC) served reuse
-- until 0003; reuse has read approved_answers since, and nothing reads
-- answers by question key: the index, of the longest column, was only
-- written, once per answer.
DROP INDEX answers_reuse_idx;
