#pragma once

// A throwaway PostgreSQL cluster for tests (tools/pgtmp underneath): a temp
// folder, a Unix socket in it, fsync off. One per test binary, shared by its
// suites; each suite gets a fresh database. The cluster is stopped and its
// folder removed when the binary ends, test failures included, and on a crash
// the postmaster is told to quit (see InstallCrashCleanup).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "gtest/gtest.h"

namespace medbrief::testing {

class PgCluster {
 public:
  static absl::StatusOr<std::unique_ptr<PgCluster>> Start();
  ~PgCluster();

  // Stop and start again, keeping the data (to test reconnects).
  absl::Status Stop();
  absl::Status Restart();

  // A new empty database; returns its DSN.
  absl::StatusOr<std::string> CreateDatabase(const std::string& name);
  std::string Dsn(const std::string& database) const;

 private:
  explicit PgCluster(std::string dir) : dir_(std::move(dir)) {}
  absl::Status RunPgtmp(const std::string& command) const;

  std::string dir_;
  bool running_ = false;
};

// The binary's shared cluster, started on first use (gtest environment).
PgCluster& SharedCluster();

// A fixture whose suite owns a fresh database named after the suite.
class PgTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  static const std::string& dsn();

 private:
  static std::string* dsn_;
};

// A PgTest whose database holds a service's schema, migrated, with a pool of
// `kPoolSize` connections on it in `pool_`.
template <const db::MigrationSet& (*kMigrations)(), int kPoolSize = 8>
class MigratedPgTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    db::PoolOptions options;
    options.dsn = dsn();
    options.search_path = kMigrations().schema;
    options.size = kPoolSize;
    pool_ = new db::ConnectionPool(options);
    auto applied = db::ApplyMigrations(*pool_, kMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  static void TearDownTestSuite() {
    delete pool_;
    pool_ = nullptr;
    PgTest::TearDownTestSuite();
  }

  static inline db::ConnectionPool* pool_ = nullptr;
};

}  // namespace medbrief::testing
