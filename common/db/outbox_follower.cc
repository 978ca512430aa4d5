#include "common/db/outbox_follower.h"

#include <algorithm>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "common/db/pool.h"
#include "common/log/log.h"

namespace medbrief::db {
namespace {

// Wakes await_notification and keeps the highest sequence named by a payload.
class Wakeup : public pqxx::notification_receiver {
 public:
  Wakeup(pqxx::connection_base& conn, const std::string& channel, int64_t* notified)
      : pqxx::notification_receiver(conn, channel), notified_(notified) {}
  void operator()(const std::string& payload, int) override {
    int64_t sequence = 0;
    if (absl::SimpleAtoi(payload, &sequence)) *notified_ = std::max(*notified_, sequence);
  }

 private:
  int64_t* notified_;
};

}  // namespace

OutboxFollower::OutboxFollower(std::string name, std::string dsn, std::string channel, int64_t start_sequence,
                               CatchUp catch_up)
    : name_(std::move(name)),
      dsn_(std::move(dsn)),
      channel_(std::move(channel)),
      catch_up_(std::move(catch_up)),
      cursor_(start_sequence),
      latest_(start_sequence) {}

OutboxFollower::~OutboxFollower() { Stop(); }

void OutboxFollower::Start() { thread_ = std::thread([this] { Run(); }); }

void OutboxFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

bool OutboxFollower::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

int64_t OutboxFollower::latest() const {
  absl::MutexLock lock(&mu_);
  return latest_;
}

bool OutboxFollower::WaitForEvents(int64_t sequence, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  const auto ready = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || latest_ > sequence; };
  mu_.AwaitWithTimeout(absl::Condition(&ready), timeout);
  return !stopping_;
}

absl::Status OutboxFollower::CatchUpAll(int64_t notified) {
  while (!stopping()) {
    absl::StatusOr<int64_t> reached = catch_up_(cursor_, notified);
    if (!reached.ok()) return reached.status();
    if (*reached == cursor_) return absl::OkStatus();
    cursor_ = *reached;
    {
      absl::MutexLock lock(&mu_);
      latest_ = std::max(latest_, cursor_);
    }
    if (notified > 0 && cursor_ >= notified) return absl::OkStatus();
  }
  return absl::OkStatus();
}

void OutboxFollower::Run() {
  absl::Duration backoff = absl::Milliseconds(200);
  while (!stopping()) {
    try {
      pqxx::connection conn(WithConnectTimeout(dsn_));
      int64_t notified = 0;  // from payloads, since the last catch-up
      Wakeup wakeup(conn, channel_, &notified);
      backoff = absl::Milliseconds(200);
      while (!stopping()) {
        if (absl::Status caught_up = CatchUpAll(std::exchange(notified, 0)); !caught_up.ok()) {
          log::Warn(name_ + ": catching up failed, retrying", {{"error", caught_up.ToString()}});
          absl::SleepFor(absl::Seconds(1));
        }
        conn.await_notification(0, 250000);  // notifications, or a poll every 250 ms
        conn.get_notifs();                   // and any others already queued
      }
    } catch (const std::exception& e) {
      log::Warn(name_ + ": listener connection lost, reconnecting", {{"error", e.what()}});
      absl::SleepFor(backoff);
      backoff = std::min(backoff * 2, absl::Seconds(5));
    }
  }
}

}  // namespace medbrief::db
