#include "services/answer/answer_service.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/grpc/paging.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "common/validation/fields.h"
#include "google/protobuf/util/time_util.h"
#include "services/answer/conversation.h"
#include "services/answer/label_choice.h"
#include "services/answer/label_sections.h"
#include "services/answer/notices.h"
#include "services/answer/question.h"

namespace medbrief::answer {
namespace {

using google::protobuf::util::TimeUtil;
using validation::CheckText;
using validation::Invalid;
using validation::Presence;

std::string NewAnswerId() {
  thread_local absl::BitGen gen;  // seeded from the OS
  return absl::StrCat("ans_", absl::Hex(absl::Uniform<uint64_t>(gen), absl::kZeroPad16));
}

// "<part>: <what> deadline exceeded" or "<part>: <what> failed (UNAVAILABLE: ...)".
std::string Degraded(absl::string_view part, absl::string_view what, const absl::Status& status) {
  if (status.code() == absl::StatusCode::kDeadlineExceeded) {
    return PartReason(part, absl::StrCat(what, " deadline exceeded"));
  }
  return PartReason(part, absl::StrCat(what, " failed (", absl::StatusCodeToString(status.code()), ": ",
                                       status.message(), ")"));
}

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

// The section kinds in display order, with their degraded_reasons part.
struct KindPart {
  content::v1::SourceKind kind;
  const char* part;
};
constexpr KindPart kKindParts[] = {
    {content::v1::GUIDELINE, "guidelines"}, {content::v1::DRUG_LABEL, "drug_label"}, {content::v1::RESEARCH, "research"}};

}  // namespace

absl::Status ValidateAsk(const v1::AskRequest& request) {
  RETURN_IF_ERROR(CheckText("question", request.question(), kMaxQuestionChars, Presence::kRequired));
  if (request.audience() == v1::AUDIENCE_UNSPECIFIED || !v1::Audience_IsValid(request.audience())) {
    return Invalid("audience", "is required: CLINICIAN, PATIENT, CAREGIVER or STUDENT");
  }
  RETURN_IF_ERROR(CheckText("conversation_id", request.conversation_id(), kMaxIdChars));
  if (request.max_citations() < 0 || request.max_citations() > kMaxCitations) {
    return Invalid("max_citations", absl::StrCat("must be 0 (default 10) to ", kMaxCitations));
  }
  return absl::OkStatus();
}

AnswerService::AnswerService(AnswerStore& store, Upstreams& upstreams, AnswerServiceOptions options)
    : store_(store),
      upstreams_(upstreams),
      options_(std::move(options)),
      lexicon_(options_.assembly.lexicon != nullptr ? *options_.assembly.lexicon : Lexicon()) {}

absl::StatusOr<v1::Answer> AnswerService::Ask(const v1::AskRequest& request, const Caller& caller,
                                              const SectionSink& on_section) {
  RETURN_IF_ERROR(ValidateAsk(request));
  std::string resolved = request.question();
  if (!request.conversation_id().empty()) {
    ASSIGN_OR_RETURN(std::optional<std::string> previous, store_.LastQuestion(request.conversation_id()));
    if (previous.has_value()) {
      resolved = ResolveFollowUp(request.question(), ExtractContext(*previous, lexicon_), lexicon_);
    }
  }
  // A brand names its drug: "dose of Viagra?" is searched, ranked and stored
  // as "dose of Viagra (sildenafil)?".
  resolved = lexicon_.NameGenerics(resolved, kMaxQuestionChars);
  const NormalizedQuestion normalized = NormalizeQuestion(resolved);
  if (normalized.key.empty()) return Invalid("question", "has no words to search for");

  ASSIGN_OR_RETURN(std::optional<StoredAnswer> approved, store_.FindApproved(normalized.key, request.audience()));
  if (approved.has_value()) {
    v1::Answer answer = std::move(approved->answer);
    answer.set_conversation_id(request.conversation_id());
    if (!request.conversation_id().empty()) {
      RETURN_IF_ERROR(store_.SetLastAnswer(request.conversation_id(), answer.id()));
    }
    if (on_section) {
      for (const v1::Section& section : answer.sections()) on_section(section);
    }
    return answer;
  }
  return Assemble(request, resolved, normalized.key, normalized.search_query, caller, on_section);
}

absl::StatusOr<v1::Answer> AnswerService::Assemble(const v1::AskRequest& request, const std::string& resolved,
                                                   const std::string& question_key, const std::string& search_query,
                                                   const Caller& caller, const SectionSink& on_section) {
  const absl::Time start = absl::Now();
  const absl::Time deadline = std::min(caller.deadline, start + options_.default_budget);
  // The dependencies get the budget but a reserve for storing the answer:
  // a fifth of it, at most 200 ms.
  const absl::Time work_deadline = deadline - std::min((deadline - start) / 5, absl::Milliseconds(200));
  const absl::Time search_deadline = std::min(work_deadline, start + options_.search_timeout);

  // 1. Evidence, one search per section kind, all at once.
  std::vector<std::shared_ptr<EvidenceCall>> searches;
  const std::string label_query = LabelSearchQuery(resolved, search_query, lexicon_);
  for (const KindPart& kp : kKindParts) {
    searches.push_back(upstreams_.FetchEvidence(kp.kind == content::v1::DRUG_LABEL ? label_query : search_query,
                                                kp.kind, options_.search_top_k,
                                                CallScope{search_deadline, caller.request_id}));
  }
  AnswerInput input;
  input.question = resolved;
  input.audience = request.audience();
  input.max_citations = request.max_citations();
  std::vector<std::string> degraded;
  absl::Status content_error;
  for (size_t i = 0; i < searches.size(); ++i) {
    const absl::Status status = searches[i]->Wait(search_deadline);
    if (!status.ok()) {
      degraded.push_back(Degraded(kKindParts[i].part, "content search", status));
      content_error = status;
      continue;
    }
    std::vector<content::v1::Hit> hits = searches[i]->TakeHits();
    if (kKindParts[i].kind == content::v1::DRUG_LABEL) hits = ChooseLabels(resolved, std::move(hits), lexicon_);
    input.hits.insert(input.hits.end(), std::make_move_iterator(hits.begin()), std::make_move_iterator(hits.end()));
    for (const auto& [id, source] : searches[i]->sources()) input.sources.emplace(id, source);
    if (on_section) {
      // The sections so far are final: numbering is by first use in display
      // order, so later kinds only add numbers after them.
      const AnswerDraft partial = DraftAnswer(input, options_.assembly);
      absl::StatusOr<v1::Answer> so_far = FinishAnswer(partial, NumberByFirstUse(partial.draft));
      if (so_far.ok()) {
        for (const v1::Section& section : so_far->sections()) {
          if (section.kind() == SectionKindOf(kKindParts[i].kind)) on_section(section);
        }
      }
    }
  }
  if (degraded.size() == searches.size()) {
    return absl::UnavailableError(absl::StrCat("content: no section kind could be searched: ", content_error.message()));
  }
  AnswerDraft draft = DraftAnswer(input, options_.assembly);

  // 2. Citations and review, in parallel.
  const std::string id = NewAnswerId();
  std::shared_ptr<RegisterCall> registering;
  if (!draft.uses.empty()) {
    citation::v1::RegisterCitationsRequest registration;
    registration.set_answer_id(id);
    for (citation::v1::Use& use : draft.uses) *registration.add_uses() = std::move(use);
    registering = upstreams_.RegisterCitations(
        std::move(registration),
        CallScope{std::min(work_deadline, start + options_.citation_timeout), caller.request_id});
  }
  review::v1::SubmitArticleRequest submission;
  submission.set_answer_id(id);
  submission.set_question(text::TruncateCodePoints(resolved, kMaxQuestionChars));
  submission.set_author(caller.end_user.empty() ? kAnonymousAuthor : caller.end_user);
  const absl::Time review_deadline = std::min(work_deadline, start + options_.review_timeout);
  std::shared_ptr<SubmitCall> submitting =
      upstreams_.SubmitArticle(std::move(submission), CallScope{review_deadline, caller.request_id});

  NewAnswer stored;
  stored.author = submitting->request.author();
  // The registered citations, moved into the answer at the end.
  google::protobuf::RepeatedPtrField<citation::v1::Citation> citations;
  CitationNumbers numbers;
  if (registering != nullptr) {
    const absl::Status status = registering->Wait(work_deadline);
    if (status.ok()) {
      citations.Swap(registering->response.mutable_citations());
      numbers = NumbersFromCitations(citations);
    } else {
      degraded.push_back(Degraded(kCitationsPart, "citation registration", status));
      numbers = NumberByFirstUse(draft.draft);
      stored.unregistered = registering->request;  // the repairer registers it later
    }
  }
  absl::StatusOr<v1::Answer> finished = FinishAnswer(draft, numbers);
  if (!finished.ok()) {
    // citation numbered a different set of sources than the draft cites.
    log::Error("answer: citations do not match the draft", {{"answer_id", id}, {"error", finished.status().ToString()}});
    degraded.push_back(PartReason(kCitationsPart, finished.status().message()));
    citations.Clear();
    finished = FinishAnswer(draft, NumberByFirstUse(draft.draft));
    if (!finished.ok()) return finished.status();
  }
  v1::Answer answer = *std::move(finished);

  const absl::Status review_status = submitting->Wait(review_deadline);
  if (review_status.ok()) {
    stored.review.set_status(submitting->response.status());
    stored.review.set_article_id(submitting->response.id());
    stored.review.set_banner(ReviewBanner(submitting->response.status(), submitting->response.reopen_reason()));
  } else {
    degraded.push_back(Degraded(kReviewPart, "review submission", review_status));
    stored.review.set_banner(ReviewBanner(review::v1::ARTICLE_STATUS_UNSPECIFIED));
  }

  answer.set_id(id);
  answer.set_question(request.question());
  answer.set_conversation_id(request.conversation_id());
  answer.mutable_citations()->Swap(&citations);
  for (const std::string& reason : degraded) answer.add_degraded_reasons(reason);
  const google::protobuf::Timestamp now = ToTimestamp(absl::Now());
  *answer.mutable_create_time() = now;
  *answer.mutable_last_updated() = now;

  // Stored without its review state (kept apart, in stored.review), which
  // the caller gets with it.
  stored.answer = std::move(answer);
  stored.resolved_question = resolved;
  stored.question_key = question_key;
  RETURN_IF_ERROR(store_.Insert(stored));
  *stored.answer.mutable_review() = std::move(stored.review);
  return std::move(stored.answer);
}

absl::StatusOr<v1::Answer> AnswerService::GetAnswer(const v1::GetAnswerRequest& request, const Caller& caller) {
  RETURN_IF_ERROR(CheckText("id", request.id(), kMaxIdChars, Presence::kRequired));
  ASSIGN_OR_RETURN(StoredAnswer stored, store_.Get(request.id()));
  v1::Answer answer = std::move(stored.answer);

  // The current review state, live; the last known one when review cannot
  // say in time.
  const absl::Time deadline = std::min(caller.deadline, absl::Now() + options_.review_timeout);
  std::shared_ptr<ArticleByAnswerCall> call =
      upstreams_.GetArticleByAnswer(request.id(), CallScope{deadline, caller.request_id});
  const absl::Status status = call->Wait(deadline);
  if (status.ok()) {
    const review::v1::Article& article = call->response;
    v1::ReviewState* review = answer.mutable_review();
    review->set_status(article.status());
    review->set_article_id(article.id());
    review->set_banner(ReviewBanner(article.status(), article.reopen_reason()));
    if (TimeUtil::TimestampToMicroseconds(article.update_time()) >
        TimeUtil::TimestampToMicroseconds(answer.last_updated())) {
      *answer.mutable_last_updated() = article.update_time();
    }
  } else if (status.code() == absl::StatusCode::kNotFound) {
    answer.add_degraded_reasons(PartReason(kReviewPart, "the answer was never submitted for review"));
  } else {
    answer.add_degraded_reasons(Degraded(kReviewPart, "review state", status) + "; showing the last known state");
  }
  return answer;
}

absl::StatusOr<v1::ListAnswersResponse> AnswerService::ListAnswers(const v1::ListAnswersRequest& request) {
  if (!review::v1::ArticleStatus_IsValid(request.review_status())) {
    return Invalid("review_status", absl::StrCat("unknown status ", request.review_status()));
  }
  ASSIGN_OR_RETURN(const int page_size, grpcutil::PageSize(request.page_size()));
  const std::string list = absl::StrCat("answers/", static_cast<int>(request.review_status()));
  ASSIGN_OR_RETURN(const std::string cursor, grpcutil::DecodePageToken(list, request.page_token()));
  ASSIGN_OR_RETURN(AnswerPage page, store_.List(request.review_status(), page_size, cursor));
  v1::ListAnswersResponse response;
  for (StoredAnswer& stored : page.answers) *response.add_answers() = std::move(stored.answer);
  if (!page.next_cursor.empty()) response.set_next_page_token(grpcutil::EncodePageToken(list, page.next_cursor));
  return response;
}

}  // namespace medbrief::answer
