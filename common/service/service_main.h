#pragma once

// The start-up and shutdown every medbrief binary shares, so each main() only
// lists its parts:
//   flags -> logging -> listen (NOT_SERVING) -> database reachable (or exit 1)
//   -> migrations (or exit 1) -> SERVING -> SIGTERM/SIGINT -> NOT_SERVING
//   -> drain within --shutdown_grace -> exit 0.
// An unreachable database makes the binary exit non-zero after
// --db_connect_timeout with the reason logged; the orchestrator restarts it.

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
