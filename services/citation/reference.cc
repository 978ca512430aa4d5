#include "services/citation/reference.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/text/analyzer.h"

namespace medbrief::citation {
namespace {

// Whitespace runs (newlines included) to one space, trimmed.
std::string Clean(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string WithoutFinalPeriod(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

bool IsSuffix(absl::string_view word) {
  return word == "Jr" || word == "Jr." || word == "Sr" || word == "Sr." || word == "II" || word == "III" ||
         word == "IV";
}

bool IsGroupWord(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "group", "groups", "committee", "association", "society", "consortium", "investigators", "collaboration",
      "collaborative", "collaborators", "network", "council", "organization", "organisation", "panel",
      "institute", "college", "academy", "foundation", "agency", "department", "force", "board", "team",
      "program", "programme", "centers", "centre", "center", "administration", "for", "of", "the", "and"};
  return kWords->contains(absl::AsciiStrToLower(word));
}

// "JA" -> {"J", "A"}; "J-P" -> {"J-P"}; "" when `word` is not initials.
std::vector<std::string> InitialsOf(absl::string_view word) {
  std::vector<std::string> out;
  if (word.empty() || word.size() > 4) return out;
  if (word.find('-') != absl::string_view::npos) {
    for (absl::string_view part : absl::StrSplit(word, '-')) {
      if (part.size() != 1 || !absl::ascii_isupper(static_cast<unsigned char>(part[0]))) return {};
    }
    out.emplace_back(word);
    return out;
  }
  for (char c : word) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return {};
    out.emplace_back(1, c);
  }
  return out;
}

// Initials of written-out given names: "John A." -> {"J", "A"},
// "Jean-Pierre" -> {"J-P"}, "J.A." -> {"J", "A"}.
std::vector<std::string> InitialsOfGiven(absl::string_view given) {
  std::vector<std::string> out;
  for (absl::string_view word : absl::StrSplit(given, absl::ByAnyChar(" ."), absl::SkipEmpty())) {
    if (std::vector<std::string> initials = InitialsOf(word); !initials.empty() && word.size() <= 2) {
      out.insert(out.end(), initials.begin(), initials.end());
      continue;
    }
    std::string initial;
    for (absl::string_view part : absl::StrSplit(word, '-', absl::SkipEmpty())) {
      if (!initial.empty()) initial.push_back('-');
      initial.push_back(static_cast<char>(absl::ascii_toupper(static_cast<unsigned char>(part[0]))));
    }
    if (!initial.empty()) out.push_back(initial);
  }
  return out;
}

}  // namespace

AuthorName ParseAuthor(absl::string_view raw) {
  const std::string name = Clean(raw);
  AuthorName author;
  if (name.empty()) return author;
  std::vector<absl::string_view> words = absl::StrSplit(name, ' ');
  bool group = words.size() > 5;
  for (absl::string_view w : words) group = group || IsGroupWord(w);
  if (!group) {
    if (const size_t comma = name.find(','); comma != std::string::npos) {
      author.family = std::string(absl::StripAsciiWhitespace(name.substr(0, comma)));
      std::vector<std::string> rest = absl::StrSplit(name.substr(comma + 1), ',');
      if (rest.size() > 1 && IsSuffix(absl::StripAsciiWhitespace(rest.back()))) {
        author.suffix = std::string(absl::StripSuffix(absl::StripAsciiWhitespace(rest.back()), "."));
        rest.pop_back();
      }
      author.initials = InitialsOfGiven(absl::StrJoin(rest, " "));
      if (!author.family.empty() && !author.initials.empty()) return author;
    } else if (words.size() >= 2) {
      if (IsSuffix(words.back()) && words.size() >= 3) {
        author.suffix = std::string(absl::StripSuffix(words.back(), "."));
        words.pop_back();
      }
      author.initials = InitialsOf(words.back());
      if (!author.initials.empty()) {
        words.pop_back();
        author.family = absl::StrJoin(words, " ");
        return author;
      }
    }
  }
  author = AuthorName{};
  author.literal = name;
  return author;
}

PartialDate ParseDate(absl::string_view iso) {
  PartialDate date;
  const std::vector<absl::string_view> parts = absl::StrSplit(iso, '-');
  int values[3] = {0, 0, 0};
  if (parts.empty() || parts.size() > 3 || parts[0].size() != 4) return date;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!absl::SimpleAtoi(parts[i], &values[i])) return date;
  }
  if ((parts.size() > 1 && (values[1] < 1 || values[1] > 12)) || (parts.size() > 2 && (values[2] < 1 || values[2] > 31))) {
    return date;
  }
  date.year = values[0];
  date.month = values[1];
  date.day = values[2];
  return date;
}

