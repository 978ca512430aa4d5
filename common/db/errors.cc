#include "common/db/errors.h"

#include <pqxx/except>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace medbrief::db {

absl::Status ToStatus(const std::exception& e) {
  // Order matters: the specific pqxx classes derive from broader ones.
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database commit outcome unknown: ", e.what()));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  }
  if (dynamic_cast<const pqxx::unique_violation*>(&e) != nullptr) {
    return absl::AlreadyExistsError(e.what());
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) {
    return absl::AbortedError(absl::StrCat("concurrent update, retry: ", e.what()));
  }
  if (dynamic_cast<const pqxx::statement_completion_unknown*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database statement outcome unknown: ", e.what()));
  }
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&e) != nullptr) {
    return absl::FailedPreconditionError(e.what());
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e); sql != nullptr) {
    const std::string& state = sql->sqlstate();
    if (state == "57014") {  // query_canceled: statement_timeout
      return absl::DeadlineExceededError(absl::StrCat("database statement timed out: ", e.what()));
    }
    // admin_shutdown, crash_shutdown, cannot_connect_now, connection
    // exceptions, a read-only server (after a failover), insufficient resources
    if (state == "57P01" || state == "57P02" || state == "57P03" || state == "25006" ||
        absl::StartsWith(state, "08") || absl::StartsWith(state, "53")) {
      return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
    }
    if (state == "55P03") {  // lock_not_available
      return absl::AbortedError(absl::StrCat("database row busy, retry: ", e.what()));
    }
  }
  return absl::InternalError(absl::StrCat("database error: ", e.what()));
}

}  // namespace medbrief::db
