// SPL XML, on a fictional label written in the real HL7 SPL format.

#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/content/importers/importers.h"
#include "tests/content/importers/test_util.h"

namespace medbrief::content::importers {
namespace {

using ::testing::HasSubstr;
using testing::ExpectWellFormed;
using testing::Fixture;

class SplXmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xml_ = Fixture("spl/lanreotide-label.xml");
    absl::StatusOr<v1::Source> parsed = ParseSplXml(xml_);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    source_ = *std::move(parsed);
  }

  const v1::SourceSection& Section(int i) const { return source_.sections(i); }

  std::string xml_;
  v1::Source source_;
};

TEST_F(SplXmlTest, WellFormed) { ExpectWellFormed(source_); }

TEST_F(SplXmlTest, DocumentFields) {
  EXPECT_EQ(source_.external_id(), "spl:9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5");
  EXPECT_EQ(source_.kind(), v1::DRUG_LABEL);
  EXPECT_EQ(source_.status(), v1::CURRENT);
  // The highlights disclaimer is dropped; <br/> and <content> become plain text.
  EXPECT_EQ(source_.title(), "EXAMPLOTIDE (lanreotide) injection, for subcutaneous use Initial U.S. Approval: 2007");
  EXPECT_EQ(source_.version(), "7");
  EXPECT_EQ(source_.published_date(), "2024-03-15");
  EXPECT_EQ(source_.manufacturer(), "Examplar Pharmaceuticals, Inc.");
  EXPECT_EQ(source_.issuer(), "FDA");
  EXPECT_EQ(source_.evidence_level(), "");
  EXPECT_EQ(source_.identifiers().spl_set_id(), "9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5");
  EXPECT_EQ(source_.identifiers().url(),
            "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5");
  EXPECT_TRUE(source_.authors().empty());
}

TEST_F(SplXmlTest, SectionsInDocumentOrderWithNestedHeadings) {
  std::vector<std::pair<std::string, std::string>> got;
  for (const v1::SourceSection& s : source_.sections()) got.emplace_back(s.code(), s.heading());
  EXPECT_THAT(got, ::testing::ElementsAre(
                       std::make_pair("34066-1", "WARNING: RISK OF SEVERE HYPOGLYCEMIA"),
                       std::make_pair("34067-9", "1 INDICATIONS AND USAGE"),
                       std::make_pair("34067-9", "1 INDICATIONS AND USAGE > 1.1 Acromegaly"),
                       std::make_pair("34067-9", "1 INDICATIONS AND USAGE > 1.2 Gastroenteropancreatic Neuroendocrine Tumors"),
                       std::make_pair("34068-7", "2 DOSAGE AND ADMINISTRATION > 2.1 Recommended Dosage"),
                       std::make_pair("34070-3", "4 CONTRAINDICATIONS"),
                       std::make_pair("43685-7", "5 WARNINGS AND PRECAUTIONS > 5.1 Changes in Glucose"),
                       std::make_pair("43685-7", "5 WARNINGS AND PRECAUTIONS > 5.1 Changes in Glucose"),
                       std::make_pair("34088-5", "Overdosage")));
}

TEST_F(SplXmlTest, BoxedWarningIsKeptWithItsHeading) {
  EXPECT_EQ(Section(0).code(), "34066-1");
  EXPECT_EQ(Section(0).text(),
            "Blood glucose may fall sharply in patients with insulinoma after the first dose. Monitor glucose closely "
            "during the first 2 weeks [see Warnings and Precautions (5.1)].");
}

TEST_F(SplXmlTest, ParentTextIsItsOwnEntryAndHighlightsAreSkipped) {
  EXPECT_EQ(Section(1).text(), "EXAMPLOTIDE is a somatostatin analog indicated for the uses below.");
  for (const v1::SourceSection& s : source_.sections()) {
    EXPECT_THAT(s.text(), ::testing::Not(HasSubstr("HIGHLIGHT")));
  }
}

TEST_F(SplXmlTest, SubsectionsInheritTheLoincCodeOfTheirParent) {
  // 1.1 and 2.1 are coded 42229-5 ("unclassified") in the document.
  EXPECT_EQ(Section(2).code(), "34067-9");
  EXPECT_EQ(Section(4).code(), "34068-7");
}

TEST_F(SplXmlTest, EntitiesAndHyphens) {
  EXPECT_EQ(Section(3).text(),
            "Adults with unresectable, well-differentiated or moderately differentiated, locally advanced or metastatic "
            "GEP-NETs, to improve progression-free survival.");
  EXPECT_EQ(Section(6).text(),
            "Glucose can rise or fall. Check it when treatment starts and when the dose changes; keep platelets ≥ 100 × "
            "10^9/L.");
}

