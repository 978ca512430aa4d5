// medbrief-review as a running binary against the PostgreSQL harness: the
// workflow over the wire with its status codes, the policy flags, the caller
// recorded as the actor of a reopen, WatchArticles resuming after a restart
// and streaming live events (passing over the actions a watcher skips), and
// bad bytes getting INVALID_ARGUMENT.

#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tests/harness/pg_cluster.h"
#include "tests/harness/process.h"

namespace medbrief::review {
namespace {

using ::testing::HasSubstr;
using testing::ChildProcess;
using v1::AuditEvent;

// A running medbrief-review and a stub to it.
struct Server {
  std::unique_ptr<ChildProcess> process;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::ReviewService::Stub> stub;
};

class ReviewGrpcTest : public testing::PgTest {
 protected:
  static Server Start(const ChildProcess::Env& extra = {}) {
    Server server;
    ChildProcess::Env env = {{"MEDBRIEF_LISTEN", "127.0.0.1:0"}, {"MEDBRIEF_DB_DSN", dsn()}, {"MEDBRIEF_AUTH", "off"}};
    env.insert(env.end(), extra.begin(), extra.end());
    auto child = ChildProcess::Spawn(MEDBRIEF_REVIEW_BIN, {}, env);
    EXPECT_TRUE(child.ok()) << child.status();
    server.process = *std::move(child);
    auto line = server.process->WaitForLine(
        [](absl::string_view l) { return absl::StrContains(l, R"("msg":"serving")"); }, absl::Seconds(30));
    EXPECT_TRUE(line.ok()) << line.status() << server.process->Stderr();
    std::smatch match;
    const std::string text = line.ok() ? *line : "";
    EXPECT_TRUE(std::regex_search(text, match, std::regex(R"("port":(\d+))")));
    server.channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", match[1].str()), grpc::InsecureChannelCredentials());
    server.stub = v1::ReviewService::NewStub(server.channel);
    return server;
  }

