#include "common/db/migrations.h"

#include <openssl/evp.h>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/db/errors.h"
#include "common/db/pool.h"
#include "common/log/log.h"
#include "common/status/macros.h"

namespace medbrief::db {
namespace {

// First key of the two-int advisory lock: "mdbr". The second is the schema's hash.
constexpr int kLockNamespace = 0x6d646272;

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || s.size() > 63 || !(absl::ascii_isalpha(s[0]) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) return false;
  }
  return true;
}

absl::Status Validate(const MigrationSet& set) {
  if (!IsIdentifier(set.schema)) {
    return absl::InvalidArgumentError(absl::StrCat("schema name \"", set.schema, "\" is not lower_snake"));
  }
  int last = 0;
  for (const Migration& m : set.migrations) {
    if (m.version <= last) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", m.name, " of schema ", set.schema, ": versions must increase"));
    }
    last = m.version;
  }
  return absl::OkStatus();
}

enum class Outcome { kApplied, kAlreadyApplied };

// One migration in one transaction, under the schema's advisory lock.
absl::StatusOr<Outcome> ApplyOne(pqxx::connection& conn, const MigrationSet& set, const Migration& m,
                                 const std::string& checksum) {
  pqxx::work tx(conn);
  const std::string schema = tx.quote_name(set.schema);
  // READ COMMITTED (the default) matters: after the lock is granted, each
  // statement sees what the previous holder committed.
  tx.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kLockNamespace, set.schema);
  // A migration may take long (an index build); the pool's statement_timeout
  // is for requests. Waiting on other sessions' locks stays bounded.
  tx.exec0("SET LOCAL statement_timeout = 0");
  tx.exec0("SET LOCAL lock_timeout = '30s'");
  tx.exec0("CREATE SCHEMA IF NOT EXISTS " + schema);
  tx.exec0("CREATE TABLE IF NOT EXISTS " + schema +
           ".schema_migrations ("
           " version integer PRIMARY KEY,"
           " name text NOT NULL,"
           " checksum text NOT NULL,"
           " applied_at timestamptz NOT NULL DEFAULT now())");
  const pqxx::result applied =
      tx.exec_params("SELECT name, checksum FROM " + schema + ".schema_migrations WHERE version = $1", m.version);
  if (!applied.empty()) {
    const std::string applied_checksum = applied[0][1].as<std::string>();
    if (applied_checksum != checksum) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", m.name, " of schema ", set.schema, " was changed after it was applied (applied as ",
          applied[0][0].as<std::string>(), " with checksum ", applied_checksum, ", now ", checksum,
          "); migrations are append-only: restore the file and add a new one"));
    }
    return Outcome::kAlreadyApplied;
  }
  const pqxx::result newest = tx.exec("SELECT max(version) FROM " + schema + ".schema_migrations");
  if (!newest[0][0].is_null() && newest[0][0].as<int>() > m.version) {
    return absl::FailedPreconditionError(absl::StrCat(
        "migration ", m.name, " of schema ", set.schema, " is not applied but a later one (version ",
        newest[0][0].as<int>(), ") is; migrations must be applied in order: renumber it after the newest"));
  }
  tx.exec0("SET LOCAL search_path TO " + schema + ", public");
  tx.exec(m.sql);
  tx.exec_params("INSERT INTO " + schema + ".schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                 m.version, m.name, checksum);
  tx.commit();
  return Outcome::kApplied;
}

}  // namespace

std::string Checksum(absl::string_view sql) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(sql.data(), sql.size(), digest, &len, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), len));
}

absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const MigrationSet& set) {
  RETURN_IF_ERROR(Validate(set));
  ASSIGN_OR_RETURN(Lease lease, pool.Acquire());
  int applied = 0;
  for (const Migration& m : set.migrations) {
    absl::StatusOr<Outcome> outcome;
    try {
      outcome = ApplyOne(*lease, set, m, Checksum(m.sql));
    } catch (const std::exception& e) {
      lease.MarkBroken();
      absl::Status status = ToStatus(e);
      return absl::Status(status.code(),
                          absl::StrCat("migration ", m.name, " of schema ", set.schema, ": ", status.message()));
    }
    RETURN_IF_ERROR(outcome.status());
    if (*outcome == Outcome::kApplied) {
      ++applied;
      log::Info("migration applied", {{"schema", set.schema}, {"migration", m.name}});
    }
  }
  return applied;
}

}  // namespace medbrief::db
