// The auth matrix against the four running binaries (mutual TLS, --auth=jwt):
// every RPC of every service, as the generated descriptors list them (a new
// RPC is covered, and fails until the table below names its roles), called
//  - with no token, a malformed one, a bad signature, an expired one, an
//    `alg: none` one and a non-Bearer scheme: UNAUTHENTICATED;
//  - with a valid token of each role: PERMISSION_DENIED where the table
//    below does not allow the role, and otherwise anything but
//    UNAUTHENTICATED and PERMISSION_DENIED (the handler ran: an empty request
//    gets INVALID_ARGUMENT, an unfinished service UNIMPLEMENTED).
// The table is written out by hand, not read from common/auth/policy.cc, so
// that a mistake in the policy shows here. Streaming RPCs are called like
// the others: one empty message, then the first response or the status.
// Each binary is started once for the whole suite.

#include <signal.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/auth/jwt.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tests/harness/certs.h"
#include "tests/harness/pg_cluster.h"
#include "tests/harness/process.h"

namespace medbrief {
namespace {

using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using testing::Certificates;
using testing::ChildProcess;

const std::vector<std::string> kRoles = {"reader", "author", "reviewer", "admin", "service"};

// Who may call what, from issue 7: Ask and reads: reader (and the other
// signed-in roles, which read what they work on); imports and source status
// changes: admin; review decisions: reviewer; admin may do everything; the
// service role for the calls one medbrief service makes to another
// (DESIGN.md's arrows). Keys are "package.Service/Method".
const std::map<std::string, std::string>& ExpectedAllowed() {
  static const auto* const kTable = new std::map<std::string, std::string>{
      {"medbrief.content.v1.ContentService/CreateSource", "admin"},
      {"medbrief.content.v1.ContentService/ImportSources", "admin"},
      {"medbrief.content.v1.ContentService/UpdateSourceStatus", "admin"},
      {"medbrief.content.v1.ContentService/GetSource", "reader author reviewer service admin"},
      {"medbrief.content.v1.ContentService/ListSources", "reader author reviewer service admin"},
      {"medbrief.content.v1.ContentService/GetPassage", "reader author reviewer service admin"},
      {"medbrief.content.v1.ContentService/Search", "reader author reviewer service admin"},
      {"medbrief.content.v1.ContentService/WatchSourceEvents", "reader author reviewer service admin"},

      {"medbrief.citation.v1.CitationService/RegisterCitations", "author service admin"},
      {"medbrief.citation.v1.CitationService/ListCitations", "reader author reviewer service admin"},
      {"medbrief.citation.v1.CitationService/FormatReference", "reader author reviewer service admin"},
      {"medbrief.citation.v1.CitationService/CheckSupport", "reader author reviewer service admin"},
      {"medbrief.citation.v1.CitationService/ListCitingAnswers", "reader author reviewer service admin"},

      {"medbrief.review.v1.ReviewService/CreateReviewer", "admin"},
      {"medbrief.review.v1.ReviewService/SubmitArticle", "author service admin"},
      {"medbrief.review.v1.ReviewService/ResubmitArticle", "author service admin"},
      {"medbrief.review.v1.ReviewService/ClaimReview", "reviewer admin"},
      {"medbrief.review.v1.ReviewService/AddComment", "reviewer admin"},
      {"medbrief.review.v1.ReviewService/Decide", "reviewer admin"},
      {"medbrief.review.v1.ReviewService/RetractArticle", "reviewer admin"},
      {"medbrief.review.v1.ReviewService/ReopenArticle", "service admin"},
      {"medbrief.review.v1.ReviewService/GetArticle", "reader author reviewer service admin"},
      {"medbrief.review.v1.ReviewService/GetArticleByAnswer", "reader author reviewer service admin"},
      {"medbrief.review.v1.ReviewService/ListArticles", "reader author reviewer service admin"},
      {"medbrief.review.v1.ReviewService/ListAuditEvents", "reader author reviewer service admin"},
      {"medbrief.review.v1.ReviewService/ListComments", "reader author reviewer service admin"},
      {"medbrief.review.v1.ReviewService/WatchArticles", "reader author reviewer service admin"},

      {"medbrief.answer.v1.AnswerService/Ask", "reader author reviewer service admin"},
      {"medbrief.answer.v1.AnswerService/AskStream", "reader author reviewer service admin"},
      {"medbrief.answer.v1.AnswerService/GetAnswer", "reader author reviewer service admin"},
      {"medbrief.answer.v1.AnswerService/ListAnswers", "reader author reviewer service admin"},
  };
  return *kTable;
}

std::set<std::string> AllowedRoles(const std::string& method) {
  auto it = ExpectedAllowed().find(method);
  if (it == ExpectedAllowed().end()) return {};
  return std::set<std::string>(absl::StrSplit(it->second, ' '));
}

// The proto files of the four contracts, from their generated code.
std::vector<const FileDescriptor*> ContractFiles() {
  return {content::v1::Source::descriptor()->file(), citation::v1::Citation::descriptor()->file(),
          review::v1::Article::descriptor()->file(), answer::v1::Answer::descriptor()->file()};
}

// Every method of every service of the contract file of `binary` ("content"
// for package medbrief.content.v1).
std::vector<const MethodDescriptor*> MethodsOf(const std::string& binary) {
  std::vector<const MethodDescriptor*> methods;
  for (const FileDescriptor* file : ContractFiles()) {
    if (file->package() != absl::StrCat("medbrief.", binary, ".v1")) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) methods.push_back(service->method(m));
    }
  }
  return methods;
}

