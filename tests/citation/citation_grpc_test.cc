// medbrief-citation as a running binary between a real medbrief-content and
// a real medbrief-review, all on the PostgreSQL harness: the RPCs over the
// wire, content stopped -> UNAVAILABLE with nothing written, and the
// follower of content's source events re-opening reviews: a retracted source
// re-opens the approved article citing it, a restart of the citation service
// between events neither misses nor doubles a re-open, and review being down
// holds the event until it is back.

#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <pqxx/pqxx>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tests/harness/pg_cluster.h"
#include "tests/harness/process.h"
#include "tests/harness/services.h"

namespace medbrief::citation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ChildProcess;
using testing::Eventually;
using testing::FreePort;

struct Process {
  std::unique_ptr<ChildProcess> child;
  std::string address;  // 127.0.0.1:port
};

std::chrono::system_clock::time_point In(absl::Duration duration) {
  return absl::ToChronoTime(absl::Now() + duration);
}

class CitationGrpcTest : public testing::PgTest {
 protected:
  static Process Start(const char* binary, ChildProcess::Env env) {
    env.push_back({"MEDBRIEF_DB_DSN", dsn()});
    env.push_back({"MEDBRIEF_AUTH", "off"});
    Process process;
    auto child = ChildProcess::Spawn(binary, {}, env);
    EXPECT_TRUE(child.ok()) << child.status();
    process.child = *std::move(child);
    auto line = process.child->WaitForLine(
        [](absl::string_view l) { return absl::StrContains(l, R"("msg":"serving")"); }, absl::Seconds(30));
    EXPECT_TRUE(line.ok()) << line.status() << process.child->Stderr();
    std::smatch match;
    const std::string text = line.ok() ? *line : "";
    EXPECT_TRUE(std::regex_search(text, match, std::regex(R"("port":(\d+))")));
    process.address = absl::StrCat("127.0.0.1:", match[1].str());
    return process;
  }

  static void Stop(Process& process) {
    process.child->Signal(SIGTERM);
    auto code = process.child->Wait(absl::Seconds(10));
    ASSERT_TRUE(code.ok()) << process.child->Stderr();
    EXPECT_EQ(*code, 0) << process.child->Stderr();
  }

  void SetUp() override {
    review_port_ = FreePort();
    content_ = Start(MEDBRIEF_CONTENT_BIN, {{"MEDBRIEF_LISTEN", "127.0.0.1:0"}});
    review_ = StartReview();
    citation_ = StartCitation();
    content_stub_ = content::v1::ContentService::NewStub(
        grpc::CreateChannel(content_.address, grpc::InsecureChannelCredentials()));
    review_stub_ = review::v1::ReviewService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", review_port_), grpc::InsecureChannelCredentials()));
  }

  Process StartReview() {
    return Start(MEDBRIEF_REVIEW_BIN, {{"MEDBRIEF_LISTEN", absl::StrCat("127.0.0.1:", review_port_)}});
  }

  Process StartCitation() {
    Process process = Start(MEDBRIEF_CITATION_BIN, {{"MEDBRIEF_LISTEN", "127.0.0.1:0"},
                                                    {"MEDBRIEF_CONTENT_ADDR", content_.address},
                                                    {"MEDBRIEF_REVIEW_ADDR", absl::StrCat("127.0.0.1:", review_port_)}});
    citation_stub_ = v1::CitationService::NewStub(
        grpc::CreateChannel(process.address, grpc::InsecureChannelCredentials()));
    return process;
  }

