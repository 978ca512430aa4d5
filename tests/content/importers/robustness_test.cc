// Bad input of every kind: the importers answer INVALID_ARGUMENT with a clear
// message (or, cut at a harmless place, a good source), and never crash,
// hang or throw.

#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/content/importers/html.h"
#include "services/content/importers/importers.h"
#include "tests/content/importers/test_util.h"

namespace medbrief::content::importers {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::ExpectWellFormed;
using testing::Fixture;

// Every XML importer behind one signature (PubMed: the document status, or
// the first item's).
absl::Status ParseSpl(absl::string_view xml) { return ParseSplXml(xml).status(); }
absl::Status ParseNgc(absl::string_view xml) { return ParseNgcXml(xml, "ngc-1").status(); }
absl::Status ParsePubmed(absl::string_view xml) {
  absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(xml);
  if (!items.ok() || items->empty()) return items.status();
  return (*items)[0].source.status();
}

struct XmlFormat {
  const char* name;
  absl::Status (*parse)(absl::string_view);
  const char* fixture;
};

const XmlFormat kFormats[] = {
    {"SPL", ParseSpl, "spl/lanreotide-label.xml"},
    {"NGC", ParseNgc, "ngc/ngc-90001.xml"},
    {"PubMed", ParsePubmed, "pubmed/rct-structured.xml"},
};

class XmlRobustnessTest : public ::testing::TestWithParam<XmlFormat> {};

void ExpectInvalid(const absl::Status& status, absl::string_view message_start) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), StartsWith(std::string(message_start)));
}

TEST_P(XmlRobustnessTest, EmptyInput) {
  ExpectInvalid(GetParam().parse(""), "empty document");
  ExpectInvalid(GetParam().parse(" \n\t "), "empty document");
}

TEST_P(XmlRobustnessTest, MalformedXmlSaysWhere) {
  ExpectInvalid(GetParam().parse("<a>\n  <b></a>"), "malformed XML at line 2, column");
  ExpectInvalid(GetParam().parse("just text"), "malformed XML");
  ExpectInvalid(GetParam().parse("<a/><b/>"), "malformed XML: content outside the root element");
  ExpectInvalid(GetParam().parse("<a/> trailing"), "malformed XML: content outside the root element");
  ExpectInvalid(GetParam().parse("junk <a/>"), "malformed XML: content outside the root element");
  // Comments and whitespace around the root are fine: only the root's name is wrong here.
  ExpectInvalid(GetParam().parse("<!-- c -->\n<a>x</a><!-- d -->\n"), "root element is <a>");
  ExpectInvalid(GetParam().parse("<?xml version=\"1.0\"?><!-- only a comment -->"), "malformed XML");
}

TEST_P(XmlRobustnessTest, TruncatedFixture) {
  const std::string xml = Fixture(GetParam().fixture);
  ExpectInvalid(GetParam().parse(xml.substr(0, xml.size() / 2)), "malformed XML at line");
}

TEST_P(XmlRobustnessTest, WrongRootElement) {
  ExpectInvalid(GetParam().parse("<html><body>x</body></html>"), "root element is <html>, expected <");
}

TEST_P(XmlRobustnessTest, InvalidUtf8SaysWhere) {
  std::string xml = Fixture(GetParam().fixture);
  const size_t at = xml.find('\n', 200) + 1;
  xml.insert(at, "\xC3\x28");  // a lead byte without its continuation
  const absl::Status status = GetParam().parse(xml);
  ExpectInvalid(status, absl::StrCat("not valid UTF-8 at byte ", at));
  EXPECT_THAT(std::string(status.message()), HasSubstr("column 1"));
}

