#include "services/review/review_service.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/paging.h"
#include "common/status/macros.h"
#include "common/validation/fields.h"

namespace medbrief::review {
namespace {

using v1::AuditEvent;
using validation::CheckText;
using validation::Invalid;
using validation::Presence;

absl::Status CheckId(absl::string_view field, absl::string_view id) {
  return CheckText(field, id, kMaxIdChars, Presence::kRequired);
}

absl::Status CheckEtag(absl::string_view etag) { return CheckText("etag", etag, kMaxIdChars, Presence::kRequired); }

// The sequence a page token continues after (0 for the first page).
absl::StatusOr<int64_t> DecodeCursor(absl::string_view list, absl::string_view token) {
  ASSIGN_OR_RETURN(const std::string cursor, grpcutil::DecodePageToken(list, token));
  if (cursor.empty()) return 0;
  int64_t after = 0;
  if (!absl::SimpleAtoi(cursor, &after) || after <= 0) {
    return Invalid("page_token", "not a token of this list; pass next_page_token as it was returned");
  }
  return after;
}

std::string EncodeCursor(absl::string_view list, int64_t next_after) {
  return next_after == 0 ? std::string() : grpcutil::EncodePageToken(list, absl::StrCat(next_after));
}

}  // namespace

std::string NewId(absl::string_view prefix) {
  thread_local absl::BitGen gen;  // seeded from the OS
  return absl::StrCat(prefix, absl::Hex(absl::Uniform<uint64_t>(gen), absl::kZeroPad16));
}

ReviewService::ReviewService(ArticleStore& store, ReviewOptions options) : store_(store), options_(options) {}

absl::StatusOr<v1::Reviewer> ReviewService::CreateReviewer(const v1::CreateReviewerRequest& request) {
  if (!request.has_reviewer()) return Invalid("reviewer", "is required");
  const v1::Reviewer& in = request.reviewer();
  RETURN_IF_ERROR(CheckText("reviewer.display_name", in.display_name(), kMaxNameChars, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("reviewer.specialty", in.specialty(), kMaxNameChars));
  v1::Reviewer reviewer;
  reviewer.set_id(NewId("rev_"));
  reviewer.set_display_name(in.display_name());
  reviewer.set_specialty(in.specialty());
  reviewer.set_board_member(in.board_member());
  return store_.CreateReviewer(std::move(reviewer));
}

absl::StatusOr<v1::Article> ReviewService::SubmitArticle(const v1::SubmitArticleRequest& request) {
  RETURN_IF_ERROR(CheckId("answer_id", request.answer_id()));
  RETURN_IF_ERROR(CheckText("question", request.question(), kMaxQuestionChars, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("author", request.author(), kMaxIdChars, Presence::kRequired));
  return store_.Submit(NewId("art_"), request.answer_id(), request.question(), request.author(),
                       options_.policy.required_approvals);
}

absl::StatusOr<v1::Article> ReviewService::Act(absl::string_view article_id, absl::string_view reviewer_id,
                                               absl::string_view etag, Command command, bool use_author) {
  return store_.Change(article_id, reviewer_id, etag,
                       [&](const ArticleState& current, const v1::Reviewer* reviewer) -> absl::StatusOr<Outcome> {
                         if (reviewer != nullptr) {
                           command.actor = reviewer->id();
                           command.actor_is_board_member = reviewer->board_member();
                         }
                         if (use_author) command.actor = current.author;
                         return Apply(current, command, options_.policy);
                       });
}

absl::StatusOr<v1::Article> ReviewService::ClaimReview(const v1::ClaimReviewRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  RETURN_IF_ERROR(CheckId("reviewer_id", request.reviewer_id()));
  RETURN_IF_ERROR(CheckEtag(request.etag()));
  return Act(request.article_id(), request.reviewer_id(), request.etag(), Command{AuditEvent::CLAIM, "", false, ""});
}

absl::StatusOr<v1::Comment> ReviewService::AddComment(const v1::AddCommentRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  RETURN_IF_ERROR(CheckId("reviewer_id", request.reviewer_id()));
  RETURN_IF_ERROR(CheckText("anchor", request.anchor(), kMaxAnchorChars));
  RETURN_IF_ERROR(CheckText("text", request.text(), kMaxTextChars, Presence::kRequired));
  return store_.AddComment(NewId("cmt_"), request.article_id(), request.reviewer_id(), request.anchor(),
                           [&](const ArticleState& current, const v1::Reviewer* reviewer) {
                             const Command command{AuditEvent::COMMENT, reviewer->id(), reviewer->board_member(),
                                                   request.text()};
                             return Apply(current, command, options_.policy);
                           });
}

absl::StatusOr<v1::ListCommentsResponse> ReviewService::ListComments(const v1::ListCommentsRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  ASSIGN_OR_RETURN(const int page_size, grpcutil::PageSize(request.page_size()));
  const std::string list = absl::StrCat("comments/", request.article_id());
  ASSIGN_OR_RETURN(const int64_t after, DecodeCursor(list, request.page_token()));
  ASSIGN_OR_RETURN(Page<v1::Comment> page, store_.ListComments(request.article_id(), after, page_size));
  v1::ListCommentsResponse response;
  for (v1::Comment& c : page.items) *response.add_comments() = std::move(c);
  response.set_next_page_token(EncodeCursor(list, page.next_after));
  return response;
}

absl::StatusOr<v1::Article> ReviewService::Decide(const v1::DecideRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  RETURN_IF_ERROR(CheckId("reviewer_id", request.reviewer_id()));
  Action action;
  switch (request.decision()) {
    case v1::APPROVE: action = AuditEvent::APPROVE; break;
    case v1::REQUEST_CHANGES: action = AuditEvent::REQUEST_CHANGES; break;
    case v1::REJECT: action = AuditEvent::REJECT; break;
    default: return Invalid("decision", "must be APPROVE, REQUEST_CHANGES or REJECT");
  }
  RETURN_IF_ERROR(CheckText("note", request.note(), kMaxTextChars,
                            action == AuditEvent::APPROVE ? Presence::kOptional : Presence::kRequired));
  RETURN_IF_ERROR(CheckEtag(request.etag()));
  return Act(request.article_id(), request.reviewer_id(), request.etag(), Command{action, "", false, request.note()});
}

absl::StatusOr<v1::Article> ReviewService::ResubmitArticle(const v1::ResubmitArticleRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  RETURN_IF_ERROR(CheckEtag(request.etag()));
  return Act(request.article_id(), "", request.etag(), Command{AuditEvent::RESUBMIT, "", false, ""},
             /*use_author=*/true);
}

absl::StatusOr<v1::Article> ReviewService::ReopenArticle(const v1::ReopenArticleRequest& request,
                                                         absl::string_view caller) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  RETURN_IF_ERROR(CheckText("reason", request.reason(), kMaxTextChars, Presence::kRequired));
  // No etag: a changed source must win over concurrent edits.
  return Act(request.article_id(), "", "", Command{AuditEvent::REOPEN, std::string(caller), false, request.reason()});
}

absl::StatusOr<v1::Article> ReviewService::RetractArticle(const v1::RetractArticleRequest& request,
                                                          absl::string_view caller) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  RETURN_IF_ERROR(CheckText("reason", request.reason(), kMaxTextChars, Presence::kRequired));
  RETURN_IF_ERROR(CheckEtag(request.etag()));
  return Act(request.article_id(), "", request.etag(),
             Command{AuditEvent::RETRACT, std::string(caller), false, request.reason()});
}

absl::StatusOr<v1::Article> ReviewService::GetArticle(const v1::GetArticleRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  return store_.Get(request.article_id());
}

absl::StatusOr<v1::Article> ReviewService::GetArticleByAnswer(const v1::GetArticleByAnswerRequest& request) {
  RETURN_IF_ERROR(CheckId("answer_id", request.answer_id()));
  return store_.GetByAnswer(request.answer_id());
}

absl::StatusOr<v1::ListArticlesResponse> ReviewService::ListArticles(const v1::ListArticlesRequest& request) {
  if (!v1::ArticleStatus_IsValid(request.status())) return Invalid("status", "unknown status");
  RETURN_IF_ERROR(CheckText("reviewer_id", request.reviewer_id(), kMaxIdChars));
  ASSIGN_OR_RETURN(const int page_size, grpcutil::PageSize(request.page_size()));
  const std::string list = absl::StrCat("articles/", request.status(), "/", request.overdue_only() ? 1 : 0, "/",
                                        request.reviewer_id());
  ArticleFilter filter;
  filter.status = request.status();
  filter.reviewer_id = request.reviewer_id();
  filter.overdue_only = request.overdue_only();
  filter.sla = options_.sla;
  ASSIGN_OR_RETURN(const int64_t after, DecodeCursor(list, request.page_token()));
  ASSIGN_OR_RETURN(Page<v1::Article> page, store_.ListArticles(filter, after, page_size));
  v1::ListArticlesResponse response;
  for (v1::Article& a : page.items) *response.add_articles() = std::move(a);
  response.set_next_page_token(EncodeCursor(list, page.next_after));
  return response;
}

absl::StatusOr<v1::ListAuditEventsResponse> ReviewService::ListAuditEvents(
    const v1::ListAuditEventsRequest& request) {
  RETURN_IF_ERROR(CheckId("article_id", request.article_id()));
  ASSIGN_OR_RETURN(const int page_size, grpcutil::PageSize(request.page_size()));
  const std::string list = absl::StrCat("audit/", request.article_id());
  ASSIGN_OR_RETURN(const int64_t after, DecodeCursor(list, request.page_token()));
  ASSIGN_OR_RETURN(Page<v1::AuditEvent> page, store_.ListAuditEvents(request.article_id(), after, page_size));
  v1::ListAuditEventsResponse response;
  for (v1::AuditEvent& e : page.items) *response.add_events() = std::move(e);
  response.set_next_page_token(EncodeCursor(list, page.next_after));
  return response;
}

absl::Status ReviewService::CheckWatch(const v1::WatchArticlesRequest& request) {
  if (request.after_sequence() < 0) return Invalid("after_sequence", "must be 0 or more");
  RETURN_IF_ERROR(validation::CheckCount("skip_actions", request.skip_actions_size(), kMaxSkipActions));
  for (int i = 0; i < request.skip_actions_size(); ++i) {
    // A value newer than this server is no error: no event has it.
    if (request.skip_actions(i) <= v1::AuditEvent::ACTION_UNSPECIFIED) {
      return Invalid(absl::StrCat("skip_actions[", i, "]"), "must be an action");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::ArticleEvent>> ReviewService::EventsAfter(int64_t after, int limit) {
  return store_.EventsAfter(after, limit);
}

}  // namespace medbrief::review
