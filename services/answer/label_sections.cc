#include "services/answer/label_sections.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/concurrency/last_per_thread.h"
#include "common/text/analyzer.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

// The question's folded words, and the same joined by single spaces and
// padded with spaces, so that a cue of several words matches whole words
// only.
struct FoldedQuestion {
  absl::flat_hash_set<std::string> words;
  std::string text;
};

FoldedQuestion Fold(absl::string_view question) {
  std::vector<std::string> words;
  for (const text::RawToken& token : text::Tokenize(question)) {
    words.push_back(FoldWord(token.text));
  }
  FoldedQuestion out;
  out.text = absl::StrCat(" ", absl::StrJoin(words, " "), " ");
  out.words.insert(words.begin(), words.end());
  return out;
}

// Cues of one intent: a one-word cue is looked up among the question's
// words, a longer one (padded with spaces once) in its text.
class Cues {
 public:
  Cues(std::initializer_list<absl::string_view> cues) {
    for (absl::string_view cue : cues) {
      if (absl::StrContains(cue, ' ')) {
        phrases_.push_back(absl::StrCat(" ", cue, " "));
      } else {
        words_.emplace(cue);
      }
    }
  }

  bool In(const FoldedQuestion& question) const {
    return std::any_of(words_.begin(), words_.end(),
                       [&](const std::string& word) { return question.words.contains(word); }) ||
           std::any_of(phrases_.begin(), phrases_.end(),
                       [&](const std::string& cue) { return absl::StrContains(question.text, cue); });
  }

 private:
  absl::flat_hash_set<std::string> words_;
  std::vector<std::string> phrases_;
};

LabelIntent DetectIntent(const FoldedQuestion& folded) {
  static const Cues* const kDose = new Cues{"dose",        "doses",    "dosing",         "dosage", "dosages",
                                            "dosed",       "how much", "how often",      "administer",
                                            "administered", "administration", "regimen", "schedule"};
  static const Cues* const kIndication = new Cues{"indication", "indications", "indicated", "used for",
                                                  "use for",    "approved",    "approval",  "what is it for"};
  static const Cues* const kSafety =
      new Cues{"safety",   "safe",           "side effect",       "side effects",     "adverse",
               "toxicity", "toxicities",     "risk",              "risks",            "warning",
               "warnings", "contraindication", "contraindications", "contraindicated", "precaution",
               "precautions", "harm",        "harms"};
  // "shouldn't" is folded to "shouldn t".
  static const Cues* const kRestriction =
      new Cues{"not take",       "not use",        "cannot take",  "cannot use",    "shouldn t take", "mustn t take",
               "don t take",     "can t take",     "shouldn t use", "mustn t use",  "don t use"};
  static const Cues* const kInteraction = new Cues{"interact", "interacts", "interaction", "interactions"};
  LabelIntent intent;
  intent.dose = kDose->In(folded);
  intent.indication = kIndication->In(folded);
  intent.safety = kSafety->In(folded);
  intent.restriction = kRestriction->In(folded);
  intent.interaction = kInteraction->In(folded);
  return intent;
}

}  // namespace

LabelIntent DetectLabelIntent(absl::string_view question) {
  // The steps of one answer (label search and choice, ranking) ask about the
  // same question in turn.
  return concurrency::LastPerThread(question, [&] { return DetectIntent(Fold(question)); });
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
