#include "services/answer/question.h"

#include <set>

#include "absl/strings/match.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/answer/label_sections.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

using ::testing::ElementsAre;

TEST(NormalizeQuestionTest, FoldsCaseSpacingPunctuationAndSpelling) {
  const std::string key = NormalizeQuestion("What is the best approach for metastatic tumour?").key;
  EXPECT_EQ(key, "what is the best approach for metastatic tumor");
  EXPECT_EQ(NormalizeQuestion("  WHAT is the best   approach, for metastatic TUMOR ").key, key);
  EXPECT_EQ(NormalizeQuestion("What is the best approach for metastatic tumor!!").key, key);
  EXPECT_EQ(NormalizeQuestion("what\tis the best-approach for metastatic tumour").key, key);
}

TEST(NormalizeQuestionTest, ExpandsAbbreviationsSoBothFormsShareAKey) {
  const NormalizedQuestion short_form = NormalizeQuestion("Best approach for metastatic pNET?");
  const NormalizedQuestion long_form =
      NormalizeQuestion("best approach for metastatic pancreatic neuroendocrine tumour");
  EXPECT_EQ(short_form.key, "best approach for metastatic pancreatic neuroendocrine tumor");
  EXPECT_EQ(short_form.key, long_form.key);
}

TEST(NormalizeQuestionTest, AbbreviationDefinedInPlaceIsNotRepeated) {
  EXPECT_EQ(NormalizeQuestion("Is PRRT useful in neuroendocrine tumour (NET)?").key,
            NormalizeQuestion("Is peptide receptor radionuclide therapy useful in neuroendocrine tumor?").key);
}

TEST(NormalizeQuestionTest, TheTreatmentToTryFirstIsSearchedAsTheInitialOne) {
  for (const char* question :
       {"Which medicine should be tried first for type 2 diabetes?", "What is the first-line treatment for gout?",
        "What is the first choice for hypertension?", "Which drug to try first in migraine?",
        "first medicine for asthma", "Which inhaler is used first in asthma?", "What is the first step for gout?",
        "What is the first-line treatment for heart failure?", "first-line antibiotic after a dog bite",
        "first-line treatment for UTI in the second trimester"}) {
    const NormalizedQuestion q = NormalizeQuestion(question);
    EXPECT_TRUE(absl::EndsWith(q.search_query, " initial")) << question;
    // The key stays the question's own words.
    EXPECT_FALSE(absl::StrContains(q.key, "initial")) << question;
    EXPECT_THAT(TopicTerms(question), ::testing::Contains(AnalyzedTerms("initial")[0])) << question;
  }
  // "first" in another sense, or a choice word without "first", adds nothing.
  for (const char* question : {"Bleeding in the first trimester", "When should the first dose of vaccine be given?",
                               "Which treatment is best for gout?", "first aid for burns",
                               "Second-line treatment after first-line failure in gout?",
                               "What is given after the first treatment fails?", "What if first-line therapy failed?",
                               "Which is the next step after the first choice?"}) {
    EXPECT_FALSE(absl::StrContains(NormalizeQuestion(question).search_query, "initial")) << question;
  }
  // "tried" frames the question: it is no topic, so no subject a source must
  // hold (the earwax guideline's "if irrigation was tried first").
  EXPECT_THAT(TopicTerms("Which medicine should be tried first for type 2 diabetes?"),
              ::testing::Not(::testing::Contains(AnalyzedTerms("tried")[0])));
  EXPECT_THAT(SubjectTerms("Which medicine should be tried first for type 2 diabetes?"),
              ::testing::UnorderedElementsAreArray(AnalyzedTerms("type 2 diabetes")));
}

TEST(NormalizeQuestionTest, KeepsMeaningfulDifferences) {
  EXPECT_NE(NormalizeQuestion("dose of everolimus").key, NormalizeQuestion("dose of sunitinib").key);
  EXPECT_NE(NormalizeQuestion("tumor").key, NormalizeQuestion("tumors").key);
  // Abbreviations are case-sensitive: "net" is a word, not NET.
  EXPECT_EQ(NormalizeQuestion("net benefit").key, "net benefit");
  EXPECT_EQ(NormalizeQuestion("sunitinib 37.5 mg").key, "sunitinib 37.5 mg");
  // A Roman numeral after a rank word is not an abbreviation.
  EXPECT_EQ(NormalizeQuestion("stage IV pNET").key, "stage iv pancreatic neuroendocrine tumor");
  EXPECT_EQ(NormalizeQuestion("octreotide IV").key, "octreotide intravenous");
}

