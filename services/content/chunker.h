#pragma once

// Splits a source section into the passages that search returns and answers
// cite. A passage is a run of whole sentences or whole list items of about
// 60-200 words: it never ends inside a sentence unless that sentence alone is
// longer than the limit, never separates a number from its unit, and never
// splits a list item that fits. Splitting is deterministic: the same text
// always yields the same passages.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::content {

struct ChunkOptions {
  int min_words = 60;
  int max_words = 200;
};

// The passage texts of `text`, in order. Empty text gives none.
std::vector<std::string> SplitIntoPassages(absl::string_view text, const ChunkOptions& options = {});

// The sentences of one paragraph (exposed for tests and the answer service's
// sentence picking). Decimal numbers, initials and common abbreviations
// ("e.g.", "Dr.", "et al.", "mg.") do not end a sentence.
std::vector<std::string> SplitSentences(absl::string_view paragraph);

}  // namespace medbrief::content
