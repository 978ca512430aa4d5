#include "services/answer/ranking.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/answer/evidence.h"
#include "tests/answer/hits.h"

namespace medbrief::answer {
namespace {

using content::v1::DRUG_LABEL;
using content::v1::GUIDELINE;
using content::v1::RESEARCH;
using testing::MakeHit;
using testing::MakeSource;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Texts(const std::vector<RankedSentence>& sentences) {
  std::vector<std::string> out;
  for (const RankedSentence& s : sentences) {
    out.push_back(s.text);
  }
  return out;
}

// Options that pick every unit that qualifies as a candidate: no relevance
// floor, no near-duplicate or per-source cap.
RankingOptions EveryQualifyingUnit() {
  RankingOptions options;
  options.min_relative_relevance = 0;
  options.duplicate_similarity = 1.01;
  options.max_per_source = 10;
  return options;
}

TEST(AbstractPartWeightTest, FindingsThenWhyThenHow) {
  for (const char* findings : {"Results", "Conclusions", "Methods and results", "RESULTS AND CONCLUSIONS", "",
                               "Key points"}) {
    EXPECT_EQ(AbstractPartWeight(findings), 1) << findings;
  }
  for (const char* why : {"Background", "Objective", "Aims", "Purpose", "Background and purpose", "Introduction"}) {
    EXPECT_EQ(AbstractPartWeight(why), 0.85) << why;
  }
  for (const char* how : {"Methods", "Patients and methods", "Study design", "Setting", "Participants",
                          "Main outcome measures", "Interventions"}) {
    EXPECT_EQ(AbstractPartWeight(how), 0.7) << how;
  }
}

TEST(RankingTest, AResearchFindingComesBeforeHowItWasStudied) {
  const std::string question = "everolimus for pancreatic neuroendocrine tumours in adults";
  // One sentence, quoted from an abstract's results and from its methods.
  content::v1::Hit hit =
      MakeHit("trial", "p", RESEARCH, "Everolimus slowed pancreatic neuroendocrine tumours in adults.");
  hit.mutable_passage()->set_section_heading("Results");
  const std::vector<RankedSentence> results = SelectSentences(question, RESEARCH, {hit}, {});
  hit.mutable_passage()->set_section_heading("Methods");
  const std::vector<RankedSentence> methods = SelectSentences(question, RESEARCH, {hit}, {});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(methods.size(), 1u);
  EXPECT_EQ(results[0].part, 1);
  EXPECT_EQ(methods[0].part, 0.7);
  EXPECT_DOUBLE_EQ(methods[0].score, 0.7 * results[0].score);
  // Of two abstracts as relevant as each other, the finding comes first.
  std::vector<content::v1::Hit> hits = {
      MakeHit("trial-a", "a", RESEARCH, "Everolimus was given to adults with pancreatic neuroendocrine tumours."),
      MakeHit("trial-b", "b", RESEARCH, "Everolimus was given to the adults with pancreatic neuroendocrine tumours.")};
  hits[0].mutable_passage()->set_section_heading("Methods");
  hits[1].mutable_passage()->set_section_heading("Conclusions");
  EXPECT_EQ(SelectSentences(question, RESEARCH, hits, {}).at(0).source_id, "trial-b");
  // Guidelines have no abstract parts.
  hit.set_kind(GUIDELINE);
  EXPECT_EQ(SelectSentences(question, GUIDELINE, {hit}, {}).at(0).part, 1);
}

TEST(RankingTest, InactiveSourcesNeverContribute) {
  const std::string text = "Everolimus improves progression-free survival in pancreatic neuroendocrine tumors.";
  std::vector<content::v1::Hit> hits = {
      MakeHit("old", "p1", GUIDELINE, text, 9, "2016", content::v1::SUPERSEDED),
      MakeHit("gone", "p2", GUIDELINE, "Sunitinib improves survival in pancreatic neuroendocrine tumors a lot.", 9,
              "2020", content::v1::RETRACTED),
      MakeHit("off", "p3", GUIDELINE, "Lanreotide improves survival in pancreatic neuroendocrine tumors a lot.", 9,
              "2020", content::v1::WITHDRAWN),
  };
  EXPECT_THAT(SelectSentences("everolimus pancreatic neuroendocrine tumors", GUIDELINE, hits, {}), IsEmpty());

  // A hit that says CURRENT but whose source is known to be superseded is out too.
  hits = {MakeHit("s", "p1", GUIDELINE, text, 1, "2020")};
  SourceMap sources = {{"s", MakeSource("s", GUIDELINE, "", "2020", content::v1::SUPERSEDED)}};
  EXPECT_THAT(SelectSentences("everolimus pancreatic neuroendocrine tumors", GUIDELINE, hits, sources), IsEmpty());
  sources["s"] = MakeSource("s", GUIDELINE, "", "2020", content::v1::CURRENT);
  EXPECT_THAT(Texts(SelectSentences("everolimus pancreatic neuroendocrine tumors", GUIDELINE, hits, sources)),
              ElementsAre(text));
}

TEST(RankingTest, OnlyTheRequestedKindAndRelevantSentences) {
  std::vector<content::v1::Hit> hits = {
      MakeHit("g", "p1", GUIDELINE,
              "Octreotide controls hormonal symptoms in neuroendocrine tumors. The weather was sunny all week long."),
      MakeHit("r", "p2", RESEARCH, "Octreotide controls hormonal symptoms in research cohorts of tumors."),
  };
  const std::vector<RankedSentence> picked = SelectSentences("octreotide symptoms", GUIDELINE, hits, {});
  EXPECT_THAT(Texts(picked), ElementsAre("Octreotide controls hormonal symptoms in neuroendocrine tumors."));
  EXPECT_EQ(picked[0].passage_id, "p1");
  EXPECT_EQ(picked[0].source_id, "g");
  EXPECT_EQ(picked[0].kind, GUIDELINE);
}

TEST(RankingTest, ASentenceLeadingIntoAListIsLeftOut) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("a", "p1", GUIDELINE, "The serious side effects of adalimumab include the following: "),
      MakeHit("b", "p2", GUIDELINE, "Serious infections are side effects of adalimumab in some people."),
      MakeHit("c", "p3", GUIDELINE, "Side effects of adalimumab [see Warnings (5.1) ]"),
      MakeHit("d", "p4", GUIDELINE, "Lymphoma is a rare side effect of adalimumab [see Warnings (5.2).]"),
      MakeHit("e", "p5", GUIDELINE, "Key Question 2: What are the side effects of adalimumab in children?"),
  };
  EXPECT_THAT(Texts(SelectSentences("side effects of adalimumab", GUIDELINE, hits, {})),
              ElementsAre("Serious infections are side effects of adalimumab in some people.",
                          "Lymphoma is a rare side effect of adalimumab [see Warnings (5.2).]"));
}

