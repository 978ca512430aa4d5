// The four service binaries, started as an operator would start them, against
// the real PostgreSQL harness: SERVING only after migrations, health per
// service, an RPC checking its input, SIGTERM -> NOT_SERVING -> exit 0,
// and clear failures for an unreachable database or bad configuration.

#include <signal.h>

#include <fstream>
#include <sstream>
#include <cstdlib>
#include <httplib.h>
#include <pqxx/pqxx>
#include <regex>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/auth/jwt.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/harness/certs.h"
#include "tests/harness/pg_cluster.h"
#include "tests/harness/process.h"

namespace medbrief {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::Certificates;
using testing::ChildProcess;
using ::testing::HasSubstr;

struct Binary {
  const char* name;     // schema and log service name
  const char* path;
  const char* service;  // full gRPC service name
  const char* some_rpc;  // a unary RPC, called with an empty request
  grpc::StatusCode expected_code;
  const char* expected_message;
};

const Binary kBinaries[] = {
    {"content", MEDBRIEF_CONTENT_BIN, "medbrief.content.v1.ContentService", "GetSource",
     grpc::StatusCode::INVALID_ARGUMENT, "id: is required"},
    {"citation", MEDBRIEF_CITATION_BIN, "medbrief.citation.v1.CitationService", "ListCitations",
     grpc::StatusCode::INVALID_ARGUMENT, "answer_id: is required"},
    {"review", MEDBRIEF_REVIEW_BIN, "medbrief.review.v1.ReviewService", "GetArticle",
     grpc::StatusCode::INVALID_ARGUMENT, "article_id: is required"},
    {"answer", MEDBRIEF_ANSWER_BIN, "medbrief.answer.v1.AnswerService", "GetAnswer",
     grpc::StatusCode::INVALID_ARGUMENT, "id: is required"},
};

class BinaryTest : public testing::PgTest, public ::testing::WithParamInterface<Binary> {
 protected:
  // Upstreams that are not there (nothing listens on port 1): channels
  // connect lazily, so a service starts and serves without them.
  static ChildProcess::Env BaseEnv() {
    return {{"MEDBRIEF_LISTEN", "127.0.0.1:0"},
            {"MEDBRIEF_DB_DSN", dsn()},
            {"MEDBRIEF_AUTH", "off"},
            {"MEDBRIEF_CONTENT_ADDR", "127.0.0.1:1"},
            {"MEDBRIEF_CITATION_ADDR", "127.0.0.1:1"},
            {"MEDBRIEF_REVIEW_ADDR", "127.0.0.1:1"}};
  }

  static std::unique_ptr<ChildProcess> Spawn(const ChildProcess::Env& env, const std::vector<std::string>& args = {}) {
    auto child = ChildProcess::Spawn(GetParam().path, args, env);
    EXPECT_TRUE(child.ok()) << child.status();
    return child.ok() ? *std::move(child) : nullptr;
  }

  // Waits for the "serving" log line and returns the port it names.
  static int WaitServing(ChildProcess& child) {
    auto line = child.WaitForLine([](absl::string_view l) { return absl::StrContains(l, R"("msg":"serving")"); },
                                  absl::Seconds(30));
    EXPECT_TRUE(line.ok()) << line.status();
    if (!line.ok()) return 0;
    std::smatch match;
    EXPECT_TRUE(std::regex_search(*line, match, std::regex(R"("port":(\d+))"))) << *line;
    return std::stoi(match[1]);
  }

  // One channel per port, as a real client keeps one.
  static std::shared_ptr<grpc::Channel> Channel(int port) {
    static auto* channels = new std::map<int, std::shared_ptr<grpc::Channel>>();
    auto& channel = (*channels)[port];
    if (channel == nullptr) {
      channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
    }
    return channel;
  }

  static HealthCheckResponse::ServingStatus Check(int port, const std::string& service) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    const grpc::Status status = Health::NewStub(Channel(port))->Check(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }
};

// Calls `method` with an empty request (a valid encoding of any message),
// with `token` as the bearer token when it is not empty.
grpc::Status CallProbe(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::string& token) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  grpc::Slice empty("", 0);
  grpc::ByteBuffer request(&empty, 1), response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
    status = std::move(s);
    done.Notify();
  });
  done.WaitForNotification();
  return status;
}

