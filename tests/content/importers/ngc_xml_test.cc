// NGC XML, on a fictional summary written in the real NGC archive format.

#include <string>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/content/importers/importers.h"
#include "services/content/importers/ngc_citation.h"
#include "tests/content/importers/test_util.h"

namespace medbrief::content::importers {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::ExpectWellFormed;
using testing::Fixture;

// A minimal summary: title, status, recommendations.
std::string Summary(absl::string_view status_html, absl::string_view extra_fields = "") {
  return absl::StrCat(
      "<Version><Section SecID=\"390\" Name=\"General\">"
      "<Field Name=\"Guideline Title\" Type=\"text\"><FieldValue Value=\"&lt;div&gt;Tiny guideline.&lt;/div&gt;\"/></Field>"
      "<Field Name=\"Guideline Status\" Type=\"text\"><FieldValue Value=\"",
      status_html,
      "\"/></Field></Section><Section SecID=\"420\" Name=\"Recommendations\">"
      "<Field Name=\"Major Recommendations\" Type=\"text\"><FieldValue Value=\"&lt;p&gt;Do this.&lt;/p&gt;\"/></Field>",
      extra_fields, "</Section></Version>");
}

class NgcXmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xml_ = Fixture("ngc/ngc-90001.xml");
    absl::StatusOr<v1::Source> parsed = ParseNgcXml(xml_, "ngc-90001.xml");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    source_ = *std::move(parsed);
  }

  const v1::SourceSection* Find(absl::string_view heading) const {
    for (const v1::SourceSection& s : source_.sections()) {
      if (s.heading() == heading) return &s;
    }
    ADD_FAILURE() << "no section " << heading;
    return nullptr;
  }

  std::string xml_;
  v1::Source source_;
};

TEST_F(NgcXmlTest, WellFormed) { ExpectWellFormed(source_); }

TEST_F(NgcXmlTest, DocumentFields) {
  EXPECT_EQ(source_.external_id(), "ngc:90001");
  EXPECT_EQ(source_.kind(), v1::GUIDELINE);
  EXPECT_EQ(source_.status(), v1::CURRENT);  // "current release", even though it "updates a previous version"
  EXPECT_EQ(source_.title(),
            "Somatostatin analogues for well-differentiated gastroenteropancreatic neuroendocrine tumours (GEP-NETs)");
  EXPECT_EQ(source_.issuer(), "Example Neuroendocrine Tumour Working Group");
  EXPECT_EQ(source_.published_date(), "2019-06-04");  // from the bibliographic source
  EXPECT_THAT(source_.authors(),
              ::testing::ElementsAre("Example Neuroendocrine Tumour Working Group", "Doe JA", "Roe RB Jr"));
  EXPECT_EQ(source_.identifiers().pmid(), "30000001");
  EXPECT_EQ(source_.identifiers().url(), "https://example.org/guidelines/net-ssa.pdf");
  EXPECT_EQ(source_.identifiers().doi(), "");
  EXPECT_EQ(source_.evidence_level(), "GRADE");
}

TEST_F(NgcXmlTest, RecommendationsKeepTheirHeadingsAndLists) {
  ASSERT_GE(source_.sections_size(), 4);
  EXPECT_EQ(source_.sections(0).heading(), "Major Recommendations");
  EXPECT_EQ(source_.sections(0).code(), "recommendations");
  EXPECT_EQ(source_.sections(0).text(),
            "Note from the National Guideline Clearinghouse (NGC): This summary is fictional and written for tests.");
  EXPECT_EQ(source_.sections(1).heading(), "Major Recommendations > Symptom Control");
  EXPECT_EQ(source_.sections(1).text(),
            "1. Offer a somatostatin analogue to adults with hormone-related symptoms (Strong recommendation, "
            "moderate-quality evidence).\n"
            "  a. Octreotide 100–250 mcg subcutaneously three times a day may bridge the first 2 weeks.\n"
            "  b. Long-acting lanreotide 120 mg every 28 days is an alternative.\n"
            "2. Review the dose if symptoms persist ≥ 3 months.");
  EXPECT_EQ(source_.sections(2).heading(), "Major Recommendations > Tumour Control");
  EXPECT_EQ(source_.sections(2).text(),
            "For progressive, well-differentiated tumours with Ki-67 <10%:\n\n"
            "- Consider lanreotide to slow progression.\n"
            "- Reassess with imaging every 3–6 months.\n\n"
            "Agent | Dose | Interval\n"
            "Lanreotide | 120 mg | 28 days\n"
            "Octreotide LAR | 30 mg | 4 weeks^a");
  EXPECT_EQ(source_.sections(3).heading(), "Major Recommendations > Definitions");
  EXPECT_EQ(source_.sections(3).text(),
            "Strong recommendation: benefits clearly outweigh harms.\nWeak recommendation: a close balance.");
}

