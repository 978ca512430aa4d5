#include "services/answer/readability.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/concurrency/bounded_memo.h"
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

namespace {

// What the grade is made of. Counts of texts joined by blank lines add up:
// SplitSentences splits at blank lines first, and no token spans one.
struct Counts {
  int words = 0;
  int syllables = 0;
  int sentences = 0;
};

Counts CountText(absl::string_view text) {
  Counts out;
  for (const text::RawToken& token : text::Tokenize(text)) {
    if (!HasLetter(token.text)) {
      continue;
    }
    ++out.words;
    out.syllables += CountSyllables(token.text);
  }
  out.sentences = static_cast<int>(SplitSentences(text).size());
  return out;
}

// The counts of texts seen before, for every thread: an answer's sentences
// are graded as candidates and again in the finished answer, and they come
// back in the answers of related questions.
std::shared_ptr<const Counts> RememberedCounts(absl::string_view text) {
  static auto* const kRemembered = new concurrency::BoundedMemo<Counts>(SIZE_MAX, 1 << 20);
  return kRemembered->Get(text, text.size(), [&] { return CountText(text); });
}

double Grade(const Counts& counts) {
  if (counts.words == 0) {
    return 0;
  }
  const int sentences = std::max(counts.sentences, 1);
  return 0.39 * counts.words / sentences + 11.8 * counts.syllables / counts.words - 15.59;
}

}  // namespace

double FleschKincaidGrade(absl::string_view text) { return Grade(*RememberedCounts(text)); }

double ReadingGrade(const Draft& draft) {
  // As FleschKincaidGrade of the sentences joined by blank lines, from the
  // counts of each.
  Counts total;
  const auto add = [&](absl::string_view text) {
    const std::shared_ptr<const Counts> counts = RememberedCounts(text);
    total.words += counts->words;
    total.syllables += counts->syllables;
    total.sentences += counts->sentences;
  };
  for (const DraftSection& section : draft.sections) {
    for (const auto* part : {&section.summary, &section.key_points}) {
      for (const DraftSentence& sentence : *part) add(sentence.text);
    }
  }
  return Grade(total);
}

}  // namespace medbrief::answer
