#pragma once

// A server interceptor that gives every call a request id and logs it.
//
// The id is the client's `x-request-id` metadata when it sent a sane one
// (printable, at most 128 bytes), otherwise a new random one. It is sent back
// in the response's initial metadata, named in the call's log line, and
// available to handlers through RequestId(context), which they pass on to the
// services they call as the same metadata (CallScope, below).

#include <atomic>
#include <memory>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace medbrief::grpcutil {

inline constexpr char kRequestIdHeader[] = "x-request-id";

// The request id of the call being served on `context` (empty outside a call
// that went through the interceptor).
std::string RequestId(const grpc::ServerContextBase& context);

// Whether `id` may be taken from a client as it is.
bool IsValidRequestId(const std::string& id);

std::string NewRequestId();

// What a call to another service carries besides its request: when it is
// given up, and the request id of the call being served (x-request-id), so
// that the log lines of one question name the same id in every service. An
// empty id lets the upstream make one.
struct CallScope {
  CallScope() = default;
  // A deadline alone (no request id) converts.
  CallScope(absl::Time deadline, std::string request_id = "")  // NOLINT(google-explicit-constructor)
      : deadline(deadline), request_id(std::move(request_id)) {}

  absl::Time deadline = absl::InfiniteFuture();
  std::string request_id;

  // Sets the deadline and the request id on `context`.
  void Apply(grpc::ClientContext* context) const;
};

// Also counts the calls in flight (for the drain on shutdown), and turns the
// INTERNAL that gRPC answers for a request it cannot parse (malformed bytes,
// a string that is not UTF-8) into INVALID_ARGUMENT: it is the client's fault.
class CallLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallLogInterceptorFactory(std::shared_ptr<std::atomic<int>> in_flight) : in_flight_(std::move(in_flight)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::shared_ptr<std::atomic<int>> in_flight_;
};

}  // namespace medbrief::grpcutil
