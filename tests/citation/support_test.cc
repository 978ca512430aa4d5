#include "services/citation/support.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::citation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kPrrtPassage[] =
    "In patients with progressive midgut neuroendocrine tumours, peptide receptor radionuclide therapy "
    "with 177Lu-DOTATATE (7.4 GBq every 8 weeks, four infusions) plus octreotide LAR 30 mg prolonged "
    "progression-free survival compared with high-dose octreotide LAR 60 mg every 4 weeks.";

TEST(SupportTest, AClaimStatedByThePassageIsSupported) {
  const SupportResult r =
      CheckSupport("177Lu-DOTATATE prolonged progression-free survival in midgut neuroendocrine tumors.", kPrrtPassage);
  EXPECT_EQ(r.verdict, v1::SUPPORTED);
  EXPECT_DOUBLE_EQ(r.score, 1.0);
  EXPECT_THAT(r.missing_numbers, IsEmpty());
  EXPECT_THAT(r.missing_terms, IsEmpty());
  EXPECT_FALSE(r.negation_conflict);
}

TEST(SupportTest, DosesMustBeInThePassageWithTheirUnit) {
  EXPECT_EQ(CheckSupport("177Lu-DOTATATE plus octreotide LAR 30mg.", kPrrtPassage).verdict, v1::SUPPORTED);
  const SupportResult wrong_dose = CheckSupport("177Lu-DOTATATE plus octreotide LAR 20 mg.", kPrrtPassage);
  EXPECT_EQ(wrong_dose.verdict, v1::UNSUPPORTED);
  EXPECT_THAT(wrong_dose.missing_numbers, ElementsAre("20 mg"));
  EXPECT_DOUBLE_EQ(wrong_dose.score, 1.0);  // the words are there; the dose is not
  const SupportResult wrong_unit = CheckSupport("177Lu-DOTATATE plus octreotide LAR 30 mcg.", kPrrtPassage);
  EXPECT_THAT(wrong_unit.missing_numbers, ElementsAre("30 mcg"));
}

TEST(SupportTest, UnitsConvertWhereExact) {
  EXPECT_EQ(CheckSupport("Each infusion delivered 200 mCi.", "Each infusion delivered 7.4 GBq.").verdict,
            v1::SUPPORTED);
  EXPECT_EQ(CheckSupport("The dose is 0.5 g.", "The dose is 500 mg.").verdict, v1::SUPPORTED);
}

TEST(SupportTest, IntervalsInAnyNotation) {
  EXPECT_EQ(CheckSupport("High-dose octreotide LAR 60 mg q4w was the comparator.",
                         "The comparator was high-dose octreotide LAR 60 mg every 4 weeks.")
                .verdict,
            v1::SUPPORTED);
  EXPECT_EQ(CheckSupport("Lanreotide 120 mg every 28 days.", "Lanreotide 120 mg every four weeks.").verdict,
            v1::SUPPORTED);
  const SupportResult monthly = CheckSupport("Lanreotide 120 mg every 4 weeks.", "Lanreotide 120 mg monthly.");
  EXPECT_EQ(monthly.verdict, v1::UNSUPPORTED);
  EXPECT_THAT(monthly.missing_numbers, ElementsAre("every 4 weeks"));
}

TEST(SupportTest, RatesAndDurations) {
  EXPECT_EQ(CheckSupport("Sunitinib 37.5 mg/day for 6 months.", "Sunitinib 37.5 mg daily for six months.").verdict,
            v1::SUPPORTED);
  const SupportResult twice = CheckSupport("Sunitinib 37.5 mg/day.", "Sunitinib 37.5 mg twice a week.");
  EXPECT_THAT(twice.missing_numbers, ElementsAre("37.5 mg/day"));
}

