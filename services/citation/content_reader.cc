#include "services/citation/content_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/grpc/status.h"
#include "grpcpp/client_context.h"

namespace medbrief::citation {

absl::Status RetryUnavailable(const RetryOptions& options, absl::Time deadline,
                              const std::function<absl::Status(absl::Time attempt_deadline)>& call) {
  absl::Duration backoff = options.first_backoff;
  for (int attempt = 1;; ++attempt) {
    const absl::Time attempt_deadline = std::min(deadline, absl::Now() + options.attempt_timeout);
    absl::Status status = call(attempt_deadline);
    if (status.code() != absl::StatusCode::kUnavailable && status.code() != absl::StatusCode::kDeadlineExceeded) {
      return status;
    }
    if (attempt >= options.max_attempts || absl::Now() + backoff >= deadline) {
      return absl::UnavailableError(absl::StrCat("content service unavailable: ", status.message()));
    }
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, options.max_backoff);
  }
}

GrpcContentReader::GrpcContentReader(std::shared_ptr<grpc::Channel> channel, RetryOptions options)
    : stub_(content::v1::ContentService::NewStub(std::move(channel))), options_(options) {}

absl::StatusOr<content::v1::Passage> GrpcContentReader::GetPassage(absl::string_view id,
                                                                   const grpcutil::CallScope& scope) {
  {
    absl::MutexLock lock(&mu_);
    const auto it = passages_.find(id);
    if (it != passages_.end()) return it->second;
  }
  content::v1::GetPassageRequest request;
  request.set_id(std::string(id));
  content::v1::Passage passage;
  absl::Status status = RetryUnavailable(options_, scope.deadline, [&](absl::Time attempt_deadline) {
    grpc::ClientContext context;
    grpcutil::CallScope{attempt_deadline, scope.request_id}.Apply(&context);
    return grpcutil::FromGrpc(stub_->GetPassage(&context, request, &passage));
  });
  if (!status.ok()) return status;
  absl::MutexLock lock(&mu_);
  if (passages_.size() >= kMaxCachedPassages) passages_.clear();
  passages_.insert_or_assign(passage.id(), passage);
  return passage;
}

absl::StatusOr<content::v1::Source> GrpcContentReader::GetSource(absl::string_view id,
                                                                 const grpcutil::CallScope& scope) {
  content::v1::GetSourceRequest request;
  request.set_id(std::string(id));
  content::v1::Source source;
  absl::Status status = RetryUnavailable(options_, scope.deadline, [&](absl::Time attempt_deadline) {
    grpc::ClientContext context;
    grpcutil::CallScope{attempt_deadline, scope.request_id}.Apply(&context);
    return grpcutil::FromGrpc(stub_->GetSource(&context, request, &source));
  });
  if (!status.ok()) return status;
  return source;
}

}  // namespace medbrief::citation
