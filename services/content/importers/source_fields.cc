#include "services/content/importers/source_fields.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "common/validation/fields.h"
#include "services/content/importers/text.h"

namespace medbrief::content::importers {
namespace {

using validation::CheckCount;
using validation::CheckText;
using validation::Invalid;
using validation::Presence;

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool HasSpace(absl::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); });
}

void Fit(std::string* value, size_t max_chars) {
  if (value->size() > max_chars) *value = TruncateChars(*value, max_chars);
}

// Drops empty entries, cuts the rest, keeps the first `max_entries`.
void FitList(google::protobuf::RepeatedPtrField<std::string>* list, size_t max_entries, size_t max_chars) {
  google::protobuf::RepeatedPtrField<std::string> kept;
  for (std::string& entry : *list) {
    if (entry.empty() || static_cast<size_t>(kept.size()) == max_entries) continue;
    Fit(&entry, max_chars);
    kept.Add(std::move(entry));
  }
  list->Swap(&kept);
}

// `text` in pieces of at most `max_chars`, cut at paragraph breaks where
// possible, else at line breaks, else at a code point boundary.
std::vector<std::string> SplitText(absl::string_view text, size_t max_chars) {
  std::vector<std::string> pieces;
  while (text::CodePointCount(text) > max_chars) {
    std::string head = TruncateChars(text, max_chars);
    size_t cut = head.rfind("\n\n");
    if (cut == std::string::npos || cut == 0) cut = head.rfind('\n');
    if (cut == std::string::npos || cut == 0) cut = head.size();
    pieces.push_back(std::string(absl::StripAsciiWhitespace(absl::string_view(head).substr(0, cut))));
    text = absl::StripLeadingAsciiWhitespace(text.substr(cut));
  }
  if (!text.empty()) pieces.emplace_back(text);
  return pieces;
}

void FitSections(v1::Source* source) {
  google::protobuf::RepeatedPtrField<v1::SourceSection> sections;
  for (v1::SourceSection& section : *source->mutable_sections()) {
    Fit(section.mutable_heading(), limits::kHeading);
    if (section.code().size() > limits::kCode) section.clear_code();
    for (std::string& piece : SplitText(section.text(), limits::kSectionText)) {
      v1::SourceSection* out = sections.Add();
      out->set_heading(section.heading());
      out->set_code(section.code());
      out->set_text(std::move(piece));
    }
  }
  source->mutable_sections()->Swap(&sections);
}

void FitIdentifiers(v1::Identifiers* ids) {
  if (!IsDoi(ids->doi()) || ids->doi().size() > limits::kDoi) ids->clear_doi();
  if (!IsPmid(ids->pmid())) ids->clear_pmid();
  if (ids->spl_set_id().size() > limits::kSplSetId) ids->clear_spl_set_id();
  if (!IsHttpUrl(ids->url()) || ids->url().size() > limits::kUrl) ids->clear_url();
}

absl::Status CheckList(absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& list,
                       size_t max_entries, size_t max_chars) {
  RETURN_IF_ERROR(CheckCount(field, static_cast<size_t>(list.size()), max_entries));
  for (int i = 0; i < list.size(); ++i) {
    RETURN_IF_ERROR(CheckText(absl::StrCat(field, "[", i, "]"), list[i], max_chars, Presence::kRequired));
  }
  return absl::OkStatus();
}

absl::Status CheckIdentifiers(const v1::Identifiers& ids) {
  RETURN_IF_ERROR(CheckText("doi", ids.doi(), limits::kDoi));
  if (!ids.doi().empty() && !IsDoi(ids.doi())) return Invalid("doi", "must start with \"10.\"");
  if (!ids.pmid().empty() && !IsPmid(ids.pmid())) return Invalid("pmid", "must be 1 to 16 digits");
  RETURN_IF_ERROR(CheckText("spl_set_id", ids.spl_set_id(), limits::kSplSetId));
  RETURN_IF_ERROR(CheckText("url", ids.url(), limits::kUrl));
  if (!ids.url().empty() && !IsHttpUrl(ids.url())) return Invalid("url", "must be an http or https address");
  return absl::OkStatus();
}