TEST(NormalizeQuestionTest, SearchQueryKeepsWordsAndAddsExpansions) {
  EXPECT_EQ(NormalizeQuestion("Best approach for metastatic pNET?").search_query,
            "Best approach for metastatic pNET pancreatic neuroendocrine tumor");
  EXPECT_EQ(NormalizeQuestion("GEP-NET and PRRT").search_query,
            "GEP-NET and PRRT gastroenteropancreatic neuroendocrine tumor peptide receptor radionuclide therapy");
}

TEST(TopicTermsTest, SideEffectsBringTheWordsSourcesUseForRankingOnly) {
  const std::vector<std::string> topic = TopicTerms("What are the side effects of everolimus?");
  const std::vector<std::string> plain = AnalyzedTerms("side effects everolimus");
  EXPECT_EQ(std::set<std::string>(topic.begin(), topic.end()), std::set<std::string>(plain.begin(), plain.end()));
  const std::vector<std::string> ranking = WithSourceWording(topic);
  const std::vector<std::string> expected = AnalyzedTerms("side effects everolimus adverse toxicity");
  EXPECT_EQ(std::set<std::string>(ranking.begin(), ranking.end()),
            std::set<std::string>(expected.begin(), expected.end()));
  // The subject stays the question's own words.
  EXPECT_THAT(SubjectTerms("What are the side effects of everolimus?"),
              ::testing::Not(::testing::Contains(AnalyzedTerms("adverse")[0])));
  // "side" alone is not the phrase.
  EXPECT_THAT(WithSourceWording(TopicTerms("pain in the left side")),
              ::testing::Not(::testing::Contains(AnalyzedTerms("adverse")[0])));
}

TEST(LabelSectionsTest, DoseQuestionsGetDosage) {
  EXPECT_THAT(LabelSectionCodes("What is the dose of lanreotide?"), ElementsAre("34068-7"));
  EXPECT_THAT(LabelSectionCodes("How much everolimus should be given"), ElementsAre("34068-7"));
  EXPECT_THAT(LabelSectionCodes("lanreotide dosing in GEP-NETs"), ElementsAre("34068-7"));
}

TEST(LabelSectionsTest, IndicationQuestionsGetIndications) {
  EXPECT_THAT(LabelSectionCodes("What is sunitinib used for?"), ElementsAre("34067-9"));
  EXPECT_THAT(LabelSectionCodes("Is lutetium dotatate approved for pNET?"), ElementsAre("34067-9"));
}

TEST(LabelSectionsTest, SafetyQuestionsGetWarningSections) {
  EXPECT_THAT(LabelSectionCodes("What are the side effects of everolimus?"),
              ElementsAre("34066-1", "34070-3", "43685-7", "34084-4"));
  EXPECT_THAT(LabelSectionCodes("Adverse reactions with sunitinib"),
              ElementsAre("34066-1", "34070-3", "43685-7", "34084-4"));
  // Who must not take a drug: its boxed warning, contraindications and
  // warnings; what it must not be taken with: its interactions.
  for (const char* question : {"Who must not take Viagra?", "Who should not take sildenafil?",
                               "Who shouldn't use warfarin?", "Do not take everolimus when?",
                               "Who cannot take apixaban?"}) {
    EXPECT_THAT(LabelSectionCodes(question), ElementsAre("34066-1", "34070-3", "43685-7")) << question;
  }
  EXPECT_THAT(LabelSectionCodes("Which drugs interact with warfarin?"), ElementsAre("43685-7", "34073-7"));
  EXPECT_FALSE(DetectLabelIntent("How can I avoid getting type 2 diabetes?").any());
  EXPECT_FALSE(DetectLabelIntent("Is lanreotide taken monthly?").any());
}

TEST(LabelSectionsTest, NoIntentGetsIndicationsAndDosage) {
  EXPECT_THAT(LabelSectionCodes("Best approach for metastatic pNET?"), ElementsAre("34067-9", "34068-7"));
}

TEST(LabelSectionsTest, IntentsCombineInLabelOrder) {
  EXPECT_THAT(LabelSectionCodes("dose and side effects of sunitinib"),
              ElementsAre("34066-1", "34068-7", "34070-3", "43685-7", "34084-4"));
  // "Dosed" is a cue; "dosimetry" is not.
  EXPECT_FALSE(DetectLabelIntent("dosimetry of lutetium").dose);
}

}  // namespace
}  // namespace medbrief::answer
