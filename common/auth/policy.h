#pragma once

// Who may call what: one table for every RPC of the four services, checked by
// the shared authentication processor (common/grpc/security.h). Roles:
// reader (asks and reads), author (submits its answers for review), reviewer
// (a board member deciding), admin (imports, source status, reviewers; may do
// everything), service (one medbrief service calling another, on behalf of
// the end user it names). A method missing from the table is refused.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/jwt.h"

namespace medbrief::auth {

inline constexpr char kReader[] = "reader";
inline constexpr char kAuthor[] = "author";
inline constexpr char kReviewer[] = "reviewer";
inline constexpr char kAdmin[] = "admin";
inline constexpr char kService[] = "service";

// Health checks and reflection: callable without a token (probes).
bool IsPublicMethod(absl::string_view method);

// OK when `principal` may call `method` ("/package.Service/Method"), else
// PERMISSION_DENIED naming the roles that may.
absl::Status Authorize(const Principal& principal, absl::string_view method);

}  // namespace medbrief::auth
