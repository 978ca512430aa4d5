#include "services/answer/passage_analysis.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

using ::testing::ElementsAre;

constexpr char kPassage[] =
    "Lanreotide is a somatostatin analogue. It is used for GEP-NETs. Everolimus 10 mg daily.\n\n"
    "They respond well.";

TEST(PassageAnalysisTest, UnitsJoinAReferringSentenceToTheFirstWithTheirWordsAndTerms) {
  const std::shared_ptr<const std::vector<PassageUnit>> units = PassageUnits(kPassage);
  ASSERT_EQ(units->size(), 3u);
  EXPECT_EQ((*units)[0].text, "Lanreotide is a somatostatin analogue.");
  EXPECT_EQ((*units)[1].text, "Lanreotide is a somatostatin analogue. It is used for GEP-NETs.");
  EXPECT_EQ((*units)[1].words, 11u);
  EXPECT_EQ((*units)[1].longest, 6u);
  EXPECT_EQ((*units)[1].terms, TermCounts(AnalyzedTerms((*units)[1].text)));
  // "They" after a sentence that does not refer back: its subject is unknown.
  EXPECT_EQ((*units)[2].text, "Everolimus 10 mg daily.");
  EXPECT_EQ((*units)[2].longest, 4u);
  const std::shared_ptr<const PassageAnalysis> a = AnalyzePassage(kPassage);
  EXPECT_EQ(a->terms, TermCounts(AnalyzedTerms(kPassage)));
  EXPECT_THAT(a->drug_words, ElementsAre("Lanreotide", "Everolimus"));
}

TEST(PassageAnalysisTest, SentencesThatPointAtTablesChartsOrFiguresAreMarked) {
  const auto points = [](const std::string& passage) {
    std::vector<bool> out;
    for (const PassageUnit& unit : *PassageUnits(passage)) out.push_back(unit.points_elsewhere);
    return out;
  };
  EXPECT_THAT(points("Find the right dose on chart below. Adverse reactions are listed in Table 3. "
                     "See Figure 2 for the response. The doses are listed below. Age | Dose under 4 years | do not use. "
                     "Modify the dose as shown [see Table 2]. "
                     "The management of atrial fibrillation (NICE clinical guideline 36). "
                     "For more information about supporting adherence, see the NICE guideline on medicines adherence. "
                     "For guidance on secondary prevention of stroke, follow recommendations in the NICE guidelines "
                     "Lipid modification. "
                     "See the \"Clinical Considerations\" section for more information on lipids screening. "
                     "The table in the original guideline document shows test values for normal glucose. "
                     "For full details of side effects, see the summary of product characteristics. "
                     "Refer to the NICE guideline on hypertension."),
              ElementsAre(true, true, true, true, true, true, true, true, true, true, true, true, true));
  // Below and above as amounts, tables without a number, and a table named in
  // a cross-reference the answer leaves out, are text.
  EXPECT_THAT(points("Do not start it if the eGFR is below 30. Doses above 80 mg were not studied. "
                     "The table of doses was revised in 2020. "
                     "Offer statins in line with Lipid modification (NICE clinical guideline 67). "
                     "Adherence to NICE advice was audited (NICE guidelines). "
                     "For more information, ask your pharmacist. See the doctor if the rash spreads. "
                     "Refer to the vascular team at once if aortic dissection is suspected. "
                     "For guidance on diet, ask a dietitian. "
                     "The original guideline document reviews five imaging tests. "
                     "Treatment with SGLT-2 inhibitors may be appropriate; see the NICE guidance on canagliflozin. "
                     "Reduce the dose to 2.5 mg [see Clinical Pharmacology (12.3), Table 5]."),
              ElementsAre(false, false, false, false, false, false, false, false, false, false, false, false));
  // A joined unit points elsewhere when either of its sentences does.
  const std::shared_ptr<const std::vector<PassageUnit>> joined =
      PassageUnits("Lanreotide is a somatostatin analogue. Its doses are in Table 2.");
  ASSERT_EQ(joined->size(), 2u);
  EXPECT_FALSE((*joined)[0].points_elsewhere);
  EXPECT_TRUE((*joined)[1].points_elsewhere);
}

TEST(PassageAnalysisTest, AListCountsAsOneWordAndClausesAreMeasuredAsCut) {
  // 20 tokens; the items "rash", "diarrhoea", "fatigue and infections"
  // between commas (5 words) count as one: 16.
  const std::string list =
      "The most frequent drug-related events were stomatitis, rash, diarrhoea, fatigue and infections, which were "
      "mostly grade 1 or 2.";
  // 14 words in two clauses of 6 and 8, cut at "; the".
  const std::string clauses = "Scans are repeated every three months; the dose is lowered when blood counts fall.";
  // Phrases after "; for" are no clauses: one of 16 words.
  const std::string phrases =
      "Sunitinib is approved for stromal tumours after imatinib; for kidney cancer; and for tumours that grow.";
  const std::shared_ptr<const std::vector<PassageUnit>> units = PassageUnits(list + " " + clauses + " " + phrases);
  ASSERT_EQ(units->size(), 3u);
  EXPECT_EQ((*units)[0].longest, 16u);
  EXPECT_EQ((*units)[0].longest_clause, 16u);
  EXPECT_EQ((*units)[1].longest, 14u);
  EXPECT_EQ((*units)[1].longest_clause, 8u);
  EXPECT_EQ((*units)[2].longest, 16u);
  EXPECT_EQ((*units)[2].longest_clause, 16u);
  // A last item with "and" ends a list: "fatigue" and "diarrhoea and
  // nausea" (4 words) count as one: 8 tokens, 5 words.
  EXPECT_EQ((*PassageUnits("Common effects were rash, fatigue, diarrhoea and nausea."))[0].longest, 5u);
  // Runs broken by a stop are no items: "b: 2 mg", and in a list of
  // references, "2013. Jones": 16 and 11 tokens, as many words.
  EXPECT_EQ((*PassageUnits("Doses were a: 1 mg, b: 2 mg, c: 3 mg, d: 4 mg in all."))[0].longest, 16u);
  EXPECT_EQ(ReadWords("Resources: Smith, 2013. Jones, 2012. Brown, 2011. Lee, 2010 and more."), 11u);
  // Short items not between two commas are no list.
  EXPECT_EQ((*PassageUnits("Give one tablet, then two tablets, then none."))[0].longest, 8u);
}

