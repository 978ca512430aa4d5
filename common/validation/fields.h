#pragma once

// Checks of request fields, each failing with INVALID_ARGUMENT whose message
// starts with the field's path ("source.title: ..."), as DESIGN.md asks.

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace medbrief::validation {

enum class Presence { kOptional, kRequired };

// Well-formed UTF-8 without NUL characters, at most `max_chars` code points,
// non-blank when required.
absl::Status CheckText(absl::string_view field, absl::string_view value, size_t max_chars,
                       Presence presence = Presence::kOptional);

// At most `max` entries.
absl::Status CheckCount(absl::string_view field, size_t count, size_t max);

// An INVALID_ARGUMENT naming the field.
absl::Status Invalid(absl::string_view field, absl::string_view problem);

}  // namespace medbrief::validation
