#include "services/answer/conversation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/answer/follow_ups.h"
#include "tests/answer/hits.h"

namespace medbrief::answer {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(LexiconTest, FindsTermsThroughAbbreviationsAndSpelling) {
  Lexicon lexicon;
  const std::vector<Mention> mentions = lexicon.Find("Everolimus or PRRT for metastatic pNET with liver metastases?");
  EXPECT_THAT(MentionsOf(mentions, TermCategory::kDrug), ElementsAre("everolimus"));
  EXPECT_THAT(MentionsOf(mentions, TermCategory::kTherapy), ElementsAre("peptide receptor radionuclide therapy"));
  EXPECT_THAT(MentionsOf(mentions, TermCategory::kCondition),
              ElementsAre("pancreatic neuroendocrine tumor", "liver metastases"));
  EXPECT_THAT(MentionsOf(lexicon.Find("neuroendocrine tumours"), TermCategory::kCondition),
              ElementsAre("neuroendocrine tumors"));
}

TEST(LexiconTest, LearnsDrugNamesFromHits) {
  Lexicon lexicon;
  EXPECT_THAT(lexicon.Find("Is belzutifan useful?"), IsEmpty());
  content::v1::Hit label = testing::MakeHit("s", "p", content::v1::DRUG_LABEL, "Take with food.");
  label.set_source_title("Belzutifan tablets, for oral use");
  content::v1::Hit research =
      testing::MakeHit("r", "q", content::v1::RESEARCH, "Cabozantinib and the peptide hormone were compared.");
  const std::vector<content::v1::Hit> hits = {label, research};
  lexicon.AddDrugsFromHits(hits, AnalyzeHits(hits));
  EXPECT_THAT(MentionsOf(lexicon.Find("Is belzutifan better than cabozantinib or a peptide?"), TermCategory::kDrug),
              ElementsAre("belzutifan", "cabozantinib"));
  EXPECT_TRUE(Lexicon::LooksLikeDrug("Pembrolizumab"));
  EXPECT_FALSE(Lexicon::LooksLikeDrug("peptide"));
  EXPECT_FALSE(Lexicon::LooksLikeDrug("tide"));
}

TEST(LexiconTest, LayWordingsNameTheirMedicalTerms) {
  const Lexicon lexicon;
  using Synonym = std::pair<std::string, std::string>;
  EXPECT_THAT(lexicon.LaySynonyms("Does low blood sugar raise the risk of a heart attack?"),
              ElementsAre(Synonym{"low blood sugar", "hypoglycemia"}, Synonym{"heart attack", "myocardial infarction"}));
  EXPECT_THAT(lexicon.LaySynonyms("What is the dose of everolimus?"), ::testing::IsEmpty());
}

TEST(LexiconTest, BrandsAreFoundAsTheirDrugs) {
  Lexicon lexicon;
  EXPECT_THAT(MentionsOf(lexicon.Find("Can I take Eliquis with Coumadin or warfarin?"), TermCategory::kDrug),
              ElementsAre("apixaban", "warfarin"));
}

TEST(LexiconTest, NameGenericsPutsTheDrugAfterItsBrand) {
  Lexicon lexicon;
  EXPECT_EQ(lexicon.NameGenerics("What is the dose of Viagra?", 1000), "What is the dose of Viagra (sildenafil)?");
  EXPECT_EQ(lexicon.NameGenerics("afinitor or Sutent for pNET", 1000),
            "afinitor (everolimus) or Sutent (sunitinib) for pNET");
  // A drug named already, by itself or by another brand, is not added again.
  EXPECT_EQ(lexicon.NameGenerics("Viagra (sildenafil) dose", 1000), "Viagra (sildenafil) dose");
  EXPECT_EQ(lexicon.NameGenerics("sildenafil or Viagra?", 1000), "sildenafil or Viagra?");
  EXPECT_EQ(lexicon.NameGenerics("Coumadin or Jantoven?", 1000), "Coumadin (warfarin) or Jantoven?");
  // "octreotide" names the drug of "Sandostatin LAR" (octreotide LAR).
  EXPECT_EQ(lexicon.NameGenerics("Sandostatin LAR (octreotide) dose", 1000), "Sandostatin LAR (octreotide) dose");
  // The limit is in characters, as the question's.
  EXPECT_EQ(lexicon.NameGenerics("d\xC3\xA9j\xC3\xA0 Viagra", 24), "d\xC3\xA9j\xC3\xA0 Viagra (sildenafil)");
  EXPECT_EQ(lexicon.NameGenerics("Which statin is best?", 1000), "Which statin is best?");
  // Never past the limit.
  EXPECT_EQ(lexicon.NameGenerics("dose of Viagra", 20), "dose of Viagra");
  EXPECT_EQ(lexicon.NameGenerics("dose of Viagra", 27), "dose of Viagra (sildenafil)");
}

TEST(FollowUpsTest, DrawnFromTheEvidenceNotTheQuestion) {
  Lexicon lexicon;
  const std::vector<std::string> evidence = {
      "Everolimus 10 mg daily or sunitinib 37.5 mg daily are options for progressive disease.",
      "Chromogranin A and cross-sectional imaging every 3-6 months are used to follow patients.",
      "Radiofrequency ablation suits a few small liver lesions.",
      "Lanreotide controls tumour growth.",
  };
  const std::vector<std::string> questions =
      SuggestFollowUps("Is lanreotide effective for metastatic pNET?", evidence, lexicon);
  EXPECT_THAT(questions, ElementsAre("What are the side effects of everolimus?", "When is radiofrequency ablation used?",
                                     "How is chromogranin A used for monitoring?",
                                     "What are the side effects of sunitinib?",
                                     "How is cross-sectional imaging used for monitoring?"));
}

TEST(FollowUpsTest, DeduplicatedCappedAndNeverInvented) {
  Lexicon lexicon;
  EXPECT_THAT(SuggestFollowUps("anything", {"No named treatment appears here at all."}, lexicon), IsEmpty());
  const std::vector<std::string> evidence = {"A somatostatin analog is used.", "Somatostatin analogs are used.",
                                             "Octreotide and octreotide again."};
  EXPECT_THAT(SuggestFollowUps("question", evidence, lexicon),
              ElementsAre("What are the side effects of octreotide?", "When is somatostatin analog used?"));
  std::vector<std::string> many;
  for (const char* drug : {"everolimus", "sunitinib", "octreotide", "lanreotide", "capecitabine", "temozolomide"}) {
    many.push_back(std::string(drug) + " is an option.");
  }
  EXPECT_EQ(SuggestFollowUps("question", many, lexicon).size(), 5u);
  EXPECT_EQ(SuggestFollowUps("question", many, lexicon, 3).size(), 3u);
}

TEST(ConversationTest, ExtractsDrugsAndConditions) {
  Lexicon lexicon;
  const ConversationContext context = ExtractContext("Is everolimus or sunitinib better for metastatic pNET?", lexicon);
  EXPECT_THAT(context.drugs, ElementsAre("everolimus", "sunitinib"));
  EXPECT_THAT(context.conditions, ElementsAre("pancreatic neuroendocrine tumor"));
}

TEST(ConversationTest, ResolvesFollowUpsAgainstThePreviousQuestion) {
  Lexicon lexicon;
  const ConversationContext drug = ExtractContext("Is everolimus used for pNET?", lexicon);
  EXPECT_EQ(ResolveFollowUp("what about its side effects?", drug, lexicon), "What are the side effects of everolimus?");
  EXPECT_EQ(ResolveFollowUp("and the dose?", drug, lexicon), "What is the dose of everolimus?");
  EXPECT_EQ(ResolveFollowUp("How is it monitored?", drug, lexicon), "How is everolimus monitored?");
  EXPECT_EQ(ResolveFollowUp("what about taking it with food?", drug, lexicon),
            "What about taking everolimus with food?");
  // Who must not take it, or what it interacts with, keeps the user's words.
  EXPECT_EQ(ResolveFollowUp("Does it interact with alcohol?", drug, lexicon), "Does everolimus interact with alcohol?");
  EXPECT_EQ(ResolveFollowUp("who should not take it?", drug, lexicon), "Who should not take everolimus?");

  const ConversationContext condition = ExtractContext("Best approach for metastatic pNET?", lexicon);
  EXPECT_EQ(ResolveFollowUp("And surgery?", condition, lexicon),
            "What about surgery for pancreatic neuroendocrine tumor?");
  const ConversationContext two = ExtractContext("everolimus or sunitinib for pNET", lexicon);
  EXPECT_EQ(ResolveFollowUp("side effects?", two, lexicon), "What are the side effects of everolimus and sunitinib?");
}

TEST(ConversationTest, LeavesStandaloneQuestionsAlone) {
  Lexicon lexicon;
  const ConversationContext drug = ExtractContext("Is everolimus used for pNET?", lexicon);
  EXPECT_EQ(ResolveFollowUp("What are the side effects of sunitinib?", drug, lexicon),
            "What are the side effects of sunitinib?");
  EXPECT_EQ(ResolveFollowUp("How is hypertension treated in adults today?", drug, lexicon),
            "How is hypertension treated in adults today?");
  EXPECT_EQ(ResolveFollowUp("and the dose?", ConversationContext{}, lexicon), "and the dose?");
}

}  // namespace
}  // namespace medbrief::answer