  // Creates a source with one section; returns it and the id of its passage
  // (found by searching for `marker`, a word only it has).
  std::pair<content::v1::Source, std::string> CreateSource(const std::string& external_id, const std::string& title,
                                                           const std::string& text, const std::string& marker) {
    content::v1::CreateSourceRequest request;
    content::v1::Source* source = request.mutable_source();
    source->set_external_id(external_id);
    source->set_kind(content::v1::RESEARCH);
    source->set_title(title);
    source->add_authors("Yao JC");
    source->set_journal("N Engl J Med");
    source->set_published_date("2011-02-10");
    source->mutable_identifiers()->set_doi("10.1056/" + external_id);
    auto* section = source->add_sections();
    section->set_heading("Abstract");
    section->set_text(text);
    content::v1::Source created;
    grpc::ClientContext ctx;
    const grpc::Status status = content_stub_->CreateSource(&ctx, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::string passage_id;
    Eventually([&] {
      grpc::ClientContext search_ctx;
      content::v1::SearchRequest search;
      search.set_query(marker);
      search.set_include_inactive(true);
      content::v1::SearchResponse hits;
      if (!content_stub_->Search(&search_ctx, search, &hits).ok()) return false;
      for (const auto& hit : hits.hits()) {
        if (hit.source_id() == created.id()) passage_id = hit.passage().id();
      }
      return !passage_id.empty();
    });
    EXPECT_FALSE(passage_id.empty()) << "passage of " << external_id << " never found";
    return {created, passage_id};
  }

  grpc::Status Register(const std::string& answer_id, const std::vector<std::pair<std::string, std::string>>& uses,
                        v1::RegisterCitationsResponse* response, v1::ReferenceStyle style = v1::AMA) {
    v1::RegisterCitationsRequest request;
    request.set_answer_id(answer_id);
    request.set_style(style);
    for (const auto& [passage, claim] : uses) {
      v1::Use* use = request.add_uses();
      use->set_passage_id(passage);
      use->set_claim(claim);
    }
    grpc::ClientContext ctx;
    ctx.set_deadline(In(absl::Seconds(10)));
    return citation_stub_->RegisterCitations(&ctx, request, response);
  }

  void Retract(const content::v1::Source& source, content::v1::SourceStatus status, const std::string& reason,
               const std::string& superseded_by = "") {
    content::v1::UpdateSourceStatusRequest request;
    request.set_id(source.id());
    request.set_superseded_by(superseded_by);
    request.set_status(status);
    request.set_reason(reason);
    request.set_etag(source.etag());
    content::v1::Source updated;
    grpc::ClientContext ctx;
    const grpc::Status result = content_stub_->UpdateSourceStatus(&ctx, request, &updated);
    ASSERT_TRUE(result.ok()) << result.error_message();
  }

  // Submits, claims and approves the article of `answer_id`.
  void Approve(const std::string& answer_id) {
    if (reviewer_.empty()) {
      grpc::ClientContext ctx;
      review::v1::CreateReviewerRequest request;
      request.mutable_reviewer()->set_display_name("Dr Board");
      request.mutable_reviewer()->set_board_member(true);
      review::v1::Reviewer reviewer;
      ASSERT_TRUE(review_stub_->CreateReviewer(&ctx, request, &reviewer).ok());
      reviewer_ = reviewer.id();
    }
    review::v1::Article article;
    {
      grpc::ClientContext ctx;
      review::v1::SubmitArticleRequest request;
      request.set_answer_id(answer_id);
      request.set_question("What is the first-line treatment of metastatic NET?");
      request.set_author("author-1");
      ASSERT_TRUE(review_stub_->SubmitArticle(&ctx, request, &article).ok());
    }
    {
      grpc::ClientContext ctx;
      review::v1::ClaimReviewRequest request;
      request.set_article_id(article.id());
      request.set_reviewer_id(reviewer_);
      request.set_etag(article.etag());
      ASSERT_TRUE(review_stub_->ClaimReview(&ctx, request, &article).ok());
    }
    grpc::ClientContext ctx;
    review::v1::DecideRequest request;
    request.set_article_id(article.id());
    request.set_reviewer_id(reviewer_);
    request.set_decision(review::v1::APPROVE);
    request.set_note("accurate");
    request.set_etag(article.etag());
    const grpc::Status status = review_stub_->Decide(&ctx, request, &article);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(article.status(), review::v1::APPROVED);
  }

  review::v1::Article Article(const std::string& answer_id) {
    grpc::ClientContext ctx;
    ctx.set_deadline(In(absl::Seconds(5)));
    review::v1::GetArticleByAnswerRequest request;
    request.set_answer_id(answer_id);
    review::v1::Article article;
    review_stub_->GetArticleByAnswer(&ctx, request, &article).ok();
    return article;
  }

  // The REOPEN entries of the article's audit log.
  std::vector<review::v1::AuditEvent> Reopens(const std::string& answer_id) {
    grpc::ClientContext ctx;
    review::v1::ListAuditEventsRequest request;
    request.set_article_id(Article(answer_id).id());
    request.set_page_size(500);
    review::v1::ListAuditEventsResponse response;
    EXPECT_TRUE(review_stub_->ListAuditEvents(&ctx, request, &response).ok());
    std::vector<review::v1::AuditEvent> reopens;
    for (const auto& event : response.events()) {
      if (event.action() == review::v1::AuditEvent::REOPEN) reopens.push_back(event);
    }
    return reopens;
  }

  bool Reopened(const std::string& answer_id) { return Article(answer_id).status() == review::v1::SUBMITTED; }

  int review_port_ = 0;
  Process content_, review_, citation_;
  std::unique_ptr<content::v1::ContentService::Stub> content_stub_;
  std::unique_ptr<review::v1::ReviewService::Stub> review_stub_;
  std::unique_ptr<v1::CitationService::Stub> citation_stub_;
  std::string reviewer_;
};

TEST_F(CitationGrpcTest, TheRpcsOverTheWire) {
  const auto [everolimus, p_evero] =
      CreateSource("rpc:radiant3", "Everolimus for advanced pancreatic neuroendocrine tumors",
                   "Everolimus 10 mg daily prolonged progression-free survival (radiantmarker).", "radiantmarker");
  const auto [octreotide, p_octreo] =
      CreateSource("rpc:promid", "Octreotide LAR in midgut neuroendocrine tumors",
                   "Octreotide LAR 30 mg every 4 weeks lengthened time to tumor progression (promidmarker).",
                   "promidmarker");
  v1::RegisterCitationsResponse response;
  grpc::Status status = Register("rpc-answer-1",
                                 {{p_octreo, "Octreotide LAR 30 mg every 4 weeks lengthened time to progression."},
                                  {p_evero, "Everolimus 10 mg daily prolonged progression-free survival."},
                                  {p_octreo, "Octreotide LAR 60 mg lengthened time to progression."}},
                                 &response, v1::APA);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.citations_size(), 2);
  EXPECT_EQ(response.citations(0).number(), 1);
  EXPECT_EQ(response.citations(0).source_id(), octreotide.id());
  EXPECT_EQ(response.citations(1).source_id(), everolimus.id());
  EXPECT_THAT(response.citations(0).passage_ids(), ElementsAre(p_octreo));
  EXPECT_EQ(response.citations(0).url(), "https://doi.org/10.1056/rpc:promid");
  ASSERT_EQ(response.citations(0).support_size(), 2);
  EXPECT_EQ(response.citations(0).support(0).verdict(), v1::SUPPORTED);
  EXPECT_EQ(response.citations(0).support(1).verdict(), v1::UNSUPPORTED);
  EXPECT_THAT(response.citations(0).support(1).missing_numbers(), ElementsAre("60 mg"));

