// medbrief-content as a running binary against the PostgreSQL harness:
// WatchSourceEvents resumes after a restart and keeps streaming, replicas
// sharing a database see each other's writes in search, and bad input over
// the wire gets INVALID_ARGUMENT naming the field.

#include <signal.h>

#include <pqxx/pqxx>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "tests/harness/pg_cluster.h"
#include "tests/harness/process.h"

namespace medbrief::content {
namespace {

using testing::ChildProcess;
using ::testing::HasSubstr;

// A running medbrief-content and a stub to it.
struct Server {
  std::unique_ptr<ChildProcess> process;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::ContentService::Stub> stub;
};

class ContentGrpcTest : public testing::PgTest {
 protected:
  static Server Start() {
    Server server;
    auto child = ChildProcess::Spawn(MEDBRIEF_CONTENT_BIN, {},
                                     {{"MEDBRIEF_LISTEN", "127.0.0.1:0"}, {"MEDBRIEF_DB_DSN", dsn()}, {"MEDBRIEF_AUTH", "off"}});
    EXPECT_TRUE(child.ok()) << child.status();
    server.process = *std::move(child);
    auto line = server.process->WaitForLine(
        [](absl::string_view l) { return absl::StrContains(l, R"("msg":"serving")"); }, absl::Seconds(30));
    EXPECT_TRUE(line.ok()) << line.status();
    std::smatch match;
    const std::string text = line.ok() ? *line : "";
    EXPECT_TRUE(std::regex_search(text, match, std::regex(R"("port":(\d+))")));
    server.channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", match[1].str()), grpc::InsecureChannelCredentials());
    server.stub = v1::ContentService::NewStub(server.channel);
    return server;
  }

  static v1::Source Create(v1::ContentService::Stub& stub, const std::string& external_id, const std::string& text) {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest request;
    auto* s = request.mutable_source();
    s->set_external_id(external_id);
    s->set_kind(v1::RESEARCH);
    s->set_title("Study " + external_id);
    auto* section = s->add_sections();
    section->set_heading("Abstract");
    section->set_text(text);
    v1::Source source;
    const grpc::Status status = stub.CreateSource(&ctx, request, &source);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return source;
  }
};

TEST_F(ContentGrpcTest, WatchResumesAfterARestartAndKeepsStreaming) {
  Server first = Start();
  for (int i = 0; i < 3; ++i) Create(*first.stub, absl::StrCat("w:", i), "Imaging every 3 to 6 months.");
  int64_t last = 0;
  {
    grpc::ClientContext ctx;
    v1::WatchSourceEventsRequest request;
    auto reader = first.stub->WatchSourceEvents(&ctx, request);
    v1::SourceEvent event;
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(reader->Read(&event));
      EXPECT_EQ(event.type(), v1::SourceEvent::CREATED);
      last = event.sequence();
    }
    ctx.TryCancel();
  }
  first.process->Signal(SIGTERM);
  ASSERT_EQ(*first.process->Wait(absl::Seconds(10)), 0);

  Server second = Start();
  grpc::ClientContext ctx;
  v1::WatchSourceEventsRequest request;
  request.set_after_sequence(last);
  auto reader = second.stub->WatchSourceEvents(&ctx, request);
  v1::SourceEvent event;
  ASSERT_TRUE(reader->Read(&event));  // the third, written before the restart
  EXPECT_GT(event.sequence(), last);
  EXPECT_EQ(event.source_id(), Create(*second.stub, "w:2", "Imaging every 3 to 6 months.").id());  // unchanged
  // A new write while the stream is open arrives on it.
  const v1::Source live = Create(*second.stub, "w:live", "Chromogranin A at each visit.");
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.source_id(), live.id());
  EXPECT_EQ(event.type(), v1::SourceEvent::CREATED);
  ctx.TryCancel();
}

