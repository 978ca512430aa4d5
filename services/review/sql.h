#pragma once

// The review service's SQL (schema `review`), one named query each.
// Parameters are always bound ($n), never spliced in. Every change of an
// article ends with append_event() (migration 0002), the one writer of the
// audit log, which numbers events in commit order; WatchArticles reads the
// log as its outbox.

namespace medbrief::review::sql {

// $1 id, $2 display_name, $3 specialty, $4 board_member
inline constexpr char kInsertReviewer[] = R"sql(
INSERT INTO reviewers (id, display_name, specialty, board_member) VALUES ($1, $2, $3, $4)
RETURNING extract(epoch FROM create_time)::float8
)sql";

// An article as ArticleFromRow reads it (alias a): reviewer_ids in claim
// order, the approvals of the current round in decision order.
#define MEDBRIEF_REVIEW_ARTICLE_COLUMNS                                                                      \
  "a.id, a.answer_id, a.question, a.author, a.status, a.required_approvals, a.reopen_reason, "               \
  "a.revision, a.round, extract(epoch FROM a.last_reviewed_time)::float8, "                                  \
  "extract(epoch FROM a.create_time)::float8, extract(epoch FROM a.update_time)::float8, a.update_sequence, " \
  "ARRAY(SELECT r.reviewer_id FROM article_reviewers r WHERE r.article_id = a.id "                           \
  "      ORDER BY r.claim_time, r.reviewer_id), "                                                             \
  "ARRAY(SELECT d.reviewer_id FROM decisions d WHERE d.article_id = a.id AND d.round = a.round "             \
  "      AND d.decision = 1 ORDER BY d.id) "

// $1 id
inline constexpr char kGetArticle[] = "SELECT " MEDBRIEF_REVIEW_ARTICLE_COLUMNS "FROM articles a WHERE a.id = $1";

// $1 answer_id
inline constexpr char kGetArticleByAnswer[] =
    "SELECT " MEDBRIEF_REVIEW_ARTICLE_COLUMNS "FROM articles a WHERE a.answer_id = $1";

// $1 id, $2 the acting reviewer's id ('' for none): the article and the
// reviewer (id NULL when unknown), as the state machine's input. Not locked:
// kRecordChange and kRecordComment apply the outcome only if what it was
// decided on still holds.
inline constexpr char kGetArticleAndReviewer[] = "SELECT " MEDBRIEF_REVIEW_ARTICLE_COLUMNS R"sql(,
       rv.id, rv.board_member
FROM articles a LEFT JOIN reviewers rv ON rv.id = $2
WHERE a.id = $1
)sql";

// $1 status (0: any), $2 reviewer_id ('' : any), $3 overdue only, $4 the SLA in
// seconds, $5 after update_sequence, $6 limit. Oldest change first.
inline constexpr char kListArticles[] = "SELECT " MEDBRIEF_REVIEW_ARTICLE_COLUMNS R"sql(
FROM articles a
WHERE ($1 = 0 OR a.status = $1)
  AND ($2 = '' OR EXISTS (SELECT 1 FROM article_reviewers r WHERE r.article_id = a.id AND r.reviewer_id = $2))
  AND (NOT $3 OR (a.status IN (1, 2, 3) AND a.state_since < now() - make_interval(secs => $4)))
  AND a.update_sequence > $5
ORDER BY a.update_sequence
LIMIT $6
)sql";

#undef MEDBRIEF_REVIEW_ARTICLE_COLUMNS

// $1 id, $2 answer_id, $3 question, $4 author, $5 required_approvals: a new
// article and its SUBMIT event (migration 0002), run on its own. No row when
// the answer has an article already.
inline constexpr char kSubmitArticle[] = R"sql(
SELECT extract(epoch FROM submit_time)::float8 FROM submit_article($1, $2, $3, $4, $5)
)sql";

// A change of an article, its claim or decision, and its event, in one
// statement run on its own (autocommit: the advisory lock append_event takes
// is held only until this statement's commit, with no round trip in
// between). It applies only while the article is still at revision $13, the
// one the change was decided on: the row lock (FOR UPDATE) serialises
// concurrent changes, and one that lost the race finds another revision and
// writes nothing (no row returned).
// $1 article id, $2 answer id, $3 actor, $4 action name, $5 from status,
// $6 to status, $7 note, $8 round after, $9 reopen_reason after, $10 whether
// the actor claims (a claim row), $11 the decision (proto number; 0: none),
// $12 the round decided in, $13 the revision decided on. Returns the new
// revision and times.
inline constexpr char kRecordChange[] = R"sql(
WITH current AS (
  SELECT id FROM articles WHERE id = $1 AND revision = $13 FOR UPDATE
), claim AS (
  INSERT INTO article_reviewers (article_id, reviewer_id, claim_time)
  SELECT $1, $3, clock_timestamp() FROM current WHERE $10
), decision AS (
  INSERT INTO decisions (article_id, reviewer_id, decision, note, round)
  SELECT $1, $3, $11::smallint, $7, $12 FROM current WHERE $11::smallint <> 0
), e AS (
  SELECT ev.* FROM current, LATERAL append_event($1, $2, $3, $4, $5::smallint, $6::smallint, $7) ev
)
UPDATE articles a
SET status = $6, revision = a.revision + 1, round = $8, reopen_reason = $9,
    last_reviewed_time = CASE WHEN $11::smallint <> 0 THEN e.event_time ELSE a.last_reviewed_time END,
    state_since = CASE WHEN a.status <> $6 THEN e.event_time ELSE a.state_since END,
    update_time = e.event_time, update_sequence = e.sequence
FROM e WHERE a.id = $1
RETURNING a.revision, extract(epoch FROM a.update_time)::float8,
          extract(epoch FROM a.last_reviewed_time)::float8
)sql";

// A comment and its event, in one statement run on its own, applied only
// while the article is still in status $6 (the one the comment was allowed
// in): the share lock holds the status until the comment commits without
// excluding other comments. No row returned: the status changed.
// $1 comment id, $2 article id, $3 answer id, $4 reviewer id, $5 anchor,
// $6 the article's status, $7 text.
inline constexpr char kRecordComment[] = R"sql(
WITH current AS (
  SELECT id FROM articles WHERE id = $2 AND status = $6 FOR SHARE
), e AS (
  SELECT ev.* FROM current, LATERAL append_event($2, $3, $4, 'COMMENT', $6::smallint, $6::smallint, $7) ev
)
INSERT INTO comments (id, article_id, reviewer_id, anchor, body, create_time, sequence)
SELECT $1, $2, $4, $5, $7, e.event_time, e.sequence FROM e
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

// $1 after sequence, $2 limit: WatchArticles' events, from the audit log
// (since 0007 the outbox article_events no longer gets a copy of them).
inline constexpr char kEventsAfter[] = R"sql(
SELECT e.id, e.article_id, a.answer_id, e.action, e.to_status, extract(epoch FROM e.create_time)::float8
FROM audit_events e JOIN articles a ON a.id = e.article_id
WHERE e.id > $1 ORDER BY e.id LIMIT $2
)sql";

inline constexpr char kLastSequence[] = "SELECT COALESCE(max(id), 0) FROM audit_events";

// The articles waiting on someone, by status (metrics: the queue length).
inline constexpr char kQueueCounts[] = R"sql(
SELECT status, count(*) FROM articles WHERE status IN (1, 2, 3) GROUP BY status
)sql";

// What write_event() notifies, with the event's sequence as the payload;
// SUBMIT events are not announced (migration 0006).
inline constexpr char kNotifyChannel[] = "medbrief_review_events";

}  // namespace medbrief::review::sql
