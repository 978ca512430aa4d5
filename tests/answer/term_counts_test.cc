#include "services/answer/term_counts.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace medbrief::answer {
namespace {

TEST(TermCountsTest, CountsEachTermWithRepeats) {
  const TermCounts counts({"octreotid", "dose", "octreotid", "lar"});
  EXPECT_EQ(counts.length(), 4u);
  EXPECT_EQ(counts.distinct(), 3u);
  EXPECT_EQ(counts.Count(TermKeyOf("octreotid")), 2);
  EXPECT_EQ(counts.Count(TermKeyOf("lar")), 1);
  EXPECT_EQ(counts.Count(TermKeyOf("lanreotid")), 0);
  EXPECT_TRUE(counts.Contains(TermKeyOf("dose")));
  EXPECT_FALSE(TermCounts().Contains(TermKeyOf("dose")));
}

TEST(TermCountsTest, CountsAreExactWhateverTheMixOfTerms) {
  // Enough terms that many share a bit of the quick "absent" test: every
  // held term is still counted and every other one still absent.
  std::vector<std::string> held;
  for (int i = 0; i < 200; ++i) {
    for (int repeat = 0; repeat <= i % 3; ++repeat) held.push_back("term" + std::to_string(i));
  }
  const TermCounts counts(held);
  EXPECT_EQ(counts.distinct(), 200u);
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(counts.Count(TermKeyOf("term" + std::to_string(i))), i % 3 + 1) << i;
    EXPECT_FALSE(counts.Contains(TermKeyOf("other" + std::to_string(i)))) << i;
  }
}

TEST(TermCountsTest, KeysDependOnTheTermAlone) {
  EXPECT_EQ(TermKeyOf("octreotid"), TermKeyOf(std::string("octreo") + "tid"));
  EXPECT_NE(TermKeyOf("ab"), TermKeyOf("ba"));
  EXPECT_NE(TermKeyOf(""), TermKeyOf("a"));
  EXPECT_EQ(DistinctTermKeys({"a", "b", "a"}), (std::vector<TermKey>{TermKeyOf("a"), TermKeyOf("b")}));
}

TEST(TermCountsTest, JaccardIsSharedOverAllDistinctTerms) {
  const TermCounts a({"x", "y", "y", "z"});
  const TermCounts b({"y", "z", "w"});
  EXPECT_DOUBLE_EQ(Jaccard(a, b), 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(Jaccard(b, a), 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, a), 1.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, TermCounts()), 0.0);
  EXPECT_DOUBLE_EQ(Jaccard(TermCounts(), TermCounts()), 0.0);
}

TEST(TermCountsTest, EqualWhenTheSameTermsWithTheSameCounts) {
  EXPECT_TRUE(TermCounts({"a", "b", "a"}) == TermCounts({"b", "a", "a"}));
  EXPECT_FALSE(TermCounts({"a", "b"}) == TermCounts({"a", "b", "b"}));
  EXPECT_FALSE(TermCounts({"a"}) == TermCounts({"b"}));
}

}  // namespace
}  // namespace medbrief::answer