Reference ReferenceFrom(const content::v1::Source& source) {
  Reference ref;
  ref.kind = source.kind();
  ref.id = source.id();
  for (const std::string& author : source.authors()) {
    AuthorName parsed = ParseAuthor(author);
    if (!parsed.family.empty() || parsed.is_group()) ref.authors.push_back(std::move(parsed));
  }
  ref.title = WithoutFinalPeriod(Clean(source.title()));
  ref.journal = WithoutFinalPeriod(Clean(source.journal()));
  ref.volume = Clean(source.volume());
  ref.issue = Clean(source.issue());
  ref.pages = Clean(source.pages());
  // "311-320", "311–320" (en dash), "311 - 320"
  std::string pages = absl::StrReplaceAll(ref.pages, {{"\u2013", "-"}, {"\u2014", "-"}, {" ", ""}});
  if (const size_t dash = pages.find('-'); dash != std::string::npos) {
    ref.first_page = pages.substr(0, dash);
    ref.last_page = pages.substr(dash + 1);
    ref.pages = ref.first_page + "-" + ref.last_page;
  } else {
    ref.first_page = pages;
  }
  ref.issuer = WithoutFinalPeriod(Clean(source.issuer()));
  ref.manufacturer = WithoutFinalPeriod(Clean(source.manufacturer()));
  ref.version = Clean(source.version());
  ref.date = ParseDate(Clean(source.published_date()));
  ref.doi = Clean(source.identifiers().doi());
  ref.pmid = Clean(source.identifiers().pmid());
  ref.spl_set_id = Clean(source.identifiers().spl_set_id());
  ref.url = Clean(source.identifiers().url());
  return ref;
}

std::string MonthName(int month) {
  static const char* const kNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : "";
}

std::string MonthAbbreviation(int month) { return MonthName(month).substr(0, 3); }

std::string SentenceCase(absl::string_view title) {
  struct Word {
    size_t begin, end;  // letters of the word, punctuation around it excluded
    bool capitalized;   // "Aspirin", "Long-Term": only first letters upper case
    bool lower;         // "aspirin"
    bool starts_clause;
  };
  std::vector<Word> words;
  bool clause_start = true;
  // Words are separated by spaces and by en and em dashes ("Diabetes—2022");
  // a hyphen joins the parts of one word ("Long-Term").
  const auto separator_at = [&](size_t i) -> size_t {
    if (title[i] == ' ') return 1;
    if (title.substr(i, 3) == "\u2013" || title.substr(i, 3) == "\u2014") return 3;
    return 0;
  };
  for (size_t i = 0; i < title.size();) {
    if (const size_t n = separator_at(i); n > 0) {
      i += n;
      continue;
    }
    size_t end = i;
    while (end < title.size() && separator_at(end) == 0) ++end;
    absl::string_view token = title.substr(i, end - i);
    // Letters only, with inner hyphens; leading/trailing punctuation apart.
    size_t b = 0, e = token.size();
    while (b < e && !absl::ascii_isalnum(static_cast<unsigned char>(token[b])) &&
           static_cast<unsigned char>(token[b]) < 0x80) {
      ++b;
    }
    while (e > b && !absl::ascii_isalnum(static_cast<unsigned char>(token[e - 1])) &&
           static_cast<unsigned char>(token[e - 1]) < 0x80) {
      --e;
    }
    const absl::string_view core = token.substr(b, e - b);
    bool capitalized = !core.empty(), lower = !core.empty();
    bool part_start = true;
    for (char c : core) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '-') {
        part_start = true;
        continue;
      }
      if (u >= 0x80 || absl::ascii_isdigit(u) || c == '\'' ) {
        capitalized = lower = false;
        break;
      }
      if (!absl::ascii_isalpha(u)) {
        capitalized = lower = false;
        break;
      }
      if (part_start ? !absl::ascii_isupper(u) : !absl::ascii_islower(u)) capitalized = false;
      if (!absl::ascii_islower(u)) lower = false;
      part_start = false;
    }
    if (capitalized && core.size() == 1) capitalized = false;  // "A", "I": cannot tell
    words.push_back({i + b, i + e, capitalized, lower, clause_start});
    clause_start = !token.empty() && (token.back() == ':' || token.back() == '?' || token.back() == '!');
    i = end;
  }
  // Title case? Count the longer words other than stop words ("with",
  // "between" are lower case in many title-case styles): nearly all
  // capitalised means title case; a few capitalised among lower-case words
  // are proper nouns.
  int capitalized = 0, lower = 0;
  for (const Word& w : words) {
    if (w.starts_clause || w.end - w.begin < 4) continue;
    if (text::IsStopWord(absl::AsciiStrToLower(title.substr(w.begin, w.end - w.begin)))) continue;
    capitalized += w.capitalized;
    lower += w.lower;
  }
  std::string out(title);
  if (capitalized == 0 || 4 * lower > capitalized) return out;
  for (const Word& w : words) {
    if (w.starts_clause || !w.capitalized) continue;
    for (size_t k = w.begin; k < w.end; ++k) out[k] = absl::ascii_tolower(static_cast<unsigned char>(out[k]));
  }
  return out;
}

}  // namespace medbrief::citation