TEST(RankingTest, AClosingParenthesisEndsASentenceOnlyAfterOneOrWithAGrade) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("a", "p1", GUIDELINE, "Targeted therapies for unresectable pancreatic neuroendocrine tumours (PNETs)"),
      MakeHit("b", "p2", GUIDELINE, "Everolimus is recommended for progressive pancreatic neuroendocrine tumours (Grade 1C)"),
      MakeHit("c", "p3", GUIDELINE,
              "Sunitinib is an option for progressive pancreatic neuroendocrine tumours. (Strong recommendation, "
              "moderate quality evidence)"),
      MakeHit("d", "p4", GUIDELINE, "Lanreotide slows progressive pancreatic neuroendocrine tumours (IA)"),
      MakeHit("e", "p5", GUIDELINE, "Incidence of progressive pancreatic neuroendocrine tumours (pNETs (grade"),
      MakeHit("f", "p6", GUIDELINE, "Sunitinib is advised in progressive pancreatic neuroendocrine tumours (Class IIa)"),
      MakeHit("g", "p7", GUIDELINE,
              "Patients with progressive pancreatic neuroendocrine tumours and heart failure (NYHA class 2 or higher)"),
      MakeHit("h", "p8", GUIDELINE, "Progressive pancreatic neuroendocrine tumours with liver disease (Child-Pugh Class B)"),
      MakeHit("i", "p9", GUIDELINE, "Diarrhoea in progressive pancreatic neuroendocrine tumours on sunitinib (grade 3 or 4)"),
      MakeHit("j", "p10", GUIDELINE, "Progressive pancreatic neuroendocrine tumours and coronary artery disease (CAD)"),
      MakeHit("k", "p11", GUIDELINE, "Octreotide is an option for progressive pancreatic neuroendocrine tumours (IIa, B)"),
      MakeHit("l", "p12", GUIDELINE, "(Strong recommendation for progressive pancreatic neuroendocrine tumours)"),
  };
  RankingOptions options;
  options.min_relative_relevance = 0;
  EXPECT_THAT(Texts(SelectSentences("progressive pancreatic neuroendocrine tumours", GUIDELINE, hits, {}, options)),
              ::testing::UnorderedElementsAre(
                  "Everolimus is recommended for progressive pancreatic neuroendocrine tumours (Grade 1C)",
                  "Sunitinib is an option for progressive pancreatic neuroendocrine tumours.",  // the grade splits off
                  "Lanreotide slows progressive pancreatic neuroendocrine tumours (IA)",
                  "Sunitinib is advised in progressive pancreatic neuroendocrine tumours (Class IIa)",
                  "Octreotide is an option for progressive pancreatic neuroendocrine tumours (IIa, B)"));
}

