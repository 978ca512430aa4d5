#include "tools/cli/commands.h"

#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tools/cli/answer_page.h"
#include "tools/cli/connection.h"

namespace medbrief::cli {
namespace {

namespace av1 = answer::v1;
namespace rv1 = review::v1;

int Usage(const char* usage) {
  std::fprintf(stderr, "usage: medbrief-cli %s\n", usage);
  return 2;
}

template <typename Enum>
bool ParseEnum(const std::string& text, bool (*parse)(const std::string&, Enum*), Enum* out) {
  return parse(absl::AsciiStrToUpper(text), out);
}

std::unique_ptr<av1::AnswerService::Stub> AnswerStub(const char* address) {
  return av1::AnswerService::NewStub(Channel(address));
}

std::unique_ptr<rv1::ReviewService::Stub> ReviewStub(const char* address) {
  return rv1::ReviewService::NewStub(Channel(address));
}

void PrintArticle(const rv1::Article& a) {
  std::printf("%s  %-17s answer %s  by %s  approvals %d/%d\n    %s\n", a.id().c_str(),
              rv1::ArticleStatus_Name(a.status()).c_str(), a.answer_id().c_str(), a.author().c_str(),
              a.approvals_size(), a.required_approvals(), a.question().c_str());
}

}  // namespace

int Ask(int argc, char** argv) {
  constexpr char kUsage[] =
      "ask ADDR QUESTION [--audience clinician|patient|caregiver|student] [--conversation ID] "
      "[--max-citations N] [--stream] [--width N]";
  if (argc < 4) return Usage(kUsage);
  av1::AskRequest request;
  request.set_question(argv[3]);
  request.set_audience(av1::CLINICIAN);
  bool stream = false;
  int width = 88;
  for (int i = 4; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--stream") {
      stream = true;
    } else if (flag == "--audience" && has_value) {
      av1::Audience audience;
      if (!ParseEnum(argv[++i], &av1::Audience_Parse, &audience)) return Usage(kUsage);
      request.set_audience(audience);
    } else if (flag == "--conversation" && has_value) {
      request.set_conversation_id(argv[++i]);
    } else if (flag == "--max-citations" && has_value) {
      int n = 0;
      if (!absl::SimpleAtoi(argv[++i], &n)) return Usage(kUsage);
      request.set_max_citations(n);
    } else if (flag == "--width" && has_value) {
      if (!absl::SimpleAtoi(argv[++i], &width) || width < 40) return Usage(kUsage);
    } else {
      return Usage(kUsage);
    }
  }
  auto stub = AnswerStub(argv[2]);
  auto context = Context();
  av1::Answer answer;
  if (!stream) {
    const grpc::Status status = stub->Ask(context.get(), request, &answer);
    if (!status.ok()) return Fail("ask", status);
  } else {
    // Chunks as they arrive, then the whole page.
    auto reader = stub->AskStream(context.get(), request);
    av1::AnswerChunk chunk;
    while (reader->Read(&chunk)) {
      switch (chunk.chunk_case()) {
        case av1::AnswerChunk::kSection:
          std::fprintf(stderr, "[stream] section %s\n", chunk.section().title().c_str());
          *answer.add_sections() = chunk.section();
          break;
        case av1::AnswerChunk::kCitations:
          std::fprintf(stderr, "[stream] %d citations\n", chunk.citations().citations_size());
          *answer.mutable_citations() = chunk.citations().citations();
          break;
        case av1::AnswerChunk::kReview:
          std::fprintf(stderr, "[stream] review %s\n", rv1::ArticleStatus_Name(chunk.review().status()).c_str());
          *answer.mutable_review() = chunk.review();
          break;
        case av1::AnswerChunk::kMetadata: {
          const av1::AnswerMetadata& m = chunk.metadata();
          answer.set_id(m.id());
          answer.set_question(m.question());
          answer.set_audience(m.audience());
          answer.set_conversation_id(m.conversation_id());
          answer.set_disclaimer(m.disclaimer());
          *answer.mutable_follow_up_questions() = m.follow_up_questions();
          answer.set_reading_grade(m.reading_grade());
          *answer.mutable_degraded_reasons() = m.degraded_reasons();
          break;
        }
        default:
          break;
      }
    }
    const grpc::Status status = reader->Finish();
    if (!status.ok()) return Fail("ask", status);
  }
  std::fputs(AnswerPage(answer, width).c_str(), stdout);
  return 0;
}

int Show(int argc, char** argv) {
  if (argc != 4) return Usage("show ADDR ANSWER_ID");
  av1::GetAnswerRequest request;
  request.set_id(argv[3]);
  av1::Answer answer;
  const grpc::Status status = AnswerStub(argv[2])->GetAnswer(Context().get(), request, &answer);
  if (!status.ok()) return Fail("show", status);
  std::fputs(AnswerPage(answer).c_str(), stdout);
  return 0;
}