  // FormatReference gives the same text; ListCitations the same citations.
  {
    grpc::ClientContext ctx;
    v1::FormatReferenceRequest request;
    request.set_source_id(octreotide.id());
    request.set_style(v1::APA);
    v1::FormatReferenceResponse text;
    ASSERT_TRUE(citation_stub_->FormatReference(&ctx, request, &text).ok());
    EXPECT_EQ(text.text(), response.citations(0).formatted());
    EXPECT_THAT(text.text(), HasSubstr("Octreotide"));
  }
  {
    grpc::ClientContext ctx;
    v1::ListCitationsRequest request;
    request.set_answer_id("rpc-answer-1");
    v1::ListCitationsResponse listed;
    ASSERT_TRUE(citation_stub_->ListCitations(&ctx, request, &listed).ok());
    ASSERT_EQ(listed.citations_size(), 2);
    EXPECT_EQ(listed.citations(1).DebugString(), response.citations(1).DebugString());
  }
  {
    grpc::ClientContext ctx;
    v1::CheckSupportRequest request;
    request.set_claim("Everolimus 5 mg daily prolonged progression-free survival.");
    request.set_passage_id(p_evero);
    v1::Support support;
    ASSERT_TRUE(citation_stub_->CheckSupport(&ctx, request, &support).ok());
    EXPECT_EQ(support.verdict(), v1::UNSUPPORTED);
    EXPECT_THAT(support.missing_numbers(), ElementsAre("5 mg daily"));
  }
  {
    grpc::ClientContext ctx;
    v1::ListCitingAnswersRequest request;
    request.set_source_id(everolimus.id());
    v1::ListCitingAnswersResponse citing;
    ASSERT_TRUE(citation_stub_->ListCitingAnswers(&ctx, request, &citing).ok());
    EXPECT_THAT(citing.answer_ids(), ElementsAre("rpc-answer-1"));
  }