TEST_P(BinaryTest, ServesAfterMigrationsAndStopsCleanlyOnSigterm) {
  auto child = Spawn(BaseEnv());
  ASSERT_NE(child, nullptr);
  const int port = WaitServing(*child);
  ASSERT_GT(port, 0);

  EXPECT_EQ(Check(port, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check(port, GetParam().service), HealthCheckResponse::SERVING);

  // Its schema's migrations are recorded.
  {
    pqxx::connection conn(dsn());
    pqxx::nontransaction tx(conn);
    const auto row = tx.exec1(std::string("SELECT count(*), min(version) FROM ") + GetParam().name +
                              ".schema_migrations");
    EXPECT_GE(row[0].as<int>(), 1);
    EXPECT_EQ(row[1].as<int>(), 1);
  }

  // An RPC of the contract answers, naming the field it misses.
  {
    const grpc::Status status =
        CallProbe(Channel(port), std::string("/") + GetParam().service + "/" + GetParam().some_rpc, "");
    EXPECT_EQ(status.error_code(), GetParam().expected_code);
    EXPECT_THAT(status.error_message(), HasSubstr(GetParam().expected_message));
  }

  // SIGTERM: watchers see NOT_SERVING, then the process exits 0 within 5 s.
  grpc::ClientContext watch_ctx;
  auto watch = Health::NewStub(Channel(port))->Watch(&watch_ctx, HealthCheckRequest());
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);
  const absl::Time sent = absl::Now();
  child->Signal(SIGTERM);
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(watch->Read(&update));  // the stream ends, as the server drains
  EXPECT_EQ(watch->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  auto code = child->Wait(absl::Seconds(5));
  ASSERT_TRUE(code.ok()) << "still running 5 s after SIGTERM:\n" << child->Stderr();
  EXPECT_EQ(*code, 0) << child->Stderr();
  EXPECT_LT(absl::Now() - sent, absl::Seconds(5)) << child->Stderr();
  EXPECT_THAT(child->Stderr(), HasSubstr(R"("msg":"stopped")"));
}

TEST_P(BinaryTest, TwoReplicasStartingTogetherBothServe) {
  // A fresh database, so that both race to apply the migrations.
  auto fresh = testing::SharedCluster().CreateDatabase(std::string("t_replicas_") + GetParam().name);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  ChildProcess::Env env = BaseEnv();
  env.push_back({"MEDBRIEF_DB_DSN", *fresh});
  auto a = Spawn(env);
  auto b = Spawn(env);
  ASSERT_TRUE(a != nullptr && b != nullptr);
  EXPECT_GT(WaitServing(*a), 0);
  EXPECT_GT(WaitServing(*b), 0);
  // Between them they applied each migration exactly once.
  const auto applied = [](const ChildProcess& child) {
    std::smatch match;
    const std::string out = child.Stderr();
    return std::regex_search(out, match, std::regex(R"("migrations_applied":(\d+))")) ? std::stoi(match[1]) : -1;
  };
  pqxx::connection conn(*fresh);
  pqxx::nontransaction tx(conn);
  const int recorded =
      tx.exec1(std::string("SELECT count(*) FROM ") + GetParam().name + ".schema_migrations")[0].as<int>();
  EXPECT_GE(recorded, 1);
  EXPECT_EQ(applied(*a) + applied(*b), recorded);
}

TEST_P(BinaryTest, UnreachableDatabaseExitsNonZeroWithTheReason) {
  ChildProcess::Env env = BaseEnv();
  env.push_back({"MEDBRIEF_DB_DSN", "host=/nonexistent-medbrief port=5432 user=postgres dbname=x"});
  env.push_back({"MEDBRIEF_DB_CONNECT_TIMEOUT", "1s"});
  auto child = Spawn(env);
  ASSERT_NE(child, nullptr);
  auto code = child->Wait(absl::Seconds(15));
  ASSERT_TRUE(code.ok()) << child->Stderr();
  EXPECT_EQ(*code, 1);
  EXPECT_THAT(child->Stderr(), HasSubstr("database unreachable"));
  EXPECT_THAT(child->Stderr(), HasSubstr("cannot connect to PostgreSQL"));
}

TEST_P(BinaryTest, BadConfigurationExitsTwoNamingTheFlag) {
  {
    auto child = Spawn(BaseEnv(), {"--no_such_flag=1"});
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(*child->Wait(absl::Seconds(10)), 2);
    EXPECT_THAT(child->Stderr(), HasSubstr("unknown flag --no_such_flag"));
  }
  {
    // JWT (the default) without a signing key: refuse rather than run open.
    ChildProcess::Env env = BaseEnv();
    env.push_back({"MEDBRIEF_AUTH", "jwt"});
    auto child = Spawn(env);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(*child->Wait(absl::Seconds(10)), 2);
    EXPECT_THAT(child->Stderr(), HasSubstr("--jwt_key"));
  }
  {
    // Bearer tokens never travel in plaintext beyond loopback.
    ChildProcess::Env env = BaseEnv();
    env.push_back({"MEDBRIEF_AUTH", "jwt"});
    env.push_back({"MEDBRIEF_JWT_KEY", "k"});
    env.push_back({"MEDBRIEF_LISTEN", "0.0.0.0:0"});
    auto child = Spawn(env);
    ASSERT_NE(child, nullptr);
    EXPECT_EQ(*child->Wait(absl::Seconds(10)), 2);
    EXPECT_THAT(child->Stderr(), HasSubstr("--tls_cert"));
  }
}

// The binaries link jemalloc ahead of libc (medbrief_service_binary): were
// glibc's malloc bound instead, this option would print nothing.
TEST_P(BinaryTest, AllocatesWithJemalloc) {
  ChildProcess::Env env = BaseEnv();
  env.push_back({"MALLOC_CONF", "stats_print:true"});
  auto child = Spawn(env, {"--help"});
  ASSERT_NE(child, nullptr);
  auto code = child->Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok()) << child->Stderr();
  EXPECT_EQ(*code, 0);
  EXPECT_THAT(child->Stderr(), HasSubstr("Begin jemalloc statistics"));
}

