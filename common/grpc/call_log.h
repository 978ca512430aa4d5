#pragma once

// A server interceptor that gives every call a request id and logs it.
//
// The id is the client's `x-request-id` metadata when it sent a sane one
// (printable, at most 128 bytes), otherwise a new random one. It is sent back
// in the response's initial metadata, named in the call's log line, and
// available to handlers through RequestId(context), which they pass on to the
// services they call (AddRequestId).

#include <memory>
#include <string>

#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace medbrief::grpcutil {

inline constexpr char kRequestIdHeader[] = "x-request-id";

// The request id of the call being served on `context` (empty outside a call
// that went through the interceptor).
std::string RequestId(const grpc::ServerContextBase& context);

// Propagates the id to an outgoing call made while serving `server`.
void AddRequestId(const grpc::ServerContextBase& server, grpc::ClientContext* client);

// Whether `id` may be taken from a client as it is.
bool IsValidRequestId(const std::string& id);

std::string NewRequestId();

class CallLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace medbrief::grpcutil
