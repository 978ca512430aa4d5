#include "tests/harness/process.h"

#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

extern char** environ;

namespace medbrief::testing {

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const std::string& path,
                                                                  const std::vector<std::string>& args,
                                                                  const Env& env) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::pair<std::string, std::string> kv = absl::StrSplit(*e, absl::MaxSplits('=', 1));
    // The test decides every service setting: none leak in from the caller.
    if (absl::StartsWith(kv.first, "MEDBRIEF_") || absl::StartsWith(kv.first, "PG")) continue;
    merged[kv.first] = kv.second;
  }
  for (const auto& [key, value] : env) merged[key] = value;
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : merged) env_strings.push_back(absl::StrCat(key, "=", value));
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  std::vector<std::string> argv_strings = {path};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return absl::InternalError(absl::StrCat("spawn ", path, ": ", std::strerror(rc)));
  }
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, fds[0]));
}

ChildProcess::ChildProcess(pid_t pid, int stderr_fd)
    : pid_(pid), stderr_fd_(stderr_fd), reader_([this] { ReadLoop(); }) {}

ChildProcess::~ChildProcess() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  reader_.join();
  close(stderr_fd_);
}

void ChildProcess::ReadLoop() {
  char buf[4096];
  while (true) {
    const ssize_t n = read(stderr_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    absl::MutexLock lock(&mu_);
    if (n <= 0) {
      eof_ = true;
      return;
    }
    stderr_.append(buf, static_cast<size_t>(n));
  }
}

absl::StatusOr<std::string> ChildProcess::WaitForLine(const std::function<bool(absl::string_view)>& match,
                                                      absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  size_t scanned = 0;  // complete lines before this offset were checked
  absl::MutexLock lock(&mu_);
  while (true) {
    size_t newline;
    while ((newline = stderr_.find('\n', scanned)) != std::string::npos) {
      const absl::string_view line(stderr_.data() + scanned, newline - scanned);
      scanned = newline + 1;
      if (match(line)) return std::string(line);
    }
    if (eof_) return absl::FailedPreconditionError("the process closed stderr (exited?):\n" + stderr_);
    const size_t size = stderr_.size();
    const bool eof = eof_;
    const auto changed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stderr_.size() != size || eof_ != eof; };
    if (!mu_.AwaitWithDeadline(absl::Condition(&changed), deadline)) {
      return absl::DeadlineExceededError("no matching line yet; stderr so far:\n" + stderr_);
    }
  }
}

void ChildProcess::Signal(int signal) {
  if (!reaped_) kill(pid_, signal);
}

absl::StatusOr<int> ChildProcess::Wait(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!reaped_) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (absl::Now() > deadline) return absl::DeadlineExceededError("process still running");
    absl::SleepFor(absl::Milliseconds(10));
  }
  // Everything it wrote is read before Stderr() is asked for.
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&eof_), absl::Seconds(5));
  return exit_code_;
}

std::string ChildProcess::Stderr() const {
  absl::MutexLock lock(&mu_);
  return stderr_;
}

}  // namespace medbrief::testing