TEST(RankingTest, WhatAGuidelineCoversIsNotQuotedOnlyWhatItAdvises) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("g", "p1", GUIDELINE, "Patients with nonvalvular atrial fibrillation at risk of stroke.", 1, "2020",
              content::v1::CURRENT, "target-population"),
      MakeHit("g", "p2", GUIDELINE, "Composite outcomes of stroke in nonvalvular atrial fibrillation.", 1, "2020",
              content::v1::CURRENT, "outcomes"),
      MakeHit("g", "p3", GUIDELINE, "Offer apixaban to people with nonvalvular atrial fibrillation at risk of stroke.",
              1, "2020", content::v1::CURRENT, "recommendations"),
  };
  EXPECT_THAT(Texts(SelectSentences("stroke in nonvalvular atrial fibrillation", GUIDELINE, hits, {})),
              ElementsAre("Offer apixaban to people with nonvalvular atrial fibrillation at risk of stroke."));
}

TEST(RankingTest, ASentenceOfNoRelevanceDoesNotSetTheScale) {
  // Source a is the more relevant source, but its one sentence short enough
  // shares no term with the question: it is never picked, and must not
  // leave out source b's relevant sentence by making b look irrelevant.
  const std::vector<content::v1::Hit> hits = {
      MakeHit("a", "p1", GUIDELINE,
              "Everolimus side effects need regular checks of glucose, lipids and mouth ulcers at each visit. "
              "Hormonal symptoms may signal disease progression."),
      MakeHit("b", "p2", GUIDELINE,
              "Everolimus is taken once daily by mouth. Tablets are swallowed whole with a glass of water and are "
              "never crushed or chewed."),
  };
  RankingOptions options;
  options.max_words = 8;
  EXPECT_THAT(Texts(SelectSentences("side effects of everolimus", GUIDELINE, hits, {}, options)),
              ElementsAre("Everolimus is taken once daily by mouth."));
}

TEST(RankingTest, NewerSourceFirstWhenOtherwiseEqual) {
  std::vector<content::v1::Hit> hits = {
      MakeHit("old", "p1", GUIDELINE, "Lanreotide is recommended for metastatic neuroendocrine tumors of the gut.", 1,
              "2012"),
      MakeHit("new", "p2", GUIDELINE, "Lanreotide is advised in metastatic neuroendocrine tumors of the pancreas.", 1,
              "2023"),
  };
  const std::vector<RankedSentence> picked = SelectSentences("lanreotide metastatic neuroendocrine", GUIDELINE, hits, {});
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].source_id, "new");
  EXPECT_GT(picked[0].recency, picked[1].recency);
}

TEST(RankingTest, StrongerEvidenceFirstWhenOtherwiseEqual) {
  std::vector<content::v1::Hit> hits = {
      MakeHit("case", "p1", RESEARCH, "Sunitinib prolonged survival in a patient with pancreatic tumors.", 1, "2020"),
      MakeHit("cohort", "p2", RESEARCH, "Sunitinib prolonged survival in patients with pancreatic tumors here.", 1,
              "2020"),
      MakeHit("rct", "p3", RESEARCH, "Sunitinib prolonged survival in people with pancreatic tumors overall.", 1,
              "2020"),
  };
  SourceMap sources = {{"case", MakeSource("case", RESEARCH, "case report", "2020")},
                       {"cohort", MakeSource("cohort", RESEARCH, "cohort", "2020")},
                       {"rct", MakeSource("rct", RESEARCH, "randomized controlled trial", "2020")}};
  RankingOptions options;
  options.duplicate_similarity = 1.01;  // these are near-duplicates on purpose
  const std::vector<RankedSentence> picked =
      SelectSentences("sunitinib survival pancreatic tumors", RESEARCH, hits, sources, options);
  ASSERT_EQ(picked.size(), 3u);
  EXPECT_EQ(picked[0].source_id, "rct");
  EXPECT_EQ(picked[1].source_id, "cohort");
  EXPECT_EQ(picked[2].source_id, "case");
}

