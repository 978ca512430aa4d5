#pragma once

// Transport security and authentication for a service's gRPC server:
//  - TLS from PEM files (--tls_cert, --tls_key); with --tls_ca, clients must
//    present a certificate signed by it (mutual TLS between services);
//  - with --auth=jwt, every call but health and reflection carries
//    "authorization: Bearer <HS256 token>", checked against --jwt_key and the
//    role table of common/auth/policy.h before any handler runs. Bearer
//    tokens never travel in plaintext: jwt needs TLS, or a loopback --listen
//    (gRPC's local credentials).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/config/flags.h"
#include "grpcpp/channel.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_context.h"

namespace medbrief::grpcutil {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const config::ServiceConfig& config);

// A channel to an upstream medbrief service with this service's transport
// settings: TLS with --tls_ca as the roots and this service's certificate as
// its client identity; with --auth=jwt, every call carries a service token
// (sub `caller`, role service) minted with --jwt_key and renewed before it
// expires. Without TLS, jwt needs a loopback upstream (local credentials).
absl::StatusOr<std::shared_ptr<grpc::Channel>> UpstreamChannel(const std::string& address,
                                                               const config::ServiceConfig& config,
                                                               const std::string& caller);

// Who called, as the call's own token names it (its `sub`); empty with
// --auth=off (no server credentials with jwt were made in this process).
std::string AuthenticatedSubject(const grpc::ServerContextBase& context);

}  // namespace medbrief::grpcutil