TEST(SupportTest, PercentagesAndYears) {
  const std::string passage = "By 2019, 45 percent of patients had responded.";
  EXPECT_EQ(CheckSupport("45% of patients responded by 2019.", passage).verdict, v1::SUPPORTED);
  const SupportResult r = CheckSupport("54% of patients responded by 2018.", passage);
  EXPECT_EQ(r.verdict, v1::UNSUPPORTED);
  EXPECT_THAT(r.missing_numbers, ElementsAre("54%", "2018"));
}

TEST(SupportTest, NegationInThePassageOnly) {
  const SupportResult r =
      CheckSupport("PRRT is recommended for low-grade tumors.", "PRRT is not recommended for low-grade tumors.");
  EXPECT_TRUE(r.negation_conflict);
  EXPECT_EQ(r.verdict, v1::UNSUPPORTED);
  EXPECT_DOUBLE_EQ(r.score, 1.0);  // every word is there; the polarity is not
}

TEST(SupportTest, NegationInTheClaimOnly) {
  const SupportResult r =
      CheckSupport("PRRT should not be used for low-grade tumors.", "PRRT is used for low-grade tumors.");
  EXPECT_TRUE(r.negation_conflict);
  EXPECT_EQ(r.verdict, v1::UNSUPPORTED);
  EXPECT_TRUE(CheckSupport("Sunitinib does not prolong survival.", "Sunitinib prolongs survival.").negation_conflict);
}

TEST(SupportTest, NegationOnBothSidesAgrees) {
  const SupportResult r = CheckSupport("Octreotide should not be used in pregnancy.",
                                       "Octreotide is not recommended in pregnancy.");
  EXPECT_FALSE(r.negation_conflict);
  EXPECT_EQ(r.verdict, v1::PARTIAL);  // "used" is not in the passage
  EXPECT_THAT(r.missing_terms, ElementsAre("used"));
  EXPECT_FALSE(CheckSupport("Everolimus is contraindicated in pregnancy.",
                            "Everolimus should be avoided in pregnancy.")
                   .negation_conflict);
  EXPECT_FALSE(CheckSupport("There was no difference in overall survival.",
                            "No significant difference in overall survival was found.")
                   .negation_conflict);
}

TEST(SupportTest, ContraindicatedAgainstRecommendedAndDoubleNegation) {
  EXPECT_TRUE(CheckSupport("Everolimus is contraindicated in pregnancy.", "Everolimus is recommended in pregnancy.")
                  .negation_conflict);
  EXPECT_TRUE(CheckSupport("Everolimus can be used in pregnancy.", "Everolimus is contraindicated in pregnancy.")
                  .negation_conflict);
  // "not contraindicated" affirms.
  EXPECT_FALSE(CheckSupport("Everolimus can be used in pregnancy.",
                            "Everolimus is not contraindicated in pregnancy and can be used.")
                   .negation_conflict);
  EXPECT_TRUE(CheckSupport("Everolimus is contraindicated in pregnancy.",
                           "Everolimus is not contraindicated in pregnancy.")
                  .negation_conflict);
}

TEST(SupportTest, ContractedNegationAndNegationsElsewhereInThePassage) {
  EXPECT_TRUE(CheckSupport("Sunitinib improves survival.", "Sunitinib doesn't improve survival.").negation_conflict);
  EXPECT_TRUE(CheckSupport("Sunitinib improves survival.", "Sunitinib doesn\u2019t improve survival.").negation_conflict);
  // A negation about other words, or in another clause, does not touch the claim.
  const SupportResult r = CheckSupport("Sunitinib improved progression-free survival.",
                                       "Sunitinib did not improve overall survival, but it improved "
                                       "progression-free survival. No new safety signal was seen.");
  EXPECT_FALSE(r.negation_conflict);
  EXPECT_EQ(r.verdict, v1::SUPPORTED);
}

TEST(SupportTest, AbbreviationInTheClaimExpandedInThePassage) {
  const SupportResult r = CheckSupport("PRRT prolonged progression-free survival.", kPrrtPassage);
  EXPECT_EQ(r.verdict, v1::SUPPORTED);
  EXPECT_THAT(r.missing_terms, IsEmpty());
}

