// Migrations against a real PostgreSQL: idempotent, safe when two runners
// start together, refusing edited migrations, all-or-nothing per migration.

#include "common/db/migrations.h"

#include <pqxx/pqxx>
#include <thread>

#include "common/db/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::db {
namespace {

using ::testing::HasSubstr;

MigrationSet Shop(const std::string& schema) {
  return MigrationSet{schema,
                      {{1, "0001_create_items.sql", "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL);"},
                       {2, "0002_add_price.sql", "ALTER TABLE items ADD COLUMN price numeric NOT NULL DEFAULT 0;"},
                       {4, "0004_seed.sql", "INSERT INTO items (id, name) VALUES (1, 'first');"}}};
}

class MigrationsTest : public testing::PgTest {
 protected:
  PoolOptions Options() const {
    PoolOptions options;
    options.dsn = dsn();
    options.size = 2;
    return options;
  }

  long Count(const std::string& sql) {
    pqxx::connection conn(dsn());
    pqxx::nontransaction tx(conn);
    return tx.exec1(sql)[0].as<long>();
  }
};

TEST_F(MigrationsTest, AppliesOnceThenNothing) {
  ConnectionPool pool(Options());
  auto first = ApplyMigrations(pool, Shop("shop_once"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 3);
  auto second = ApplyMigrations(pool, Shop("shop_once"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM shop_once.items"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM shop_once.schema_migrations"), 3);
  EXPECT_EQ(Count("SELECT max(version) FROM shop_once.schema_migrations"), 4);
  pqxx::connection conn(dsn());
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec1("SELECT checksum FROM shop_once.schema_migrations WHERE version = 1")[0].as<std::string>(),
            Checksum(Shop("x").migrations[0].sql));
}

TEST_F(MigrationsTest, NewMigrationsAreAppliedLater) {
  ConnectionPool pool(Options());
  MigrationSet set = Shop("shop_later");
  set.migrations.pop_back();
  ASSERT_EQ(*ApplyMigrations(pool, set), 2);
  EXPECT_EQ(*ApplyMigrations(pool, Shop("shop_later")), 1);
}

TEST_F(MigrationsTest, TwoRunnersAtOnceApplyEachMigrationOnce) {
  // Each runner has its own pool, as two replicas would.
  for (int round = 0; round < 5; ++round) {
    const std::string schema = "shop_race_" + std::to_string(round);
    ConnectionPool pool_a(Options());
    ConnectionPool pool_b(Options());
    absl::StatusOr<int> a;
    absl::StatusOr<int> b;
    std::thread ta([&] { a = ApplyMigrations(pool_a, Shop(schema)); });
    std::thread tb([&] { b = ApplyMigrations(pool_b, Shop(schema)); });
    ta.join();
    tb.join();
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(*a + *b, 3);  // every migration applied by exactly one of them
    EXPECT_EQ(Count("SELECT count(*) FROM " + schema + ".items"), 1);
  }
}

TEST_F(MigrationsTest, EditedAppliedMigrationIsRefused) {
  ConnectionPool pool(Options());
  ASSERT_TRUE(ApplyMigrations(pool, Shop("shop_edit")).ok());
  MigrationSet edited = Shop("shop_edit");
  edited.migrations[1].sql = "ALTER TABLE items ADD COLUMN price numeric NOT NULL DEFAULT 1;";
  auto result = ApplyMigrations(pool, edited);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(result.status().message(), HasSubstr("0002_add_price.sql"));
  EXPECT_THAT(result.status().message(), HasSubstr("append-only"));
}

TEST_F(MigrationsTest, FailingMigrationLeavesNothingHalfDone) {
  ConnectionPool pool(Options());
  MigrationSet set = Shop("shop_fail");
  set.migrations.push_back({5, "0005_broken.sql", "CREATE TABLE extra (id int); SELECT * FROM no_such_table;"});
  auto result = ApplyMigrations(pool, set);
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("0005_broken.sql"));
  EXPECT_THAT(result.status().message(), HasSubstr("no_such_table"));
  // 1, 2 and 4 landed; 5 left no table and no record.
  EXPECT_EQ(Count("SELECT count(*) FROM shop_fail.schema_migrations"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'shop_fail' "
                  "AND table_name = 'extra'"),
            0);
}

TEST_F(MigrationsTest, AMigrationLeftBehindAfterANewerOneIsRefused) {
  ConnectionPool pool(Options());
  ASSERT_TRUE(ApplyMigrations(pool, Shop("shop_order")).ok());  // 1, 2, 4
  MigrationSet late = Shop("shop_order");
  late.migrations.insert(late.migrations.begin() + 2, {3, "0003_late.sql", "CREATE TABLE late (id int);"});
  auto result = ApplyMigrations(pool, late);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(result.status().message(), HasSubstr("0003_late.sql"));
}

TEST_F(MigrationsTest, MigrationMayEndWithAQueryAndOutliveTheStatementTimeout) {
  PoolOptions options = Options();
  options.statement_timeout = absl::Milliseconds(200);
  ConnectionPool pool(options);
  MigrationSet set{"shop_slow", {{1, "0001_slow.sql", "CREATE TABLE t (id int); SELECT pg_sleep(0.5), 1;"}}};
  auto result = ApplyMigrations(pool, set);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(*result, 1);
}

TEST_F(MigrationsTest, BadSetsAreRejectedBeforeTouchingTheDatabase) {
  ConnectionPool pool(Options());
  MigrationSet unordered = Shop("shop_bad");
  std::swap(unordered.migrations[0], unordered.migrations[1]);
  EXPECT_EQ(ApplyMigrations(pool, unordered).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyMigrations(pool, Shop("Bad-Name")).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'shop_bad'"), 0);
}

TEST(ChecksumTest, IsSha256Hex) {
  EXPECT_EQ(Checksum(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace medbrief::db
