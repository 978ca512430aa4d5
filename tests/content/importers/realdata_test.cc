// The importers against the real public data in ../shared/data. Not run in CI:
// every test skips unless its data is given through the environment.
//
//   MEDBRIEF_SHARED_DATA  the shared data folder (drug-labels/*.xml,
//                         scifact/corpus.jsonl)
//   MEDBRIEF_NGC_DIR      the NGC summaries, unpacked beforehand, e.g.
//                         mkdir -p /tmp/ngc && tar -xJf
//                         ../shared/data/guidelines/ngc-summaries.tar.xz -C /tmp/ngc
//                         and MEDBRIEF_NGC_DIR=/tmp/ngc/ngcsel
//
// Each test prints its parse rate and the first failures, and asserts that
// at least 99% of the documents give a source with a title and a section.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/content/importers/importers.h"
#include "tests/content/importers/test_util.h"

namespace medbrief::content::importers {
namespace {

namespace fs = std::filesystem;
using testing::HasMarkup;
using testing::ReadFile;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::vector<fs::path> XmlFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Parse results of one corpus, reported as "parsed x/n".
class Tally {
 public:
  explicit Tally(std::string name) : name_(std::move(name)) {}

  void Add(const std::string& item, const absl::StatusOr<v1::Source>& source) {
    ++total_;
    if (!source.ok()) {
      Fail(item, source.status().ToString());
      return;
    }
    if (source->title().empty() || source->sections().empty()) {
      Fail(item, "no title or no section");
      return;
    }
    ++parsed_;
    sections_ += source->sections_size();
    for (const v1::SourceSection& section : source->sections()) {
      if (HasMarkup(section.text())) ++texts_with_markup_;
    }
  }

  void Report() const {
    std::cout << name_ << ": parsed " << parsed_ << "/" << total_ << ", " << sections_ << " sections, "
              << texts_with_markup_ << " section texts with something that looks like markup\n";
    EXPECT_GT(total_, 0) << name_;
    EXPECT_GE(parsed_ * 100, total_ * 99) << name_ << ": " << parsed_ << "/" << total_;
  }

 private:
  void Fail(const std::string& item, const std::string& why) {
    if (++shown_ <= 10) std::cout << name_ << ": " << item << ": " << why << "\n";
  }

  std::string name_;
  int total_ = 0;
  int parsed_ = 0;
  int shown_ = 0;
  int sections_ = 0;
  int texts_with_markup_ = 0;
};

TEST(RealDataTest, DrugLabels) {
  const std::string root = Env("MEDBRIEF_SHARED_DATA");
  if (root.empty()) GTEST_SKIP() << "MEDBRIEF_SHARED_DATA is not set";
  Tally tally("SPL");
  for (const fs::path& file : XmlFiles(fs::path(root) / "drug-labels")) {
    tally.Add(file.filename().string(), ParseSplXml(ReadFile(file.string())));
  }
  tally.Report();
}

// Real labels cut at 50 offsets each: OK or INVALID_ARGUMENT, never a crash.
TEST(RealDataTest, TruncatedDrugLabels) {
  const std::string root = Env("MEDBRIEF_SHARED_DATA");
  if (root.empty()) GTEST_SKIP() << "MEDBRIEF_SHARED_DATA is not set";
  for (const fs::path& file : XmlFiles(fs::path(root) / "drug-labels")) {
    const std::string xml = ReadFile(file.string());
    for (size_t k = 1; k < 50; ++k) {
      const absl::Status status = ParseSplXml(absl::string_view(xml).substr(0, xml.size() * k / 50)).status();
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << file << " cut at " << k << "/50";
    }
  }
}

TEST(RealDataTest, NgcSummaries) {
  const std::string dir = Env("MEDBRIEF_NGC_DIR");
  if (dir.empty()) GTEST_SKIP() << "MEDBRIEF_NGC_DIR is not set";
  Tally tally("NGC");
  for (const fs::path& file : XmlFiles(dir)) {
    tally.Add(file.filename().string(), ParseNgcXml(ReadFile(file.string()), file.filename().string()));
  }
  tally.Report();
}

TEST(RealDataTest, SciFactCorpus) {
  const std::string root = Env("MEDBRIEF_SHARED_DATA");
  if (root.empty()) GTEST_SKIP() << "MEDBRIEF_SHARED_DATA is not set";
  Tally tally("SciFact JSONL");
  for (const ParsedItem& item : ParseJsonl(ReadFile((fs::path(root) / "scifact" / "corpus.jsonl").string()), 1)) {
    tally.Add(item.item, item.source);
  }
  tally.Report();
}

}  // namespace
}  // namespace medbrief::content::importers