  // Bad input over the wire.
  status = Register("rpc-answer-2", {{"src_nope_p", "A claim."}}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("uses[0].passage_id"));
  status = Register("rpc-answer-2", {{p_evero, "  "}}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("uses[0].claim"));
  status = Register("rpc-answer-2", std::vector<std::pair<std::string, std::string>>(201, {p_evero, "x"}), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("uses"));
  status = Register("rpc-answer-2", {{p_evero, "x"}}, &response, static_cast<v1::ReferenceStyle>(42));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("style"));
}

TEST_F(CitationGrpcTest, RequestIdIsPassedOnToContent) {
  // An operator follows one registration into content's log.
  const auto [source, passage] = CreateSource("rpc:trace", "Lanreotide in enteropancreatic tumours",
                                              "Lanreotide 120 mg every 28 days (tracemarker).", "tracemarker");
  const std::string id = absl::StrCat("trace-", absl::ToUnixNanos(absl::Now()));
  v1::RegisterCitationsRequest request;
  request.set_answer_id("rpc-trace");
  v1::Use* use = request.add_uses();
  use->set_passage_id(passage);
  use->set_claim("Lanreotide 120 mg every 28 days.");
  grpc::ClientContext ctx;
  ctx.set_deadline(In(absl::Seconds(10)));
  ctx.AddMetadata("x-request-id", id);
  v1::RegisterCitationsResponse response;
  const grpc::Status status = citation_stub_->RegisterCitations(&ctx, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (const char* method : {"/medbrief.content.v1.ContentService/GetPassage",
                             "/medbrief.content.v1.ContentService/GetSource"}) {
    EXPECT_TRUE(content_.child
                    ->WaitForLine(
                        [&](absl::string_view line) {
                          return absl::StrContains(line, method) &&
                                 absl::StrContains(line, absl::StrCat("\"request_id\":\"", id, "\""));
                        },
                        absl::Seconds(10))
                    .ok())
        << method;
  }
}

TEST_F(CitationGrpcTest, ContentStoppedIsUnavailableAndWritesNothing) {
  const auto [source, passage] =
      CreateSource("down:1", "Sunitinib in pancreatic NET", "Sunitinib 37.5 mg daily (downmarker).", "downmarker");
  const auto [unread_source, unread] =
      CreateSource("down:2", "Everolimus in pancreatic NET", "Everolimus 10 mg daily (downmarkertwo).", "downmarkertwo");
  v1::RegisterCitationsResponse response;
  ASSERT_TRUE(Register("down-answer-ok", {{passage, "Sunitinib 37.5 mg daily."}}, &response).ok());
  Stop(content_);
  // A passage never read needs content: UNAVAILABLE, nothing written.
  const grpc::Status status =
      Register("down-answer", {{passage, "Sunitinib 37.5 mg daily."}, {unread, "Everolimus 10 mg daily."}}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  pqxx::connection conn(dsn());
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM citation.citation_uses WHERE answer_id = 'down-answer'")[0].as<int>(), 0);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM citation.answer_sources WHERE answer_id = 'down-answer'")[0].as<int>(), 0);
  // What needs only the database still answers.
  grpc::ClientContext ctx;
  v1::ListCitingAnswersRequest request;
  request.set_source_id(source.id());
  v1::ListCitingAnswersResponse citing;
  ASSERT_TRUE(citation_stub_->ListCitingAnswers(&ctx, request, &citing).ok());
  EXPECT_THAT(citing.answer_ids(), ElementsAre("down-answer-ok"));
}

