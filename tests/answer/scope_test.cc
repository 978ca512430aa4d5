#include "services/answer/scope.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/answer/hits.h"

namespace medbrief::answer {
namespace {

using content::v1::DRUG_LABEL;
using content::v1::GUIDELINE;
using content::v1::RESEARCH;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

content::v1::Hit Titled(const std::string& source_id, content::v1::SourceKind kind, const std::string& title) {
  content::v1::Hit hit = testing::MakeHit(source_id, source_id + "-p", kind, "Some passage text about it.");
  hit.set_source_title(title);
  return hit;
}

TEST(ScopeTest, TypesOfDiabetesAreConditionsOfTheirOwn) {
  const Lexicon lexicon;
  const std::vector<content::v1::Hit> hits = {
      Titled("t1", GUIDELINE, "Type 1 diabetes in adults: diagnosis and management"),
      Titled("t2", GUIDELINE, "Type 2 diabetes in adults: management"),
      Titled("both", GUIDELINE, "Diabetes (type 1 and type 2) in children and young people"),
      Titled("any", GUIDELINE, "Diabetes and pregnancy: a clinical practice guideline"),
      Titled("t1dm", RESEARCH, "Insulin pumps in T1DM: a trial"),
      Titled("cgm", RESEARCH, "Continuous glucose monitoring in type 1 and 2 diabetes"),
      Titled("roman", GUIDELINE, "Type I or II diabetes: screening"),
  };
  EXPECT_THAT(SourcesOnOtherConditions("Which medicine should be tried first for type 2 diabetes?", hits, lexicon),
              UnorderedElementsAre("t1", "t1dm"));
  EXPECT_THAT(SourcesOnOtherConditions("How is type I diabetes diagnosed in adults?", hits, lexicon),
              UnorderedElementsAre("t2"));
  // "I" after "type 2 and" is the asker, not type 1.
  EXPECT_THAT(SourcesOnOtherConditions("My diabetes is type 2 and I take metformin; can I take ibuprofen?", hits,
                                       lexicon),
              UnorderedElementsAre("t1", "t1dm"));
  // Whatever the question asks of it: a drug, harms.
  EXPECT_THAT(SourcesOnOtherConditions("Is metformin first-line for type2 diabetes?", hits, lexicon),
              UnorderedElementsAre("t1", "t1dm"));
  // A question naming no type excludes none of them.
  EXPECT_THAT(SourcesOnOtherConditions("How is diabetes managed in pregnancy?", hits, lexicon), IsEmpty());
}

TEST(ScopeTest, ASourceOnAnotherConditionIsExcluded) {
  const Lexicon lexicon;
  const std::vector<content::v1::Hit> hits = {
      Titled("pdac", GUIDELINE, "First-line treatment of metastatic pancreatic ductal adenocarcinoma"),
      Titled("hcc", RESEARCH, "Ablation for hepatocellular carcinoma: a cohort"),
      Titled("gep", GUIDELINE, "Gastroenteropancreatic neuroendocrine neoplasms: diagnosis and treatment"),
      // Names only generic conditions: cannot be told apart.
      Titled("mets", GUIDELINE, "Management of liver metastases"),
      // Names no condition at all.
      Titled("surgery", GUIDELINE, "Surgery of the pancreas"),
      // Labels have their own rules.
      Titled("label", DRUG_LABEL, "Gemcitabine for pancreatic adenocarcinoma: prescribing information"),
  };
  EXPECT_THAT(SourcesOnOtherConditions(
                  "best approach for a pancreatic neuroendocrine tumour with liver metastasis", hits, lexicon),
              UnorderedElementsAre("pdac", "hcc"));
  EXPECT_THAT(SourcesOnOtherConditions("treatment of pancreatic adenocarcinoma", hits, lexicon),
              UnorderedElementsAre("hcc", "gep"));
}

TEST(ScopeTest, AQuestionOnADrugOrOnHarmsExcludesNothing) {
  const Lexicon lexicon;
  const std::vector<content::v1::Hit> hits = {
      Titled("evero", RESEARCH, "Everolimus for advanced pancreatic neuroendocrine tumours")};
  EXPECT_THAT(SourcesOnOtherConditions("Does everolimus cause stomatitis?", hits, lexicon), IsEmpty());
  EXPECT_THAT(SourcesOnOtherConditions("What are the risks of neutropenia?", hits, lexicon), IsEmpty());
  // Without either, stomatitis is the question's condition.
  EXPECT_THAT(SourcesOnOtherConditions("How is stomatitis treated?", hits, lexicon), UnorderedElementsAre("evero"));
}

TEST(ScopeTest, ALayWordingCountsAsItsCondition) {
  const Lexicon lexicon;
  const std::vector<content::v1::Hit> hits = {
      Titled("hcc", GUIDELINE, "Surveillance for hepatocellular carcinoma in cirrhosis"),
      Titled("pdac", GUIDELINE, "First-line treatment of metastatic pancreatic ductal adenocarcinoma")};
  EXPECT_THAT(SourcesOnOtherConditions("Should people with cirrhosis be checked for liver cancer?", hits, lexicon),
              UnorderedElementsAre("pdac"));
}

TEST(ScopeTest, AQuestionNamingNoConditionExcludesNothing) {
  const Lexicon lexicon;
  const std::vector<content::v1::Hit> hits = {
      Titled("pdac", GUIDELINE, "First-line treatment of metastatic pancreatic ductal adenocarcinoma")};
  EXPECT_THAT(SourcesOnOtherConditions("what is the dose of everolimus?", hits, lexicon), IsEmpty());
  // Nor one naming only generic conditions ("metastases").
  EXPECT_THAT(SourcesOnOtherConditions("how are liver metastases treated?", hits, lexicon), IsEmpty());
}

}  // namespace
}  // namespace medbrief::answer
