#pragma once

// Follows content's source events (the outbox) for this process: applies
// every event to the search index, whichever replica wrote it, and wakes the
// WatchSourceEvents streams (common/db/outbox_follower.h does the following).

#include <cstdint>
#include <memory>
#include <string>

#include "common/db/outbox_follower.h"
#include "services/content/content_service.h"
#include "services/content/source_store.h"

namespace medbrief::content {

// A follower (not started) from `start_sequence`, the sequence the index is
// current with.
std::unique_ptr<db::OutboxFollower> NewEventFollower(const std::string& dsn, SourceStore& store,
                                                     ContentService& service, int64_t start_sequence);

}  // namespace medbrief::content
