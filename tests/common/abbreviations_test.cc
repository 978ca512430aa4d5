#include "common/text/abbreviations.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(AbbreviationsTest, BuiltinVocabularyLoadsAndIsCaseSensitive) {
  const Abbreviations& builtin = Abbreviations::Builtin();
  EXPECT_GT(builtin.size(), 50u);
  EXPECT_THAT(builtin.Find("PRRT"), ElementsAre("peptide receptor radionuclide therapy"));
  EXPECT_THAT(builtin.Find("GEP-NET"), ElementsAre("gastroenteropancreatic neuroendocrine tumor"));
  EXPECT_THAT(builtin.Find("prrt"), IsEmpty());
}

TEST(AbbreviationsTest, TsvKeepsEveryExpansionOnceAndRejectsMalformedLines) {
  Abbreviations vocabulary;
  ASSERT_TRUE(vocabulary.AddTsv("# comment\n\nRA\trheumatoid arthritis\nRA\tright atrium\nRA\trheumatoid arthritis\n").ok());
  EXPECT_THAT(vocabulary.Find("RA"), ElementsAre("rheumatoid arthritis", "right atrium"));
  const absl::Status bad = vocabulary.AddTsv("RA rheumatoid arthritis\n");
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), ::testing::HasSubstr("line 1"));
}

TEST(AbbreviationsTest, CsvOfTheSharedFormatWithQuoting) {
  Abbreviations vocabulary;
  ASSERT_TRUE(vocabulary
                  .AddCsv("Abbreviation/Shorthand,Meaning,More Info\r\n"
                          "BP,blood pressure,\r\n"
                          "\"C/B\",\"complicated by, usually\",\"a \"\"note\"\"\"\r\n")
                  .ok());
  EXPECT_THAT(vocabulary.Find("BP"), ElementsAre("blood pressure"));
  EXPECT_THAT(vocabulary.Find("C/B"), ElementsAre("complicated by, usually"));
  EXPECT_FALSE(vocabulary.AddCsv("Term,Definition\nBP,x\n").ok());  // not that format
}

TEST(AbbreviationsTest, AddPathReadsAFolderOfTsvAndCsvFiles) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "medbrief-abbrev-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.tsv") << "SSA\tsomatostatin analog\n";
  std::ofstream(dir / "b.csv") << "Abbreviation/Shorthand,Meaning,More Info\nCgA,chromogranin A,\n";
  std::ofstream(dir / "notes.txt") << "ignored\n";
  Abbreviations vocabulary;
  ASSERT_TRUE(vocabulary.AddPath(dir.string()).ok());
  EXPECT_THAT(vocabulary.Find("SSA"), ElementsAre("somatostatin analog"));
  EXPECT_THAT(vocabulary.Find("CgA"), ElementsAre("chromogranin A"));
  EXPECT_EQ(vocabulary.size(), 2u);
  EXPECT_EQ(vocabulary.AddPath((dir / "missing.tsv").string()).code(), absl::StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(AbbreviationsTest, ForEachVisitsEveryAbbreviationOnceWithAllExpansions) {
  Abbreviations vocabulary;
  ASSERT_TRUE(vocabulary.AddTsv("RA\trheumatoid arthritis\nRA\tright atrium\nBP\tblood pressure\n").ok());
  std::map<std::string, std::vector<std::string>> seen;
  vocabulary.ForEach([&](absl::string_view abbreviation, const std::vector<std::string>& expansions) {
    EXPECT_TRUE(seen.emplace(std::string(abbreviation), expansions).second) << abbreviation;
  });
  EXPECT_THAT(seen, ElementsAre(::testing::Pair("BP", ElementsAre("blood pressure")),
                                ::testing::Pair("RA", ElementsAre("rheumatoid arthritis", "right atrium"))));
}

}  // namespace
}  // namespace medbrief::text
