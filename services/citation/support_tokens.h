#pragma once

// The tokens of a claim or passage as the support check sees them: the
// surface tokens of text::Tokenize (so numbers stay whole: "37.5", "1,000"),
// each case-folded once, with what separates it from the previous token
// (which tells "45%" from "45", "mg/day" from "mg day", and where a clause
// ends for the scope of a negation).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::citation {

struct SupportToken {
  absl::string_view raw;     // as written, a view into the analysed text
  std::string folded;        // text::FoldCase(raw)
  size_t begin = 0;          // byte offsets into the text
  size_t end = 0;
  absl::string_view gap_before;  // the text between the previous token (or the start) and this one
  // A clause ends before this token: the gap holds , ; : . ( ) [ ] ! ? or the
  // token is a contrast word (but, however, whereas, although, ...).
  bool clause_break_before = false;
};

// Tokens of `text`; the views point into `text`, which must outlive them.
std::vector<SupportToken> SupportTokens(absl::string_view text);

}  // namespace medbrief::citation
