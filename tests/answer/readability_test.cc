#include "services/answer/readability.h"

#include "gtest/gtest.h"
#include "services/answer/notices.h"

namespace medbrief::answer {
namespace {

TEST(SyllablesTest, KnownWords) {
  EXPECT_EQ(CountSyllables("cat"), 1);
  EXPECT_EQ(CountSyllables("the"), 1);
  EXPECT_EQ(CountSyllables("make"), 1);
  EXPECT_EQ(CountSyllables("makes"), 1);
  EXPECT_EQ(CountSyllables("table"), 2);
  EXPECT_EQ(CountSyllables("tumor"), 2);
  EXPECT_EQ(CountSyllables("liver"), 2);
  EXPECT_EQ(CountSyllables("yellow"), 2);
  EXPECT_EQ(CountSyllables("dosage"), 2);
  EXPECT_EQ(CountSyllables("treatment"), 2);
  EXPECT_EQ(CountSyllables("surgery"), 3);
  EXPECT_EQ(CountSyllables("everolimus"), 5);
  EXPECT_EQ(CountSyllables("chemotherapy"), 5);
  EXPECT_EQ(CountSyllables("Everolimus"), 5);
  // Known miss of the heuristic: a run of vowels is one syllable, so
  // "neuroendocrine" (neu-ro-en-do-crine, 5) counts 4.
  EXPECT_EQ(CountSyllables("neuroendocrine"), 4);
}

TEST(FleschKincaidTest, KnownSentences) {
  // 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 1 - 15.59.
  EXPECT_NEAR(FleschKincaidGrade("The cat sat on the mat."), 0.39 * 6 + 11.8 - 15.59, 1e-9);
  // 2 sentences of 4 words; syllables 1+1+1+1 and 1+2+2+1 = 10 over 8 words.
  EXPECT_NEAR(FleschKincaidGrade("The dog is black. My liver tumor grew."), 0.39 * 4 + 11.8 * 10 / 8 - 15.59, 1e-9);
  // Numbers and markers are not words.
  EXPECT_NEAR(FleschKincaidGrade("The 3 cats sat on the mat [1]."), FleschKincaidGrade("The cats sat on the mat."),
              1e-9);
  EXPECT_EQ(FleschKincaidGrade(""), 0);
  // Longer words and sentences read harder.
  EXPECT_GT(FleschKincaidGrade("Multidisciplinary management of unresectable hepatic metastases requires "
                               "interventional radiology and medical oncology collaboration."),
            FleschKincaidGrade("Your care team meets to plan how to treat the spots in your liver."));
}

TEST(ReadingGradeTest, CoversSummariesAndKeyPointsButNotProductNames) {
  Draft draft;
  DraftSection section;
  section.kind = v1::DRUG_LABEL;
  section.summary = {{"The cat sat on the mat.", "The cat sat on the mat.", "p1", "s1", ""}};
  draft.sections.push_back(section);
  EXPECT_NEAR(ReadingGrade(draft), FleschKincaidGrade("The cat sat on the mat."), 1e-9);
  // The name a label sentence is shown after is not graded.
  draft.sections[0].summary[0].product = "Lutetium Lu 177 dotatate";
  EXPECT_NEAR(ReadingGrade(draft), FleschKincaidGrade("The cat sat on the mat."), 1e-9);
  draft.sections[0].key_points = {{"Chemotherapy everolimus surgery.", "", "p2", "s2", ""}};
  EXPECT_GT(ReadingGrade(draft), FleschKincaidGrade("The cat sat on the mat."));
  EXPECT_NEAR(ReadingGrade(draft), FleschKincaidGrade("The cat sat on the mat.\n\nChemotherapy everolimus surgery."),
              1e-9);
}

TEST(NoticesTest, DisclaimerPerAudience) {
  EXPECT_NE(Disclaimer(v1::CLINICIAN).find("clinical judgement"), std::string::npos);
  EXPECT_NE(Disclaimer(v1::PATIENT).find("care team"), std::string::npos);
  EXPECT_NE(Disclaimer(v1::CAREGIVER).find("care team"), std::string::npos);
  EXPECT_NE(Disclaimer(v1::STUDENT).find("education"), std::string::npos);
  EXPECT_NE(Disclaimer(v1::PATIENT), Disclaimer(v1::CAREGIVER));
  EXPECT_LT(FleschKincaidGrade(Disclaimer(v1::PATIENT)), FleschKincaidGrade(Disclaimer(v1::CLINICIAN)));
}

TEST(NoticesTest, BannerPerReviewStatus) {
  EXPECT_EQ(ReviewBanner(review::v1::APPROVED), "");
  EXPECT_NE(ReviewBanner(review::v1::SUBMITTED).find("pending review"), std::string::npos);
  EXPECT_NE(ReviewBanner(review::v1::UNDER_REVIEW).find("being reviewed"), std::string::npos);
  EXPECT_NE(ReviewBanner(review::v1::CHANGES_REQUESTED).find("changes"), std::string::npos);
  EXPECT_NE(ReviewBanner(review::v1::SUBMITTED, "source S retracted").find("cited in this answer has changed"),
            std::string::npos);
  EXPECT_NE(ReviewBanner(review::v1::REJECTED).find("should not be used"), std::string::npos);
  EXPECT_NE(ReviewBanner(review::v1::ARTICLE_STATUS_UNSPECIFIED), "");
  EXPECT_TRUE(MayShow(review::v1::APPROVED));
  EXPECT_TRUE(MayShow(review::v1::SUBMITTED));
  EXPECT_FALSE(MayShow(review::v1::REJECTED));
  EXPECT_FALSE(MayShow(review::v1::RETRACTED));
}

}  // namespace
}  // namespace medbrief::answer
