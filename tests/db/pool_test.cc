// The connection pool against a real PostgreSQL: bounded, session settings,
// recovery after a server restart, clear errors when the server is gone.

#include "common/db/pool.h"

#include "common/db/errors.h"

#include <pqxx/pqxx>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::db {
namespace {

class PoolTest : public testing::PgTest {
 protected:
  PoolOptions Options(int size) const {
    PoolOptions options;
    options.dsn = dsn();
    options.size = size;
    options.acquire_timeout = absl::Milliseconds(300);
    options.statement_timeout = absl::Milliseconds(1500);
    options.search_path = "pool_test";
    options.application_name = "medbrief-pool-test";
    return options;
  }

  static std::string Query(Lease& lease, const std::string& sql) {
    pqxx::nontransaction tx(*lease);
    return tx.exec1(sql)[0].as<std::string>();
  }
};

TEST_F(PoolTest, SessionSettingsAreApplied) {
  ConnectionPool pool(Options(1));
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_EQ(Query(*lease, "SHOW statement_timeout"), "1500ms");
  EXPECT_EQ(Query(*lease, "SHOW search_path"), "pool_test");
  EXPECT_EQ(Query(*lease, "SHOW application_name"), "medbrief-pool-test");
}

TEST_F(PoolTest, StatementTimeoutCancelsLongQueries) {
  ConnectionPool pool(Options(1));
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  pqxx::nontransaction tx(**lease);
  try {
    tx.exec("SELECT pg_sleep(5)");
    ADD_FAILURE() << "pg_sleep(5) was not cancelled";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(e.sqlstate(), "57014");  // query_canceled
    EXPECT_EQ(ToStatus(e).code(), absl::StatusCode::kDeadlineExceeded);
  }
}

TEST_F(PoolTest, IsBoundedAndReusesConnections) {
  ConnectionPool pool(Options(2));
  {
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(pool.stats().in_use, 2);
    auto c = pool.Acquire();  // waits acquire_timeout, then gives up
    EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(c.status().message(), ::testing::HasSubstr("busy"));
  }
  EXPECT_EQ(pool.stats().in_use, 0);
  EXPECT_EQ(pool.stats().open, 2);
  auto again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(pool.stats().open, 2);  // reused, not reopened
}

TEST_F(PoolTest, WaitingAcquireGetsAReturnedConnection) {
  PoolOptions options = Options(1);
  options.acquire_timeout = absl::Seconds(5);
  ConnectionPool pool(options);
  auto held = std::make_unique<absl::StatusOr<Lease>>(pool.Acquire());
  ASSERT_TRUE(held->ok());
  std::thread releaser([&] {
    absl::SleepFor(absl::Milliseconds(100));
    held.reset();
  });
  auto next = pool.Acquire();
  releaser.join();
  EXPECT_TRUE(next.ok()) << next.status();
}

TEST_F(PoolTest, BrokenConnectionsAreNotReused) {
  ConnectionPool pool(Options(1));
  std::string first_pid;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    first_pid = Query(*lease, "SELECT pg_backend_pid()::text");
    lease->MarkBroken();
  }
  EXPECT_EQ(pool.stats().open, 0);
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_NE(Query(*lease, "SELECT pg_backend_pid()::text"), first_pid);
}

TEST_F(PoolTest, TerminatedBackendIsReplacedBeforeUse) {
  ConnectionPool pool(Options(1));
  std::string pid;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    pid = Query(*lease, "SELECT pg_backend_pid()::text");
  }
  {
    pqxx::connection admin(dsn());
    pqxx::nontransaction tx(admin);
    tx.exec("SELECT pg_terminate_backend(" + pid + ")");
  }
  absl::SleepFor(absl::Milliseconds(100));  // the server closes the socket
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_EQ(Query(*lease, "SELECT 1"), "1");
}

// Stops and starts the shared cluster; it is running again afterwards.
TEST_F(PoolTest, SurvivesADatabaseRestart) {
  ConnectionPool pool(Options(2));
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    EXPECT_EQ(Query(*lease, "SELECT 1"), "1");
  }
  ASSERT_TRUE(testing::SharedCluster().Stop().ok());
  {
    auto down = pool.Acquire();
    EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(down.status().message(), ::testing::HasSubstr("cannot connect to PostgreSQL"));
  }
  ASSERT_TRUE(testing::SharedCluster().Restart().ok());
  auto lease = pool.Acquire();  // the next query succeeds
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_EQ(Query(*lease, "SELECT 1"), "1");
  EXPECT_EQ(Query(*lease, "SHOW statement_timeout"), "1500ms");
}

TEST_F(PoolTest, WaitUntilReachableGivesUpWithTheReason) {
  PoolOptions options;
  options.dsn = "host=/nonexistent-medbrief-socket-dir port=5432 user=postgres dbname=x connect_timeout=1";
  ConnectionPool pool(options);
  const absl::Time start = absl::Now();
  absl::Status status = pool.WaitUntilReachable(absl::Milliseconds(500));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("cannot connect to PostgreSQL"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace medbrief::db
