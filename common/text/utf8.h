#pragma once

#include <cstddef>

#include "absl/strings/string_view.h"

namespace medbrief::text {

// Length of the well-formed UTF-8 sequence starting at `s[i]` (1-4), or 0 when
// the bytes there are not one (overlong forms and surrogates included).
size_t Utf8SequenceLength(absl::string_view s, size_t i);

bool IsValidUtf8(absl::string_view s);

// Code points in well-formed UTF-8 (what limits in "characters" count).
size_t CodePointCount(absl::string_view s);

}  // namespace medbrief::text
