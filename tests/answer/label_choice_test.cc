#include "services/answer/label_choice.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/answer/hits.h"

namespace medbrief::answer {
namespace {

using content::v1::DRUG_LABEL;
using content::v1::GUIDELINE;
using testing::MakeHit;

content::v1::Hit Label(const std::string& id, const std::string& title) {
  content::v1::Hit hit = MakeHit(id, id + "_p", DRUG_LABEL, "The recommended dose is 50 mg.");
  hit.set_source_title(title);
  return hit;
}

std::vector<std::string> Ids(const std::vector<content::v1::Hit>& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.source_id());
  return ids;
}

const std::vector<content::v1::Hit> kHits = {
    MakeHit("g1", "g1_p", GUIDELINE, "Anticoagulation in atrial fibrillation."),
    Label("viagra", "VIAGRA (sildenafil citrate) tablets, for oral use"),
    Label("lipitor", "LIPITOR (atorvastatin calcium) tablets"),
    Label("lanreotide", "Lanreotide injection, for subcutaneous use: prescribing information"),
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

TEST(ChooseLabelsTest, KeepsEveryLabelForAQuestionAboutACondition) {
  const Lexicon lexicon;
  EXPECT_THAT(Ids(ChooseLabels("Best approach for a metastatic neuroendocrine tumour?", kHits, lexicon)),
              ::testing::ElementsAre("g1", "viagra", "lipitor", "lanreotide"));
}

}  // namespace
}  // namespace medbrief::answer
