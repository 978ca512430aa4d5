// The answer core end to end on the project's sample corpus
// (tools/sample-corpus/sources.jsonl): every section of every source is one
// passage, and a passage is a hit when it shares an analysed term with the
// question (a stand-in for the content service's BM25 search).

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "absl/strings/str_join.h"
#include "services/answer/assemble.h"
#include "services/answer/notices.h"
#include "services/answer/question.h"
#include "services/answer/readability.h"
#include "services/answer/words.h"
#include "services/content/importers/importers.h"

namespace medbrief::answer {
namespace {

struct Corpus {
  std::vector<content::v1::Hit> passages;
  SourceMap sources;
};

content::v1::SourceKind KindOf(const std::string& kind) {
  if (kind == "GUIDELINE") {
    return content::v1::GUIDELINE;
  }
  if (kind == "DRUG_LABEL") {
    return content::v1::DRUG_LABEL;
  }
  return content::v1::RESEARCH;
}

const Corpus& SampleCorpus() {
  static const Corpus* const kCorpus = [] {
    auto* corpus = new Corpus();
    std::ifstream in(MEDBRIEF_SAMPLE_CORPUS);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) {
        continue;
      }
      const nlohmann::json doc = nlohmann::json::parse(line);
      content::v1::Source source;
      source.set_id(doc["external_id"].get<std::string>());
      source.set_kind(KindOf(doc["kind"].get<std::string>()));
      source.set_title(doc["title"].get<std::string>());
      source.set_published_date(doc.value("published_date", ""));
      source.set_evidence_level(doc.value("evidence_level", ""));
      source.set_status(doc.value("status", "CURRENT") == "SUPERSEDED" ? content::v1::SUPERSEDED
                                                                        : content::v1::CURRENT);
      int ordinal = 0;
      for (const nlohmann::json& section : doc["sections"]) {
        content::v1::Hit hit;
        hit.mutable_passage()->set_id(source.id() + "#" + std::to_string(ordinal));
        hit.mutable_passage()->set_source_id(source.id());
        hit.mutable_passage()->set_ordinal(ordinal++);
        hit.mutable_passage()->set_section_code(section.value("code", ""));
        hit.mutable_passage()->set_section_heading(section.value("heading", ""));
        hit.mutable_passage()->set_text(section["text"].get<std::string>());
        hit.set_source_id(source.id());
        hit.set_kind(source.kind());
        hit.set_source_title(source.title());
        hit.set_published_date(source.published_date());
        hit.set_source_status(source.status());
        corpus->passages.push_back(std::move(hit));
      }
      std::string id = source.id();  // read before the source is moved
      corpus->sources[std::move(id)] = std::make_shared<const content::v1::Source>(std::move(source));
    }
    return corpus;
  }();
  return *kCorpus;
}

// The passages sharing a term with the question, scored by shared terms,
// inactive sources included (as with include_inactive) so that the core's
// own filter is what keeps them out.
std::vector<content::v1::Hit> Search(const std::string& question) {
  const std::vector<std::string> query = AnalyzedTerms(NormalizeQuestion(question).search_query);
  const std::set<std::string> terms(query.begin(), query.end());
  std::vector<content::v1::Hit> hits;
  for (const content::v1::Hit& passage : SampleCorpus().passages) {
    int shared = 0;
    for (const std::string& term : AnalyzedTerms(passage.passage().text())) {
      shared += terms.count(term) > 0 ? 1 : 0;
    }
    if (shared > 0) {
      hits.push_back(passage);
      hits.back().set_score(shared);
    }
  }
  return hits;
}

v1::Answer Answer(const std::string& question, v1::Audience audience) {
  const AnswerDraft draft = DraftAnswer({question, audience, Search(question), SampleCorpus().sources, 0});
  absl::StatusOr<v1::Answer> answer = FinishAnswer(draft, NumberByFirstUse(draft.draft));
  EXPECT_TRUE(answer.ok()) << answer.status();
  return answer.ok() ? *answer : v1::Answer();
}

const char* const kQuestions[] = {
    "What is the best approach for a metastatic pancreatic neuroendocrine tumour with liver metastases?",
    "What is the dose of lanreotide for GEP-NETs?",
    "What are the side effects of everolimus?",
    "How should metastatic pNET be monitored after treatment?",
    "When is PRRT with lutetium Lu 177 dotatate used?",
};

