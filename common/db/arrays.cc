#include "common/db/arrays.h"

#include <pqxx/pqxx>

namespace medbrief::db {

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

std::string IntArrayLiteral(const std::vector<int>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(values[i]);
  }
  out.push_back('}');
  return out;
}

std::vector<std::string> ParseTextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  if (field.is_null()) return values;
  pqxx::array_parser parser = field.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::done; std::tie(kind, value) = parser.get_next()) {
    if (kind == pqxx::array_parser::string_value) values.push_back(value);
    if (kind == pqxx::array_parser::null_value) values.emplace_back();
  }
  return values;
}

}  // namespace medbrief::db