TEST_F(SplXmlTest, TableListAndFootnotes) {
  EXPECT_EQ(Section(4).text(),
            "Give EXAMPLOTIDE by deep subcutaneous injection. Dosage depends on the indication:\n\n"
            "Table 1. Recommended Dosage\n"
            "Indication | Dosage\n"
            "Acromegaly | 90 mg every 4 weeks for 3 months[1]\n"
            "GEP-NETs | 120 mg every 4 weeks (do not exceed 120 mg)\n"
            "Renal impairment[1]\n"
            "All patients | Rotate the injection site\n"
            "[1] Then adjust to growth hormone and IGF-1 levels.\n\n"
            "Before each injection:\n\n"
            "1. Let the syringe reach room temperature for 30 minutes.\n"
            "2. Clean the site & let it dry.\n"
            "3. Inject the full dose.");
  EXPECT_EQ(Section(5).text(), "- Known hypersensitivity to lanreotide\n- Hypersensitivity to any other component of the product");
}

TEST_F(SplXmlTest, UntitledSectionsAreNamedFromTheirCodeOrParent) {
  EXPECT_EQ(Section(8).heading(), "Overdosage");
  EXPECT_EQ(Section(8).text(), "Treat overdose symptomatically & supportively.");  // CDATA kept as text
  EXPECT_EQ(Section(7).heading(), Section(6).heading());
  EXPECT_EQ(Section(7).text(), "Adjust antidiabetic treatment as needed.");
}

TEST_F(SplXmlTest, SectionsWithoutTextAreSkipped) {
  for (const v1::SourceSection& s : source_.sections()) {
    EXPECT_NE(s.code(), "43683-2");  // recent major changes: empty
    EXPECT_NE(s.code(), "48780-1");  // product data: no <text>
  }
}

TEST_F(SplXmlTest, LabelWithoutTitleGetsOneFromItsProducts) {
  std::string xml = xml_;
  const size_t start = xml.find("<title>These highlights");
  const size_t end = xml.find("</title>", start) + 8;
  xml.replace(start, end - start, "<title/>");
  const absl::StatusOr<v1::Source> s = ParseSplXml(xml);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->title(), "Examplotide (lanreotide acetate) injection [Examplar Pharmaceuticals, Inc.]");
}

TEST_F(SplXmlTest, DrugFactsTitleIsReplacedByTheProducts) {
  std::string xml = xml_;
  const size_t start = xml.find("<title>These highlights");
  const size_t end = xml.find("</title>", start) + 8;
  xml.replace(start, end - start, "<title> Drug  Facts </title>");
  absl::StatusOr<v1::Source> s = ParseSplXml(xml);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->title(), "Examplotide (lanreotide acetate) injection [Examplar Pharmaceuticals, Inc.]");
  // A name's suffix is a word of its own.
  std::string suffixed = xml;
  suffixed.replace(suffixed.find("<name>Examplotide</name>"), 24, "<name>Examplotide<suffix>Depot</suffix>\n</name>");
  s = ParseSplXml(suffixed);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->title(), "Examplotide Depot (lanreotide acetate) injection [Examplar Pharmaceuticals, Inc.]");
  // Only that title: one that merely starts with the words is kept.
  xml.replace(xml.find("<title> Drug  Facts </title>"), 28, "<title>Drug Facts and more</title>");
  s = ParseSplXml(xml);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->title(), "Drug Facts and more");
}

TEST_F(SplXmlTest, NamespacePrefixesDoNotMatter) {
  std::string xml = absl::StrReplaceAll(xml_, {{"<document xmlns=", "<v3:document xmlns:v3="},
                                               {"</document>", "</v3:document>"}});
  const absl::StatusOr<v1::Source> s = ParseSplXml(xml);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->external_id(), source_.external_id());
}

TEST_F(SplXmlTest, MissingSetIdIsAnError) {
  const std::string xml = absl::StrReplaceAll(xml_, {{"<setId root=\"9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5\"/>", ""}});
  const absl::StatusOr<v1::Source> s = ParseSplXml(xml);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), "document/setId/@root: required");
}

TEST_F(SplXmlTest, LabelWithoutAnyTextIsAnError) {
  const absl::StatusOr<v1::Source> s = ParseSplXml(
      "<document xmlns=\"urn:hl7-org:v3\"><setId root=\"s\"/><title>T</title>"
      "<component><structuredBody><component><section><code code=\"34067-9\"/><text/></section></component>"
      "</structuredBody></component></document>");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "document: no section with text");
}

TEST_F(SplXmlTest, WrongRootElement) {
  const absl::StatusOr<v1::Source> s = ParseSplXml("<PubmedArticleSet/>");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "root element is <PubmedArticleSet>, expected <document> (HL7 SPL)");
}

TEST_F(SplXmlTest, DeeplyNestedSectionsAreRefused) {
  std::string xml = "<document><setId root=\"s\"/><title>T</title><component><structuredBody>";
  for (int i = 0; i < 40; ++i) xml += "<component><section><title>S</title><text>t</text>";
  for (int i = 0; i < 40; ++i) xml += "</section></component>";
  xml += "</structuredBody></component></document>";
  const absl::StatusOr<v1::Source> s = ParseSplXml(xml);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("nested deeper than 32 levels"));
}

}  // namespace
}  // namespace medbrief::content::importers
