#include "common/service/service_main.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/grpc/security.h"
#include "common/metrics/metrics.h"
#include "common/grpc/server.h"
#include "common/log/log.h"

namespace medbrief::service {
namespace {

// Blocks SIGTERM and SIGINT in this thread and every thread it starts later,
// so that only WaitForTermination receives them.
sigset_t BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int WaitForTermination(const sigset_t& set) {
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {
  }
  return signal;
}

// Ends the process if shutdown takes longer than `limit`: a handler stuck in
// a query must not keep a terminating pod alive.
std::thread StartShutdownWatchdog(absl::Duration limit) {
  return std::thread([limit] {
    absl::SleepFor(limit);
    log::Error("shutdown overran its grace period; exiting", {{"limit", absl::FormatDuration(limit)}});
    std::_Exit(1);
  });
}

}  // namespace

int RunService(int argc, char** argv, const ServiceDefinition& definition) {
  const sigset_t termination = BlockTerminationSignals();
  log::SetService(definition.name);
  // Debian's Abseil is built with its debug checks, so every Mutex lock
  // would also update a process-wide lock-order graph (a few percent of the
  // services' CPU under load). Lock order is checked at compile time instead
  // (tools/thread-safety.sh); the tests keep the runtime graph.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  absl::StatusOr<config::ServiceConfig> config = config::LoadServiceConfig(argc, argv, config::ProcessEnv());
  if (!config.ok()) {
    log::Error("bad configuration", {{"error", std::string(config.status().message())}});
    return 2;
  }
  if (config->help) return 0;
  if (auto level = log::ParseLevel(config->log_level); level.ok()) {
    log::SetMinLevel(*level);
  } else {
    log::Error("bad configuration", {{"error", std::string(level.status().message())}});
    return 2;
  }
  if (config->auth == "off") {
    log::Warn("authentication is OFF: every caller is trusted; local development only");
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = grpcutil::ServerCredentialsFor(*config);
  if (!credentials.ok()) {
    log::Error("bad configuration", {{"error", std::string(credentials.status().message())}});
    return 2;
  }
  if (config->db_dsn.empty()) {
    log::Error("bad configuration", {{"error", "--db_dsn (MEDBRIEF_DB_DSN) is required"}});
    return 2;
  }

  db::PoolOptions pool_options;
  pool_options.dsn = config->db_dsn;
  pool_options.size = config->db_pool_size;
  pool_options.statement_timeout = config->db_statement_timeout;
  pool_options.search_path = definition.migrations->schema;
  pool_options.application_name = absl::StrCat("medbrief-", definition.name);
  db::ConnectionPool pool(pool_options);

  if (absl::Status reachable = pool.WaitUntilReachable(config->db_connect_timeout); !reachable.ok()) {
    log::Error("database unreachable, exiting", {{"error", std::string(reachable.message())},
                                                 {"waited", absl::FormatDuration(config->db_connect_timeout)}});
    return 1;
  }
  absl::StatusOr<int> applied = db::ApplyMigrations(pool, *definition.migrations);
  if (!applied.ok()) {
    log::Error("migrations failed, exiting", {{"error", std::string(applied.status().message())}});
    return 1;
  }
  metrics::Registry::Default().AddGauge(
      "medbrief_db_pool_connections", "database connections: the pool's size, those open, those in use", [&pool] {
        const db::ConnectionPool::Stats stats = pool.stats();
        return std::vector<metrics::Sample>{{{{"state", "size"}}, static_cast<double>(stats.size)},
                                            {{{"state", "open"}}, static_cast<double>(stats.open)},
                                            {{{"state", "in_use"}}, static_cast<double>(stats.in_use)}};
      });
  absl::StatusOr<Parts> parts = definition.build(*config, pool);
  if (!parts.ok()) {
    log::Error("start-up failed", {{"error", parts.status().ToString()}});
    return 1;
  }
  std::unique_ptr<metrics::Exporter> exporter;
  if (!config->metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<metrics::Exporter>> started =
        metrics::Exporter::Start(config->metrics_listen, metrics::Registry::Default());
    if (!started.ok()) {
      log::Error("start-up failed", {{"error", std::string(started.status().message())}});
      if (parts->stop) parts->stop();
      return 1;
    }
    exporter = *std::move(started);
    log::Info("metrics serving", {{"port", exporter->port()}, {"listen", config->metrics_listen}});
  }
  grpcutil::ServerOptions options;
  options.listen = config->listen;
  options.credentials = *credentials;
  options.health_names = definition.grpc_names;
  options.health_listen = config->health_listen;
  for (auto& service : parts->services) options.services.push_back(service.get());
  absl::StatusOr<std::unique_ptr<grpcutil::Server>> server = grpcutil::Server::Start(std::move(options));
  if (!server.ok()) {
    log::Error("start-up failed", {{"error", std::string(server.status().message())}});
    if (parts->stop) parts->stop();
    return 1;
  }
  if ((*server)->health_port() != 0) {
    log::Info("health serving", {{"port", (*server)->health_port()}, {"listen", config->health_listen}});
  }
  (*server)->health().SetServing(true);
  log::Info("serving", {{"port", (*server)->port()}, {"listen", config->listen}, {"migrations_applied", *applied}});

  const int signal = WaitForTermination(termination);
  log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                              {"grace", absl::FormatDuration(config->shutdown_grace)}});
  std::thread watchdog = StartShutdownWatchdog(config->shutdown_grace + absl::Seconds(3));
  if (parts->stop) parts->stop();
  (*server)->Shutdown(config->shutdown_grace);
  log::Info("stopped");
  watchdog.detach();
  return 0;
}

}  // namespace medbrief::service
