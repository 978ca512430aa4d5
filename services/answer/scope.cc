#include "services/answer/scope.h"

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/concurrency/bounded_memo.h"
#include "common/text/analyzer.h"
#include "services/answer/label_choice.h"
#include "services/answer/label_sections.h"
#include "services/answer/ranking.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

using Terms = absl::flat_hash_set<std::string>;

bool IsGenericConditionTerm(const std::string& term) {
  static const auto* const kGeneric = new Terms([] {
    const std::vector<std::string> terms = AnalyzedTerms(
        "tumor tumors cancer cancers carcinoma carcinomas neoplasm neoplasms neoplasia malignancy malignant "
        "metastasis metastases metastatic disease diseases syndrome disorder lesion lesions advanced early "
        "primary secondary recurrent chronic acute severe mild "
        "pancreas pancreatic liver hepatic lung lungs pulmonary breast stomach gastric colon colonic colorectal "
        "rectal rectum bowel intestinal gastrointestinal esophageal kidney renal bladder prostate thyroid ovary "
        "ovarian cervix cervical uterine skin brain bone blood heart cardiac head neck oral");
    return Terms(terms.begin(), terms.end());
  }());
  return kGeneric->contains(term);
}

// The distinctive words of each condition `text` names (conditions with
// none left out).
std::vector<Terms> ConditionWords(absl::string_view text, const Lexicon& lexicon) {
  std::vector<Terms> out;
  for (const std::string& condition : MentionsOf(lexicon.Find(text), TermCategory::kCondition)) {
    Terms words;
    for (std::string& term : AnalyzedTerms(condition)) {
      if (!IsGenericConditionTerm(term)) words.insert(std::move(term));
    }
    if (!words.empty()) out.push_back(std::move(words));
  }
  return out;
}

// ConditionWords of a source title, remembered for the builtin lexicon
// (the pipeline's): an answer reads a dozen titles, mostly seen before.
std::shared_ptr<const std::vector<Terms>> TitleConditions(absl::string_view title, const Lexicon& lexicon) {
  if (!lexicon.builtin()) return std::make_shared<const std::vector<Terms>>(ConditionWords(title, lexicon));
  static auto* const kRemembered =
      new concurrency::BoundedMemo<std::vector<Terms>>(/*max_entries=*/50000, /*max_bytes=*/4 << 20);
  return kRemembered->Get(title, title.size(), [&] { return ConditionWords(title, lexicon); });
}

// The types of diabetes `text` names: 1 for "type 1 diabetes", "type I",
// "type1", "T1DM"; 2 likewise; both for "types 1 and 2", "type I or II",
// "type 1/2". Empty when it names no diabetes or no type.
absl::flat_hash_set<int> DiabetesTypes(absl::string_view text) {
  absl::flat_hash_set<int> types;
  const std::string lower = absl::AsciiStrToLower(text);
  if (!absl::StrContains(lower, "diabet") && !absl::StrContains(lower, "t1d") && !absl::StrContains(lower, "t2d")) {
    return types;
  }
  const auto arabic = [](absl::string_view n) { return n == "1" ? 1 : n == "2" ? 2 : 0; };
  const auto roman = [](absl::string_view n) { return n == "i" ? 1 : n == "ii" ? 2 : 0; };
  const std::vector<text::RawToken> tokens = text::Tokenize(lower);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const absl::string_view t = tokens[i].text;
    if (absl::StartsWith(t, "t1d")) types.insert(1);
    if (absl::StartsWith(t, "t2d")) types.insert(2);
    if (t == "type1" || t == "type2") types.insert(t.back() - '0');
    if (t != "type" && t != "types") continue;
    // The numbers after it, joined by "and" or "or" ("/" is no token), in
    // the same numerals as the first: "type 2 and I take" is no type 1.
    bool is_roman = false;
    for (size_t j = i + 1; j < tokens.size(); ++j) {
      const absl::string_view n = tokens[j].text;
      const bool first = j == i + 1;
      const int type = first ? std::max(arabic(n), roman(n)) : is_roman ? roman(n) : arabic(n);
      if (type != 0) {
        if (first) is_roman = roman(n) != 0;
        types.insert(type);
      } else if (first || (n != "and" && n != "or")) {
        break;
      }
    }
  }
  return types;
}

}  // namespace

absl::flat_hash_set<std::string> SourcesOnOtherConditions(absl::string_view question,
                                                          const std::vector<content::v1::Hit>& hits,
                                                          const Lexicon& lexicon) {
  ScopeFacts facts;
  facts.names_a_drug = !NamedDrugs(question, lexicon).empty();
  facts.about_harms = DetectLabelIntent(question).harms();
  facts.lay_synonyms = lexicon.LaySynonyms(question);
  return SourcesOnOtherConditions(question, facts, hits, lexicon);
}

absl::flat_hash_set<std::string> SourcesOnOtherConditions(absl::string_view question, const ScopeFacts& facts,
                                                          const std::vector<content::v1::Hit>& hits,
                                                          const Lexicon& lexicon) {
  absl::flat_hash_set<std::string> excluded;
  // "Type 1 diabetes in adults" is another condition than type 2 diabetes,
  // though the two share every distinctive word; whatever the question asks
  // of it.
  if (const absl::flat_hash_set<int> asked_types = DiabetesTypes(question); !asked_types.empty()) {
    absl::flat_hash_set<std::string> typed;
    for (const content::v1::Hit& hit : hits) {
      if (hit.kind() == content::v1::DRUG_LABEL || !typed.insert(SourceIdOf(hit)).second) continue;
      const absl::flat_hash_set<int> types = DiabetesTypes(hit.source_title());
      if (!types.empty() && std::none_of(types.begin(), types.end(), [&](int t) { return asked_types.contains(t); })) {
        excluded.insert(SourceIdOf(hit));
      }
    }
  }
  // A question on a drug, or on harms, is answered from sources titled after
  // the disease the drug treats ("Everolimus in pancreatic neuroendocrine
  // tumours" for "Does everolimus cause stomatitis?").
  if (facts.about_harms || facts.names_a_drug) return excluded;
  Terms asked;
  for (const Terms& words : ConditionWords(question, lexicon)) asked.insert(words.begin(), words.end());
  for (const auto& [lay, medical] : facts.lay_synonyms) {  // "liver cancer": hepatocellular carcinoma
    for (const Terms& words : ConditionWords(medical, lexicon)) asked.insert(words.begin(), words.end());
  }
  if (asked.empty()) return excluded;
  absl::flat_hash_set<std::string> seen;
  for (const content::v1::Hit& hit : hits) {
    if (hit.kind() == content::v1::DRUG_LABEL || excluded.contains(SourceIdOf(hit)) ||
        !seen.insert(SourceIdOf(hit)).second) {
      continue;
    }
    const std::shared_ptr<const std::vector<Terms>> named = TitleConditions(hit.source_title(), lexicon);
    const bool shares = std::any_of(named->begin(), named->end(), [&](const Terms& words) {
      return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return asked.contains(w); });
    });
    if (!named->empty() && !shares) excluded.insert(SourceIdOf(hit));
  }
  return excluded;
}

}  // namespace medbrief::answer
