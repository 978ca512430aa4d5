#pragma once

// The server side of a Watch…Events RPC over an outbox (see
// common/db/outbox_follower.h): sends the events after the client's sequence,
// oldest first, then keeps following new ones as they are committed until the
// client cancels or the server shuts down. At least once: a client resumes
// from the last sequence it processed.

#include <cstdint>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "common/db/outbox_follower.h"
#include "common/grpc/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"

namespace medbrief::grpcutil {

// `read(after, limit)` returns up to `limit` events with a greater sequence,
// in order; `sequence_of` gives an event's sequence; only the events `wanted`
// holds for are sent (the others are passed over).
template <typename Event>
grpc::Status StreamEvents(grpc::ServerContext& context, grpc::ServerWriter<Event>& writer, int64_t after_sequence,
                          absl::FunctionRef<absl::StatusOr<std::vector<Event>>(int64_t after, int limit)> read,
                          absl::FunctionRef<int64_t(const Event&)> sequence_of,
                          absl::FunctionRef<bool(const Event&)> wanted, db::OutboxFollower& follower) {
  constexpr int kBatch = 500;
  int64_t cursor = after_sequence;
  while (!context.IsCancelled()) {
    absl::StatusOr<std::vector<Event>> events = read(cursor, kBatch);
    if (!events.ok()) return ToGrpc(events.status());
    for (const Event& event : *events) {
      if (wanted(event) && !writer.Write(event)) return grpc::Status::CANCELLED;
      cursor = sequence_of(event);
    }
    if (static_cast<int>(events->size()) == kBatch) continue;
    if (!follower.WaitForEvents(cursor, absl::Seconds(1))) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "server shutting down; resume from the last sequence");
    }
  }
  return grpc::Status::CANCELLED;
}

}  // namespace medbrief::grpcutil
