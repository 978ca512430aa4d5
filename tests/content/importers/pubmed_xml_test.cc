// PubMed XML, on fictional records written in the real PubMed format.

#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/content/importers/importers.h"
#include "tests/content/importers/test_util.h"

namespace medbrief::content::importers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ExpectWellFormed;
using testing::Fixture;

v1::Source OnlyArticle(absl::string_view fixture) {
  absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(Fixture(fixture));
  EXPECT_TRUE(items.ok()) << items.status();
  if (!items.ok() || items->size() != 1 || !(*items)[0].source.ok()) {
    ADD_FAILURE() << fixture << ": expected one good article";
    return {};
  }
  ExpectWellFormed(*(*items)[0].source);
  return *(*items)[0].source;
}

// A one-article set with these publication types and MeSH headings.
std::string Article(std::initializer_list<absl::string_view> types, std::initializer_list<absl::string_view> mesh) {
  std::string xml =
      "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>T</ArticleTitle>"
      "<Abstract><AbstractText>A.</AbstractText></Abstract><PublicationTypeList>";
  for (absl::string_view t : types) absl::StrAppend(&xml, "<PublicationType>", t, "</PublicationType>");
  xml += "</PublicationTypeList></Article><MeshHeadingList>";
  for (absl::string_view m : mesh) absl::StrAppend(&xml, "<MeshHeading><DescriptorName>", m, "</DescriptorName></MeshHeading>");
  xml += "</MeshHeadingList></MedlineCitation></PubmedArticle></PubmedArticleSet>";
  return xml;
}

std::string EvidenceOf(std::initializer_list<absl::string_view> types, std::initializer_list<absl::string_view> mesh = {}) {
  absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(Article(types, mesh));
  EXPECT_TRUE(items.ok() && items->size() == 1 && (*items)[0].source.ok());
  return items.ok() && (*items)[0].source.ok() ? (*items)[0].source->evidence_level() : "?";
}

TEST(PubmedXmlTest, StructuredAbstractRct) {
  const v1::Source s = OnlyArticle("pubmed/rct-structured.xml");
  EXPECT_EQ(s.external_id(), "pmid:39000001");
  EXPECT_EQ(s.kind(), v1::RESEARCH);
  EXPECT_EQ(s.status(), v1::CURRENT);
  EXPECT_EQ(s.title(),
            "Extended-interval lanreotide in well-differentiated pancreatic neuroendocrine tumours: a randomised trial");
  EXPECT_EQ(s.identifiers().pmid(), "39000001");
  EXPECT_EQ(s.identifiers().doi(), "10.5555/example.2023.0001");
  EXPECT_EQ(s.identifiers().url(), "https://pubmed.ncbi.nlm.nih.gov/39000001/");
  EXPECT_EQ(s.journal(), "Journal of example endocrine oncology");
  EXPECT_EQ(s.volume(), "41");
  EXPECT_EQ(s.issue(), "7");
  EXPECT_EQ(s.pages(), "812-820");
  EXPECT_EQ(s.published_date(), "2023-03-09");
  EXPECT_THAT(s.authors(), ElementsAre("Okafor AN", "Lindqvist P", "García-Moreno L Jr"));  // ValidYN="N" left out
  EXPECT_THAT(s.mesh_terms(), ElementsAre("Adult", "Neuroendocrine Tumors", "Cohort Studies"));
  EXPECT_THAT(s.publication_types(), ElementsAre("Journal Article", "Randomized Controlled Trial", "Multicenter Study"));
  EXPECT_EQ(s.evidence_level(), "randomized controlled trial");  // over the "Cohort Studies" heading
  ASSERT_EQ(s.sections_size(), 4);
  EXPECT_EQ(s.sections(0).heading(), "BACKGROUND");
  EXPECT_EQ(s.sections(0).code(), "BACKGROUND");
  EXPECT_EQ(s.sections(3).heading(), "CONCLUSIONS");
  EXPECT_EQ(s.sections(2).text(),
            "Median progression-free survival was 30.1 vs 28.4 months (hazard ratio, 1.08; 95% CI, 0.79–1.47). "
            "Platelets stayed above 150 × 10^9/L & no new safety signal emerged.");
}

TEST(PubmedXmlTest, MetaAnalysisWithManyAuthorsAndAGroup) {
  const v1::Source s = OnlyArticle("pubmed/meta-analysis.xml");
  EXPECT_EQ(s.external_id(), "pmid:39000002");
  EXPECT_THAT(s.authors(), ElementsAre("Abe H", "Bianchi CM", "Cohen D", "Dubois É", "Eze C", "Fischer G", "Gupta RK",
                                       "Example NET Meta-analysis Collaboration"));
  EXPECT_EQ(s.evidence_level(), "meta-analysis");
  EXPECT_EQ(s.identifiers().doi(), "10.5555/ero.2021.e2101");  // from ELocationID
  EXPECT_EQ(s.journal(), "Example Rev Oncol");                  // ISOAbbreviation when there is no Title
  EXPECT_EQ(s.published_date(), "2021-11");
  EXPECT_EQ(s.pages(), "e2101");
  EXPECT_EQ(s.issue(), "");
  ASSERT_EQ(s.sections_size(), 1);
  EXPECT_EQ(s.sections(0).heading(), "Abstract");
  EXPECT_EQ(s.sections(0).code(), "");
  EXPECT_THAT(s.sections(0).text(), HasSubstr("(n = 3,402)"));
}

