#pragma once

// The AnswerService pipeline (issue 6):
//
//   validate -> resolve a follow-up against the conversation's last question
//   -> NormalizeQuestion -> an APPROVED answer stored under (key, audience)?
//   return it as it stands. Otherwise:
//   -> Search content for GUIDELINE, DRUG_LABEL and RESEARCH in parallel
//      (and GetSource for the hits' sources), under a deadline derived from
//      the caller's
//   -> per kind, in display order, as soon as it is in: its section
//      (streamed by AskStream)
//   -> RegisterCitations and SubmitArticle, in parallel
//   -> the Answer, stored with its citations and review state.
//
// A dependency that fails or misses its deadline leaves its part out with a
// `degraded_reasons` entry ("research: content search deadline exceeded");
// only content failing for every kind is an error (UNAVAILABLE). The
// database is the answer's home: when it cannot store the answer the call
// fails (UNAVAILABLE) rather than hand out an answer nobody can review.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "medbrief/answer/v1/answer.pb.h"
#include "services/answer/answer_store.h"
#include "services/answer/assemble.h"
#include "services/answer/lexicon.h"
#include "services/answer/question.h"
#include "services/answer/upstreams.h"

namespace medbrief::answer {

struct AnswerServiceOptions {
  // The budget of a call whose caller set no deadline.
  absl::Duration default_budget = absl::Seconds(5);
  // Longest waits on each dependency, within the caller's deadline.
  absl::Duration search_timeout = absl::Seconds(2);
  absl::Duration citation_timeout = absl::Seconds(3);
  absl::Duration review_timeout = absl::Seconds(2);
  // Hits asked of content per section kind.
  int search_top_k = 20;
  AnswerOptions assembly;
};

// Who asks, and by when the answer is due.
struct Caller {
  std::string end_user;  // the token's subject, passed on to review as the author
  absl::Time deadline = absl::InfiniteFuture();
  std::string request_id;  // passed on to content, citation and review (x-request-id)
};

inline constexpr size_t kMaxIdChars = 128;
inline constexpr int kMaxCitations = 50;
// The author recorded in review when the caller is anonymous (--auth=off).
inline constexpr char kAnonymousAuthor[] = "medbrief-answer";

class AnswerService {
 public:
  // Called with each section as soon as it is ready, in display order.
  using SectionSink = std::function<void(const v1::Section&)>;

  AnswerService(AnswerStore& store, Upstreams& upstreams, AnswerServiceOptions options = {});

  absl::StatusOr<v1::Answer> Ask(const v1::AskRequest& request, const Caller& caller,
                                 const SectionSink& on_section = nullptr);
  absl::StatusOr<v1::Answer> GetAnswer(const v1::GetAnswerRequest& request, const Caller& caller);
  absl::StatusOr<v1::ListAnswersResponse> ListAnswers(const v1::ListAnswersRequest& request);

 private:
  // A new answer to `resolved` (the question as understood).
  absl::StatusOr<v1::Answer> Assemble(const v1::AskRequest& request, const std::string& resolved,
                                      const std::string& question_key, const std::string& search_query,
                                      const Caller& caller, const SectionSink& on_section);

  AnswerStore& store_;
  Upstreams& upstreams_;
  const AnswerServiceOptions options_;
  const Lexicon lexicon_;  // options_.assembly's, or the builtin one
};

// AskRequest's checks, INVALID_ARGUMENT naming the field.
absl::Status ValidateAsk(const v1::AskRequest& request);

}  // namespace medbrief::answer