TEST_P(BinaryTest, ServesPrometheusMetrics) {
  ChildProcess::Env env = BaseEnv();
  env.push_back({"MEDBRIEF_METRICS_LISTEN", "127.0.0.1:0"});
  auto child = Spawn(env);
  ASSERT_NE(child, nullptr);
  auto line = child->WaitForLine([](absl::string_view l) { return absl::StrContains(l, R"("msg":"metrics serving")"); },
                                 absl::Seconds(30));
  ASSERT_TRUE(line.ok()) << line.status();
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex(R"("port":(\d+))"))) << *line;
  const int metrics_port = std::stoi(match[1]);
  const int port = WaitServing(*child);
  ASSERT_GT(port, 0);
  const std::string probe = std::string("/") + GetParam().service + "/" + GetParam().some_rpc;
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(CallProbe(Channel(port), probe, "").error_code(), GetParam().expected_code);
  }

  httplib::Client client("127.0.0.1", metrics_port);
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  ASSERT_EQ(response->status, 200);
  const std::string code = absl::StatusCodeToString(static_cast<absl::StatusCode>(GetParam().expected_code));
  EXPECT_THAT(response->body,
              HasSubstr(absl::StrCat("medbrief_rpc_duration_seconds_count{method=\"", probe, "\",code=\"", code, "\"} 2")));
  EXPECT_THAT(response->body, HasSubstr(R"(medbrief_db_pool_connections{state="size"})"));
  const std::string name = GetParam().name;
  if (name == "content") {
    EXPECT_THAT(response->body, HasSubstr(R"(medbrief_search_index{measure="passages"} 0)"));
  }
  if (name == "review") {
    EXPECT_THAT(response->body, HasSubstr(R"(medbrief_review_queue_articles{status="SUBMITTED"} 0)"));
  }
  child->Signal(SIGTERM);
  EXPECT_EQ(*child->Wait(absl::Seconds(15)), 0);
}

