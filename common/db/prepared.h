#pragma once

// Hot statements, prepared once per connection: PostgreSQL then parses and
// plans them once instead of on every call. prepare() with the same name and
// text again is a no-op in libpqxx, so callers simply name the statement at
// each use.

#include <utility>

#include <pqxx/pqxx>

namespace medbrief::db {

template <typename... Args>
pqxx::result ExecPrepared(pqxx::transaction_base& tx, const char* name, const char* query, Args&&... args) {
  tx.conn().prepare(name, query);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace medbrief::db
