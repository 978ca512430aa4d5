#include "services/answer/compose.h"

#include <map>
#include <regex>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::answer {
namespace {

using ::testing::ElementsAre;

RankedSentence Sentence(const std::string& text, const std::string& source, const std::string& passage) {
  RankedSentence s;
  s.text = text;
  s.source_id = source;
  s.passage_id = passage;
  return s;
}

// Research first in the input: display order must still be guidelines first.
std::vector<std::pair<v1::SectionKind, std::vector<RankedSentence>>> Selected() {
  return {
      {v1::RESEARCH,
       {Sentence("Everolimus doubled progression-free survival.", "r1", "rp1"),
        Sentence("Guideline bodies agree on somatostatin analogs.", "g1", "gp2")}},
      {v1::GUIDELINES,
       {Sentence("Somatostatin analogs are first-line.", "g1", "gp1"),
        Sentence("PRRT is an option after progression.", "g2", "gp3"),
        Sentence("TACE is an alternative for liver disease.", "g1", "gp4"),
        Sentence("Imaging every 3-6 months is advised.", "g3", "gp5")}},
      {v1::DRUG_LABEL, {}},
  };
}

TEST(ComposeTest, SectionsInDisplayOrderWithoutEmptyOnes) {
  const Draft draft = BuildDraft(Selected(), 10);
  ASSERT_EQ(draft.sections.size(), 2u);
  EXPECT_EQ(draft.sections[0].kind, v1::GUIDELINES);
  EXPECT_EQ(draft.sections[1].kind, v1::RESEARCH);
  // Four sentences: two in the summary, the rest as key points.
  EXPECT_EQ(draft.sections[0].summary.size(), 2u);
  EXPECT_EQ(draft.sections[0].key_points.size(), 2u);
  EXPECT_EQ(draft.sections[1].summary.size(), 1u);
  EXPECT_EQ(draft.sections[1].key_points.size(), 1u);
  EXPECT_TRUE(BuildDraft({{v1::GUIDELINES, {}}}, 10).sections.empty());
}

TEST(ComposeTest, NumbersByFirstUseOnePerSource) {
  const Draft draft = BuildDraft(Selected(), 10);
  const CitationNumbers numbers = NumberByFirstUse(draft);
  EXPECT_EQ(numbers.at("g1"), 1);
  EXPECT_EQ(numbers.at("g2"), 2);
  EXPECT_EQ(numbers.at("g3"), 3);
  EXPECT_EQ(numbers.at("r1"), 4);
  EXPECT_EQ(numbers.size(), 4u);

  absl::StatusOr<std::vector<v1::Section>> sections = RenderSections(draft, numbers);
  ASSERT_TRUE(sections.ok()) << sections.status();
  const v1::Section& guidelines = (*sections)[0];
  EXPECT_EQ(guidelines.title(), "From the Guidelines");
  EXPECT_EQ(guidelines.summary(), "Somatostatin analogs are first-line [1]. PRRT is an option after progression [2].");
  EXPECT_THAT(guidelines.key_points(), ElementsAre("TACE is an alternative for liver disease [1].",
                                                   "Imaging every 3-6 months is advised [3]."));
  EXPECT_THAT(guidelines.citation_numbers(), ElementsAre(1, 2, 3));
  const v1::Section& research = (*sections)[1];
  EXPECT_EQ(research.title(), "From the Research");
  EXPECT_EQ(research.summary(), "Everolimus doubled progression-free survival [4].");
  EXPECT_THAT(research.citation_numbers(), ElementsAre(4, 1));
}

TEST(ComposeTest, EveryMarkerHasAUseOfItsSource) {
  const Draft draft = BuildDraft(Selected(), 10);
  const std::vector<citation::v1::Use> uses = CitationUses(draft);
  ASSERT_EQ(uses.size(), 6u);
  EXPECT_EQ(uses[0].passage_id(), "gp1");
  EXPECT_EQ(uses[0].claim(), "Somatostatin analogs are first-line.");
  EXPECT_EQ(uses[5].passage_id(), "gp2");

  // Each rendered sentence's marker is the number of the source of the use
  // at the same position.
  const CitationNumbers numbers = NumberByFirstUse(draft);
  absl::StatusOr<std::vector<v1::Section>> sections = RenderSections(draft, numbers);
  ASSERT_TRUE(sections.ok());
  std::vector<std::string> rendered;
  for (const v1::Section& s : *sections) {
    const std::regex marker(R"(\[(\d+)\])");
    const std::string summary = s.summary();
    for (auto it = std::sregex_iterator(summary.begin(), summary.end(), marker); it != std::sregex_iterator(); ++it) {
      rendered.push_back((*it)[1]);
    }
    for (const std::string& point : s.key_points()) {
      std::smatch m;
      ASSERT_TRUE(std::regex_search(point, m, marker)) << point;
      rendered.push_back(m[1]);
    }
  }
  ASSERT_EQ(rendered.size(), uses.size());
  const std::map<std::string, std::string> source_of_passage = {{"gp1", "g1"}, {"gp2", "g1"}, {"gp3", "g2"},
                                                                {"gp4", "g1"}, {"gp5", "g3"}, {"rp1", "r1"}};
  for (size_t i = 0; i < uses.size(); ++i) {
    EXPECT_EQ(rendered[i], std::to_string(numbers.at(source_of_passage.at(uses[i].passage_id())))) << i;
  }
}

TEST(ComposeTest, AppliesTheNumbersRegisterCitationsReturned) {
  const Draft draft = BuildDraft(Selected(), 10);
  google::protobuf::RepeatedPtrField<citation::v1::Citation> citations;
  // An earlier registration gave r1 number 1; the others follow.
  const char* order[] = {"r1", "g1", "g2", "g3"};
  for (int i = 0; i < 4; ++i) {
    citation::v1::Citation* citation = citations.Add();
    citation->set_number(i + 1);
    citation->set_source_id(order[i]);
  }
  absl::StatusOr<std::vector<v1::Section>> sections = RenderSections(draft, NumbersFromCitations(citations));
  ASSERT_TRUE(sections.ok());
  EXPECT_EQ((*sections)[0].summary(), "Somatostatin analogs are first-line [2]. PRRT is an option after progression [3].");
  EXPECT_EQ((*sections)[1].summary(), "Everolimus doubled progression-free survival [1].");

  citations.RemoveLast();  // g3 missing
  EXPECT_EQ(RenderSections(draft, NumbersFromCitations(citations)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ComposeTest, MaxCitationsLeavesOutSentencesOfFurtherSources) {
  const Draft draft = BuildDraft(Selected(), 2);
  std::set<std::string> sources;
  for (const DraftSection& section : draft.sections) {
    for (const DraftSentence& s : section.summary) {
      sources.insert(s.source_id);
    }
    for (const DraftSentence& s : section.key_points) {
      sources.insert(s.source_id);
    }
  }
  EXPECT_EQ(sources, (std::set<std::string>{"g1", "g2"}));
  // The research section keeps the sentence of g1.
  ASSERT_EQ(draft.sections.size(), 2u);
  EXPECT_EQ(draft.sections[1].summary[0].source_id, "g1");
}

TEST(ComposeTest, MarkerGoesBeforeFinalPunctuation) {
  EXPECT_EQ(WithMarker("It works.", 3), "It works [3].");
  EXPECT_EQ(WithMarker("It works", 3), "It works [3]");
  EXPECT_EQ(WithMarker("Does it work?", 12), "Does it work [12]?");
  EXPECT_EQ(WithMarker("It was (significant.)", 1), "It was (significant [1].)");
  EXPECT_EQ(WithMarker("Dose is 37.5 mg.", 1), "Dose is 37.5 mg [1].");
}

}  // namespace
}  // namespace medbrief::answer