  static std::string NewReviewer(v1::ReviewService::Stub& stub, const std::string& name, bool board) {
    grpc::ClientContext ctx;
    v1::CreateReviewerRequest request;
    request.mutable_reviewer()->set_display_name(name);
    request.mutable_reviewer()->set_board_member(board);
    v1::Reviewer reviewer;
    const grpc::Status status = stub.CreateReviewer(&ctx, request, &reviewer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(reviewer.display_name(), name);
    return reviewer.id();
  }

  static v1::Article Submit(v1::ReviewService::Stub& stub, const std::string& answer_id, const std::string& author) {
    grpc::ClientContext ctx;
    v1::SubmitArticleRequest request;
    request.set_answer_id(answer_id);
    request.set_question("What is the first-line treatment?");
    request.set_author(author);
    v1::Article article;
    const grpc::Status status = stub.SubmitArticle(&ctx, request, &article);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return article;
  }

  static grpc::Status Claim(v1::ReviewService::Stub& stub, v1::Article& article, const std::string& reviewer) {
    grpc::ClientContext ctx;
    v1::ClaimReviewRequest request;
    request.set_article_id(article.id());
    request.set_reviewer_id(reviewer);
    request.set_etag(article.etag());
    return stub.ClaimReview(&ctx, request, &article);
  }

  static grpc::Status Decide(v1::ReviewService::Stub& stub, v1::Article& article, const std::string& reviewer,
                             v1::Decision decision, const std::string& etag = "") {
    grpc::ClientContext ctx;
    v1::DecideRequest request;
    request.set_article_id(article.id());
    request.set_reviewer_id(reviewer);
    request.set_decision(decision);
    request.set_note("reviewed");
    request.set_etag(etag.empty() ? article.etag() : etag);
    v1::Article out;
    const grpc::Status status = stub.Decide(&ctx, request, &out);
    if (status.ok()) article = out;
    return status;
  }

  // An article submitted for `answer_id`, then claimed and approved by
  // `reviewer`.
  static v1::Article Approved(v1::ReviewService::Stub& stub, const std::string& answer_id,
                              const std::string& reviewer) {
    v1::Article article = Submit(stub, answer_id, "medbrief-answer");
    EXPECT_TRUE(Claim(stub, article, reviewer).ok());
    EXPECT_TRUE(Decide(stub, article, reviewer, v1::APPROVE).ok());
    return article;
  }

  static grpc::Status Reopen(v1::ReviewService::Stub& stub, v1::Article& article, const std::string& reason) {
    grpc::ClientContext ctx;
    v1::ReopenArticleRequest request;
    request.set_article_id(article.id());
    request.set_reason(reason);
    return stub.ReopenArticle(&ctx, request, &article);
  }

  // The article's audit log (its first page).
  static std::vector<v1::AuditEvent> AuditLog(v1::ReviewService::Stub& stub, const std::string& article_id) {
    grpc::ClientContext ctx;
    v1::ListAuditEventsRequest request;
    request.set_article_id(article_id);
    v1::ListAuditEventsResponse response;
    const grpc::Status status = stub.ListAuditEvents(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  // A unary call with hand-made request bytes.
  static grpc::Status RawCall(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                              const std::string& bytes) {
    grpc::GenericStub generic(channel);
    grpc::ClientContext ctx;
    grpc::Slice slice(bytes.data(), bytes.size());
    grpc::ByteBuffer in(&slice, 1), out;
    absl::Notification done;
    grpc::Status result;
    generic.UnaryCall(&ctx, "/medbrief.review.v1.ReviewService/" + method, grpc::StubOptions(), &in, &out,
                      [&](grpc::Status s) {
                        result = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    return result;
  }
};

TEST_F(ReviewGrpcTest, TheWorkflowOverTheWireWithItsStatusCodes) {
  Server server = Start({{"MEDBRIEF_REVIEW_REQUIRED_APPROVALS", "2"}});
  v1::ReviewService::Stub& stub = *server.stub;
  const std::string ana = NewReviewer(stub, "Dr. Ana Ruiz", true);
  const std::string ben = NewReviewer(stub, "Dr. Ben Okafor", true);
  const std::string guest = NewReviewer(stub, "Guest reader", false);

  v1::Article article = Submit(stub, "wire-1", ana);  // written by a board member
  EXPECT_EQ(article.status(), v1::SUBMITTED);
  EXPECT_EQ(article.required_approvals(), 2);  // from the flag

  // Deciding before claiming: FAILED_PRECONDITION naming the status and the action.
  grpc::Status status = Decide(stub, article, ben, v1::APPROVE);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("SUBMITTED"));
  EXPECT_THAT(status.error_message(), HasSubstr("APPROVE"));

  const std::string submitted_etag = article.etag();
  ASSERT_TRUE(Claim(stub, article, ana).ok());
  ASSERT_TRUE(Claim(stub, article, ben).ok());
  ASSERT_TRUE(Claim(stub, article, guest).ok());
  EXPECT_EQ(article.status(), v1::UNDER_REVIEW);
  EXPECT_THAT(article.reviewer_ids(), ::testing::ElementsAre(ana, ben, guest));

  // A stale etag is ABORTED.
  EXPECT_EQ(Decide(stub, article, ben, v1::APPROVE, submitted_etag).error_code(), grpc::StatusCode::ABORTED);
  // The author may not approve; nor may a non-member.
  EXPECT_EQ(Decide(stub, article, ana, v1::APPROVE).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Decide(stub, article, guest, v1::APPROVE).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // One approval of two: still under review.
  ASSERT_TRUE(Decide(stub, article, ben, v1::APPROVE).ok());
  EXPECT_EQ(article.status(), v1::UNDER_REVIEW);
  EXPECT_EQ(Decide(stub, article, ben, v1::APPROVE).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Decide(stub, article, guest, v1::REQUEST_CHANGES).ok());
  EXPECT_EQ(article.status(), v1::CHANGES_REQUESTED);

  {
    grpc::ClientContext ctx;
    v1::ResubmitArticleRequest request;
    request.set_article_id(article.id());
    request.set_etag(article.etag());
    ASSERT_TRUE(stub.ResubmitArticle(&ctx, request, &article).ok());
    EXPECT_EQ(article.status(), v1::SUBMITTED);
    EXPECT_TRUE(article.approvals().empty());
  }
  {
    // The citation service re-opens it, naming itself.
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-medbrief-caller", "medbrief-citation");
    v1::ReopenArticleRequest request;
    request.set_article_id(article.id());
    request.set_reason("cited source src_1 was retracted");
    ASSERT_TRUE(stub.ReopenArticle(&ctx, request, &article).ok());
    EXPECT_EQ(article.reopen_reason(), "cited source src_1 was retracted");
  }
  {
    grpc::ClientContext ctx;
    v1::ListAuditEventsRequest request;
    request.set_article_id(article.id());
    v1::ListAuditEventsResponse response;
    ASSERT_TRUE(stub.ListAuditEvents(&ctx, request, &response).ok());
    std::vector<std::string> actions;
    for (const auto& e : response.events()) actions.push_back(AuditEvent::Action_Name(e.action()));
    EXPECT_THAT(actions, ::testing::ElementsAre("SUBMIT", "CLAIM", "CLAIM", "CLAIM", "APPROVE", "REQUEST_CHANGES",
                                                "RESUBMIT", "REOPEN"));
    EXPECT_EQ(response.events(6).actor(), ana);  // the author resubmits
    EXPECT_EQ(response.events(7).actor(), "medbrief-citation");
  }
  {
    grpc::ClientContext ctx;
    v1::ListArticlesRequest request;
    request.set_reviewer_id(guest);
    v1::ListArticlesResponse response;
    ASSERT_TRUE(stub.ListArticles(&ctx, request, &response).ok());
    ASSERT_EQ(response.articles_size(), 1);
    EXPECT_EQ(response.articles(0).id(), article.id());
  }
  {
    grpc::ClientContext ctx;
    v1::GetArticleRequest request;
    request.set_article_id("art_missing");
    v1::Article out;
    EXPECT_EQ(stub.GetArticle(&ctx, request, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext ctx;
    v1::AddCommentRequest request;
    request.set_article_id(article.id());
    request.set_reviewer_id(ben);
    v1::Comment out;
    status = stub.AddComment(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("text"));
  }
}

TEST_F(ReviewGrpcTest, BadBytesAndUnknownEnumsAreInvalidArgument) {
  Server server = Start();
  // SubmitArticleRequest.answer_id (field 1) = "a\xffb": not UTF-8.
  const std::string bad_utf8 = {0x0a, 0x03, 'a', static_cast<char>(0xff), 'b'};
  grpc::Status status = RawCall(server.channel, "SubmitArticle", bad_utf8);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();

  // DecideRequest{article_id: "x", reviewer_id: "y", decision: 99, etag: "r1"}.
  const std::string unknown_decision = {0x0a, 0x01, 'x', 0x12, 0x01, 'y', 0x18, 99, 0x2a, 0x02, 'r', '1'};
  status = RawCall(server.channel, "Decide", unknown_decision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("decision"));

  // An empty request names the first missing field, never INTERNAL.
  for (const char* method : {"CreateReviewer", "SubmitArticle", "ClaimReview", "AddComment", "ListComments",
                             "Decide", "ResubmitArticle", "ReopenArticle", "RetractArticle", "GetArticle",
                             "GetArticleByAnswer", "ListAuditEvents"}) {
    status = RawCall(server.channel, method, "");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method << ": " << status.error_message();
  }
  // ListArticles with no filter is a valid request.
  EXPECT_TRUE(RawCall(server.channel, "ListArticles", "").ok());

  grpc::ClientContext ctx;
  v1::WatchArticlesRequest watch;
  watch.set_after_sequence(-5);
  auto reader = server.stub->WatchArticles(&ctx, watch);
  v1::ArticleEvent event;
  EXPECT_FALSE(reader->Read(&event));
  status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("after_sequence"));
}

TEST_F(ReviewGrpcTest, WatchResumesAfterARestartAndKeepsStreaming) {
  Server first = Start();
  const std::string ana = NewReviewer(*first.stub, "ana", true);
  v1::Article article = Approved(*first.stub, "watch-1", ana);

  // Read the first two events (SUBMIT, CLAIM) of this article, then stop.
  int64_t last = 0;
  {
    grpc::ClientContext ctx;
    auto reader = first.stub->WatchArticles(&ctx, v1::WatchArticlesRequest());
    v1::ArticleEvent event;
    int seen = 0;
    while (seen < 2 && reader->Read(&event)) {
      if (event.article_id() != article.id()) continue;
      EXPECT_EQ(event.answer_id(), "watch-1");
      EXPECT_EQ(event.action(), seen == 0 ? AuditEvent::SUBMIT : AuditEvent::CLAIM);
      last = event.sequence();
      ++seen;
    }
    ASSERT_EQ(seen, 2);
    ctx.TryCancel();
  }
  first.process->Signal(SIGTERM);
  ASSERT_EQ(*first.process->Wait(absl::Seconds(10)), 0) << first.process->Stderr();

  Server second = Start();
  grpc::ClientContext ctx;
  v1::WatchArticlesRequest request;
  request.set_after_sequence(last);
  auto reader = second.stub->WatchArticles(&ctx, request);
  v1::ArticleEvent event;
  ASSERT_TRUE(reader->Read(&event));  // the approval, committed before the restart
  EXPECT_GT(event.sequence(), last);
  EXPECT_EQ(event.article_id(), article.id());
  EXPECT_EQ(event.action(), AuditEvent::APPROVE);
  EXPECT_EQ(event.status(), v1::APPROVED);
  const int64_t approved_sequence = event.sequence();

  // New changes while the stream is open arrive on it, in order, with the
  // audit log's numbers.
  ASSERT_TRUE(Reopen(*second.stub, article, "source superseded").ok());
  const v1::Article live = Submit(*second.stub, "watch-live", "medbrief-answer");
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.action(), AuditEvent::REOPEN);
  EXPECT_EQ(event.status(), v1::SUBMITTED);
  EXPECT_GT(event.sequence(), approved_sequence);
  const int64_t reopen_sequence = event.sequence();
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.article_id(), live.id());
  EXPECT_EQ(event.action(), AuditEvent::SUBMIT);
  EXPECT_GT(event.sequence(), reopen_sequence);
  ctx.TryCancel();

  const std::vector<v1::AuditEvent> audit = AuditLog(*second.stub, article.id());
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[3].sequence(), reopen_sequence);
  EXPECT_EQ(audit[3].actor(), "unidentified-caller");  // no x-medbrief-caller sent
}

TEST_F(ReviewGrpcTest, WatchPassesOverTheActionsToSkip) {
  Server server = Start();
  const std::string ana = NewReviewer(*server.stub, "ana", true);
  v1::Article first = Approved(*server.stub, "skip-1", ana);
  const std::vector<v1::AuditEvent> audit = AuditLog(*server.stub, first.id());
  ASSERT_EQ(audit.size(), 3u);

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchArticlesRequest request;
  request.set_after_sequence(audit[0].sequence() - 1);  // from this test's first event on
  request.add_skip_actions(AuditEvent::SUBMIT);
  request.add_skip_actions(AuditEvent::CLAIM);
  request.add_skip_actions(static_cast<AuditEvent::Action>(42));  // newer than the server: matches nothing
  auto reader = server.stub->WatchArticles(&ctx, request);
  v1::ArticleEvent event;
  ASSERT_TRUE(reader->Read(&event));  // SUBMIT and CLAIM passed over
  EXPECT_EQ(event.article_id(), first.id());
  EXPECT_EQ(event.action(), AuditEvent::APPROVE);

  // Live: new submissions are passed over, with a progress event after
  // every 256 of them; the re-open that follows is sent.
  int64_t last_submit = 0;
  for (int i = 0; i < 300; ++i) {
    const v1::Article article = Submit(*server.stub, absl::StrCat("skip-many-", i), "medbrief-answer");
    if (i == 255) last_submit = AuditLog(*server.stub, article.id()).at(0).sequence();
  }
  ASSERT_TRUE(Reopen(*server.stub, first, "source retracted").ok());
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.action(), AuditEvent::ACTION_UNSPECIFIED);
  EXPECT_EQ(event.sequence(), last_submit);  // the 256th passed over: resume from there
  EXPECT_TRUE(event.article_id().empty());
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.article_id(), first.id());
  EXPECT_EQ(event.action(), AuditEvent::REOPEN);
  ctx.TryCancel();

  for (const int action : {static_cast<int>(AuditEvent::ACTION_UNSPECIFIED), -3}) {
    grpc::ClientContext bad_ctx;
    bad_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::WatchArticlesRequest bad;
    bad.add_skip_actions(AuditEvent::APPROVE);
    bad.add_skip_actions(static_cast<AuditEvent::Action>(action));
    auto bad_reader = server.stub->WatchArticles(&bad_ctx, bad);
    EXPECT_FALSE(bad_reader->Read(&event));
    const grpc::Status status = bad_reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << action;
    EXPECT_THAT(status.error_message(), HasSubstr("skip_actions[1]")) << action;
  }
}

}  // namespace
}  // namespace medbrief::review
