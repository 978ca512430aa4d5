#pragma once

// Structured logging: one JSON object per line on stderr, e.g.
//   {"time":"2026-11-27T10:00:00.123Z","level":"info","service":"content",
//    "msg":"serving","port":50051}
// Each line is written with a single write(2), so lines from threads never mix.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace medbrief::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

absl::StatusOr<Level> ParseLevel(absl::string_view name);

// One key and its value, already encoded as JSON.
class Field {
 public:
  Field(absl::string_view key, absl::string_view value);
  Field(absl::string_view key, const char* value) : Field(key, absl::string_view(value)) {}
  Field(absl::string_view key, const std::string& value) : Field(key, absl::string_view(value)) {}
  Field(absl::string_view key, bool value);
  Field(absl::string_view key, double value);
  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>>
  Field(absl::string_view key, Int value) : key_(key), json_(std::to_string(value)) {}

  absl::string_view key() const { return key_; }
  absl::string_view json() const { return json_; }

 private:
  std::string key_;
  std::string json_;
};

using Fields = std::initializer_list<Field>;

// Process-wide settings, set once at start by the service main.
void SetService(absl::string_view service);
void SetMinLevel(Level level);

// The line for one record, without the trailing newline (tests read it).
std::string FormatLine(absl::Time time, Level level, absl::string_view service,
                       absl::string_view msg, Fields fields);

void Write(Level level, absl::string_view msg, Fields fields = {});
inline void Debug(absl::string_view msg, Fields fields = {}) { Write(Level::kDebug, msg, fields); }
inline void Info(absl::string_view msg, Fields fields = {}) { Write(Level::kInfo, msg, fields); }
inline void Warn(absl::string_view msg, Fields fields = {}) { Write(Level::kWarn, msg, fields); }
inline void Error(absl::string_view msg, Fields fields = {}) { Write(Level::kError, msg, fields); }

// Tests capture lines instead of writing them to stderr; pass nullptr to restore.
void SetSinkForTesting(std::function<void(absl::string_view line)> sink);

}  // namespace medbrief::log
