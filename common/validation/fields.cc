#include "common/validation/fields.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace medbrief::validation {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

absl::Status CheckText(absl::string_view field, absl::string_view value, size_t max_chars, Presence presence) {
  if (!text::IsValidUtf8(value)) return Invalid(field, "is not valid UTF-8");
  // PostgreSQL text cannot hold it: it would fail in the database instead.
  if (value.find('\0') != absl::string_view::npos) return Invalid(field, "contains a NUL character");
  if (presence == Presence::kRequired && absl::StripAsciiWhitespace(value).empty()) {
    return Invalid(field, "is required");
  }
  if (value.size() > max_chars && text::CodePointCount(value) > max_chars) {
    return Invalid(field, absl::StrCat("at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckCount(absl::string_view field, size_t count, size_t max) {
  if (count > max) return Invalid(field, absl::StrCat("at most ", max, " entries, got ", count));
  return absl::OkStatus();
}

}  // namespace medbrief::validation