TEST(RankingTest, MmrDropsNearDuplicatesAndCapsPerSource) {
  std::vector<content::v1::Hit> hits = {
      MakeHit("a", "p1", GUIDELINE,
              "PRRT with lutetium dotatate is an option for progressive neuroendocrine tumors. "
              "Lutetium dotatate PRRT is an option for progressive neuroendocrine tumors. "
              "PRRT requires somatostatin receptor uptake of the neuroendocrine tumors on imaging."),
      MakeHit("b", "p2", GUIDELINE,
              "PRRT with lutetium dotatate is an option in progressive neuroendocrine tumors."),
  };
  RankingOptions keep_all;
  keep_all.min_relative_relevance = 0;
  const std::vector<RankedSentence> picked =
      SelectSentences("PRRT neuroendocrine tumors", GUIDELINE, hits, {}, keep_all);
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_NE(picked[0].text, picked[1].text);
  EXPECT_LT(TermSimilarity(picked[0].text, picked[1].text), 0.6);

  RankingOptions options = keep_all;
  options.max_per_source = 1;
  options.duplicate_similarity = 1.01;
  const std::vector<RankedSentence> capped = SelectSentences("PRRT neuroendocrine tumors", GUIDELINE, hits, {}, options);
  ASSERT_EQ(capped.size(), 2u);
  EXPECT_NE(capped[0].source_id, capped[1].source_id);
}

TEST(RankingTest, DrugLabelPassagesFollowTheQuestionIntent) {
  std::vector<content::v1::Hit> hits = {
      MakeHit("lan", "ind", DRUG_LABEL, "Lanreotide is indicated for adults with unresectable GEP-NETs.", 1, "2023",
              content::v1::CURRENT, "34067-9"),
      MakeHit("lan", "dose", DRUG_LABEL, "The recommended dosage is 120 mg every 4 weeks by deep injection.", 1,
              "2023", content::v1::CURRENT, "34068-7"),
      MakeHit("lan", "adr", DRUG_LABEL, "The most common adverse reactions were diarrhea and abdominal pain.", 1,
              "2023", content::v1::CURRENT, "34084-4"),
  };
  std::vector<std::string> passages;
  for (const RankedSentence& s : SelectSentences("What is the dose of lanreotide?", DRUG_LABEL, hits, {})) {
    passages.push_back(s.passage_id);
  }
  EXPECT_THAT(passages, ElementsAre("dose"));
  passages.clear();
  for (const RankedSentence& s : SelectSentences("side effects of lanreotide", DRUG_LABEL, hits, {})) {
    passages.push_back(s.passage_id);
  }
  EXPECT_THAT(passages, ElementsAre("adr"));
  passages.clear();
  for (const RankedSentence& s : SelectSentences("lanreotide in GEP-NETs", DRUG_LABEL, hits, {})) {
    passages.push_back(s.passage_id);
  }
  EXPECT_THAT(passages, ::testing::UnorderedElementsAre("ind", "dose"));
}

TEST(RankingTest, WeakRelevanceIsDroppedAndLabelsNamedByTheQuestionWin) {
  std::vector<content::v1::Hit> hits = {
      MakeHit("g", "p1", GUIDELINE,
              "Everolimus side effects include stomatitis and pneumonitis in everolimus users. "
              "Effects were scaled to a reduction in cholesterol levels overall."),
  };
  EXPECT_THAT(Texts(SelectSentences("side effects of everolimus", GUIDELINE, hits, {})),
              ElementsAre("Everolimus side effects include stomatitis and pneumonitis in everolimus users."));

  content::v1::Hit everolimus = MakeHit("evero", "e1", DRUG_LABEL, "Stomatitis is the most common adverse reaction seen.",
                                        1, "2023", content::v1::CURRENT, "34084-4");
  everolimus.set_source_title("Everolimus tablets, for oral use");
  content::v1::Hit sunitinib = MakeHit("suni", "s1", DRUG_LABEL, "Diarrhea and fatigue were reported in trials of this capsule.",
                                       1, "2023", content::v1::CURRENT, "34084-4");
  sunitinib.set_source_title("Sunitinib capsules, for oral use");
  std::vector<std::string> sources;
  for (const RankedSentence& s : SelectSentences("side effects of everolimus", DRUG_LABEL, {everolimus, sunitinib}, {})) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ElementsAre("evero"));
  sources.clear();
  for (const RankedSentence& s : SelectSentences("side effects of oral drugs", DRUG_LABEL, {everolimus, sunitinib}, {})) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ::testing::UnorderedElementsAre("evero", "suni"));
}

