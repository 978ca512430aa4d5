#include "services/content/validate.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/validation/fields.h"

namespace medbrief::content {
namespace {

using validation::CheckCount;
using validation::CheckText;
using validation::Invalid;
using validation::Presence;

absl::Status CheckList(absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& values,
                       size_t max_entries, size_t max_chars) {
  RETURN_IF_ERROR(CheckCount(field, static_cast<size_t>(values.size()), max_entries));
  for (int i = 0; i < values.size(); ++i) {
    RETURN_IF_ERROR(CheckText(absl::StrCat(field, "[", i, "]"), values[i], max_chars, Presence::kRequired));
  }
  return absl::OkStatus();
}

absl::Status CheckIdentifiers(const v1::Identifiers& ids) {
  RETURN_IF_ERROR(CheckText("source.identifiers.doi", ids.doi(), 256));
  if (!ids.doi().empty() && !absl::StartsWith(ids.doi(), "10.")) {
    return Invalid("source.identifiers.doi", "must start with \"10.\" (no resolver prefix)");
  }
  RETURN_IF_ERROR(CheckText("source.identifiers.pmid", ids.pmid(), 16));
  for (char c : ids.pmid()) {
    if (!absl::ascii_isdigit(c)) return Invalid("source.identifiers.pmid", "digits only");
  }
  RETURN_IF_ERROR(CheckText("source.identifiers.spl_set_id", ids.spl_set_id(), 64));
  RETURN_IF_ERROR(CheckText("source.identifiers.url", ids.url(), 2048));
  if (!ids.url().empty() && !absl::StartsWith(ids.url(), "https://") && !absl::StartsWith(ids.url(), "http://")) {
    return Invalid("source.identifiers.url", "must be an http or https address");
  }
  return absl::OkStatus();
}

}  // namespace

bool IsPartialDate(absl::string_view date) {
  int year = 0, month = 1, day = 1;
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return false;
  if (!absl::SimpleAtoi(date.substr(0, 4), &year) || year < 1000) return false;
  if (date.size() >= 7 && (date[4] != '-' || !absl::SimpleAtoi(date.substr(5, 2), &month))) return false;
  if (date.size() == 10 && (date[7] != '-' || !absl::SimpleAtoi(date.substr(8, 2), &day))) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1];
}

absl::Status ValidateNewSource(const v1::Source& s) {
  RETURN_IF_ERROR(CheckText("source.external_id", s.external_id(), 256, Presence::kRequired));
  if (s.kind() == v1::SOURCE_KIND_UNSPECIFIED || !v1::SourceKind_IsValid(s.kind())) {
    return Invalid("source.kind", "must be GUIDELINE, DRUG_LABEL or RESEARCH");
  }
  RETURN_IF_ERROR(CheckText("source.title", s.title(), 1000, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("source.issuer", s.issuer(), 500));
  RETURN_IF_ERROR(CheckList("source.authors", s.authors(), 100, 200));
  if (!s.published_date().empty() && !IsPartialDate(s.published_date())) {
    return Invalid("source.published_date", "expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  RETURN_IF_ERROR(CheckIdentifiers(s.identifiers()));
  RETURN_IF_ERROR(CheckText("source.version", s.version(), 64));
  if (!v1::SourceStatus_IsValid(s.status())) return Invalid("source.status", "unknown status");
  if (!s.superseded_by().empty()) {
    return Invalid("source.superseded_by", "output only: set it with UpdateSourceStatus");
  }
  RETURN_IF_ERROR(CheckText("source.evidence_level", s.evidence_level(), 100));
  if (s.sections().empty()) return Invalid("source.sections", "at least one section is required");
  RETURN_IF_ERROR(CheckCount("source.sections", static_cast<size_t>(s.sections_size()), 1000));
  for (int i = 0; i < s.sections_size(); ++i) {
    const auto& section = s.sections(i);
    const std::string field = absl::StrCat("source.sections[", i, "]");
    RETURN_IF_ERROR(CheckText(field + ".heading", section.heading(), 500));
    RETURN_IF_ERROR(CheckText(field + ".code", section.code(), 32));
    RETURN_IF_ERROR(CheckText(field + ".text", section.text(), 200000, Presence::kRequired));
  }
  RETURN_IF_ERROR(CheckText("source.journal", s.journal(), 500));
  RETURN_IF_ERROR(CheckText("source.volume", s.volume(), 32));
  RETURN_IF_ERROR(CheckText("source.issue", s.issue(), 32));
  RETURN_IF_ERROR(CheckText("source.pages", s.pages(), 64));
  RETURN_IF_ERROR(CheckText("source.manufacturer", s.manufacturer(), 500));
  RETURN_IF_ERROR(CheckList("source.mesh_terms", s.mesh_terms(), 200, 200));
  RETURN_IF_ERROR(CheckList("source.publication_types", s.publication_types(), 50, 200));
  return absl::OkStatus();
}

}  // namespace medbrief::content
