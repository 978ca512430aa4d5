#pragma once

// Question normalisation: the key under which an approved answer is reused,
// and the text sent to the content search.
//
//   NormalizedQuestion q = NormalizeQuestion("Best approach for metastatic pNET?");
//   q.key           == "best approach for metastatic pancreatic neuroendocrine tumor"
//   q.search_query  == "Best approach for metastatic pNET pancreatic neuroendocrine tumor"
//
// The key folds what does not change the question's meaning:
//   - case and Latin accents ("Tumour" = "tumour"); British spelling
//     ("tumour" = "tumor", "oesophageal" = "esophageal");
//   - punctuation and whitespace (only letter/digit tokens are kept, one
//     space apart; "37.5" and "1,000" stay whole numbers);
//   - abbreviations of the vocabulary, as written (case-sensitive, "NET" not
//     "net"), replaced by their first expansion ("pNET" = "pancreatic
//     neuroendocrine tumor"), also when the question spells both
//     ("neuroendocrine tumour (NET)" keeps the phrase once).
// It keeps word order, stop words and plural forms: "tumor" and "tumors" are
// different keys, so two questions share an answer only when they say the
// same thing.
//
// The search query keeps the question's words as written (minus
// punctuation) and appends the expansions of its abbreviations, so that BM25
// matches passages using either form, and "initial" when the question asks
// what to try first ("tried first", "first choice", "first-line"): the
// guidelines' word for it.

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"

namespace medbrief::answer {

// A question's length limit, in characters: Ask's request, the question as
// resolved (a follow-up's, brands' generic names added) and the question
// submitted to review.
inline constexpr size_t kMaxQuestionChars = 1000;

struct NormalizedQuestion {
  std::string key;
  std::string search_query;
};

NormalizedQuestion NormalizeQuestion(absl::string_view question,
                                     const text::Abbreviations& abbreviations = text::Abbreviations::Builtin());

// The question's analysed terms (abbreviations expanded, and the search
// query's "initial") without the words that only frame a question ("best
// approach", "used", "recommended", "tried"); all of them when nothing else
// is left.
std::vector<std::string> TopicTerms(absl::string_view question);

// `terms` (TopicTerms) with the words the sources write for a lay phrase
// added, for ranking sentences: "side effects" brings "adverse" and
// "toxicity" (trials report adverse events, labels adverse reactions). Not
// for what the question is about (SubjectTerms): the label choice counts
// those.
std::vector<std::string> WithSourceWording(std::vector<std::string> terms);

// Whether an analysed term says nothing of a question's subject: patients,
// adults, treatment, therapy, dose, risk, years of age, and the like.
bool IsGenericClinicalTerm(const std::string& term);

// TopicTerms less the generic clinical ones, each once: what the question is
// about ("sildenafil", "erectil", "dysfunct"). Empty when nothing is left.
std::vector<std::string> SubjectTerms(absl::string_view question);
// The same from the question's TopicTerms, when they are at hand.
std::vector<std::string> SubjectTerms(const std::vector<std::string>& topic_terms);

}  // namespace medbrief::answer
