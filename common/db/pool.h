#pragma once

// A bounded pool of PostgreSQL connections.
//
// At most `size` connections exist; Acquire() waits up to `acquire_timeout`
// for one and then answers UNAVAILABLE. Connections are opened lazily, each
// with the pool's statement_timeout and search_path. A connection found dead
// (its socket closed by a server restart, or marked broken by its user) is
// dropped and replaced on the next Acquire, so the pool recovers by itself
// once the database is back. Never LISTEN on a pooled connection: a pending
// notification makes an idle connection look closed.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

#include <pqxx/connection>

namespace medbrief::db {

struct PoolOptions {
  std::string dsn;
  int size = 8;
  absl::Duration statement_timeout = absl::Seconds(10);
  absl::Duration acquire_timeout = absl::Seconds(5);
  std::string search_path;       // e.g. "content"; empty leaves the server default
  std::string application_name;  // shown in pg_stat_activity
};

class ConnectionPool;

// `dsn` with connect_timeout=5 added when it sets none: libpq otherwise waits
// for a silent host as long as the kernel does (minutes).
std::string WithConnectTimeout(const std::string& dsn);

// A connection borrowed from the pool; returned when the lease ends.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();

  pqxx::connection& operator*() const { return *conn_; }
  pqxx::connection* operator->() const { return conn_.get(); }

  // The connection is not to be reused (say, it failed mid-transaction).
  void MarkBroken() { broken_ = true; }

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn);

  ConnectionPool* pool_;
  std::unique_ptr<pqxx::connection> conn_;
  bool broken_ = false;
};

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolOptions options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A live connection, or UNAVAILABLE (database down, or pool exhausted for
  // longer than acquire_timeout).
  absl::StatusOr<Lease> Acquire();

  // Opens one connection and returns it to the pool: checks that the database
  // is reachable, retrying until `timeout` passes.
  absl::Status WaitUntilReachable(absl::Duration timeout);

  struct Stats {
    int size;
    int open;    // connections that exist (idle + in use)
    int in_use;
  };
  Stats stats() const;

 private:
  friend class Lease;
  void Return(std::unique_ptr<pqxx::connection> conn, bool broken);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Open() const;

  const PoolOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace medbrief::db
