#pragma once

// Which sources are about another condition than the question's.
//
//   ranking.excluded_sources = SourcesOnOtherConditions(question, hits, lexicon);
//
// A guideline or study is written for a condition, which its title names:
// "First-line treatment of metastatic pancreatic ductal adenocarcinoma".
// Its sentences read as advice on that condition ("liver-directed therapies
// are not standard in this disease"), so they must not answer a question on
// another one (a pancreatic neuroendocrine tumour), however many words the
// two share.
//
// A condition's distinctive words are its analysed terms less the generic
// ones: disease words (tumour, cancer, carcinoma, neoplasm, metastasis,
// disease, syndrome, ...) and body sites (pancreatic, liver, lung, ...).
// A source is on another condition when its title names at least one
// condition with distinctive words, the question names at least one too,
// and no condition of the title shares a distinctive word with a condition
// of the question (a lay wording of the question counting as its medical
// term: "liver cancer", hepatocellular carcinoma). Types of diabetes are
// conditions of their own: a title naming only type 1 diabetes ("Type 1
// diabetes in adults") is on another condition than a question on type 2,
// and the reverse, whatever the question asks; one naming both, or no type,
// is not. Drug labels are never excluded here (label_choice.h has their
// rules); a title or question naming no such condition excludes nothing,
// and but for the types of diabetes neither does a question naming a drug
// or asking about harms, whose evidence is titled after the disease the drug
// treats ("Does everolimus cause stomatitis?").

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/lexicon.h"

namespace medbrief::answer {

// What the rule reads of the question besides its text, which DraftAnswer
// has worked out for its ranking already.
struct ScopeFacts {
  bool names_a_drug = false;  // NamedDrugs is not empty
  bool about_harms = false;   // DetectLabelIntent(...).harms()
  std::vector<std::pair<std::string, std::string>> lay_synonyms;  // Lexicon::LaySynonyms
};

absl::flat_hash_set<std::string> SourcesOnOtherConditions(absl::string_view question, const ScopeFacts& facts,
                                                          const std::vector<content::v1::Hit>& hits,
                                                          const Lexicon& lexicon);

// The same, working the facts out from the question.
absl::flat_hash_set<std::string> SourcesOnOtherConditions(absl::string_view question,
                                                          const std::vector<content::v1::Hit>& hits,
                                                          const Lexicon& lexicon);

}  // namespace medbrief::answer
