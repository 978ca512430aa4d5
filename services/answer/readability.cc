#include "services/answer/readability.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text/analyzer.h"
#include "services/answer/sentences.h"

namespace medbrief::answer {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool HasLetter(absl::string_view token) {
  for (char c : token) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      return true;
    }
  }
  return false;
}

}  // namespace

int CountSyllables(absl::string_view word) {
  std::string w;
  for (char c : word) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      w.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    }
  }
  if (w.size() <= 3) {
    return 1;
  }
  const auto consonant = [](char c) { return !IsVowel(c); };
  if ((absl::EndsWith(w, "es") || absl::EndsWith(w, "ed")) && w.size() > 4) {
    const char before = w[w.size() - 3];
    if (before != 't' && before != 'd' && consonant(before)) {
      w.resize(w.size() - 2);
    }
  } else if (absl::EndsWith(w, "e") && !(absl::EndsWith(w, "le") && consonant(w[w.size() - 3]))) {
    w.pop_back();
  }
  if (!w.empty() && w[0] == 'y') {
    w.erase(0, 1);
  }
  int count = 0;
  bool in_vowels = false;
  for (char c : w) {
    const bool vowel = IsVowel(c);
    if (vowel && !in_vowels) {
      ++count;
    }
    in_vowels = vowel;
  }
  return count > 0 ? count : 1;
}

double FleschKincaidGrade(absl::string_view text) {
  int words = 0;
  int syllables = 0;
  for (const text::RawToken& token : text::Tokenize(text)) {
    if (!HasLetter(token.text)) {
      continue;
    }
    ++words;
    syllables += CountSyllables(token.text);
  }
  if (words == 0) {
    return 0;
  }
  int sentences = static_cast<int>(SplitSentences(text).size());
  if (sentences == 0) {
    sentences = 1;
  }
  return 0.39 * words / sentences + 11.8 * syllables / words - 15.59;
}

double ReadingGrade(const std::vector<v1::Section>& sections) {
  std::string text;
  for (const v1::Section& section : sections) {
    absl::StrAppend(&text, section.summary(), "\n\n");
    for (const std::string& point : section.key_points()) {
      absl::StrAppend(&text, point, "\n\n");
    }
  }
  return FleschKincaidGrade(text);
}

}  // namespace medbrief::answer
