#pragma once

// Suggested follow-up questions, drawn from the evidence of an answer.
//
//   std::vector<std::string> f = SuggestFollowUps(question, evidence_texts, lexicon);
//
// The drugs, therapies and tests (lexicon.h) mentioned in the evidence
// sentences (in their order) and not in the question each give one question:
//   drug     "What are the side effects of everolimus?"
//   therapy  "When is radiofrequency ablation used?" ("When are ... used?"
//            for a term ending in s, not ss/us/is)
//   test     "How is chromogranin A used for monitoring?"
// taken in turn from each category (drug, therapy, test, drug, ...) so that
// one kind does not crowd out the others, at most max_questions (5), each
// subject once (its words compared as analysed terms, so "somatostatin
// analog" and "somatostatin analogs" are one subject). Fewer than three
// come back when the evidence names fewer subjects: a question is never
// about something the evidence does not mention.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/answer/lexicon.h"

namespace medbrief::answer {

inline constexpr int kMaxFollowUps = 5;

std::vector<std::string> SuggestFollowUps(absl::string_view question, const std::vector<std::string>& evidence,
                                          const Lexicon& lexicon, int max_questions = kMaxFollowUps);

}  // namespace medbrief::answer
