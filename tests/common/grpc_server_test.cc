// The server runner against real gRPC clients on loopback: health statuses,
// reflection, request ids, UNIMPLEMENTED messages, and shutdown.

#include "common/grpc/server.h"

#include <thread>

#include "common/grpc/call_log.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "medbrief/content/v1/content.grpc.pb.h"

namespace medbrief::grpcutil {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

constexpr char kContent[] = "medbrief.content.v1.ContentService";

// GetSource takes as many milliseconds as the id says (or until cancelled):
// an in-flight call for the shutdown tests. Every other RPC is unimplemented.
class SlowContent final : public content::v1::ContentService::Service {
 public:
  grpc::Status GetSource(grpc::ServerContext* ctx, const content::v1::GetSourceRequest* request,
                         content::v1::Source* source) override {
    if (request->id() == "s1") return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "");
    const absl::Time until = absl::Now() + absl::Milliseconds(std::stoi(request->id()));
    while (absl::Now() < until) {
      if (ctx->IsCancelled()) return grpc::Status::CANCELLED;
      absl::SleepFor(absl::Milliseconds(10));
    }
    source->set_id(request->id());
    return grpc::Status::OK;
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.services = {&content_};
    options.health_names = {kContent};
    auto server = Server::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials());
  }

  grpc::Status Check(const std::string& service, HealthCheckResponse* response) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckRequest request;
    request.set_service(service);
    return Health::NewStub(channel_)->Check(&ctx, request, response);
  }

  grpc::Status SlowCall(int millis) {
    grpc::ClientContext ctx;
    content::v1::GetSourceRequest request;
    request.set_id(std::to_string(millis));
    content::v1::Source source;
    return content::v1::ContentService::NewStub(channel_)->GetSource(&ctx, request, &source);
  }

  SlowContent content_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ServerTest, HealthStartsNotServingAndFollowsSetServing) {
  HealthCheckResponse response;
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  server_->health().SetServing(true);
  ASSERT_TRUE(Check("", &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Check(kContent, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check("no.such.Service", &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ServerTest, UnimplementedRpcSaysSo) {
  grpc::ClientContext ctx;
  content::v1::Source source;
  content::v1::GetSourceRequest request;
  request.set_id("s1");
  const grpc::Status status = content::v1::ContentService::NewStub(channel_)->GetSource(&ctx, request, &source);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_THAT(status.error_message(), HasSubstr("/medbrief.content.v1.ContentService/GetSource is not implemented"));
}

TEST_F(ServerTest, RequestIdIsEchoedOrCreated) {
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata(kRequestIdHeader, "req-123");
    HealthCheckResponse response;
    ASSERT_TRUE(Health::NewStub(channel_)->Check(&ctx, HealthCheckRequest(), &response).ok());
    auto it = ctx.GetServerInitialMetadata().find(kRequestIdHeader);
    ASSERT_NE(it, ctx.GetServerInitialMetadata().end());
    EXPECT_EQ(std::string(it->second.data(), it->second.size()), "req-123");
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata(kRequestIdHeader, std::string(200, 'x'));  // too long: replaced
    HealthCheckResponse response;
    ASSERT_TRUE(Health::NewStub(channel_)->Check(&ctx, HealthCheckRequest(), &response).ok());
    auto it = ctx.GetServerInitialMetadata().find(kRequestIdHeader);
    ASSERT_NE(it, ctx.GetServerInitialMetadata().end());
    EXPECT_EQ(it->second.size(), 24u);
  }
}

// Lists services through grpc.reflection.v1alpha with a hand-encoded request
// (list_services = field 7), since Debian ships no reflection client.
std::string ReflectionListServices(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto call = stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  const auto step = [&](int tag) {
    void* got = nullptr;
    bool ok = false;
    return cq.Next(&got, &ok) && got == reinterpret_cast<void*>(tag) && ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  if (!step(1)) return "start failed";
  const char request_bytes[] = {0x3a, 0x00};
  grpc::Slice slice(request_bytes, sizeof request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  if (!step(2)) return "write failed";
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  if (!step(3)) return "read failed";
  call->WritesDone(reinterpret_cast<void*>(4));
  step(4);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  cq.Shutdown();
  void* ignored;
  bool ok;
  while (cq.Next(&ignored, &ok)) {
  }
  std::vector<grpc::Slice> slices;
  (void)response.Dump(&slices);
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return bytes;
}

TEST_F(ServerTest, ReflectionListsTheServices) {
  const std::string listed = ReflectionListServices(channel_);
  EXPECT_THAT(listed, HasSubstr(kContent));
  EXPECT_THAT(listed, HasSubstr("grpc.health.v1.Health"));
}

TEST_F(ServerTest, ShutdownTellsWatchersAndEndsTheirStreams) {
  server_->health().SetServing(true);
  grpc::ClientContext ctx;
  HealthCheckRequest request;
  auto reader = Health::NewStub(channel_)->Watch(&ctx, request);
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  const absl::Time start = absl::Now();
  std::thread stopper([&] { server_->Shutdown(absl::Seconds(10)); });
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(reader->Read(&response));
  stopper.join();
  // The open Watch stream ended by itself: shutdown did not wait out the grace.
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(ServerTest, InFlightCallsFinishDuringGrace) {
  grpc::Status result;
  std::thread call([&] { result = SlowCall(600); });
  absl::SleepFor(absl::Milliseconds(150));  // the call is in flight
  const absl::Time start = absl::Now();
  server_->Shutdown(absl::Seconds(10));
  call.join();
  EXPECT_TRUE(result.ok()) << result.error_message();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));  // returned when the call ended, not at the grace
  HealthCheckResponse response;
  EXPECT_EQ(Check("", &response).error_code(), grpc::StatusCode::UNAVAILABLE);  // no new calls
}

TEST_F(ServerTest, CallsOutlivingTheGraceAreCancelled) {
  grpc::Status result;
  std::thread call([&] { result = SlowCall(20000); });
  absl::SleepFor(absl::Milliseconds(150));
  const absl::Time start = absl::Now();
  server_->Shutdown(absl::Milliseconds(300));
  call.join();
  EXPECT_FALSE(result.ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

// A callback method beside synchronous ones makes gRPC treat the server as
// "hybrid" (Server::Start keeps its sockets polled by a thread of its own).
class HybridContent final
    : public content::v1::ContentService::WithCallbackMethod_Search<content::v1::ContentService::Service> {
 public:
  grpc::ServerUnaryReactor* Search(grpc::CallbackServerContext* ctx, const content::v1::SearchRequest* request,
                                   content::v1::SearchResponse* response) override {
    response->add_hits()->set_source_id(request->query());
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  grpc::Status GetSource(grpc::ServerContext*, const content::v1::GetSourceRequest* request,
                         content::v1::Source* source) override {
    source->set_id(request->id());
    return grpc::Status::OK;
  }
};

TEST(ServerStartTest, AServerWithCallbackMethodsServesBothKindsAndStops) {
  HybridContent hybrid;
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.services = {&hybrid};
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = content::v1::ContentService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()), grpc::InsecureChannelCredentials()));
  // Twice, the second after the callback queue's threads have idled past
  // their one-second wait.
  for (int round = 0; round < 2; ++round) {
    if (round == 1) absl::SleepFor(absl::Milliseconds(1200));
    grpc::ClientContext search_ctx, get_ctx;
    content::v1::SearchRequest search;
    search.set_query("q");
    content::v1::SearchResponse found;
    ASSERT_TRUE(stub->Search(&search_ctx, search, &found).ok());
    EXPECT_EQ(found.hits(0).source_id(), "q");
    content::v1::GetSourceRequest get;
    get.set_id("s");
    content::v1::Source source;
    ASSERT_TRUE(stub->GetSource(&get_ctx, get, &source).ok());
    EXPECT_EQ(source.id(), "s");
  }
  (*server)->Shutdown(absl::Seconds(1));
  server->reset();
  // Failing to listen, with the extra queue already made: a clear error, no hang.
  options.listen = "203.0.113.7:0";
  EXPECT_EQ(Server::Start(options).status().code(), absl::StatusCode::kUnavailable);
}

TEST(ServerStartTest, BadListenAddressIsAClearError) {
  ServerOptions options;
  options.listen = "no-port";
  EXPECT_EQ(Server::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.listen = "203.0.113.7:0";  // not an address of this host
  EXPECT_EQ(Server::Start(options).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace medbrief::grpcutil
