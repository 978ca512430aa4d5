#pragma once

// What every importer needs to make a Source that content.proto accepts: its
// limits, partial ISO dates, and a last pass that makes XML-derived sources
// fit (FitToLimits) or checks JSONL ones (CheckLimits).

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::content::importers {

namespace v1 = ::medbrief::content::v1;

// Limits from content.proto, in Unicode characters (or entries).
namespace limits {
inline constexpr size_t kExternalId = 256;
inline constexpr size_t kTitle = 1000;
inline constexpr size_t kIssuer = 500;
inline constexpr size_t kAuthors = 100;
inline constexpr size_t kAuthor = 200;
inline constexpr size_t kVersion = 64;
inline constexpr size_t kEvidenceLevel = 100;
inline constexpr size_t kSections = 1000;
inline constexpr size_t kHeading = 500;
inline constexpr size_t kCode = 32;
inline constexpr size_t kSectionText = 200000;
inline constexpr size_t kJournal = 500;
inline constexpr size_t kVolume = 32;
inline constexpr size_t kIssue = 32;
inline constexpr size_t kPages = 64;
inline constexpr size_t kManufacturer = 500;
inline constexpr size_t kMeshTerms = 200;
inline constexpr size_t kMeshTerm = 200;
inline constexpr size_t kPublicationTypes = 50;
inline constexpr size_t kPublicationType = 200;
inline constexpr size_t kDoi = 256;
inline constexpr size_t kPmid = 16;
inline constexpr size_t kSplSetId = 64;
inline constexpr size_t kUrl = 2048;
}  // namespace limits

// "2020", "2020-06" or "2020-06-15", a real calendar date, year 1000-9999.
bool IsIsoDate(absl::string_view date);

// The ISO form of a partial date: month and day 0 mean unknown; an invalid
// day is dropped, then an invalid month; "" when the year is invalid.
std::string IsoDate(int year, int month, int day);

// 1-12 for "Jan", "January", "jan.", "Sept", "1", "01"; 0 otherwise.
int ParseMonth(absl::string_view text);

bool IsDoi(absl::string_view doi);    // starts with "10." and has a '/'
bool IsPmid(absl::string_view pmid);  // digits only, 1-16 of them
bool IsHttpUrl(absl::string_view url);

// Appends a section unless its text is empty.
void AddSection(v1::Source* source, std::string heading, std::string code, std::string text);

// For sources built from XML: cuts every field to its limit (lists keep their
// first entries), drops identifiers and dates of the wrong form, splits a
// section text over the limit into consecutive sections at paragraph breaks.
// InvalidArgument when there is no title, no section, or too many sections.
absl::Status FitToLimits(v1::Source* source);

// For JSONL: InvalidArgument naming the first field (by its JSONL name, e.g.
// "sections[2].text") that is over its limit or of the wrong form.
absl::Status CheckLimits(const v1::Source& source);

}  // namespace medbrief::content::importers
