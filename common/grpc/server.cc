#include "common/grpc/server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/grpc/call_log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace medbrief::grpcutil {
namespace {

// Drops the builder plugins (gRPC's reflection registers itself in every
// builder once initialised): the health port serves health and nothing else.
class NoPlugins final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override { plugins->clear(); }
};

// A plaintext server holding only `health`. SO_REUSEPORT off: otherwise, given
// the main port by mistake, it would share that port's connections.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartHealthOnly(const std::string& listen, HealthService& health,
                                                              int* port) {
  if (listen.rfind(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("health listen address \"", listen, "\": expected host:port"));
  }
  grpc::ServerBuilder builder;
  builder.SetOption(std::make_unique<NoPlugins>());
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), port);
  builder.SetMaxReceiveMessageSize(4 << 10);  // a HealthCheckRequest is a service name
  builder.RegisterService(&health);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen, " for health (address in use, or not an address of this host)"));
  }
  return server;
}

// Threads kept waiting for calls; more calls at once than this still each
// get a thread, started on demand.
constexpr int kMaxWaitingThreads = 32;

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(ServerOptions options) {
  if (options.listen.empty() || options.listen.rfind(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("listen address \"", options.listen, "\": expected host:port"));
  }
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  std::unique_ptr<Server> server(new Server(options.health_names));

  grpc::ServerBuilder builder;
  auto credentials = options.credentials ? options.credentials : grpc::InsecureServerCredentials();
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  // gRPC's synchronous server keeps at most 2 threads waiting for calls by
  // default: under concurrent load each call then starts a thread and ends
  // it afterwards. Threads that finished a call stay and wait for the next
  // (the fresh-answer benchmark went from 208 to 248 answers/s).
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, kMaxWaitingThreads);
  builder.RegisterService(&server->health_);
  for (grpc::Service* service : options.services) builder.RegisterService(service);
  // gRPC 1.51 treats a server with both synchronous and callback methods
  // (content's ImportSources is a callback method) as "hybrid": the queues of
  // its synchronous methods stop polling, so the only threads polling the
  // process's sockets are the callback queue's two, and each of them, after
  // a second without a callback event, sleeps 100 ms. When both were away
  // nothing was read: searches stalled 60-105 ms about once a second
  // (docs/BENCHMARKS.md). A queue registered as frequently polled, and a
  // thread of ours that waits on it without a timeout, keeps them polled.
  bool callbacks = false;
  for (grpc::Service* service : options.services) callbacks = callbacks || service->has_callback_methods();
  if (callbacks) server->poll_cq_ = builder.AddCompletionQueue(/*is_frequently_polled=*/true);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallLogInterceptorFactory>(server->in_flight_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server->server_ = builder.BuildAndStart();
  if (server->poll_cq_ != nullptr) {
    // Without a server nothing would shut the queue down later: now, then.
    if (server->server_ == nullptr) server->poll_cq_->Shutdown();
    server->poll_thread_ = std::thread([cq = server->poll_cq_.get()] {
      void* tag = nullptr;
      bool ok = false;
      while (cq->Next(&tag, &ok)) {
      }  // no call is ever requested on it: Next returns false at shutdown
    });
  }
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               " (address in use, or not an address of this host)"));
  }
  if (!options.health_listen.empty()) {
    // The same HealthService object on both servers (a synchronous service
    // may be registered with several): one status, one Shutdown().
    absl::StatusOr<std::unique_ptr<grpc::Server>> health =
        StartHealthOnly(options.health_listen, server->health_, &server->health_port_);
    if (!health.ok()) return health.status();
    server->health_server_ = *std::move(health);
  }
  return server;
}

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  health_.Shutdown();
  // gRPC's Shutdown(deadline) also waits for every client connection to go
  // away, which idle clients may not do before the deadline. So wait for the
  // calls ourselves, then shut down at once.
  const absl::Time deadline = absl::Now() + grace;
  while (in_flight_->load() > 0 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(5));
  // Watchers, on either port, get NOT_SERVING before their calls are ended.
  health_.WaitForWatchesToEnd(std::max(deadline - absl::Now(), absl::Milliseconds(500)));
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
  if (poll_cq_ != nullptr) {
    poll_cq_->Shutdown();  // after the server's, as gRPC requires
    poll_thread_.join();
  }
  if (health_server_ != nullptr) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
}

Server::~Server() {
  if (server_ != nullptr) Shutdown(absl::ZeroDuration());
  if (poll_thread_.joinable()) poll_thread_.join();  // started without a server: its queue is shut down
}

}  // namespace medbrief::grpcutil
