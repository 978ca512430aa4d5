#include "services/answer/label_choice.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/analyzer.h"
#include "services/answer/conversation.h"
#include "services/answer/label_products.h"
#include "services/answer/label_sections.h"
#include "services/answer/passage_analysis.h"
#include "services/answer/question.h"
#include "services/answer/ranking.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

// Whether a label's indications (its hits in section 34067-9) are about the
// question's condition: they share two of its topic terms that are not
// generic, or half of them when the question has fewer than four.
bool IndicatedForTheQuestion(const std::vector<std::string>& topic,
                             const std::vector<const content::v1::Hit*>& indications) {
  // The passages' analyses as ranking remembers them.
  std::vector<std::shared_ptr<const PassageAnalysis>> analyses;
  for (const content::v1::Hit* hit : indications) analyses.push_back(AnalyzePassage(hit->passage().text()));
  size_t shared = 0;
  for (const TermKey key : DistinctTermKeys(topic)) {
    shared += std::any_of(analyses.begin(), analyses.end(), [&](const auto& a) { return a->terms.Contains(key); });
  }
  return shared >= 2 || (shared > 0 && 2 * shared >= topic.size());
}

// Whether a label's indications describe its product as a diagnostic agent
// ("Gallium Ga 68 dotatate is a radioactive diagnostic agent indicated for
// use with PET ...", "... is a gadolinium-based contrast agent indicated
// for ...", "... is a pharmacologic stress agent ..."): it finds the
// condition, it does not treat it. Only "is a(n) ... agent" counts (a
// therapy may select patients "using an imaging agent"), and never a label
// indicated for a treatment too.
bool IsDiagnosticAgent(const std::vector<const content::v1::Hit*>& indications) {
  constexpr size_t kMaxWordsBetween = 4;  // "is a radioactive diagnostic agent"
  bool diagnostic = false;
  for (const content::v1::Hit* hit : indications) {
    const std::string text = absl::AsciiStrToLower(hit->passage().text());
    for (const char* treats : {"indicated for the treatment", "indicated to treat", "indicated for treatment"}) {
      if (absl::StrContains(text, treats)) return false;
    }
    for (const char* kind : {"diagnostic agent", "contrast agent", "imaging agent", "stress agent",
                             "diagnostic radiopharmaceutical", "contrast medium"}) {
      for (size_t at = text.find(kind); at != std::string::npos && !diagnostic; at = text.find(kind, at + 1)) {
        // The words before it, back to "is a" or "is an".
        const std::vector<text::RawToken> before = text::Tokenize(absl::string_view(text).substr(0, at));
        for (size_t back = 0; back <= kMaxWordsBetween + 1 && back + 2 <= before.size(); ++back) {
          const absl::string_view is = before[before.size() - back - 2].text;
          const absl::string_view a = before[before.size() - back - 1].text;
          if (is == "is" && (a == "a" || a == "an")) diagnostic = true;
        }
      }
    }
  }
  return diagnostic;
}

