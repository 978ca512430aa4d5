#pragma once

// The citation service's SQL (schema `citation`), one named query each.
// Parameters are always bound ($n), never spliced in. Lists travel as text[]
// literals (common/db/arrays.h) and are unnest()ed.

namespace medbrief::citation::sql {

// $1 answer_id, $2 style. Creates or updates the answer's row; the row lock
// it takes is held until commit, so registrations of one answer run one at
// a time (numbers are read and assigned under it).
inline constexpr char kLockAnswer[] = R"sql(
INSERT INTO answers (answer_id, style) VALUES ($1, $2)
ON CONFLICT (answer_id) DO UPDATE SET style = EXCLUDED.style, update_time = now()
)sql";

// $1 answer_id: the numbered sources of an answer.
inline constexpr char kAnswerSources[] = R"sql(
SELECT source_id, number FROM answer_sources WHERE answer_id = $1
)sql";

// $1 answer_id, $2 source ids, $3 their numbers.
inline constexpr char kInsertAnswerSources[] = R"sql(
INSERT INTO answer_sources (answer_id, source_id, number)
SELECT $1, x.source_id, x.number FROM unnest($2::text[], $3::int[]) AS x (source_id, number)
)sql";

// $1 answer_id, then one array per column of the uses in use order: $2
// passage ids, $3 source ids, $4 claims, $5 verdicts, $6 scores, $7 missing
// numbers and $8 missing terms (each element a text[] literal). Ordinals
// continue after the answer's last; a use already registered (same passage
// and claim) is left as it is.
inline constexpr char kInsertUses[] = R"sql(
INSERT INTO citation_uses (answer_id, ordinal, passage_id, source_id, claim, claim_sha256, verdict, score,
                           missing_numbers, missing_terms)
SELECT $1, last.ordinal + x.i, x.passage_id, x.source_id, x.claim, sha256(convert_to(x.claim, 'UTF8')),
       x.verdict, x.score, x.missing_numbers::text[], x.missing_terms::text[]
FROM (SELECT coalesce(max(ordinal), 0) AS ordinal FROM citation_uses WHERE answer_id = $1) AS last,
     unnest($2::text[], $3::text[], $4::text[], $5::smallint[], $6::float8[], $7::text[], $8::text[])
       WITH ORDINALITY AS x (passage_id, source_id, claim, verdict, score, missing_numbers, missing_terms, i)
ORDER BY x.i
ON CONFLICT (answer_id, passage_id, claim_sha256) DO NOTHING
)sql";

// A first registration in one statement (one round trip, no BEGIN/COMMIT):
// $1 answer_id, $2 style, $3 source ids and $4 their numbers by first use,
// then the uses' columns as $2..$8 of kInsertUses, as $5..$11. Writes the
// answer's row, its numbered sources and its uses, and returns one row;
// when the answer has a row already (it was registered before, or is being
// registered now: the insert waits for that one to commit) it writes nothing
// and returns none, and the caller takes the general path under the row
// lock. The uses must be distinct (passage, claim) pairs: a new answer has
// no use to conflict with, and inserting without ON CONFLICT's speculative
// insertion took a fifth less of PostgreSQL's time for a typical answer.
inline constexpr char kRegisterFirst[] = R"sql(
WITH answer AS (
  INSERT INTO answers (answer_id, style) VALUES ($1, $2) ON CONFLICT (answer_id) DO NOTHING RETURNING answer_id
), sources AS (
  INSERT INTO answer_sources (answer_id, source_id, number)
  SELECT a.answer_id, x.source_id, x.number FROM answer a, unnest($3::text[], $4::int[]) AS x (source_id, number)
), uses AS (
  INSERT INTO citation_uses (answer_id, ordinal, passage_id, source_id, claim, claim_sha256, verdict, score,
                             missing_numbers, missing_terms)
  SELECT a.answer_id, x.i, x.passage_id, x.source_id, x.claim, sha256(convert_to(x.claim, 'UTF8')),
         x.verdict, x.score, x.missing_numbers::text[], x.missing_terms::text[]
  FROM answer a,
       unnest($5::text[], $6::text[], $7::text[], $8::smallint[], $9::float8[], $10::text[], $11::text[])
         WITH ORDINALITY AS x (passage_id, source_id, claim, verdict, score, missing_numbers, missing_terms, i)
  ORDER BY x.i
)
SELECT answer_id FROM answer
)sql";

// $1 answer_id: the style of its last registration (no row: none).
inline constexpr char kAnswerStyle[] = "SELECT style FROM answers WHERE answer_id = $1";

// $1 answer_id: every use with its source's number, by number then use order.
inline constexpr char kAnswerUses[] = R"sql(
SELECT s.number, u.source_id, u.passage_id, u.claim, u.verdict, u.score, u.missing_numbers, u.missing_terms
FROM citation_uses u JOIN answer_sources s ON s.answer_id = u.answer_id AND s.source_id = u.source_id
WHERE u.answer_id = $1
ORDER BY s.number, u.ordinal
)sql";

// $1 source_id, $2 the last answer id of the previous page ('' for the
// first), $3 limit. Keyset paging on answer_sources_source_idx.
inline constexpr char kCitingAnswers[] = R"sql(
SELECT answer_id FROM answer_sources WHERE source_id = $1 AND answer_id > $2 ORDER BY answer_id LIMIT $3
)sql";

// $1 stream: the last sequence fully processed.
inline constexpr char kLoadCursor[] = "SELECT last_sequence FROM event_cursor WHERE stream = $1";

// $1 stream, $2 sequence. Never moves back.
inline constexpr char kSaveCursor[] = R"sql(
INSERT INTO event_cursor (stream, last_sequence) VALUES ($1, $2)
ON CONFLICT (stream) DO UPDATE
SET last_sequence = GREATEST(event_cursor.last_sequence, EXCLUDED.last_sequence), update_time = now()
)sql";

// $1 sequence: answers already re-opened for that event.
inline constexpr char kReopenedAnswers[] = "SELECT answer_id FROM reopened_answers WHERE sequence = $1";

// $1 sequence, $2 answer_id.
inline constexpr char kMarkReopened[] = R"sql(
INSERT INTO reopened_answers (sequence, answer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING
)sql";

// $1 sequence: marks of events the cursor has passed.
inline constexpr char kForgetReopened[] = "DELETE FROM reopened_answers WHERE sequence <= $1";

// One follower at a time among replicas: a session lock on its own
// connection (7171 is the citation service's lock space).
inline constexpr char kTryFollowerLock[] = "SELECT pg_try_advisory_lock(7171, 1)";

// Whether the lock's connection is still there (the lock with it).
inline constexpr char kPing[] = "SELECT 1";

}  // namespace medbrief::citation::sql
