#include "common/text/abbreviations.h"

#include <algorithm>
#include <filesystem>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/io/files.h"
#include "AbbreviationsTsv.h"

namespace medbrief::text {
namespace {

// The fields of one CSV record starting at `pos`; advances `pos` past it.
std::vector<std::string> CsvRecord(absl::string_view content, size_t& pos) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  while (pos < content.size()) {
    const char c = content[pos++];
    if (quoted) {
      if (c == '"' && pos < content.size() && content[pos] == '"') {
        fields.back().push_back('"');
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

}  // namespace

const Abbreviations& Abbreviations::Builtin() {
  static const Abbreviations* const kBuiltin = [] {
    auto* vocabulary = new Abbreviations();
    // The embedded file is part of the build; a malformed line is a bug caught by tests.
    (void)vocabulary->AddTsv(embedded::AbbreviationsTsv());
    return vocabulary;
  }();
  return *kBuiltin;
}

void Abbreviations::Add(absl::string_view abbreviation, absl::string_view expansion) {
  abbreviation = absl::StripAsciiWhitespace(abbreviation);
  expansion = absl::StripAsciiWhitespace(expansion);
  if (abbreviation.empty() || expansion.empty()) return;
  auto& expansions = entries_[abbreviation];
  if (std::find(expansions.begin(), expansions.end(), expansion) == expansions.end()) {
    expansions.emplace_back(expansion);
  }
}

absl::Status Abbreviations::AddTsv(absl::string_view content) {
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("abbreviations line ", line_number, ": expected ABBREVIATION<TAB>expansion"));
    }
    Add(fields[0], fields[1]);
  }
  return absl::OkStatus();
}

absl::Status Abbreviations::AddCsv(absl::string_view content) {
  size_t pos = 0;
  const std::vector<std::string> header = CsvRecord(content, pos);
  if (header.size() < 2 || !absl::StartsWithIgnoreCase(header[0], "Abbreviation")) {
    return absl::InvalidArgumentError("abbreviations CSV: expected a header \"Abbreviation/Shorthand,Meaning,...\"");
  }
  while (pos < content.size()) {
    const std::vector<std::string> record = CsvRecord(content, pos);
    if (record.size() >= 2) Add(record[0], record[1]);
  }
  return absl::OkStatus();
}

absl::Status Abbreviations::AddPath(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".csv" || ext == ".tsv") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      if (absl::Status status = AddPath(file); !status.ok()) return status;
    }
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> content = io::ReadFile(path);
  if (!content.ok()) return content.status();
  absl::Status status = absl::EndsWith(path, ".csv") ? AddCsv(*content) : AddTsv(*content);
  if (!status.ok()) return absl::Status(status.code(), absl::StrCat(path, ": ", status.message()));
  return absl::OkStatus();
}

const std::vector<std::string>& Abbreviations::Find(absl::string_view token) const {
  static const std::vector<std::string>* const kNone = new std::vector<std::string>();
  auto it = entries_.find(token);
  return it == entries_.end() ? *kNone : it->second;
}

void Abbreviations::ForEach(
    const std::function<void(absl::string_view abbreviation, const std::vector<std::string>& expansions)>& visit)
    const {
  for (const auto& [abbreviation, expansions] : entries_) {
    visit(abbreviation, expansions);
  }
}

}  // namespace medbrief::text