TEST(RankingTest, OffTopicSourcesAndFramingWordsDoNotCount) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("prrt", "p1", GUIDELINE,
              "Lutetium Lu 177 dotatate is given every 8 weeks for four doses. Lutetium dotatate needs receptor uptake "
              "on imaging before the first dose."),
      // Shares "receptor" and the framing word "best" with the question only.
      MakeHit("bp", "p2", GUIDELINE, "The best angiotensin receptor blocker dose is the one that is tolerated."),
  };
  std::vector<std::string> sources;
  for (const RankedSentence& s :
       SelectSentences("best use of lutetium dotatate receptor therapy", GUIDELINE, hits, {})) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ElementsAre("prrt", "prrt"));
  RankingOptions keep_all;
  keep_all.min_source_relevance = 0;
  keep_all.min_subject_share = 0;
  sources.clear();
  for (const RankedSentence& s :
       SelectSentences("best use of lutetium dotatate receptor therapy", GUIDELINE, hits, {}, keep_all)) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ::testing::Contains("bp"));
}

TEST(RankingTest, APassageNamingNothingTheQuestionIsAboutIsLeftOut) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("ed", "p1", RESEARCH, "Sildenafil improved erectile function at a dose of 50 mg in most men."),
      // Shares only generic words with the question ("dose", "patients").
      MakeHit("zns", "p2", RESEARCH, "Five of nine patients are still taking high doses of zonisamide after a year."),
  };
  RankingOptions keep_all;  // nothing left out by relevance thresholds
  keep_all.min_source_relevance = 0;
  keep_all.min_relative_relevance = 0;
  std::vector<std::string> sources;
  for (const RankedSentence& s :
       SelectSentences("What dose of sildenafil do patients take?", RESEARCH, hits, {}, keep_all)) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ElementsAre("ed"));
}

TEST(RankingTest, EaseWeightPutsTheEasierOfTwoRelevantSentencesFirst) {
  const std::string hard =
      "Octreotide administration necessitates individualised intramuscular dosing considerations throughout "
      "maintenance.";
  const std::string easy = "Octreotide is a shot given once a month.";
  const std::vector<content::v1::Hit> hits = {MakeHit("a", "p1", GUIDELINE, hard), MakeHit("b", "p2", GUIDELINE, easy)};
  RankingOptions options;
  options.ease_weight = 1;
  const std::vector<RankedSentence> picked = SelectSentences("octreotide", GUIDELINE, hits, {}, options);
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].text, easy);
  EXPECT_GT(picked[0].ease, picked[1].ease);
  // The reader's wording is what is graded.
  options.reword = [](absl::string_view) { return std::string("A very short one."); };
  const std::vector<RankedSentence> same = SelectSentences("octreotide", GUIDELINE, hits, {}, options);
  ASSERT_EQ(same.size(), 2u);
  EXPECT_DOUBLE_EQ(same[0].ease, same[1].ease);
}

TEST(RankingTest, SentencesReferringBackKeepTheirSubjectOrAreLeftOut) {
  std::vector<content::v1::Hit> hits = {MakeHit(
      "lan", "p1", GUIDELINE,
      "Lanreotide is a somatostatin analogue with three uses in adults. It is used for acromegaly in adults. "
      "It is used for unresectable neuroendocrine tumours of the gut. Receptor imaging should come first. "
      "It is therefore an option for receptor positive neuroendocrine tumours. "
      "Among its indications, neuroendocrine tumours of the pancreas are one.")};
  const RankingOptions options = EveryQualifyingUnit();
  const std::vector<std::string> texts =
      Texts(SelectSentences("lanreotide neuroendocrine tumours option", GUIDELINE, hits, {}, options));
  EXPECT_THAT(texts, ::testing::Contains("Lanreotide is a somatostatin analogue with three uses in adults. It is used "
                                         "for unresectable neuroendocrine tumours of the gut."));
  EXPECT_THAT(texts, ::testing::Not(::testing::Contains(::testing::HasSubstr("Among its"))));
  for (const std::string& text : texts) {
    EXPECT_FALSE(absl::StartsWith(text, "It ")) << text;
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("It is therefore")));
    EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("Receptor imaging should come first. It")));
  }
}

