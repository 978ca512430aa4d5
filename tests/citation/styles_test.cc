// Expected references written by hand from the style guides; the comment on
// each expectation names the rule it exercises. Guides: AMA Manual of Style
// 11th ed. (2020) ch. 3; NLM Citing Medicine 2nd ed. with the ICMJE sample
// references (Vancouver); APA Publication Manual 7th ed. (2020) ch. 9-10;
// CSL 1.0.2 data schema; BibTeX (btxdoc); RIS format specification.

#include "services/citation/styles.h"

#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/citation/reference.h"

namespace medbrief::citation {
namespace {

using content::v1::Source;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kDailyMed[] =
    "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=608d4f0d-b19f-46d3-749a-7159aa5f933d";

// NETTER-1 (N Engl J Med 2017), first 8 of its authors; title in the
// journal's title case.
Source Article() {
  Source s;
  s.set_id("src-article");
  s.set_kind(content::v1::RESEARCH);
  s.set_title("Phase 3 Trial of 177Lu-Dotatate for Midgut Neuroendocrine Tumors.");
  for (const char* a : {"Strosberg J", "El-Haddad G", "Wolin E", "Hendifar A", "Yao J", "Chasen B", "Mittra E",
                        "Kunz PL"}) {
    s.add_authors(a);
  }
  s.set_journal("N Engl J Med");
  s.set_published_date("2017-01-12");
  s.set_volume("376");
  s.set_issue("2");
  s.set_pages("125-135");
  s.mutable_identifiers()->set_doi("10.1056/NEJMoa1607427");
  s.mutable_identifiers()->set_pmid("28076709");
  return s;
}

Source Guideline() {
  Source s;
  s.set_id("src-guideline");
  s.set_kind(content::v1::GUIDELINE);
  s.set_title("Neuroendocrine and Adrenal Tumors");
  s.set_issuer("National Comprehensive Cancer Network");
  s.set_version("1.2023");
  s.set_published_date("2023-08-02");
  s.mutable_identifiers()->set_url("https://www.nccn.org/guidelines/neuroendocrine");
  return s;
}

Source Label() {
  Source s;
  s.set_id("src-label");
  s.set_kind(content::v1::DRUG_LABEL);
  s.set_title("HUMIRA (adalimumab) injection, for subcutaneous use");
  s.set_issuer("FDA");
  s.set_manufacturer("AbbVie Inc.");
  s.set_version("109");
  s.set_published_date("2021-02-24");
  s.mutable_identifiers()->set_spl_set_id("608d4f0d-b19f-46d3-749a-7159aa5f933d");
  s.mutable_identifiers()->set_url("https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=608d4f0d");
  return s;
}

std::string Format(const Source& source, v1::ReferenceStyle style) {
  absl::StatusOr<std::string> text = FormatReference(source, style);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

Source WithAuthors(Source s, int n) {
  s.clear_authors();
  for (int i = 1; i <= n; ++i) s.add_authors(absl::StrCat("Author", i, " A"));
  return s;
}

// ---------------------------------------------------------------- AMA

TEST(AmaTest, JournalArticle) {
  // 3.11: more than 6 authors -> first 3 + "et al"; surname + initials, no
  // periods; title in sentence case (words with digits kept); abbreviated
  // journal as given; Year;Vol(Issue):pages; "doi:" without a space and no
  // final period.
  EXPECT_EQ(Format(Article(), v1::AMA),
            "Strosberg J, El-Haddad G, Wolin E, et al. Phase 3 trial of 177Lu-Dotatate for midgut neuroendocrine "
            "tumors. N Engl J Med. 2017;376(2):125-135. doi:10.1056/NEJMoa1607427");
  EXPECT_EQ(Format(Article(), v1::REFERENCE_STYLE_UNSPECIFIED), Format(Article(), v1::AMA));  // AMA is the default
}

TEST(AmaTest, Guideline) {
  // AMA reports: organization as author and as publisher; report title as
  // published; "Publisher; year"; the URL last without a period.
  EXPECT_EQ(Format(Guideline(), v1::AMA),
            "National Comprehensive Cancer Network. Neuroendocrine and Adrenal Tumors. Version 1.2023. National "
            "Comprehensive Cancer Network; 2023. https://www.nccn.org/guidelines/neuroendocrine");
}

TEST(AmaTest, DrugLabel) {
  // Package insert: "Drug. Package insert. Manufacturer; year." and the
  // DailyMed page of the set id (not the stored lookup url).
  EXPECT_EQ(Format(Label(), v1::AMA),
            absl::StrCat("HUMIRA (adalimumab) injection, for subcutaneous use. Package insert. AbbVie Inc; 2021. ",
                         kDailyMed));
}

TEST(AmaTest, AuthorCountsAndNameForms) {
  // Up to 6 authors all named.
  EXPECT_THAT(Format(WithAuthors(Article(), 6), v1::AMA),
              HasSubstr("Author1 A, Author2 A, Author3 A, Author4 A, Author5 A, Author6 A. Phase"));
  EXPECT_THAT(Format(WithAuthors(Article(), 7), v1::AMA), HasSubstr("Author1 A, Author2 A, Author3 A, et al. Phase"));
  Source names = Article();
  names.clear_authors();
  for (const char* a : {"van der Berg J", "Smith JA Jr", "Doe, John Andrew", "NETTER-1 Trial Investigators"}) {
    names.add_authors(a);
  }
  // Particles kept, suffix after the initials, given names reduced to
  // initials, a group kept whole.
  EXPECT_THAT(Format(names, v1::AMA),
              HasSubstr("van der Berg J, Smith JA Jr, Doe JA, NETTER-1 Trial Investigators. Phase"));
}

TEST(AmaTest, GuidelinePublishedInAJournalIsAnArticleWithAGroupAuthor) {
  Source s;
  s.set_kind(content::v1::GUIDELINE);
  s.set_issuer("American Diabetes Association");
  s.set_title("Standards of Medical Care in Diabetes\u20142022 Abridged for Primary Care Providers");
  s.set_journal("Clin Diabetes");
  s.set_published_date("2022-01");
  s.set_volume("40");
  s.set_issue("1");
  s.set_pages("10-38");
  s.mutable_identifiers()->set_doi("10.2337/cd22-as01");
  // 3.11 with a group author; the title-cased title in sentence
  // case.
  EXPECT_EQ(Format(s, v1::AMA),
            "American Diabetes Association. Standards of medical care in diabetes\u20142022 abridged for primary care "
            "providers. Clin Diabetes. 2022;40(1):10-38. doi:10.2337/cd22-as01");
}

// ---------------------------------------------------------------- Vancouver

TEST(VancouverTest, JournalArticle) {
  // More than 6 authors -> first 6 + "et al."; date as "2017 Jan 12";
  // page range without repeated digits (125-135 -> 125-35); "doi: " and
  // "PMID: " as PubMed prints them.
  EXPECT_EQ(Format(Article(), v1::VANCOUVER),
            "Strosberg J, El-Haddad G, Wolin E, Hendifar A, Yao J, Chasen B, et al. Phase 3 trial of 177Lu-Dotatate "
            "for midgut neuroendocrine tumors. N Engl J Med. 2017 Jan 12;376(2):125-35. "
            "doi: 10.1056/NEJMoa1607427. PMID: 28076709.");
}

TEST(VancouverTest, Guideline) {
  // Citing Medicine reports on the Internet: "Title [Internet]", sentence
  // case, edition/version, "Publisher; date", "Available from: URL" with
  // no final period.
  EXPECT_EQ(Format(Guideline(), v1::VANCOUVER),
            "National Comprehensive Cancer Network. Neuroendocrine and adrenal tumors [Internet]. Version 1.2023. "
            "National Comprehensive Cancer Network; 2023 Aug 2. "
            "Available from: https://www.nccn.org/guidelines/neuroendocrine");
}

TEST(VancouverTest, DrugLabel) {
  // "Drug [package insert]. Manufacturer; date. Available from: URL".
  EXPECT_EQ(Format(Label(), v1::VANCOUVER),
            absl::StrCat("HUMIRA (adalimumab) injection, for subcutaneous use [package insert]. AbbVie Inc; "
                         "2021 Feb 24. Available from: ",
                         kDailyMed));
}

TEST(VancouverTest, AuthorCountsAndPageElision) {
  EXPECT_THAT(Format(WithAuthors(Article(), 6), v1::VANCOUVER),
              HasSubstr("Author5 A, Author6 A. Phase"));  // 6: all listed
  EXPECT_THAT(Format(WithAuthors(Article(), 7), v1::VANCOUVER),
              HasSubstr("Author5 A, Author6 A, et al. Phase"));  // 7: first 6 + et al.
  Source s = Article();
  s.set_pages("1411-1421");
  EXPECT_THAT(Format(s, v1::VANCOUVER), HasSubstr(":1411-21."));
  s.set_pages("98-102");  // different lengths: nothing to elide
  EXPECT_THAT(Format(s, v1::VANCOUVER), HasSubstr(":98-102."));
  s.set_pages("e1234");  // an article number
  EXPECT_THAT(Format(s, v1::VANCOUVER), HasSubstr(":e1234."));
}

// ---------------------------------------------------------------- APA

TEST(ApaTest, JournalArticle) {
  // Up to 20 authors, "&" before the last with a serial comma;
  // "Surname, J. A."; (year); sentence-case title; journal, volume(issue),
  // pages with an en dash; DOI as https://doi.org/.
  EXPECT_EQ(Format(Article(), v1::APA),
            "Strosberg, J., El-Haddad, G., Wolin, E., Hendifar, A., Yao, J., Chasen, B., Mittra, E., & Kunz, P. L. "
            "(2017). Phase 3 trial of 177Lu-Dotatate for midgut neuroendocrine tumors. N Engl J Med, 376(2), "
            "125\u2013135. https://doi.org/10.1056/NEJMoa1607427");
}

TEST(ApaTest, Guideline) {
  // 10.4 report by a group author: the publisher is left out when it is the
  // author; the version in parentheses after the title.
  EXPECT_EQ(Format(Guideline(), v1::APA),
            "National Comprehensive Cancer Network. (2023). Neuroendocrine and adrenal tumors (Version 1.2023). "
            "https://www.nccn.org/guidelines/neuroendocrine");
}

TEST(ApaTest, DrugLabel) {
  // Manufacturer as group author; bracketed description of the form.
  EXPECT_EQ(Format(Label(), v1::APA),
            absl::StrCat("AbbVie Inc. (2021). HUMIRA (adalimumab) injection, for subcutaneous use [Package insert]. ",
                         kDailyMed));
}

TEST(ApaTest, AuthorCounts) {
  Source one = WithAuthors(Article(), 1);
  EXPECT_THAT(Format(one, v1::APA), testing::StartsWith("Author1, A. (2017). Phase"));
  EXPECT_THAT(Format(WithAuthors(Article(), 2), v1::APA),
              testing::StartsWith("Author1, A., & Author2, A. (2017)."));  // comma before & even for two
  std::vector<std::string> twenty;
  for (int i = 1; i <= 19; ++i) twenty.push_back(absl::StrCat("Author", i, ", A."));
  EXPECT_THAT(Format(WithAuthors(Article(), 20), v1::APA),
              testing::StartsWith(absl::StrCat(absl::StrJoin(twenty, ", "), ", & Author20, A. (2017).")));
  // 21 or more: the first 19, an ellipsis, the last; no ampersand.
  EXPECT_THAT(Format(WithAuthors(Article(), 25), v1::APA),
              testing::StartsWith(absl::StrCat(absl::StrJoin(twenty, ", "), ", . . . Author25, A. (2017).")));
  Source names = Article();
  names.clear_authors();
  names.add_authors("Smith JA Jr");
  names.add_authors("Dupont J-P");
  EXPECT_THAT(Format(names, v1::APA), testing::StartsWith("Smith, J. A., Jr., & Dupont, J.-P. (2017)."));
}

TEST(ApaTest, ArticleNumber) {
  Source s = Article();
  s.set_pages("e1234");
  EXPECT_THAT(Format(s, v1::APA), HasSubstr("N Engl J Med, 376(2), Article e1234. https://doi.org"));
}

// ---------------------------------------------------------------- missing fields

TEST(MissingFieldsTest, ArticleWithTitleAndJournalOnly) {
  Source s;
  s.set_kind(content::v1::RESEARCH);
  s.set_title("Octreotide in carcinoid syndrome");
  s.set_journal("Lancet");
  EXPECT_EQ(Format(s, v1::AMA), "Octreotide in carcinoid syndrome. Lancet.");
  EXPECT_EQ(Format(s, v1::VANCOUVER), "Octreotide in carcinoid syndrome. Lancet.");
  EXPECT_EQ(Format(s, v1::APA), "Octreotide in carcinoid syndrome. (n.d.). Lancet.");  // no date: (n.d.); no author: title first
  EXPECT_EQ(Format(s, v1::RIS), "TY  - JOUR\nTI  - Octreotide in carcinoid syndrome\nJO  - Lancet\nER  -");
  EXPECT_EQ(Format(s, v1::BIBTEX),
            "@article{octreotide,\n  title = {Octreotide in carcinoid syndrome},\n  journal = {Lancet}\n}");
  EXPECT_EQ(Format(s, v1::CSL_JSON),
            R"({"id":"octreotide","type":"article-journal","title":"Octreotide in carcinoid syndrome","container-title":"Lancet"})");
}

TEST(MissingFieldsTest, PartialDetailsKeepTheirOwnPunctuationOnly) {
  Source s = Article();
  s.clear_issue();
  s.clear_pages();
  s.mutable_identifiers()->clear_doi();
  EXPECT_THAT(Format(s, v1::AMA), testing::EndsWith("N Engl J Med. 2017;376. https://pubmed.ncbi.nlm.nih.gov/28076709/"));
  EXPECT_THAT(Format(s, v1::VANCOUVER), testing::EndsWith("N Engl J Med. 2017 Jan 12;376. PMID: 28076709."));
  EXPECT_THAT(Format(s, v1::APA), testing::EndsWith("(2017). Phase 3 trial of 177Lu-Dotatate for midgut "
                                                    "neuroendocrine tumors. N Engl J Med, 376."));
  s.clear_volume();
  s.set_published_date("");
  EXPECT_THAT(Format(s, v1::AMA), HasSubstr("tumors. N Engl J Med. https://pubmed"));
}

TEST(MissingFieldsTest, LabelWithTitleAndSetIdOnly) {
  Source s;
  s.set_kind(content::v1::DRUG_LABEL);
  s.set_title("LIPITOR (atorvastatin calcium) tablets");
  s.mutable_identifiers()->set_spl_set_id("c6e131fe-e7df-4876-83f7-9156fc4e8228");
  const std::string url = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=c6e131fe-e7df-4876-83f7-9156fc4e8228";
  EXPECT_EQ(Format(s, v1::AMA), absl::StrCat("LIPITOR (atorvastatin calcium) tablets. Package insert. ", url));
  EXPECT_EQ(Format(s, v1::VANCOUVER),
            absl::StrCat("LIPITOR (atorvastatin calcium) tablets [package insert]. Available from: ", url));
  EXPECT_EQ(Format(s, v1::APA), absl::StrCat("LIPITOR (atorvastatin calcium) tablets [Package insert]. (n.d.). ", url));
  for (auto style : {v1::AMA, v1::VANCOUVER, v1::APA, v1::CSL_JSON, v1::BIBTEX, v1::RIS}) {
    const std::string text = Format(s, style);
    EXPECT_THAT(text, Not(HasSubstr("undefined")));
    EXPECT_THAT(text, Not(HasSubstr("..")));
    EXPECT_THAT(text, Not(HasSubstr(" ;")));
    EXPECT_THAT(text, Not(HasSubstr("()")));
  }
}

TEST(MissingFieldsTest, GuidelineWithoutIssuerOrDate) {
  Source s;
  s.set_kind(content::v1::GUIDELINE);
  s.set_title("Management of hypertension in adults");
  EXPECT_EQ(Format(s, v1::AMA), "Management of hypertension in adults.");
  EXPECT_EQ(Format(s, v1::VANCOUVER), "Management of hypertension in adults.");
  EXPECT_EQ(Format(s, v1::APA), "Management of hypertension in adults. (n.d.).");
  EXPECT_EQ(Format(s, v1::RIS), "TY  - RPRT\nTI  - Management of hypertension in adults\nER  -");
}

// ---------------------------------------------------------------- CSL-JSON

TEST(CslJsonTest, ArticleIsValidCslJson) {
  // "article-journal"; names split into family and given; "page" as a
  // range; "issued" date-parts; DOI and PMID as CSL variables.
  const nlohmann::json item = nlohmann::json::parse(Format(Article(), v1::CSL_JSON));
  EXPECT_EQ(item["id"], "src-article");
  EXPECT_EQ(item["type"], "article-journal");
  EXPECT_EQ(item["title"], "Phase 3 Trial of 177Lu-Dotatate for Midgut Neuroendocrine Tumors");  // data: as given
  ASSERT_EQ(item["author"].size(), 8u);
  EXPECT_EQ(item["author"][7], (nlohmann::json{{"family", "Kunz"}, {"given", "P. L."}}));
  EXPECT_EQ(item["container-title"], "N Engl J Med");
  EXPECT_EQ(item["volume"], "376");
  EXPECT_EQ(item["issue"], "2");
  EXPECT_EQ(item["page"], "125-135");
  EXPECT_EQ(item["issued"], (nlohmann::json{{"date-parts", {{2017, 1, 12}}}}));
  EXPECT_EQ(item["DOI"], "10.1056/NEJMoa1607427");
  EXPECT_EQ(item["PMID"], "28076709");
}

TEST(CslJsonTest, GuidelineIsAReportAndLabelADocument) {
  // CSL types: "report" for a guideline (issuing body as literal author and
  // publisher, version), "document" for a label (genre, manufacturer as
  // publisher, set id as archive_location); fields in a fixed order; date
  // parts to the precision known.
  EXPECT_EQ(Format(Guideline(), v1::CSL_JSON),
            R"({"id":"src-guideline","type":"report","title":"Neuroendocrine and Adrenal Tumors",)"
            R"("author":[{"literal":"National Comprehensive Cancer Network"}],"issued":{"date-parts":[[2023,8,2]]},)"
            R"("genre":"Clinical practice guideline","publisher":"National Comprehensive Cancer Network",)"
            R"("version":"1.2023","URL":"https://www.nccn.org/guidelines/neuroendocrine"})");
  EXPECT_EQ(Format(Label(), v1::CSL_JSON),
            absl::StrCat(R"({"id":"src-label","type":"document","title":"HUMIRA (adalimumab) injection, for )"
                         R"(subcutaneous use","issued":{"date-parts":[[2021,2,24]]},"genre":"Package insert",)"
                         R"("publisher":"AbbVie Inc","archive":"DailyMed",)"
                         R"("archive_location":"608d4f0d-b19f-46d3-749a-7159aa5f933d","version":"109","URL":")",
                         kDailyMed, R"("})"));
}

TEST(CslJsonTest, QuotesControlCharactersAndBadUtf8StayValidJson) {
  Source s = Article();
  s.set_title("A \"quoted\" title\twith a tab and bad \xff bytes");
  const std::string text = Format(s, v1::CSL_JSON);
  const nlohmann::json item = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(item.is_discarded()) << text;
  EXPECT_EQ(item["title"], "A \"quoted\" title with a tab and bad \xEF\xBF\xBD bytes");  // tab collapsed, U+FFFD
}

// ---------------------------------------------------------------- BibTeX

TEST(BibtexTest, Article) {
  // @article; "and"-separated "Family, J. A."; capitals after the first word
  // braced so bibliography styles keep them; pages with "--"; month macro.
  EXPECT_EQ(Format(Article(), v1::BIBTEX),
            "@article{strosberg2017phase,\n"
            "  author = {Strosberg, J. and El-Haddad, G. and Wolin, E. and Hendifar, A. and Yao, J. and Chasen, B. "
            "and Mittra, E. and Kunz, P. L.},\n"
            "  title = {Phase 3 {Trial} of {177Lu-Dotatate} for {Midgut} {Neuroendocrine} {Tumors}},\n"
            "  journal = {N Engl J Med},\n"
            "  year = {2017},\n"
            "  month = jan,\n"
            "  volume = {376},\n"
            "  number = {2},\n"
            "  pages = {125--135},\n"
            "  doi = {10.1056/NEJMoa1607427},\n"
            "  pmid = {28076709}\n"
            "}");
}

TEST(BibtexTest, GuidelineAndLabel) {
  // @techreport needs an institution; a corporate author is double-braced so
  // BibTeX does not split it into names. @manual carries the organization;
  // the set id and version go to note, the DailyMed page to url.
  EXPECT_EQ(Format(Guideline(), v1::BIBTEX),
            "@techreport{national2023neuroendocrine,\n"
            "  author = {{National Comprehensive Cancer Network}},\n"
            "  title = {Neuroendocrine and {Adrenal} {Tumors}},\n"
            "  institution = {National Comprehensive Cancer Network},\n"
            "  type = {Clinical practice guideline},\n"
            "  year = {2023},\n"
            "  month = aug,\n"
            "  note = {Version 1.2023},\n"
            "  url = {https://www.nccn.org/guidelines/neuroendocrine}\n"
            "}");
  EXPECT_EQ(Format(Label(), v1::BIBTEX),
            absl::StrCat("@manual{abbvie2021humira,\n"
                         "  title = {{HUMIRA} (adalimumab) injection, for subcutaneous use},\n"
                         "  organization = {AbbVie Inc},\n"
                         "  year = {2021},\n"
                         "  month = feb,\n"
                         "  note = {Package insert. DailyMed set ID 608d4f0d-b19f-46d3-749a-7159aa5f933d. Version 109},\n"
                         "  url = {",
                         kDailyMed, "}\n}"));
}

TEST(BibtexTest, SpecialCharactersAreEscapedAndTheKeyIsStableAscii) {
  // LaTeX's ten special characters escaped; the key folded to ASCII.
  Source s = Article();
  s.set_title("Costs & outcomes: 50% of cases_x #1 {draft} ~ ^ \\");
  s.clear_authors();
  s.add_authors("Öberg K");
  const std::string text = Format(s, v1::BIBTEX);
  EXPECT_THAT(text, HasSubstr("title = {Costs \\& outcomes: 50\\% of cases\\_x \\#1 \\{draft\\} "
                              "\\textasciitilde{} \\textasciicircum{} \\textbackslash{}}"));
  EXPECT_THAT(text, HasSubstr("@article{oberg2017costs,"));
  EXPECT_THAT(text, HasSubstr("author = {Öberg, K.}"));
  EXPECT_EQ(text, Format(s, v1::BIBTEX));  // same source, same key and text
}

// ---------------------------------------------------------------- RIS

TEST(RisTest, Article) {
  // TY first, one AU per author ("Family, J.A."), PY year and DA date,
  // SP/EP split pages, ER last.
  EXPECT_EQ(Format(Article(), v1::RIS),
            "TY  - JOUR\n"
            "AU  - Strosberg, J.\nAU  - El-Haddad, G.\nAU  - Wolin, E.\nAU  - Hendifar, A.\nAU  - Yao, J.\n"
            "AU  - Chasen, B.\nAU  - Mittra, E.\nAU  - Kunz, P.L.\n"
            "TI  - Phase 3 Trial of 177Lu-Dotatate for Midgut Neuroendocrine Tumors\n"
            "JO  - N Engl J Med\n"
            "PY  - 2017\n"
            "DA  - 2017/01/12\n"
            "VL  - 376\n"
            "IS  - 2\n"
            "SP  - 125\n"
            "EP  - 135\n"
            "DO  - 10.1056/NEJMoa1607427\n"
            "AN  - 28076709\n"
            "DB  - PubMed\n"
            "UR  - https://pubmed.ncbi.nlm.nih.gov/28076709/\n"
            "ER  -");
}

TEST(RisTest, GuidelineAndLabel) {
  // RPRT with the issuing body as AU and PB, ET for the version; GEN with
  // M3 (type of work), AN/DB for the accession number in DailyMed.
  EXPECT_EQ(Format(Guideline(), v1::RIS),
            "TY  - RPRT\nAU  - National Comprehensive Cancer Network\nTI  - Neuroendocrine and Adrenal Tumors\n"
            "PB  - National Comprehensive Cancer Network\nPY  - 2023\nDA  - 2023/08/02\nET  - Version 1.2023\n"
            "UR  - https://www.nccn.org/guidelines/neuroendocrine\nER  -");
  EXPECT_EQ(Format(Label(), v1::RIS),
            absl::StrCat("TY  - GEN\nTI  - HUMIRA (adalimumab) injection, for subcutaneous use\nPB  - AbbVie Inc\n"
                         "PY  - 2021\nDA  - 2021/02/24\nET  - Version 109\nM3  - Package insert\n"
                         "AN  - 608d4f0d-b19f-46d3-749a-7159aa5f933d\nDB  - DailyMed\nUR  - ",
                         kDailyMed, "\nER  -"));
}

TEST(RisTest, NewlinesInFieldsDoNotBreakTheRecord) {
  Source s = Article();
  s.set_title("Line one\nline two\r\n");
  EXPECT_THAT(Format(s, v1::RIS), HasSubstr("TI  - Line one line two\nJO  - "));
}

// ---------------------------------------------------------------- interface

TEST(StylesTest, UnknownStyleAndKindAreInvalidArguments) {
  const absl::StatusOr<std::string> style = FormatReference(Article(), static_cast<v1::ReferenceStyle>(42));
  EXPECT_EQ(style.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(style.status().message()), HasSubstr("style"));
  Source s = Article();
  s.set_kind(content::v1::SOURCE_KIND_UNSPECIFIED);
  EXPECT_EQ(FormatReference(s, v1::AMA).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(StylesTest, BestUrlPrefersDoiThenPubMedThenDailyMedThenUrl) {
  Source s = Article();
  EXPECT_EQ(BestUrl(s), "https://doi.org/10.1056/NEJMoa1607427");
  s.mutable_identifiers()->clear_doi();
  EXPECT_EQ(BestUrl(s), "https://pubmed.ncbi.nlm.nih.gov/28076709/");
  EXPECT_EQ(BestUrl(Label()), kDailyMed);
  EXPECT_EQ(BestUrl(Guideline()), "https://www.nccn.org/guidelines/neuroendocrine");
  EXPECT_EQ(BestUrl(Source()), "");
}

// ---------------------------------------------------------------- pieces

TEST(ReferenceTest, ParseAuthorForms) {
  const AuthorName nlm = ParseAuthor("Smith JA");
  EXPECT_EQ(nlm.family, "Smith");
  EXPECT_THAT(nlm.initials, ElementsAre("J", "A"));
  const AuthorName given = ParseAuthor("Smith, John Andrew");
  EXPECT_EQ(given.family, "Smith");
  EXPECT_THAT(given.initials, ElementsAre("J", "A"));
  EXPECT_THAT(ParseAuthor("Smith, J. A.").initials, ElementsAre("J", "A"));
  EXPECT_THAT(ParseAuthor("Dupont, Jean-Pierre").initials, ElementsAre("J-P"));
  EXPECT_EQ(ParseAuthor("Smith JA Jr").suffix, "Jr");
  EXPECT_EQ(ParseAuthor("van der Berg J").family, "van der Berg");
  EXPECT_EQ(ParseAuthor("ESMO Guidelines Committee").literal, "ESMO Guidelines Committee");
  EXPECT_EQ(ParseAuthor("Writing Group for the WHI").literal, "Writing Group for the WHI");  // not initials "WHI"
  EXPECT_EQ(ParseAuthor("Plato").literal, "Plato");
}

TEST(ReferenceTest, SentenceCase) {
  EXPECT_EQ(SentenceCase("Effect of Aspirin on Cardiovascular Events in Type 2 Diabetes"),
            "Effect of aspirin on cardiovascular events in type 2 diabetes");
  // Acronyms, mixed case and words with digits kept; first word after a
  // colon kept as written.
  EXPECT_EQ(SentenceCase("PRRT With 177Lu-DOTATATE in GEP-NETs: A Systematic Review of mTOR Outcomes"),
            "PRRT with 177Lu-DOTATATE in GEP-NETs: A systematic review of mTOR outcomes");
  // Already sentence case: unchanged, proper nouns included.
  EXPECT_EQ(SentenceCase("Hodgkin lymphoma in the United States and Canada"),
            "Hodgkin lymphoma in the United States and Canada");
  EXPECT_EQ(SentenceCase(""), "");
}

TEST(ReferenceTest, ParseDate) {
  EXPECT_EQ(ParseDate("2020").year, 2020);
  EXPECT_EQ(ParseDate("2020-06").month, 6);
  EXPECT_EQ(ParseDate("2020-06-15").day, 15);
  EXPECT_EQ(ParseDate("June 2020").year, 0);
  EXPECT_EQ(ParseDate("2020-13").year, 0);
}

}  // namespace
}  // namespace medbrief::citation

namespace medbrief::citation {
namespace {

// Odd field values (empty, special characters, invalid UTF-8, newlines, odd
// dates and pages) in every style: CSL-JSON stays valid JSON, RIS ends with
// "ER  -" and has single-line fields, BibTeX braces balance.
TEST(StylesRobustnessTest, OddFieldsInEveryStyle) {
  const std::vector<std::string> values = {"", "x", "A & B {c} 50% $5 #1 _u ~ ^ \\", "\xff\xc3", "a\nb\r\nc",
                                           "  spaced  ", "2020-02-30", "2020-1", "311-", "-320", "e1234",
                                           "Smith", "Smith JA", ", JA", "ABCDE FGHIJ", "10.1000/{odd}"};
  uint64_t state = 7;
  const auto pick = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return values[(state >> 33) % values.size()];
  };
  for (int round = 0; round < 300; ++round) {
    Source s;
    s.set_kind(static_cast<content::v1::SourceKind>(1 + round % 3));
    s.set_title(pick());
    for (int a = round % 9; a > 0; --a) s.add_authors(pick());
    s.set_journal(round % 2 ? pick() : "");
    s.set_issuer(pick());
    s.set_manufacturer(pick());
    s.set_version(pick());
    s.set_published_date(pick());
    s.set_volume(pick());
    s.set_issue(pick());
    s.set_pages(pick());
    s.mutable_identifiers()->set_doi(pick());
    s.mutable_identifiers()->set_pmid(pick());
    s.mutable_identifiers()->set_spl_set_id(pick());
    s.mutable_identifiers()->set_url(pick());
    for (auto style : {v1::AMA, v1::VANCOUVER, v1::APA, v1::CSL_JSON, v1::BIBTEX, v1::RIS}) {
      const std::string text = Format(s, style);
      EXPECT_THAT(text, Not(HasSubstr("undefined")));
      if (style == v1::CSL_JSON) {
        EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded()) << text;
      } else if (style == v1::RIS) {
        EXPECT_THAT(text, testing::EndsWith("ER  -"));
        for (const auto& line : absl::StrSplit(text, '\n')) {
          EXPECT_TRUE(line.size() >= 5 && line.substr(2, 3) == "  -") << text;
        }
      } else if (style == v1::BIBTEX) {
        int depth = 0;
        for (size_t i = 0; i < text.size(); ++i) {
          if (text[i] == '\\') {
            ++i;  // an escaped character
          } else if (text[i] == '{') {
            ++depth;
          } else if (text[i] == '}') {
            --depth;
            EXPECT_GE(depth, 0) << text;
          }
        }
        EXPECT_EQ(depth, 0) << text;
      } else {
        EXPECT_THAT(text, Not(HasSubstr("\n")));
      }
    }
  }
}

}  // namespace
}  // namespace medbrief::citation
