#pragma once

// The limits of content.proto, checked before anything is written. Each
// failure is INVALID_ARGUMENT naming the field ("source.sections[2].text: ...").

#include "absl/status/status.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::content {

// A source as given to CreateSource or produced by an importer.
absl::Status ValidateNewSource(const v1::Source& source);

// "2020", "2020-06" or "2020-06-15" with a real month and day.
bool IsPartialDate(absl::string_view date);

}  // namespace medbrief::content
