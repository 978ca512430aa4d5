#include "services/citation/quantities.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::citation {
namespace {

using ::testing::ElementsAre;

struct Read {
  std::vector<Quantity> quantities;
  std::vector<std::string> written;
  std::vector<bool> consumed;
};

Read Quantities(const std::string& text) {
  Read read;
  const std::vector<SupportToken> tokens = SupportTokens(text);
  read.quantities = ExtractQuantities(text, tokens, &read.consumed);
  for (const Quantity& q : read.quantities) read.written.push_back(text.substr(q.begin, q.end - q.begin));
  return read;
}

Quantity Only(const std::string& text) {
  Read read = Quantities(text);
  EXPECT_EQ(read.quantities.size(), 1u) << text;
  return read.quantities.empty() ? Quantity{} : read.quantities[0];
}

// Whether the passage text states the (single) quantity of the claim text.
bool Same(const std::string& passage, const std::string& claim) { return Satisfies(Only(passage), Only(claim)); }

TEST(QuantitiesTest, SpansAreTheTextAsWritten) {
  EXPECT_THAT(Quantities("Give 120mg every 4 weeks; 45% responded by 2019 (q28d).").written,
              ElementsAre("120mg", "every 4 weeks", "45%", "2019", "q28d"));
  EXPECT_THAT(Quantities("37.5 mg/day for 6 months, 2 mg per kg, 10 mg once daily").written,
              ElementsAre("37.5 mg/day", "6 months", "2 mg per kg", "10 mg once daily"));
}

TEST(QuantitiesTest, UnitsWrittenTogetherOrApartAreEqual) {
  EXPECT_TRUE(Same("120 mg", "120mg"));
  EXPECT_TRUE(Same("120 milligrams", "120 mg"));
  EXPECT_TRUE(Same("45 %", "45%"));
  EXPECT_TRUE(Same("45 percent", "45%"));
  EXPECT_TRUE(Same("45 per cent", "45%"));
  EXPECT_TRUE(Same("a 6-month course", "6 months"));
  EXPECT_TRUE(Same("100 mcg", "100 µg"));
  EXPECT_TRUE(Same("37.50 mg", "37.5 mg"));  // trailing zeros
  EXPECT_TRUE(Same("1,000 units", "1000 U"));
}

TEST(QuantitiesTest, ExactConversionsWithinADimension) {
  EXPECT_TRUE(Same("0.5 g", "500 mg"));
  EXPECT_TRUE(Same("7.4 GBq", "200 mCi"));  // 1 mCi = 37 MBq
  EXPECT_TRUE(Same("24 hours", "1 day"));
  EXPECT_TRUE(Same("2 years", "24 months"));
  EXPECT_FALSE(Same("500 mcg", "500 mg"));
  EXPECT_FALSE(Same("30 days", "1 month"));   // days and months never convert
  EXPECT_FALSE(Same("100 IU", "100 mg"));
}

TEST(QuantitiesTest, RatesNeedTheClaimsDenominator) {
  EXPECT_TRUE(Same("37.5 mg daily", "37.5 mg/day"));
  EXPECT_TRUE(Same("37.5 mg per day", "37.5 mg/day"));
  EXPECT_TRUE(Same("37.5 mg a day", "37.5 mg/day"));
  EXPECT_TRUE(Same("37.5 mg once daily", "37.5 mg/d"));
  EXPECT_TRUE(Same("37.5 mg/day", "37.5 mg"));             // the claim is less specific
  EXPECT_FALSE(Same("37.5 mg", "37.5 mg/day"));            // the passage does not say per day
  EXPECT_FALSE(Same("37.5 mg weekly", "37.5 mg/day"));
  EXPECT_EQ(Only("2 mg/kg/day").per, "kg/d");
}

TEST(QuantitiesTest, IntervalsInEveryForm) {
  EXPECT_TRUE(Same("every 4 weeks", "q4w"));
  EXPECT_TRUE(Same("q4w", "every 4 weeks"));
  EXPECT_TRUE(Same("every four weeks", "every 4 weeks"));
  EXPECT_TRUE(Same("4-weekly", "every 4 weeks"));
  EXPECT_TRUE(Same("every 28 days", "every 4 weeks"));    // 28 d = 4 wk exactly
  EXPECT_TRUE(Same("q28d", "q4w"));
  EXPECT_TRUE(Same("every 4 weeks", "4 weeks"));          // a duration in the claim
  EXPECT_FALSE(Same("for 4 weeks", "every 4 weeks"));     // an interval in the claim
  EXPECT_THAT(Quantities("given monthly").written, ElementsAre());  // no number: "monthly" is not q4w
}

TEST(QuantitiesTest, NumberWordsOnlyWithAUnit) {
  EXPECT_THAT(Quantities("one of the four patients").written, ElementsAre());
  EXPECT_THAT(Quantities("for four weeks").written, ElementsAre("four weeks"));
}

TEST(QuantitiesTest, ScaleWordsAndBareNumbers) {
  EXPECT_TRUE(Same("5,000,000", "5 million"));
  EXPECT_TRUE(Same("5 million", "5"));                    // a bare claim number matches as written
  EXPECT_FALSE(Same("5", "5 million"));
  EXPECT_TRUE(Same("in 2019", "2019"));
  EXPECT_TRUE(Same("120 mg", "120"));                     // a bare claim number matches any unit
  EXPECT_FALSE(Same("120", "120 mg"));                    // a unit in the claim must be there
}

TEST(QuantitiesTest, ListsAndRangesShareTheUnit) {
  const Read read = Quantities("10 to 20 mg, 120 or 240 mg, 45-50%");
  ASSERT_EQ(read.quantities.size(), 6u);
  EXPECT_EQ(read.quantities[0].unit, "mg");
  EXPECT_EQ(read.quantities[2].unit, "mg");
  EXPECT_EQ(read.quantities[4].unit, "%");
  EXPECT_THAT(Quantities("1 in 5 million").quantities[0].unit, "");  // "in" is no list
}

TEST(QuantitiesTest, NamesWithDigitsAreNotQuantities) {
  Read read = Quantities("177Lu-DOTATATE as 3rd line");
  EXPECT_THAT(read.written, ElementsAre());
  EXPECT_THAT(read.consumed, ElementsAre(false, false, false, false, false));
}

TEST(QuantitiesTest, NumbersJoinedToAWordArePartOfAName) {
  EXPECT_THAT(Quantities("IL-6 and COVID-19 and OCT3/4").written, ElementsAre());
  EXPECT_THAT(Quantities("10-20 mg and 1/2 tablet").written, ElementsAre("10", "20 mg", "1", "2 tablet"));
}

TEST(QuantitiesTest, ConsumedTokensAreTheQuantitysOwn) {
  const Read read = Quantities("take 10 mg daily with food");
  EXPECT_THAT(read.consumed, ElementsAre(false, true, true, true, false, false));
}

}  // namespace
}  // namespace medbrief::citation
