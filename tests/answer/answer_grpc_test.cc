// medbrief-answer end to end: the four service binaries on the PostgreSQL
// harness with the sample corpus loaded. The sample question answered with
// all three sections, markers and references that match; audiences; a
// follow-up resolved in its conversation; reuse once approved; AskStream's
// order; each dependency stopped (and one that never answers) giving a
// degraded answer within the deadline; bad input naming the field.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tests/harness/pg_cluster.h"
#include "tests/harness/services.h"

namespace medbrief::answer {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using testing::Eventually;
using testing::RunningService;

constexpr char kQuestion[] =
    "best approach for a metastatic neuroendocrine tumour in the tail of the pancreas with liver metastasis";

std::chrono::system_clock::time_point In(absl::Duration d) { return absl::ToChronoTime(absl::Now() + d); }

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

// A port that accepts connections (the kernel completes them) but never
// speaks: a dependency that hangs.
class BlackHole {
 public:
  BlackHole() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 64);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    address_ = absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));
  }
  ~BlackHole() { close(fd_); }
  const std::string& address() const { return address_; }

 private:
  int fd_;
  std::string address_;
};

// The [n] numbers of the answer's sections (of one kind, when given).
std::set<int> Markers(const v1::Answer& answer, v1::SectionKind kind = v1::SECTION_KIND_UNSPECIFIED) {
  std::set<int> markers;
  const std::regex marker(R"(\[(\d+)\])");
  for (const v1::Section& section : answer.sections()) {
    if (kind != v1::SECTION_KIND_UNSPECIFIED && section.kind() != kind) continue;
    std::string text = section.summary();
    for (const std::string& point : section.key_points()) absl::StrAppend(&text, "\n", point);
    for (std::sregex_iterator it(text.begin(), text.end(), marker), end; it != end; ++it) {
      markers.insert(std::stoi((*it)[1].str()));
    }
  }
  return markers;
}