TEST_F(NgcXmlTest, RatingSchemeSection) {
  const v1::SourceSection* s = Find("Rating Scheme");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->code(), "rating-scheme");
  EXPECT_EQ(s->text(),
            "Strength of the Evidence\n\n"
            "Grading of Recommendations Assessment, Development and Evaluation (GRADE)\n\n"
            "High: further research is very unlikely to change confidence.\n\n"
            "Low: further research is likely to change confidence.\n\n"
            "Strength of the Recommendations\n\n"
            "Strong or weak, as defined in the GRADE approach.");
}

TEST_F(NgcXmlTest, OtherSectionsInOrderAndEmptyOnesSkipped) {
  std::vector<std::string> codes;
  for (const v1::SourceSection& s : source_.sections()) codes.push_back(s.code());
  EXPECT_THAT(codes, ::testing::ElementsAre("recommendations", "recommendations", "recommendations", "recommendations",
                                            "rating-scheme", "condition", "objective", "target-population",
                                            "benefits", "harms"));
  EXPECT_EQ(Find("Potential Harms")->text(), "- Gallstones\n- Injection-site pain");
  // "None provided" clinical algorithm: no section.
  for (const v1::SourceSection& s : source_.sections()) EXPECT_NE(s.code(), "clinical-algorithm");
}

TEST_F(NgcXmlTest, MojibakeIsRepaired) {
  EXPECT_EQ(Find("Target Population")->text(), "Adults with well-differentiated GEP-NETs, including those with Sjögren syndrome");
}

TEST_F(NgcXmlTest, IdFromFileNameRootAttributeOrFingerprint) {
  EXPECT_EQ(ParseNgcXml(xml_, "/data/ngcsel/ngc-10737.xml")->external_id(), "ngc:10737");
  EXPECT_EQ(ParseNgcXml(xml_, "NGC:010737")->external_id(), "ngc:10737");
  EXPECT_EQ(ParseNgcXml(xml_, "10737")->external_id(), "ngc:10737");
  const std::string with_id = absl::StrReplaceAll(xml_, {{"<Version>", "<Version id=\"ngc-11161\">"}});
  EXPECT_EQ(ParseNgcXml(with_id)->external_id(), "ngc:11161");
  const absl::StatusOr<v1::Source> fingerprinted = ParseNgcXml(xml_);
  ASSERT_TRUE(fingerprinted.ok());
  EXPECT_THAT(fingerprinted->external_id(), MatchesRegex("ngc:h[0-9a-f]{16}"));
  EXPECT_EQ(ParseNgcXml(xml_)->external_id(), fingerprinted->external_id());  // stable
  EXPECT_NE(ParseNgcXml(Summary("current"))->external_id(), fingerprinted->external_id());
}

TEST(NgcStatusTest, StatusFromTheGuidelineStatusText) {
  const auto status = [](absl::string_view html) {
    const absl::StatusOr<v1::Source> s = ParseNgcXml(Summary(html), "ngc-1");
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? s->status() : v1::SOURCE_STATUS_UNSPECIFIED;
  };
  EXPECT_EQ(status("&lt;p&gt;This is the current release of the guideline.&lt;/p&gt;"), v1::CURRENT);
  EXPECT_EQ(status("This is the current release of the guideline. This guideline updates a previous version."),
            v1::CURRENT);
  EXPECT_EQ(status("This guideline has been updated by the developer. The updated version is available."),
            v1::SUPERSEDED);
  EXPECT_EQ(status("This guideline was superseded by a 2017 version."), v1::SUPERSEDED);
  EXPECT_EQ(status("This version has been replaced."), v1::SUPERSEDED);
  EXPECT_EQ(status("This guideline has been withdrawn by the developer."), v1::WITHDRAWN);
  EXPECT_EQ(status("This guideline was withdrawn. The current release is ngc-2."), v1::WITHDRAWN);
  EXPECT_EQ(status("This is the current release. The previous version was withdrawn."), v1::CURRENT);
  EXPECT_EQ(status("Reviewed in 2017. This guideline is no longer current."), v1::SUPERSEDED);
  EXPECT_EQ(status(""), v1::CURRENT);
}

TEST(NgcDatesTest, ReleasedDateWhenTheCitationHasNone) {
  const std::string fields =
      "<Field Name=\"Bibliographic Source(s)\" Type=\"citation\"><FieldValue Value=\"Some Society. A guideline. "
      "Somewhere: Someone.\"/></Field>"
      "<Field Name=\"Date Released\" Type=\"text\"><FieldValue Value=\"1998 (revised 2014 Jul; reaffirmed 2016)\"/>"
      "</Field>";
  const absl::StatusOr<v1::Source> s = ParseNgcXml(Summary("current", fields), "ngc-2");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->published_date(), "2016");
}

