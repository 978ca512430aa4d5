#include "services/answer/words.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "common/text/analyzer.h"

namespace medbrief::answer {

std::string FoldWord(absl::string_view token) {
  // Per thread, by the token as written: answers fold the same words (of
  // the vocabulary, the evidence, the question) over and over.
  thread_local absl::flat_hash_map<std::string, std::string> folded_words;
  if (auto it = folded_words.find(token); it != folded_words.end()) {
    return it->second;
  }
  std::string folded = text::AmericanSpelling(text::FoldCase(token));
  if (folded_words.size() >= 100000) {
    folded_words.clear();  // bounded memory on odd corpora
  }
  folded_words.emplace(std::string(token), folded);
  return folded;
}

std::vector<std::string> FoldedWords(absl::string_view phrase) {
  std::vector<std::string> words;
  for (const text::RawToken& token : text::Tokenize(phrase)) {
    words.push_back(FoldWord(token.text));
  }
  return words;
}

namespace {

const text::Analyzer& DefaultAnalyzer() {
  static const text::Analyzer* const kAnalyzer = new text::Analyzer();
  return *kAnalyzer;
}

}  // namespace

std::vector<std::string> AnalyzedTerms(absl::string_view text) { return DefaultAnalyzer().Analyze(text); }

std::vector<std::string> AnalyzedTerms(const std::vector<text::RawToken>& tokens) {
  std::vector<std::string> terms;
  terms.reserve(tokens.size());
  DefaultAnalyzer().Analyze(tokens, &terms);
  return terms;
}

bool HasDigit(absl::string_view token) {
  for (char c : token) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

namespace {

bool IsRomanNumeral(absl::string_view token) {
  for (char c : token) {
    if (c != 'I' && c != 'V' && c != 'X') {
      return false;
    }
  }
  return !token.empty();
}

// Words after which a Roman numeral is a rank, not an abbreviation.
bool RanksNumeral(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "level", "levels", "class", "classes", "grade", "grades", "stage", "stages", "phase", "phases",
      "type",  "types",  "category", "tier", "part", "group", "step"};
  return kWords->contains(text::FoldCase(word));
}

}  // namespace

std::vector<AbbreviationToken> TokenizeWithAbbreviations(absl::string_view text,
                                                         const text::Abbreviations& abbreviations) {
  constexpr size_t kMaxJoined = 3;
  const std::vector<text::RawToken> raw = text::Tokenize(text);
  std::vector<AbbreviationToken> out;
  for (size_t i = 0; i < raw.size();) {
    size_t taken = 1;
    std::string expansion;
    // Longest joined span first: tokens separated by exactly one '-' or '/'.
    size_t last = i;
    while (last + 1 < raw.size() && last + 1 - i < kMaxJoined) {
      const size_t gap_start = raw[last].offset + raw[last].text.size();
      if (raw[last + 1].offset != gap_start + 1 || (text[gap_start] != '-' && text[gap_start] != '/')) {
        break;
      }
      ++last;
    }
    for (size_t j = last; j >= i; --j) {
      const size_t end = raw[j].offset + raw[j].text.size();
      const absl::string_view span = text.substr(raw[i].offset, end - raw[i].offset);
      const std::vector<std::string>& found = abbreviations.Find(span);
      if (!found.empty()) {
        taken = j - i + 1;
        expansion = found.front();
        break;
      }
      if (j == i) {
        break;
      }
    }
    if (taken == 1 && i > 0 && IsRomanNumeral(raw[i].text) && RanksNumeral(raw[i - 1].text)) {
      expansion.clear();  // "Level IV", "stage IV": not intravenous
    }
    const size_t end = raw[i + taken - 1].offset + raw[i + taken - 1].text.size();
    out.push_back({text.substr(raw[i].offset, end - raw[i].offset), raw[i].offset, std::move(expansion)});
    i += taken;
  }
  return out;
}

}  // namespace medbrief::answer