class AnswerGrpcTest : public testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    content_port_ = testing::FreePort();
    citation_port_ = testing::FreePort();
    review_port_ = testing::FreePort();
    content_ = new RunningService(Start(MEDBRIEF_CONTENT_BIN, content_port_, {}));
    review_ = new RunningService(Start(MEDBRIEF_REVIEW_BIN, review_port_, {}));
    citation_ = new RunningService(Start(MEDBRIEF_CITATION_BIN, citation_port_, Upstreams()));
    testing::ChildProcess::Env answer_env = Upstreams();
    answer_env.push_back({"MEDBRIEF_ANSWER_REPAIR_INTERVAL", "200ms"});
    answer_ = new RunningService(Start(MEDBRIEF_ANSWER_BIN, 0, answer_env));
    ImportSampleCorpus();
  }

  static void TearDownTestSuite() {
    for (RunningService* s : {answer_, citation_, review_, content_}) {
      if (s != nullptr && s->child != nullptr) (void)testing::StopService(*s);
      delete s;
    }
    answer_ = citation_ = review_ = content_ = nullptr;
    PgTest::TearDownTestSuite();
  }

  static std::string Loopback(int port) { return absl::StrCat("127.0.0.1:", port); }

  static testing::ChildProcess::Env Upstreams() {
    return {{"MEDBRIEF_CONTENT_ADDR", Loopback(content_port_)},
            {"MEDBRIEF_CITATION_ADDR", Loopback(citation_port_)},
            {"MEDBRIEF_REVIEW_ADDR", Loopback(review_port_)}};
  }

  static RunningService Start(const char* binary, int port, testing::ChildProcess::Env env) {
    env.push_back({"MEDBRIEF_LISTEN", Loopback(port)});
    absl::StatusOr<RunningService> service = testing::StartService(binary, dsn(), env);
    EXPECT_TRUE(service.ok()) << service.status();
    return service.ok() ? *std::move(service) : RunningService{};
  }

  static void ImportSampleCorpus() {
    std::ifstream in(MEDBRIEF_SAMPLE_CORPUS);
    std::stringstream text;
    text << in.rdbuf();
    auto stub = content::v1::ContentService::NewStub(ChannelTo(content_->address));
    grpc::ClientContext ctx;
    ctx.set_deadline(In(absl::Seconds(60)));
    content::v1::ImportSummary summary;
    auto writer = stub->ImportSources(&ctx, &summary);
    content::v1::ImportSourcesRequest request;
    request.set_format(content::v1::JSONL);
    request.set_payload(text.str());
    ASSERT_TRUE(writer->Write(request));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(summary.failed(), 0);
    ASSERT_GT(summary.created(), 20);
  }

  std::unique_ptr<v1::AnswerService::Stub> AnswerStub(const std::string& address = "") const {
    return v1::AnswerService::NewStub(ChannelTo(address.empty() ? answer_->address : address));
  }
  // The citations citation holds for an answer.
  static citation::v1::ListCitationsResponse CitationsOf(const std::string& answer_id) {
    auto stub = citation::v1::CitationService::NewStub(ChannelTo(Loopback(citation_port_)));
    grpc::ClientContext ctx;
    ctx.set_deadline(In(absl::Seconds(10)));
    citation::v1::ListCitationsRequest request;
    request.set_answer_id(answer_id);
    citation::v1::ListCitationsResponse response;
    const grpc::Status status = stub->ListCitations(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::unique_ptr<review::v1::ReviewService::Stub> ReviewStub() const {
    return review::v1::ReviewService::NewStub(ChannelTo(Loopback(review_port_)));
  }

  // The question as review's article of the answer holds it: as the answer
  // service understood it.
  std::string ReviewedQuestion(const std::string& answer_id) const {
    grpc::ClientContext ctx;
    review::v1::GetArticleByAnswerRequest by_answer;
    by_answer.set_answer_id(answer_id);
    review::v1::Article article;
    const grpc::Status status = ReviewStub()->GetArticleByAnswer(&ctx, by_answer, &article);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return article.question();
  }

  static v1::AskRequest Request(const std::string& question, v1::Audience audience = v1::CLINICIAN,
                                const std::string& conversation = "") {
    v1::AskRequest request;
    request.set_question(question);
    request.set_audience(audience);
    request.set_conversation_id(conversation);
    return request;
  }

  grpc::Status Ask(const v1::AskRequest& request, v1::Answer* answer, absl::Duration deadline = absl::Seconds(20),
                   const std::string& address = "") const {
    grpc::ClientContext ctx;
    ctx.set_deadline(In(deadline));
    return AnswerStub(address)->Ask(&ctx, request, answer);
  }

  // Waits until an answer has nothing degraded (after a dependency restart).
  void WaitUntilWhole() const {
    v1::Answer answer;
    EXPECT_TRUE(Eventually([&] { return Ask(Request(kQuestion), &answer).ok() && answer.degraded_reasons().empty(); }))
        << absl::StrJoin(answer.degraded_reasons(), "\n");
  }

  v1::Answer AskOk(const v1::AskRequest& request) const {
    v1::Answer answer;
    const grpc::Status status = Ask(request, &answer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return answer;
  }

  grpc::Status Get(const std::string& id, v1::Answer* answer) const {
    grpc::ClientContext ctx;
    ctx.set_deadline(In(absl::Seconds(10)));
    v1::GetAnswerRequest request;
    request.set_id(id);
    return AnswerStub()->GetAnswer(&ctx, request, answer);
  }

  // A board member approves the answer's article.
  void Approve(const v1::Answer& answer) const {
    auto review = ReviewStub();
    review::v1::Reviewer reviewer;
    {
      grpc::ClientContext ctx;
      review::v1::CreateReviewerRequest request;
      request.mutable_reviewer()->set_display_name("Dr Board");
      request.mutable_reviewer()->set_board_member(true);
      ASSERT_TRUE(review->CreateReviewer(&ctx, request, &reviewer).ok());
    }
    review::v1::Article article;
    {
      grpc::ClientContext ctx;
      review::v1::GetArticleRequest request;
      request.set_article_id(answer.review().article_id());
      ASSERT_TRUE(review->GetArticle(&ctx, request, &article).ok());
    }
    {
      grpc::ClientContext ctx;
      review::v1::ClaimReviewRequest request;
      request.set_article_id(article.id());
      request.set_reviewer_id(reviewer.id());
      request.set_etag(article.etag());
      const grpc::Status status = review->ClaimReview(&ctx, request, &article);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    grpc::ClientContext ctx;
    review::v1::DecideRequest request;
    request.set_article_id(article.id());
    request.set_reviewer_id(reviewer.id());
    request.set_decision(review::v1::APPROVE);
    request.set_etag(article.etag());
    const grpc::Status status = review->Decide(&ctx, request, &article);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(article.status(), review::v1::APPROVED);
  }

  static inline int content_port_ = 0, citation_port_ = 0, review_port_ = 0;
  static inline RunningService* content_ = nullptr;
  static inline RunningService* citation_ = nullptr;
  static inline RunningService* review_ = nullptr;
  static inline RunningService* answer_ = nullptr;
};

TEST_F(AnswerGrpcTest, SampleQuestionHasThreeSectionsWhoseMarkersAndReferencesMatch) {
  const v1::Answer answer = AskOk(Request(kQuestion));
  ASSERT_EQ(answer.sections_size(), 3) << answer.DebugString();
  EXPECT_EQ(answer.sections(0).kind(), v1::GUIDELINES);
  EXPECT_EQ(answer.sections(0).title(), "From the Guidelines");
  EXPECT_EQ(answer.sections(1).kind(), v1::DRUG_LABEL);
  EXPECT_EQ(answer.sections(1).title(), "From the FDA Drug Label");
  EXPECT_EQ(answer.sections(2).kind(), v1::RESEARCH);
  EXPECT_EQ(answer.sections(2).title(), "From the Research");
  EXPECT_THAT(answer.degraded_reasons(), IsEmpty());

  // Every [n] has its reference and every reference is used; numbers run
  // 1..N in first-use order.
  std::set<int> numbers;
  for (const citation::v1::Citation& c : answer.citations()) {
    numbers.insert(c.number());
    EXPECT_THAT(c.formatted(), Not(IsEmpty()));
    EXPECT_THAT(c.passage_ids(), Not(IsEmpty()));
    EXPECT_THAT(c.support(), Not(IsEmpty()));
  }
  EXPECT_EQ(Markers(answer), numbers);
  ASSERT_FALSE(numbers.empty());
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), static_cast<int>(numbers.size()));
  EXPECT_LE(answer.citations_size(), 10);  // max_citations 0 means 10
  EXPECT_THAT(answer.sections(0).summary(), HasSubstr("[1]"));

  // The drug label section quotes the pNET drugs with their doses somewhere.
  std::string labels = answer.sections(1).summary();
  for (const std::string& p : answer.sections(1).key_points()) absl::StrAppend(&labels, " ", p);
  EXPECT_THAT(labels, AnyOf(HasSubstr("everolimus"), HasSubstr("Everolimus")));

  // New answers await review, with the banner.
  EXPECT_EQ(answer.review().status(), review::v1::SUBMITTED);
  EXPECT_THAT(answer.review().banner(), HasSubstr("pending review"));
  EXPECT_THAT(answer.review().article_id(), StartsWith("art_"));
  EXPECT_THAT(answer.disclaimer(), Not(IsEmpty()));
  EXPECT_LE(answer.follow_up_questions_size(), 5);
  EXPECT_GT(answer.reading_grade(), 0);
  EXPECT_THAT(answer.id(), StartsWith("ans_"));
  EXPECT_EQ(answer.question(), kQuestion);

  // Stored as returned; GetAnswer reads the review state live.
  v1::Answer stored;
  ASSERT_TRUE(Get(answer.id(), &stored).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(stored, answer))
      << stored.ShortDebugString() << "\n vs \n"
      << answer.ShortDebugString();

  // Review knows the answer by its id, with the question.
  auto review = ReviewStub();
  grpc::ClientContext ctx;
  review::v1::GetArticleByAnswerRequest by_answer;
  by_answer.set_answer_id(answer.id());
  review::v1::Article article;
  ASSERT_TRUE(review->GetArticleByAnswer(&ctx, by_answer, &article).ok());
  EXPECT_EQ(article.id(), answer.review().article_id());
  EXPECT_EQ(article.question(), kQuestion);
}

TEST_F(AnswerGrpcTest, RequestIdIsPassedOnToEveryUpstream) {
  // An operator follows one question through the four services' logs.
  const std::string id = absl::StrCat("trace-", absl::ToUnixNanos(absl::Now()));
  grpc::ClientContext ctx;
  ctx.set_deadline(In(absl::Seconds(30)));
  ctx.AddMetadata("x-request-id", id);
  v1::Answer answer;
  const grpc::Status status = AnswerStub()->Ask(&ctx, Request(kQuestion), &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(answer.citations(), Not(IsEmpty()));
  const auto logged = [&](RunningService* service, absl::string_view method) {
    return service->child
        ->WaitForLine([&](absl::string_view line) {
          return absl::StrContains(line, method) && absl::StrContains(line, absl::StrCat("\"request_id\":\"", id, "\""));
        }, absl::Seconds(10))
        .ok();
  };
  EXPECT_TRUE(logged(answer_, "/medbrief.answer.v1.AnswerService/Ask"));
  EXPECT_TRUE(logged(content_, "/medbrief.content.v1.ContentService/Search"));
  EXPECT_TRUE(logged(citation_, "/medbrief.citation.v1.CitationService/RegisterCitations"));
  EXPECT_TRUE(logged(review_, "/medbrief.review.v1.ReviewService/SubmitArticle"));
}

TEST_F(AnswerGrpcTest, MaxCitationsCapsTheSources) {
  v1::AskRequest request = Request(kQuestion);
  request.set_max_citations(3);
  const v1::Answer answer = AskOk(request);
  EXPECT_EQ(answer.citations_size(), 3);
  EXPECT_EQ(Markers(answer), (std::set<int>{1, 2, 3}));
}

TEST_F(AnswerGrpcTest, AudiencesGetTheirWordingAndDisclaimer) {
  const v1::Answer clinician = AskOk(Request(kQuestion, v1::CLINICIAN));
  const v1::Answer patient = AskOk(Request(kQuestion, v1::PATIENT));
  const v1::Answer student = AskOk(Request(kQuestion, v1::STUDENT));
  EXPECT_NE(clinician.disclaimer(), patient.disclaimer());
  EXPECT_NE(clinician.disclaimer(), student.disclaimer());
  EXPECT_EQ(patient.audience(), v1::PATIENT);
  ASSERT_GT(patient.sections_size(), 0);
  // Plainer words for patients: a lower reading grade.
  EXPECT_LT(patient.reading_grade(), clinician.reading_grade());
  // Each is its own answer under review.
  EXPECT_NE(clinician.id(), patient.id());
  EXPECT_EQ(patient.review().status(), review::v1::SUBMITTED);
}

// The sections' text: summaries and key points.
std::string SectionsText(const v1::Answer& answer) {
  std::string text;
  for (const v1::Section& section : answer.sections()) {
    absl::StrAppend(&text, section.summary(), "\n");
    for (const std::string& point : section.key_points()) absl::StrAppend(&text, point, "\n");
  }
  return text;
}

TEST_F(AnswerGrpcTest, AVocabularyLoadedByPathRewordsForPatients) {
  const std::string path = ::testing::TempDir() + "/medbrief-extra-plain-language.tsv";
  std::ofstream(path) << "# term\tplain wording\tcategory\npancreas\tgland behind the stomach\tterm\n";
  testing::ChildProcess::Env env = Upstreams();
  env.push_back({"MEDBRIEF_PLAIN_LANGUAGE", path});
  RunningService extra = Start(MEDBRIEF_ANSWER_BIN, 0, env);
  ASSERT_NE(extra.child, nullptr);
  v1::Answer answer;
  const grpc::Status status = Ask(Request(kQuestion, v1::PATIENT), &answer, absl::Seconds(20), extra.address);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(SectionsText(answer), HasSubstr("gland behind the stomach"));
  EXPECT_THAT(SectionsText(AskOk(Request(kQuestion, v1::PATIENT))), Not(HasSubstr("gland behind the stomach")))
      << "the builtin vocabulary has no such wording";
  // Clinicians keep the term.
  v1::Answer clinician;
  ASSERT_TRUE(Ask(Request(kQuestion, v1::CLINICIAN), &clinician, absl::Seconds(20), extra.address).ok());
  EXPECT_THAT(SectionsText(clinician), Not(HasSubstr("gland behind the stomach")));
  EXPECT_EQ(*testing::StopService(extra), 0);

  // A vocabulary that cannot be read stops the start, naming the flag.
  env.back() = {"MEDBRIEF_PLAIN_LANGUAGE", "/nonexistent/medbrief-vocab.tsv"};
  env.push_back({"MEDBRIEF_LISTEN", "127.0.0.1:0"});
  absl::StatusOr<RunningService> refused = testing::StartService(MEDBRIEF_ANSWER_BIN, dsn(), env);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("--plain_language"));
}

TEST_F(AnswerGrpcTest, FollowUpIsResolvedAgainstTheConversation) {
  const std::string conversation = "conv-follow-up";
  const v1::Answer first = AskOk(Request("Is everolimus used for pancreatic neuroendocrine tumours?",
                                         v1::CLINICIAN, conversation));
  EXPECT_EQ(first.conversation_id(), conversation);
  const v1::Answer follow_up = AskOk(Request("what about its side effects?", v1::CLINICIAN, conversation));
  EXPECT_EQ(follow_up.question(), "what about its side effects?");
  EXPECT_EQ(follow_up.conversation_id(), conversation);
  ASSERT_GT(follow_up.sections_size(), 0);

  // Review sees the question as understood.
  EXPECT_EQ(ReviewedQuestion(follow_up.id()), "What are the side effects of everolimus?");

  // The same words without the conversation are not about everolimus.
  const v1::Answer alone = AskOk(Request("what about its side effects?"));
  EXPECT_EQ(ReviewedQuestion(alone.id()), "what about its side effects?");
}

TEST_F(AnswerGrpcTest, BrandIsAnsweredFromEvidenceOnItsDrug) {
  // No sample source says "Afinitor": the question is about everolimus.
  const v1::Answer answer = AskOk(Request("What are the side effects of Afinitor?"));
  EXPECT_EQ(answer.question(), "What are the side effects of Afinitor?");
  std::set<int> numbers = Markers(answer, v1::DRUG_LABEL);
  const std::set<int> research = Markers(answer, v1::RESEARCH);
  ASSERT_FALSE(numbers.empty()) << answer.DebugString();
  ASSERT_FALSE(research.empty()) << answer.DebugString();
  numbers.insert(research.begin(), research.end());
  for (const citation::v1::Citation& c : answer.citations()) {
    if (numbers.count(c.number()) > 0) {
      EXPECT_THAT(c.formatted(), HasSubstr("Everolimus")) << c.number();
    }
  }

  // Review sees the question as understood.
  EXPECT_EQ(ReviewedQuestion(answer.id()), "What are the side effects of Afinitor (everolimus)?");
}

TEST_F(AnswerGrpcTest, ApprovedAnswerIsReusedAsItStands) {
  const std::string question = "What is the dose of lanreotide for neuroendocrine tumours?";
  const v1::Answer first = AskOk(Request(question));
  ASSERT_EQ(first.review().status(), review::v1::SUBMITTED);
  // Not approved yet: the same question gets a new answer.
  const v1::Answer second = AskOk(Request(question));
  EXPECT_NE(second.id(), first.id());

  Approve(first);
  // The review event reaches the answer service; then the same normalised
  // question (case, punctuation, spelling) gets the approved answer back.
  v1::Answer reused;
  EXPECT_TRUE(Eventually([&] {
    reused = AskOk(Request("what is the DOSE of lanreotide for neuroendocrine tumors", v1::CLINICIAN));
    return reused.id() == first.id();
  })) << reused.id();
  EXPECT_EQ(reused.review().status(), review::v1::APPROVED);
  EXPECT_THAT(reused.review().banner(), IsEmpty());
  EXPECT_EQ(reused.sections_size(), first.sections_size());
  EXPECT_EQ(reused.citations_size(), first.citations_size());
  // Another audience is another answer.
  EXPECT_NE(AskOk(Request(question, v1::PATIENT)).id(), first.id());

  v1::Answer got;
  ASSERT_TRUE(Get(first.id(), &got).ok());
  EXPECT_EQ(got.review().status(), review::v1::APPROVED);

  // ListAnswers by status finds it, and not the unapproved one.
  grpc::ClientContext ctx;
  v1::ListAnswersRequest list;
  list.set_review_status(review::v1::APPROVED);
  v1::ListAnswersResponse approved;
  ASSERT_TRUE(AnswerStub()->ListAnswers(&ctx, list, &approved).ok());
  std::vector<std::string> ids;
  for (const v1::Answer& a : approved.answers()) ids.push_back(a.id());
  EXPECT_THAT(ids, Contains(first.id()));
  EXPECT_THAT(ids, Not(Contains(second.id())));

  // A cited source changed: review re-opens the article, and the answer is
  // no longer handed out as approved (GetAnswer shows why).
  {
    grpc::ClientContext reopen_ctx;
    review::v1::ReopenArticleRequest reopen;
    reopen.set_article_id(first.review().article_id());
    reopen.set_reason("cited source \"Lanreotide label\" was superseded");
    review::v1::Article article;
    const grpc::Status status = ReviewStub()->ReopenArticle(&reopen_ctx, reopen, &article);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::Answer after;
  EXPECT_TRUE(Eventually([&] {
    after = AskOk(Request(question));
    return after.id() != first.id();
  }));
  EXPECT_EQ(after.review().status(), review::v1::SUBMITTED);
  ASSERT_TRUE(Get(first.id(), &got).ok());
  EXPECT_EQ(got.review().status(), review::v1::SUBMITTED);
  EXPECT_THAT(got.review().banner(), Not(IsEmpty()));
}

TEST_F(AnswerGrpcTest, ListAnswersPagesNewestFirst) {
  std::vector<std::string> asked;
  for (int i = 0; i < 3; ++i) asked.push_back(AskOk(Request(absl::StrCat("octreotide dose question ", i))).id());
  std::vector<std::string> listed;
  v1::ListAnswersRequest request;
  request.set_page_size(2);
  do {
    grpc::ClientContext ctx;
    v1::ListAnswersResponse page;
    const grpc::Status status = AnswerStub()->ListAnswers(&ctx, request, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_LE(page.answers_size(), 2);
    for (const v1::Answer& a : page.answers()) listed.push_back(a.id());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  // The three newest, newest first, and no answer twice.
  ASSERT_GE(listed.size(), 3u);
  EXPECT_EQ(listed[0], asked[2]);
  EXPECT_EQ(listed[1], asked[1]);
  EXPECT_EQ(listed[2], asked[0]);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size());

  // A token of another filter is refused.
  request.set_page_size(1);
  request.clear_page_token();
  grpc::ClientContext ctx;
  v1::ListAnswersResponse page;
  ASSERT_TRUE(AnswerStub()->ListAnswers(&ctx, request, &page).ok());
  request.set_page_token(page.next_page_token());
  request.set_review_status(review::v1::APPROVED);
  grpc::ClientContext ctx2;
  const grpc::Status status = AnswerStub()->ListAnswers(&ctx2, request, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

TEST_F(AnswerGrpcTest, AskStreamSendsSectionsThenCitationsThenReviewThenMetadata) {
  grpc::ClientContext ctx;
  ctx.set_deadline(In(absl::Seconds(20)));
  auto reader = AnswerStub()->AskStream(&ctx, Request(kQuestion, v1::CAREGIVER));
  std::vector<v1::AnswerChunk::ChunkCase> order;
  v1::AnswerChunk chunk;
  v1::Answer streamed;
  while (reader->Read(&chunk)) {
    order.push_back(chunk.chunk_case());
    if (chunk.has_section()) *streamed.add_sections() = chunk.section();
    if (chunk.has_citations()) *streamed.mutable_citations() = chunk.citations().citations();
    if (chunk.has_review()) *streamed.mutable_review() = chunk.review();
    if (chunk.has_metadata()) streamed.set_id(chunk.metadata().id());
  }
  const grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  using C = v1::AnswerChunk;
  EXPECT_EQ(order, (std::vector<C::ChunkCase>{C::kSection, C::kSection, C::kSection, C::kCitations, C::kReview,
                                               C::kMetadata}));
  ASSERT_EQ(streamed.sections_size(), 3);
  EXPECT_EQ(streamed.sections(0).kind(), v1::GUIDELINES);
  EXPECT_EQ(streamed.sections(1).kind(), v1::DRUG_LABEL);
  EXPECT_EQ(streamed.sections(2).kind(), v1::RESEARCH);

  // The streamed parts are the stored answer.
  v1::Answer stored;
  ASSERT_TRUE(Get(streamed.id(), &stored).ok());
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(streamed.sections(i), stored.sections(i)))
        << streamed.sections(i).ShortDebugString() << "\n vs \n"
        << stored.sections(i).ShortDebugString();
  }
  EXPECT_EQ(streamed.citations_size(), stored.citations_size());
  EXPECT_EQ(streamed.review().article_id(), stored.review().article_id());
}

// The CLI editors and backend teams use: ask prints the page; the review
// commands take the answer through the board.
TEST_F(AnswerGrpcTest, CliAsksShowsAndApproves) {
  const auto run = [](const std::string& command) {
    std::string output;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    char buffer[4096];
    while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int status = pipe != nullptr ? pclose(pipe) : -1;
    return std::make_pair(status, output);
  };
  const std::string cli = MEDBRIEF_CLI_BIN;
  const std::string question = "Which monitoring tests are used for neuroendocrine tumours?";
  auto [status, page] = run(absl::StrCat(cli, " ask ", answer_->address, " '", question, "' --audience patient"));
  ASSERT_EQ(status, 0) << page;
  EXPECT_THAT(page, HasSubstr("From the Guidelines"));
  EXPECT_THAT(page, HasSubstr("[1]"));
  EXPECT_THAT(page, HasSubstr("References"));
  EXPECT_THAT(page, HasSubstr("pending review"));
  EXPECT_THAT(page, HasSubstr("For: PATIENT"));
  std::smatch id;
  ASSERT_TRUE(std::regex_search(page, id, std::regex(R"(Answer (ans_[0-9a-f]+))"))) << page;

  auto [queue_status, queue] = run(absl::StrCat(cli, " queue ", Loopback(review_port_)));
  ASSERT_EQ(queue_status, 0) << queue;
  std::smatch article;
  const std::regex line("(art_[0-9a-f]+) +SUBMITTED +answer " + id[1].str());
  ASSERT_TRUE(std::regex_search(queue, article, line)) << queue;

  auto [reviewer_status, reviewer] = run(absl::StrCat(cli, " reviewer ", Loopback(review_port_), " 'Dr Cli' --board"));
  ASSERT_EQ(reviewer_status, 0) << reviewer;
  const std::string reviewer_id(absl::StripAsciiWhitespace(reviewer));
  const std::string art = article[1].str();
  EXPECT_EQ(run(absl::StrCat(cli, " claim ", Loopback(review_port_), " ", art, " ", reviewer_id)).first, 0);
  EXPECT_EQ(run(absl::StrCat(cli, " comment ", Loopback(review_port_), " ", art, " ", reviewer_id, " 'Clear.'")).first,
            0);
  auto [approve_status, approved] =
      run(absl::StrCat(cli, " approve ", Loopback(review_port_), " ", art, " ", reviewer_id, " 'Accurate.'"));
  ASSERT_EQ(approve_status, 0) << approved;
  EXPECT_THAT(approved, HasSubstr("APPROVED"));
  EXPECT_TRUE(Eventually([&] {
    return absl::StrContains(run(absl::StrCat(cli, " show ", answer_->address, " ", id[1].str())).second,
                             "Review: APPROVED");
  }));
  // Bad input: a clear message and a non-zero exit.
  auto [bad_status, bad] = run(absl::StrCat(cli, " ask ", answer_->address, " ''"));
  EXPECT_NE(bad_status, 0);
  EXPECT_THAT(bad, HasSubstr("INVALID_ARGUMENT: question"));
}

TEST_F(AnswerGrpcTest, BadInputNamesTheField) {
  const auto expect_invalid = [&](const v1::AskRequest& request, const std::string& field) {
    v1::Answer answer;
    const grpc::Status status = Ask(request, &answer);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(status.error_message(), StartsWith(field)) << status.error_message();
  };
  expect_invalid(Request(""), "question");
  expect_invalid(Request("   "), "question");
  expect_invalid(Request(std::string(1001, 'a')), "question");
  {
    // Not UTF-8: the message itself is refused before any field is read.
    v1::Answer answer;
    const grpc::Status status = Ask(Request("\xff\xfe what"), &answer);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("UTF-8"));
  }
  expect_invalid(Request("?!", v1::CLINICIAN), "question");
  expect_invalid(Request(kQuestion, v1::AUDIENCE_UNSPECIFIED), "audience");
  expect_invalid(Request(kQuestion, static_cast<v1::Audience>(42)), "audience");
  expect_invalid(Request(kQuestion, v1::CLINICIAN, std::string(129, 'c')), "conversation_id");
  v1::AskRequest too_many = Request(kQuestion);
  too_many.set_max_citations(51);
  expect_invalid(too_many, "max_citations");
  too_many.set_max_citations(-1);
  expect_invalid(too_many, "max_citations");

  v1::Answer answer;
  grpc::Status status = Get("", &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("id"));
  status = Get("ans_unknown", &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("ans_unknown"));

  grpc::ClientContext ctx;
  v1::ListAnswersRequest list;
  list.set_page_size(501);
  v1::ListAnswersResponse response;
  status = AnswerStub()->ListAnswers(&ctx, list, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("page_size"));
  grpc::ClientContext ctx2;
  list.set_page_size(0);
  list.set_review_status(static_cast<review::v1::ArticleStatus>(77));
  status = AnswerStub()->ListAnswers(&ctx2, list, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), StartsWith("review_status"));
}

TEST_F(AnswerGrpcTest, CitationDownGivesAnAnswerWithoutCitations) {
  WaitUntilWhole();
  ASSERT_TRUE(testing::StopService(*citation_).ok());
  v1::Answer answer;
  const grpc::Status status = Ask(Request(kQuestion), &answer, absl::Seconds(10));
  *citation_ = Start(MEDBRIEF_CITATION_BIN, citation_port_, Upstreams());
  WaitUntilWhole();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.sections_size(), 3);
  EXPECT_THAT(answer.citations(), IsEmpty());
  ASSERT_EQ(answer.degraded_reasons_size(), 1);
  EXPECT_THAT(answer.degraded_reasons(0), StartsWith("citations: "));
  // The markers are numbered as registration would number them.
  EXPECT_THAT(Markers(answer), Contains(1));
  EXPECT_EQ(answer.review().status(), review::v1::SUBMITTED);
  // With citation back, the repairer registers the answer's uses: citation
  // knows which sources it cites (a retraction re-opens it), and the stored
  // answer shows the citations, numbered as its markers, no longer degraded.
  v1::Answer repaired;
  EXPECT_TRUE(Eventually([&] { return Get(answer.id(), &repaired).ok() && repaired.citations_size() > 0; }));
  EXPECT_THAT(repaired.degraded_reasons(), IsEmpty());
  std::set<int> numbers;
  for (const citation::v1::Citation& c : repaired.citations()) numbers.insert(c.number());
  EXPECT_EQ(numbers, Markers(repaired));
  EXPECT_EQ(repaired.sections_size(), answer.sections_size());
  EXPECT_EQ(CitationsOf(answer.id()).citations_size(), repaired.citations_size());
}

