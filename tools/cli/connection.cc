#include "tools/cli/connection.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace medbrief::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

const char* CodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
                                       "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL",
                                       "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  const int i = static_cast<int>(code);
  return i >= 0 && i < 17 ? kNames[i] : "?";
}

}  // namespace

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  if (const std::string ca = Env("MEDBRIEF_TLS_CA"); !ca.empty()) {
    std::ifstream in(ca);
    std::stringstream pem;
    pem << in.rdbuf();
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = pem.str();
    return grpc::CreateChannel(address, grpc::SslCredentials(options));
  }
  if (!Env("MEDBRIEF_TOKEN").empty()) {
    return grpc::CreateChannel(address, grpc::experimental::LocalCredentials(LOCAL_TCP));
  }
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> Context(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  if (const std::string token = Env("MEDBRIEF_TOKEN"); !token.empty()) {
    context->AddMetadata("authorization", "Bearer " + token);
  }
  return context;
}

int Fail(const char* what, const grpc::Status& status) {
  std::fprintf(stderr, "%s failed: %s: %s\n", what, CodeName(status.error_code()), status.error_message().c_str());
  return 1;
}

}  // namespace medbrief::cli