TEST(PassageAnalysisTest, ListItemsLabelsAndAimsAreFragments) {
  const auto fragments = [](const std::string& passage) {
    std::vector<bool> out;
    for (const PassageUnit& unit : *PassageUnits(passage)) out.push_back(unit.fragment);
    return out;
  };
  EXPECT_THAT(fragments("Prior stroke or transient ischaemic attack. "
                       "Stroke, transient ischaemic attack or systemic thromboembolism. "
                       "Variant 1: Suspected liver metastases."),
              ElementsAre(true, true, true));
  // "to" after the first word reads as a verb's complement ("Refer to ..."):
  // the test errs towards a sentence, and misses this list item.
  EXPECT_THAT(fragments("Hypersensitivity to octreotide or any component."), ElementsAre(false));
  // A verb of any kind, a number, or more than ten words make a sentence.
  EXPECT_THAT(fragments("Metformin lowers blood sugar. Metformin was stopped. Lanreotide 120 mg every 4 weeks. "
                       "Offer metformin first. Do not use aspirin. Children respond well to budesonide taken daily. "
                       "Surgery should be considered. Age over 75 years. "
                       "Prior stroke or transient ischaemic attack or heart failure or high blood pressure or "
                       "diabetes mellitus."),
              ElementsAre(false, false, false, false, false, false, false, false, false));
  // Short sentences with a verb the test might miss.
  EXPECT_THAT(fragments("Screen all pregnant women for syphilis. Test for HIV in all people with tuberculosis. "
                        "Record the person's weight and height. Arrange urgent referral to a specialist. "
                        "Women benefit more than men from statin therapy. Children respond well to budesonide."),
              ElementsAre(false, false, false, false, false, false));
  // A study's aim is no finding; advice that opens with "To" is.
  EXPECT_THAT(fragments("To evaluate the effects of insulin 30/70 twice daily plus metformin in type 2 diabetes. "
                        "To assess the risk, use the CHA2DS2-VASc score. To reduce bleeding, stop aspirin. "
                        "To establish the diagnosis of asthma in adults use spirometry. "
                        "To evaluate the use of spirometry in adults with asthma. "
                        "To determine whether blood pressure measured by the nurse, the physician or the patient "
                        "differs. The objective of this study was to assess the efficacy of statins. "
                        "The primary aim of the trial was to compare two doses. "
                        "To assess the risk, calculate the CHA2DS2-VASc score. "
                        "The objective of treatment is to lower blood pressure."),
              ElementsAre(true, false, false, false, true, true, true, true, false, false));
  // A clause without its main clause, a glossary's item.
  EXPECT_THAT(fragments("Only if the manufacturer makes omalizumab available with the discount agreed. "
                        "Unless contraindicated. Status - A severe headache that has lasted more than 72 hours. "
                        "Only if these fail, a triptan is added. Unless she is pregnant, offer metformin. "
                        "Doses of 2 - 5 mg are used. Blood pressure - The target is below 140 mmHg for most adults "
                        "with diabetes who are treated. Only if symptoms persist should antibiotics be prescribed. "
                        "Blood pressure - A target below 140/90 mmHg is recommended. "
                        "Status \u2013 A severe headache that has lasted more than 72 hours."),
              ElementsAre(true, true, true, false, false, false, false, false, false, true));
}

TEST(PassageAnalysisTest, LengthsAreCountedAsTheReaderIsShownTheUnit) {
  // Shown as "Initial Drug Treatment: Offer metformin ...": the opening year
  // tag is not read (AsDisplayed); the closing GRADE code is shown, and
  // counts. 14 words, not 16.
  const std::shared_ptr<const std::vector<PassageUnit>> units = PassageUnits(
      "[new 2015] Initial Drug Treatment Offer metformin as the initial drug treatment for adults (1|+++O).");
  ASSERT_EQ(units->size(), 1u);
  EXPECT_EQ((*units)[0].longest, 14u);
  EXPECT_EQ((*units)[0].longest_clause, 14u);
  // The words a unit holds (for min_words) are the source's, as before.
  EXPECT_EQ((*units)[0].words, 16u);
}

TEST(PassageAnalysisTest, RememberedUntilForgotten) {
  const std::shared_ptr<const PassageAnalysis> first = AnalyzePassage(kPassage);
  const std::shared_ptr<const std::vector<PassageUnit>> first_units = PassageUnits(kPassage);
  EXPECT_EQ(AnalyzePassage(kPassage), first);
  EXPECT_EQ(PassageUnits(kPassage), first_units);
  ForgetPassageAnalyses();
  const std::shared_ptr<const PassageAnalysis> again = AnalyzePassage(kPassage);
  EXPECT_NE(again, first);
  EXPECT_NE(PassageUnits(kPassage), first_units);
  EXPECT_EQ(first_units->size(), 3u);  // still valid for its holder
  EXPECT_TRUE(again->terms == first->terms);
}

}  // namespace
}  // namespace medbrief::answer
