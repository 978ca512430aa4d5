#pragma once

// Composition of an answer's sections from selected sentences, and their
// citation numbers.
//
//   Draft draft = BuildDraft({{GUIDELINES, guideline_sentences},
//                             {DRUG_LABEL, label_sentences},
//                             {RESEARCH, research_sentences}}, max_citations);
//   AdaptToAudience(audience, &draft);                      // audience.h
//   GroupLabelKeyPoints(hits, &draft);                      // label_products.h
//   NameLabelProducts(question, hits, &draft);              // label_products.h
//   std::vector<citation::v1::Use> uses = CitationUses(draft);
//   ... RegisterCitations(answer_id, uses) -> citations ...
//   absl::StatusOr<std::vector<v1::Section>> sections =
//       RenderSections(draft, NumbersFromCitations(citations));
//
// A section is made of the sentences selected for its kind, in selection
// order: the summary is the first sentence, or the first two when the
// section has four or more; the key points are the rest (a drug-label
// section's are then grouped by drug: GroupLabelKeyPoints, label_products.h). A kind without
// sentences gives no section (never padded), and sections come in the
// order GUIDELINES, DRUG_LABEL, RESEARCH whatever the input order.
//
// Numbering: one number per source, by first use in display order
// (summary, then key points, section after section), so [1] is the first
// source read. Every sentence carries the number of its source as " [n]"
// before its final punctuation ("... every 4 weeks [2]."). Each sentence is
// one use (passage_id, claim) for RegisterCitations, whose claim is the
// sentence as found in the passage (not the audience rewording), so that the
// support check compares the passage with its own words.

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "medbrief/answer/v1/answer.pb.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "services/answer/ranking.h"

namespace medbrief::answer {

struct DraftSentence {
  // What the reader sees (the audience rewording of `claim`).
  std::string text;
  // The sentence as it is in the passage.
  std::string claim;
  std::string passage_id;
  std::string source_id;
  // Shown before `text` as "<product>: " (NameLabelProducts, label_products.h):
  // the drug of a label's sentence that does not name it. Not graded
  // (ReadingGrade) and not part of the claim.
  std::string product;
};

struct DraftSection {
  v1::SectionKind kind = v1::SECTION_KIND_UNSPECIFIED;
  std::vector<DraftSentence> summary;
  std::vector<DraftSentence> key_points;
};

struct Draft {
  std::vector<DraftSection> sections;
};

// "From the Guidelines", "From the FDA Drug Label", "From the Research".
std::string SectionTitle(v1::SectionKind kind);

// The section kind of a source kind (GUIDELINE -> GUIDELINES, ...).
v1::SectionKind SectionKindOf(content::v1::SourceKind kind);

// Builds the sections. `max_citations` (> 0) caps the distinct sources:
// a sentence whose source would take number max_citations + 1 is left out.
Draft BuildDraft(const std::vector<std::pair<v1::SectionKind, std::vector<RankedSentence>>>& selected,
                 int max_citations);

// The uses in display order, one per sentence.
std::vector<citation::v1::Use> CitationUses(const Draft& draft);

using CitationNumbers = absl::flat_hash_map<std::string, int>;  // source id -> number

// Numbers by first use, 1-based: what RegisterCitations gives for a new
// answer.
CitationNumbers NumberByFirstUse(const Draft& draft);

// The numbers RegisterCitations returned (its response's citations).
CitationNumbers NumbersFromCitations(const google::protobuf::RepeatedPtrField<citation::v1::Citation>& citations);

// The sections with [n] markers and citation_numbers (first-use order per
// section). FAILED_PRECONDITION when a cited source has no number.
absl::StatusOr<std::vector<v1::Section>> RenderSections(const Draft& draft, const CitationNumbers& numbers);

// " [n]" inserted before the final punctuation of `sentence`, or appended.
std::string WithMarker(absl::string_view sentence, int number);

}  // namespace medbrief::answer
