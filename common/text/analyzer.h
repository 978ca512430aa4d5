#pragma once

// English text analysis for search and claim checking, the same for
// documents and queries so that they meet:
//   - Unicode-aware tokenising: letters and digits of any script; case folded
//     (glibc's C.UTF-8 tables); Latin accents folded ("Sjögren" = "sjogren");
//   - numbers kept whole ("37.5", "1,000" = "1000") and split from a unit
//     written against them ("120mg" = "120 mg");
//   - British spellings folded to American ("tumour" = "tumor",
//     "haemorrhage" = "hemorrhage", "randomised" = "randomized");
//   - stop words dropped; Snowball English (Porter2) stemming via libstemmer.
// Thread-safe: each thread keeps its own stemmer and stem cache.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::text {

struct AnalyzerOptions {
  bool stem = true;
  bool drop_stop_words = true;
};

// One surface token before folding: its text as written and where it is.
struct RawToken {
  absl::string_view text;
  size_t offset;
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});

  // Appends the index terms of `text` to `terms`.
  void Analyze(absl::string_view text, std::vector<std::string>* terms) const;
  std::vector<std::string> Analyze(absl::string_view text) const;
  // The same from the text's tokens (Tokenize), for a caller that has them.
  void Analyze(const std::vector<RawToken>& tokens, std::vector<std::string>* terms) const;

  // The index term of one surface token ("Tumours" -> "tumor"), or "" when
  // it is a stop word. May yield two terms for "120mg": see Analyze.
  std::string Term(absl::string_view token) const;

 private:
  void AddTerms(absl::string_view token, std::vector<std::string>* terms) const;
  void AddTermsUncached(absl::string_view token, std::vector<std::string>* terms) const;
  AnalyzerOptions options_;
};

// The surface tokens of `text` (letters/digits runs; "37.5" and "1,000" stay
// whole), before case folding.
std::vector<RawToken> Tokenize(absl::string_view text);

// Lower case with Latin accents removed, UTF-8 in and out.
std::string FoldCase(absl::string_view token);

// British to American spelling of one lower-case word.
std::string AmericanSpelling(absl::string_view word);

bool IsStopWord(absl::string_view folded_word);

// Porter2 stem of one lower-case word; a Greek or Latin medical noun gets
// its adjective's ("metastasis", "metastases", "metastatic": "metastat";
// "pancreas", "pancreatic": "pancreat").
std::string Stem(absl::string_view word);

// Whether a lower-case word is a unit written after a number ("mg", "ml", "wk").
bool IsUnit(absl::string_view word);

}  // namespace medbrief::text
