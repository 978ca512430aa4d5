#include "services/answer/sentences.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace medbrief::answer {
namespace {

bool IsSpace(char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }

const absl::flat_hash_set<absl::string_view>& NoBreakAbbreviations() {
  static const auto* const kWords = new absl::flat_hash_set<absl::string_view>{
      "e.g", "i.e", "vs", "etc", "al", "dr", "mr", "mrs", "ms", "prof", "fig", "figs", "no", "nos", "approx",
      "cf", "ca", "st", "jr", "inc", "co", "ltd", "incl", "resp", "min", "max", "mo", "wk", "yr", "hr", "ref",
      "vol", "pp", "sr", "viz", "dept", "est"};
  return *kWords;
}

// The word ending just before text[dot] (letters and inner dots).
absl::string_view WordBefore(absl::string_view text, size_t dot) {
  size_t start = dot;
  while (start > 0 && (absl::ascii_isalpha(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '.')) {
    --start;
  }
  return text.substr(start, dot - start);
}

bool IsNoBreakWord(absl::string_view word) {
  if (word.empty()) {
    return false;
  }
  if (absl::StrContains(word, '.')) {
    return true;  // "e.g", "U.S", "q.4 w" is handled below
  }
  if (word.size() == 1 && absl::ascii_islower(static_cast<unsigned char>(word[0]))) {
    return true;  // "w." of "q.4 w."
  }
  return NoBreakAbbreviations().contains(absl::AsciiStrToLower(word));
}

// Whether a line (after leading spaces) starts with a list marker; sets
// `length` to the marker's length including the space after it.
bool ListMarker(absl::string_view line, size_t* length) {
  if (line.empty()) {
    return false;
  }
  for (absl::string_view bullet : {"\xE2\x80\xA2", "\xE2\x80\x93", "-", "*", "\xC2\xB7"}) {
    if (absl::StartsWith(line, bullet) && line.size() > bullet.size() && IsSpace(line[bullet.size()])) {
      *length = bullet.size() + 1;
      return true;
    }
  }
  size_t i = 0;
  const bool open = line[0] == '(';
  if (open) {
    ++i;
  }
  const size_t start = i;
  while (i < line.size() && i - start < 3 && absl::ascii_isalnum(static_cast<unsigned char>(line[i]))) {
    ++i;
  }
  if (i == start || i + 1 >= line.size()) {
    return false;
  }
  const absl::string_view label = line.substr(start, i - start);
  bool numeric = true;
  for (char c : label) {
    numeric = numeric && absl::ascii_isdigit(static_cast<unsigned char>(c));
  }
  const bool letter = label.size() == 1 && absl::ascii_islower(static_cast<unsigned char>(label[0]));
  if (!numeric && !letter) {
    return false;
  }
  const char close = line[i];
  if ((open && close != ')') || (!open && close != ')' && close != '.') || !IsSpace(line[i + 1])) {
    return false;
  }
  *length = i + 2;
  return true;
}

// Splits at line breaks that start a list item or follow a blank line.
std::vector<std::string> Blocks(absl::string_view text) {
  std::vector<std::string> blocks;
  std::string current;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    const absl::string_view stripped = absl::StripAsciiWhitespace(line);
    size_t marker = 0;
    if (stripped.empty() || ListMarker(stripped, &marker)) {
      if (!absl::StripAsciiWhitespace(current).empty()) {
        blocks.push_back(current);
      }
      current.clear();
    }
    current.append(line.data(), line.size());
    current.push_back(' ');
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    blocks.push_back(current);
  }
  return blocks;
}

void SplitBlock(absl::string_view block, std::vector<std::string>* out) {
  size_t start = 0;
  for (size_t i = 0; i < block.size(); ++i) {
    const char c = block[i];
    if (c != '.' && c != '!' && c != '?') {
      continue;
    }
    size_t end = i + 1;
    while (end < block.size() && (block[end] == '"' || block[end] == '\'' || block[end] == ')' || block[end] == ']')) {
      ++end;
    }
    if (end < block.size() && !IsSpace(block[end])) {
      continue;  // "37.5", "q.4", "PET/CT."
    }
    size_t next = end;
    while (next < block.size() && IsSpace(block[next])) {
      ++next;
    }
    if (next < block.size() && absl::ascii_islower(static_cast<unsigned char>(block[next]))) {
      continue;  // "vs. placebo"
    }
    if (c == '.' && IsNoBreakWord(WordBefore(block, i)) && next < block.size()) {
      continue;
    }
    std::string sentence = CleanSentence(block.substr(start, end - start));
    if (!sentence.empty()) {
      out->push_back(std::move(sentence));
    }
    start = end;
  }
  std::string rest = CleanSentence(block.substr(start));
  if (!rest.empty()) {
    out->push_back(std::move(rest));
  }
}

// The word after a "; " at `at` of `text`, a leading "and" or "or" skipped.
absl::string_view WordAfterSemicolon(absl::string_view text, size_t at) {
  absl::string_view after = text.substr(at + 2);
  for (absl::string_view conjunction : {"and ", "or "}) {
    if (absl::StartsWith(after, conjunction)) after.remove_prefix(conjunction.size());
  }
  return after.substr(0, after.find(' '));
}

// The words that follow "; " twice or more in `sentence`: parallel phrases
// ("...; for advanced kidney cancer; for adjuvant treatment ...; and for
// ..."), a list rather than clauses.
absl::flat_hash_set<std::string> ParallelPhraseStarts(absl::string_view sentence) {
  absl::flat_hash_set<std::string> seen;
  absl::flat_hash_set<std::string> twice;
  for (size_t at = sentence.find("; "); at != absl::string_view::npos; at = sentence.find("; ", at + 1)) {
    std::string word = absl::AsciiStrToLower(WordAfterSemicolon(sentence, at));
    if (!seen.insert(word).second) twice.insert(std::move(word));
  }
  return twice;
}

// Where `rest` can be cut between independent clauses: the offset of the
// separator ("; " not before one of `parallel`, or the ", " of ", but ",
// ", so ", or of ", and " before a word that starts a clause: the, a, an,
// it, its, this, these, they, their, there, most, many, some, patients,
// people), or npos. A plain ", and" is not a cut: it mostly ends a list
// ("pain, fever and nausea").
size_t NextClauseCut(absl::string_view rest, const absl::flat_hash_set<std::string>& parallel) {
  static const char* const kClauseStarts[] = {"the", "a", "an", "it", "its", "this", "these", "they", "their",
                                              "there", "most", "many", "some", "patients", "people"};
  size_t best = std::min(rest.find(", but "), rest.find(", so "));
  for (size_t at = rest.find("; "); at != absl::string_view::npos && at < best; at = rest.find("; ", at + 1)) {
    if (!parallel.contains(absl::AsciiStrToLower(WordAfterSemicolon(rest, at)))) {
      best = at;
      break;
    }
  }
  for (size_t at = rest.find(", and "); at != absl::string_view::npos && at < best; at = rest.find(", and ", at + 1)) {
    const absl::string_view after = rest.substr(at + 6);
    const absl::string_view word = after.substr(0, after.find(' '));
    if (std::any_of(std::begin(kClauseStarts), std::end(kClauseStarts),
                    [word](const char* start) { return word == start; })) {
      best = at;
      break;
    }
  }
  return best;
}

}  // namespace

