#pragma once

// How the CLI reaches a service: a channel and call contexts that carry
// MEDBRIEF_TOKEN as a bearer token when it is set (over TLS when
// MEDBRIEF_TLS_CA names the CA, else over gRPC's local credentials, which
// the services accept on loopback), and a deadline.

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace medbrief::cli {

std::shared_ptr<grpc::Channel> Channel(const std::string& address);

std::unique_ptr<grpc::ClientContext> Context(int seconds = 30);

// Prints "<what> failed: CODE: message" on stderr; returns 1.
int Fail(const char* what, const grpc::Status& status);

}  // namespace medbrief::cli