TEST(NgcDatesTest, BookCitationDateAndPublisher) {
  const std::string fields =
      "<Field Name=\"Bibliographic Source(s)\" Type=\"citation\"><FieldValue Value=\"Example Tumour Team. 2013 "
      "update of a title. Edmonton (AB): Example Cancer Agency; 2015 Feb. 18 p.\"/></Field>";
  const absl::StatusOr<v1::Source> s = ParseNgcXml(Summary("current", fields), "ngc-3");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->published_date(), "2015-02");
  EXPECT_EQ(s->issuer(), "Example Cancer Agency");  // no developer field: the publisher
  EXPECT_THAT(s->authors(), ::testing::ElementsAre("Example Tumour Team"));
}

TEST(NgcCitationTest, Dates) {
  EXPECT_EQ(CitationDate("Team. Title. Edmonton (AB): Agency; 2015 Feb. 18 p. [68 references]"), "2015-02");
  EXPECT_EQ(CitationDate("Smith J. Title. Neurology. 2014 Mar 25;82(12):1083-92."), "2014-03-25");
  EXPECT_EQ(CitationDate("Smith J. Title. Chest. 2017 Feb;151(2):441-54."), "2017-02");
  EXPECT_EQ(CitationDate("Group. Title. Place: Publisher; 2013. 177 p."), "2013");
  EXPECT_EQ(CitationDate("Group. 2013 update of X. Place: Publisher; 2014 Jul-Aug. 9 p."), "2014-07");
  EXPECT_EQ(CitationDate("Final statement. [internet]. Rockville (MD): USPSTF; 2017 Jun [8 p]."), "2017-06");
  EXPECT_EQ(CitationDate("Group. 2013 update of a title."), "");  // "2013 update" is not a date
  EXPECT_EQ(CitationDate("no date here"), "");
  EXPECT_EQ(ReleasedDate("2003 Nov 25 (revised 2010 May; reaffirmed 2013 Jul 13)"), "2013-07-13");
  EXPECT_EQ(ReleasedDate("2016"), "2016");
  EXPECT_EQ(ReleasedDate("12345"), "");
}

TEST(NgcCitationTest, Authors) {
  EXPECT_THAT(CitationAuthors("Kaur H, Hindman NM, Loftus EV Jr, Expert Panel on Imaging. Title. J. 2016;1:1.", {}),
              ::testing::ElementsAre("Kaur H", "Hindman NM", "Loftus EV Jr", "Expert Panel on Imaging"));
  EXPECT_THAT(CitationAuthors("U.S. Preventive Services Task Force (USPSTF). Screening for X. JAMA. 2016;1:1.",
                              {"U.S. Preventive Services Task Force"}),
              ::testing::ElementsAre("U.S. Preventive Services Task Force (USPSTF)"));
  EXPECT_THAT(CitationAuthors("National Clinical Guideline Centre. Acute kidney injury. London (UK): NICE; 2013.", {}),
              ::testing::ElementsAre("National Clinical Guideline Centre"));
  EXPECT_TRUE(CitationAuthors("Acute kidney injury. London (UK): NICE; 2013.", {}).empty());
  EXPECT_TRUE(CitationAuthors("Australian guidelines for the treatment of stress. Melbourne: Centre; 2013.", {}).empty());
  EXPECT_TRUE(CitationAuthors("Management of X: 2013 statement of The Society. Menopause. 2013;1:1.", {}).empty());
}

TEST(NgcCitationTest, Publisher) {
  EXPECT_EQ(CitationPublisher("Team. Title. Edmonton (AB): CancerControl Alberta; 2015 Feb."), "CancerControl Alberta");
  EXPECT_EQ(CitationPublisher("Smith J. Title. Neurology. 2014;1:1."), "");
}

TEST(NgcErrorsTest, BrokenSummaries) {
  absl::StatusOr<v1::Source> s = ParseNgcXml("<Version><Section/></Version>", "ngc-4");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "Version/Section/Field[@Name='Guideline Title']: required");
  s = ParseNgcXml(absl::StrReplaceAll(Summary("current"), {{"Major Recommendations", "Other"}}), "ngc-4");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "Version/Section/Field[@Name='Major Recommendations']: required");
  s = ParseNgcXml("<document/>", "ngc-4");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("expected <Version>"));
}

}  // namespace
}  // namespace medbrief::content::importers
