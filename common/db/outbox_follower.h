#pragma once

// Follows a service's outbox of events for this process: whichever replica
// committed an event, the follower hears of it and wakes the streams waiting
// for it (WatchSourceEvents, WatchArticles). A dedicated connection LISTENs
// for the commit notifications; a poll every 250 ms covers a lost
// notification, a reconnect, and events a writer does not announce (review
// does not announce SUBMIT events). Writers may put the committed event's
// sequence in the notification's payload: the follower then knows how far the
// outbox reaches without reading it.
//
// The outbox is numbered in commit order (writers take numbers under a
// transaction-level advisory lock held until they commit), so "after N"
// never skips an event that commits later.

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace medbrief::db {

class OutboxFollower {
 public:
  // Handles (a batch of) the events after `after` and returns the sequence of
  // the last one handled, `after` itself when there was none. `notified` is
  // the highest sequence named by a notification payload since the last
  // call (0 when none, as after a poll): every event up to it is committed.
  // The follower is caught up once it returns `notified`, or `after` again.
  // Runs on the follower's thread only.
  using CatchUp = std::function<absl::StatusOr<int64_t>(int64_t after, int64_t notified)>;

  // `name` is for the log; `channel` is what the writers pg_notify.
  OutboxFollower(std::string name, std::string dsn, std::string channel, int64_t start_sequence, CatchUp catch_up);
  ~OutboxFollower();
  OutboxFollower(const OutboxFollower&) = delete;
  OutboxFollower& operator=(const OutboxFollower&) = delete;

  void Start();
  // Wakes every waiter (they get false) and joins the thread. Idempotent.
  void Stop();

  // Waits until an event after `sequence` has been handled, `timeout`
  // passes, or Stop() is called. Returns false once stopping.
  bool WaitForEvents(int64_t sequence, absl::Duration timeout);

  // The newest sequence handled.
  int64_t latest() const;

 private:
  void Run();
  // Catches up to the end of the outbox (or until stopping).
  absl::Status CatchUpAll(int64_t notified);
  bool stopping() const;

  const std::string name_;
  const std::string dsn_;
  const std::string channel_;
  const CatchUp catch_up_;
  int64_t cursor_;  // follower thread only

  mutable absl::Mutex mu_;
  int64_t latest_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace medbrief::db
