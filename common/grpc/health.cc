#include "common/grpc/health.h"

#include "absl/cleanup/cleanup.h"

namespace medbrief::grpcutil {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

HealthService::HealthService(const std::vector<std::string>& services) {
  absl::MutexLock lock(&mu_);
  serving_[""] = false;
  for (const std::string& name : services) serving_[name] = false;
}

void HealthService::SetServing(bool serving) {
  absl::MutexLock lock(&mu_);
  if (shut_down_) return;
  for (auto& entry : serving_) entry.second = serving;
  ++generation_;
}

void HealthService::Shutdown() {
  absl::MutexLock lock(&mu_);
  for (auto& entry : serving_) entry.second = false;
  shut_down_ = true;
  ++generation_;
}

bool HealthService::WaitForWatchesToEnd(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto ended = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return watches_ == 0; };
  return mu_.AwaitWithTimeout(absl::Condition(&ended), timeout);
}

HealthService::ServingStatus HealthService::StatusOf(const std::string& service) const {
  auto it = serving_.find(service);
  if (it == serving_.end()) return HealthCheckResponse::SERVICE_UNKNOWN;
  return it->second ? HealthCheckResponse::SERVING : HealthCheckResponse::NOT_SERVING;
}

grpc::Status HealthService::Check(grpc::ServerContext*, const HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  absl::MutexLock lock(&mu_);
  const ServingStatus status = StatusOf(request->service());
  if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service");
  }
  response->set_status(status);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context, const HealthCheckRequest* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  {
    absl::MutexLock lock(&mu_);
    ++watches_;
  }
  const absl::Cleanup ended = [this] {
    absl::MutexLock lock(&mu_);
    --watches_;
  };
  int seen_generation = -1;
  ServingStatus last_sent = HealthCheckResponse::UNKNOWN;
  while (true) {
    ServingStatus status;
    bool shut_down;
    {
      absl::MutexLock lock(&mu_);
      // Wake on a change, a shutdown, or every 200 ms to notice cancellation.
      const auto changed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return generation_ != seen_generation; };
      mu_.AwaitWithTimeout(absl::Condition(&changed), absl::Milliseconds(200));
      seen_generation = generation_;
      status = StatusOf(request->service());
      shut_down = shut_down_;
    }
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
    if (status != last_sent) {
      HealthCheckResponse response;
      response.set_status(status);
      if (!writer->Write(response)) return grpc::Status::CANCELLED;
      last_sent = status;
    }
    if (shut_down) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "server shutting down");
  }
}

}  // namespace medbrief::grpcutil
