#pragma once

// A gRPC server with what every medbrief service carries: health
// (grpc.health.v1, overall and per service), reflection, the call-log
// interceptor, and an orderly shutdown. Optionally a second, plaintext port
// that serves only the same health service (no reflection, no tokens, no
// other service): Kubernetes' native gRPC probes speak neither TLS nor JWT.

#include <atomic>
#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/grpc/health.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"

namespace medbrief::grpcutil {

struct ServerOptions {
  std::string listen;                  // host:port; port 0 picks a free one
  std::vector<grpc::Service*> services;  // not owned; must outlive the server
  std::vector<std::string> health_names;  // e.g. "medbrief.content.v1.ContentService"
  std::shared_ptr<grpc::ServerCredentials> credentials;  // null: plaintext
  // host:port for the plaintext health-only port; empty: none. Port 0 picks a free one.
  std::string health_listen;
  int max_message_bytes = 32 << 20;
};

class Server {
 public:
  // Listens and serves at once; health says NOT_SERVING until SetServing(true).
  static absl::StatusOr<std::unique_ptr<Server>> Start(ServerOptions options);

  int port() const { return port_; }
  // The health-only port; 0 when there is none.
  int health_port() const { return health_port_; }
  HealthService& health() { return health_; }

  // Health to NOT_SERVING (watchers told); in-flight calls get until `grace`
  // to finish; then no new calls, the rest are cancelled and connections
  // closed. Returns when done, as soon as the last call has finished.
  void Shutdown(absl::Duration grace);

  ~Server();

 private:
  explicit Server(const std::vector<std::string>& health_names) : health_(health_names) {}

  HealthService health_;
  std::shared_ptr<std::atomic<int>> in_flight_ = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // answers from health_, as server_ does
  // Polled by poll_thread_ when the server has callback methods (see Start).
  std::unique_ptr<grpc::ServerCompletionQueue> poll_cq_;
  std::thread poll_thread_;
  int port_ = 0;
  int health_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace medbrief::grpcutil
