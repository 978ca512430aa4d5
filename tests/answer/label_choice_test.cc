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

TEST(LabelProductNameTest, TheTitlesWordsUpToTheDosageFormOrRoute) {
  EXPECT_EQ(LabelProductName("VIAGRA\xC2\xAE (sildenafil citrate) tablets, for oral use"), "VIAGRA (sildenafil)");
  EXPECT_EQ(LabelProductName("LIPITOR\xC2\xAE (atorvastatin calcium) Tablets for oral administration Initial U.S. "
                             "Approval: 1996"),
            "LIPITOR (atorvastatin)");
  EXPECT_EQ(LabelProductName("Octreotide acetate for injectable suspension (long-acting release), for "
                             "intramuscular use: prescribing information"),
            "Octreotide");
  EXPECT_EQ(LabelProductName("Lutetium Lu 177 dotatate injection, for intravenous use"), "Lutetium Lu 177 dotatate");
  EXPECT_EQ(LabelProductName("Kit for the preparation of gallium Ga 68 dotatate injection, for intravenous use"),
            "Gallium Ga 68 dotatate");
  EXPECT_EQ(LabelProductName("Haloperidol tablet [Contract Pharmacy Services-PA]"), "Haloperidol");
  EXPECT_EQ(LabelProductName("Amlodipine and benazepril hydrochloride capsules"), "Amlodipine and benazepril");
  EXPECT_EQ(LabelProductName("Budesonide and formoterol fumarate dihydrate inhalation aerosol"),
            "Budesonide and formoterol");
  // A comma inside parentheses does not end the name; one too long goes without them.
  EXPECT_EQ(LabelProductName("Brandix (alphamab, betamab) injection, for intravenous use"), "Brandix (alphamab, betamab)");
  EXPECT_EQ(LabelProductName("TRIAMINIC Childrens Night Time Cold and Cough (Diphenhydramine HCl, Phenylephrine HCl) "
                             "syrup [Novartis Consumer Health, Inc.]"),
            "TRIAMINIC Childrens Night Time Cold and Cough");
  EXPECT_EQ(LabelProductName("FOO (an unclosed parenthesis tablets"), "FOO");
  EXPECT_EQ(LabelProductName("Combo (alphazine HCl, betazine HCl) tablets"), "Combo (alphazine, betazine)");
  // No product to name.
  EXPECT_EQ(LabelProductName("Drug Facts"), "");
  EXPECT_EQ(LabelProductName("Drug label 6f1c2a7e-3b4d-4e8a-9c15-2d7b8e0a41f3 [Sample Pharma]"), "");
  EXPECT_EQ(LabelProductName(std::string(70, 'x') + " tablets"), "");
  EXPECT_EQ(LabelProductName(""), "");
}

DraftSentence LabelSentence(const std::string& source, const std::string& text) {
  return DraftSentence{text, text, source + "_p", source, ""};
}

Draft LabelDraft() {
  Draft draft;
  DraftSection label;
  label.kind = v1::DRUG_LABEL;
  label.summary = {LabelSentence("lanreotide", "Lanreotide is a somatostatin analogue."),
                   LabelSentence("lanreotide", "It is injected deep under the skin."),
                   LabelSentence("viagra", "The recommended dose is 50 mg.")};
  label.key_points = {LabelSentence("lanreotide", "The dose is 120 mg every 4 weeks."),
                      LabelSentence("viagra", "Sildenafil may cause headache."),
                      LabelSentence("unknown", "A sentence of a label not among the hits.")};
  draft.sections.push_back(label);
  DraftSection guidelines;
  guidelines.kind = v1::GUIDELINES;
  guidelines.summary = {LabelSentence("g1", "The dose is 120 mg every 4 weeks.")};
  draft.sections.push_back(guidelines);
  return draft;
}

