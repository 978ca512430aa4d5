#pragma once

// Conversions between absl::Status and grpc::Status. The numeric codes are the
// same; what differs is the policy: INTERNAL and UNKNOWN details are logged and
// the client gets a short message, never a stack of internals.

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/status/macros.h"
#include "grpcpp/support/status.h"

namespace medbrief::grpcutil {

// The status a client sees for `status`.
grpc::Status ToGrpc(const absl::Status& status);

// The absl::Status of a gRPC call's result (for clients of other services).
absl::Status FromGrpc(const grpc::Status& status);

// INVALID_ARGUMENT naming the field, e.g. InvalidArgument("question", "is required").
grpc::Status InvalidArgument(absl::string_view field, absl::string_view problem);

}  // namespace medbrief::grpcutil

// In a gRPC method: `ASSIGN_OR_RETURN_GRPC(Source s, store_.Get(id));`
#define ASSIGN_OR_RETURN_GRPC(lhs, expr) \
  MEDBRIEF_ASSIGN_OR_RETURN_GRPC_IMPL(MEDBRIEF_CONCAT(_medbrief_gor_, __LINE__), lhs, expr)

#define MEDBRIEF_ASSIGN_OR_RETURN_GRPC_IMPL(tmp, lhs, expr)         \
  auto tmp = (expr);                                                \
  if (!tmp.ok()) return ::medbrief::grpcutil::ToGrpc(tmp.status()); \
  lhs = std::move(tmp).value()

#define RETURN_IF_ERROR_GRPC(expr)                                                \
  do {                                                                            \
    const ::absl::Status _medbrief_gst = (expr);                                  \
    if (!_medbrief_gst.ok()) return ::medbrief::grpcutil::ToGrpc(_medbrief_gst); \
  } while (false)
