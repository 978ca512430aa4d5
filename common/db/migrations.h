#pragma once

// Schema migrations: numbered, append-only .sql files per service schema,
// embedded at build time (cmake/EmbedFiles.cmake).
//
// Each migration runs in its own transaction holding a transaction-level
// advisory lock for the schema, so replicas starting together apply each one
// exactly once. Applied versions are recorded in <schema>.schema_migrations
// with a SHA-256 of their text; a file edited after it was applied is refused
// (FAILED_PRECONDITION), since the database no longer matches the code.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace medbrief::db {

class ConnectionPool;

struct Migration {
  int version;       // from the file name's NNNN prefix
  std::string name;  // the file name, e.g. "0001_create_sources.sql"
  std::string sql;
};

struct MigrationSet {
  std::string schema;  // lower_snake identifier
  std::vector<Migration> migrations;
};

// Hex SHA-256 of a migration's text.
std::string Checksum(absl::string_view sql);

// Applies what is missing, in order; returns how many were applied now.
absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const MigrationSet& set);

}  // namespace medbrief::db