TEST_P(XmlRobustnessTest, UnknownEntitiesAndDoctypesAreHarmless) {
  // No entity expansion at all: an internal subset cannot blow up.
  const std::string bomb =
      "<!DOCTYPE a [<!ENTITY x \"xxxxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;\">]><a>&y;&y;&y;</a>";
  EXPECT_EQ(GetParam().parse(bomb).code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(XmlRobustnessTest, DeepNestingDoesNotExhaustTheStack) {
  std::string xml;
  for (int i = 0; i < 200000; ++i) xml += "<a>";
  xml += "x";
  for (int i = 0; i < 200000; ++i) xml += "</a>";
  EXPECT_EQ(GetParam().parse(xml).code(), absl::StatusCode::kInvalidArgument);
}

// Cut at 50 offsets: each parse ends (OK or INVALID_ARGUMENT), never crashes.
TEST_P(XmlRobustnessTest, TruncationAtFiftyOffsets) {
  const std::string xml = Fixture(GetParam().fixture);
  for (int k = 0; k < 50; ++k) {
    const size_t cut = xml.size() * static_cast<size_t>(k) / 50;
    const absl::Status status = GetParam().parse(xml.substr(0, cut));
    EXPECT_TRUE(status.ok() || status.code() == absl::StatusCode::kInvalidArgument)
        << GetParam().name << " cut at " << cut << ": " << status;
    EXPECT_FALSE(status.message().empty() && !status.ok());
  }
}

// Random byte damage: flipped, dropped and inserted bytes.
TEST_P(XmlRobustnessTest, RandomDamage) {
  const std::string xml = Fixture(GetParam().fixture);
  std::mt19937 random(20240315);
  for (int round = 0; round < 200; ++round) {
    std::string damaged = xml;
    for (int edits = 0; edits < 5; ++edits) {
      const size_t at = std::uniform_int_distribution<size_t>(0, damaged.size() - 1)(random);
      const char byte = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
      switch (round % 3) {
        case 0: damaged[at] = byte; break;
        case 1: damaged.erase(at, 1); break;
        default: damaged.insert(at, 1, "<>&\"/;"[edits]); break;
      }
    }
    const absl::Status status = GetParam().parse(damaged);
    EXPECT_TRUE(status.ok() || status.code() == absl::StatusCode::kInvalidArgument) << status;
  }
}

INSTANTIATE_TEST_SUITE_P(AllXmlFormats, XmlRobustnessTest, ::testing::ValuesIn(kFormats),
                         [](const ::testing::TestParamInfo<XmlFormat>& info) { return info.param.name; });

TEST(JsonlRobustnessTest, TruncationAtFiftyOffsets) {
  for (const char* fixture : {"jsonl/sources.jsonl", "jsonl/beir.jsonl"}) {
    const std::string payload = Fixture(fixture);
    for (int k = 0; k < 50; ++k) {
      for (const ParsedItem& item : ParseJsonl(payload.substr(0, payload.size() * static_cast<size_t>(k) / 50), 1)) {
        EXPECT_FALSE(item.item.empty());
        if (item.source.ok()) {
          ExpectWellFormed(*item.source);
        } else {
          EXPECT_EQ(item.source.status().code(), absl::StatusCode::kInvalidArgument);
        }
      }
    }
  }
}

TEST(JsonlRobustnessTest, HostileLines) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  for (const std::string& line :
       {deep, std::string("{\"external_id\": \"x\", \"title\": \"\\u0000\\ud800\"}"), std::string("\xef\xbb\xbf{}"),
        std::string(1, '\0'), std::string("{\"a\":1e999999}"), std::string("nul")}) {
    const absl::StatusOr<v1::Source> s = ParseJsonlLine(line);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
  }
}

// Shapes that would cost quadratic time or memory in a naive renderer; each
// must finish quickly (the test's timeout is the check).
TEST(RobustnessTest, HostileHtmlShapes) {
  std::string nested_lists, unmatched_ends, deep_divs, bold_headings;
  for (int i = 0; i < 100000; ++i) {
    nested_lists += "<ul><li>x";
    unmatched_ends += "<span>a</b>";
    deep_divs += "<div><span><td>";
    bold_headings += "<p><b>Heading</b></p>";
  }
  for (const std::string& html : {nested_lists, unmatched_ends, deep_divs, bold_headings}) {
    const std::string text = HtmlToText(html);
    EXPECT_LT(text.size(), 4 * html.size());
  }
  const std::vector<TextPart> parts = HtmlToParts(bold_headings);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_LE(parts[0].text.size(), 600u);  // the joined headings stop growing at 500 characters
}

TEST(RobustnessTest, GoodFixturesAreClean) {
  ExpectWellFormed(*ParseSplXml(Fixture("spl/lanreotide-label.xml")));
  ExpectWellFormed(*ParseNgcXml(Fixture("ngc/ngc-90001.xml")));
  for (const char* fixture : {"pubmed/rct-structured.xml", "pubmed/meta-analysis.xml", "pubmed/medline-date.xml"}) {
    const absl::StatusOr<std::vector<ParsedItem>> items = ParsePubmedXml(Fixture(fixture));
    ASSERT_TRUE(items.ok()) << items.status();
    for (const ParsedItem& item : *items) ExpectWellFormed(*item.source);
  }
}

}  // namespace
}  // namespace medbrief::content::importers
