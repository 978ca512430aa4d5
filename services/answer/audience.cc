#include "services/answer/audience.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/concurrency/bounded_memo.h"
#include "services/answer/sentences.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

bool IsUpper(char c) { return absl::ascii_isupper(static_cast<unsigned char>(c)); }

// Whether a parenthesised text is a guideline's evidence grade: "Level I,
// Grade A", "grade B", "strong recommendation, moderate quality evidence".
// Only grading words, roman numerals and letters A to D, with "level",
// "evidence" or "recommendation", or "grade" and a letter. A tumour's or a
// toxicity's grade says something and stays: "(grade II)", "(low grade)",
// "(grade 3 or 4)". (sentences.cc's IsGrade, which tells whether a
// parenthesis can end a sentence, is broader on purpose.)
bool IsEvidenceGrade(absl::string_view inner) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "level", "grade", "evidence", "of", "recommendation", "quality", "strong", "weak", "moderate", "high", "low",
      "i",     "ii",    "iii",      "iv", "v",              "a",       "b",      "c",    "d"};
  bool evidence = false;
  bool grade = false;
  bool letter = false;
  for (absl::string_view word : absl::StrSplit(inner, absl::ByAnyChar(" ,;"), absl::SkipEmpty())) {
    const std::string lower = absl::AsciiStrToLower(word);
    if (!kWords->contains(lower)) return false;
    evidence = evidence || lower == "level" || lower == "evidence" || lower == "recommendation";
    grade = grade || lower == "grade";
    letter = letter || (lower.size() == 1 && lower[0] >= 'a' && lower[0] <= 'd');
  }
  return evidence || (grade && letter);  // not "(a)", a list's marker
}

// Drops " (GEP-NENs)": a parenthesised single word with two or more capitals
// and no digit, the definition of an abbreviation the patient text does not
// use; and " (Level I, Grade A)", an evidence grade (IsEvidenceGrade).
// Anything else in parentheses stays.
std::string DropAbbreviationDefinitions(absl::string_view sentence) {
  std::string out;
  size_t done = 0;
  for (size_t open = sentence.find('('); open != absl::string_view::npos; open = sentence.find('(', open + 1)) {
    const size_t close = sentence.find(')', open);
    if (close == absl::string_view::npos) {
      break;
    }
    const absl::string_view inner = sentence.substr(open + 1, close - open - 1);
    int capitals = 0;
    bool word = !inner.empty();
    for (char c : inner) {
      capitals += IsUpper(c) ? 1 : 0;
      word = word && (absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '/');
    }
    if (open < done || ((!word || capitals < 2) && !IsEvidenceGrade(inner))) {
      continue;
    }
    const size_t cut = open > 0 && sentence[open - 1] == ' ' ? open - 1 : open;
    absl::StrAppend(&out, sentence.substr(done, cut - done));
    done = close + 1;
  }
  absl::StrAppend(&out, sentence.substr(done));
  return out;
}

}  // namespace

AudienceWriter::AudienceWriter(v1::Audience audience, const PlainLanguage& vocabulary,
                               const text::Abbreviations& abbreviations)
    : audience_(audience), vocabulary_(vocabulary), abbreviations_(abbreviations) {}

std::string AudienceWriter::ExpandAbbreviations(absl::string_view sentence, bool plain) {
  std::string out;
  size_t done = 0;
  for (const AbbreviationToken& token : TokenizeWithAbbreviations(sentence, abbreviations_)) {
    if (token.expansion.empty() || HasDigit(token.text)) {
      continue;
    }
    const size_t begin = token.offset;
    const size_t end = token.offset + token.text.size();
    const bool in_parentheses = begin > 0 && sentence[begin - 1] == '(' && end < sentence.size() && sentence[end] == ')';
    const bool defined_after = end + 1 < sentence.size() && sentence.substr(end, 2) == " (";
    if (plain) {
      if (in_parentheses) {
        // "tumour (NET)": drop " (NET)" (the space before it too).
        size_t cut = begin - 1;
        if (cut > 0 && sentence[cut - 1] == ' ') {
          --cut;
        }
        if (cut >= done) {
          absl::StrAppend(&out, sentence.substr(done, cut - done));
          done = end + 1;
        }
        continue;
      }
      absl::StrAppend(&out, sentence.substr(done, begin - done));
      std::string expansion = token.expansion;
      if (begin == 0) {
        expansion[0] = absl::ascii_toupper(static_cast<unsigned char>(expansion[0]));
      }
      absl::StrAppend(&out, expansion);
      done = end;
      continue;
    }
    // STUDENT: once per answer, where not defined in place.
    const std::string key(token.text);
    if (expanded_.contains(key)) {
      continue;
    }
    expanded_.insert(key);
    if (in_parentheses || defined_after) {
      continue;
    }
    absl::StrAppend(&out, sentence.substr(done, end - done));
    absl::StrAppend(&out, " (", token.expansion, ")");
    done = end;
  }
  absl::StrAppend(&out, sentence.substr(done));
  return out;
}

std::string AudienceWriter::LayWording(absl::string_view sentence) {
  const auto reword = [&] {
    return SplitClauses(
        vocabulary_.Rewrite(ExpandAbbreviations(DropAbbreviationDefinitions(sentence), /*plain=*/true)));
  };
  if (!AreBuiltin(vocabulary_, abbreviations_)) {
    return reword();
  }
  static auto* const kRemembered =
      new concurrency::BoundedMemo<std::string>(/*max_entries=*/50000, /*max_bytes=*/8 << 20);
  return *kRemembered->Get(sentence, sentence.size(), reword);
}

std::string AudienceWriter::Rewrite(absl::string_view sentence) {
  switch (audience_) {
    case v1::STUDENT:
      return ExpandAbbreviations(sentence, /*plain=*/false);
    case v1::PATIENT:
    case v1::CAREGIVER:
      return LayWording(sentence);
    default:
      return std::string(sentence);
  }
}

void AdaptToAudience(v1::Audience audience, Draft* draft, const PlainLanguage& vocabulary,
                     const text::Abbreviations& abbreviations) {
  AudienceWriter writer(audience, vocabulary, abbreviations);
  for (DraftSection& section : draft->sections) {
    for (auto* part : {&section.summary, &section.key_points}) {
      for (DraftSentence& s : *part) s.text = writer.Rewrite(AsDisplayed(s.claim));
    }
  }
}

}  // namespace medbrief::answer
