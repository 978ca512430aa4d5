#include "common/text/analyzer.h"

#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::text {
namespace {

using ::testing::ElementsAre;

TEST(TokenizeTest, KeepsNumbersWholeAndSplitsOnPunctuation) {
  std::vector<std::string> tokens;
  for (const RawToken& t : Tokenize("Octreotide LAR 30mg; 37.5 mg/day, 1,000 units (n=12). 177Lu-DOTATATE")) {
    tokens.emplace_back(t.text);
  }
  EXPECT_THAT(tokens, ElementsAre("Octreotide", "LAR", "30mg", "37.5", "mg", "day", "1,000", "units", "n", "12",
                                  "177Lu", "DOTATATE"));
}

TEST(TokenizeTest, OffsetsPointIntoTheText) {
  const std::string text = "a  tumour.";
  const auto tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].offset, 3u);
  EXPECT_EQ(tokens[1].text, "tumour");
}

TEST(TokenizeTest, InvalidUtf8IsASeparatorNotACrash) {
  const auto tokens = Tokenize("ab\xFF" "cd\xC3");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "ab");
  EXPECT_EQ(tokens[1].text, "cd");
}

TEST(FoldCaseTest, UnicodeCaseAndAccents) {
  EXPECT_EQ(FoldCase("SJÖGREN"), "sjogren");
  EXPECT_EQ(FoldCase("Ménière"), "meniere");
  EXPECT_EQ(FoldCase("Łódź"), "lodz");
  EXPECT_EQ(FoldCase("µg"), "ug");
  EXPECT_EQ(FoldCase("ΑΒΓ"), "alphabetagamma");
  EXPECT_EQ(FoldCase("ДИАБЕТ"), "диабет");  // other scripts: lower case, kept
}

TEST(SpellingTest, BritishFoldsToAmerican) {
  EXPECT_EQ(AmericanSpelling("tumour"), "tumor");
  EXPECT_EQ(AmericanSpelling("tumours"), "tumors");
  EXPECT_EQ(AmericanSpelling("haemorrhage"), "hemorrhage");
  EXPECT_EQ(AmericanSpelling("anaemia"), "anemia");
  EXPECT_EQ(AmericanSpelling("leukaemia"), "leukemia");
  EXPECT_EQ(AmericanSpelling("hypoglycaemia"), "hypoglycemia");
  EXPECT_EQ(AmericanSpelling("ischaemic"), "ischemic");
  EXPECT_EQ(AmericanSpelling("oesophageal"), "esophageal");
  EXPECT_EQ(AmericanSpelling("oedema"), "edema");
  EXPECT_EQ(AmericanSpelling("paediatric"), "pediatric");
  EXPECT_EQ(AmericanSpelling("randomised"), "randomized");
  EXPECT_EQ(AmericanSpelling("randomisation"), "randomization");
  EXPECT_EQ(AmericanSpelling("centre"), "center");
  EXPECT_EQ(AmericanSpelling("dyspnoea"), "dyspnea");
  EXPECT_EQ(AmericanSpelling("exercise"), "exercise");
  EXPECT_EQ(AmericanSpelling("otherwise"), "otherwise");
  EXPECT_EQ(AmericanSpelling("precise"), "precise");
  EXPECT_EQ(AmericanSpelling("tumor"), "tumor");
}

TEST(AnalyzerTest, StemsDropsStopWordsAndFoldsSpelling) {
  Analyzer analyzer;
  EXPECT_THAT(analyzer.Analyze("The tumours were treated"), ElementsAre("tumor", "treat"));
  EXPECT_EQ(analyzer.Analyze("randomised trials"), analyzer.Analyze("randomized trial"));
  EXPECT_EQ(analyzer.Analyze("haemorrhage"), analyzer.Analyze("hemorrhage"));
}

TEST(AnalyzerTest, FormsOfAGreekOrLatinMedicalWordShareAStem) {
  Analyzer analyzer;
  const auto same = [&](std::initializer_list<const char*> words) {
    const std::string first = analyzer.Term(*words.begin());
    for (const char* word : words) EXPECT_EQ(analyzer.Term(word), first) << word << " vs " << *words.begin();
  };
  same({"metastasis", "metastases", "metastatic"});
  same({"pancreas", "pancreatic"});
  same({"thrombosis", "thrombotic"});
  same({"diagnosis", "diagnoses", "diagnostic"});
  same({"prognosis", "prognostic"});
  same({"dialysis", "dialytic"});
  same({"ischaemia", "ischemic"});
  same({"hypoxia", "hypoxic"});
  same({"anaemia", "anemic"});
  same({"homeostasis", "homeostatic"});
  // Adjectives keep Porter2's stems, and with them their other relatives.
  same({"prostatic", "prostate"});
  same({"lymphocytic", "lymphocytes"});
  same({"eukaryotic", "eukaryote"});
  same({"systematic", "systematically"});
  same({"disease", "diseases"});
  same({"purpose", "purposes"});
  same({"dose", "doses"});
  EXPECT_EQ(analyzer.Term("bases"), "base");
  EXPECT_NE(analyzer.Term("toxic"), analyzer.Term("hypoxic"));
}

TEST(AnalyzerTest, DosesMatchWithOrWithoutTheSpace) {
  Analyzer analyzer;
  EXPECT_THAT(analyzer.Analyze("120mg"), ElementsAre("120", "mg"));
  EXPECT_EQ(analyzer.Analyze("lanreotide 120mg"), analyzer.Analyze("lanreotide 120 mg"));
  EXPECT_EQ(analyzer.Analyze("37.50 mg"), analyzer.Analyze("37.5 mg"));
  EXPECT_EQ(analyzer.Analyze("1,000 mcg"), analyzer.Analyze("1000 µg"));
  EXPECT_THAT(analyzer.Analyze("177Lu"), ElementsAre("177lu"));  // not a unit: kept whole
}

TEST(AnalyzerTest, WithoutStemmingOrStopWords) {
  Analyzer analyzer(AnalyzerOptions{false, false});
  EXPECT_THAT(analyzer.Analyze("The Treated"), ElementsAre("the", "treated"));
}

TEST(AnalyzerTest, IsUsableFromManyThreads) {
  Analyzer analyzer;
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (analyzer.Term("metastases") != "metastat") ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace medbrief::text
