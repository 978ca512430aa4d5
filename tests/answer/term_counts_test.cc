#include "services/answer/term_counts.h"

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
