#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace medbrief::text {

// Length of the well-formed UTF-8 sequence starting at `s[i]` (1-4), or 0 when
// the bytes there are not one (overlong forms and surrogates included).
size_t Utf8SequenceLength(absl::string_view s, size_t i);

bool IsValidUtf8(absl::string_view s);

// Appends `code_point` as UTF-8; a surrogate or a value past U+10FFFF
// becomes U+FFFD.
void AppendUtf8(uint32_t code_point, std::string* out);

// Code points in well-formed UTF-8 (what limits in "characters" count).
size_t CodePointCount(absl::string_view s);

// The first `max_chars` code points of `s` (all of it when shorter).
std::string TruncateCodePoints(absl::string_view s, size_t max_chars);

}  // namespace medbrief::text
