#include "services/citation/support_tokens.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "common/text/analyzer.h"

namespace medbrief::citation {
namespace {

bool HasClausePunctuation(absl::string_view gap) {
  for (char c : gap) {
    switch (c) {
      case ',': case ';': case ':': case '.': case '(': case ')': case '[': case ']': case '!': case '?':
        return true;
      default:
        break;
    }
  }
  return false;
}

// text::FoldCase, with a fast path for the common all-ASCII token.
std::string Fold(absl::string_view token) {
  for (char c : token) {
    if (static_cast<unsigned char>(c) >= 0x80) return text::FoldCase(token);
  }
  return absl::AsciiStrToLower(token);
}

bool IsContrastWord(absl::string_view folded) {
  static const auto* const kWords = new absl::flat_hash_set<absl::string_view>{
      "but", "however", "whereas", "although", "though", "while", "whilst", "yet", "except", "unless"};
  return kWords->contains(folded);
}

}  // namespace

std::vector<SupportToken> SupportTokens(absl::string_view text) {
  const std::vector<text::RawToken> raw = text::Tokenize(text);
  std::vector<SupportToken> tokens;
  tokens.reserve(raw.size());
  size_t previous_end = 0;
  for (const text::RawToken& t : raw) {
    SupportToken token;
    token.raw = t.text;
    token.folded = Fold(t.text);
    token.begin = t.offset;
    token.end = t.offset + t.text.size();
    token.gap_before = text.substr(previous_end, t.offset - previous_end);
    token.clause_break_before = HasClausePunctuation(token.gap_before) || IsContrastWord(token.folded);
    previous_end = token.end;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace medbrief::citation
