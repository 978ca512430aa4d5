#include "services/content/importers/ngc_citation.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/content/importers/source_fields.h"

namespace medbrief::content::importers {
namespace {

// "YYYY[ Mon[ D]]" at the start of `text`, ending at ';', '.', ',', ')',
// '[' or the end ("2015 Feb. 18 p." is 2015-02, "2016 May 15;12(5)" is
// 2016-05-15, "2013 update" is no date).
std::string DateAt(absl::string_view text) {
  text = text.substr(0, 32);  // "2016 May 15" and what ends it
  int year = 0;
  if (text.size() < 4 || !absl::SimpleAtoi(text.substr(0, 4), &year) || year < 1900 || year > 2099) return "";
  absl::string_view rest = text.substr(4);
  const std::vector<absl::string_view> words = absl::StrSplit(rest, absl::ByAnyChar(" ;.,)[-/"), absl::SkipEmpty());
  const bool worded = !rest.empty() && rest[0] == ' ' && !words.empty() &&
                      absl::ascii_isalpha(static_cast<unsigned char>(words[0][0]));
  const int month = worded ? ParseMonth(words[0]) : 0;
  const bool has_day =
      month > 0 && words.size() > 1 && absl::StartsWith(rest, absl::StrCat(" ", words[0], " ", words[1]));
  int day = 0;
  if (!has_day || !absl::SimpleAtoi(words[1], &day)) day = 0;
  if (month == 0 && !rest.empty() && !absl::StrContains(";.,)[", rest[0])) return "";
  return IsoDate(year, month, day);
}

bool LooksLikePerson(absl::string_view name) {
  const std::vector<absl::string_view> words = absl::StrSplit(name, ' ', absl::SkipEmpty());
  if (words.size() < 2) return false;
  absl::string_view last = words.back();
  if ((last == "Jr" || last == "Sr" || last == "II" || last == "III") && words.size() > 2) {
    last = words[words.size() - 2];
  }
  return last.size() <= 4 &&
         std::all_of(last.begin(), last.end(), [](char c) { return absl::ascii_isupper(static_cast<unsigned char>(c)); });
}

// A group author is a Title Case name with an organisation word in it
// ("Alberta Provincial Endocrine Tumour Team"), not a title ("Acute kidney
// injury").
bool LooksLikeGroup(absl::string_view name) {
  static constexpr absl::string_view kGroupWords[] = {
      "team",       "group",   "committee", "centre",        "center",    "panel",      "society",
      "association", "college", "academy",   "council",       "network",   "force",      "consortium",
      "organization", "organisation", "agency", "board",      "foundation", "alliance",  "collaboration",
      "institute",  "department", "ministry", "system",       "services",  "university", "hospital",
      "teams",      "groups",  "program",   "programme",     "division"};
  static constexpr absl::string_view kSmallWords[] = {"of", "for", "and", "the", "on", "in", "to", "de", "du", "&"};
  if (name.size() > 150 || absl::StrContains(name, ":")) return false;
  bool organisation = false;
  for (absl::string_view word : absl::StrSplit(name, ' ', absl::SkipEmpty())) {
    const absl::string_view bare = absl::StripAsciiWhitespace(word.substr(word[0] == '(' ? 1 : 0));
    const std::string lower = absl::AsciiStrToLower(bare);
    if (std::find(std::begin(kSmallWords), std::end(kSmallWords), lower) != std::end(kSmallWords)) continue;
    if (!bare.empty() && absl::ascii_islower(static_cast<unsigned char>(bare[0]))) return false;
    organisation |= std::find(std::begin(kGroupWords), std::end(kGroupWords), lower) != std::end(kGroupWords);
  }
  return organisation;
}

}  // namespace

// The date of a citation: the first date after "; " (book: "Edmonton (AB):
// CancerControl Alberta; 2015 Feb. 18 p."), else after ". " (journal:
// "Neurology. 2014 Mar 25;82(12):1083-92").
std::string CitationDate(absl::string_view citation) {
  for (absl::string_view lead : {"; ", ". "}) {
    for (size_t at = citation.find(lead); at != absl::string_view::npos; at = citation.find(lead, at + 1)) {
      std::string date = DateAt(citation.substr(at + lead.size()));
      if (!date.empty()) return date;
    }
  }
  return "";
}

// "1996 (revised 2013 May 18)": the last date mentioned.
std::string ReleasedDate(absl::string_view released) {
  std::string last;
  for (size_t i = 0; i < released.size(); ++i) {
    if (i > 0 && absl::ascii_isdigit(static_cast<unsigned char>(released[i - 1]))) continue;
    std::string date = DateAt(released.substr(i));
    if (!date.empty()) last = std::move(date);
  }
  return last;
}

// The authors of a citation: a developer the citation starts with ("U.S.
// Preventive Services Task Force (USPSTF). Screening for..."), else the names
// before the first ". " when they look like people ("Kaur H, Hindman NM, ...,
// Expert Panel on Gastrointestinal Imaging"), or one that looks like a group.
std::vector<std::string> CitationAuthors(absl::string_view citation, const std::vector<std::string>& developers) {
  for (const std::string& developer : developers) {
    if (!absl::StartsWithIgnoreCase(citation, developer)) continue;
    size_t end = developer.size();
    const absl::string_view rest = citation.substr(end);
    if (absl::StartsWith(rest, " (") && rest.find(')') != absl::string_view::npos) end += rest.find(')') + 1;
    if (absl::StartsWith(citation.substr(end), ". ")) return {std::string(citation.substr(0, end))};
  }
  const size_t end = citation.find(". ");
  if (end == absl::string_view::npos) return {};
  const absl::string_view head = citation.substr(0, end);
  std::vector<std::string> names = absl::StrSplit(head, ", ", absl::SkipWhitespace());
  if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return LooksLikePerson(n); })) {
    return names;
  }
  if (names.size() == 1 && LooksLikeGroup(head)) return names;
  return {};
}

// The publisher of a book citation: "City (ST): Publisher; 2015".
std::string CitationPublisher(absl::string_view citation) {
  const size_t colon = citation.find("): ");
  if (colon == absl::string_view::npos) return "";
  const absl::string_view rest = citation.substr(colon + 3);
  return std::string(absl::StripAsciiWhitespace(rest.substr(0, rest.find(';'))));
}

}  // namespace medbrief::content::importers
