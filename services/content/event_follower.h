#pragma once

// Follows content's source events (the outbox) for this process: applies
// every event to the search index, whichever replica wrote it, and wakes the
// WatchSourceEvents streams. A dedicated connection LISTENs for the commit
// notifications; a poll every second covers a lost notification or a
// reconnect.

#include <cstdint>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/content/content_service.h"
#include "services/content/source_store.h"

namespace medbrief::content {

class EventFollower {
 public:
  EventFollower(std::string dsn, SourceStore& store, ContentService& service, int64_t start_sequence);
  ~EventFollower();

  void Start();
  void Stop();

  // Waits until an event after `sequence` has been seen, `timeout` passes, or
  // Stop() is called. Returns false once stopping.
  bool WaitForEvents(int64_t sequence, absl::Duration timeout);

  int64_t latest() const;

 private:
  void Run();
  // Applies the events after the cursor; returns how many there were.
  absl::StatusOr<int> CatchUp();

  const std::string dsn_;
  SourceStore& store_;
  ContentService& service_;
  int64_t cursor_;  // follower thread only

  mutable absl::Mutex mu_;
  int64_t latest_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace medbrief::content
