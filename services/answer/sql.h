#pragma once

// The answer service's SQL (schema `answer`), one named query each.
// Parameters are always bound ($n), never spliced in. Instants travel as
// microseconds since the epoch (exact both ways: PostgreSQL keeps
// microseconds and extract() returns numeric).

namespace medbrief::answer::sql {

// $1 id, $2 question, $3 question_key, $4 audience, $5 conversation_id ('':
// none), $6 body, $7 create_time (µs), $8 resolved_question, $9 article_id
// and $10 status of SubmitArticle's reply ('': it failed), $11 the author,
// $12 the RegisterCitationsRequest still to send (empty: none). One
// statement, so one round trip and atomic: the answer, its review state
// (as of the answer's creation) unless the follower recorded an event of
// the article first, the conversation's last answer, and what is left for
// the repairer. Returns whether it recorded the review state; when it did
// not, kSyncApproval follows it (see there).
inline constexpr char kInsertAnswer[] = R"sql(
WITH state AS (
  INSERT INTO review_states (answer_id, article_id, status, sequence, update_time)
  SELECT $1, $9, $10::smallint, 0, 'epoch'::timestamptz + $7::int8 * interval '1 microsecond' WHERE $9 <> ''
  ON CONFLICT (answer_id) DO NOTHING
  RETURNING answer_id
), pending AS (
  INSERT INTO pending_answers (answer_id, author, submit, registration)
  SELECT $1, $11, $9 = '', NULLIF($12::bytea, ''::bytea) WHERE $9 = '' OR $12::bytea <> ''::bytea
), conversation AS (
  INSERT INTO conversations (id, last_answer) SELECT $5, $1 WHERE $5 <> ''
  ON CONFLICT (id) DO UPDATE SET last_answer = EXCLUDED.last_answer, update_time = now()
)
INSERT INTO answers (id, question, question_key, audience, conversation_id, body, create_time, resolved_question)
VALUES ($1, $2, $3, $4::smallint, $5, $6, 'epoch'::timestamptz + $7::int8 * interval '1 microsecond', $8)
RETURNING EXISTS (SELECT 1 FROM state)
)sql";

// $1 answer_id, $2 article_id, $3 status, $4 reopen_reason, $5 sequence,
// $6 the follower's stream. One statement, so one round trip and atomic:
// records the event unless a newer one was recorded, and moves the stream's
// cursor to it (never back). kSyncApproval follows it.
inline constexpr char kApplyReviewUpdate[] = R"sql(
WITH advanced AS (
  INSERT INTO event_cursor (stream, last_sequence) VALUES ($6, $5)
  ON CONFLICT (stream) DO UPDATE SET last_sequence = greatest(event_cursor.last_sequence, EXCLUDED.last_sequence),
                                     update_time = now()
)
INSERT INTO review_states (answer_id, article_id, status, reopen_reason, sequence) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (answer_id) DO UPDATE
SET article_id = EXCLUDED.article_id, status = EXCLUDED.status, reopen_reason = EXCLUDED.reopen_reason,
    sequence = EXCLUDED.sequence, update_time = now()
WHERE review_states.sequence < EXCLUDED.sequence
)sql";

// $1 answer_id: approved_answers made to agree with the answer's row and
// review state (status 4 is APPROVED). Run on its own after each of the two
// writers (the answer's insert, a review event) has committed: each writer's
// statement may miss what the other was committing alongside, but whichever
// of these runs last sees both. Agreeing on every event, not only on new
// ones, also lists an approval that a replica of an older version recorded.
inline constexpr char kSyncApproval[] = R"sql(
WITH state AS (
  SELECT status FROM review_states WHERE answer_id = $1
), withdrawn AS (
  DELETE FROM approved_answers WHERE answer_id = $1 AND NOT EXISTS (SELECT 1 FROM state WHERE status = 4)
)
INSERT INTO approved_answers (answer_id, question_key, audience, create_time)
SELECT a.id, a.question_key, a.audience, a.create_time FROM answers a
WHERE a.id = $1 AND EXISTS (SELECT 1 FROM state WHERE status = 4)
ON CONFLICT (answer_id) DO NOTHING
)sql";

// approved_answers made to agree with review_states for every answer, when
// the follower starts: approvals recorded by a version that did not keep
// the table (during a rolling update) are listed, listings no longer
// approved dropped. Reads the approved answers only.
inline constexpr char kResyncApprovals[] = R"sql(
WITH stale AS (
  DELETE FROM approved_answers p
  WHERE NOT EXISTS (SELECT 1 FROM review_states s WHERE s.answer_id = p.answer_id AND s.status = 4)
)
INSERT INTO approved_answers (answer_id, question_key, audience, create_time)
SELECT a.id, a.question_key, a.audience, a.create_time
FROM review_states s JOIN answers a ON a.id = s.answer_id
WHERE s.status = 4
ON CONFLICT (answer_id) DO NOTHING
)sql";

