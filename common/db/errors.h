#pragma once

#include <exception>

#include "absl/status/status.h"

namespace medbrief::db {

// The canonical status for an exception thrown by libpqxx (or anything else
// caught at a repository's edge):
//   broken_connection, in_doubt_error      -> UNAVAILABLE
//   unique_violation                       -> ALREADY_EXISTS
//   serialization_failure, deadlock        -> ABORTED
//   statement_completion_unknown           -> UNAVAILABLE
//   SQLSTATE 57014 (statement_timeout)     -> DEADLINE_EXCEEDED
//   SQLSTATE 57P0x, 08xxx, 25006, 53xxx (server going away, read-only,
//            out of resources)                -> UNAVAILABLE
//   SQLSTATE 55P03 (lock not available)       -> ABORTED
//   foreign_key_violation                  -> FAILED_PRECONDITION
//   anything else                          -> INTERNAL
absl::Status ToStatus(const std::exception& e);

}  // namespace medbrief::db
