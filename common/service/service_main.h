#pragma once

// The start-up and shutdown every medbrief binary shares, so each main() only
// lists its parts:
//   flags -> logging -> database reachable (or exit 1) -> migrations (or
//   exit 1) -> build the parts -> listen (and --health_listen), SERVING ->
//   SIGTERM/SIGINT -> NOT_SERVING on both ports -> drain within
//   --shutdown_grace -> exit 0.
// Nothing listens before the schema is migrated and the parts are built, so
// no handler ever runs against a half-ready service. An unreachable database
// makes the binary exit 1 after --db_connect_timeout with the reason logged;
// the orchestrator restarts it. A drain that overruns the grace by more than
// a few seconds (a handler stuck in a query) ends the process with exit 1.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/flags.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "grpcpp/impl/codegen/service_type.h"

namespace medbrief::service {

// What a service is made of, given its configuration and database pool.
struct Parts {
  std::vector<std::unique_ptr<grpc::Service>> services;
  // Called on SIGTERM before the server drains: ends long-lived streams and
  // stops background work. Optional.
  std::function<void()> stop;
  // Anything else the services use, destroyed after the server stops.
  std::vector<std::shared_ptr<void>> keep_alive;
};

struct ServiceDefinition {
  std::string name;                    // "content": log name and schema
  std::vector<std::string> grpc_names;  // full service names for health
  const db::MigrationSet* migrations;
  std::function<absl::StatusOr<Parts>(const config::ServiceConfig&, db::ConnectionPool&)> build;
};

// Exit codes: 0 after a clean shutdown, 1 when start-up failed, 2 for bad flags.
int RunService(int argc, char** argv, const ServiceDefinition& definition);

}  // namespace medbrief::service
