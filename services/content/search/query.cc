#include "services/content/search/query.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace medbrief::content::search {

std::vector<QueryTerm> BuildQuery(absl::string_view query, const text::Analyzer& analyzer,
                                  const text::Abbreviations& abbreviations) {
  // Weights: a term of the query 1 per occurrence; the terms of an
  // abbreviation's expansion 0.6 each (they restate one query word).
  constexpr float kExpansionWeight = 0.6f;
  absl::flat_hash_map<std::string, float> weights;
  std::vector<std::string> order;
  const auto add = [&](std::string term, float weight) {
    if (term.empty()) return;
    auto [it, added] = weights.try_emplace(term, 0.0f);
    if (added) order.push_back(std::move(term));
    it->second += weight;
  };
  std::vector<std::string> terms;
  for (const text::RawToken& token : text::Tokenize(query)) {
    terms.clear();
    analyzer.Analyze(token.text, &terms);
    for (std::string& term : terms) add(std::move(term), 1.0f);
  }
  // Abbreviations may contain '-' or '/' ("GEP-NET", "PET/CT"): match on
  // whitespace-separated words, with surrounding punctuation trimmed.
  for (absl::string_view word : absl::StrSplit(query, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty())) {
    word = absl::StripPrefix(absl::StripSuffix(absl::StripSuffix(word, ","), "?"), "(");
    word = absl::StripSuffix(absl::StripSuffix(absl::StripSuffix(word, ")"), "."), ";");
    int expansions = 0;
    for (const std::string& expansion : abbreviations.Find(word)) {
      if (++expansions > 3) break;
      terms.clear();
      analyzer.Analyze(expansion, &terms);
      for (std::string& term : terms) add(std::move(term), kExpansionWeight);
    }
  }
  std::vector<QueryTerm> result;
  result.reserve(order.size());
  for (std::string& term : order) {
    const float weight = weights[term];
    result.push_back(QueryTerm{std::move(term), weight});
  }
  return result;
}

}  // namespace medbrief::content::search
