#pragma once

// Strength of a source's evidence, 0 to 1, from Source.evidence_level (free
// text), Source.publication_types and the source kind. A range describing
// the scale ("Level I-V", "Grade A-E") is not a grade and is ignored. First
// match wins:
//   1.0  guideline grade of the top tier: "Level I" (not II-V), "Grade A",
//        "Class I", "GRADE: high"
//   0.9  meta-analysis, systematic review; a guideline of a lower grade
//        ("Level II", "Grade B", "GRADE: moderate", "Class II")
//   0.85 an FDA drug label (the label is the regulator's text)
//   0.8  randomized controlled trial
//   0.7  a guideline with no recognised grade
//   0.6  (narrative) review; a guideline of low grade ("Level III" and lower,
//        "Grade C" and lower, "GRADE: low")
//   0.5  cohort, prospective, retrospective, observational
//   0.4  case-control; unknown level of a research article
//   0.3  expert opinion, consensus
//   0.2  case report, case series

#include <string>

#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::answer {

double EvidenceStrength(const content::v1::Source& source);
double EvidenceStrength(content::v1::SourceKind kind, absl::string_view evidence_level,
                        absl::string_view publication_types = "");

// Year of an ISO 8601 date with partial precision ("2020", "2020-06",
// "2020-06-15"); 0 when empty or malformed.
int PublicationYear(absl::string_view published_date);

}  // namespace medbrief::answer