TEST(RankingTest, APassagesFirstSentenceIsShownOnce) {
  std::vector<content::v1::Hit> hits = {MakeHit(
      "lan", "p1", GUIDELINE,
      "Lanreotide is a somatostatin analogue with three uses in adults. It is used for neuroendocrine tumours of the "
      "gut. It is also used for carcinoid syndrome of neuroendocrine tumours. Neuroendocrine tumours need imaging before "
      "any treatment starts.")};
  const RankingOptions options = EveryQualifyingUnit();
  const std::vector<std::string> texts =
      Texts(SelectSentences("lanreotide neuroendocrine tumours carcinoid", GUIDELINE, hits, {}, options));
  int leads = 0;
  for (const std::string& text : texts) leads += absl::StartsWith(text, "Lanreotide is a somatostatin analogue");
  EXPECT_EQ(leads, 1) << ::testing::PrintToString(texts);
  EXPECT_THAT(texts, Contains("Neuroendocrine tumours need imaging before any treatment starts."));
}

TEST(RankingTest, ASentenceAnnouncingTheNextStandsAloneOnlyWhenThePairCannot) {
  const std::string announce =
      "For unresectable liver metastases of a neuroendocrine tumour the panel rates four treatments as appropriate.";
  const std::string list =
      "These are a somatostatin analogue or embolisation or chemoembolisation or radionuclide therapy when the "
      "tumour takes up the tracer on receptor imaging.";
  const std::vector<content::v1::Hit> hits = {MakeHit("acr", "p1", GUIDELINE, announce + " " + list)};
  RankingOptions options;
  options.duplicate_similarity = 1.01;
  EXPECT_THAT(Texts(SelectSentences("neuroendocrine tumour liver metastases", GUIDELINE, hits, {}, options)),
              ElementsAre(announce + " " + list));
  // When the pair has a sentence too long for the reader, the first
  // sentence is all there is.
  options.max_words = 18;
  EXPECT_THAT(Texts(SelectSentences("neuroendocrine tumour liver metastases", GUIDELINE, hits, {}, options)),
              ElementsAre(announce));
}

TEST(RankingTest, ASentencePointingBackWithTheIsNotAloneEither) {
  const std::vector<content::v1::Hit> hits = {MakeHit(
      "pdac", "p1", GUIDELINE,
      "A pancreatic mass with liver metastases may be an adenocarcinoma or a neuroendocrine tumour. Biopsy is "
      "safe. The question often arises for a mass with liver metastases. The question of whether to biopsy liver "
      "metastases of a pancreatic mass is settled. However, treatment of the liver metastases must not wait.")};
  RankingOptions options;
  options.min_relative_relevance = 0;
  options.duplicate_similarity = 1.01;
  const std::vector<std::string> texts =
      Texts(SelectSentences("pancreatic mass liver metastases", GUIDELINE, hits, {}, options));
  EXPECT_THAT(texts, Not(Contains(HasSubstr("The question often"))));
  // Its own subject, and a connective, do not lean.
  EXPECT_THAT(texts, Contains(HasSubstr("The question of whether")));
  EXPECT_THAT(texts, Contains("However, treatment of the liver metastases must not wait."));
}

TEST(RankingTest, ASourceCoveringTheQuestionIsKeptThoughAnotherMatchesItsRareWordsBetter) {
  std::vector<content::v1::Hit> hits = {
      // Matches the question's rare words.
      MakeHit("surgery", "p1", GUIDELINE,
              "A tumour in the tail of the pancreas needs a distal pancreatectomy of the tail with the spleen."),
      // Names the disease, its liver metastases and the organ, not the
      // operation: words most hits here have, so each weighs little.
      MakeHit("net", "p2", GUIDELINE,
              "For a pancreatic neuroendocrine tumour with liver metastases, a somatostatin analogue comes first."),
      // Shares one word with the question.
      MakeHit("asthma", "p3", GUIDELINE, "An inhaled corticosteroid is the first treatment for asthma of the tail."),
  };
  for (int i = 0; i < 6; ++i) {
    hits.push_back(MakeHit(absl::StrCat("other", i), absl::StrCat("q", i), GUIDELINE,
                           absl::StrCat("Liver metastases of a pancreatic neuroendocrine tumour were seen in case ", i,
                                        " of the series.")));
  }
  const std::string question =
      "distal pancreatectomy and spleen for a tumour in the tail of the pancreas with liver metastasis of a "
      "neuroendocrine tumour";
  RankingOptions options;
  options.max_per_source = 1;
  options.max_sentences = 20;
  options.min_relative_relevance = 0;
  const auto sources = [&] {
    std::vector<std::string> out;
    for (const RankedSentence& s : SelectSentences(question, GUIDELINE, hits, {}, options)) {
      out.push_back(s.source_id);
    }
    return out;
  };
  EXPECT_THAT(sources(), Contains("net"));
  EXPECT_THAT(sources(), Not(Contains("asthma")));
  // By its best passage alone, the source is far below the best one.
  options.min_source_coverage = 10;
  EXPECT_THAT(sources(), Not(Contains("net")));
}

