#include "services/content/event_follower.h"

#include <pqxx/pqxx>

#include "common/db/pool.h"
#include "common/log/log.h"
#include "services/content/sql.h"

namespace medbrief::content {
namespace {

class Wakeup : public pqxx::notification_receiver {
 public:
  Wakeup(pqxx::connection_base& conn) : pqxx::notification_receiver(conn, sql::kNotifyChannel) {}
  void operator()(const std::string&, int) override {}
};

}  // namespace

EventFollower::EventFollower(std::string dsn, SourceStore& store, ContentService& service, int64_t start_sequence)
    : dsn_(std::move(dsn)), store_(store), service_(service), cursor_(start_sequence), latest_(start_sequence) {}

EventFollower::~EventFollower() { Stop(); }

void EventFollower::Start() { thread_ = std::thread([this] { Run(); }); }

void EventFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

int64_t EventFollower::latest() const {
  absl::MutexLock lock(&mu_);
  return latest_;
}

bool EventFollower::WaitForEvents(int64_t sequence, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || latest_ > sequence; };
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  return !stopping_;
}

absl::StatusOr<int> EventFollower::CatchUp() {
  int applied = 0;
  while (true) {
    absl::StatusOr<std::vector<StoredEvent>> events = store_.EventsAfter(cursor_, 1000);
    if (!events.ok()) return events.status();
    for (const StoredEvent& event : *events) {
      if (absl::Status status = service_.Apply(event); !status.ok()) return status;
      cursor_ = event.event.sequence();
      ++applied;
    }
    {
      absl::MutexLock lock(&mu_);
      latest_ = std::max(latest_, cursor_);
      if (stopping_) return applied;
    }
    if (events->size() < 1000) return applied;
  }
}

void EventFollower::Run() {
  absl::Duration backoff = absl::Milliseconds(200);
  const auto stopping = [this] {
    absl::MutexLock lock(&mu_);
    return stopping_;
  };
  while (!stopping()) {
    try {
      pqxx::connection conn(db::WithConnectTimeout(dsn_));
      Wakeup wakeup(conn);
      backoff = absl::Milliseconds(200);
      while (!stopping()) {
        if (absl::StatusOr<int> caught_up = CatchUp(); !caught_up.ok()) {
          log::Warn("source events: catching up failed, retrying", {{"error", caught_up.status().ToString()}});
          absl::SleepFor(absl::Seconds(1));
        }
        conn.await_notification(0, 250000);  // a notification, or a poll every 250 ms
      }
    } catch (const std::exception& e) {
      log::Warn("source events: listener connection lost, reconnecting", {{"error", e.what()}});
      absl::SleepFor(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(5));
    }
  }
}

}  // namespace medbrief::content
