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
//   kRestriction  not take, not use (must not, should not, do not,    34066-1 Boxed warning,
//                 cannot, shouldn't, don't ... take or use)           34070-3 Contraindications,
//                                                                     43685-7 Warnings and precautions
//   kInteraction  interact(s), interaction(s)                         34073-7 Drug interactions,
//                                                                     43685-7 Warnings and precautions
//   (none)        no cue                                              34067-9 then 34068-7
// Several intents add up, each code once, in label order: boxed warning
// first (a safety question always sees it), then indications, dosage,
// contraindications, warnings and precautions, adverse reactions, drug
// interactions.

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
inline constexpr absl::string_view kLoincDrugInteractions = "34073-7";

struct LabelIntent {
  bool dose = false;
  bool indication = false;
  bool safety = false;       // side effects, risks, warnings
  bool restriction = false;  // who must not take it
  bool interaction = false;  // what it must not be taken with
  bool any() const { return dose || indication || safety || restriction || interaction; }
  // Whether the question is about the harms of a drug (all but dose and
  // indication).
  bool harms() const { return safety || restriction || interaction; }
};

LabelIntent DetectLabelIntent(absl::string_view question);

// The headings of the sections LabelSectionCodes picks, as search words
// ("dosage administration contraindications ..."), for LabelSearchQuery.
std::string LabelSectionWords(absl::string_view question);

// The label section codes to quote for `question`, in display order.
std::vector<std::string> LabelSectionCodes(absl::string_view question);
std::vector<std::string> LabelSectionCodes(const LabelIntent& intent);

}  // namespace medbrief::answer
