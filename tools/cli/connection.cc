#include "tools/cli/connection.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace medbrief::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
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
  const std::string code = absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()));
  std::fprintf(stderr, "%s failed: %s: %s\n", what, code.c_str(), status.error_message().c_str());
  return 1;
}

}  // namespace medbrief::cli