TEST_F(AnswerGrpcTest, ReviewDownGivesAnAnswerWithUnknownReviewState) {
  WaitUntilWhole();
  ASSERT_TRUE(testing::StopService(*review_).ok());
  v1::Answer answer;
  const grpc::Status status = Ask(Request(kQuestion), &answer, absl::Seconds(10));
  v1::Answer got;
  const grpc::Status get_status = status.ok() ? Get(answer.id(), &got) : status;
  *review_ = Start(MEDBRIEF_REVIEW_BIN, review_port_, {});
  WaitUntilWhole();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.sections_size(), 3);
  EXPECT_THAT(answer.citations(), Not(IsEmpty()));
  ASSERT_EQ(answer.degraded_reasons_size(), 1) << absl::StrJoin(answer.degraded_reasons(), "\n");
  EXPECT_THAT(answer.degraded_reasons(0), StartsWith("review: "));
  EXPECT_EQ(answer.review().status(), review::v1::ARTICLE_STATUS_UNSPECIFIED);
  EXPECT_THAT(answer.review().banner(), HasSubstr("pending review"));
  // GetAnswer while review is down: the last known state, said so.
  ASSERT_TRUE(get_status.ok()) << get_status.error_message();
  EXPECT_THAT(got.degraded_reasons(), Contains(StartsWith("review: ")));
  // With review back, the repairer submits the article: the answer reaches
  // the board's queue, and GetAnswer shows its review, no longer degraded.
  // (GetAnswer reads the review state live, so SUBMITTED shows as soon as
  // the article exists, a moment before the repairer records it: wait for
  // the record.)
  v1::Answer repaired;
  EXPECT_TRUE(Eventually([&] {
    return Get(answer.id(), &repaired).ok() && repaired.review().status() == review::v1::SUBMITTED &&
           repaired.degraded_reasons().empty();
  }));
  EXPECT_THAT(repaired.degraded_reasons(), IsEmpty());
  EXPECT_THAT(repaired.review().article_id(), Not(IsEmpty()));
  grpc::ClientContext ctx;
  review::v1::GetArticleByAnswerRequest by_answer;
  by_answer.set_answer_id(answer.id());
  review::v1::Article article;
  ASSERT_TRUE(ReviewStub()->GetArticleByAnswer(&ctx, by_answer, &article).ok());
  EXPECT_EQ(article.id(), repaired.review().article_id());
  EXPECT_FALSE(article.question().empty());
}

