#pragma once

// PostgreSQL storage of the review workflow (schema `review`): reviewers,
// articles, claims, decisions, comments and the append-only audit log, which
// WatchArticles reads as its outbox. libpqxx exceptions stop here and become
// statuses.
//
// Every change of an article is decided by the state machine on the article
// as read, then written with its audit event in one statement that takes the
// article's row lock (SELECT … FOR UPDATE) and applies only if the article is
// still at the revision decided on: concurrent changes are serialised in
// PostgreSQL, one made against a stale etag is ABORTED, and nothing is ever
// half written (the statement commits on its own, all or nothing).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "medbrief/review/v1/review.pb.h"
#include "services/review/state_machine.h"

namespace medbrief::review {

// One page of a list; `next_after` is the cursor after its last item, 0 on
// the last page.
template <typename T>
struct Page {
  std::vector<T> items;
  int64_t next_after = 0;
};

struct ArticleFilter {
  ArticleStatus status = v1::ARTICLE_STATUS_UNSPECIFIED;  // unspecified: any
  std::string reviewer_id;                                // empty: any
  bool overdue_only = false;
  absl::Duration sla = absl::Hours(72);  // with overdue_only
};

class ArticleStore {
 public:
  // At most `max_writers` writes run at once (see WriteSlot).
  explicit ArticleStore(db::ConnectionPool& pool, int max_writers = kDefaultMaxWriters)
      : pool_(pool), max_writers_(max_writers) {}

  static constexpr int kDefaultMaxWriters = 4;

  // Stores `reviewer` (its id set by the caller); returns it with create_time.
  absl::StatusOr<v1::Reviewer> CreateReviewer(v1::Reviewer reviewer);

  // A new SUBMITTED article with its SUBMIT event, or, when the answer has an
  // article already, that one as it is.
  absl::StatusOr<v1::Article> Submit(const std::string& id, const std::string& answer_id, const std::string& question,
                                     const std::string& author, int required_approvals);

  absl::StatusOr<v1::Article> Get(absl::string_view id);
  absl::StatusOr<v1::Article> GetByAnswer(absl::string_view answer_id);

  // Decides the change of an article from its current state and the acting
  // reviewer (null when no reviewer_id was given): the state machine.
  using Decide = absl::FunctionRef<absl::StatusOr<Outcome>(const ArticleState& current, const v1::Reviewer* reviewer)>;

  // Reads the article (NOT_FOUND naming article_id) and the reviewer when
  // `reviewer_id` is given (NOT_FOUND naming reviewer_id), checks `etag`
  // when given (ABORTED when stale), lets `decide` compute the change, and
  // writes it with its audit event in one statement that applies only if the
  // article is still at the revision decided on, under its row lock. When
  // another change won the race: ABORTED with an etag; without one
  // (ReopenArticle) the change is decided again on the new revision. An
  // outcome with nothing to record returns the article unchanged.
  absl::StatusOr<v1::Article> Change(absl::string_view article_id, absl::string_view reviewer_id,
                                     absl::string_view etag, Decide decide);

  // Adds comment `comment_id` when `decide` (the state machine's COMMENT)
  // allows it, with its audit event, provided the article's status is still
  // the one decided on (share-locked: comments run side by side, a
  // transition waits for them); otherwise it is decided again.
  absl::StatusOr<v1::Comment> AddComment(const std::string& comment_id, absl::string_view article_id,
                                         absl::string_view reviewer_id, const std::string& anchor, Decide decide);

  // Articles matching `filter` changed after sequence `after`, oldest change first.
  absl::StatusOr<Page<v1::Article>> ListArticles(const ArticleFilter& filter, int64_t after, int limit);

  // An article's comments / audit events after sequence `after`, oldest
  // first; NOT_FOUND when the article is unknown.
  absl::StatusOr<Page<v1::Comment>> ListComments(absl::string_view article_id, int64_t after, int limit);
  absl::StatusOr<Page<v1::AuditEvent>> ListAuditEvents(absl::string_view article_id, int64_t after, int limit);

  // WatchArticles' events: the audit log's with a greater sequence, in
  // order, each with its article's answer id.
  absl::StatusOr<std::vector<v1::ArticleEvent>> EventsAfter(int64_t after, int limit);
  // Articles in SUBMITTED, UNDER_REVIEW and CHANGES_REQUESTED, in that
  // order, each status listed (0 when empty).
  absl::StatusOr<std::vector<std::pair<v1::ArticleStatus, int64_t>>> QueueCounts();

  // The newest event sequence (0 when there is none).
  absl::StatusOr<int64_t> LastSequence();

 private:
  // Every write ends under the schema's event lock (append_event), held until
  // its commit: writes are serialised there anyway. More of them waiting in
  // PostgreSQL only adds a lock convoy (each hand-over wakes a backend); they
  // wait here instead, cheaply.
  class WriteSlot {
   public:
    explicit WriteSlot(ArticleStore& store);
    ~WriteSlot();
    WriteSlot(const WriteSlot&) = delete;
    WriteSlot& operator=(const WriteSlot&) = delete;

   private:
    ArticleStore& store_;
  };

  db::ConnectionPool& pool_;
  const int max_writers_;
  absl::Mutex writers_mu_;
  int writers_ ABSL_GUARDED_BY(writers_mu_) = 0;
};

// The etag of an article revision.
std::string EtagOf(int revision);

}  // namespace medbrief::review
