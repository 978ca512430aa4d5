#include "services/answer/label_sections.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text/analyzer.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

// The question as folded words joined by single spaces, padded with spaces
// so that a cue matches whole words only.
std::string FoldedText(absl::string_view question) {
  std::vector<std::string> words;
  for (const text::RawToken& token : text::Tokenize(question)) {
    words.push_back(FoldWord(token.text));
  }
  return absl::StrCat(" ", absl::StrJoin(words, " "), " ");
}

bool HasCue(const std::string& folded, std::initializer_list<absl::string_view> cues) {
  for (absl::string_view cue : cues) {
    if (absl::StrContains(folded, absl::StrCat(" ", cue, " "))) {
      return true;
    }
  }
  return false;
}

}  // namespace

LabelIntent DetectLabelIntent(absl::string_view question) {
  const std::string folded = FoldedText(question);
  LabelIntent intent;
  intent.dose = HasCue(folded, {"dose", "doses", "dosing", "dosage", "dosages", "dosed", "how much", "how often",
                                "administer", "administered", "administration", "regimen", "schedule"});
  intent.indication = HasCue(folded, {"indication", "indications", "indicated", "used for", "use for",
                                      "approved", "approval", "what is it for"});
  intent.safety = HasCue(folded, {"safety", "safe", "side effect", "side effects", "adverse", "toxicity",
                                  "toxicities", "risk", "risks", "warning", "warnings", "contraindication",
                                  "contraindications", "contraindicated", "precaution", "precautions", "harm",
                                  "harms"});
  // "shouldn't" is folded to "shouldn t".
  intent.restriction = HasCue(folded, {"not take", "not use", "cannot take", "cannot use", "shouldn t take",
                                       "mustn t take", "don t take", "can t take", "shouldn t use", "mustn t use",
                                       "don t use"});
  intent.interaction = HasCue(folded, {"interact", "interacts", "interaction", "interactions"});
  return intent;
}

std::vector<std::string> LabelSectionCodes(const LabelIntent& intent) {
  if (!intent.any()) {
    return {std::string(kLoincIndications), std::string(kLoincDosage)};
  }
  std::vector<std::string> codes;
  if (intent.safety || intent.restriction) {
    codes.emplace_back(kLoincBoxedWarning);
  }
  if (intent.indication) {
    codes.emplace_back(kLoincIndications);
  }
  if (intent.dose) {
    codes.emplace_back(kLoincDosage);
  }
  if (intent.safety || intent.restriction) {
    codes.emplace_back(kLoincContraindications);
  }
  if (intent.harms()) {
    codes.emplace_back(kLoincWarningsPrecautions);
  }
  if (intent.safety) {
    codes.emplace_back(kLoincAdverseReactions);
  }
  if (intent.interaction) {
    codes.emplace_back(kLoincDrugInteractions);
  }
  return codes;
}

std::vector<std::string> LabelSectionCodes(absl::string_view question) {
  return LabelSectionCodes(DetectLabelIntent(question));
}

std::string LabelSectionWords(absl::string_view question) {
  std::vector<absl::string_view> words;
  for (const std::string& code : LabelSectionCodes(question)) {
    if (code == kLoincBoxedWarning) words.push_back("boxed warning");
    if (code == kLoincIndications) words.push_back("indications usage");
    if (code == kLoincDosage) words.push_back("dosage administration");
    if (code == kLoincContraindications) words.push_back("contraindications");
    if (code == kLoincWarningsPrecautions) words.push_back("warnings precautions");
    if (code == kLoincAdverseReactions) words.push_back("adverse reactions");
    if (code == kLoincDrugInteractions) words.push_back("drug interactions");
  }
  return absl::StrJoin(words, " ");
}

}  // namespace medbrief::answer
