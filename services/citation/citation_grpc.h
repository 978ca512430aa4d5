#pragma once

// medbrief.citation.v1.CitationService over gRPC: take the call's deadline,
// call the domain, map the status. The logic is in CitationService.

#include "absl/time/time.h"
#include "common/grpc/call_log.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "services/citation/citation_service.h"

namespace medbrief::citation {

class CitationGrpc final : public v1::CitationService::Service {
 public:
  // `budget` bounds a call's work when the client set no (shorter) deadline.
  explicit CitationGrpc(CitationService& service, absl::Duration budget = absl::Seconds(5))
      : service_(service), budget_(budget) {}

  grpc::Status RegisterCitations(grpc::ServerContext* context, const v1::RegisterCitationsRequest* request,
                                 v1::RegisterCitationsResponse* response) override;
  grpc::Status ListCitations(grpc::ServerContext* context, const v1::ListCitationsRequest* request,
                             v1::ListCitationsResponse* response) override;
  grpc::Status FormatReference(grpc::ServerContext* context, const v1::FormatReferenceRequest* request,
                               v1::FormatReferenceResponse* response) override;
  grpc::Status CheckSupport(grpc::ServerContext* context, const v1::CheckSupportRequest* request,
                            v1::Support* response) override;
  grpc::Status ListCitingAnswers(grpc::ServerContext* context, const v1::ListCitingAnswersRequest* request,
                                 v1::ListCitingAnswersResponse* response) override;

 private:
  // When the work must be done: within the budget, and early enough before
  // the client's deadline that an UNAVAILABLE still reaches it.
  absl::Time Deadline(const grpc::ServerContext& context) const;
  // That deadline, and the call's request id, passed on to content.
  grpcutil::CallScope Scope(const grpc::ServerContext& context) const;

  CitationService& service_;
  const absl::Duration budget_;
};

}  // namespace medbrief::citation
