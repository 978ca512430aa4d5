#include "services/content/event_follower.h"

#include "services/content/sql.h"

namespace medbrief::content {

std::unique_ptr<db::OutboxFollower> NewEventFollower(const std::string& dsn, SourceStore& store,
                                                     ContentService& service, int64_t start_sequence) {
  // Content's notifications carry no sequence: the outbox is always read.
  const auto catch_up = [&store, &service](int64_t after, int64_t) -> absl::StatusOr<int64_t> {
    absl::StatusOr<std::vector<StoredEvent>> events = store.EventsAfter(after, 1000);
    if (!events.ok()) return events.status();
    for (const StoredEvent& event : *events) {
      if (absl::Status status = service.Apply(event); !status.ok()) return status;
      after = event.event.sequence();
    }
    return after;
  };
  return std::make_unique<db::OutboxFollower>("source events", dsn, sql::kNotifyChannel, start_sequence, catch_up);
}

}  // namespace medbrief::content