TEST(PubmedXmlTest, MedlineDateAndNoDoi) {
  const v1::Source s = OnlyArticle("pubmed/medline-date.xml");
  EXPECT_EQ(s.published_date(), "2019");
  EXPECT_EQ(s.identifiers().doi(), "");
  EXPECT_EQ(s.pages(), "33-9");
  EXPECT_EQ(s.evidence_level(), "cohort");  // from MeSH, over case-control
  EXPECT_THAT(s.authors(), ElementsAre("Novak J"));
  ASSERT_EQ(s.sections_size(), 2);
  EXPECT_EQ(s.sections(1).heading(), "FINDINGS");
  EXPECT_EQ(s.sections(1).code(), "UNASSIGNED");
}

TEST(PubmedXmlTest, OneBrokenArticleDoesNotStopTheOthers) {
  absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(Fixture("pubmed/broken-set.xml"));
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 4u);

  EXPECT_EQ((*items)[0].item, "pmid:39000004");
  ASSERT_TRUE((*items)[0].source.ok());
  const v1::Source& report = *(*items)[0].source;
  ExpectWellFormed(report);
  EXPECT_EQ(report.evidence_level(), "case report");  // over "review"
  EXPECT_EQ(report.published_date(), "2020-09");      // day 31 of September dropped
  EXPECT_THAT(report.authors(), ElementsAre("Reyes M"));  // initials from the fore name

  EXPECT_EQ((*items)[1].item, "#1");
  ASSERT_FALSE((*items)[1].source.ok());
  EXPECT_EQ((*items)[1].source.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*items)[1].source.status().message(), "PubmedArticleSet/PubmedArticle[2]: MedlineCitation/PMID: required");

  EXPECT_EQ((*items)[2].item, "pmid:39000005");
  ASSERT_TRUE((*items)[2].source.ok());
  EXPECT_EQ((*items)[2].source->status(), v1::RETRACTED);
  EXPECT_EQ((*items)[2].source->published_date(), "2018");

  EXPECT_EQ((*items)[3].item, "pmid:39000006");
  ASSERT_FALSE((*items)[3].source.ok());
  EXPECT_THAT(std::string((*items)[3].source.status().message()), HasSubstr("no abstract text"));
}

TEST(PubmedXmlTest, EvidenceLevelPrecedence) {
  EXPECT_EQ(EvidenceOf({"Review", "Meta-Analysis", "Randomized Controlled Trial"}), "meta-analysis");
  EXPECT_EQ(EvidenceOf({"Review", "Systematic Review", "Randomized Controlled Trial"}), "systematic review");
  EXPECT_EQ(EvidenceOf({"Clinical Trial", "Randomized Controlled Trial"}, {"Cohort Studies"}),
            "randomized controlled trial");
  EXPECT_EQ(EvidenceOf({"Clinical Trial", "Controlled Clinical Trial"}), "controlled clinical trial");
  EXPECT_EQ(EvidenceOf({"Clinical Trial, Phase III", "Case Reports"}), "clinical trial");
  EXPECT_EQ(EvidenceOf({"Journal Article"}, {"Case-Control Studies", "Cohort Studies"}), "cohort");
  EXPECT_EQ(EvidenceOf({"Case Reports"}, {"Case-Control Studies"}), "case-control");
  EXPECT_EQ(EvidenceOf({"Review", "Case Reports"}), "case report");
  EXPECT_EQ(EvidenceOf({"Review"}), "review");
  EXPECT_EQ(EvidenceOf({"Journal Article", "Editorial"}), "");
}

TEST(PubmedXmlTest, SingleArticleRootAndEmptySet) {
  std::string xml = Fixture("pubmed/meta-analysis.xml");
  xml = absl::StrReplaceAll(xml, {{"<PubmedArticleSet>", ""}, {"</PubmedArticleSet>", ""}});
  absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(xml);
  ASSERT_TRUE(items.ok()) << items.status();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].item, "pmid:39000002");

  items = ParsePubmedXml("<PubmedArticleSet></PubmedArticleSet>");
  ASSERT_TRUE(items.ok());
  EXPECT_TRUE(items->empty());
}

TEST(PubmedXmlTest, BookArticlesAreErrorItems) {
  absl::StatusOr<std::vector<ParsedItem>> items =
      ParsePubmedXml("<PubmedArticleSet><PubmedBookArticle/><DeleteCitation/></PubmedArticleSet>");
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].item, "#0");
  EXPECT_THAT(std::string((*items)[0].source.status().message()), HasSubstr("only PubmedArticle is supported"));
}

TEST(PubmedXmlTest, BadPmidAndMissingTitle) {
  absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(
      "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>12a</PMID></MedlineCitation></PubmedArticle>"
      "<PubmedArticle><MedlineCitation><PMID>7</PMID><Article/></MedlineCitation></PubmedArticle></PubmedArticleSet>");
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].item, "#0");
  EXPECT_THAT(std::string((*items)[0].source.status().message()), HasSubstr("not a PubMed id: \"12a\""));
  EXPECT_EQ((*items)[1].item, "pmid:7");
  EXPECT_THAT(std::string((*items)[1].source.status().message()), HasSubstr("ArticleTitle: required"));
}

TEST(PubmedXmlTest, WrongRoot) {
  const absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml("<document/>");
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.status().message(),
            "root element is <document>, expected <PubmedArticleSet> or <PubmedArticle>");
}

}  // namespace
}  // namespace medbrief::content::importers