// $1 limit, $2 lease (seconds, the backoff of a first retry): up to $1
// pending answers due for a retry, claimed by moving their next attempt on
// by the lease doubled per earlier attempt (at most 10 minutes), so that
// other replicas leave them alone meanwhile.
inline constexpr char kClaimPending[] = R"sql(
UPDATE pending_answers p
SET attempts = p.attempts + 1,
    next_attempt = now() + least(interval '10 minutes', $2::float8 * interval '1 second' * power(2, least(p.attempts, 20)))
FROM answers a
WHERE a.id = p.answer_id AND p.answer_id IN (
  SELECT answer_id FROM pending_answers WHERE next_attempt <= now() ORDER BY next_attempt LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING p.answer_id, p.author, p.submit, p.registration, a.resolved_question, p.attempts
)sql";

// $1 answer id: the stored body, locked until the transaction ends.
inline constexpr char kLockBody[] = "SELECT body FROM answers WHERE id = $1 FOR UPDATE";

// $1 answer id, $2 body.
inline constexpr char kUpdateBody[] = "UPDATE answers SET body = $2 WHERE id = $1";

// $1 answer id, $2 article id, $3 status: SubmitArticle's reply, unless the
// follower recorded an event of the article first.
inline constexpr char kRecordSubmission[] = R"sql(
INSERT INTO review_states (answer_id, article_id, status, sequence) VALUES ($1, $2, $3::smallint, 0)
ON CONFLICT (answer_id) DO NOTHING
)sql";

// $1 answer id, $2 submitted now, $3 registered now, $4 what failed ('':
// nothing), $5 refused for good. Deletes the row when nothing is left to do,
// else records what is left and the error, and sets a row refused for good
// aside (next_attempt 'infinity': never due again).
inline constexpr char kSettlePending[] = R"sql(
WITH done AS (
  DELETE FROM pending_answers
  WHERE answer_id = $1 AND (NOT submit OR $2) AND (registration IS NULL OR $3)
  RETURNING answer_id
)
UPDATE pending_answers
SET submit = submit AND NOT $2, registration = CASE WHEN $3 THEN NULL ELSE registration END, last_error = $4,
    next_attempt = CASE WHEN $5 THEN 'infinity'::timestamptz ELSE next_attempt END
WHERE answer_id = $1 AND NOT EXISTS (SELECT 1 FROM done)
)sql";

// $1 conversation id, $2 answer id.
inline constexpr char kSetLastAnswer[] = R"sql(
INSERT INTO conversations (id, last_answer) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET last_answer = EXCLUDED.last_answer, update_time = now()
)sql";

// The columns every read of an answer returns, in this order.
#define MEDBRIEF_ANSWER_COLUMNS                                                               \
  "a.id, a.body, a.resolved_question, coalesce(s.status, 0), coalesce(s.article_id, ''), " \
  "coalesce(s.reopen_reason, ''), (extract(epoch FROM s.update_time) * 1000000)::int8, "      \
  "(extract(epoch FROM a.create_time) * 1000000)::int8 "

// $1 question_key, $2 audience.
inline constexpr char kFindApproved[] = "SELECT " MEDBRIEF_ANSWER_COLUMNS R"sql(
FROM approved_answers p JOIN answers a ON a.id = p.answer_id JOIN review_states s ON s.answer_id = a.id
WHERE p.question_key = $1 AND p.audience = $2 AND s.status = 4
ORDER BY p.create_time DESC LIMIT 1
)sql";

// $1 id.
inline constexpr char kGetAnswer[] = "SELECT " MEDBRIEF_ANSWER_COLUMNS R"sql(
FROM answers a LEFT JOIN review_states s ON s.answer_id = a.id
WHERE a.id = $1
)sql";

// $1 status (0: any), $2 create_time (µs) and $3 id of the last answer of the
// previous page (NULL: first page), $4 limit.
inline constexpr char kListAnswers[] = "SELECT " MEDBRIEF_ANSWER_COLUMNS R"sql(
FROM answers a LEFT JOIN review_states s ON s.answer_id = a.id
WHERE ($1 = 0 OR s.status = $1)
  AND ($2::int8 IS NULL OR (a.create_time, a.id) < ('epoch'::timestamptz + $2 * interval '1 microsecond', $3))
ORDER BY a.create_time DESC, a.id DESC
LIMIT $4
)sql";

#undef MEDBRIEF_ANSWER_COLUMNS

// $1 conversation id.
inline constexpr char kLastQuestion[] = R"sql(
SELECT a.resolved_question FROM conversations c JOIN answers a ON a.id = c.last_answer WHERE c.id = $1
)sql";

// $1 stream, $2 sequence: the stream's cursor moved to the event (never
// back), for events that need no other write.
inline constexpr char kAdvanceCursor[] = R"sql(
INSERT INTO event_cursor (stream, last_sequence) VALUES ($1, $2)
ON CONFLICT (stream) DO UPDATE SET last_sequence = greatest(event_cursor.last_sequence, EXCLUDED.last_sequence),
                                   update_time = now()
)sql";

// $1 stream.
inline constexpr char kLoadCursor[] = "SELECT last_sequence FROM event_cursor WHERE stream = $1";

}  // namespace medbrief::answer::sql
