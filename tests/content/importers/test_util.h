#pragma once

// Helpers shared by the importer tests: fixtures and the checks every
// returned Source must pass.

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "services/content/importers/importers.h"

namespace medbrief::content::importers::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A fixture under tests/content/importers/fixtures.
inline std::string Fixture(absl::string_view relative) {
  return ReadFile(absl::StrCat(MEDBRIEF_IMPORTER_FIXTURES, "/", relative));
}

// Markup or entity junk: "<p", "</", "&amp;", "&#160;".
inline bool HasMarkup(absl::string_view text) {
  static const std::regex kJunk(R"(<[A-Za-z/!?]|&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)");
  return std::regex_search(text.begin(), text.end(), kJunk);
}

// Plain text as the importers promise it: valid UTF-8, no markup, no control
// characters but "\n", no blank-line runs, no doubled or trailing spaces
// (lines may start with list indentation).
inline void ExpectPlainText(absl::string_view text, absl::string_view what) {
  EXPECT_TRUE(text::IsValidUtf8(text)) << what;
  EXPECT_FALSE(HasMarkup(text)) << what << ": " << text;
  EXPECT_EQ(text.find("\n\n\n"), absl::string_view::npos) << what;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) {
      EXPECT_EQ(c, '\n') << what;
    }
  }
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    const size_t indent = line.find_first_not_of(' ');
    if (indent == absl::string_view::npos) continue;
    EXPECT_EQ(line.substr(indent).find("  "), absl::string_view::npos) << what << ": [" << line << "]";
    EXPECT_NE(line.back(), ' ') << what << ": [" << line << "]";
  }
}

// Every promise of importers.h: identity, kind, status, title, sections.
inline void ExpectWellFormed(const v1::Source& source) {
  SCOPED_TRACE(source.external_id());
  EXPECT_FALSE(source.external_id().empty());
  EXPECT_NE(source.kind(), v1::SOURCE_KIND_UNSPECIFIED);
  EXPECT_NE(source.status(), v1::SOURCE_STATUS_UNSPECIFIED);
  EXPECT_FALSE(source.title().empty());
  EXPECT_EQ(source.title().find('\n'), std::string::npos);
  ExpectPlainText(source.title(), "title");
  ASSERT_GT(source.sections_size(), 0);
  for (const v1::SourceSection& section : source.sections()) {
    ExpectPlainText(section.heading(), "heading");
    ExpectPlainText(section.text(), section.heading());
    EXPECT_FALSE(section.text().empty()) << section.heading();
    EXPECT_LE(section.code().size(), 32u);
  }
}

}  // namespace medbrief::content::importers::testing
