#include "services/answer/plain_language.h"

#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::answer {
namespace {

TEST(PlainLanguageTest, BuiltinVocabularyLoads) {
  const PlainLanguage& builtin = PlainLanguage::Builtin();
  EXPECT_GE(builtin.size(), 80u);
  EXPECT_LE(builtin.size(), 300u);  // small: ../shared/data/vocab is the large one, loaded by path
  ASSERT_NE(builtin.Find("Hypertension"), nullptr);
  EXPECT_EQ(builtin.Find("hypertension")->plain, "high blood pressure");
  EXPECT_EQ(builtin.Find("everolimus")->category, TermCategory::kDrug);
  EXPECT_EQ(builtin.Find("warfarin")->category, TermCategory::kDrug);
  EXPECT_EQ(builtin.Find("chromogranin A")->category, TermCategory::kTest);
}

TEST(PlainLanguageTest, RewriteMatchesWholeWordsLongestFirstAndKeepsCapitals) {
  PlainLanguage vocabulary;
  ASSERT_TRUE(vocabulary.AddTsv("metastases\tspread of cancer\tcondition\n"
                                "liver metastases\tcancer that has spread to the liver\tcondition\n"
                                "hepatic\tliver\tterm\n"
                                "well-differentiated\tslow-growing\tterm\n")
                  .ok());
  EXPECT_EQ(vocabulary.Rewrite("Liver metastases were treated."), "Cancer that has spread to the liver were treated.");
  EXPECT_EQ(vocabulary.Rewrite("Bone metastases and hepatic disease."),
            "Bone spread of cancer and liver disease.");
  EXPECT_EQ(vocabulary.Rewrite("well differentiated and well-differentiated"), "slow-growing and slow-growing");
  // Whole words only: "hepatical" and "metastasesx" are not terms.
  EXPECT_EQ(vocabulary.Rewrite("hepatical metastasesx"), "hepatical metastasesx");
}

TEST(PlainLanguageTest, BritishSpellingMatches) {
  PlainLanguage vocabulary;
  vocabulary.Add("tumor board", "care team meeting", TermCategory::kTerm);
  EXPECT_EQ(vocabulary.Rewrite("the tumour board met"), "the care team meeting met");
}

TEST(PlainLanguageTest, NumbersAreNeverRewritten) {
  PlainLanguage vocabulary;
  vocabulary.Add("Lu 177", "a radioactive metal", TermCategory::kTerm);
  vocabulary.Add("mg", "milligrams", TermCategory::kTerm);
  vocabulary.Add("daily", "each day", TermCategory::kTerm);
  // Neither the number nor its unit, nor the word right after a number.
  EXPECT_EQ(vocabulary.Rewrite("lutetium Lu 177 at 120 mg"), "lutetium Lu 177 at 120 mg");
  EXPECT_EQ(vocabulary.Rewrite("10 daily, or daily"), "10 daily, or each day");
}

TEST(PlainLanguageTest, TsvErrorsNameTheLine) {
  PlainLanguage vocabulary;
  const absl::Status status = vocabulary.AddTsv("# c\nfine\tok\tterm\nbad line\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("line 3"));
  EXPECT_FALSE(vocabulary.AddTsv("x\ty\tnot-a-category\n").ok());
}

TEST(PlainLanguageTest, BrandsAreNeverRewritten) {
  PlainLanguage vocabulary;
  ASSERT_TRUE(vocabulary.AddTsv("Viagra\tsildenafil\tbrand\ndose\tamount\tterm\n").ok());
  EXPECT_EQ(vocabulary.Rewrite("The dose of Viagra"), "The amount of Viagra");
  ASSERT_NE(vocabulary.Find("viagra"), nullptr);
  EXPECT_EQ(vocabulary.Find("viagra")->category, TermCategory::kBrand);
  const absl::Status status = vocabulary.AddTsv("# c\nCialis\t\tbrand\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("line 2: a brand needs its generic name"));
}

TEST(PlainLanguageTest, JsonKeepsShortAlternativesOnly) {
  PlainLanguage vocabulary;
  ASSERT_TRUE(vocabulary
                  .AddJson(R"([
    {"term": "abdomen", "plain_alternative": "belly, stomach area"},
    {"term": "Abdomen/Abdominal", "plain_alternative": "belly"},
    {"term": "A33", "plain_alternative": "A type of monoclonal antibody used in cancer detection or therapy. More."},
    {"term": "accelerate", "plain_alternative": "hurry; speed up"},
    {"term": "upper respiratory tract", "plain_alternative": "nose, throat, and windpipe"},
    {"term": "lymph", "plain_alternative": "Clear, watery fluid that travels through vessels of the lymph system."},
    {"term": "bowel", "plain_alternative": "The long, tube-shaped organ in the abdomen."},
    {"term": "hemorrhage", "plain_alternative": "In medicine, loss of blood."},
    {"term": "AT", "plain_alternative": "ataxia telangiectasia"},
    {"term": "osteoporosis", "plain_alternative": "osteoporosis"},
    {"term": 7}
  ])")
                  .ok());
  ASSERT_NE(vocabulary.Find("upper respiratory tract"), nullptr);
  EXPECT_EQ(vocabulary.Find("upper respiratory tract")->plain, "nose, throat, and windpipe");
  for (const char* definition_only : {"lymph", "bowel", "hemorrhage", "AT", "osteoporosis"}) {
    EXPECT_EQ(vocabulary.Find(definition_only), nullptr) << definition_only;
  }
  ASSERT_NE(vocabulary.Find("abdomen"), nullptr);
  EXPECT_EQ(vocabulary.Find("abdomen")->plain, "belly");
  EXPECT_NE(vocabulary.Find("abdominal"), nullptr);
  EXPECT_EQ(vocabulary.Find("A33"), nullptr);
  EXPECT_EQ(vocabulary.Find("accelerate")->plain, "hurry");
  EXPECT_FALSE(vocabulary.AddJson("{\"not\": \"an array\"}").ok());
}

TEST(PlainLanguageTest, LoadsTheSharedGlossariesByPath) {
  const std::string path = MEDBRIEF_SHARED_PLAIN_LANGUAGE;
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "no " << path;
  }
  PlainLanguage vocabulary;
  ASSERT_TRUE(vocabulary.AddPath(path).ok());
  EXPECT_GT(vocabulary.size(), 500u);
  ASSERT_NE(vocabulary.Find("abdomen"), nullptr);
  EXPECT_EQ(vocabulary.Rewrite("pain in the abdomen"), "pain in the " + vocabulary.Find("abdomen")->plain);
  EXPECT_EQ(vocabulary.AddPath(path + "/missing.json").code(), absl::StatusCode::kNotFound);

  // The builtin vocabulary extended with the shared one: builtin entries win.
  PlainLanguage merged = PlainLanguage::Builtin();
  ASSERT_TRUE(merged.AddPath(path).ok());
  EXPECT_GT(merged.size(), PlainLanguage::Builtin().size());
  EXPECT_EQ(merged.Find("hypertension")->plain, "high blood pressure");
  EXPECT_EQ(merged.Rewrite("Give 120 mg of octreotide [1]."), PlainLanguage::Builtin().Rewrite("Give 120 mg of octreotide [1]."));
}

}  // namespace
}  // namespace medbrief::answer