std::string CleanSentence(absl::string_view sentence) {
  absl::string_view s = absl::StripAsciiWhitespace(sentence);
  size_t marker = 0;
  if (ListMarker(s, &marker)) {
    s = absl::StripLeadingAsciiWhitespace(s.substr(marker));
  }
  std::string out;
  out.reserve(s.size());
  // Runs of non-space characters, each appended whole, one space between.
  for (size_t i = 0; i < s.size();) {
    if (IsSpace(s[i])) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < s.size() && !IsSpace(s[end])) {
      ++end;
    }
    if (!out.empty()) {
      out.push_back(' ');
    }
    out.append(s.data() + i, end - i);
    i = end;
  }
  return out;
}

bool StartsWithListMarker(absl::string_view sentence) {
  size_t length = 0;
  return ListMarker(sentence, &length);
}

std::vector<std::string> SplitSentences(absl::string_view text) {
  std::vector<std::string> out;
  for (const std::string& block : Blocks(text)) {
    SplitBlock(block, &out);
  }
  return out;
}

// Cut where NextClauseCut says, when both sides have kMinClauseWords words.
std::string SplitClauses(absl::string_view sentence) {
  constexpr size_t kMinClauseWords = 4;
  if (!absl::StrContains(sentence, "; ") && !absl::StrContains(sentence, ", ")) return std::string(sentence);
  const absl::flat_hash_set<std::string> parallel = ParallelPhraseStarts(sentence);
  const auto word_count = [](absl::string_view text) {
    return std::vector<absl::string_view>(absl::StrSplit(text, ' ', absl::SkipEmpty())).size();
  };
  std::string out;
  absl::string_view rest = sentence;
  size_t clause_start = 0;  // in `out`
  while (!rest.empty()) {
    const size_t cut = NextClauseCut(rest, parallel);
    if (cut == absl::string_view::npos) {
      absl::StrAppend(&out, rest);
      break;
    }
    const absl::string_view left = rest.substr(0, cut);
    const absl::string_view right = rest.substr(cut + 2);  // after "; " or ", "
    const absl::string_view next_clause = right.substr(0, std::min(NextClauseCut(right, parallel), right.size()));
    absl::StrAppend(&out, left);
    if (word_count(absl::string_view(out).substr(clause_start)) >= kMinClauseWords &&
        word_count(next_clause) >= kMinClauseWords) {
      std::string next(right.substr(0, 1));
      next[0] = absl::ascii_toupper(static_cast<unsigned char>(next[0]));
      absl::StrAppend(&out, ". ", next);
      clause_start = out.size() - 1;
    } else {
      absl::StrAppend(&out, rest.substr(cut, 2), right.substr(0, 1));
    }
    rest = right.substr(1);
  }
  return out;
}

