#include "common/log/log.h"

#include <unistd.h>

#include <atomic>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/json/escape.h"

namespace medbrief::log {
namespace {

absl::Mutex g_mu;
std::string* g_service ABSL_GUARDED_BY(g_mu) = new std::string("medbrief");
std::function<void(absl::string_view)>* g_sink ABSL_GUARDED_BY(g_mu) = nullptr;
std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};

absl::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

void WriteAll(absl::string_view line) {
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) return;  // stderr is gone; nothing better to do
    done += static_cast<size_t>(n);
  }
}

}  // namespace

absl::StatusOr<Level> ParseLevel(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "debug") return Level::kDebug;
  if (lower == "info") return Level::kInfo;
  if (lower == "warn" || lower == "warning") return Level::kWarn;
  if (lower == "error") return Level::kError;
  return absl::InvalidArgumentError(
      absl::StrCat("log level \"", name, "\": expected debug, info, warn or error"));
}

Field::Field(absl::string_view key, absl::string_view value) : key_(key), json_(json::Quoted(value)) {}
Field::Field(absl::string_view key, bool value) : key_(key), json_(value ? "true" : "false") {}
Field::Field(absl::string_view key, double value)
    : key_(key), json_(std::isfinite(value) ? absl::StrCat(value) : "null") {}

void SetService(absl::string_view service) {
  absl::MutexLock lock(&g_mu);
  *g_service = std::string(service);
}

void SetMinLevel(Level level) { g_min_level.store(static_cast<int>(level)); }

std::string FormatLine(absl::Time time, Level level, absl::string_view service,
                       absl::string_view msg, Fields fields) {
  std::string line = "{\"time\":";
  json::AppendQuoted(&line, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone()));
  absl::StrAppend(&line, ",\"level\":\"", LevelName(level), "\",\"service\":");
  json::AppendQuoted(&line, service);
  line.append(",\"msg\":");
  json::AppendQuoted(&line, msg);
  for (const Field& field : fields) {
    line.push_back(',');
    json::AppendQuoted(&line, field.key());
    line.push_back(':');
    line.append(field.json().data(), field.json().size());
  }
  line.push_back('}');
  return line;
}

void Write(Level level, absl::string_view msg, Fields fields) {
  if (static_cast<int>(level) < g_min_level.load()) return;
  std::string service;
  {
    absl::MutexLock lock(&g_mu);
    service = *g_service;
    if (g_sink != nullptr) {
      (*g_sink)(FormatLine(absl::Now(), level, service, msg, fields));
      return;
    }
  }
  std::string line = FormatLine(absl::Now(), level, service, msg, fields);
  line.push_back('\n');
  WriteAll(line);
}

void SetSinkForTesting(std::function<void(absl::string_view line)> sink) {
  absl::MutexLock lock(&g_mu);
  delete g_sink;
  g_sink = sink ? new std::function<void(absl::string_view)>(std::move(sink)) : nullptr;
}

}  // namespace medbrief::log