TEST_F(AnswerGrpcTest, ContentDownIsUnavailableQuickly) {
  ASSERT_TRUE(testing::StopService(*content_).ok());
  v1::Answer answer;
  const absl::Time start = absl::Now();
  const grpc::Status status = Ask(Request(kQuestion), &answer, absl::Seconds(10));
  const absl::Duration took = absl::Now() - start;
  *content_ = Start(MEDBRIEF_CONTENT_BIN, content_port_, {});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("content"));
  EXPECT_LT(took, absl::Seconds(9));
  // Content back (its index rebuilt from PostgreSQL): answers again.
  EXPECT_TRUE(Eventually([&] { return Ask(Request(kQuestion), &answer).ok(); }));
  EXPECT_EQ(answer.sections_size(), 3);
}

TEST_F(AnswerGrpcTest, HangingDependenciesDegradeWithinTheCallersDeadline) {
  // A second answer service whose citation and review never answer.
  BlackHole citation, review;
  RunningService hung = Start(MEDBRIEF_ANSWER_BIN, 0,
                              {{"MEDBRIEF_CONTENT_ADDR", Loopback(content_port_)},
                               {"MEDBRIEF_CITATION_ADDR", citation.address()},
                               {"MEDBRIEF_REVIEW_ADDR", review.address()}});
  v1::Answer answer;
  const absl::Time start = absl::Now();
  const grpc::Status status = Ask(Request(kQuestion), &answer, absl::Milliseconds(800), hung.address);
  const absl::Duration took = absl::Now() - start;
  (void)testing::StopService(hung);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_LT(took, absl::Milliseconds(800));
  EXPECT_EQ(answer.sections_size(), 3);
  EXPECT_THAT(answer.degraded_reasons(),
              ::testing::UnorderedElementsAre(AllOf(StartsWith("citations: "), HasSubstr("deadline exceeded")),
                                              AllOf(StartsWith("review: "), HasSubstr("deadline exceeded"))));
}

}  // namespace
}  // namespace medbrief::answer