std::string WithoutCrossReferences(absl::string_view sentence) {
  std::string out;
  size_t from = 0;
  while (from < sentence.size()) {
    const size_t open = sentence.find('[', from);
    if (open == absl::string_view::npos) break;
    const size_t close = sentence.find(']', open);
    absl::string_view inside = absl::StripLeadingAsciiWhitespace(
        sentence.substr(open + 1, close == absl::string_view::npos ? absl::string_view::npos : close - open - 1));
    if (close == absl::string_view::npos || !absl::StartsWithIgnoreCase(inside, "see ")) {
      absl::StrAppend(&out, sentence.substr(from, open + 1 - from));
      from = open + 1;
      continue;
    }
    absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(sentence.substr(from, open - from)));
    from = close + 1;
  }
  absl::StrAppend(&out, sentence.substr(from));
  return out;
}

namespace {

// A grade's code: a letter A-D ("A"), a roman level with or without a
// letter ("I", "IIa", "IIB", "IA"), or a digit 1-4 with or without one
// ("1C"). Not an acronym made of those letters ("CAD", "AD", "ICD").
bool IsGradeCode(absl::string_view code) {
  if (code.empty() || code.size() > 4) return false;
  size_t i = 0;
  if (absl::StartsWith(code, "IV")) {
    i = 2;
  } else if (absl::ascii_isdigit(static_cast<unsigned char>(code[0]))) {
    if (code[0] < '1' || code[0] > '4') return false;
    i = 1;
  } else {
    while (i < code.size() && i < 3 && code[i] == 'I') ++i;
  }
  const bool level = i > 0;
  if (level && i < code.size() && code[i] >= 'a' && code[i] <= 'c') ++i;  // "IIa"
  if (i < code.size() && code[i] >= 'A' && code[i] <= 'D') ++i;           // "IA", "1C", "A"
  return i == code.size();
}

// What opens a guideline's recommendation before its words: the year tag
// of a NICE recommendation ("[2015]", "[new 2015]", "[2006, amended
// 2014]"), a GRADE code ("(2|+++O)") or a footnote mark ("‡", "†", "*",
// "§").
// The length of that opening, with the whitespace after it; 0 when none.
size_t TagLength(absl::string_view text) {
  const auto with_space_after = [&](size_t end) {
    while (end < text.size() && absl::ascii_isspace(static_cast<unsigned char>(text[end]))) ++end;
    return end;
  };
  for (const absl::string_view mark : {"\u2021", "\u2020", "*", "\u00A7"}) {  // ‡ † * §
    if (absl::StartsWith(text, mark)) return with_space_after(mark.size());
  }
  if (text.empty() || (text[0] != '[' && text[0] != '(')) return 0;
  const size_t close = text.find(text[0] == '[' ? ']' : ')');
  if (close == absl::string_view::npos) return 0;
  const absl::string_view inside = text.substr(1, close - 1);
  bool year = false;
  for (size_t i = 0; i + 4 <= inside.size(); ++i) {
    const absl::string_view four = inside.substr(i, 4);
    const bool digits = std::all_of(four.begin(), four.end(), [](char c) { return absl::ascii_isdigit(c); });
    const bool alone = (i == 0 || !absl::ascii_isdigit(inside[i - 1])) &&
                       (i + 4 == inside.size() || !absl::ascii_isdigit(inside[i + 4]));
    year = year || (digits && alone && (absl::StartsWith(four, "19") || absl::StartsWith(four, "20")));
  }
  const bool grade_code = text[0] == '(' && absl::StrContains(inside, '|') && !absl::StrContains(inside, ' ');
  if (!(text[0] == '[' && year) && !grade_code) return 0;
  return with_space_after(close + 1);
}

// Where a heading the source ran into the sentence it heads ends, with no
// punctuation between them: "Symptomatic heart failure The decision ...",
// "Treatment of DVT and PE The recommended dose ... is 10 mg", "Initial Drug
// Treatment Offer standard-release metformin ...". The heading ends where a
// word that opens sentences (The, For, If, When, Where, Although, Because,
// Unless, or a recommendation's verb before a word in lower case: Offer,
// Consider, Do, ...) comes in capitals within the first 12 words, after
// words of letters, hyphens or parentheses of which the last is no function
// word ("in The Lancet", "Drugs to Consider" are no headings). Not "In" or
// "Before": title-case headings capitalise them ("Care Before Pregnancy").
// 0 when none, and when the text opens with an article or a grade.
size_t GluedHeadingLength(absl::string_view text) {
  static const auto* const kOpeners = new absl::flat_hash_set<std::string>{
      "The", "For", "If", "When", "Where", "Although", "Because", "Unless"};
  // A recommendation's verb opens a sentence only before a word in lower
  // case ("Offer standard-release ...", "Do not ..."): names go on in
  // capitals ("NHS Stop Smoking Services", "Alcohol Use Disorders ...").
  static const auto* const kVerbs = new absl::flat_hash_set<std::string>{
      "Offer",  "Consider", "Do",    "Give",    "Measure", "Discuss", "Explain", "Ensure", "Advise",
      "Assess", "Refer",    "Avoid", "Provide", "Involve", "Monitor", "Treat"};
  static const auto* const kFunction = new absl::flat_hash_set<std::string>{
      "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or", "see", "than",
      "that", "the", "to", "with", "was", "were", "are"};
  size_t start = 0;
  absl::string_view previous;
  bool worded = false;  // a word of two letters or more so far ("B -" is a grade, no heading)
  for (int words = 0; words < 12 && start < text.size(); ++words) {
    size_t end = text.find(' ', start);
    if (end == absl::string_view::npos) end = text.size();
    const absl::string_view word = text.substr(start, end - start);
    const bool opens = kOpeners->contains(word) ||
                       (kVerbs->contains(word) && end + 1 < text.size() &&
                        absl::ascii_islower(static_cast<unsigned char>(text[end + 1])));
    if (words > 0 && worded && opens && !kFunction->contains(absl::AsciiStrToLower(previous))) return start;
    if (word.empty() || absl::StrContains(".,;:!?", word.back())) return 0;
    if (!std::all_of(word.begin(), word.end(), [](char c) {
          return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '(' || c == ')';
        })) {
      return 0;
    }
    // A heading opens with a word: not with a grade ("(A) Offer ...", "IIa
    // The use of ...") or an article, which opens a sentence ("A Cochrane
    // Review found ...").
    if (words == 0 && (!absl::ascii_isalpha(static_cast<unsigned char>(word[0])) || word == "A" || word == "An" ||
                       word == "The" || IsGradeCode(word))) {
      return 0;
    }
    worded = worded || std::count_if(word.begin(), word.end(), [](char c) {
                         return absl::ascii_isalpha(static_cast<unsigned char>(c));
                       }) >= 2;
    previous = word;
    start = end + 1;
  }
  return 0;
}

// A heading the source ran into a sentence that opens with the same words:
// "Ultrasound Ultrasound (US) is the most available technique ...". The
// length of the first copy and its space, the words compared without regard
// to case; 0 when none (at most four words).
size_t RepeatedHeadingLength(absl::string_view text) {
  std::vector<absl::string_view> words;
  for (size_t start = 0; words.size() < 8 && start < text.size();) {
    size_t end = text.find(' ', start);
    if (end == absl::string_view::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (size_t k = 1; k <= 4 && 2 * k < words.size(); ++k) {
    bool same = true;
    for (size_t i = 0; i < k && same; ++i) {
      const absl::string_view w = words[i];
      same = !w.empty() && absl::EqualsIgnoreCase(w, words[k + i]) &&
             std::all_of(w.begin(), w.end(), [](char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); });
    }
    if (same) return static_cast<size_t>(words[k].data() - text.data());
  }
  return 0;
}

}  // namespace

std::string AsDisplayed(absl::string_view sentence) {
  std::string out(absl::StripLeadingAsciiWhitespace(WithoutCrossReferences(sentence)));
  // Its opening tags, as long as words follow them.
  for (size_t tag = TagLength(out); tag > 0 && tag < out.size(); tag = TagLength(out)) out.erase(0, tag);
  // A run-in heading the sentence repeats goes; another says whom the
  // sentence is about ("Treatment of DVT and PE"): it stays, as a lead-in.
  if (const size_t repeated = RepeatedHeadingLength(out); repeated > 0) {
    out.erase(0, repeated);
  } else if (const size_t heading = GluedHeadingLength(out); heading > 1) {
    out.replace(heading - 1, 1, ": ");
  }
  size_t end = 0;
  while (end < out.size() && absl::ascii_islower(static_cast<unsigned char>(out[end]))) ++end;
  // A word in lower case, of two letters or more or "a", then a space or
  // punctuation: "use enclosed ...", "however, ...", "co-administration
  // ...", "a history of ..."; not "t(11;14)", "p.V600E", "n = 24", "mTOR"
  // or "eGFR".
  const bool word = (end >= 2 || (end == 1 && out[0] == 'a')) && end < out.size() &&
                    (absl::StrContains(end >= 2 ? " ,;:" : " ", out[end]) ||
                     // "co-administration", not "hs-CRP" or "rt-PA"
                     (end >= 2 && out[end] == '-' && end + 1 < out.size() &&
                      absl::ascii_islower(static_cast<unsigned char>(out[end + 1]))));
  if (word) out[0] = absl::ascii_toupper(static_cast<unsigned char>(out[0]));
  return out;
}

namespace {

// Whether the text of a final parenthesis grades a recommendation: "Grade
// 1C", "Level II, Grade A", "Strong recommendation, moderate quality
// evidence", "Class IIa", a GRADE code ("1|+++O"), or codes alone with a
// letter among them ("A", "IIa, B"; not "1, 2" or "1-3", which are
// references or a range, nor "IV", "IVC" or "ID", which are acronyms). Not
// a class or grade of disease ("NYHA class III or IV", "Child-Pugh Class
// B", toxicity's "grade 3 or 4", "grade 3–4", "grade ≥3"), nor a pointer
// ("see recommendation 1.2.3"). Broader than audience.cc's
// IsEvidenceGrade, which decides what a lay reader may lose: a tumour's
// "(grade II)" ends a sentence like a grade but must stay in its text.
bool IsGrade(absl::string_view raw) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "grade", "level", "evidence", "recommendation", "strength", "consensus", "opinion"};
  static const auto* const kOfDisease = new absl::flat_hash_set<std::string>{
      "nyha", "heart", "child", "pugh", "ctcae", "who", "toxicity", "tumor", "tumour", "see"};
  if (absl::StrContains(raw, '|')) return true;
  if (absl::StrContains(raw, "\u2265") || absl::StrContains(raw, '>')) return false;  // "grade ≥3"
  // Dashes of more than one byte separate words too: "grade 3–4".
  const std::string inside = absl::StrReplaceAll(raw, {{"\u2013", " "}, {"\u2014", " "}});
  const std::vector<absl::string_view> words = absl::StrSplit(inside, absl::ByAnyChar(" ,;:-/"), absl::SkipEmpty());
  if (words.empty()) return false;
  bool graded = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string word = absl::AsciiStrToLower(words[i]);
    if (kOfDisease->contains(word)) return false;
    // A number range after "grade" is a toxicity's or a tumour's: "grade 3
    // or 4", "grade 1-2".
    if (word == "grade" && i + 2 < words.size() && absl::ascii_isdigit(static_cast<unsigned char>(words[i + 1][0])) &&
        words[i + 1].size() == 1) {
      const std::string next = absl::AsciiStrToLower(words[i + 2]);
      if (next == "or" || next == "and" || next == "to" || absl::ascii_isdigit(static_cast<unsigned char>(next[0]))) {
        return false;
      }
    }
    graded = graded || kWords->contains(word) ||
             // "Class I", "Class IIa"; "class 2" is NYHA's, so a roman code.
             (word == "class" && i + 1 < words.size() && IsGradeCode(words[i + 1]) &&
              !absl::ascii_isdigit(static_cast<unsigned char>(words[i + 1][0])));
  }
  if (graded) return true;
  const bool codes = std::all_of(words.begin(), words.end(), IsGradeCode);
  const bool lettered = std::any_of(words.begin(), words.end(), [](absl::string_view w) {
    return !absl::ascii_isdigit(static_cast<unsigned char>(w.back()));
  });
  const bool acronym = words.size() == 1 && (words[0] == "IV" || words[0] == "IVC" || words[0] == "ID");
  return codes && lettered && !acronym;
}

}  // namespace

