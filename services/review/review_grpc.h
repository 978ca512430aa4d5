#pragma once

// medbrief.review.v1.ReviewService over gRPC: validate, call the domain, map
// the status. The logic is in ReviewService.

#include <string>

#include "common/db/outbox_follower.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "services/review/review_service.h"

namespace medbrief::review {

// The metadata naming the calling service ("medbrief-citation"), recorded as
// the actor of ReopenArticle and RetractArticle until authentication lands
// and the token's subject takes its place.
inline constexpr char kCallerHeader[] = "x-medbrief-caller";
// The actor recorded when a call names no caller.
inline constexpr char kUnidentifiedCaller[] = "unidentified-caller";

// The caller named in `context`'s metadata, or kUnidentifiedCaller.
std::string CallerOf(const grpc::ServerContext& context);

class ReviewGrpc final : public v1::ReviewService::Service {
 public:
  ReviewGrpc(ReviewService& service, db::OutboxFollower& events) : service_(service), events_(events) {}

  grpc::Status CreateReviewer(grpc::ServerContext*, const v1::CreateReviewerRequest* request,
                              v1::Reviewer* response) override;
  grpc::Status SubmitArticle(grpc::ServerContext*, const v1::SubmitArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status ClaimReview(grpc::ServerContext*, const v1::ClaimReviewRequest* request,
                           v1::Article* response) override;
  grpc::Status AddComment(grpc::ServerContext*, const v1::AddCommentRequest* request, v1::Comment* response) override;
  grpc::Status ListComments(grpc::ServerContext*, const v1::ListCommentsRequest* request,
                            v1::ListCommentsResponse* response) override;
  grpc::Status Decide(grpc::ServerContext*, const v1::DecideRequest* request, v1::Article* response) override;
  grpc::Status ResubmitArticle(grpc::ServerContext*, const v1::ResubmitArticleRequest* request,
                               v1::Article* response) override;
  grpc::Status ReopenArticle(grpc::ServerContext* context, const v1::ReopenArticleRequest* request,
                             v1::Article* response) override;
  grpc::Status RetractArticle(grpc::ServerContext* context, const v1::RetractArticleRequest* request,
                              v1::Article* response) override;
  grpc::Status GetArticle(grpc::ServerContext*, const v1::GetArticleRequest* request, v1::Article* response) override;
  grpc::Status GetArticleByAnswer(grpc::ServerContext*, const v1::GetArticleByAnswerRequest* request,
                                  v1::Article* response) override;
  grpc::Status ListArticles(grpc::ServerContext*, const v1::ListArticlesRequest* request,
                            v1::ListArticlesResponse* response) override;
  grpc::Status ListAuditEvents(grpc::ServerContext*, const v1::ListAuditEventsRequest* request,
                               v1::ListAuditEventsResponse* response) override;
  grpc::Status WatchArticles(grpc::ServerContext* context, const v1::WatchArticlesRequest* request,
                             grpc::ServerWriter<v1::ArticleEvent>* writer) override;

 private:
  ReviewService& service_;
  db::OutboxFollower& events_;
};

}  // namespace medbrief::review
