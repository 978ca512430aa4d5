#pragma once

#include <cstdint>

#include "absl/strings/string_view.h"

namespace medbrief::content::importers {

// The code point of a named character reference ("amp" -> '&', "bgr" ->
// U+03B2), or 0 for an unknown name. Case-sensitive, as in HTML. The set:
// HTML 4, &apos;, and the ISO 8879 Greek letters (see entities.cc).
uint32_t LookupEntity(absl::string_view name);

}  // namespace medbrief::content::importers