TEST_F(ContentGrpcTest, ReplicasSeeEachOthersWrites) {
  Server a = Start();
  Server b = Start();
  const v1::Source source = Create(*a.stub, "r:1", "Radiofrequency ablation of liver metastases.");
  v1::SearchRequest request;
  request.set_query("radiofrequency ablation");
  bool found = false;
  for (int attempt = 0; attempt < 50 && !found; ++attempt) {
    grpc::ClientContext ctx;
    v1::SearchResponse response;
    ASSERT_TRUE(b.stub->Search(&ctx, request, &response).ok());
    for (const auto& hit : response.hits()) found |= hit.source_id() == source.id();
    if (!found) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(found) << "replica b never indexed a's write";
}

TEST_F(ContentGrpcTest, BadInputIsInvalidArgumentNamingTheField) {
  Server server = Start();
  const auto search = [&](const v1::SearchRequest& request) {
    grpc::ClientContext ctx;
    v1::SearchResponse response;
    return server.stub->Search(&ctx, request, &response);
  };
  v1::SearchRequest request;
  grpc::Status status = search(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("query"));
  request.set_query("liver");
  request.set_top_k(1000);
  EXPECT_THAT(search(request).error_message(), HasSubstr("top_k"));

  // Invalid UTF-8 in a string field, sent as raw bytes: the server must not
  // answer INTERNAL.
  grpc::GenericStub generic(server.channel);
  grpc::ClientContext ctx;
  const char bytes[] = {0x0a, 0x03, 'a', static_cast<char>(0xff), 'b'};  // field 1 (query) = "a\xffb"
  grpc::Slice slice(bytes, sizeof bytes);
  grpc::ByteBuffer in(&slice, 1), out;
  absl::Notification done;
  grpc::Status raw;
  generic.UnaryCall(&ctx, "/medbrief.content.v1.ContentService/Search", grpc::StubOptions(), &in, &out,
                    [&](grpc::Status s) {
                      raw = std::move(s);
                      done.Notify();
                    });
  done.WaitForNotification();
  EXPECT_EQ(raw.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << raw.error_message();
  EXPECT_NE(raw.error_code(), grpc::StatusCode::OK);

  grpc::ClientContext get_ctx;
  v1::GetSourceRequest get;
  get.set_id("src_missing");
  v1::Source source;
  EXPECT_EQ(server.stub->GetSource(&get_ctx, get, &source).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ContentGrpcTest, ImportSourcesStreamsManyMessagesIntoOneSummary) {
  Server server = Start();
  grpc::ClientContext ctx;
  v1::ImportSummary summary;
  auto writer = server.stub->ImportSources(&ctx, &summary);
  for (int m = 0; m < 3; ++m) {
    v1::ImportSourcesRequest request;
    if (m == 0) request.set_format(v1::JSONL);
    for (int i = 0; i < 4; ++i) {
      absl::StrAppend(request.mutable_payload(), R"({"_id":"t:many)", m, "-", i,
                      R"(","title":"Lanreotide study","text":"Lanreotide 120 mg every 28 days."})",
                      "\n");
    }
    if (m == 2) absl::StrAppend(request.mutable_payload(), "{not json\n");
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.created(), 12) << summary.DebugString();
  EXPECT_EQ(summary.failed(), 1);
  ASSERT_EQ(summary.errors_size(), 1);
  EXPECT_THAT(summary.errors(0).item(), HasSubstr("13")) << summary.DebugString();  // the line number
}

TEST_F(ContentGrpcTest, AnUnparseableImportMessageFailsTheStream) {
  Server server = Start();
  // A valid first message, then bytes that are no ImportSourcesRequest: the
  // stream must not end OK with a partial summary.
  v1::ImportSourcesRequest first;
  first.set_format(v1::JSONL);
  first.set_payload(R"({"_id":"t:stream1","title":"T","text":"Octreotide 30 mg."})" "\n");
  std::string first_bytes;
  ASSERT_TRUE(first.SerializeToString(&first_bytes));
  const char garbage[] = {0x12, 0x7f, 'x'};  // field 2 claims 127 bytes, has 1

  grpc::GenericStub generic(server.channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  auto call = generic.PrepareCall(&ctx, "/medbrief.content.v1.ContentService/ImportSources", &cq);
  const auto await = [&](int tag) {
    void* got = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&got, &ok));
    EXPECT_EQ(got, reinterpret_cast<void*>(static_cast<intptr_t>(tag)));
    return ok;
  };
  const auto tag = [](int t) { return reinterpret_cast<void*>(static_cast<intptr_t>(t)); };
  call->StartCall(tag(1));
  ASSERT_TRUE(await(1));
  grpc::Slice s1(first_bytes.data(), first_bytes.size());
  grpc::ByteBuffer b1(&s1, 1);
  call->Write(b1, tag(2));
  await(2);
  grpc::Slice s2(garbage, sizeof garbage);
  grpc::ByteBuffer b2(&s2, 1);
  call->Write(b2, tag(3));
  await(3);
  call->WritesDone(tag(4));
  await(4);
  grpc::ByteBuffer response;
  call->Read(&response, tag(5));
  await(5);
  grpc::Status status;
  call->Finish(&status, tag(6));
  await(6);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("message 2"));
  cq.Shutdown();
  void* ignored;
  bool ok;
  while (cq.Next(&ignored, &ok)) {
  }
  // The failed stream left nothing behind: its first source was not written.
  grpc::ClientContext list_ctx;
  v1::ListSourcesRequest list;
  list.set_page_size(100);
  v1::ListSourcesResponse listed;
  ASSERT_TRUE(server.stub->ListSources(&list_ctx, list, &listed).ok());
  for (const v1::Source& s : listed.sources()) EXPECT_NE(s.external_id(), "t:stream1");
}

}  // namespace
}  // namespace medbrief::content
