// medbrief-cli: talks to the medbrief services over gRPC.
//
//   medbrief-cli health ADDR [SERVICE]   grpc.health.v1 Check; exit 0 when SERVING
//   medbrief-cli wait ADDR [SECONDS]      waits until ADDR reports SERVING
//
// Later commands (ask, show, import, review queue) arrive with their services.

#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

int Usage() {
  std::fputs(
      "usage:\n"
      "  medbrief-cli health ADDR [SERVICE]   print the health status; exit 0 when SERVING\n"
      "  medbrief-cli wait ADDR [SECONDS]      wait until ADDR reports SERVING (default 30 s)\n",
      stderr);
  return 2;
}

// The status name, or the gRPC error when the check itself failed.
std::string CheckHealth(const std::string& addr, const std::string& service, bool* serving) {
  auto channel = grpc::CreateChannel(addr, grpc::InsecureChannelCredentials());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = grpc::health::v1::Health::NewStub(channel)->Check(&ctx, request, &response);
  *serving = status.ok() && response.status() == HealthCheckResponse::SERVING;
  if (!status.ok()) return "error: " + status.error_message();
  return HealthCheckResponse::ServingStatus_Name(response.status());
}

int Health(int argc, char** argv) {
  if (argc < 3 || argc > 4) return Usage();
  bool serving = false;
  const std::string status = CheckHealth(argv[2], argc == 4 ? argv[3] : "", &serving);
  std::printf("%s %s\n", argv[2], status.c_str());
  return serving ? 0 : 1;
}

int Wait(int argc, char** argv) {
  if (argc < 3 || argc > 4) return Usage();
  int seconds = 30;
  if (argc == 4 && (!absl::SimpleAtoi(argv[3], &seconds) || seconds <= 0)) return Usage();
  const absl::Time deadline = absl::Now() + absl::Seconds(seconds);
  std::string status;
  while (absl::Now() < deadline) {
    bool serving = false;
    status = CheckHealth(argv[2], "", &serving);
    if (serving) return 0;
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::fprintf(stderr, "%s not SERVING after %d s (%s)\n", argv[2], seconds, status.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string command = argv[1];
  if (command == "health") return Health(argc, argv);
  if (command == "wait") return Wait(argc, argv);
  return Usage();
}
