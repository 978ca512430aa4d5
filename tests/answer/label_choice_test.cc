#include "services/answer/label_choice.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/answer/hits.h"

namespace medbrief::answer {
namespace {

using content::v1::DRUG_LABEL;
using content::v1::GUIDELINE;
using testing::MakeHit;
using testing::MakeLabel;


std::vector<std::string> Ids(const std::vector<content::v1::Hit>& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.source_id());
  return ids;
}

const std::vector<content::v1::Hit> kHits = {
    MakeHit("g1", "g1_p", GUIDELINE, "Anticoagulation in atrial fibrillation."),
    MakeLabel("viagra", "VIAGRA (sildenafil citrate) tablets, for oral use"),
    MakeLabel("lipitor", "LIPITOR (atorvastatin calcium) tablets"),
    MakeLabel("lanreotide", "Lanreotide injection, for subcutaneous use: prescribing information"),
};

TEST(ChooseLabelsTest, KeepsOnlyTheLabelsOfTheDrugsTheQuestionNames) {
  const Lexicon lexicon;
  EXPECT_THAT(Ids(ChooseLabels("What is the dose of sildenafil?", kHits, lexicon)),
              ::testing::ElementsAre("g1", "viagra"));
  EXPECT_THAT(Ids(ChooseLabels("Who must not take Viagra or Lipitor?", kHits, lexicon)),
              ::testing::ElementsAre("g1", "viagra", "lipitor"));
  EXPECT_THAT(Ids(ChooseLabels("How is LANREOTIDE given?", kHits, lexicon)),
              ::testing::ElementsAre("g1", "lanreotide"));
}

TEST(ChooseLabelsTest, DropsEveryLabelWhenTheNamedDrugHasNone) {
  const Lexicon lexicon;
  // Everolimus is a drug the lexicon knows; none of these labels is its.
  EXPECT_THAT(Ids(ChooseLabels("What are the side effects of everolimus?", kHits, lexicon)),
              ::testing::ElementsAre("g1"));
  // A drug the vocabulary does not know, by its name's stem.
  EXPECT_THAT(Ids(ChooseLabels("Should apixaban be used to prevent stroke?", kHits, lexicon)),
              ::testing::ElementsAre("g1"));
}

// A label hit of the indications section.
content::v1::Hit Indication(const std::string& id, const std::string& text) {
  content::v1::Hit hit = MakeHit(id, id + "_ind", DRUG_LABEL, text, 1.0, "2023", content::v1::CURRENT, "34067-9");
  hit.set_source_title(id + " injection");
  return hit;
}

TEST(ChooseLabelsTest, KeepsForAConditionOnlyTheLabelsIndicatedForIt) {
  const Lexicon lexicon;
  std::vector<content::v1::Hit> hits = kHits;
  hits.push_back(Indication("lanreotide",
                            "Lanreotide is indicated for unresectable, locally advanced or metastatic "
                            "gastroenteropancreatic neuroendocrine tumours to improve progression-free survival."));
  // Humira's indications share only generic words with the question ("adult
  // patients", "treatment", "improving") and one topic word (systemic).
  hits.push_back(Indication("humira",
                            "Humira is indicated for reducing signs and symptoms in adult patients with plaque "
                            "psoriasis who are candidates for systemic therapy, improving physical function."));
  EXPECT_THAT(
      Ids(ChooseLabels("Which systemic treatment is best for a metastatic neuroendocrine tumour in adult patients?",
                       hits, lexicon)),
      ::testing::ElementsAre("g1", "lanreotide", "lanreotide"));
}

TEST(ChooseLabelsTest, ADiagnosticAgentAnswersOnlyHowTheConditionIsFound) {
  const Lexicon lexicon;
  std::vector<content::v1::Hit> hits = {
      Indication("lanreotide",
                 "Lanreotide is indicated for unresectable, locally advanced or metastatic "
                 "gastroenteropancreatic neuroendocrine tumours to improve progression-free survival."),
      Indication("ga68", "Gallium Ga 68 dotatate is a radioactive diagnostic agent indicated for use with PET for "
                         "localization of somatostatin receptor positive neuroendocrine tumours.")};
  hits[1].set_source_title("NETSPOT (gallium Ga 68 dotatate) injection");
  for (const char* question :
       {"Best treatment for metastatic pancreatic neuroendocrine tumours?",
        "Best treatment for newly diagnosed metastatic neuroendocrine tumours?",
        "Treatment of a neuroendocrine tumour found in the pancreas",
        "What is the treatment for neuroendocrine tumours after a positive biopsy?"}) {
    EXPECT_THAT(Ids(ChooseLabels(question, hits, lexicon)), ::testing::ElementsAre("lanreotide")) << question;
  }
  for (const char* question : {"Which scan finds neuroendocrine tumours?", "PET imaging of neuroendocrine tumours",
                               "How are metastatic neuroendocrine tumours diagnosed?",
                               "How should metastatic neuroendocrine tumours be monitored after treatment?",
                               "In adults, how are neuroendocrine tumours found?",
                               "Which test confirms neuroendocrine tumours?"}) {
    EXPECT_THAT(Ids(ChooseLabels(question, hits, lexicon)), ::testing::ElementsAre("lanreotide", "ga68"))
        << question;
  }
  // A therapy that selects its patients with an imaging agent, or that is
  // indicated for a treatment too, is no diagnostic agent.
  const std::vector<content::v1::Hit> therapies = {
      Indication("lutetium", "Lutetium Lu 177 dotatate is a radiolabelled somatostatin analogue indicated for "
                             "neuroendocrine tumours selected using a somatostatin receptor imaging agent."),
      Indication("both", "Octreoscan is a radioactive diagnostic agent, also indicated for the treatment of "
                         "neuroendocrine tumours."),
      // A diagnostic agent whose indications mention an earlier treatment.
      Indication("ga68", "Gallium Ga 68 dotatate is a radioactive diagnostic agent for neuroendocrine tumours, "
                         "including recurrence following prior treatment of the tumours.")};
  EXPECT_THAT(Ids(ChooseLabels("Best treatment for neuroendocrine tumours?", therapies, lexicon)),
              ::testing::ElementsAre("lutetium", "both"));
  // Named, it is kept whatever the question asks.
  EXPECT_THAT(Ids(ChooseLabels("What is NETSPOT used for?", hits, lexicon)),
              ::testing::ElementsAre("ga68"));
}

TEST(ChooseLabelsTest, AReleaseFormInTheTitleNamesNoDrug) {
  const Lexicon lexicon;
  const std::vector<content::v1::Hit> hits = {MakeLabel(
      "octreotide", "Octreotide acetate for injectable suspension (long-acting release), for intramuscular use")};
  // "long" of "for how long" is no name of octreotide's.
  EXPECT_TRUE(
      ChooseLabels("Which antibiotic should be used for community-acquired pneumonia, and for how long?", hits, lexicon)
          .empty());
}

TEST(ChooseLabelsTest, KeepsNoLabelForAConditionWithoutIndicationsAmongTheHits) {
  const Lexicon lexicon;
  // Dosing passages alone say nothing of what a label is for.
  EXPECT_THAT(Ids(ChooseLabels("Best approach for a metastatic neuroendocrine tumour?", kHits, lexicon)),
              ::testing::ElementsAre("g1"));
}

TEST(ChooseLabelsTest, ASingleTopicWordIsEnoughForAShortQuestion) {
  const Lexicon lexicon;
  std::vector<content::v1::Hit> hits = {
      Indication("cough", "Uses: temporarily relieves cough due to minor throat irritation."),
      Indication("lipitor", "Reduce the risk of myocardial infarction in adults with multiple risk factors.")};
  // Topic words: cough, chronic (patients is generic): one of two is half.
  EXPECT_THAT(Ids(ChooseLabels("chronic cough in patients", hits, lexicon)), ::testing::ElementsAre("cough"));
}

TEST(NamedDrugsTest, TheVocabularysDrugsThenDrugLikeWordsEachOnce) {
  const Lexicon lexicon;
  EXPECT_EQ(NamedDrugs("Dose of everolimus and of Tivozanib?", lexicon),
            (std::vector<std::string>{"everolimus", "tivozanib"}));
  EXPECT_EQ(NamedDrugs("side effects of warfarin", lexicon), std::vector<std::string>{"warfarin"});
  EXPECT_TRUE(NamedDrugs("best approach for pancreatic NET", lexicon).empty());
  EXPECT_FALSE(NamesADrug("best approach for pancreatic NET", lexicon));
}

TEST(LabelSearchQueryTest, AddsTheWantedSectionsOnlyWhenADrugIsNamed) {
  const Lexicon lexicon;
  EXPECT_EQ(LabelSearchQuery("What is the dose of sildenafil?", "What is the dose of sildenafil", lexicon),
            "What is the dose of sildenafil dosage administration");
  // No intent: what the drug is for and how it is given.
  EXPECT_EQ(LabelSearchQuery("Tell me about everolimus", "Tell me about everolimus", lexicon),
            "Tell me about everolimus indications usage dosage administration");
  EXPECT_EQ(LabelSearchQuery("How is a carcinoid tumour treated?", "How is a carcinoid tumour treated", lexicon),
            "How is a carcinoid tumour treated");
  const std::string long_query(995, 'x');
  EXPECT_EQ(LabelSearchQuery("What is the dose of sildenafil?", long_query, lexicon), long_query);
}

}  // namespace
}  // namespace medbrief::answer
