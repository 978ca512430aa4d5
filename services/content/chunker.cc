#include "services/content/chunker.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace medbrief::content {
namespace {

// A sentence or a list item: the unit passages are made of.
struct Unit {
  std::vector<std::string> words;
  bool starts_paragraph;  // a passage boundary is welcome before it
  bool list_item;         // joined with a newline, not a space
};

bool IsAbbreviation(absl::string_view word) {
  static const auto* const kAbbreviations = new absl::flat_hash_set<std::string>{
      "e.g.", "i.e.", "etc.", "vs.", "al.", "dr.", "mr.", "mrs.", "ms.", "prof.", "fig.", "figs.", "no.",
      "nos.", "approx.", "ca.", "cf.", "vol.", "p.", "pp.", "ed.", "eds.", "inc.", "ltd.", "co.", "st.",
      "mg.", "kg.", "min.", "max.", "hr.", "hrs.", "wk.", "wks.", "mo.", "yr.", "yrs.", "resp.", "incl.",
      "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "u.s."};
  return kAbbreviations->contains(absl::AsciiStrToLower(word));
}

// Whether a sentence ends after `word`, given the word that follows.
bool EndsSentence(absl::string_view word, absl::string_view next) {
  absl::string_view core = absl::StripTrailingAsciiWhitespace(word);
  // Closing quotes and brackets may follow the stop: "... daily." or (... 2019).
  while (!core.empty() && (core.back() == '"' || core.back() == ')' || core.back() == '\'' || core.back() == ']')) {
    core.remove_suffix(1);
  }
  if (core.empty()) return false;
  const char last = core.back();
  if (last != '.' && last != '!' && last != '?') return false;
  if (last == '.') {
    if (IsAbbreviation(core)) return false;
    // An initial ("J." in "J. Smith") is not a sentence end.
    while (!core.empty() && (core.front() == '(' || core.front() == '[' || core.front() == '"')) core.remove_prefix(1);
    if (core.size() == 2 && absl::ascii_isupper(core[0])) return false;
  }
  // The next sentence starts with a capital, a digit, a quote or a bracket.
  const char first = next.empty() ? 'A' : next.front();
  return absl::ascii_isupper(first) || absl::ascii_isdigit(first) || first == '"' || first == '(' || first == '[';
}

bool IsNumber(absl::string_view word) {
  absl::string_view w = absl::StripSuffix(absl::StripSuffix(word, ","), ";");
  if (w.empty()) return false;
  bool digit = false;
  for (char c : w) {
    if (absl::ascii_isdigit(c)) {
      digit = true;
    } else if (c != '.' && c != ',' && c != '-' && c != '/' && c != '+' && c != '<' && c != '>' && c != '=' &&
               c != '~') {
      return false;
    }
  }
  return digit;
}

bool IsListItem(absl::string_view line) {
  if (absl::StartsWith(line, "- ") || absl::StartsWith(line, "* ") || absl::StartsWith(line, "\xE2\x80\xA2 ")) {
    return true;
  }
  size_t i = 0;
  while (i < line.size() && absl::ascii_isdigit(line[i])) ++i;
  return i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ';
}

std::vector<std::string> Words(absl::string_view text) {
  return absl::StrSplit(text, absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty());
}

std::vector<std::vector<std::string>> SentenceWords(absl::string_view paragraph) {
  std::vector<std::vector<std::string>> sentences;
  std::vector<std::string> current;
  int open_brackets = 0;  // no sentence ends inside "(J. Clin. Oncol.)"
  const std::vector<std::string> words = Words(paragraph);
  for (size_t i = 0; i < words.size(); ++i) {
    current.push_back(words[i]);
    for (char c : words[i]) {
      if (c == '(' || c == '[') ++open_brackets;
      if ((c == ')' || c == ']') && open_brackets > 0) --open_brackets;
    }
    const absl::string_view next = i + 1 < words.size() ? absl::string_view(words[i + 1]) : absl::string_view();
    if (i + 1 == words.size() || (open_brackets == 0 && EndsSentence(words[i], next))) {
      sentences.push_back(std::move(current));
      current.clear();
      open_brackets = 0;
    }
  }
  return sentences;
}

std::vector<Unit> Units(absl::string_view text) {
  std::vector<Unit> units;
  for (absl::string_view paragraph : absl::StrSplit(text, "\n\n", absl::SkipWhitespace())) {
    bool first = true;
    std::string prose;
    const auto flush_prose = [&] {
      for (auto& sentence : SentenceWords(prose)) {
        units.push_back(Unit{std::move(sentence), first, false});
        first = false;
      }
      prose.clear();
    };
    for (absl::string_view line : absl::StrSplit(paragraph, '\n', absl::SkipWhitespace())) {
      line = absl::StripAsciiWhitespace(line);
      if (IsListItem(line)) {
        flush_prose();
        units.push_back(Unit{Words(line), first, true});
        first = false;
      } else {
        if (!prose.empty()) prose.push_back(' ');
        prose.append(line.data(), line.size());
      }
    }
    flush_prose();
  }
  return units;
}

// Cuts a unit longer than max_words into pieces, never right after a number
// (its unit follows) and preferably after a comma or semicolon.
std::vector<Unit> SplitLongUnit(Unit unit, int max_words) {
  std::vector<Unit> pieces;
  size_t start = 0;
  const size_t n = unit.words.size();
  while (n - start > static_cast<size_t>(max_words)) {
    size_t cut = start + max_words;  // first word of the next piece
    // Prefer a clause boundary in the last quarter of the piece.
    for (size_t k = cut; k > start + max_words * 3 / 4; --k) {
      const std::string& w = unit.words[k - 1];
      if (absl::EndsWith(w, ",") || absl::EndsWith(w, ";") || absl::EndsWith(w, ":")) {
        cut = k;
        break;
      }
    }
    while (cut > start + 1 && IsNumber(unit.words[cut - 1])) --cut;
    pieces.push_back(Unit{{unit.words.begin() + start, unit.words.begin() + cut},
                          pieces.empty() ? unit.starts_paragraph : false, unit.list_item && pieces.empty()});
    start = cut;
  }
  pieces.push_back(Unit{{unit.words.begin() + start, unit.words.end()}, pieces.empty() && unit.starts_paragraph,
                        unit.list_item && pieces.empty()});
  return pieces;
}

std::string Render(const std::vector<Unit>& units) {
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i > 0) out.append(units[i].list_item || units[i].starts_paragraph || units[i - 1].list_item ? "\n" : " ");
    out.append(absl::StrJoin(units[i].words, " "));
  }
  return out;
}

}  // namespace

