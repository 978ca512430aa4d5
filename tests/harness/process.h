#pragma once

// A child process for tests: spawned with extra environment, its stderr
// collected by a reader thread, signalled, and waited for with a timeout.
// The destructor kills it if it is still running.

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace medbrief::testing {

class ChildProcess {
 public:
  using Env = std::vector<std::pair<std::string, std::string>>;

  // Runs `path` with `args` in this process's environment without its
  // MEDBRIEF_* and PG* variables, plus `env`.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Spawn(const std::string& path,
                                                             const std::vector<std::string>& args,
                                                             const Env& env);
  ~ChildProcess();

  // The first stderr line (already seen or still to come) for which `match`
  // holds; DEADLINE_EXCEEDED after `timeout`, FAILED_PRECONDITION if the
  // process closed stderr (exited) first.
  absl::StatusOr<std::string> WaitForLine(const std::function<bool(absl::string_view)>& match,
                                          absl::Duration timeout);

  void Signal(int signal);

  // The exit code (128 + n for a signal n); DEADLINE_EXCEEDED if still running.
  absl::StatusOr<int> Wait(absl::Duration timeout);

  std::string Stderr() const;
  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, int stderr_fd);
  void ReadLoop();

  const pid_t pid_;
  const int stderr_fd_;
  bool reaped_ = false;
  int exit_code_ = 0;
  mutable absl::Mutex mu_;
  std::string stderr_ ABSL_GUARDED_BY(mu_);
  bool eof_ ABSL_GUARDED_BY(mu_) = false;
  std::thread reader_;
};

}  // namespace medbrief::testing
