#pragma once

// Which drug labels may answer a question. A label is one product's text:
// quoting the Lipitor label in an answer about apixaban misleads, however
// many words they share. So:
//   - a label whose product the question names (a word of its title's
//     product part: the first word and what its parentheses hold, e.g.
//     "VIAGRA (sildenafil citrate) tablets" -> viagra, sildenafil, citrate)
//     is kept, and when any is, only those are;
//   - otherwise, when the question names a drug (the vocabulary's drugs, or
//     a drug-like name: Lexicon::LooksLikeDrug), no label is kept: we hold
//     none of its;
//   - otherwise (a question about a condition, "best approach for pNET")
//     a label is kept when its indications among the hits are about the
//     question's condition (two of the question's topic terms that are not
//     generic, or half of them): whatever words it shares with the question
//     elsewhere, a label for another condition does not answer it. A
//     diagnostic agent's label (its indications say the product "is a
//     radioactive diagnostic agent", "is a contrast agent", ...) is kept
//     only for a question on finding the condition (diagnosis, imaging,
//     scans, tests, staging, screening, monitoring).
// Hits of other kinds pass through unchanged.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/lexicon.h"

namespace medbrief::answer {

// The drugs the question names: the lexicon's (as it writes them), then the
// drug-like words (Lexicon::LooksLikeDrug, in lower case), each once.
std::vector<std::string> NamedDrugs(absl::string_view question, const Lexicon& lexicon);

// Whether the question names a drug (NamedDrugs is not empty).
bool NamesADrug(absl::string_view question, const Lexicon& lexicon);

// The drug-label search for the question. When it names a drug, its search
// query and the headings of the label sections it needs
// (LabelSectionWords): the index weighs headings up, so the named label's
// quotable sections come into the hits rather than its clinical studies and
// patient leaflet (a dose question about Viagra found no dosage passage).
// For a question about a condition the headings would only bring every
// label's indications and dosing in, so the search query goes alone, as it
// does when both would pass content's 1,000-character limit.
std::string LabelSearchQuery(absl::string_view question, absl::string_view search_query, const Lexicon& lexicon);

std::vector<content::v1::Hit> ChooseLabels(absl::string_view question, std::vector<content::v1::Hit> hits,
                                           const Lexicon& lexicon);

}  // namespace medbrief::answer