TEST(NameLabelProductsTest, NamesTheProductOfEachLabelSentenceThatDoesNot) {
  Draft draft = LabelDraft();
  NameLabelProducts("best approach for GEP-NETs", kHits, &draft);
  const DraftSection& label = draft.sections[0];
  EXPECT_EQ(label.summary[0].product, "");  // names it
  // Prose that goes on about the same label is left as it reads.
  EXPECT_EQ(label.summary[1].product, "");
  EXPECT_EQ(label.summary[2].product, "VIAGRA (sildenafil)");
  // A key point stands alone.
  EXPECT_EQ(label.key_points[0].product, "Lanreotide");
  EXPECT_EQ(label.key_points[1].product, "");  // "Sildenafil" is one of its product's words
  EXPECT_EQ(label.key_points[2].product, "");  // not a label among the hits
  EXPECT_EQ(draft.sections[1].summary[0].product, "");  // not a label section

  // Shown before the sentence; the text and the claim stay the label's words.
  EXPECT_EQ(label.key_points[0].text, "The dose is 120 mg every 4 weeks.");
  EXPECT_EQ(label.key_points[0].claim, "The dose is 120 mg every 4 weeks.");
  const absl::StatusOr<std::vector<v1::Section>> sections =
      RenderSections(draft, {{"lanreotide", 1}, {"viagra", 2}, {"unknown", 3}, {"g1", 4}});
  ASSERT_TRUE(sections.ok()) << sections.status();
  EXPECT_EQ((*sections)[0].summary(),
            "Lanreotide is a somatostatin analogue [1]. It is injected deep under the skin [1]. "
            "VIAGRA (sildenafil): The recommended dose is 50 mg [2].");
  EXPECT_EQ((*sections)[0].key_points(0), "Lanreotide: The dose is 120 mg every 4 weeks [1].");
  EXPECT_EQ(CitationUses(draft)[3].claim(), "The dose is 120 mg every 4 weeks.");
}

TEST(LabelProductTest, TheWordsThatNameIt) {
  const LabelProduct lutetium("Lutetium Lu 177 dotatate injection, for intravenous use");
  EXPECT_TRUE(lutetium.NamedIn("Dotatate binds the receptor."));
  EXPECT_TRUE(lutetium.NamedIn("LUTETIUM is given every 8 weeks."));
  EXPECT_FALSE(lutetium.NamedIn("The dose is 7.4 GBq."));
  // A brand's phrase: only the title's first word and parentheses name it.
  const LabelProduct syrup("TRIAMINIC Childrens Night Time Cold and Cough (Diphenhydramine HCl, Phenylephrine HCl) syrup");
  EXPECT_FALSE(syrup.NamedIn("For a cough at night, give 10 mL."));
  EXPECT_TRUE(syrup.NamedIn("Triaminic may cause drowsiness."));
  EXPECT_TRUE(syrup.NamedIn("Diphenhydramine may cause drowsiness."));
}

TEST(NameLabelProductsTest, OneLabelIsNamedOnceAndNotWhenTheQuestionNamesIt) {
  Draft draft;
  DraftSection label;
  label.kind = v1::DRUG_LABEL;
  label.key_points = {LabelSentence("lanreotide", "The dose is 120 mg every 4 weeks."),
                      LabelSentence("lanreotide", "It is injected deep under the skin.")};
  draft.sections.push_back(label);
  Draft asked = draft;
  NameLabelProducts("What is the dose of lanreotide?", kHits, &asked);
  EXPECT_EQ(asked.sections[0].key_points[0].product, "");
  EXPECT_EQ(asked.sections[0].key_points[1].product, "");
  // The same label for a question about the condition: the first sentence
  // says whose it is.
  Draft condition = draft;
  NameLabelProducts("How are GEP-NETs treated?", kHits, &condition);
  EXPECT_EQ(condition.sections[0].key_points[0].product, "Lanreotide");
  EXPECT_EQ(condition.sections[0].key_points[1].product, "");
  // A summary opens the section.
  draft.sections[0].summary = {LabelSentence("lanreotide", "Lanreotide is a somatostatin analogue.")};
  NameLabelProducts("How are GEP-NETs treated?", kHits, &draft);
  EXPECT_EQ(draft.sections[0].summary[0].product, "");
  EXPECT_EQ(draft.sections[0].key_points[0].product, "");
}

}  // namespace
}  // namespace medbrief::answer
