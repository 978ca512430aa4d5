#include "services/citation/style_parts.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/text/analyzer.h"

namespace medbrief::citation::style {
namespace {

bool EndsSentence(absl::string_view text) {
  return !text.empty() && (text.back() == '.' || text.back() == '?' || text.back() == '!');
}

// ASCII letters and digits of `text`, lower case, accents folded.
std::string KeyPart(absl::string_view text) {
  std::string out;
  for (char c : text::FoldCase(text)) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

}  // namespace

Elements& Elements::Add(std::string element) {
  if (!element.empty()) elements_.push_back(std::move(element));
  return *this;
}

std::string Elements::Join(bool final_period) const {
  std::string out;
  for (const std::string& element : elements_) {
    if (!out.empty()) out.append(EndsSentence(out) ? " " : ". ");
    out.append(element);
  }
  if (final_period && !out.empty() && !EndsSentence(out)) out.push_back('.');
  return out;
}

std::string JoinNonEmpty(const std::vector<std::string>& parts, absl::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out.append(separator.data(), separator.size());
    out.append(part);
  }
  return out;
}

std::string NlmName(const AuthorName& author) {
  if (author.is_group()) return author.literal;
  return JoinNonEmpty({author.family, absl::StrJoin(author.initials, ""), author.suffix}, " ");
}

std::string DottedInitials(const AuthorName& author) {
  std::vector<std::string> dotted;
  for (const std::string& initial : author.initials) {
    dotted.push_back(absl::StrJoin(absl::StrSplit(initial, '-'), ".-") + ".");
  }
  return absl::StrJoin(dotted, " ");
}

std::string ApaName(const AuthorName& author) {
  if (author.is_group()) return author.literal;
  std::string name = author.family;
  if (!author.initials.empty()) absl::StrAppend(&name, ", ", DottedInitials(author));
  if (!author.suffix.empty()) absl::StrAppend(&name, ", ", author.suffix, ".");
  return name;
}

std::string DoiUrl(absl::string_view doi) { return doi.empty() ? "" : absl::StrCat("https://doi.org/", doi); }

std::string PubMedUrl(absl::string_view pmid) {
  return pmid.empty() ? "" : absl::StrCat("https://pubmed.ncbi.nlm.nih.gov/", pmid, "/");
}

std::string DailyMedUrl(absl::string_view set_id) {
  return set_id.empty() ? "" : absl::StrCat("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=", set_id);
}

std::string LabelUrl(const Reference& ref) {
  return ref.spl_set_id.empty() ? ref.url : DailyMedUrl(ref.spl_set_id);
}

bool IsJournalArticle(const Reference& ref) {
  return ref.kind == content::v1::RESEARCH || (ref.kind == content::v1::GUIDELINE && !ref.journal.empty());
}

std::string VersionLabel(absl::string_view version) {
  if (version.empty()) return "";
  const bool number = std::all_of(version.begin(), version.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
  return number ? absl::StrCat("Version ", version) : std::string(version);
}

std::string CitationKey(const Reference& ref) {
  std::string who;
  if (!ref.authors.empty()) {
    const AuthorName& first = ref.authors.front();
    const absl::string_view name = first.is_group() ? absl::string_view(first.literal) : first.family;
    who = KeyPart(first.is_group() ? name.substr(0, name.find(' ')) : name);
  }
  const bool label = ref.kind == content::v1::DRUG_LABEL;
  for (const std::string* fallback : {label ? &ref.manufacturer : &ref.issuer, label ? &ref.issuer : &ref.manufacturer}) {
    if (!who.empty()) break;
    who = KeyPart(absl::string_view(*fallback).substr(0, fallback->find(' ')));
  }
  std::string word;
  for (absl::string_view w : absl::StrSplit(ref.title, absl::ByAnyChar(" -:,;/()"), absl::SkipEmpty())) {
    const std::string folded = text::FoldCase(w);
    if (text::IsStopWord(folded)) continue;
    word = KeyPart(w);
    if (!word.empty()) break;
  }
  const std::string year = ref.date.year > 0 ? absl::StrCat(ref.date.year) : "";
  if (who.empty()) return word.empty() ? absl::StrCat("ref", year) : absl::StrCat(word, year);
  return absl::StrCat(who, year, word);
}

}  // namespace medbrief::citation::style
