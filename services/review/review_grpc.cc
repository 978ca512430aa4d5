#include "services/review/review_grpc.h"

#include <bitset>

#include "common/grpc/security.h"

#include "common/grpc/event_stream.h"
#include "common/grpc/status.h"
#include "common/validation/fields.h"

namespace medbrief::review {

std::string CallerOf(const grpc::ServerContext& context) {
  // With --auth=jwt the token says who called; the header is for --auth=off.
  if (std::string subject = grpcutil::AuthenticatedSubject(context); !subject.empty()) return subject;
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(kCallerHeader);
  if (it == metadata.end()) return kUnidentifiedCaller;
  const std::string caller(it->second.data(), it->second.size());
  if (!validation::CheckText(kCallerHeader, caller, kMaxIdChars, validation::Presence::kRequired).ok()) {
    return kUnidentifiedCaller;
  }
  return caller;
}

grpc::Status ReviewGrpc::CreateReviewer(grpc::ServerContext*, const v1::CreateReviewerRequest* request,
                                        v1::Reviewer* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.CreateReviewer(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::SubmitArticle(grpc::ServerContext*, const v1::SubmitArticleRequest* request,
                                       v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.SubmitArticle(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::ClaimReview(grpc::ServerContext*, const v1::ClaimReviewRequest* request,
                                     v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ClaimReview(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::AddComment(grpc::ServerContext*, const v1::AddCommentRequest* request,
                                    v1::Comment* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.AddComment(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::ListComments(grpc::ServerContext*, const v1::ListCommentsRequest* request,
                                      v1::ListCommentsResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListComments(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::Decide(grpc::ServerContext*, const v1::DecideRequest* request, v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.Decide(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::ResubmitArticle(grpc::ServerContext*, const v1::ResubmitArticleRequest* request,
                                         v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ResubmitArticle(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::ReopenArticle(grpc::ServerContext* context, const v1::ReopenArticleRequest* request,
                                       v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ReopenArticle(*request, CallerOf(*context)));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::RetractArticle(grpc::ServerContext* context, const v1::RetractArticleRequest* request,
                                        v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.RetractArticle(*request, CallerOf(*context)));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::GetArticle(grpc::ServerContext*, const v1::GetArticleRequest* request,
                                    v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.GetArticle(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::GetArticleByAnswer(grpc::ServerContext*, const v1::GetArticleByAnswerRequest* request,
                                            v1::Article* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.GetArticleByAnswer(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::ListArticles(grpc::ServerContext*, const v1::ListArticlesRequest* request,
                                      v1::ListArticlesResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListArticles(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::ListAuditEvents(grpc::ServerContext*, const v1::ListAuditEventsRequest* request,
                                         v1::ListAuditEventsResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListAuditEvents(*request));
  return grpc::Status::OK;
}

grpc::Status ReviewGrpc::WatchArticles(grpc::ServerContext* context, const v1::WatchArticlesRequest* request,
                                       grpc::ServerWriter<v1::ArticleEvent>* writer) {
  RETURN_IF_ERROR_GRPC(ReviewService::CheckWatch(*request));
  std::bitset<v1::AuditEvent::Action_ARRAYSIZE> skip;  // an action unknown here matches no event
  for (const int action : request->skip_actions()) {
    if (action < v1::AuditEvent::Action_ARRAYSIZE) skip.set(static_cast<size_t>(action));
  }
  return grpcutil::StreamEvents<v1::ArticleEvent>(
      *context, *writer, request->after_sequence(),
      [this](int64_t after, int limit) { return service_.EventsAfter(after, limit); },
      [](const v1::ArticleEvent& e) { return e.sequence(); },
      [&](const v1::ArticleEvent& e) { return !skip.test(static_cast<size_t>(e.action())); }, events_);
}

}  // namespace medbrief::review
