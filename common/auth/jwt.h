#pragma once

// Bearer tokens: JSON Web Tokens signed with HS256 (HMAC-SHA256, OpenSSL).
// Only HS256 is accepted: "none" and every other algorithm are refused, so a
// token cannot choose how it is checked. Claims: `sub` (the user or service
// id), `roles` (an array of strings), `exp` (seconds since the epoch,
// required), `nbf` (optional).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace medbrief::auth {

struct Principal {
  std::string subject;
  std::vector<std::string> roles;
  absl::Time expires = absl::InfiniteFuture();

  bool HasRole(absl::string_view role) const;
};

// Clock skew tolerated on `exp` and `nbf`.
inline constexpr absl::Duration kClockSkew = absl::Seconds(60);

// Checks `token` (the part after "Bearer ") against `key` at `now`. Every
// failure is UNAUTHENTICATED with a short reason that never echoes the token.
absl::StatusOr<Principal> VerifyHs256(absl::string_view token, absl::string_view key, absl::Time now);

// A signed token for `principal` (development tokens, tests).
std::string MintHs256(const Principal& principal, absl::string_view key, absl::Time issued_at = absl::Now());

}  // namespace medbrief::auth
