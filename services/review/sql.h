#pragma once

// The review service's SQL (schema `review`), one named query each.
// Parameters are always bound ($n), never spliced in. Every change of an
// article ends with append_event() (migration 0002), the one writer of the
// audit log and the outbox, which numbers events in commit order.

namespace medbrief::review::sql {

// $1 id, $2 display_name, $3 specialty, $4 board_member
inline constexpr char kInsertReviewer[] = R"sql(
INSERT INTO reviewers (id, display_name, specialty, board_member) VALUES ($1, $2, $3, $4)
RETURNING extract(epoch FROM create_time)::float8
)sql";

// $1 id
inline constexpr char kGetReviewer[] = R"sql(
SELECT id, display_name, specialty, board_member, extract(epoch FROM create_time)::float8
FROM reviewers WHERE id = $1
)sql";

// An article as ArticleFromRow reads it: reviewer_ids in claim order, the
// approvals of the current round in decision order.
#define MEDBRIEF_REVIEW_ARTICLE_COLUMNS                                                                      \
  "SELECT a.id, a.answer_id, a.question, a.author, a.status, a.required_approvals, a.reopen_reason, "        \
  "a.revision, a.round, extract(epoch FROM a.last_reviewed_time)::float8, "                                  \
  "extract(epoch FROM a.create_time)::float8, extract(epoch FROM a.update_time)::float8, a.update_sequence, " \
  "ARRAY(SELECT r.reviewer_id FROM article_reviewers r WHERE r.article_id = a.id "                           \
  "      ORDER BY r.claim_time, r.reviewer_id), "                                                             \
  "ARRAY(SELECT d.reviewer_id FROM decisions d WHERE d.article_id = a.id AND d.round = a.round "             \
  "      AND d.decision = 1 ORDER BY d.id) "                                                                  \
  "FROM articles a "

// $1 id
inline constexpr char kGetArticle[] = MEDBRIEF_REVIEW_ARTICLE_COLUMNS "WHERE a.id = $1";

// $1 answer_id
inline constexpr char kGetArticleByAnswer[] = MEDBRIEF_REVIEW_ARTICLE_COLUMNS "WHERE a.answer_id = $1";

// $1 id: the article, locked until the transaction ends. Transitions are
// serialised on this row lock.
inline constexpr char kLockArticle[] = MEDBRIEF_REVIEW_ARTICLE_COLUMNS "WHERE a.id = $1 FOR UPDATE OF a";

// $1 id: a comment holds the article's status (no transition until it
// commits) without excluding other comments.
inline constexpr char kShareArticle[] = MEDBRIEF_REVIEW_ARTICLE_COLUMNS "WHERE a.id = $1 FOR SHARE OF a";

// $1 status (0: any), $2 reviewer_id ('' : any), $3 overdue only, $4 the SLA in
// seconds, $5 after update_sequence, $6 limit. Oldest change first.
inline constexpr char kListArticles[] = MEDBRIEF_REVIEW_ARTICLE_COLUMNS R"sql(
WHERE ($1 = 0 OR a.status = $1)
  AND ($2 = '' OR EXISTS (SELECT 1 FROM article_reviewers r WHERE r.article_id = a.id AND r.reviewer_id = $2))
  AND (NOT $3 OR (a.status IN (1, 2, 3) AND a.state_since < now() - make_interval(secs => $4)))
  AND a.update_sequence > $5
ORDER BY a.update_sequence
LIMIT $6
)sql";

#undef MEDBRIEF_REVIEW_ARTICLE_COLUMNS

// $1 id, $2 answer_id, $3 question, $4 author, $5 required_approvals. Nothing
// is inserted when the answer has an article already (read that one).
inline constexpr char kInsertArticle[] = R"sql(
INSERT INTO articles (id, answer_id, question, author, status, required_approvals)
VALUES ($1, $2, $3, $4, 1, $5)
ON CONFLICT (answer_id) DO NOTHING
RETURNING id
)sql";