bool EndsAsASentence(absl::string_view unit) {
  unit = absl::StripTrailingAsciiWhitespace(unit);
  if (absl::EndsWith(unit, ")")) {
    int depth = 0;
    size_t open = unit.size();
    while (open > 0) {
      const char c = unit[--open];
      depth += c == ')' ? 1 : c == '(' ? -1 : 0;
      if (depth == 0) break;
    }
    // A grade alone, split off its recommendation, says nothing.
    if (depth != 0 || absl::StripAsciiWhitespace(unit.substr(0, open)).empty()) return false;
    if (IsGrade(unit.substr(open + 1, unit.size() - open - 2))) return true;
    unit = absl::StripTrailingAsciiWhitespace(unit.substr(0, open));
    if (!absl::EndsWith(unit, ".") && !absl::EndsWith(unit, "!")) return false;
  }
  while (true) {
    if (absl::EndsWith(unit, "]") || absl::EndsWith(unit, "\"") || absl::EndsWith(unit, "'")) {
      unit.remove_suffix(1);
    } else if (absl::EndsWith(unit, "\u201D") || absl::EndsWith(unit, "\u2019")) {  // closing quotes
      unit.remove_suffix(3);
    } else {
      break;
    }
  }
  return absl::EndsWith(unit, ".") || absl::EndsWith(unit, "!");
}

}  // namespace medbrief::answer