std::string Key(const MethodDescriptor& method) { return absl::StrCat(method.service()->full_name(), "/", method.name()); }

// The outcome of one call.
struct Outcome {
  grpc::Status status;
  bool got_message = false;       // a response message arrived
  bool echoed_request_id = false;  // the service's call interceptor answered
};

// Calls `method` as a bidirectional stream, which on the wire serves every
// kind of RPC: one empty message (a valid encoding of any request), half
// close, then the first response and the status. A server stream that
// answered with a message is cancelled there.
Outcome Call(const std::shared_ptr<grpc::Channel>& channel, const MethodDescriptor& method,
             const std::string& authorization, const std::string& request_id) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(method.server_streaming() ? 3 : 10));
  if (!authorization.empty()) ctx.AddMetadata("authorization", authorization);
  ctx.AddMetadata("x-request-id", request_id);
  grpc::CompletionQueue cq;
  const auto step = [&cq](auto&& start) {
    start(reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&tag, &ok));
    return ok;
  };
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&ctx, absl::StrCat("/", Key(method)), &cq);
  Outcome outcome;
  if (step([&](void* tag) { call->StartCall(tag); })) {
    grpc::Slice empty("", 0);
    grpc::ByteBuffer request(&empty, 1);
    if (step([&](void* tag) { call->Write(request, tag); })) step([&](void* tag) { call->WritesDone(tag); });
    grpc::ByteBuffer response;
    outcome.got_message = step([&](void* tag) { call->Read(&response, tag); });
    if (outcome.got_message && method.server_streaming()) ctx.TryCancel();
  }
  step([&](void* tag) { call->Finish(&outcome.status, tag); });
  const auto& metadata = ctx.GetServerInitialMetadata();
  const auto it = metadata.find("x-request-id");
  outcome.echoed_request_id =
      it != metadata.end() && std::string(it->second.data(), it->second.size()) == request_id;
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  return outcome;
}

std::string Describe(const Outcome& outcome) {
  return absl::StrCat("code ", outcome.status.error_code(), " \"", outcome.status.error_message(), "\"",
                      outcome.got_message ? ", a message" : "", outcome.echoed_request_id ? ", request id echoed" : "");
}

// Whether the call got past authentication and authorisation into the
// service: its call interceptor echoed our request id (it does on every
// status, errors included) or a message came back, and the status is not
// one the authentication processor gives.
bool ReachedTheService(const Outcome& outcome) {
  const grpc::StatusCode code = outcome.status.error_code();
  return code != grpc::StatusCode::UNAUTHENTICATED && code != grpc::StatusCode::PERMISSION_DENIED &&
         (outcome.echoed_request_id || outcome.got_message);
}

// Refused by the authentication processor with `code`, before the service.
bool RefusedWith(const Outcome& outcome, grpc::StatusCode code) {
  return outcome.status.error_code() == code && !outcome.got_message && !outcome.echoed_request_id;
}

constexpr char kKey[] = "auth-matrix-signing-key";

std::string Bearer(const std::string& token) { return "Bearer " + token; }

std::string TokenFor(const std::vector<std::string>& roles, absl::Duration valid_for = absl::Hours(1),
                     const std::string& key = kKey) {
  const absl::Time now = absl::Now();
  return auth::MintHs256(auth::Principal{"matrix-user", roles, now + valid_for}, key, now);
}

