#pragma once

// The answer core in two calls, for the AnswerService pipeline. Everything
// here is pure: the caller searches content, fetches sources, registers
// citations and reads the review state.
//
//   NormalizedQuestion q = NormalizeQuestion(request.question());
//   // reuse an APPROVED answer stored under (q.key, audience), else:
//   // Search(q.search_query, kinds = {GUIDELINE}), {DRUG_LABEL}, {RESEARCH}
//   // (one call per kind, in parallel), GetSource for the hits' sources.
//   AnswerDraft draft = DraftAnswer({request.question(), request.audience(),
//                                    hits, sources, max_citations});
//   // RegisterCitations(answer_id, draft.uses) -> citations
//   absl::StatusOr<v1::Answer> answer =
//       FinishAnswer(draft, NumbersFromCitations(citations));
//   // then set id, question, audience, conversation_id, citations, review
//   // (status + ReviewBanner), degraded_reasons, timestamps.
//
// When RegisterCitations fails (the answer is degraded), FinishAnswer with
// NumberByFirstUse(draft.draft) gives the same numbers a first registration
// would. When no evidence was found, draft.uses is empty (RegisterCitations
// takes 1 to 200 uses: skip the call) and the answer has no sections. With
// the default RankingOptions there are at most 3 * 6 = 18 uses.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "medbrief/answer/v1/answer.pb.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/compose.h"
#include "services/answer/lexicon.h"
#include "services/answer/plain_language.h"
#include "services/answer/ranking.h"

namespace medbrief::answer {

struct AnswerInput {
  std::string question;
  v1::Audience audience = v1::CLINICIAN;
  // Hits of every section kind (each is ranked within its kind).
  std::vector<content::v1::Hit> hits;
  // Source metadata by id (evidence level, status, date); may be partial.
  SourceMap sources;
  // AskRequest.max_citations as given (0 means 10).
  int max_citations = 0;
};

struct AnswerDraft {
  Draft draft;
  // For RegisterCitations, in display order.
  std::vector<citation::v1::Use> uses;
  v1::Audience audience = v1::CLINICIAN;
  std::vector<std::string> follow_up_questions;
  std::string disclaimer;
};

struct AnswerOptions {
  RankingOptions ranking;
  const PlainLanguage* vocabulary = nullptr;          // nullptr: PlainLanguage::Builtin()
  const text::Abbreviations* abbreviations = nullptr;  // nullptr: Abbreviations::Builtin()
  // Lexicon(*vocabulary, *abbreviations), made once by whoever sets them (a
  // large vocabulary takes a while); nullptr: made on each call, except for
  // the builtin vocabulary and abbreviations, whose lexicon is made once.
  std::shared_ptr<const Lexicon> lexicon;
};

inline constexpr int kDefaultMaxCitations = 10;
// For PATIENT and CAREGIVER answers the ranking prefers sentences that read
// easily once reworded for them (RankingOptions.ease_weight, with the
// audience's rewording) and leaves out those with a clause of more than
// kPlainMaxWords words (their sentences are cut at clauses; counted on the
// source's wording, a list of short items as one word, so "The most
// frequent drug-related adverse events were stomatitis, rash, diarrhoea,
// fatigue and infections, which were mostly grade 1 or 2; ..." stays): the
// same evidence, in sentences easier to read.
inline constexpr double kPlainEaseWeight = 0.9;
inline constexpr int kPlainMaxWords = 18;

AnswerDraft DraftAnswer(const AnswerInput& input, const AnswerOptions& options = {});

// The options DraftAnswer ranks each section's sentences of `input` with:
// options.ranking, plus the lay readers' ease and sentence limits, plus the
// drugs a dose or safety question names, plus the sources on another
// condition (scope.h). For tools that show the ranking
// (tools/bench/answer_explain.cc). The reword callback of lay readers
// refers to options' vocabulary and abbreviations.
RankingOptions DraftRankingOptions(const AnswerInput& input, const AnswerOptions& options = {});

// Sections with [n] markers, disclaimer, follow-up questions and reading
// grade; FAILED_PRECONDITION when a cited source has no number.
absl::StatusOr<v1::Answer> FinishAnswer(const AnswerDraft& draft, const CitationNumbers& numbers);

}  // namespace medbrief::answer
