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

// Events passed over in a row after which a progress event is sent.
inline constexpr int kProgressEvery = 256;

// `read(after, limit)` returns up to `limit` events with a greater sequence,
// in order; `sequence_of` gives an event's sequence. Only the events `wanted`
// holds for are sent; after every kProgressEvery events passed over in a
// row, an Event with nothing but that sequence set is sent in their place: a
// resume point.
template <typename Event>
grpc::Status StreamEvents(grpc::ServerContext& context, grpc::ServerWriter<Event>& writer, int64_t after_sequence,
                          absl::FunctionRef<absl::StatusOr<std::vector<Event>>(int64_t after, int limit)> read,
                          absl::FunctionRef<int64_t(const Event&)> sequence_of,
                          absl::FunctionRef<bool(const Event&)> wanted, db::OutboxFollower& follower) {
  constexpr int kBatch = 500;
  int64_t cursor = after_sequence;
  int passed_over = 0;
  while (!context.IsCancelled()) {
    absl::StatusOr<std::vector<Event>> events = read(cursor, kBatch);
    if (!events.ok()) return ToGrpc(events.status());
    for (const Event& event : *events) {
      cursor = sequence_of(event);
      if (wanted(event)) {
        if (!writer.Write(event)) return grpc::Status::CANCELLED;
        passed_over = 0;
      } else if (++passed_over == kProgressEvery) {
        Event progress;
        progress.set_sequence(cursor);
        if (!writer.Write(progress)) return grpc::Status::CANCELLED;
        passed_over = 0;
      }
    }
    if (static_cast<int>(events->size()) == kBatch) continue;
    if (!follower.WaitForEvents(cursor, absl::Seconds(1))) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "server shutting down; resume from the last sequence");
    }
  }
  return grpc::Status::CANCELLED;
}

// Every event sent.
template <typename Event>
grpc::Status StreamEvents(grpc::ServerContext& context, grpc::ServerWriter<Event>& writer, int64_t after_sequence,
                          absl::FunctionRef<absl::StatusOr<std::vector<Event>>(int64_t after, int limit)> read,
                          absl::FunctionRef<int64_t(const Event&)> sequence_of, db::OutboxFollower& follower) {
  return StreamEvents<Event>(context, writer, after_sequence, read, sequence_of, [](const Event&) { return true; },
                             follower);
}

}  // namespace medbrief::grpcutil