TEST(SupportTest, ExpansionInTheClaimAbbreviatedInThePassage) {
  const SupportResult r = CheckSupport("Peptide receptor radionuclide therapy prolonged progression-free survival.",
                                       "PRRT prolonged PFS in midgut NETs.");
  EXPECT_EQ(r.verdict, v1::SUPPORTED);
  EXPECT_THAT(r.missing_terms, IsEmpty());
  // Abbreviations match as written: "prrt" in lower case is a different word.
  EXPECT_THAT(CheckSupport("Peptide receptor radionuclide therapy works.", "prrt works.").missing_terms,
              ElementsAre("peptide", "receptor", "radionuclide", "therapy"));
}

TEST(SupportTest, AbbreviationOfAnInflectedWord) {
  // "intramuscularly" and IM's expansion "intramuscular" share a stem.
  const SupportResult r = CheckSupport("Octreotide LAR 30 mg intramuscularly every 4 weeks.",
                                       "Octreotide LAR 30 mg IM q4w.");
  EXPECT_EQ(r.verdict, v1::SUPPORTED);
  EXPECT_THAT(r.missing_terms, IsEmpty());
  EXPECT_THAT(r.missing_numbers, IsEmpty());
}

TEST(SupportTest, AnExtraVocabularyIsUsed) {
  text::Abbreviations vocabulary;
  vocabulary.Add("ICI", "immune checkpoint inhibitor");
  const SupportChecker checker(vocabulary);
  EXPECT_EQ(checker.Check("ICI therapy was stopped.", "Immune checkpoint inhibitor therapy was stopped.").verdict,
            v1::SUPPORTED);
  EXPECT_NE(CheckSupport("ICI therapy was stopped.", "Immune checkpoint inhibitor therapy was stopped.").verdict,
            v1::SUPPORTED);
}

TEST(SupportTest, BritishAndAmericanSpellingAndInflections) {
  const SupportResult r = CheckSupport("Tumours were randomised and haemorrhage was recorded.",
                                       "The tumor was randomized; hemorrhages were recorded.");
  EXPECT_EQ(r.verdict, v1::SUPPORTED);
  EXPECT_THAT(r.missing_terms, IsEmpty());
}

TEST(SupportTest, PartialCoverageListsTheMissingWords) {
  const SupportResult r = CheckSupport("Everolimus prolonged progression-free survival in lung and thymic carcinoids.",
                                       "Everolimus prolonged progression-free survival in pancreatic tumors.");
  EXPECT_EQ(r.verdict, v1::PARTIAL);
  EXPECT_THAT(r.missing_terms, ElementsAre("lung", "thymic", "carcinoids"));
  EXPECT_NEAR(r.score, 5.0 / 8.0, 1e-9);  // "progression-free" is two words
  const SupportResult unrelated = CheckSupport("Everolimus prolonged survival in lung carcinoids.",
                                               "Aspirin lowers the risk of colorectal cancer.");
  EXPECT_EQ(unrelated.verdict, v1::UNSUPPORTED);
  EXPECT_DOUBLE_EQ(unrelated.score, 0.0);
}

TEST(SupportTest, EmptyInputs) {
  const SupportResult empty_claim = CheckSupport("", kPrrtPassage);
  EXPECT_EQ(empty_claim.verdict, v1::UNSUPPORTED);
  EXPECT_DOUBLE_EQ(empty_claim.score, 0.0);
  EXPECT_EQ(CheckSupport("the of and", kPrrtPassage).verdict, v1::UNSUPPORTED);  // stop words only
  const SupportResult empty_passage = CheckSupport("Octreotide LAR 30 mg.", "");
  EXPECT_EQ(empty_passage.verdict, v1::UNSUPPORTED);
  EXPECT_THAT(empty_passage.missing_numbers, ElementsAre("30 mg"));
  EXPECT_THAT(empty_passage.missing_terms, ElementsAre("octreotide", "lar"));
  // A claim of numbers only is judged by its numbers.
  EXPECT_EQ(CheckSupport("30 mg", kPrrtPassage).verdict, v1::SUPPORTED);
}

