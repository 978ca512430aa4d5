#include "services/citation/citation_grpc.h"

#include <algorithm>

#include "common/grpc/status.h"

namespace medbrief::citation {

absl::Time CitationGrpc::Deadline(const grpc::ServerContext& context) const {
  const absl::Time now = absl::Now();
  const absl::Time client = absl::FromChrono(context.deadline());
  // A fifth of what the client allows (at most 500 ms) is kept for the answer.
  const absl::Duration left = client - now;
  const absl::Duration margin = std::clamp(left / 5, absl::ZeroDuration(), absl::Milliseconds(500));
  return std::min(now + budget_, client - margin);
}

grpcutil::CallScope CitationGrpc::Scope(const grpc::ServerContext& context) const {
  return {Deadline(context), grpcutil::RequestId(context)};
}

grpc::Status CitationGrpc::RegisterCitations(grpc::ServerContext* context,
                                             const v1::RegisterCitationsRequest* request,
                                             v1::RegisterCitationsResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.RegisterCitations(*request, Scope(*context)));
  return grpc::Status::OK;
}

grpc::Status CitationGrpc::ListCitations(grpc::ServerContext* context, const v1::ListCitationsRequest* request,
                                         v1::ListCitationsResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListCitations(*request, Scope(*context)));
  return grpc::Status::OK;
}

grpc::Status CitationGrpc::FormatReference(grpc::ServerContext* context, const v1::FormatReferenceRequest* request,
                                           v1::FormatReferenceResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.FormatReference(*request, Scope(*context)));
  return grpc::Status::OK;
}

grpc::Status CitationGrpc::CheckSupport(grpc::ServerContext* context, const v1::CheckSupportRequest* request,
                                        v1::Support* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.CheckSupport(*request, Scope(*context)));
  return grpc::Status::OK;
}

grpc::Status CitationGrpc::ListCitingAnswers(grpc::ServerContext*, const v1::ListCitingAnswersRequest* request,
                                             v1::ListCitingAnswersResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListCitingAnswers(*request));
  return grpc::Status::OK;
}

}  // namespace medbrief::citation
