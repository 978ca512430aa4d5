#include "common/grpc/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace medbrief::grpcutil {

absl::StatusOr<int> PageSize(int requested) {
  if (requested == 0) return kDefaultPageSize;
  if (requested < 0 || requested > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must be from 1 to ", kMaxPageSize, " (0 means ", kDefaultPageSize, "), got ",
                     requested));
  }
  return requested;
}

std::string EncodePageToken(absl::string_view list, absl::string_view cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", list, ":", cursor));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view list, absl::string_view token) {
  if (token.empty()) return std::string();
  std::string decoded;
  const std::string prefix = absl::StrCat("v1:", list, ":");
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &decoded) || !absl::StartsWith(decoded, prefix)) {
    return absl::InvalidArgumentError("page_token: not a token of this list; pass next_page_token as it was returned");
  }
  return decoded.substr(prefix.size());
}

}  // namespace medbrief::grpcutil
