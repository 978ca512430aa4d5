#pragma once

// One text (a claim or a passage) analysed for the support check: its
// quantities, its content words (the search analyzer's terms: case and
// accents folded, British spelling made American, stop words dropped,
// Porter2-stemmed), and which words a negation covers.
//
// Negation. A cue is one of: not, no, never, none, neither, nor, cannot,
// "n't", without, unable, fail(s/ed/ing), lack(s/ed/ing), absence, absent,
// avoid(s/ed/ing), contraindicated, contraindication(s). Its scope is the next
// few content words (SupportOptions::negation_scope_words) up to the end of
// the clause (, ; : . ( ) ! ? or a contrast word such as "but", "however",
// "whereas"); a cue that ends its clause ("X is contraindicated.") covers the
// words before it instead. A word under an even number of cues is affirmed
// ("not contraindicated"). Cues are polarity, not content: they are not
// content words themselves.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/text/analyzer.h"
#include "services/citation/quantities.h"
#include "services/citation/support_tokens.h"

namespace medbrief::citation {

struct ContentWord {
  std::string term;   // the analyzer's term ("therapi")
  size_t token = 0;   // index into AnalyzedText::tokens
  bool negated = false;
};

struct TermOccurrences {
  bool affirmed = false;  // occurs outside any negation
  bool negated = false;   // occurs under a negation
  uint32_t first = 0;     // index into AnalyzedText::words of the first occurrence
};

class AnalyzedText {
 public:
  // Copies `text`; `negation_scope_words` as in SupportOptions.
  AnalyzedText(absl::string_view text, const text::Analyzer& analyzer, int negation_scope_words);
  AnalyzedText(AnalyzedText&&) = default;
  AnalyzedText& operator=(AnalyzedText&&) = default;

  absl::string_view text() const { return *text_; }
  const std::vector<SupportToken>& tokens() const { return tokens_; }
  const std::vector<Quantity>& quantities() const { return quantities_; }
  const std::vector<ContentWord>& words() const { return words_; }
  // nullptr when `term` does not occur.
  const TermOccurrences* Find(absl::string_view term) const;
  // Whether the text holds `sequence` as consecutive content words.
  bool HasPhrase(const std::vector<std::string>& sequence) const;
  // Whether a token is written exactly so (case-sensitive), or for a
  // multi-token string, whether the text contains it.
  bool HasWritten(absl::string_view written) const;

 private:
  std::unique_ptr<std::string> text_;  // on the heap, so views stay valid when moved
  std::vector<SupportToken> tokens_;
  std::vector<Quantity> quantities_;
  std::vector<ContentWord> words_;
  absl::flat_hash_map<std::string, TermOccurrences> terms_;
};

}  // namespace medbrief::citation
