#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace medbrief::json {

// Appends `text` to `out` as a JSON string literal, quotes included. Control
// characters are escaped; bytes that are not valid UTF-8 become U+FFFD, so the
// output is always valid JSON whatever the input.
void AppendQuoted(std::string* out, absl::string_view text);

std::string Quoted(absl::string_view text);

}  // namespace medbrief::json
