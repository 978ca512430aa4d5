#pragma once

// Which drug-label sections (LOINC section codes of an SPL) answer a
// question, by the question's intent.
//
//   intent        cue words in the question (after folding)          sections
//   ------------  -------------------------------------------------  ---------------------------------
//   kDose         dose, doses, dosing, dosage, how much, how often,   34068-7 Dosage and administration
//                 administer(ed), regimen, schedule
//   kIndication   indication(s), indicated, used for, approved,       34067-9 Indications and usage
//                 approval, what is ... for
//   kSafety       safety, safe, side effect(s), adverse, toxicity,    34066-1 Boxed warning,
//                 risk(s), warning(s), contraindication(s),           34070-3 Contraindications,
//                 precaution(s), harm(s)                              43685-7 Warnings and precautions,
//                                                                     34084-4 Adverse reactions
//   (none)        no cue                                              34067-9 then 34068-7
// Several intents add up, each code once, in label order: boxed warning
// first (a safety question always sees it), then indications, dosage,
// contraindications, warnings and precautions, adverse reactions.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::answer {

inline constexpr absl::string_view kLoincBoxedWarning = "34066-1";
inline constexpr absl::string_view kLoincIndications = "34067-9";
inline constexpr absl::string_view kLoincDosage = "34068-7";
inline constexpr absl::string_view kLoincContraindications = "34070-3";
inline constexpr absl::string_view kLoincWarningsPrecautions = "43685-7";
inline constexpr absl::string_view kLoincAdverseReactions = "34084-4";

struct LabelIntent {
  bool dose = false;
  bool indication = false;
  bool safety = false;
  bool any() const { return dose || indication || safety; }
};

LabelIntent DetectLabelIntent(absl::string_view question);

// The headings of the sections LabelSectionCodes picks, as search words
// ("dosage administration contraindications ..."), for LabelSearchQuery.
std::string LabelSectionWords(absl::string_view question);

// The label section codes to quote for `question`, in display order.
std::vector<std::string> LabelSectionCodes(absl::string_view question);
std::vector<std::string> LabelSectionCodes(const LabelIntent& intent);

}  // namespace medbrief::answer