TEST_F(CitationGrpcTest, ARetractedSourceReopensTheApprovedArticleCitingIt) {
  const auto [retracted, p_retracted] = CreateSource(
      "reopen:1", "A fabricated trial", "Drug X 20 mg cured every patient (fabmarker).", "fabmarker");
  const auto [kept, p_kept] =
      CreateSource("reopen:2", "A sound trial", "Drug Y 5 mg helped some patients (soundmarker).", "soundmarker");
  v1::RegisterCitationsResponse response;
  ASSERT_TRUE(Register("reopen-approved", {{p_retracted, "Drug X 20 mg cured every patient."}}, &response).ok());
  ASSERT_TRUE(Register("reopen-never-submitted", {{p_retracted, "Drug X cured patients."}}, &response).ok());
  ASSERT_TRUE(Register("reopen-other", {{p_kept, "Drug Y 5 mg helped."}}, &response).ok());
  Approve("reopen-approved");
  Approve("reopen-other");

  Retract(retracted, content::v1::RETRACTED, "data fabrication");
  ASSERT_TRUE(Eventually([&] { return Reopened("reopen-approved"); })) << citation_.child->Stderr();
  const review::v1::Article article = Article("reopen-approved");
  EXPECT_THAT(article.reopen_reason(), HasSubstr("A fabricated trial"));
  EXPECT_THAT(article.reopen_reason(), HasSubstr("retracted: data fabrication"));
  const auto reopens = Reopens("reopen-approved");
  ASSERT_EQ(reopens.size(), 1u);
  EXPECT_EQ(reopens[0].actor(), "medbrief-citation");
  EXPECT_EQ(Article("reopen-other").status(), review::v1::APPROVED);
  EXPECT_TRUE(Reopens("reopen-other").empty());
}

TEST_F(CitationGrpcTest, ARestartBetweenEventsNeitherMissesNorDoublesAReopen) {
  const auto [first, p_first] =
      CreateSource("restart:1", "First trial", "Drug A 10 mg (firstmarker).", "firstmarker");
  const auto [second, p_second] =
      CreateSource("restart:2", "Second trial", "Drug B 20 mg (secondmarker).", "secondmarker");
  v1::RegisterCitationsResponse response;
  ASSERT_TRUE(Register("restart-1", {{p_first, "Drug A 10 mg."}}, &response).ok());
  ASSERT_TRUE(Register("restart-2", {{p_second, "Drug B 20 mg."}}, &response).ok());
  Approve("restart-1");
  Approve("restart-2");

  Retract(first, content::v1::WITHDRAWN, "product withdrawn");
  ASSERT_TRUE(Eventually([&] { return Reopened("restart-1"); })) << citation_.child->Stderr();
  Stop(citation_);
  // While the citation service is down.
  Retract(second, content::v1::RETRACTED, "duplicate publication");
  citation_ = StartCitation();
  // The event from the downtime is handled; the one before the restart is
  // not handled again (it would come first, so this wait covers it).
  ASSERT_TRUE(Eventually([&] { return Reopened("restart-2"); })) << citation_.child->Stderr();
  EXPECT_EQ(Reopens("restart-1").size(), 1u);
  EXPECT_EQ(Reopens("restart-2").size(), 1u);
  EXPECT_THAT(Article("restart-2").reopen_reason(), HasSubstr("retracted: duplicate publication"));
}

TEST_F(CitationGrpcTest, ReviewDownHoldsTheEventUntilItIsBack) {
  const auto [source, passage] =
      CreateSource("held:1", "Held trial", "Drug C 40 mg (heldmarker).", "heldmarker");
  const auto [edition, p_edition] =
      CreateSource("held:2", "Held trial, second edition", "Drug C 40 mg (heldtwomarker).", "heldtwomarker");
  v1::RegisterCitationsResponse response;
  ASSERT_TRUE(Register("held-1", {{passage, "Drug C 40 mg."}}, &response).ok());
  Approve("held-1");
  Stop(review_);
  Retract(source, content::v1::SUPERSEDED, "new edition", edition.id());
  // The follower keeps trying; the cursor stays before the event.
  ASSERT_TRUE(citation_.child
                  ->WaitForLine([](absl::string_view l) { return absl::StrContains(l, "handling an event failed"); },
                                absl::Seconds(30))
                  .ok())
      << citation_.child->Stderr();
  review_ = StartReview();
  ASSERT_TRUE(Eventually([&] { return Reopened("held-1"); })) << citation_.child->Stderr();
  EXPECT_THAT(Article("held-1").reopen_reason(), HasSubstr("was superseded by " + edition.id()));
  EXPECT_EQ(Reopens("held-1").size(), 1u);
}

