// JSONL: our schema (docs/IMPORT_FORMATS.md) and BEIR corpus lines.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/content/importers/importers.h"
#include "tests/content/importers/test_util.h"

namespace medbrief::content::importers {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::ExpectWellFormed;
using testing::Fixture;

std::string ErrorOf(absl::string_view line) {
  const absl::StatusOr<v1::Source> source = ParseJsonlLine(line);
  EXPECT_FALSE(source.ok()) << line;
  EXPECT_EQ(source.status().code(), absl::StatusCode::kInvalidArgument) << line;
  return std::string(source.status().message());
}

constexpr absl::string_view kMinimal =
    R"({"external_id": "x:1", "kind": "RESEARCH", "title": "T", "sections": [{"text": "body"}]})";

TEST(JsonlTest, OurSchemaFieldByField) {
  const std::vector<ParsedItem> items = ParseJsonl(Fixture("jsonl/sources.jsonl"), 1);
  ASSERT_EQ(items.size(), 3u);
  for (const ParsedItem& item : items) {
    ASSERT_TRUE(item.source.ok()) << item.item << ": " << item.source.status();
    ExpectWellFormed(*item.source);
  }
  EXPECT_EQ(items[0].item, "guideline:example-net-2024");
  const v1::Source& g = *items[0].source;
  EXPECT_EQ(g.external_id(), "guideline:example-net-2024");
  EXPECT_EQ(g.kind(), v1::GUIDELINE);
  EXPECT_EQ(g.title(), "Example guideline on somatostatin analogues in NETs");
  EXPECT_EQ(g.issuer(), "Example NET Society");
  EXPECT_THAT(g.authors(), ::testing::ElementsAre("Doe JA", "Example NET Society Guideline Committee"));
  EXPECT_EQ(g.published_date(), "2024-02");
  EXPECT_EQ(g.identifiers().doi(), "10.5555/ens.2024.001");
  EXPECT_EQ(g.identifiers().url(), "https://example.org/net-guideline");
  EXPECT_EQ(g.version(), "2024 update");
  EXPECT_EQ(g.status(), v1::CURRENT);
  EXPECT_EQ(g.evidence_level(), "GRADE: moderate");
  ASSERT_EQ(g.sections_size(), 2);
  EXPECT_EQ(g.sections(0).heading(), "Recommendations");
  EXPECT_EQ(g.sections(0).code(), "recommendations");
  EXPECT_EQ(g.sections(0).text(),
            "Offer lanreotide 120 mg every 28 days to adults with progressive, well-differentiated GEP-NETs.\n\n"
            "- Reassess every 3 to 6 months.\n- Stop if the disease progresses.");
  EXPECT_EQ(g.sections(1).heading(), "Rating & grading");  // entity decoded
  EXPECT_EQ(g.sections(1).text(), "GRADE: moderate certainty.");  // whitespace collapsed

  const v1::Source& r = *items[1].source;
  EXPECT_EQ(r.kind(), v1::RESEARCH);
  EXPECT_EQ(r.published_date(), "2022-12-31");
  EXPECT_EQ(r.identifiers().pmid(), "39000009");
  EXPECT_EQ(r.journal(), "Ex J");
  EXPECT_EQ(r.volume(), "4");
  EXPECT_EQ(r.issue(), "2");
  EXPECT_EQ(r.pages(), "11-19");
  EXPECT_THAT(r.mesh_terms(), ::testing::ElementsAre("Cohort Studies"));
  EXPECT_THAT(r.publication_types(), ::testing::ElementsAre("Journal Article"));

  const v1::Source& d = *items[2].source;
  EXPECT_EQ(d.kind(), v1::DRUG_LABEL);  // enum names are case-insensitive
  EXPECT_EQ(d.manufacturer(), "Examplar Pharmaceuticals, Inc.");
  EXPECT_EQ(d.identifiers().spl_set_id(), "9f1e2d3c-4b5a-4c6d-8e7f-a0b1c2d3e4f5");
  EXPECT_EQ(d.sections(0).code(), "34067-9");
  EXPECT_EQ(d.sections(0).text(), "Treatment of acromegaly.");  // stray markup rendered
}

TEST(JsonlTest, BlankLinesAreSkippedButCounted) {
  const std::vector<ParsedItem> items = ParseJsonl("\n  \n{bad\n\r\n{\"also\": \"bad\"}\n", 10);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].item, "#12");
  EXPECT_THAT(std::string(items[0].source.status().message()), StartsWith("line 12: invalid JSON"));
  EXPECT_EQ(items[1].item, "#14");
  EXPECT_THAT(std::string(items[1].source.status().message()), StartsWith("line 14: "));
  EXPECT_TRUE(ParseJsonl("", 1).empty());
  EXPECT_TRUE(ParseJsonl("\n\n   \n", 1).empty());
}

