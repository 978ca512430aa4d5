// The whole Answer (sections, markers, follow-ups, reading grade) of the
// answer core for the sample corpus, searched as the pipeline searches it
// (tools/bench/answer_evidence.h), for every audience, compared with
// tests/answer/testdata/answer_core_golden.txt. It pins the output while the
// core is changed for speed: a change of wording or ranking shows here as a
// diff. When an output change is intended, regenerate the file with
//   MEDBRIEF_UPDATE_GOLDEN=1 build/tests/answer_unit_test --gtest_filter='AnswerGoldenTest.*'
// and review its diff.

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/answer/assemble.h"
#include "tools/bench/answer_evidence.h"
#include "tools/bench/questions.h"

namespace medbrief::answer {
namespace {

constexpr char kCaseMark[] = "=== ";

std::vector<std::string> Questions() {
  std::vector<std::string> out = {
      // tools/run-local.sh
      "best approach for a metastatic neuroendocrine tumour in the tail of the pancreas with liver metastasis",
      // sample_corpus_test.cc
      "What is the best approach for a metastatic pancreatic neuroendocrine tumour with liver metastases?",
      "What is the dose of lanreotide for GEP-NETs?",
      "What are the side effects of everolimus?",
      "How should metastatic pNET be monitored after treatment?",
      "When is PRRT with lutetium Lu 177 dotatate used?",
  };
  absl::StatusOr<std::vector<bench::Question>> eval = bench::ReadQuestions(MEDBRIEF_EVAL_QUESTIONS);
  EXPECT_TRUE(eval.ok()) << eval.status();
  if (eval.ok()) {
    for (const bench::Question& q : *eval) {
      out.push_back(q.question);
    }
  }
  return out;
}

// "=== AUDIENCE question" -> the Answer in text format.
std::map<std::string, std::string> Answers() {
  absl::StatusOr<std::unique_ptr<bench::EvidenceIndex>> index = bench::EvidenceIndex::Load(MEDBRIEF_SAMPLE_CORPUS);
  EXPECT_TRUE(index.ok()) << index.status();
  std::map<std::string, std::string> out;
  if (!index.ok()) {
    return out;
  }
  for (const std::string& question : Questions()) {
    for (v1::Audience audience : {v1::CLINICIAN, v1::STUDENT, v1::PATIENT, v1::CAREGIVER}) {
      const AnswerDraft draft = DraftAnswer((*index)->Input(question, audience));
      absl::StatusOr<v1::Answer> answer = FinishAnswer(draft, NumberByFirstUse(draft.draft));
      EXPECT_TRUE(answer.ok()) << answer.status();
      std::string text;
      google::protobuf::TextFormat::PrintToString(answer.ok() ? *answer : v1::Answer(), &text);
      out[kCaseMark + v1::Audience_Name(audience) + " " + question] = text;
    }
  }
  return out;
}

std::string Serialize(const std::map<std::string, std::string>& answers) {
  std::string out;
  for (const auto& [mark, text] : answers) {
    out += mark + "\n" + text;
  }
  return out;
}

std::map<std::string, std::string> Parse(std::istream& in) {
  std::map<std::string, std::string> out;
  std::string line;
  std::string* current = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind(kCaseMark, 0) == 0) {
      current = &out[line];
    } else if (current != nullptr) {
      *current += line + "\n";
    }
  }
  return out;
}

TEST(AnswerGoldenTest, SameAnswersAsTheGoldenFile) {
  const std::map<std::string, std::string> actual = Answers();
  ASSERT_EQ(actual.size(), Questions().size() * 4);
  const char* update = std::getenv("MEDBRIEF_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(MEDBRIEF_ANSWER_GOLDEN) << Serialize(actual);
  }
  std::ifstream in(MEDBRIEF_ANSWER_GOLDEN);
  ASSERT_TRUE(in) << "cannot read " << MEDBRIEF_ANSWER_GOLDEN;
  const std::map<std::string, std::string> expected = Parse(in);
  ASSERT_EQ(expected.size(), actual.size());
  for (const auto& [mark, text] : expected) {
    auto it = actual.find(mark);
    ASSERT_NE(it, actual.end()) << mark;
    EXPECT_EQ(it->second, text) << mark;
  }
}

// The golden file holds answers worth pinning: most cases have sections.
TEST(AnswerGoldenTest, GoldenAnswersHaveSections) {
  std::ifstream in(MEDBRIEF_ANSWER_GOLDEN);
  int with_sections = 0;
  int total = 0;
  for (const auto& [mark, text] : Parse(in)) {
    ++total;
    v1::Answer answer;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &answer)) << mark;
    with_sections += answer.sections_size() > 0 ? 1 : 0;
  }
  EXPECT_GT(total, 0);
  EXPECT_GT(with_sections, total / 2);
}

}  // namespace
}  // namespace medbrief::answer
