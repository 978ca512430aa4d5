#include "services/answer/label_products.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/answer/hits.h"

namespace medbrief::answer {
namespace {

using content::v1::GUIDELINE;
using testing::MakeHit;
using testing::MakeLabel;


const std::vector<content::v1::Hit> kHits = {
    MakeHit("g1", "g1_p", GUIDELINE, "Anticoagulation in atrial fibrillation."),
    MakeLabel("viagra", "VIAGRA (sildenafil citrate) tablets, for oral use"),
    MakeLabel("lipitor", "LIPITOR (atorvastatin calcium) tablets"),
    MakeLabel("lanreotide", "Lanreotide injection, for subcutaneous use: prescribing information"),
    MakeLabel("metformin-a", "Metformin hydrochloride tablets [Maker A]"),
    MakeLabel("metformin-b", "METFORMIN HYDROCHLORIDE tablet, film coated [Maker B]"),
};

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
  // A salt that is the drug stays.
  EXPECT_EQ(LabelProductName("XYREM (sodium oxybate) oral solution"), "XYREM (sodium oxybate)");
  EXPECT_EQ(LabelProductName("KLOR-CON (potassium chloride) extended-release tablets"), "KLOR-CON (potassium chloride)");
  EXPECT_EQ(LabelProductName("Sodium Chloride Injection, USP"), "Sodium Chloride");
  EXPECT_EQ(LabelProductName("Magnesium sulfate injection"), "Magnesium sulfate");
  // Routes and forms end the name.
  EXPECT_EQ(LabelProductName("FLONASE (fluticasone propionate) Nasal Spray, for intranasal use"),
            "FLONASE (fluticasone propionate)");
  EXPECT_EQ(LabelProductName("SUBOXONE (buprenorphine and naloxone) sublingual film"), "SUBOXONE (buprenorphine and naloxone)");
  EXPECT_EQ(LabelProductName("Nicorette (Nicotine Polacrilex) gum, chewing"), "Nicorette (Nicotine Polacrilex)");
  // No product to name.
  EXPECT_EQ(LabelProductName("Drug Facts"), "");
  EXPECT_EQ(LabelProductName("Drug label 6f1c2a7e-3b4d-4e8a-9c15-2d7b8e0a41f3 [Sample Pharma]"), "");
  EXPECT_EQ(LabelProductName(std::string(70, 'x') + " tablets"), "");
  EXPECT_EQ(LabelProductName(""), "");
}

DraftSentence LabelSentence(const std::string& source, const std::string& text) {
  return DraftSentence{text, text, source + "_p", source, ""};
}

DraftSection Section(v1::SectionKind kind, std::vector<DraftSentence> summary,
                     std::vector<DraftSentence> key_points) {
  DraftSection section;
  section.kind = kind;
  section.summary = std::move(summary);
  section.key_points = std::move(key_points);
  return section;
}

Draft LabelDraft() {
  Draft draft;
  draft.sections.push_back(Section(v1::DRUG_LABEL,
                                   {LabelSentence("lanreotide", "Lanreotide is a somatostatin analogue."),
                                    LabelSentence("lanreotide", "It is injected deep under the skin."),
                                    LabelSentence("viagra", "The recommended dose is 50 mg.")},
                                   {LabelSentence("lanreotide", "The dose is 120 mg every 4 weeks."),
                                    LabelSentence("viagra", "Sildenafil may cause headache."),
                                    LabelSentence("unknown", "A sentence of a label not among the hits.")}));
  draft.sections.push_back(
      Section(v1::GUIDELINES, {LabelSentence("g1", "The dose is 120 mg every 4 weeks.")}, {}));
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

TEST(ProductWordsTest, TheFirstWordAndTheDrugInParenthesesNotItsForm) {
  EXPECT_THAT(ProductWords("VIAGRA (sildenafil citrate) tablets, for oral use"),
              ::testing::UnorderedElementsAre("viagra", "sildenafil"));
  EXPECT_THAT(ProductWords("LIPITOR (atorvastatin calcium) tablets"),
              ::testing::UnorderedElementsAre("lipitor", "atorvastatin"));
  EXPECT_THAT(ProductWords("Klotrix (potassium chloride) extended-release tablets"),
              ::testing::UnorderedElementsAre("klotrix", "potassium", "chloride"));
  EXPECT_THAT(ProductWords("Budesonide (inhalation powder)"), ::testing::UnorderedElementsAre("budesonide"));
  EXPECT_THAT(ProductWords("Octreotide acetate for injectable suspension (long-acting release), for intramuscular use"),
              ::testing::UnorderedElementsAre("octreotide"));
  EXPECT_THAT(ProductWords("Metformin hydrochloride (extended-release tablets)"),
              ::testing::UnorderedElementsAre("metformin"));
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
  draft.sections.push_back(Section(v1::DRUG_LABEL, {},
                                   {LabelSentence("lanreotide", "The dose is 120 mg every 4 weeks."),
                                    LabelSentence("lanreotide", "It is injected deep under the skin.")}));
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

TEST(LabelProductTest, BrandWordsAndSaltsNameNothing) {
  const LabelProduct humulin("HUMULIN R (insulin human) injection");
  EXPECT_FALSE(humulin.NamedIn("It is present in human milk."));
  EXPECT_TRUE(humulin.NamedIn("Insulin lowers blood sugar."));
  const LabelProduct tylenol("Maximum Strength Tylenol (acetaminophen) caplets");
  EXPECT_FALSE(tylenol.NamedIn("Do not exceed the maximum dose."));
  EXPECT_TRUE(tylenol.NamedIn("Acetaminophen may cause liver damage."));
  const LabelProduct warfarin("Warfarin sodium tablets");
  EXPECT_FALSE(warfarin.NamedIn("Keep sodium intake low."));
}

TEST(NameLabelProductsTest, LabelsOfOneDrugCountAsOneProduct) {
  Draft draft;
  draft.sections.push_back(Section(v1::DRUG_LABEL,
                                   {LabelSentence("metformin-a", "The usual starting dose is 500 mg twice a day."),
                                    LabelSentence("metformin-b", "The highest dose is 2,550 mg a day.")},
                                   {LabelSentence("metformin-b", "Take it with meals.")}));
  Draft asked = draft;
  NameLabelProducts("What is the highest dose of metformin?", kHits, &asked);
  for (const DraftSentence& s : asked.sections[0].summary) EXPECT_EQ(s.product, "");
  EXPECT_EQ(asked.sections[0].key_points[0].product, "");
  NameLabelProducts("How is type 2 diabetes treated?", kHits, &draft);
  EXPECT_EQ(draft.sections[0].summary[0].product, "Metformin");
  EXPECT_EQ(draft.sections[0].summary[1].product, "");
  EXPECT_EQ(draft.sections[0].key_points[0].product, "");
}

TEST(GroupLabelKeyPointsTest, ADrugsKeyPointsFollowEachOtherInTheOrderItIsFirstQuoted) {
  Draft draft;
  draft.sections.push_back(Section(v1::DRUG_LABEL,
                                   {LabelSentence("metformin-a", "Metformin is a biguanide."),
                                    LabelSentence("lanreotide", "Lanreotide is a somatostatin analogue.")},
                                   {LabelSentence("viagra", "Sildenafil is a PDE5 inhibitor."),
                                    LabelSentence("lanreotide", "The dose is 120 mg every 4 weeks."),
                                    LabelSentence("metformin-b", "The highest dose is 2,550 mg a day."),  // another maker's
                                    LabelSentence("viagra", "The dose is 50 mg."),
                                    LabelSentence("unknown", "A label not among the hits.")}));
  draft.sections.push_back(Section(
      v1::GUIDELINES, {}, {LabelSentence("g2", "Second."), LabelSentence("g1", "First."), LabelSentence("g2", "Third.")}));
  GroupLabelKeyPoints(kHits, &draft);
  std::vector<std::string> texts;
  for (const DraftSentence& s : draft.sections[0].key_points) texts.push_back(s.text);
  EXPECT_THAT(texts, ::testing::ElementsAre("The highest dose is 2,550 mg a day.", "The dose is 120 mg every 4 weeks.",
                                            "Sildenafil is a PDE5 inhibitor.", "The dose is 50 mg.",
                                            "A label not among the hits."));
  // Other sections keep the ranking's order.
  EXPECT_EQ(draft.sections[1].key_points[0].text, "Second.");
  EXPECT_EQ(draft.sections[1].key_points[1].text, "First.");
}

TEST(NameLabelProductsTest, EmptySectionsAndNoLabelsAreLeftAlone) {
  Draft draft;
  draft.sections.push_back(Section(v1::DRUG_LABEL, {}, {}));
  NameLabelProducts("anything", kHits, &draft);
  NameLabelProducts("anything", {}, &draft);
  EXPECT_TRUE(draft.sections[0].summary.empty());
}

}  // namespace
}  // namespace medbrief::answer
