#pragma once

// Service binaries as tests run them: spawned with a DSN and extra
// environment, waited for until they log "serving", stopped with SIGTERM.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/harness/process.h"

namespace medbrief::testing {

struct RunningService {
  std::unique_ptr<ChildProcess> child;
  std::string address;  // 127.0.0.1:port
};

// Starts `binary` with MEDBRIEF_DB_DSN=dsn, MEDBRIEF_AUTH=off and
// MEDBRIEF_LISTEN=127.0.0.1:0 (unless `env` sets them), and waits until it
// serves.
absl::StatusOr<RunningService> StartService(const std::string& binary, const std::string& dsn,
                                            ChildProcess::Env env = {});

// SIGTERM, then the exit code (DEADLINE_EXCEEDED when still running after
// `timeout`).
absl::StatusOr<int> StopService(RunningService& service, absl::Duration timeout = absl::Seconds(10));

// A loopback port free right now, for a service that must come back on the
// same address after a restart.
int FreePort();

// Polls `done` every 50 ms until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& done, absl::Duration timeout = absl::Seconds(30));

}  // namespace medbrief::testing
