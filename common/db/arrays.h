#pragma once

// PostgreSQL text[] values for libpqxx 6, which has no array parameters:
// bulk writes pass arrays as literals and unnest() them in SQL.

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace medbrief::db {

// `{"a","b \"c\""}`: every element quoted and escaped, so any text round-trips.
std::string TextArrayLiteral(const std::vector<std::string>& values);

// `{1,2,3}`.
std::string IntArrayLiteral(const std::vector<int>& values);

// The elements of a text[] field (NULL elements become empty strings).
std::vector<std::string> ParseTextArray(const pqxx::field& field);

}  // namespace medbrief::db
