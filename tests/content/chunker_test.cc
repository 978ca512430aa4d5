#include "services/content/chunker.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::content {
namespace {

using ::testing::ElementsAre;

int Words(const std::string& s) {
  return static_cast<int>(std::vector<absl::string_view>(absl::StrSplit(s, absl::ByAnyChar(" \n"), absl::SkipEmpty())).size());
}

std::string Sentence(int i, int words) {
  std::vector<std::string> w = {absl::StrCat("Sentence", i)};
  for (int k = 1; k < words; ++k) w.push_back(absl::StrCat("word", k));
  return absl::StrJoin(w, " ") + ".";
}

TEST(SentencesTest, AbbreviationsDecimalsAndInitialsDoNotEndSentences) {
  EXPECT_THAT(SplitSentences("Give 37.5 mg daily, e.g. with food. Dr. Smith et al. agreed (J. Clin. Oncol.). "
                             "Monitor CgA every 3 months!"),
              ElementsAre("Give 37.5 mg daily, e.g. with food.", "Dr. Smith et al. agreed (J. Clin. Oncol.).",
                          "Monitor CgA every 3 months!"));
  EXPECT_THAT(SplitSentences("Response was 71-95%. 5-year survival was 50%."),
              ElementsAre("Response was 71-95%.", "5-year survival was 50%."));
}

TEST(ChunkerTest, ShortSectionIsOnePassage) {
  EXPECT_THAT(SplitIntoPassages("Lanreotide 120 mg every 4 weeks."), ElementsAre("Lanreotide 120 mg every 4 weeks."));
  EXPECT_TRUE(SplitIntoPassages("   \n\n ").empty());
}

TEST(ChunkerTest, PassagesAreWholeSentencesWithinBounds) {
  std::vector<std::string> sentences;
  for (int i = 0; i < 40; ++i) sentences.push_back(Sentence(i, 17));
  const std::string text = absl::StrJoin(sentences, " ");
  const std::vector<std::string> passages = SplitIntoPassages(text);
  ASSERT_GT(passages.size(), 1u);
  std::string rejoined;
  for (const std::string& p : passages) {
    EXPECT_LE(Words(p), 200) << p;
    EXPECT_GE(Words(p), 60) << p;
    EXPECT_TRUE(absl::EndsWith(p, ".")) << "cut inside a sentence: " << p;
    rejoined += (rejoined.empty() ? "" : " ") + p;
  }
  EXPECT_EQ(rejoined, text);  // nothing lost, nothing repeated
}

TEST(ChunkerTest, ListItemsStayWholeAndKeepTheirLines) {
  std::string text = "Options include:\n";
  for (int i = 0; i < 30; ++i) absl::StrAppend(&text, "- ", Sentence(i, 12), "\n");
  const std::vector<std::string> passages = SplitIntoPassages(text);
  ASSERT_GT(passages.size(), 1u);
  for (const std::string& p : passages) {
    for (absl::string_view line : absl::StrSplit(p, '\n')) {
      if (absl::StartsWith(line, "- ")) {
        EXPECT_TRUE(absl::EndsWith(line, ".")) << "list item split: " << line;
      }
    }
  }
}

TEST(ChunkerTest, OverlongSentenceIsCutButNeverBetweenANumberAndItsUnit) {
  std::vector<std::string> words;
  for (int i = 0; i < 450; ++i) words.push_back(i % 7 == 5 ? "120" : (i % 7 == 6 ? "mg" : "dose"));
  const std::vector<std::string> passages = SplitIntoPassages(absl::StrJoin(words, " ") + ".");
  ASSERT_GE(passages.size(), 3u);
  for (const std::string& p : passages) {
    EXPECT_LE(Words(p), 200);
    EXPECT_FALSE(absl::EndsWith(p, " 120")) << "number cut from its unit";
    EXPECT_FALSE(absl::StartsWith(p, "mg")) << "unit cut from its number";
  }
}

TEST(ChunkerTest, Deterministic) {
  std::vector<std::string> sentences;
  for (int i = 0; i < 25; ++i) sentences.push_back(Sentence(i, 9 + i % 13));
  const std::string text = absl::StrJoin(sentences, " ");
  EXPECT_EQ(SplitIntoPassages(text), SplitIntoPassages(text));
}

}  // namespace
}  // namespace medbrief::content
