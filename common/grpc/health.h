#pragma once

// grpc.health.v1 with the statuses medbrief needs: every name starts
// NOT_SERVING (until migrations are applied), and Shutdown() flips all to
// NOT_SERVING and ends open Watch streams so the server can drain.
// (gRPC's built-in service reports SERVING from the first instant.)

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace medbrief::grpcutil {

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  // `services`: the full names answered besides "" (the whole server).
  explicit HealthService(const std::vector<std::string>& services);

  void SetServing(bool serving);
  // NOT_SERVING for good: every Watch sends it and ends its stream.
  void Shutdown();
  // After Shutdown: waits up to `timeout` for the Watch calls to have sent
  // NOT_SERVING and ended, so stopping the server does not cancel them
  // first. False when some were still running.
  bool WaitForWatchesToEnd(absl::Duration timeout);

  grpc::Status Check(grpc::ServerContext* context, const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  grpc::Status Watch(grpc::ServerContext* context, const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

 private:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;
  ServingStatus StatusOf(const std::string& service) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::map<std::string, bool> serving_ ABSL_GUARDED_BY(mu_);
  int generation_ ABSL_GUARDED_BY(mu_) = 0;  // bumped on every change
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  int watches_ ABSL_GUARDED_BY(mu_) = 0;  // Watch calls running
};

}  // namespace medbrief::grpcutil