TEST_P(BinaryTest, TlsAndBearerTokensGuardEveryCall) {
  const Certificates& certs = Certificates::Get();
  ASSERT_TRUE(certs.ok()) << "openssl failed; see " << certs.Path("openssl.log");
  const std::string key = "test-signing-key";
  ChildProcess::Env env = BaseEnv();
  env.push_back({"MEDBRIEF_AUTH", "jwt"});
  env.push_back({"MEDBRIEF_JWT_KEY", key});
  env.push_back({"MEDBRIEF_TLS_CERT", certs.Path("server.pem")});
  env.push_back({"MEDBRIEF_TLS_KEY", certs.Path("server.key")});
  env.push_back({"MEDBRIEF_TLS_CA", certs.Path("ca.pem")});
  auto child = Spawn(env);
  ASSERT_NE(child, nullptr);
  const int port = WaitServing(*child);
  ASSERT_GT(port, 0);
  const std::string target = "127.0.0.1:" + std::to_string(port);
  const std::string probe = std::string("/") + GetParam().service + "/" + GetParam().some_rpc;

  // Plaintext, and TLS without a client certificate, are refused.
  EXPECT_EQ(CallProbe(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()), probe, "").error_code(),
            grpc::StatusCode::UNAVAILABLE);
  grpc::SslCredentialsOptions server_only;
  server_only.pem_root_certs = certs.Read("ca.pem");
  EXPECT_EQ(CallProbe(grpc::CreateChannel(target, grpc::SslCredentials(server_only)), probe, "").error_code(),
            grpc::StatusCode::UNAVAILABLE);

  grpc::SslCredentialsOptions mutual = server_only;
  mutual.pem_private_key = certs.Read("client.key");
  mutual.pem_cert_chain = certs.Read("client.pem");
  auto channel = grpc::CreateChannel(target, grpc::SslCredentials(mutual));
  // Health needs no token (probes); everything else does.
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckResponse response;
    ASSERT_TRUE(Health::NewStub(channel)->Check(&ctx, HealthCheckRequest(), &response).ok());
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  }
  const absl::Time now = absl::Now();
  const auto token = [&](std::vector<std::string> roles, absl::Time expires, const std::string& with_key) {
    return auth::MintHs256(auth::Principal{"test-user", std::move(roles), expires}, with_key, now);
  };
  EXPECT_EQ(CallProbe(channel, probe, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallProbe(channel, probe, "not-a-token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallProbe(channel, probe, token({"reader"}, now + absl::Hours(1), "other-key")).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const grpc::Status expired = CallProbe(channel, probe, token({"reader"}, now - absl::Minutes(5), key));
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));
  EXPECT_EQ(CallProbe(channel, probe, token({}, now + absl::Hours(1), key)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A reader reaches the handler, which answers as without authentication.
  const grpc::Status read = CallProbe(channel, probe, token({"reader"}, now + absl::Hours(1), key));
  EXPECT_EQ(read.error_code(), GetParam().expected_code) << read.error_message();
  if (std::string(GetParam().name) == "content") {
    const std::string create = "/medbrief.content.v1.ContentService/CreateSource";
    EXPECT_EQ(CallProbe(channel, create, token({"reader"}, now + absl::Hours(1), key)).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(CallProbe(channel, create, token({"admin"}, now + absl::Hours(1), key)).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  child->Signal(SIGTERM);
  EXPECT_EQ(*child->Wait(absl::Seconds(15)), 0);
}

// Kubernetes' native gRPC probes speak neither TLS nor JWT: --health_listen
// answers grpc.health.v1 in plaintext on a second port, with the main
// server's status, and nothing else.
TEST_P(BinaryTest, PlaintextHealthPortBesideMutualTls) {
  const Certificates& certs = Certificates::Get();
  ASSERT_TRUE(certs.ok()) << "openssl failed; see " << certs.Path("openssl.log");
  const std::string key = "test-signing-key";
  ChildProcess::Env env = BaseEnv();
  env.push_back({"MEDBRIEF_AUTH", "jwt"});
  env.push_back({"MEDBRIEF_JWT_KEY", key});
  env.push_back({"MEDBRIEF_TLS_CERT", certs.Path("server.pem")});
  env.push_back({"MEDBRIEF_TLS_KEY", certs.Path("server.key")});
  env.push_back({"MEDBRIEF_TLS_CA", certs.Path("ca.pem")});
  env.push_back({"MEDBRIEF_HEALTH_LISTEN", "127.0.0.1:0"});
  auto child = Spawn(env);
  ASSERT_NE(child, nullptr);
  auto line = child->WaitForLine([](absl::string_view l) { return absl::StrContains(l, R"("msg":"health serving")"); },
                                 absl::Seconds(30));
  ASSERT_TRUE(line.ok()) << line.status() << "\n" << child->Stderr();
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex(R"("port":(\d+))"))) << *line;
  const int health_port = std::stoi(match[1]);
  const int port = WaitServing(*child);
  ASSERT_GT(port, 0);
  ASSERT_NE(health_port, port);

  // Plaintext, no token: overall and per service.
  EXPECT_EQ(Check(health_port, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check(health_port, GetParam().service), HealthCheckResponse::SERVING);
  // The main port still refuses plaintext.
  const std::string probe = std::string("/") + GetParam().service + "/" + GetParam().some_rpc;
  EXPECT_EQ(CallProbe(grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()),
                      probe, "")
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Nothing but health on the health port: not the service, even with an
  // admin token, and not reflection.
  const absl::Time now = absl::Now();
  const std::string admin = auth::MintHs256(auth::Principal{"ops", {"admin"}, now + absl::Hours(1)}, key, now);
  const grpc::Status rpc = CallProbe(Channel(health_port), probe, admin);
  EXPECT_EQ(rpc.error_code(), grpc::StatusCode::UNIMPLEMENTED) << rpc.error_message();
  EXPECT_EQ(CallProbe(Channel(health_port), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "")
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  // SIGTERM: the health port turns NOT_SERVING with the main one.
  grpc::ClientContext watch_ctx;
  watch_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
  auto watch = Health::NewStub(Channel(health_port))->Watch(&watch_ctx, HealthCheckRequest());
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);
  child->Signal(SIGTERM);
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(*child->Wait(absl::Seconds(15)), 0) << child->Stderr();
}

// With the certificates tools/dev-tls.sh makes for the dev overlay: one
// certificate that each service presents as a server and, to its upstreams,
// as a client.
TEST_P(BinaryTest, ServicesCallEachOtherWithServiceTokensOverMutualTls) {
  if (std::string(GetParam().name) != "citation") GTEST_SKIP() << "citation calls content: one pair is enough";
  char pattern[] = "/tmp/medbrief-dev-tls.XXXXXX";
  const std::string dir = mkdtemp(pattern);
  ASSERT_EQ(std::system(("bash " MEDBRIEF_DEV_TLS " " + dir + " medbrief-dev >/dev/null").c_str()), 0);
  const auto read = [&dir](const std::string& name) {
    std::ifstream in(dir + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string key = "shared-signing-key";
  ChildProcess::Env secure = BaseEnv();
  secure.push_back({"MEDBRIEF_AUTH", "jwt"});
  secure.push_back({"MEDBRIEF_JWT_KEY", key});
  secure.push_back({"MEDBRIEF_TLS_CERT", dir + "/tls.crt"});
  secure.push_back({"MEDBRIEF_TLS_KEY", dir + "/tls.key"});
  secure.push_back({"MEDBRIEF_TLS_CA", dir + "/ca.crt"});
  auto content = ChildProcess::Spawn(MEDBRIEF_CONTENT_BIN, {}, secure);
  ASSERT_TRUE(content.ok()) << content.status();
  const int content_port = WaitServing(**content);
  ASSERT_GT(content_port, 0);
  ChildProcess::Env env = secure;
  env.push_back({"MEDBRIEF_CONTENT_ADDR", "127.0.0.1:" + std::to_string(content_port)});
  auto citation = Spawn(env);
  ASSERT_NE(citation, nullptr);
  const int port = WaitServing(*citation);
  ASSERT_GT(port, 0);

  grpc::SslCredentialsOptions mutual;
  mutual.pem_root_certs = read("ca.crt");
  mutual.pem_private_key = read("client.key");
  mutual.pem_cert_chain = read("client.crt");
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::SslCredentials(mutual));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const absl::Time now = absl::Now();
  ctx.AddMetadata("authorization",
                  "Bearer " + auth::MintHs256(auth::Principal{"dr.lee", {"reader"}, now + absl::Hours(1)}, key, now));
  citation::v1::CheckSupportRequest request;
  request.set_claim("Octreotide LAR 30 mg every 4 weeks.");
  request.set_passage_id("src_0000000000000000_000000000000");
  citation::v1::Support support;
  const grpc::Status status = citation::v1::CitationService::NewStub(channel)->CheckSupport(&ctx, request, &support);
  // Content was reached over mutual TLS with citation's service token and
  // looked the passage up: NOT_FOUND, not UNAUTHENTICATED or UNAVAILABLE.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  citation->Signal(SIGTERM);
  EXPECT_EQ(*citation->Wait(absl::Seconds(15)), 0);
  (*content)->Signal(SIGTERM);
  EXPECT_EQ(*(*content)->Wait(absl::Seconds(15)), 0);
  EXPECT_THAT((*content)->Stderr(), HasSubstr(R"("code":5)")) << "content answered the lookup";
}

INSTANTIATE_TEST_SUITE_P(Services, BinaryTest, ::testing::ValuesIn(kBinaries),
                         [](const ::testing::TestParamInfo<Binary>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace medbrief