TEST(RankingTest, EveryDrugLabelGetsASayBeforeALabelsSecondSentence) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("evero", "e1", DRUG_LABEL,
              "Everolimus is used for progressive neuroendocrine tumours of the pancreas. For neuroendocrine "
              "tumours of the pancreas the dose of everolimus is 10 mg a day.",
              1.0, "2023", content::v1::CURRENT, "34067-9"),
      MakeHit("lanreo", "l1", DRUG_LABEL, "Lanreotide is used for neuroendocrine tumours of the gut or the pancreas.", 0.9, "2023",
              content::v1::CURRENT, "34067-9"),
  };
  RankingOptions options;
  options.max_sentences = 2;
  std::vector<std::string> sources;
  for (const RankedSentence& s : SelectSentences("neuroendocrine tumours of the pancreas", DRUG_LABEL, hits, {},
                                                 options)) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ElementsAre("evero", "lanreo"));
  options.same_label_similarity = 0;
  sources.clear();
  for (const RankedSentence& s : SelectSentences("neuroendocrine tumours of the pancreas", DRUG_LABEL, hits, {},
                                                 options)) {
    sources.push_back(s.source_id);
  }
  EXPECT_THAT(sources, ElementsAre("evero", "evero"));
}

TEST(RankingTest, ASourceHoldingLittleOfTheSubjectIsNoEvidenceAtAll) {
  const std::vector<content::v1::Hit> hits = {
      // The best of what the search found, but about rats' pancreatitis.
      MakeHit("rats", "p1", RESEARCH, "In the rats, pancreas wet weight and serum amylase activity were reduced."),
  };
  // Nothing else was found: the section is left out rather than padded.
  EXPECT_THAT(SelectSentences("everolimus for pancreatic neuroendocrine tumours", RESEARCH, hits, {}), IsEmpty());
  RankingOptions options;
  options.min_subject_share = 0;
  EXPECT_THAT(SelectSentences("everolimus for pancreatic neuroendocrine tumours", RESEARCH, hits, {}, options),
              Not(IsEmpty()));
}

TEST(RankingTest, LayWordsOfTheQuestionAreHeldByTheirMedicalTerm) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("origin", "p1", RESEARCH,
              "Severe hypoglycemia was associated with more cardiovascular events in people with diabetes."),
  };
  const std::string question = "Does low blood sugar raise the risk of heart attack in people with diabetes?";
  // low, blood, sugar, heart, attack, diabetes: only one held word for word.
  EXPECT_THAT(SelectSentences(question, RESEARCH, hits, {}), IsEmpty());
  RankingOptions options;  // as Lexicon::LaySynonyms finds them
  options.lay_synonyms = {{"low blood sugar", "hypoglycemia"}, {"heart attack", "myocardial infarction"}};
  EXPECT_THAT(Texts(SelectSentences(question, RESEARCH, hits, {}, options)),
              ElementsAre("Severe hypoglycemia was associated with more cardiovascular events in people with "
                          "diabetes."));
}

TEST(RankingTest, ALayPhraseIsOneConceptOfTheSubject) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("work", "p1", RESEARCH, "A high workload raised the blood pressure of workers in the factory."),
  };
  const std::string question = "How is high blood pressure treated in primary care?";
  RankingOptions options;
  options.lay_synonyms = {{"high blood pressure", "hypertension"}};
  // One of three concepts (high blood pressure, primary, care): no evidence.
  EXPECT_THAT(SelectSentences(question, RESEARCH, hits, {}, options), IsEmpty());
  // Counted word by word, it would hold three of five.
  options.lay_synonyms.clear();
  EXPECT_THAT(SelectSentences(question, RESEARCH, hits, {}, options), Not(IsEmpty()));
}