TEST(SampleCorpusTest, NoEvidenceGivesNoSectionsAndNoUses) {
  const AnswerDraft draft = DraftAnswer({"zzz qqq", v1::PATIENT, {}, {}, 0});
  EXPECT_TRUE(draft.uses.empty());
  EXPECT_TRUE(draft.follow_up_questions.empty());
  absl::StatusOr<v1::Answer> answer = FinishAnswer(draft, {});
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->sections_size(), 0);
  EXPECT_EQ(answer->reading_grade(), 0);
  EXPECT_EQ(answer->disclaimer(), Disclaimer(v1::PATIENT));
}

TEST(SampleCorpusTest, CorpusLoads) {
  EXPECT_EQ(SampleCorpus().sources.size(), 53u);
}

// What `medbrief-cli import ADDR jsonl tools/sample-corpus/sources.jsonl`
// does: every line is a valid source for the JSONL importer.
TEST(SampleCorpusTest, EveryLineImportsWithTheJsonlImporter) {
  std::ifstream in(MEDBRIEF_SAMPLE_CORPUS);
  const std::string payload((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<content::importers::ParsedItem> items = content::importers::ParseJsonl(payload, 1);
  ASSERT_EQ(items.size(), 53u);
  std::map<content::v1::SourceKind, int> kinds;
  for (const content::importers::ParsedItem& item : items) {
    ASSERT_TRUE(item.source.ok()) << item.item << ": " << item.source.status();
    ++kinds[item.source->kind()];
  }
  EXPECT_EQ(kinds[content::v1::GUIDELINE], 15);
  EXPECT_EQ(kinds[content::v1::DRUG_LABEL], 16);
  EXPECT_EQ(kinds[content::v1::RESEARCH], 22);
}

TEST(SampleCorpusTest, AnswerHasAllSectionsDenseNumbersAndNoInactiveSource) {
  const std::string question = kQuestions[0];
  const AnswerDraft draft = DraftAnswer({question, v1::CLINICIAN, Search(question), SampleCorpus().sources, 0});
  const CitationNumbers numbers = NumberByFirstUse(draft.draft);
  absl::StatusOr<v1::Answer> answer = FinishAnswer(draft, numbers);
  ASSERT_TRUE(answer.ok()) << answer.status();
  ASSERT_EQ(answer->sections_size(), 3);
  EXPECT_EQ(answer->sections(0).kind(), v1::GUIDELINES);
  EXPECT_EQ(answer->sections(1).kind(), v1::DRUG_LABEL);
  EXPECT_EQ(answer->sections(2).kind(), v1::RESEARCH);
  EXPECT_FALSE(numbers.contains("sample:guideline:pnet-liver-metastases-2016"));
  EXPECT_LE(numbers.size(), 10u);
  // Markers in reading order: each new number is the next one.
  std::string all;
  for (const v1::Section& section : answer->sections()) {
    all += section.summary() + "\n";
    for (const std::string& point : section.key_points()) {
      all += point + "\n";
    }
  }
  const std::regex marker(R"(\[(\d+)\])");
  int next = 1;
  size_t markers = 0;
  for (auto it = std::sregex_iterator(all.begin(), all.end(), marker); it != std::sregex_iterator(); ++it) {
    const int n = std::stoi((*it)[1]);
    EXPECT_LE(n, next) << all;
    if (n == next) {
      ++next;
    }
    ++markers;
  }
  EXPECT_EQ(markers, draft.uses.size());
  EXPECT_LE(draft.uses.size(), 18u);
  for (const citation::v1::Use& use : draft.uses) {
    EXPECT_LE(use.claim().size(), 2000u);  // RegisterCitations' limit
    EXPECT_FALSE(use.passage_id().empty());
  }
  EXPECT_EQ(static_cast<size_t>(next - 1), numbers.size());
  EXPECT_GE(answer->follow_up_questions_size(), 3);
  EXPECT_LE(answer->follow_up_questions_size(), 5);
  for (const v1::Section& section : answer->sections()) {
    std::cout << "## " << section.title() << "\n" << section.summary() << "\n";
    for (const std::string& point : section.key_points()) {
      std::cout << "  - " << point << "\n";
    }
  }
  for (const std::string& q : answer->follow_up_questions()) {
    std::cout << "? " << q << "\n";
  }
}

void Print(const v1::Answer& answer) {
  for (const v1::Section& section : answer.sections()) {
    std::cout << "## " << section.title() << "\n" << section.summary() << "\n";
    for (const std::string& point : section.key_points()) {
      std::cout << "  - " << point << "\n";
    }
  }
  for (const std::string& q : answer.follow_up_questions()) {
    std::cout << "? " << q << "\n";
  }
}

TEST(SampleCorpusTest, SideEffectQuestionQuotesTheSafetySectionsOfTheLabel) {
  const v1::Answer answer = Answer(kQuestions[2], v1::CLINICIAN);
  Print(answer);
  const v1::Section* label = nullptr;
  for (const v1::Section& section : answer.sections()) {
    if (section.kind() == v1::DRUG_LABEL) {
      label = &section;
    }
  }
  ASSERT_NE(label, nullptr);
  const std::string text = label->summary() + " " + absl::StrJoin(label->key_points(), " ");
  EXPECT_THAT(text, ::testing::HasSubstr("everolimus"));
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("recommended dose")));
}

