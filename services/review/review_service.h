#pragma once

// The review service's logic, apart from gRPC: request validation, ids,
// policy, and the state machine run against the store. review_grpc.cc only
// translates. Every method returns canonical statuses: INVALID_ARGUMENT
// naming the field, NOT_FOUND, ABORTED (stale etag), FAILED_PRECONDITION
// (the workflow does not allow it), PERMISSION_DENIED (the policy), or
// UNAVAILABLE (the database).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "medbrief/review/v1/review.pb.h"
#include "services/review/article_store.h"
#include "services/review/state_machine.h"

namespace medbrief::review {

struct ReviewOptions {
  Policy policy;
  // Time in SUBMITTED, UNDER_REVIEW or CHANGES_REQUESTED after which an
  // article is overdue (ListArticlesRequest.overdue_only).
  absl::Duration sla = absl::Hours(72);
};

class ReviewService {
 public:
  ReviewService(ArticleStore& store, ReviewOptions options);

  absl::StatusOr<v1::Reviewer> CreateReviewer(const v1::CreateReviewerRequest& request);
  absl::StatusOr<v1::Article> SubmitArticle(const v1::SubmitArticleRequest& request);
  absl::StatusOr<v1::Article> ClaimReview(const v1::ClaimReviewRequest& request);
  absl::StatusOr<v1::Comment> AddComment(const v1::AddCommentRequest& request);
  absl::StatusOr<v1::ListCommentsResponse> ListComments(const v1::ListCommentsRequest& request);
  absl::StatusOr<v1::Article> Decide(const v1::DecideRequest& request);
  absl::StatusOr<v1::Article> ResubmitArticle(const v1::ResubmitArticleRequest& request);
  // `caller` is who asks (the calling service), recorded as the actor.
  absl::StatusOr<v1::Article> ReopenArticle(const v1::ReopenArticleRequest& request, absl::string_view caller);
  absl::StatusOr<v1::Article> RetractArticle(const v1::RetractArticleRequest& request, absl::string_view caller);
  absl::StatusOr<v1::Article> GetArticle(const v1::GetArticleRequest& request);
  absl::StatusOr<v1::Article> GetArticleByAnswer(const v1::GetArticleByAnswerRequest& request);
  absl::StatusOr<v1::ListArticlesResponse> ListArticles(const v1::ListArticlesRequest& request);
  absl::StatusOr<v1::ListAuditEventsResponse> ListAuditEvents(const v1::ListAuditEventsRequest& request);

  // WatchArticles' input check and its reads of the outbox.
  static absl::Status CheckWatch(const v1::WatchArticlesRequest& request);
  absl::StatusOr<std::vector<v1::ArticleEvent>> EventsAfter(int64_t after, int limit);

  const ReviewOptions& options() const { return options_; }

 private:
  // One of ClaimReview, Decide, Resubmit, Reopen, Retract: `command` applied
  // to the locked article under the policy. With `use_author`, the actor is
  // the article's author.
  absl::StatusOr<v1::Article> Act(absl::string_view article_id, absl::string_view reviewer_id,
                                  absl::string_view etag, Command command, bool use_author = false);

  ArticleStore& store_;
  const ReviewOptions options_;
};

// Limits of review.proto, in Unicode characters.
inline constexpr size_t kMaxIdChars = 128;
inline constexpr size_t kMaxNameChars = 200;
inline constexpr size_t kMaxQuestionChars = 1000;
inline constexpr size_t kMaxAnchorChars = 500;
inline constexpr size_t kMaxTextChars = 4000;
// Entries of WatchArticlesRequest.skip_actions.
inline constexpr size_t kMaxSkipActions = 16;

// A new id: `prefix` and 16 random hex digits.
std::string NewId(absl::string_view prefix);

}  // namespace medbrief::review