int ListAnswers(int argc, char** argv) {
  constexpr char kUsage[] = "answers ADDR [SUBMITTED|UNDER_REVIEW|APPROVED|...]";
  if (argc < 3 || argc > 4) return Usage(kUsage);
  av1::ListAnswersRequest request;
  if (argc == 4) {
    rv1::ArticleStatus status;
    if (!ParseEnum(argv[3], &rv1::ArticleStatus_Parse, &status)) return Usage(kUsage);
    request.set_review_status(status);
  }
  auto stub = AnswerStub(argv[2]);
  do {
    av1::ListAnswersResponse response;
    const grpc::Status status = stub->ListAnswers(Context().get(), request, &response);
    if (!status.ok()) return Fail("answers", status);
    for (const av1::Answer& a : response.answers()) {
      std::printf("%s  %-17s %-10s %s\n", a.id().c_str(), rv1::ArticleStatus_Name(a.review().status()).c_str(),
                  av1::Audience_Name(a.audience()).c_str(), a.question().c_str());
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

int CreateReviewer(int argc, char** argv) {
  constexpr char kUsage[] = "reviewer ADDR NAME [--board]";
  if (argc < 4 || argc > 5 || (argc == 5 && std::strcmp(argv[4], "--board") != 0)) return Usage(kUsage);
  rv1::CreateReviewerRequest request;
  request.mutable_reviewer()->set_display_name(argv[3]);
  request.mutable_reviewer()->set_board_member(argc == 5);
  rv1::Reviewer reviewer;
  const grpc::Status status = ReviewStub(argv[2])->CreateReviewer(Context().get(), request, &reviewer);
  if (!status.ok()) return Fail("reviewer", status);
  std::printf("%s\n", reviewer.id().c_str());
  return 0;
}

int Queue(int argc, char** argv) {
  constexpr char kUsage[] = "queue ADDR [SUBMITTED|UNDER_REVIEW|CHANGES_REQUESTED|...]";
  if (argc < 3 || argc > 4) return Usage(kUsage);
  rv1::ListArticlesRequest request;
  rv1::ArticleStatus wanted = rv1::SUBMITTED;
  if (argc == 4 && !ParseEnum(argv[3], &rv1::ArticleStatus_Parse, &wanted)) return Usage(kUsage);
  request.set_status(wanted);
  auto stub = ReviewStub(argv[2]);
  do {
    rv1::ListArticlesResponse response;
    const grpc::Status status = stub->ListArticles(Context().get(), request, &response);
    if (!status.ok()) return Fail("queue", status);
    for (const rv1::Article& a : response.articles()) PrintArticle(a);
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

// The article's current etag (mutations need it).
static grpc::Status CurrentEtag(rv1::ReviewService::Stub& stub, const std::string& article_id, std::string* etag) {
  rv1::GetArticleRequest request;
  request.set_article_id(article_id);
  rv1::Article article;
  const grpc::Status status = stub.GetArticle(Context().get(), request, &article);
  *etag = article.etag();
  return status;
}

int Claim(int argc, char** argv) {
  if (argc != 5) return Usage("claim ADDR ARTICLE_ID REVIEWER_ID");
  auto stub = ReviewStub(argv[2]);
  rv1::ClaimReviewRequest request;
  request.set_article_id(argv[3]);
  request.set_reviewer_id(argv[4]);
  if (grpc::Status s = CurrentEtag(*stub, argv[3], request.mutable_etag()); !s.ok()) return Fail("claim", s);
  rv1::Article article;
  const grpc::Status status = stub->ClaimReview(Context().get(), request, &article);
  if (!status.ok()) return Fail("claim", status);
  PrintArticle(article);
  return 0;
}

int Comment(int argc, char** argv) {
  if (argc != 6) return Usage("comment ADDR ARTICLE_ID REVIEWER_ID TEXT");
  rv1::AddCommentRequest request;
  request.set_article_id(argv[3]);
  request.set_reviewer_id(argv[4]);
  request.set_text(argv[5]);
  rv1::Comment comment;
  const grpc::Status status = ReviewStub(argv[2])->AddComment(Context().get(), request, &comment);
  if (!status.ok()) return Fail("comment", status);
  std::printf("%s\n", comment.id().c_str());
  return 0;
}

int Decide(int argc, char** argv) {
  constexpr char kUsage[] = "approve|request-changes|reject ADDR ARTICLE_ID REVIEWER_ID [NOTE]";
  if (argc < 5 || argc > 6) return Usage(kUsage);
  const std::string command = argv[1];
  rv1::DecideRequest request;
  if (command == "approve") request.set_decision(rv1::APPROVE);
  else if (command == "request-changes") request.set_decision(rv1::REQUEST_CHANGES);
  else if (command == "reject") request.set_decision(rv1::REJECT);
  else return Usage(kUsage);
  auto stub = ReviewStub(argv[2]);
  request.set_article_id(argv[3]);
  request.set_reviewer_id(argv[4]);
  if (argc == 6) request.set_note(argv[5]);
  if (grpc::Status s = CurrentEtag(*stub, argv[3], request.mutable_etag()); !s.ok()) return Fail(argv[1], s);
  rv1::Article article;
  const grpc::Status status = stub->Decide(Context().get(), request, &article);
  if (!status.ok()) return Fail(argv[1], status);
  PrintArticle(article);
  return 0;
}

}  // namespace medbrief::cli
