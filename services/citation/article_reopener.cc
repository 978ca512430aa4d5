#include "services/citation/article_reopener.h"

#include <utility>

#include "common/grpc/status.h"
#include "grpcpp/client_context.h"

namespace medbrief::citation {

GrpcArticleReopener::GrpcArticleReopener(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout)
    : stub_(review::v1::ReviewService::NewStub(std::move(channel))), timeout_(timeout) {}

absl::Status GrpcArticleReopener::Reopen(absl::string_view answer_id, absl::string_view reason) {
  review::v1::Article article;
  {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    review::v1::GetArticleByAnswerRequest request;
    request.set_answer_id(std::string(answer_id));
    if (absl::Status status = grpcutil::FromGrpc(stub_->GetArticleByAnswer(&context, request, &article));
        !status.ok()) {
      return status;
    }
  }
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  context.AddMetadata("x-medbrief-caller", kCallerName);
  review::v1::ReopenArticleRequest request;
  request.set_article_id(article.id());
  request.set_reason(std::string(reason));
  review::v1::Article reopened;
  return grpcutil::FromGrpc(stub_->ReopenArticle(&context, request, &reopened));
}

}  // namespace medbrief::citation