absl::Status CheckSections(const google::protobuf::RepeatedPtrField<v1::SourceSection>& sections) {
  if (sections.empty()) return Invalid("sections", "at least one section is required");
  RETURN_IF_ERROR(CheckCount("sections", static_cast<size_t>(sections.size()), limits::kSections));
  for (int i = 0; i < sections.size(); ++i) {
    const std::string field = absl::StrCat("sections[", i, "]");
    RETURN_IF_ERROR(CheckText(field + ".heading", sections[i].heading(), limits::kHeading));
    RETURN_IF_ERROR(CheckText(field + ".code", sections[i].code(), limits::kCode));
    RETURN_IF_ERROR(CheckText(field + ".text", sections[i].text(), limits::kSectionText, Presence::kRequired));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsIsoDate(absl::string_view date) {
  int year = 0, month = 0, day = 0;
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return false;
  if (!AllDigits(date.substr(0, 4)) || !absl::SimpleAtoi(date.substr(0, 4), &year) || year < 1000) return false;
  if (date.size() == 4) return true;
  if (date[4] != '-' || !AllDigits(date.substr(5, 2)) || !absl::SimpleAtoi(date.substr(5, 2), &month) ||
      month < 1 || month > 12) {
    return false;
  }
  if (date.size() == 7) return true;
  return date[7] == '-' && AllDigits(date.substr(8, 2)) && absl::SimpleAtoi(date.substr(8, 2), &day) && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string IsoDate(int year, int month, int day) {
  if (year < 1000 || year > 9999) return "";
  if (month < 1 || month > 12) return std::to_string(year);
  if (day < 1 || day > DaysInMonth(year, month)) return absl::StrFormat("%04d-%02d", year, month);
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

int ParseMonth(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (absl::EndsWith(text, ".")) text.remove_suffix(1);
  int number = 0;
  if (AllDigits(text) && absl::SimpleAtoi(text, &number)) return number >= 1 && number <= 12 ? number : 0;
  static constexpr absl::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                  "july",    "august",   "september", "october", "november", "december"};
  if (text.size() < 3) return 0;
  const std::string lower = absl::AsciiStrToLower(text);
  for (int m = 0; m < 12; ++m) {
    if (absl::StartsWith(kMonths[m], lower)) return m + 1;
  }
  return 0;
}

bool IsDoi(absl::string_view doi) { return doi.size() > 3 && absl::StartsWith(doi, "10.") && !HasSpace(doi); }

bool IsPmid(absl::string_view pmid) { return pmid.size() <= limits::kPmid && AllDigits(pmid); }

bool IsHttpUrl(absl::string_view url) {
  for (absl::string_view scheme : {"http://", "https://"}) {
    if (absl::StartsWithIgnoreCase(url, scheme) && url.size() > scheme.size() && !HasSpace(url)) return true;
  }
  return false;
}

void AddSection(v1::Source* source, std::string heading, std::string code, std::string text) {
  if (absl::StripAsciiWhitespace(text).empty()) return;
  v1::SourceSection* section = source->add_sections();
  section->set_heading(std::move(heading));
  section->set_code(std::move(code));
  section->set_text(std::move(text));
}

absl::Status FitToLimits(v1::Source* source) {
  Fit(source->mutable_title(), limits::kTitle);
  if (source->title().empty()) return absl::InvalidArgumentError("no title");
  Fit(source->mutable_external_id(), limits::kExternalId);
  Fit(source->mutable_issuer(), limits::kIssuer);
  Fit(source->mutable_version(), limits::kVersion);
  Fit(source->mutable_evidence_level(), limits::kEvidenceLevel);
  Fit(source->mutable_journal(), limits::kJournal);
  Fit(source->mutable_volume(), limits::kVolume);
  Fit(source->mutable_issue(), limits::kIssue);
  Fit(source->mutable_pages(), limits::kPages);
  Fit(source->mutable_manufacturer(), limits::kManufacturer);
  FitList(source->mutable_authors(), limits::kAuthors, limits::kAuthor);
  FitList(source->mutable_mesh_terms(), limits::kMeshTerms, limits::kMeshTerm);
  FitList(source->mutable_publication_types(), limits::kPublicationTypes, limits::kPublicationType);
  if (!source->published_date().empty() && !IsIsoDate(source->published_date())) source->clear_published_date();
  FitIdentifiers(source->mutable_identifiers());
  FitSections(source);
  if (source->sections().empty()) return absl::InvalidArgumentError("no section with text");
  if (static_cast<size_t>(source->sections_size()) > limits::kSections) {
    return absl::InvalidArgumentError(
        absl::StrCat(source->sections_size(), " sections, at most ", limits::kSections, " are allowed"));
  }
  return absl::OkStatus();
}

absl::Status CheckLimits(const v1::Source& source) {
  RETURN_IF_ERROR(CheckText("external_id", source.external_id(), limits::kExternalId, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("title", source.title(), limits::kTitle, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("issuer", source.issuer(), limits::kIssuer));
  RETURN_IF_ERROR(CheckList("authors", source.authors(), limits::kAuthors, limits::kAuthor));
  if (!source.published_date().empty() && !IsIsoDate(source.published_date())) {
    return Invalid("published_date", "must be a date as YYYY, YYYY-MM or YYYY-MM-DD");
  }
  RETURN_IF_ERROR(CheckIdentifiers(source.identifiers()));
  RETURN_IF_ERROR(CheckText("version", source.version(), limits::kVersion));
  RETURN_IF_ERROR(CheckText("evidence_level", source.evidence_level(), limits::kEvidenceLevel));
  RETURN_IF_ERROR(CheckText("journal", source.journal(), limits::kJournal));
  RETURN_IF_ERROR(CheckText("volume", source.volume(), limits::kVolume));
  RETURN_IF_ERROR(CheckText("issue", source.issue(), limits::kIssue));
  RETURN_IF_ERROR(CheckText("pages", source.pages(), limits::kPages));
  RETURN_IF_ERROR(CheckText("manufacturer", source.manufacturer(), limits::kManufacturer));
  RETURN_IF_ERROR(CheckList("mesh_terms", source.mesh_terms(), limits::kMeshTerms, limits::kMeshTerm));
  RETURN_IF_ERROR(CheckList("publication_types", source.publication_types(), limits::kPublicationTypes,
                            limits::kPublicationType));
  return CheckSections(source.sections());
}

}  // namespace medbrief::content::importers
