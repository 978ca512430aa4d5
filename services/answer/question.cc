#include "services/answer/question.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "absl/strings/str_join.h"
#include "common/text/analyzer.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

bool EndsWith(const std::vector<std::string>& words, const std::vector<std::string>& tail) {
  if (tail.empty() || tail.size() > words.size()) {
    return false;
  }
  return std::equal(tail.begin(), tail.end(), words.end() - static_cast<std::ptrdiff_t>(tail.size()));
}

}  // namespace

NormalizedQuestion NormalizeQuestion(absl::string_view question, const text::Abbreviations& abbreviations) {
  std::vector<std::string> key_words;
  std::vector<std::string> query_words;
  std::vector<std::string> expansions;
  for (const AbbreviationToken& token : TokenizeWithAbbreviations(question, abbreviations)) {
    query_words.emplace_back(token.text);
    if (token.expansion.empty()) {
      for (std::string& word : FoldedWords(token.text)) {
        key_words.push_back(std::move(word));
      }
      continue;
    }
    const std::vector<std::string> expansion = FoldedWords(token.expansion);
    expansions.push_back(token.expansion);
    // "neuroendocrine tumour (NET)": the phrase is already there.
    if (!EndsWith(key_words, expansion)) {
      key_words.insert(key_words.end(), expansion.begin(), expansion.end());
    }
  }
  NormalizedQuestion out;
  out.key = absl::StrJoin(key_words, " ");
  query_words.insert(query_words.end(), expansions.begin(), expansions.end());
  out.search_query = absl::StrJoin(query_words, " ");
  return out;
}

}  // namespace medbrief::answer
