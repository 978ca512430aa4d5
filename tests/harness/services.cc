#include "tests/harness/services.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace medbrief::testing {

absl::StatusOr<RunningService> StartService(const std::string& binary, const std::string& dsn,
                                            ChildProcess::Env env) {
  const auto set = [&env](const std::string& name) {
    return std::any_of(env.begin(), env.end(), [&](const auto& kv) { return kv.first == name; });
  };
  if (!set("MEDBRIEF_DB_DSN")) env.push_back({"MEDBRIEF_DB_DSN", dsn});
  if (!set("MEDBRIEF_AUTH")) env.push_back({"MEDBRIEF_AUTH", "off"});
  if (!set("MEDBRIEF_LISTEN")) env.push_back({"MEDBRIEF_LISTEN", "127.0.0.1:0"});
  absl::StatusOr<std::unique_ptr<ChildProcess>> child = ChildProcess::Spawn(binary, {}, env);
  if (!child.ok()) return child.status();
  RunningService service;
  service.child = *std::move(child);
  absl::StatusOr<std::string> line = service.child->WaitForLine(
      [](absl::string_view l) { return absl::StrContains(l, R"("msg":"serving")"); }, absl::Seconds(30));
  if (!line.ok()) {
    return absl::Status(line.status().code(),
                        absl::StrCat(binary, " did not serve: ", line.status().message(), "\n",
                                     service.child->Stderr()));
  }
  std::smatch match;
  if (!std::regex_search(*line, match, std::regex(R"("port":(\d+))"))) {
    return absl::InternalError(absl::StrCat("no port in ", *line));
  }
  service.address = absl::StrCat("127.0.0.1:", match[1].str());
  return service;
}

absl::StatusOr<int> StopService(RunningService& service, absl::Duration timeout) {
  service.child->Signal(SIGTERM);
  return service.child->Wait(timeout);
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool Eventually(const std::function<bool()>& done, absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  while (absl::Now() < until) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return done();
}

}  // namespace medbrief::testing
