#pragma once

// The drug a label's sentence is about, for showing it. A label's sentence
// does not always name its drug: "For GEP-NETs, the dose is 120 mg every 4
// weeks" is lanreotide's, and beside everolimus' and sunitinib's sentences
// the reader cannot tell. NameLabelProducts gives such a sentence its
// drug's name, which RenderSections shows before it: "Lanreotide: For
// GEP-NETs, the dose is 120 mg every 4 weeks [7]". Display only: the
// sentence's text and its claim (checked for support) stay the label's
// words, and ReadingGrade leaves the name out.

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/compose.h"

namespace medbrief::answer {

// The product words of a label title, folded: its first word and the words
// inside its parentheses ("VIAGRA (sildenafil citrate) tablets" -> viagra,
// sildenafil), less release and dosage forms ("(long-acting release)") and
// salts beside the drug (a salt alone stays: "(potassium chloride)").
absl::flat_hash_set<std::string> ProductWords(absl::string_view title);

// The product a label title names, for showing: its words up to the first
// dosage form or route, or punctuation outside parentheses, less the salt
// and hydrate words of an active ingredient ("VIAGRA® (sildenafil citrate)
// tablets, for oral use" -> "VIAGRA (sildenafil)", "Octreotide acetate for
// injectable suspension" -> "Octreotide"), with a capital first letter: it
// opens a sentence. A salt that is the drug stays ("Sodium chloride",
// "Magnesium sulfate", "(potassium chloride)"). Without what parentheses
// hold when that would be over 60 bytes; empty when the title names no
// product ("Drug Facts", "Drug label <set id>") or the name is still over
// 60 bytes.
std::string LabelProductName(absl::string_view title);

// A label's product, as NameLabelProducts shows it.
struct LabelProduct {
  explicit LabelProduct(absl::string_view title);
  // Whether `text` has one of `words`.
  bool NamedIn(absl::string_view text) const;

  std::string name;  // LabelProductName of the title
  // What counts as one drug: `name` in lower case (several makers'
  // metformin labels are one), or the title when it names no product.
  std::string drug;
  // The words that name it, folded, of 4 letters or more: ProductWords of
  // the title and the words of `name` when it has at most 4 (a drug's name,
  // not a brand's phrase such as "Childrens Night Time Cold and Cough"),
  // less salt words and words of a brand's wording that name nothing
  // ("human" of "HUMULIN R (insulin human)", "maximum", "strength").
  absl::flat_hash_set<std::string> words;
};

// Sets DraftSentence::product of each drug-label sentence of `draft` whose
// text does not name its product (LabelProduct::NamedIn), to the product's
// name; `hits` give the labels' titles. Sentences of labels of one drug
// (LabelProduct::drug) count as one product:
//   - one product in the section: only the section's first sentence may
//     get the name, and none does when the question names the product;
//   - a summary sentence that follows one of the same product is left as
//     it reads ("Lanreotide is ... It is injected ...").
void NameLabelProducts(absl::string_view question, const std::vector<content::v1::Hit>& hits, Draft* draft);

// Orders the key points of `draft`'s drug-label section so that a drug's
// follow each other, in the order the drug is first quoted (summary
// included): everolimus' dose next to what everolimus is, not after
// sunitinib's indications. A drug is LabelProduct::drug; the order within a
// drug stays. Citation numbers, given by first use in display order, follow.
void GroupLabelKeyPoints(const std::vector<content::v1::Hit>& hits, Draft* draft);

}  // namespace medbrief::answer
