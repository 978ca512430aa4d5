#pragma once

// Word-level helpers shared by the answer core, on top of common/text.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"
#include "common/text/analyzer.h"

namespace medbrief::answer {

// Lower case, accents removed, American spelling of one token:
// "Tumour" -> "tumor".
std::string FoldWord(absl::string_view token);

// FoldWord of each token of a phrase ("Neuroendocrine Tumour" ->
// {"neuroendocrine", "tumor"}).
std::vector<std::string> FoldedWords(absl::string_view phrase);

// The index terms of `text` (stemmed, stop words dropped), as the search
// index and the citation support check see them.
std::vector<std::string> AnalyzedTerms(absl::string_view text);
// The same from the text's tokens (text::Tokenize).
std::vector<std::string> AnalyzedTerms(const std::vector<text::RawToken>& tokens);

// A surface token of a text, with the expansion of the abbreviation it
// spells (empty when it is not one). Hyphen- or slash-joined tokens are one
// token when the joined form is an abbreviation ("GEP-NET", "PET/CT"). A
// Roman numeral after a rank word ("Level IV", "stage IV", "type II") is
// not taken for an abbreviation (IV = intravenous).
struct AbbreviationToken {
  absl::string_view text;
  size_t offset = 0;
  std::string expansion;
};

std::vector<AbbreviationToken> TokenizeWithAbbreviations(absl::string_view text,
                                                         const text::Abbreviations& abbreviations);

// Whether `token` has a decimal digit.
bool HasDigit(absl::string_view token);

}  // namespace medbrief::answer