// Whether the question is about finding the condition: diagnosis, imaging,
// scans, staging, monitoring (which is done with scans). Words a treatment
// question uses too count only without a treatment word ("What is the
// treatment for prostate cancer after a positive biopsy?" is about
// treatment): tests, biopsies, screening, confirming. Participles such as
// "diagnosed" or "found" ("newly diagnosed ...", "a tumour found in the
// pancreas") count only in a question asking how, with "how" among its
// first four words ("In adults, how is X diagnosed?").
bool AsksHowItIsFound(absl::string_view question) {
  static const auto* const kFinding = new absl::flat_hash_set<std::string>{
      "diagnose",    "diagnosis",  "diagnosing",   "diagnostic", "detect",      "detecting", "detection",
      "locate",      "localize",   "localise",     "localization", "localisation", "imaging", "image",
      "images",      "scan",       "scans",        "scanning",   "pet",         "spect",     "ct",
      "mri",         "ultrasound", "scintigraphy", "tomography", "staging",     "restaging", "monitor",
      "monitored",   "monitoring", "surveillance"};
  static const auto* const kUnlessTreating = new absl::flat_hash_set<std::string>{
      "test", "tests", "testing", "biopsy", "screen", "screening", "confirm", "confirmed", "confirming"};
  static const auto* const kTreating = new absl::flat_hash_set<std::string>{
      "treat", "treated", "treating", "treatment", "treatments", "therapy", "therapies", "manage", "management",
      "drug", "drugs", "medicine", "medicines", "dose", "dosing"};
  static const auto* const kWhenAskedHow = new absl::flat_hash_set<std::string>{
      "diagnosed", "found", "detected", "find", "located", "localized", "localised"};
  constexpr size_t kHowWithin = 4;
  const std::vector<std::string> words = FoldedWords(question);
  const auto head_end = words.begin() + static_cast<std::ptrdiff_t>(std::min(words.size(), kHowWithin));
  const bool how = std::find(words.begin(), head_end, "how") != head_end;
  const bool treating =
      std::any_of(words.begin(), words.end(), [](const std::string& w) { return kTreating->contains(w); });
  for (const std::string& word : words) {
    if (kFinding->contains(word) || (how && kWhenAskedHow->contains(word)) ||
        (!treating && kUnlessTreating->contains(word))) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> NamedDrugs(absl::string_view question, const Lexicon& lexicon) {
  std::vector<std::string> drugs = ExtractContext(question, lexicon).drugs;
  for (const text::RawToken& token : text::Tokenize(question)) {
    if (!Lexicon::LooksLikeDrug(token.text)) continue;
    std::string drug = absl::AsciiStrToLower(token.text);
    if (std::find(drugs.begin(), drugs.end(), drug) == drugs.end()) drugs.push_back(std::move(drug));
  }
  return drugs;
}

bool NamesADrug(absl::string_view question, const Lexicon& lexicon) { return !NamedDrugs(question, lexicon).empty(); }

std::string LabelSearchQuery(absl::string_view question, absl::string_view search_query, const Lexicon& lexicon) {
  constexpr size_t kMaxQueryBytes = 1000;  // content counts characters: bytes are at least as many
  if (!NamesADrug(question, lexicon)) return std::string(search_query);
  std::string query = absl::StrCat(search_query, " ", LabelSectionWords(question));
  return query.size() <= kMaxQueryBytes ? query : std::string(search_query);
}

std::vector<content::v1::Hit> ChooseLabels(absl::string_view question, std::vector<content::v1::Hit> hits,
                                           const Lexicon& lexicon) {
  absl::flat_hash_set<std::string> asked;
  for (const text::RawToken& t : text::Tokenize(question)) asked.insert(text::FoldCase(t.text));
  const auto named = [&](const content::v1::Hit& hit) {
    for (const std::string& word : ProductWords(hit.source_title())) {
      if (word.size() >= 4 && asked.contains(word)) return true;
    }
    return false;
  };
  const bool any_named = std::any_of(hits.begin(), hits.end(), [&](const content::v1::Hit& hit) {
    return hit.kind() == content::v1::DRUG_LABEL && named(hit);
  });
  const bool names_a_drug = any_named || NamesADrug(question, lexicon);
  if (!names_a_drug) {
    // A question about a condition: a label is kept only when its
    // indications, among the hits, are about that condition. A label is one
    // product's text; whatever words it shares with the question elsewhere
    // (a dosage table, a warning), it does not answer a question about
    // another condition.
    const std::vector<std::string> topic = SubjectTerms(question);
    absl::flat_hash_map<std::string, std::vector<const content::v1::Hit*>> indications;  // by source
    for (const content::v1::Hit& hit : hits) {
      if (hit.kind() == content::v1::DRUG_LABEL && hit.passage().section_code() == kLoincIndications) {
        indications[SourceIdOf(hit)].push_back(&hit);
      }
    }
    // A diagnostic agent's label answers how the condition is found, not
    // how it is treated.
    const bool finding = AsksHowItIsFound(question);
    absl::flat_hash_set<std::string> relevant;
    for (const auto& [source, passages] : indications) {
      if (IndicatedForTheQuestion(topic, passages) && (finding || !IsDiagnosticAgent(passages))) {
        relevant.insert(source);
      }
    }
    hits.erase(std::remove_if(hits.begin(), hits.end(),
                              [&](const content::v1::Hit& hit) {
                                return hit.kind() == content::v1::DRUG_LABEL && !relevant.contains(SourceIdOf(hit));
                              }),
               hits.end());
    return hits;
  }
  hits.erase(std::remove_if(hits.begin(), hits.end(),
                            [&](const content::v1::Hit& hit) {
                              return hit.kind() == content::v1::DRUG_LABEL && !(any_named && named(hit));
                            }),
             hits.end());
  return hits;
}

}  // namespace medbrief::answer