std::vector<std::string> SplitSentences(absl::string_view paragraph) {
  std::vector<std::string> sentences;
  for (const auto& words : SentenceWords(paragraph)) sentences.push_back(absl::StrJoin(words, " "));
  return sentences;
}

std::vector<std::string> SplitIntoPassages(absl::string_view text, const ChunkOptions& options) {
  std::vector<Unit> units;
  for (Unit& unit : Units(text)) {
    if (unit.words.size() > static_cast<size_t>(options.max_words)) {
      for (Unit& piece : SplitLongUnit(std::move(unit), options.max_words)) units.push_back(std::move(piece));
    } else {
      units.push_back(std::move(unit));
    }
  }

  std::vector<std::vector<Unit>> groups;
  std::vector<Unit> current;
  int words = 0;
  for (Unit& unit : units) {
    const int size = static_cast<int>(unit.words.size());
    const bool full = words + size > options.max_words;
    // Close at a paragraph start once the passage is long enough.
    const bool good_break = unit.starts_paragraph && words >= options.min_words;
    if (!current.empty() && (full || good_break)) {
      groups.push_back(std::move(current));
      current.clear();
      words = 0;
    }
    words += size;
    current.push_back(std::move(unit));
  }
  if (!current.empty()) {
    // A short tail joins the previous passage when both fit in one.
    int previous_words = 0;
    if (!groups.empty()) {
      for (const Unit& u : groups.back()) previous_words += static_cast<int>(u.words.size());
    }
    if (!groups.empty() && words < options.min_words && previous_words + words <= options.max_words) {
      for (Unit& u : current) groups.back().push_back(std::move(u));
    } else {
      groups.push_back(std::move(current));
    }
  }

  std::vector<std::string> passages;
  passages.reserve(groups.size());
  for (const auto& group : groups) passages.push_back(Render(group));
  return passages;
}

}  // namespace medbrief::content