TEST(JsonlTest, ProtoJsonNamesAndNestedIdentifiersAreAccepted) {
  const absl::StatusOr<v1::Source> s = ParseJsonlLine(
      R"({"externalId": "x:2", "kind": "GUIDELINE", "title": "T", "publishedDate": "2020",
          "identifiers": {"doi": "10.1/x", "splSetId": "abc"}, "meshTerms": ["A"],
          "sections": [{"heading": "H", "code": "c", "text": "body"}],
          "id": "ignored", "etag": "ignored", "createTime": "ignored", "status": null})");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->external_id(), "x:2");
  EXPECT_EQ(s->published_date(), "2020");
  EXPECT_EQ(s->identifiers().doi(), "10.1/x");
  EXPECT_EQ(s->identifiers().spl_set_id(), "abc");
  EXPECT_EQ(s->status(), v1::CURRENT);
  EXPECT_EQ(s->id(), "");
}

TEST(JsonlTest, BeirLines) {
  const std::vector<ParsedItem> items = ParseJsonl(Fixture("jsonl/beir.jsonl"), 1);
  ASSERT_EQ(items.size(), 3u);
  for (const ParsedItem& item : items) {
    ASSERT_TRUE(item.source.ok()) << item.item << ": " << item.source.status();
    ExpectWellFormed(*item.source);
  }
  const v1::Source& a = *items[0].source;
  EXPECT_EQ(items[0].item, "4983");
  EXPECT_EQ(a.external_id(), "4983");
  EXPECT_EQ(a.kind(), v1::RESEARCH);
  EXPECT_EQ(a.status(), v1::CURRENT);
  EXPECT_EQ(a.title(), "Microstructural changes in a fictional cohort.");
  ASSERT_EQ(a.sections_size(), 1);
  EXPECT_EQ(a.sections(0).heading(), "Abstract");
  EXPECT_EQ(a.sections(0).text(), "We followed 40 infants with imaging. Diffusion decreased with age.");

  EXPECT_EQ(items[2].item, "77");
  EXPECT_EQ(items[2].source->external_id(), "77");
  EXPECT_EQ(items[2].source->kind(), v1::GUIDELINE);  // "kind" wins over the RESEARCH default
}

TEST(JsonlTest, BeirEmptyTitleBecomesTheFirstSentence) {
  const std::vector<ParsedItem> items = ParseJsonl(Fixture("jsonl/beir.jsonl"), 1);
  ASSERT_TRUE(items[1].source.ok());
  EXPECT_EQ(items[1].source->title(),
            "Lanreotide every eight weeks was not worse than every four weeks in a small fictional trial of adults "
            "with stable tumours");

  const std::string long_sentence(60, 'x');
  std::string text;
  for (int i = 0; i < 10; ++i) text += long_sentence + " ";
  const absl::StatusOr<v1::Source> s =
      ParseJsonlLine(absl::StrCat(R"({"_id": "9", "title": "  ", "text": ")", text, R"("})"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_LE(s->title().size(), 200u);
  EXPECT_EQ(s->title(), absl::StrCat(long_sentence, " ", long_sentence, " ", long_sentence));  // word boundary
}

TEST(JsonlTest, SciFactSentencesAreIgnored) {
  const absl::StatusOr<v1::Source> s =
      ParseJsonlLine(R"({"_id": "1", "title": "T", "text": "A. B.", "sentences": ["A.", "B."]})");
  ASSERT_TRUE(s.ok()) << s.status();
}

TEST(JsonlTest, UnknownFieldsAreNamed) {
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "RESEARCH", "titel": "T", "sections": []})"),
            "unknown field \"titel\"");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "zz": 1, "aa": 2})"), "unknown fields \"aa\", \"zz\"");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "RESEARCH", "title": "T", "sections": [{"txt": "a"}]})"),
            "sections[0]: unknown field \"txt\"");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "identifiers": {"isbn": "1"}})"), "identifiers: unknown field \"isbn\"");
  EXPECT_EQ(ErrorOf(R"({"_id": "x", "text": "t", "sections": []})"), "unknown field \"sections\"");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "text": "t"})"), "unknown field \"text\"");
}

TEST(JsonlTest, WrongTypesAreNamed) {
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "RESEARCH", "title": 5, "sections": []})"),
            "title: must be a string, not number");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "authors": "Smith J"})"), "authors: must be an array of strings, not string");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "authors": ["a", 2]})"), "authors[1]: must be a string, not number");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "sections": {"text": "a"}})"), "sections: must be an array of objects, not object");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "sections": ["a"]})"), "sections[0]: must be an object, not string");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "sections": [{"text": true}]})"), "sections[0].text: must be a string, not boolean");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "BOOK"})"),
            "kind: must be one of \"GUIDELINE\", \"DRUG_LABEL\", \"RESEARCH\", not \"BOOK\"");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "status": "OLD"})"),
            "status: must be one of \"CURRENT\", \"SUPERSEDED\", \"RETRACTED\", \"WITHDRAWN\", not \"OLD\"");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "identifiers": []})"), "identifiers: must be an object, not array");
}