TEST(SampleCorpusTest, PatientSideEffectAnswerNamesTheSideEffects) {
  // The sentences listing them are long for a lay reader, but a list of
  // short items reads as one word, and the second clause is cut off.
  const v1::Answer answer = Answer(kQuestions[2], v1::PATIENT);
  std::string text;
  for (const v1::Section& section : answer.sections()) {
    absl::StrAppend(&text, section.summary(), " ", absl::StrJoin(section.key_points(), " "), " ");
  }
  EXPECT_THAT(text, ::testing::HasSubstr("mouth sores, rash, diarrhoea, fatigue and infections"));
}

TEST(SampleCorpusTest, PatientAnswerKeepsSectionsAndNumbers) {
  const v1::Answer clinician = Answer(kQuestions[1], v1::CLINICIAN);
  const v1::Answer patient = Answer(kQuestions[1], v1::PATIENT);
  Print(patient);
  ASSERT_GT(patient.sections_size(), 0);
  EXPECT_EQ(patient.disclaimer(), Disclaimer(v1::PATIENT));
}

TEST(SampleCorpusTest, ReadingGradeByAudience) {
  double clinician_total = 0;
  double patient_total = 0;
  double caregiver_total = 0;
  double patient_worst = 0;
  for (const char* question : kQuestions) {
    const v1::Answer clinician = Answer(question, v1::CLINICIAN);
    const v1::Answer patient = Answer(question, v1::PATIENT);
    const v1::Answer caregiver = Answer(question, v1::CAREGIVER);
    const v1::Answer student = Answer(question, v1::STUDENT);
    ASSERT_GT(clinician.sections_size(), 0) << question;
    std::cout << question << "\n  grade clinician " << clinician.reading_grade() << ", student "
              << student.reading_grade() << ", patient " << patient.reading_grade() << ", caregiver "
              << caregiver.reading_grade() << "\n";
    // The same sentences, reworded: patients read an easier text.
    EXPECT_LT(patient.reading_grade(), clinician.reading_grade()) << question;
    EXPECT_EQ(patient.sections_size(), clinician.sections_size());
    clinician_total += clinician.reading_grade();
    patient_total += patient.reading_grade();
    caregiver_total += caregiver.reading_grade();
    patient_worst = std::max(patient_worst, patient.reading_grade());
  }
  const double n = static_cast<double>(std::size(kQuestions));
  std::cout << "mean grade clinician " << clinician_total / n << ", patient " << patient_total / n
            << ", caregiver " << caregiver_total / n << ", worst patient " << patient_worst << "\n";
  EXPECT_EQ(patient_total, caregiver_total);
  // Issue 6's target: grade 8 or below for patients on the sample corpus.
  // Measured when written: clinician 16.9, patient and caregiver 7.8 (worst
  // 9.1), from plain wording, easy sentences ranked first for lay readers
  // (ease_weight), a cap of kPlainMaxWords words, and clause cuts.
  EXPECT_LE(patient_total / n, 8.0);
  EXPECT_LT(patient_total / n, clinician_total / n - 6.0);
}

}  // namespace
}  // namespace medbrief::answer