// $1 article id, $2 author: the SUBMIT event; the article's times are the event's.
inline constexpr char kRecordSubmit[] = R"sql(
WITH e AS (SELECT * FROM append_event($1, $2, 'SUBMIT', 0::smallint, 1::smallint, ''))
UPDATE articles a
SET create_time = e.event_time, update_time = e.event_time, state_since = e.event_time,
    update_sequence = e.sequence
FROM e WHERE a.id = $1
)sql";

// $1 article_id, $2 reviewer_id
inline constexpr char kInsertClaim[] = R"sql(
INSERT INTO article_reviewers (article_id, reviewer_id, claim_time) VALUES ($1, $2, clock_timestamp())
)sql";

// $1 article_id, $2 reviewer_id, $3 decision (proto number), $4 note, $5 round
inline constexpr char kInsertDecision[] = R"sql(
INSERT INTO decisions (article_id, reviewer_id, decision, note, round) VALUES ($1, $2, $3, $4, $5)
)sql";

// A change of an article and its event: $1 article id, $2 actor, $3 action
// name, $4 from status, $5 to status, $6 note, $7 round, $8 reopen_reason,
// $9 whether a reviewer decided. Returns the new revision and times.
inline constexpr char kRecordChange[] = R"sql(
WITH e AS (SELECT * FROM append_event($1, $2, $3, $4::smallint, $5::smallint, $6))
UPDATE articles a
SET status = $5, revision = a.revision + 1, round = $7, reopen_reason = $8,
    last_reviewed_time = CASE WHEN $9 THEN e.event_time ELSE a.last_reviewed_time END,
    state_since = CASE WHEN a.status <> $5 THEN e.event_time ELSE a.state_since END,
    update_time = e.event_time, update_sequence = e.sequence
FROM e WHERE a.id = $1
RETURNING a.revision, extract(epoch FROM a.update_time)::float8,
          extract(epoch FROM a.last_reviewed_time)::float8, a.update_sequence
)sql";

// A comment and its event: $1 comment id, $2 article id, $3 reviewer id,
// $4 anchor, $5 the article's status, $6 text.
inline constexpr char kRecordComment[] = R"sql(
WITH e AS (SELECT * FROM append_event($2, $3, 'COMMENT', $5::smallint, $5::smallint, $6))
INSERT INTO comments (id, article_id, reviewer_id, anchor, body, create_time, sequence)
SELECT $1, $2, $3, $4, $6, e.event_time, e.sequence FROM e
RETURNING extract(epoch FROM create_time)::float8
)sql";

// $1 article id
inline constexpr char kArticleExists[] = "SELECT 1 FROM articles WHERE id = $1";

// $1 article id, $2 after sequence, $3 limit
inline constexpr char kListComments[] = R"sql(
SELECT id, article_id, reviewer_id, anchor, body, extract(epoch FROM create_time)::float8, sequence
FROM comments WHERE article_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3
)sql";

// $1 article id, $2 after sequence, $3 limit
inline constexpr char kListAuditEvents[] = R"sql(
SELECT id, article_id, actor, action, from_status, to_status, note, extract(epoch FROM create_time)::float8
FROM audit_events WHERE article_id = $1 AND id > $2 ORDER BY id LIMIT $3
)sql";

// $1 after sequence, $2 limit
inline constexpr char kEventsAfter[] = R"sql(
SELECT sequence, article_id, answer_id, action, status, extract(epoch FROM create_time)::float8
FROM article_events WHERE sequence > $1 ORDER BY sequence LIMIT $2
)sql";

inline constexpr char kLastSequence[] = "SELECT COALESCE(max(sequence), 0) FROM article_events";

// What append_event() notifies.
inline constexpr char kNotifyChannel[] = "medbrief_review_events";

}  // namespace medbrief::review::sql