TEST_F(CitationGrpcTest, OfTwoReplicasOneReopensAndBothHearOfSourceChanges) {
  Process second = Start(MEDBRIEF_CITATION_BIN, {{"MEDBRIEF_LISTEN", "127.0.0.1:0"},
                                                 {"MEDBRIEF_CONTENT_ADDR", content_.address},
                                                 {"MEDBRIEF_REVIEW_ADDR", absl::StrCat("127.0.0.1:", review_port_)}});
  auto second_stub =
      v1::CitationService::NewStub(grpc::CreateChannel(second.address, grpc::InsecureChannelCredentials()));
  // Each replica decides at start whether it follows or stands by.
  const auto decided = [](absl::string_view l) {
    return absl::StrContains(l, "source events: following") || absl::StrContains(l, "standing by");
  };
  ASSERT_TRUE(citation_.child->WaitForLine(decided, absl::Seconds(30)).ok()) << citation_.child->Stderr();
  ASSERT_TRUE(second.child->WaitForLine(decided, absl::Seconds(30)).ok()) << second.child->Stderr();
  const int following = absl::StrContains(citation_.child->Stderr(), "source events: following") +
                        absl::StrContains(second.child->Stderr(), "source events: following");
  EXPECT_EQ(following, 1);

  const auto reference = [](v1::CitationService::Stub& stub, const std::string& source_id) {
    grpc::ClientContext ctx;
    v1::FormatReferenceRequest request;
    request.set_source_id(source_id);
    v1::FormatReferenceResponse response;
    const grpc::Status status = stub.FormatReference(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.text();
  };
  const auto [source, passage] =
      CreateSource("replicas:1", "Replica trial", "Drug D 15 mg daily (replicamarker).", "replicamarker");
  // Both cache the source, then content changes its title (same external id,
  // new content: an UPDATED event).
  EXPECT_THAT(reference(*citation_stub_, source.id()), HasSubstr("Replica trial"));
  EXPECT_THAT(reference(*second_stub, source.id()), HasSubstr("Replica trial"));
  const auto [corrected, same_passage] =
      CreateSource("replicas:1", "Corrected replica trial", "Drug D 15 mg daily (replicamarker).", "replicamarker");
  EXPECT_EQ(corrected.id(), source.id());
  EXPECT_EQ(same_passage, passage);
  const std::string source_id = source.id();  // (a lambda cannot capture a structured binding in C++17)
  EXPECT_TRUE(Eventually([&] { return absl::StrContains(reference(*citation_stub_, source_id), "Corrected"); }));
  EXPECT_TRUE(Eventually([&] { return absl::StrContains(reference(*second_stub, source_id), "Corrected"); }));

  v1::RegisterCitationsResponse response;
  ASSERT_TRUE(Register("replicas-answer", {{passage, "Drug D 15 mg daily."}}, &response).ok());
  Approve("replicas-answer");
  Retract(corrected, content::v1::RETRACTED, "misconduct");
  ASSERT_TRUE(Eventually([&] { return Reopened("replicas-answer"); }));
  EXPECT_EQ(Reopens("replicas-answer").size(), 1u);
}

class CitationStartTest : public testing::PgTest {};

TEST_F(CitationStartTest, WithoutAnUpstreamAddressItExitsNamingTheFlag) {
  for (const auto& [present, missing] : {std::pair<std::string, std::string>("MEDBRIEF_REVIEW_ADDR", "--content_addr"),
                                         std::pair<std::string, std::string>("MEDBRIEF_CONTENT_ADDR", "--review_addr")}) {
    auto child = ChildProcess::Spawn(MEDBRIEF_CITATION_BIN, {},
                                     {{"MEDBRIEF_LISTEN", "127.0.0.1:0"},
                                      {"MEDBRIEF_DB_DSN", dsn()},
                                      {"MEDBRIEF_AUTH", "off"},
                                      {present, "127.0.0.1:1"}});
    ASSERT_TRUE(child.ok()) << child.status();
    auto code = (*child)->Wait(absl::Seconds(30));
    ASSERT_TRUE(code.ok()) << (*child)->Stderr();
    EXPECT_EQ(*code, 1);
    EXPECT_THAT((*child)->Stderr(), HasSubstr(missing));
  }
}

}  // namespace
}  // namespace medbrief::citation
