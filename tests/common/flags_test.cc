#include "common/config/flags.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::config {
namespace {

using ::testing::HasSubstr;

// An environment made of a map, for tests.
EnvLookup MapEnv(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    auto it = values.find(name);
    return it == values.end() ? nullptr : it->second.c_str();
  };
}

absl::StatusOr<ServiceConfig> Load(std::vector<const char*> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "medbrief-test");
  return LoadServiceConfig(static_cast<int>(args.size()), args.data(), MapEnv(std::move(env)));
}

TEST(FlagsTest, FlagWinsOverEnvironmentWhichWinsOverDefault) {
  auto config = Load({"--listen=127.0.0.1:1"}, {{"MEDBRIEF_LISTEN", "127.0.0.1:2"}, {"MEDBRIEF_DB_DSN", "host=x"}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "127.0.0.1:1");
  EXPECT_EQ(config->db_dsn, "host=x");
  EXPECT_EQ(config->auth, "jwt");
  EXPECT_EQ(config->shutdown_grace, absl::Seconds(5));
}

TEST(FlagsTest, EveryDesignFlagHasItsEnvironmentFallback) {
  const std::map<std::string, std::string> env = {
      {"MEDBRIEF_LISTEN", "127.0.0.1:9"},        {"MEDBRIEF_DB_DSN", "dbname=x"},
      {"MEDBRIEF_CONTENT_ADDR", "content:1"},    {"MEDBRIEF_CITATION_ADDR", "citation:2"},
      {"MEDBRIEF_REVIEW_ADDR", "review:3"},      {"MEDBRIEF_METRICS_LISTEN", ":9090"},
      {"MEDBRIEF_AUTH", "off"},                  {"MEDBRIEF_JWT_KEY", "k"},
      {"MEDBRIEF_TLS_CERT", "c.pem"},            {"MEDBRIEF_TLS_KEY", "k.pem"},
      {"MEDBRIEF_TLS_CA", "ca.pem"},             {"MEDBRIEF_SHUTDOWN_GRACE", "2s"},
      {"MEDBRIEF_DB_POOL_SIZE", "3"},            {"MEDBRIEF_DB_STATEMENT_TIMEOUT", "250ms"},
      {"MEDBRIEF_ABBREVIATIONS", "/v/a.csv,/v/b"}, {"MEDBRIEF_HEALTH_LISTEN", "0.0.0.0:8081"}};
  auto config = Load({}, env);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "127.0.0.1:9");
  EXPECT_EQ(config->db_dsn, "dbname=x");
  EXPECT_EQ(config->content_addr, "content:1");
  EXPECT_EQ(config->citation_addr, "citation:2");
  EXPECT_EQ(config->review_addr, "review:3");
  EXPECT_EQ(config->metrics_listen, ":9090");
  EXPECT_EQ(config->health_listen, "0.0.0.0:8081");
  EXPECT_EQ(config->auth, "off");
  EXPECT_EQ(config->jwt_key, "k");
  EXPECT_EQ(config->tls_cert, "c.pem");
  EXPECT_EQ(config->tls_key, "k.pem");
  EXPECT_EQ(config->tls_ca, "ca.pem");
  EXPECT_EQ(config->shutdown_grace, absl::Seconds(2));
  EXPECT_EQ(config->db_pool_size, 3);
  EXPECT_EQ(config->db_statement_timeout, absl::Milliseconds(250));
  EXPECT_EQ(config->abbreviations, "/v/a.csv,/v/b");
}

TEST(FlagsTest, HealthListenMayNotShareTheMainPort) {
  auto same = Load({"--listen=0.0.0.0:50051", "--health_listen=0.0.0.0:50051"});
  EXPECT_EQ(same.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(same.status().message(), HasSubstr("--health_listen"));
  // Port 0 on both picks two free ports.
  EXPECT_TRUE(Load({"--listen=127.0.0.1:0", "--health_listen=127.0.0.1:0"}).ok());
  EXPECT_TRUE(Load({"--listen=0.0.0.0:50051", "--health_listen=0.0.0.0:8081"}).ok());
}

TEST(FlagsTest, ReviewPolicyFlags) {
  auto defaults = Load({"--listen=a:1"});
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->review_required_approvals, 1);
  EXPECT_TRUE(defaults->review_board_only);
  EXPECT_EQ(defaults->review_sla, absl::Hours(72));
  EXPECT_EQ(defaults->review_max_writers, 4);

  auto set = Load({"--listen=a:1", "--review_board_only=False", "--review_sla=90m"},
                  {{"MEDBRIEF_REVIEW_REQUIRED_APPROVALS", "3"}, {"MEDBRIEF_REVIEW_BOARD_ONLY", "true"},
                   {"MEDBRIEF_REVIEW_MAX_WRITERS", "2"}});
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->review_required_approvals, 3);
  EXPECT_FALSE(set->review_board_only);
  EXPECT_EQ(set->review_sla, absl::Minutes(90));
  EXPECT_EQ(set->review_max_writers, 2);

  EXPECT_THAT(Load({"--listen=a:1", "--review_required_approvals=0"}).status().message(),
              HasSubstr("--review_required_approvals"));
  EXPECT_THAT(Load({"--listen=a:1", "--review_board_only=maybe"}).status().message(),
              HasSubstr("--review_board_only"));
  EXPECT_THAT(Load({"--listen=a:1", "--review_sla=0s"}).status().message(), HasSubstr("--review_sla"));
}

TEST(FlagsTest, SeparateValueForm) {
  auto config = Load({"--listen", "[::1]:0", "--auth", "off"});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "[::1]:0");
  EXPECT_EQ(config->auth, "off");
}

TEST(FlagsTest, ErrorsNameTheFlag) {
  EXPECT_THAT(Load({"--listen=a:1", "--nope=1"}).status().message(), HasSubstr("unknown flag --nope"));
  EXPECT_THAT(Load({"--listen=a:1", "--auth=basic"}).status().message(), HasSubstr("--auth"));
  EXPECT_THAT(Load({"--listen=a:1", "--db_pool_size=0"}).status().message(), HasSubstr("--db_pool_size"));
  EXPECT_THAT(Load({"--listen=a:1", "--shutdown_grace=soon"}).status().message(), HasSubstr("--shutdown_grace"));
  EXPECT_THAT(Load({"--listen=a:1", "--tls_cert=c.pem"}).status().message(), HasSubstr("--tls_key"));
  EXPECT_THAT(Load({}).status().message(), HasSubstr("--listen"));
  EXPECT_THAT(Load({"--listen"}).status().message(), HasSubstr("needs a value"));
  EXPECT_THAT(Load({"listen=a:1"}).status().message(), HasSubstr("unexpected argument"));
}

TEST(FlagsTest, UsageListsFlagsWithTheirEnvironmentNames) {
  const std::string usage = ServiceFlags().Usage("medbrief-content");
  EXPECT_THAT(usage, HasSubstr("--db_dsn (MEDBRIEF_DB_DSN)"));
  EXPECT_THAT(usage, HasSubstr("--tls_ca (MEDBRIEF_TLS_CA)"));
}

}  // namespace
}  // namespace medbrief::config