// A token that names no algorithm ("alg": "none") and carries no signature,
// claiming every role.
std::string AlgNoneToken() {
  const int64_t exp = absl::ToUnixSeconds(absl::Now() + absl::Hours(1));
  return absl::StrCat(absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})"), ".",
                      absl::WebSafeBase64Escape(absl::StrCat(
                          R"({"sub":"mallory","roles":["reader","author","reviewer","admin","service"],"exp":)", exp,
                          "}")),
                      ".");
}

// The `authorization` values that must never get through, by name.
std::vector<std::pair<std::string, std::string>> BadCredentials() {
  return {
      {"no token", ""},
      {"malformed token", Bearer("not-a-jwt")},
      {"bad signature", Bearer(TokenFor({"admin"}, absl::Hours(1), "some-other-key"))},
      {"expired token", Bearer(TokenFor({"admin"}, -absl::Minutes(5)))},  // beyond the 60 s skew
      {"alg none", Bearer(AlgNoneToken())},
      {"not a Bearer token", "Basic " + TokenFor({"admin"})},
  };
}

struct Running {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
  std::shared_ptr<grpc::Channel> channel;
};

class AuthMatrixTest : public testing::PgTest, public ::testing::WithParamInterface<std::string> {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    running_ = new std::map<std::string, Running>();
    const Certificates& certs = Certificates::Get();
    ASSERT_TRUE(certs.ok()) << "openssl failed; see " << certs.Path("openssl.log");
    const ChildProcess::Env secure = {{"MEDBRIEF_LISTEN", "127.0.0.1:0"},
                                      {"MEDBRIEF_DB_DSN", dsn()},
                                      {"MEDBRIEF_AUTH", "jwt"},
                                      {"MEDBRIEF_JWT_KEY", kKey},
                                      {"MEDBRIEF_TLS_CERT", certs.Path("server.pem")},
                                      {"MEDBRIEF_TLS_KEY", certs.Path("server.key")},
                                      {"MEDBRIEF_TLS_CA", certs.Path("ca.pem")}};
    // Upstreams first, so that citation and answer reach the real ones.
    Start("content", MEDBRIEF_CONTENT_BIN, secure);
    Start("review", MEDBRIEF_REVIEW_BIN, secure);
    ChildProcess::Env citation = secure;
    citation.push_back({"MEDBRIEF_CONTENT_ADDR", Address("content")});
    citation.push_back({"MEDBRIEF_REVIEW_ADDR", Address("review")});
    Start("citation", MEDBRIEF_CITATION_BIN, citation);
    ChildProcess::Env answer = citation;
    answer.push_back({"MEDBRIEF_CITATION_ADDR", Address("citation")});
    Start("answer", MEDBRIEF_ANSWER_BIN, answer);
    Seed();
  }

  static void TearDownTestSuite() {
    for (auto& [name, server] : *running_) {
      if (server.process == nullptr) continue;
      server.process->Signal(SIGTERM);
      auto code = server.process->Wait(absl::Seconds(15));
      EXPECT_TRUE(code.ok() && *code == 0) << name << " did not stop cleanly:\n" << server.process->Stderr();
    }
    delete running_;
    running_ = nullptr;
    PgTest::TearDownTestSuite();
  }

  static std::string Address(const std::string& name) { return absl::StrCat("127.0.0.1:", (*running_)[name].port); }

  static void Start(const std::string& name, const std::string& path, const ChildProcess::Env& env) {
    auto child = ChildProcess::Spawn(path, {}, env);
    ASSERT_TRUE(child.ok()) << child.status();
    Running& server = (*running_)[name];
    server.process = *std::move(child);
    auto line = server.process->WaitForLine(
        [](absl::string_view l) { return absl::StrContains(l, R"("msg":"serving")"); }, absl::Seconds(60));
    ASSERT_TRUE(line.ok()) << name << ": " << line.status() << "\n" << server.process->Stderr();
    std::smatch match;
    ASSERT_TRUE(std::regex_search(*line, match, std::regex(R"("port":(\d+))"))) << *line;
    server.port = std::stoi(match[1]);
    const Certificates& certs = Certificates::Get();
    grpc::SslCredentialsOptions mutual;
    mutual.pem_root_certs = certs.Read("ca.pem");
    mutual.pem_private_key = certs.Read("client.key");
    mutual.pem_cert_chain = certs.Read("client.pem");
    server.channel = grpc::CreateChannel(Address(name), grpc::SslCredentials(mutual));
  }

  // One source and one article, so that the Watch… streams have an event to
  // send at once: an allowed watcher gets a message, not a deadline.
  static void Seed() {
    {
      grpc::ClientContext ctx;
      ctx.AddMetadata("authorization", Bearer(TokenFor({"admin"})));
      content::v1::CreateSourceRequest request;
      content::v1::Source* source = request.mutable_source();
      source->set_external_id("matrix-1");
      source->set_kind(content::v1::RESEARCH);
      source->set_title("A study to watch");
      auto* section = source->add_sections();
      section->set_heading("Abstract");
      section->set_text("Octreotide 30 mg every 4 weeks.");
      content::v1::Source created;
      const grpc::Status status =
          content::v1::ContentService::NewStub((*running_)["content"].channel)->CreateSource(&ctx, request, &created);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    {
      grpc::ClientContext ctx;
      ctx.AddMetadata("authorization", Bearer(TokenFor({"author"})));
      review::v1::SubmitArticleRequest request;
      request.set_answer_id("matrix-answer-1");
      request.set_question("What is the first-line treatment?");
      request.set_author("matrix-user");
      review::v1::Article article;
      const grpc::Status status =
          review::v1::ReviewService::NewStub((*running_)["review"].channel)->SubmitArticle(&ctx, request, &article);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
  }

  static std::shared_ptr<grpc::Channel> ChannelFor(const std::string& name) { return (*running_)[name].channel; }

  static std::string NextRequestId() {
    static int next = 0;
    return absl::StrCat("matrix-", ++next);
  }

  static inline std::map<std::string, Running>* running_ = nullptr;
};

TEST_P(AuthMatrixTest, TheTableNamesEveryRpcOfTheContract) {
  const std::string prefix = absl::StrCat("medbrief.", GetParam(), ".v1.");
  std::set<std::string> in_proto, in_table;
  for (const MethodDescriptor* method : MethodsOf(GetParam())) in_proto.insert(Key(*method));
  for (const auto& [key, roles] : ExpectedAllowed()) {
    if (absl::StartsWith(key, prefix)) in_table.insert(key);
  }
  EXPECT_FALSE(in_proto.empty()) << "no service found in package " << prefix;
  // A new RPC fails here until someone decides who may call it.
  EXPECT_EQ(in_proto, in_table);
}

TEST_P(AuthMatrixTest, MissingOrBadTokensAreUnauthenticated) {
  ASSERT_NE(ChannelFor(GetParam()), nullptr);
  std::vector<std::string> wrong;
  int calls = 0;
  for (const MethodDescriptor* method : MethodsOf(GetParam())) {
    for (const auto& [what, authorization] : BadCredentials()) {
      const Outcome outcome = Call(ChannelFor(GetParam()), *method, authorization, NextRequestId());
      ++calls;
      if (!RefusedWith(outcome, grpc::StatusCode::UNAUTHENTICATED)) {
        wrong.push_back(absl::StrCat(Key(*method), " with ", what, ": ", Describe(outcome)));
      }
    }
  }
  EXPECT_GT(calls, 0);
  EXPECT_THAT(wrong, ::testing::IsEmpty()) << absl::StrJoin(wrong, "\n");
}

TEST_P(AuthMatrixTest, EachRoleIsAllowedOrDeniedAsTheTableSays) {
  ASSERT_NE(ChannelFor(GetParam()), nullptr);
  std::vector<std::string> wrong;
  int calls = 0;
  for (const MethodDescriptor* method : MethodsOf(GetParam())) {
    const std::set<std::string> allowed = AllowedRoles(Key(*method));
    for (const std::string& role : kRoles) {
      const Outcome outcome = Call(ChannelFor(GetParam()), *method, Bearer(TokenFor({role})), NextRequestId());
      ++calls;
      const bool ok = allowed.count(role) > 0
                          ? ReachedTheService(outcome)
                          : RefusedWith(outcome, grpc::StatusCode::PERMISSION_DENIED);
      if (!ok) {
        wrong.push_back(absl::StrCat(Key(*method), " as ", role, " (", allowed.count(role) ? "allowed" : "denied",
                                     " by the table): ", Describe(outcome)));
      }
    }
  }
  EXPECT_GT(calls, 0);
  EXPECT_THAT(wrong, ::testing::IsEmpty()) << absl::StrJoin(wrong, "\n");
}

// The whole pipeline under jwt and mutual TLS: answer calls content,
// citation and review with its service token, and passes the end user on,
// so review records the reader who asked as the answer's author.
TEST_P(AuthMatrixTest, AnswerPassesTheEndUserOnToReview) {
  if (GetParam() != "answer") GTEST_SKIP() << "answer only";
  const absl::Time now = absl::Now();
  grpc::ClientContext ask_ctx;
  ask_ctx.AddMetadata("authorization",
                      Bearer(auth::MintHs256(auth::Principal{"dr-ana", {"reader"}, now + absl::Hours(1)}, kKey, now)));
  ask_ctx.set_deadline(absl::ToChronoTime(now + absl::Seconds(20)));
  answer::v1::AskRequest ask;
  ask.set_question("How often is octreotide given?");
  ask.set_audience(answer::v1::CLINICIAN);
  answer::v1::Answer answer;
  const grpc::Status status = answer::v1::AnswerService::NewStub(ChannelFor("answer"))->Ask(&ask_ctx, ask, &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(answer.degraded_reasons(), ::testing::IsEmpty());
  EXPECT_GT(answer.citations_size(), 0);  // citation reached content with its token

  grpc::ClientContext get_ctx;
  get_ctx.AddMetadata("authorization", Bearer(TokenFor({"admin"})));
  review::v1::GetArticleByAnswerRequest get;
  get.set_answer_id(answer.id());
  review::v1::Article article;
  ASSERT_TRUE(
      review::v1::ReviewService::NewStub(ChannelFor("review"))->GetArticleByAnswer(&get_ctx, get, &article).ok());
  EXPECT_EQ(article.author(), "dr-ana") << article.ShortDebugString() << "\n" << answer.id();
}

INSTANTIATE_TEST_SUITE_P(Services, AuthMatrixTest, ::testing::Values("content", "citation", "review", "answer"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// The table read against the issue's rules, so that the table itself is
// checked by a second reading.
TEST(AuthMatrixTableTest, AgreesWithTheRulesOfTheIssue) {
  const std::set<std::string> admin_only = {"medbrief.content.v1.ContentService/CreateSource",
                                            "medbrief.content.v1.ContentService/ImportSources",
                                            "medbrief.content.v1.ContentService/UpdateSourceStatus",
                                            "medbrief.review.v1.ReviewService/CreateReviewer"};
  const std::set<std::string> review_decisions = {
      "medbrief.review.v1.ReviewService/ClaimReview", "medbrief.review.v1.ReviewService/AddComment",
      "medbrief.review.v1.ReviewService/Decide", "medbrief.review.v1.ReviewService/RetractArticle"};
  // The calls DESIGN.md's arrows make, which carry the service role.
  const std::set<std::string> service_calls = {
      "medbrief.content.v1.ContentService/Search",          "medbrief.content.v1.ContentService/GetPassage",
      "medbrief.content.v1.ContentService/GetSource",       "medbrief.content.v1.ContentService/WatchSourceEvents",
      "medbrief.citation.v1.CitationService/RegisterCitations", "medbrief.review.v1.ReviewService/SubmitArticle",
      "medbrief.review.v1.ReviewService/GetArticle",        "medbrief.review.v1.ReviewService/GetArticleByAnswer",
      "medbrief.review.v1.ReviewService/ReopenArticle"};
  // Answer-assembly resubmits an answer it regenerated, for its author.
  const std::set<std::string> resubmits = {"medbrief.review.v1.ReviewService/ResubmitArticle"};
  const std::regex read(R"(/(Get\w+|List\w+|Search|Watch\w+|Ask|AskStream|CheckSupport|FormatReference)$)");
  for (const auto& [method, text] : ExpectedAllowed()) {
    const std::set<std::string> roles = AllowedRoles(method);
    EXPECT_TRUE(roles.count("admin")) << method << ": admin may do everything";
    for (const std::string& role : roles) {
      EXPECT_NE(std::find(kRoles.begin(), kRoles.end(), role), kRoles.end()) << method << ": unknown role " << role;
    }
    const bool is_read = std::regex_search(method, read);
    EXPECT_EQ(roles.count("reader") > 0, is_read) << method << ": reader is for Ask and reads only";
    if (admin_only.count(method)) {
      EXPECT_EQ(roles, std::set<std::string>{"admin"}) << method;
    }
    if (review_decisions.count(method)) {
      EXPECT_EQ(roles, (std::set<std::string>{"reviewer", "admin"})) << method << ": a review decision";
    }
    if (service_calls.count(method)) {
      EXPECT_TRUE(roles.count("service")) << method << ": a service-to-service call";
    }
    if (!is_read && !service_calls.count(method) && !resubmits.count(method)) {
      // Mutations no service makes stay out of the service role's reach.
      EXPECT_FALSE(roles.count("service")) << method << ": the service role on a call no medbrief service makes";
    }
  }
}

}  // namespace
}  // namespace medbrief