TEST(SupportTest, PreparedTextGivesTheSameResult) {
  const SupportChecker checker;
  const PreparedText prepared = checker.Prepare(kPrrtPassage);
  for (const char* claim : {"PRRT prolonged progression-free survival.", "Octreotide LAR 20 mg was given."}) {
    const SupportResult once = checker.Check(claim, kPrrtPassage);
    const SupportResult reused = checker.Check(claim, prepared);
    const SupportResult both = checker.Check(checker.Prepare(claim), prepared);
    for (const SupportResult* r : {&reused, &both}) {
      EXPECT_EQ(once.verdict, r->verdict) << claim;
      EXPECT_EQ(once.score, r->score) << claim;
      EXPECT_EQ(once.missing_numbers, r->missing_numbers) << claim;
      EXPECT_EQ(once.missing_terms, r->missing_terms) << claim;
    }
  }
}

TEST(SupportTest, ThresholdsAreOptions) {
  SupportOptions strict;
  strict.supported_min_score = 1.0;
  const SupportChecker checker(text::Abbreviations::Builtin(), strict);
  const char* claim = "Everolimus prolonged survival in pancreatic and lung tumors.";
  const char* passage = "Everolimus prolonged survival in pancreatic tumors.";
  EXPECT_EQ(checker.Check(claim, passage).verdict, v1::PARTIAL);
  EXPECT_EQ(CheckSupport(claim, passage).verdict, v1::SUPPORTED);  // 5 of 6 words, over the default 0.7
}

TEST(SupportTest, ToProtoCarriesEveryField) {
  const SupportResult r = CheckSupport("Octreotide LAR 20 mg prolonged life.", kPrrtPassage);
  const v1::Support proto = ToSupportProto("Octreotide LAR 20 mg prolonged life.", "p-1", r);
  EXPECT_EQ(proto.claim(), "Octreotide LAR 20 mg prolonged life.");
  EXPECT_EQ(proto.passage_id(), "p-1");
  EXPECT_EQ(proto.verdict(), v1::UNSUPPORTED);
  EXPECT_THAT(proto.missing_numbers(), ElementsAre("20 mg"));
  EXPECT_THAT(proto.missing_terms(), ElementsAre("life"));
  EXPECT_DOUBLE_EQ(proto.score(), r.score);
}

}  // namespace
}  // namespace medbrief::citation

namespace medbrief::citation {
namespace {

// Arbitrary bytes (invalid UTF-8, stray digits, units and cues) never crash
// the check and keep the score in [0, 1].
TEST(SupportRobustnessTest, ArbitraryInputs) {
  const std::vector<std::string> pieces = {"120", "mg", "/", "day", "%", "every", "q4w", "q", "not", "n't", "'",
                                           "\xff", "\xc3", "\u2013", "-", ".", ",", "PRRT", "per", "cent", "1,000",
                                           "5", "million", "four", " ", "  ", "(", "without", "x", "IL", "3/4"};
  uint64_t state = 42;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  for (int round = 0; round < 500; ++round) {
    std::string claim, passage;
    for (size_t k = next() % 12; k > 0; --k) claim += pieces[next() % pieces.size()];
    for (size_t k = next() % 40; k > 0; --k) passage += pieces[next() % pieces.size()] + " ";
    const SupportResult r = CheckSupport(claim, passage);
    EXPECT_GE(r.score, 0.0) << claim << " | " << passage;
    EXPECT_LE(r.score, 1.0) << claim << " | " << passage;
    EXPECT_NE(r.verdict, v1::VERDICT_UNSPECIFIED);
  }
}

}  // namespace
}  // namespace medbrief::citation
