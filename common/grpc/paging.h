#pragma once

// List paging as DESIGN.md fixes it: page_size 0 means 50, at most 500;
// page tokens are opaque to clients (base64url of a service-chosen cursor,
// tagged so a token of one list is refused by another).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace medbrief::grpcutil {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// The effective page size, or INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> PageSize(int requested);

// `list` names the listing (e.g. "sources"); `cursor` is what the service
// needs to continue after the last item returned.
std::string EncodePageToken(absl::string_view list, absl::string_view cursor);

// The cursor of a token from EncodePageToken for the same list; an empty
// token gives an empty cursor. Anything else: INVALID_ARGUMENT naming page_token.
absl::StatusOr<std::string> DecodePageToken(absl::string_view list, absl::string_view token);

}  // namespace medbrief::grpcutil
