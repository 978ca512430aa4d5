#include "services/answer/sentences.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::answer {
namespace {

using ::testing::ElementsAre;

TEST(SplitSentencesTest, SplitsOnFinalMarks) {
  EXPECT_THAT(SplitSentences("First one here. Second one! Third? Fourth"),
              ElementsAre("First one here.", "Second one!", "Third?", "Fourth"));
}

TEST(SplitSentencesTest, KeepsAbbreviationsDecimalsAndDosingShorthand) {
  EXPECT_THAT(SplitSentences("Options include SSAs, e.g. octreotide. Next sentence."),
              ElementsAre("Options include SSAs, e.g. octreotide.", "Next sentence."));
  EXPECT_THAT(SplitSentences("Everolimus vs. placebo improved PFS. Dr. Smith agreed."),
              ElementsAre("Everolimus vs. placebo improved PFS.", "Dr. Smith agreed."));
  EXPECT_THAT(SplitSentences("Sunitinib 37.5 mg daily was used. It helped."),
              ElementsAre("Sunitinib 37.5 mg daily was used.", "It helped."));
  EXPECT_THAT(SplitSentences("Give 120 mg q.4 w. Patients were followed."),
              ElementsAre("Give 120 mg q.4 w. Patients were followed."));
  EXPECT_THAT(SplitSentences("As shown by Smith et al. The effect held. Values were in the U.S. Range was wide."),
              ElementsAre("As shown by Smith et al. The effect held.", "Values were in the U.S. Range was wide."));
}

TEST(SplitSentencesTest, EndsAtAnUpperCaseSingleLetter) {
  // "chromogranin A." ends a sentence: only lower-case single letters are
  // taken for dotted shorthand.
  EXPECT_THAT(SplitSentences("Measure chromogranin A. Repeat every 3 months."),
              ElementsAre("Measure chromogranin A.", "Repeat every 3 months."));
}

TEST(SplitSentencesTest, ClosingQuotesAndBracketsStayWithTheSentence) {
  EXPECT_THAT(SplitSentences("It was (significant.) Then \"done.\" End"),
              ElementsAre("It was (significant.)", "Then \"done.\"", "End"));
}

TEST(SplitSentencesTest, ListItemsAndBlankLinesSplitAndMarkersAreRemoved) {
  EXPECT_THAT(SplitSentences("Options:\n\xE2\x80\xA2 octreotide LAR\n- lanreotide 120 mg\n1. everolimus\n(a) sunitinib"),
              ElementsAre("Options:", "octreotide LAR", "lanreotide 120 mg", "everolimus", "sunitinib"));
  EXPECT_THAT(SplitSentences("First paragraph\n\nSecond paragraph"),
              ElementsAre("First paragraph", "Second paragraph"));
  // A wrapped line is one sentence.
  EXPECT_THAT(SplitSentences("a long sentence\nwrapped over   two lines."),
              ElementsAre("a long sentence wrapped over two lines."));
}

TEST(CleanSentenceTest, CollapsesWhitespaceAndDropsMarkersOnly) {
  EXPECT_EQ(CleanSentence("  -  Octreotide   30 mg\tevery 4 weeks  "), "Octreotide 30 mg every 4 weeks");
  EXPECT_EQ(CleanSentence("2) Everolimus 10 mg"), "Everolimus 10 mg");
  // Not markers: a number that is content, a hyphenated word.
  EXPECT_EQ(CleanSentence("10 mg daily"), "10 mg daily");
  EXPECT_EQ(CleanSentence("-1 is the value"), "-1 is the value");
  EXPECT_EQ(CleanSentence(""), "");
}

// The ranking relies on this to skip splitting a sentence again.
TEST(StartsWithListMarkerTest, ASentenceSplitsIntoItselfUnlessItStartsWithAMarker) {
  const std::string passage =
      "Options:\n- lanreotide 120 mg every 4 weeks (e.g. in GEP-NETs).\n1. everolimus\n\nDr. Smith et al. "
      "reported it vs. placebo at 37.5 mg. \"Stable disease.\" Was it? Yes! q.4 w. dosing is used.";
  for (const std::string& sentence : SplitSentences(passage)) {
    EXPECT_FALSE(StartsWithListMarker(sentence)) << sentence;
    EXPECT_THAT(SplitSentences(sentence), ElementsAre(sentence));
  }
  // Two markers in a row: the second is left in the sentence, and taken
  // away when it is split again.
  const std::vector<std::string> nested = SplitSentences("- (a) sunitinib");
  ASSERT_THAT(nested, ElementsAre("(a) sunitinib"));
  EXPECT_TRUE(StartsWithListMarker(nested[0]));
  EXPECT_THAT(SplitSentences(nested[0]), ElementsAre("sunitinib"));
  EXPECT_FALSE(StartsWithListMarker("10 mg daily"));
}

TEST(WithoutCrossReferencesTest, DropsBracketedSeeReferencesOnly) {
  EXPECT_EQ(WithoutCrossReferences("If lupus-like symptoms develop, discontinue treatment [see Adverse Reactions (6.1)]."),
            "If lupus-like symptoms develop, discontinue treatment.");
  EXPECT_EQ(WithoutCrossReferences("Hepatotoxicity [ See Boxed Warning ] and rash [see Warnings and Precautions "
                                   "(5.2, 5.3)] occur."),
            "Hepatotoxicity and rash occur.");
  EXPECT_EQ(WithoutCrossReferences("Made by [Examplar Inc.] as in [5]."), "Made by [Examplar Inc.] as in [5].");
  EXPECT_EQ(WithoutCrossReferences("An unclosed [see reference."), "An unclosed [see reference.");
  EXPECT_EQ(WithoutCrossReferences(""), "");
}

TEST(AsDisplayedTest, CapitalisesALowerCaseFirstWordOnly) {
  EXPECT_EQ(AsDisplayed("use enclosed dosing cup only [see Dosage (2.1)]."), "Use enclosed dosing cup only.");
  EXPECT_EQ(AsDisplayed("eGFR is checked first."), "eGFR is checked first.");
  EXPECT_EQ(AsDisplayed("mTOR inhibitors are used."), "mTOR inhibitors are used.");
  EXPECT_EQ(AsDisplayed("p53 is mutated."), "p53 is mutated.");
  EXPECT_EQ(AsDisplayed("t(11;14)-positive patients responded."), "t(11;14)-positive patients responded.");
  EXPECT_EQ(AsDisplayed("p.V600E was found."), "p.V600E was found.");
  EXPECT_EQ(AsDisplayed("c.1799T>A was found."), "c.1799T>A was found.");
  EXPECT_EQ(AsDisplayed("n = 24 were treated."), "n = 24 were treated.");
  EXPECT_EQ(AsDisplayed("however, the dose was lowered."), "However, the dose was lowered.");
  EXPECT_EQ(AsDisplayed("co-administration with ritonavir is avoided."), "Co-administration with ritonavir is avoided.");
  EXPECT_EQ(AsDisplayed("a history of angioedema is a contraindication."), "A history of angioedema is a contraindication.");
  EXPECT_EQ(AsDisplayed("p-values were two-sided."), "p-values were two-sided.");
  EXPECT_EQ(AsDisplayed("hs-CRP levels above 3 mg/L were common."), "hs-CRP levels above 3 mg/L were common.");
  EXPECT_EQ(AsDisplayed("rt-PA should be given within 4.5 hours."), "rt-PA should be given within 4.5 hours.");
  EXPECT_EQ(AsDisplayed("[see Warnings (5.1)] use with caution."), "Use with caution.");
}

TEST(AsDisplayedTest, DropsTheTagsARecommendationOpensWith) {
  EXPECT_EQ(AsDisplayed("[new 2015] When offering medicines, be aware of the risk."),
            "When offering medicines, be aware of the risk.");
  EXPECT_EQ(AsDisplayed("[2006, amended 2014] \u2021Factors indicating a high risk include these."),
            "Factors indicating a high risk include these.");
  EXPECT_EQ(AsDisplayed("(2|+++O) The Task Force recommends insulin."), "The Task Force recommends insulin.");
  // Not tags: brackets and parentheses without a year or a GRADE code, and a
  // tag with nothing after it.
  EXPECT_EQ(AsDisplayed("[LAR] octreotide is given monthly."), "[LAR] octreotide is given monthly.");
  EXPECT_EQ(AsDisplayed("(A) Offer metformin first."), "(A) Offer metformin first.");
  EXPECT_EQ(AsDisplayed("[12345] units were given."), "[12345] units were given.");
  EXPECT_EQ(AsDisplayed("[2015]"), "[2015]");
}

TEST(AsDisplayedTest, KeepsAHeadingRunIntoTheSentenceAsALeadIn) {
  EXPECT_EQ(AsDisplayed("Symptomatic heart failure The decision to start apixaban is shared."),
            "Symptomatic heart failure: The decision to start apixaban is shared.");
  // It says whom the sentence is about.
  EXPECT_EQ(AsDisplayed("Treatment of DVT and PE The recommended dose is 10 mg twice daily for 7 days."),
            "Treatment of DVT and PE: The recommended dose is 10 mg twice daily for 7 days.");
  // Or what a recommendation says to do.
  EXPECT_EQ(AsDisplayed("[new 2015] Initial Drug Treatment Offer standard-release metformin as the initial drug "
                        "treatment."),
            "Initial Drug Treatment: Offer standard-release metformin as the initial drug treatment.");
  EXPECT_EQ(AsDisplayed("Targets Involve adults in decisions about their HbA1c target."),
            "Targets: Involve adults in decisions about their HbA1c target.");
  EXPECT_EQ(AsDisplayed("Drugs to Consider in pregnancy are few."), "Drugs to Consider in pregnancy are few.");
  EXPECT_EQ(AsDisplayed("Somatostatin Receptor Scintigraphy Although MRI is more accurate, it is used."),
            "Somatostatin Receptor Scintigraphy: Although MRI is more accurate, it is used.");
  // Names in title case, a sentence opening with an article, a grade.
  for (const char* kept : {"A Cochrane Review found no benefit.", "The NHS Health Check programme helps.",
                           "Alcohol Use Disorders Identification Test (AUDIT) scores are used.",
                           "NHS Stop Smoking Services offer support.", "IIa The use of aspirin is advised."}) {
    EXPECT_EQ(AsDisplayed(kept), kept);
  }
  // A grade before the sentence is no heading.
  EXPECT_EQ(AsDisplayed("B - The use of sildenafil is not recommended."),
            "B - The use of sildenafil is not recommended.");
  // A heading the sentence repeats goes.
  EXPECT_EQ(AsDisplayed("Ultrasound Ultrasound (US) is the most available technique."),
            "Ultrasound (US) is the most available technique.");
  EXPECT_EQ(AsDisplayed("Liver Metastases Liver metastases are common."), "Liver metastases are common.");
  EXPECT_EQ(AsDisplayed("Very very rare events were seen."), "Very rare events were seen.");
  EXPECT_EQ(AsDisplayed("Mg Mg 2+ is low."), "Mg 2+ is low.");
  EXPECT_EQ(AsDisplayed("Give 2 2 mg doses."), "Give 2 2 mg doses.");
  // Not a heading: after a function word, after punctuation, or past 12 words.
  EXPECT_EQ(AsDisplayed("Results published in The Lancet were confirmed."),
            "Results published in The Lancet were confirmed.");
  EXPECT_EQ(AsDisplayed("Warfarin, The drug, is monitored."), "Warfarin, The drug, is monitored.");
  EXPECT_EQ(AsDisplayed("Lanreotide 120 mg The dose is fixed."), "Lanreotide 120 mg The dose is fixed.");
  EXPECT_EQ(AsDisplayed("one two three four five six seven eight nine ten eleven twelve The end."),
            "One two three four five six seven eight nine ten eleven twelve The end.");
  EXPECT_EQ(AsDisplayed("\u2020 patients with heart failure were excluded."), "Patients with heart failure were excluded.");
  // A number glued to the first word stays: an isotope's, a score's.
  EXPECT_EQ(AsDisplayed("177Lu-DOTATATE is indicated for GEP-NETs."), "177Lu-DOTATATE is indicated for GEP-NETs.");
  EXPECT_EQ(AsDisplayed("111In-pentetreotide scintigraphy is an option."), "111In-pentetreotide scintigraphy is an option.");
  EXPECT_EQ(AsDisplayed("4Ts score of 3 or less makes HIT unlikely."), "4Ts score of 3 or less makes HIT unlikely.");
  EXPECT_EQ(AsDisplayed("3TC is lamivudine."), "3TC is lamivudine.");
  EXPECT_EQ(AsDisplayed("Lanreotide is given."), "Lanreotide is given.");
  EXPECT_EQ(AsDisplayed("\"quoted\" first."), "\"quoted\" first.");
  EXPECT_EQ(AsDisplayed(""), "");
}

TEST(EndsAsASentenceTest, AClosingParenthesisNeedsAGradeOrASentenceBeforeIt) {
  EXPECT_TRUE(EndsAsASentence("Offer metformin first (Grade 1C)"));
  EXPECT_TRUE(EndsAsASentence("Offer metformin first (IIa, B)"));
  EXPECT_TRUE(EndsAsASentence("Offer metformin first (1|+++O)"));
  EXPECT_TRUE(EndsAsASentence("Offer metformin first (IA)"));
  EXPECT_TRUE(EndsAsASentence("Offer metformin first."));
  // Headings and list items.
  EXPECT_FALSE(EndsAsASentence("Targeted therapies for pancreatic neuroendocrine tumours (PNETs)"));
  EXPECT_FALSE(EndsAsASentence("Risk factors for bleeding on warfarin (1-3)"));
  EXPECT_FALSE(EndsAsASentence("Risk factors for bleeding on warfarin (1, 2)"));
  EXPECT_FALSE(EndsAsASentence("Febrile neutropenia with sunitinib (grade 3\u20134)"));
  EXPECT_FALSE(EndsAsASentence("Febrile neutropenia with sunitinib (grade \u22653)"));
  EXPECT_FALSE(EndsAsASentence("Vancomycin given intravenously (IV)"));
  EXPECT_FALSE(EndsAsASentence("Heart failure (NYHA Class II-IV)"));
  EXPECT_FALSE(EndsAsASentence("(Strong recommendation, moderate quality evidence)"));
  EXPECT_FALSE(EndsAsASentence("What is the dose?"));
  EXPECT_FALSE(EndsAsASentence("Unbalanced (parenthesis))"));
}

}  // namespace
}  // namespace medbrief::answer
