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
//     every label hit is kept, for ranking to choose from.
// Hits of other kinds pass through unchanged.

#include <vector>

#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/lexicon.h"

namespace medbrief::answer {

std::vector<content::v1::Hit> ChooseLabels(absl::string_view question, std::vector<content::v1::Hit> hits,
                                           const Lexicon& lexicon);

}  // namespace medbrief::answer