TEST(JsonlTest, RequiredFields) {
  EXPECT_EQ(ErrorOf(R"({"kind": "RESEARCH", "title": "T", "sections": [{"text": "a"}]})"), "external_id: is required");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "title": "T", "sections": [{"text": "a"}]})"), "kind: is required");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "RESEARCH", "title": " <b></b> ", "sections": [{"text": "a"}]})"),
            "title: is required");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "RESEARCH", "title": "T"})"),
            "sections: at least one section is required");
  EXPECT_EQ(ErrorOf(R"({"external_id": "x", "kind": "RESEARCH", "title": "T", "sections": [{"heading": "H"}]})"),
            "sections[0].text: is required");
  EXPECT_EQ(ErrorOf(R"({"_id": "x", "title": "T", "text": "  "})"), "text: is required");
}

TEST(JsonlTest, FormsAndLimits) {
  const auto with = [](absl::string_view extra) {
    return ErrorOf(absl::StrCat(R"({"external_id": "x", "kind": "RESEARCH", "title": "T", "sections": [{"text": "a"}], )",
                                extra, "}"));
  };
  EXPECT_THAT(with(R"("published_date": "2020-13")"), StartsWith("published_date: must be a date"));
  EXPECT_THAT(with(R"("published_date": "2021-02-29")"), StartsWith("published_date: must be a date"));
  EXPECT_THAT(with(R"("published_date": "June 2020")"), StartsWith("published_date: must be a date"));
  EXPECT_EQ(with(R"("doi": "doi:10.1/x")"), "doi: must start with \"10.\"");
  EXPECT_EQ(with(R"("pmid": "PMC123")"), "pmid: must be 1 to 16 digits");
  EXPECT_EQ(with(R"("url": "ftp://x")"), "url: must be an http or https address");
  EXPECT_EQ(with(absl::StrCat(R"("version": ")", std::string(65, 'v'), "\"")), "version: at most 64 characters");
  EXPECT_EQ(with(R"("doi": "10.1/a", "identifiers": {"doi": "10.1/b"})"), "doi: given twice");
  std::string many = "[";
  for (int i = 0; i < 101; ++i) many += i == 0 ? "\"A\"" : ", \"A\"";
  EXPECT_EQ(with(absl::StrCat("\"authors\": ", many, "]")), "authors: at most 100 entries, got 101");
  EXPECT_TRUE(ParseJsonlLine(absl::StrCat(R"({"external_id": "x", "kind": "RESEARCH", "title": ")",
                                          std::string(1000, 'a'), R"(", "sections": [{"text": "a"}]})"))
                  .ok());
  EXPECT_EQ(ErrorOf(absl::StrCat(R"({"external_id": "x", "kind": "RESEARCH", "title": ")", std::string(1001, 'a'),
                                 R"(", "sections": [{"text": "a"}]})")),
            "title: at most 1000 characters");
}

TEST(JsonlTest, MalformedJson) {
  EXPECT_THAT(ErrorOf(R"({"external_id": "x",)"), StartsWith("invalid JSON: "));
  EXPECT_THAT(ErrorOf("not json"), StartsWith("invalid JSON: "));
  EXPECT_THAT(ErrorOf("{\"external_id\": \"\xff\"}"), HasSubstr("UTF-8"));
  EXPECT_EQ(ErrorOf("[1, 2]"), "a line must be a JSON object, not array");
  EXPECT_EQ(ErrorOf("\"just a string\""), "a line must be a JSON object, not string");
  EXPECT_THAT(ErrorOf("{} {}"), StartsWith("invalid JSON: "));
}

TEST(JsonlTest, ItemIsTheExternalIdEvenWhenTheLineFails) {
  const std::vector<ParsedItem> items =
      ParseJsonl(R"({"external_id": "guideline:7", "kind": "RESEARCH", "title": 3})", 1);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item, "guideline:7");
  EXPECT_EQ(items[0].source.status().message(), "line 1: title: must be a string, not number");
}

TEST(JsonlTest, MinimalLine) {
  const absl::StatusOr<v1::Source> s = ParseJsonlLine(kMinimal);
  ASSERT_TRUE(s.ok()) << s.status();
  ExpectWellFormed(*s);
  EXPECT_EQ(s->status(), v1::CURRENT);
  EXPECT_EQ(s->sections(0).heading(), "");
}

}  // namespace
}  // namespace medbrief::content::importers
