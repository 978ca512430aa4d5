#include "services/answer/label_choice.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "common/text/analyzer.h"
#include "services/answer/conversation.h"

namespace medbrief::answer {
namespace {

// The product words of a label title: its first word and the words inside
// its parentheses, folded.
absl::flat_hash_set<std::string> ProductWords(absl::string_view title) {
  absl::flat_hash_set<std::string> words;
  const std::vector<text::RawToken> tokens = text::Tokenize(title);
  if (!tokens.empty()) words.insert(text::FoldCase(tokens.front().text));
  const size_t open = title.find('(');
  const size_t close = title.find(')', open == absl::string_view::npos ? 0 : open);
  if (open != absl::string_view::npos && close != absl::string_view::npos) {
    for (const text::RawToken& t : text::Tokenize(title.substr(open + 1, close - open - 1))) {
      words.insert(text::FoldCase(t.text));
    }
  }
  return words;
}

}  // namespace

std::vector<content::v1::Hit> ChooseLabels(absl::string_view question, std::vector<content::v1::Hit> hits,
                                           const Lexicon& lexicon) {
  absl::flat_hash_set<std::string> asked;
  for (const text::RawToken& t : text::Tokenize(question)) asked.insert(text::FoldCase(t.text));
  const auto named = [&](const content::v1::Hit& hit) {
    for (const std::string& word : ProductWords(hit.source_title())) {
      if (word.size() >= 4 && asked.contains(word)) return true;
    }
    return false;
  };
  const bool any_named = std::any_of(hits.begin(), hits.end(), [&](const content::v1::Hit& hit) {
    return hit.kind() == content::v1::DRUG_LABEL && named(hit);
  });
  const std::vector<text::RawToken> words = text::Tokenize(question);
  const bool names_a_drug =
      any_named || !ExtractContext(question, lexicon).drugs.empty() ||
      std::any_of(words.begin(), words.end(), [](const text::RawToken& t) { return Lexicon::LooksLikeDrug(t.text); });
  if (!names_a_drug) return hits;
  hits.erase(std::remove_if(hits.begin(), hits.end(),
                            [&](const content::v1::Hit& hit) {
                              return hit.kind() == content::v1::DRUG_LABEL && !(any_named && named(hit));
                            }),
             hits.end());
  return hits;
}

}  // namespace medbrief::answer