TEST(EvidenceTest, StrengthOrder) {
  using content::v1::SourceKind;
  EXPECT_GT(EvidenceStrength(GUIDELINE, "Class I, Level A"), EvidenceStrength(GUIDELINE, "Level III, Grade B"));
  EXPECT_GT(EvidenceStrength(RESEARCH, "meta-analysis"), EvidenceStrength(RESEARCH, "randomized controlled trial"));
  EXPECT_GT(EvidenceStrength(RESEARCH, "randomized controlled trial"), EvidenceStrength(RESEARCH, "cohort"));
  EXPECT_GT(EvidenceStrength(RESEARCH, "cohort"), EvidenceStrength(RESEARCH, "case report"));
  EXPECT_GT(EvidenceStrength(RESEARCH, "", "Randomized Controlled Trial"), EvidenceStrength(RESEARCH, ""));
  EXPECT_EQ(EvidenceStrength(GUIDELINE, "Level I-V evidence, Grade A-E recommendations"), 0.7);
  EXPECT_EQ(EvidenceStrength(GUIDELINE, "Level I, Grade A"), 1.0);
  EXPECT_EQ(PublicationYear("2020-06-15"), 2020);
  EXPECT_EQ(PublicationYear("2020"), 2020);
  EXPECT_EQ(PublicationYear(""), 0);
  EXPECT_EQ(PublicationYear("soon"), 0);
}

}  // namespace
}  // namespace medbrief::answer

namespace medbrief::answer {
namespace {

TEST(RankingTest, NamedDrugsKeepPassagesAboutOtherDrugsOut) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("a", "p1", RESEARCH, "Side effects of sunitinib were mostly mild in this trial of kidney cancer."),
      MakeHit("b", "p2", RESEARCH,
              "Everolimus was given at 10 mg daily to adults with kidney cancer. The most frequent adverse events "
              "were stomatitis, rash and diarrhoea in most treated adults."),
  };
  const char* question = "What are the side effects of everolimus in kidney cancer?";
  // Without the rule, the other drug's trial is quoted.
  EXPECT_THAT(Texts(SelectSentences(question, RESEARCH, hits, {})),
              Contains("Side effects of sunitinib were mostly mild in this trial of kidney cancer."));
  RankingOptions options;
  options.named_drugs = {"everolimus"};
  const std::vector<std::string> picked = Texts(SelectSentences(question, RESEARCH, hits, {}, options));
  // The passage names the drug: its adverse events count ("adverse" is how
  // trials write "side effects"), though that sentence does not name it.
  EXPECT_THAT(picked, Contains("The most frequent adverse events were stomatitis, rash and diarrhoea in most "
                               "treated adults."));
  EXPECT_THAT(picked, Not(Contains(HasSubstr("sunitinib"))));
}

TEST(RankingTest, ADrugIsNamedByAnyOfItsDistinctiveTerms) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("r", "p1", RESEARCH, "Adverse events of 177Lu-DOTATATE were mostly nausea and low blood counts."),
      MakeHit("o", "p2", RESEARCH, "Adverse events of sunitinib were mostly diarrhoea and fatigue in adults."),
  };
  RankingOptions options;
  options.named_drugs = {"lutetium Lu 177 dotatate"};
  EXPECT_THAT(Texts(SelectSentences("side effects of lutetium Lu 177 dotatate", RESEARCH, hits, {}, options)),
              ElementsAre("Adverse events of 177Lu-DOTATATE were mostly nausea and low blood counts."));
}

TEST(RankingTest, ForADoseTheSentenceNamesTheDrug) {
  const std::vector<content::v1::Hit> hits = {
      MakeHit("g", "p1", GUIDELINE,
              "Lanreotide is given at 120 mg by deep injection every 4 weeks. Before radionuclide therapy, each "
              "dose is given into a vein over about 30 minutes by the nurse."),
  };
  RankingOptions options;
  options.named_drugs = {"lanreotide"};
  options.named_drug_scope = RankingOptions::DrugScope::kSentence;
  EXPECT_THAT(Texts(SelectSentences("What is the dose of lanreotide?", GUIDELINE, hits, {}, options)),
              ElementsAre("Lanreotide is given at 120 mg by deep injection every 4 weeks."));
  options.named_drug_scope = RankingOptions::DrugScope::kPassage;
  EXPECT_THAT(SelectSentences("What is the dose of lanreotide?", GUIDELINE, hits, {}, options), ::testing::SizeIs(2));
}

}  // namespace
}  // namespace medbrief::answer
