#include "common/db/pool.h"

#include <poll.h>

#include <libpq-fe.h>

#include <pqxx/pqxx>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"

namespace medbrief::db {
namespace {

// An idle connection whose socket is readable has been closed by the server
// (a restart, an idle timeout, pg_terminate_backend): nothing else arrives on
// an idle libpq connection. It must not be handed out.
bool LooksAlive(pqxx::connection& conn) {
  if (!conn.is_open()) return false;
  const int fd = conn.sock();
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, 0);
  return ready == 0;
}

}  // namespace

// libpq waits for a silent host as long as the kernel does (minutes) unless
// the DSN sets connect_timeout; give it one when it has none.
std::string WithConnectTimeout(const std::string& dsn) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return dsn;  // libpq will report the malformed DSN when connecting
  }
  bool has_timeout = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string(o->keyword) == "connect_timeout" && o->val != nullptr && *o->val != '\0') has_timeout = true;
  }
  PQconninfoFree(options);
  if (has_timeout) return dsn;
  const bool uri = absl::StartsWith(dsn, "postgresql://") || absl::StartsWith(dsn, "postgres://");
  if (!uri) return absl::StrCat(dsn, " connect_timeout=5");
  return absl::StrCat(dsn, dsn.find('?') == std::string::npos ? "?" : "&", "connect_timeout=5");
}

Lease::Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Return(std::move(conn_), broken_);
}

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {}

ConnectionPool::~ConnectionPool() {
  absl::MutexLock lock(&mu_);
  const int in_use = open_ - static_cast<int>(idle_.size());
  if (in_use != 0) log::Error("connection pool destroyed with leases outstanding", {{"in_use", in_use}});
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectionPool::Open() const {
  try {
    auto conn = std::make_unique<pqxx::connection>(WithConnectTimeout(options_.dsn));
    conn->set_variable("statement_timeout",
                       absl::StrCat(absl::ToInt64Milliseconds(options_.statement_timeout)));
    if (!options_.search_path.empty()) {
      conn->set_variable("search_path", conn->quote_name(options_.search_path));
    }
    if (!options_.application_name.empty()) {
      conn->set_variable("application_name", conn->quote(options_.application_name));
    }
    return conn;
  } catch (const std::exception& e) {
    // libpq's message can carry the DSN's password only if it echoes it, which
    // it does not; the message names host and port, which operators need.
    return absl::UnavailableError(absl::StrCat("cannot connect to PostgreSQL: ", e.what()));
  }
}

absl::StatusOr<Lease> ConnectionPool::Acquire() {
  const absl::Time deadline = absl::Now() + options_.acquire_timeout;
  std::unique_ptr<pqxx::connection> conn;
  {
    absl::MutexLock lock(&mu_);
    const auto can_take = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.size;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&can_take), deadline)) {
      return absl::UnavailableError(absl::StrCat("all ", options_.size,
                                                 " database connections are busy; try again"));
    }
    while (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
      if (LooksAlive(*conn)) break;
      conn.reset();
      --open_;
    }
    if (conn == nullptr) ++open_;  // reserve a slot, opened outside the lock
  }
  if (conn != nullptr) return Lease(this, std::move(conn));

  auto opened = Open();
  if (!opened.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
    return opened.status();
  }
  return Lease(this, *std::move(opened));
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> conn, bool broken) {
  const bool reusable = !broken && LooksAlive(*conn);
  if (!reusable) conn.reset();  // closes outside the lock
  absl::MutexLock lock(&mu_);
  if (reusable) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
}

absl::Status ConnectionPool::WaitUntilReachable(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::Duration backoff = absl::Milliseconds(100);
  while (true) {
    auto lease = Acquire();
    if (lease.ok()) return absl::OkStatus();
    if (absl::Now() + backoff > deadline) return lease.status();
    log::Warn("database not reachable yet, retrying", {{"error", lease.status().ToString()}});
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

ConnectionPool::Stats ConnectionPool::stats() const {
  absl::MutexLock lock(&mu_);
  return Stats{options_.size, open_, open_ - static_cast<int>(idle_.size())};
}

}  // namespace medbrief::db
