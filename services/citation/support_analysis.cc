#include "services/citation/support_analysis.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"

namespace medbrief::citation {
namespace {

bool IsCueWord(absl::string_view folded) {
  static const auto* const kCues = new absl::flat_hash_set<absl::string_view>{
      "not", "no", "never", "none", "neither", "nor", "cannot", "without", "unable", "fail", "fails",
      "failed", "failing", "lack", "lacks", "lacked", "lacking", "absence", "absent", "avoid", "avoids",
      "avoided", "avoiding", "contraindicated", "contraindication", "contraindications"};
  return kCues->contains(folded);
}

// The "t" of "doesn't" / "doesn’t".
bool IsApostropheT(const SupportToken& token) {
  return token.folded == "t" && (absl::EndsWith(token.gap_before, "'") || absl::EndsWith(token.gap_before, "\u2019"));
}

}  // namespace

AnalyzedText::AnalyzedText(absl::string_view text, const text::Analyzer& analyzer, int negation_scope_words)
    : text_(std::make_unique<std::string>(text)) {
  tokens_ = SupportTokens(*text_);
  const size_t n = tokens_.size();
  std::vector<bool> consumed;
  quantities_ = ExtractQuantities(*text_, tokens_, &consumed);

  std::vector<bool> cue(n, false);
  std::vector<std::string> term(n);
  for (size_t i = 0; i < n; ++i) {
    if (IsCueWord(tokens_[i].folded) || IsApostropheT(tokens_[i])) {
      cue[i] = true;
    } else if (!consumed[i] && !(i + 1 < n && IsApostropheT(tokens_[i + 1]))) {  // "doesn" of "doesn't"
      term[i] = analyzer.Term(tokens_[i].raw);
    }
  }

  // Negation scopes: how many cues cover each token.
  std::vector<int> covering(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!cue[i]) continue;
    int covered = 0;
    for (size_t j = i + 1; j < n && !tokens_[j].clause_break_before && covered < negation_scope_words; ++j) {
      if (!term[j].empty() || cue[j]) {
        ++covering[j];
        if (!term[j].empty()) ++covered;
      }
    }
    if (covered > 0) continue;
    for (size_t j = i; j > 0 && !tokens_[j].clause_break_before && covered < negation_scope_words; --j) {
      if (!term[j - 1].empty()) {
        ++covering[j - 1];
        ++covered;
      }
    }
  }

  for (size_t i = 0; i < n; ++i) {
    if (term[i].empty()) continue;
    const bool negated = covering[i] % 2 == 1;
    auto [it, added] = terms_.try_emplace(term[i]);
    if (added) it->second.first = static_cast<uint32_t>(words_.size());
    (negated ? it->second.negated : it->second.affirmed) = true;
    words_.push_back({std::move(term[i]), i, negated});
  }
}

const TermOccurrences* AnalyzedText::Find(absl::string_view term) const {
  auto it = terms_.find(term);
  return it == terms_.end() ? nullptr : &it->second;
}

bool AnalyzedText::HasPhrase(const std::vector<std::string>& sequence) const {
  if (sequence.empty()) return false;
  const TermOccurrences* first = Find(sequence[0]);
  if (first == nullptr) return false;
  for (size_t start = first->first; start + sequence.size() <= words_.size(); ++start) {
    bool all = true;
    for (size_t k = 0; k < sequence.size() && all; ++k) all = words_[start + k].term == sequence[k];
    if (all) return true;
  }
  return false;
}

bool AnalyzedText::HasWritten(absl::string_view written) const {
  if (text::Tokenize(written).size() > 1) return absl::StrContains(*text_, written);
  return std::any_of(tokens_.begin(), tokens_.end(), [&](const SupportToken& t) { return t.raw == written; });
}

}  // namespace medbrief::citation
