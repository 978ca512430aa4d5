// The shared text layer: HTML and XML markup to plain text, entities,
// whitespace, UTF-8 repair and truncation.

#include <string>

#include "gtest/gtest.h"
#include "services/content/importers/html.h"
#include "services/content/importers/text.h"
#include "services/content/importers/text_renderer.h"

namespace medbrief::content::importers {
namespace {

TEST(HtmlToTextTest, ParagraphsAndBreaks) {
  EXPECT_EQ(HtmlToText("<p>One</p>\n<p>Two<br>two b</p><div>Three</div>"), "One\n\nTwo\ntwo b\n\nThree");
  EXPECT_EQ(HtmlToText("  text   with\n\t spaces  "), "text with spaces");
  EXPECT_EQ(HtmlToText("<p></p><p>  </p>"), "");
  EXPECT_EQ(HtmlToText("a<hr>b"), "a\n\nb");
}

TEST(HtmlToTextTest, InlineMarkupKeepsWordsTogether) {
  EXPECT_EQ(HtmlToText("<i>Helicobacter</i> <b>pylori</b> and <span>H.</span><em>pylori</em>"),
            "Helicobacter pylori and H.pylori");
  EXPECT_EQ(HtmlToText("<a href=\"x\">link</a>, <u>under</u>"), "link, under");
}

TEST(HtmlToTextTest, UnorderedAndOrderedLists) {
  EXPECT_EQ(HtmlToText("<p>Intro:</p><ul><li>first</li><li>second</li></ul><p>After</p>"),
            "Intro:\n\n- first\n- second\n\nAfter");
  EXPECT_EQ(HtmlToText("<ol><li>one<li>two</ol>"), "1. one\n2. two");
  EXPECT_EQ(HtmlToText("<ol start=\"3\"><li>c</li><li>d</li></ol>"), "3. c\n4. d");
  EXPECT_EQ(HtmlToText("<ol type=\"a\"><li>x</li><li>y</li></ol>"), "a. x\nb. y");
  EXPECT_EQ(HtmlToText("<ol style=\"list-style-type: upper-roman;\"><li>x</li><li>y</li><li>z</li><li>w</li></ol>"),
            "I. x\nII. y\nIII. z\nIV. w");
}

TEST(HtmlToTextTest, NestedListsAreIndented) {
  EXPECT_EQ(HtmlToText("<ol><li>Drug A<ol style=\"list-style-type: lower-alpha\"><li>dose</li><li>route</li></ol>"
                       "</li><li>Drug B<ul><li>note</li></ul></li></ol>"),
            "1. Drug A\n  a. dose\n  b. route\n2. Drug B\n  - note");
}

TEST(HtmlToTextTest, ParagraphsInsideListItemsStayWithTheItem) {
  EXPECT_EQ(HtmlToText("<ul><li><p>first para</p><p>second para</p></li><li>next</li></ul>"),
            "- first para\nsecond para\n- next");
}

TEST(HtmlToTextTest, EmptyListItemsLeaveNoBullet) {
  EXPECT_EQ(HtmlToText("<ul><li></li><li> </li><li>real</li></ul>"), "- real");
}

TEST(HtmlToTextTest, TablesFlattenToRows) {
  EXPECT_EQ(HtmlToText("<p>Before</p><table><caption>Table 1. Doses</caption>"
                       "<tbody><tr><td>Drug A</td><td>10 mg</td></tr></tbody>"
                       "<thead><tr><th>Drug</th><th>Dose</th></tr></thead>"
                       "<tfoot><tr><td colspan=\"2\">Footer</td></tr></tfoot></table><p>After</p>"),
            "Before\n\nTable 1. Doses\nDrug | Dose\nDrug A | 10 mg\nFooter\n\nAfter");
}

TEST(HtmlToTextTest, TableCellsAreFlat) {
  EXPECT_EQ(HtmlToText("<table><tr><td><p>a</p><p>b</p></td><td>c<br>d</td><td><ul><li>x</li><li>y</li></ul></td></tr>"
                       "</table>"),
            "a b | c d | x; y");
}

TEST(HtmlToTextTest, EmptyCellsKeepTheirPlaceButNotAtTheEnd) {
  EXPECT_EQ(HtmlToText("<table><tr><td>a</td><td>&nbsp;</td><td>c</td><td></td></tr><tr><td></td></tr></table>"),
            "a | | c");
}

TEST(HtmlToTextTest, UnclosedCellsAndRowsAreImplied) {
  EXPECT_EQ(HtmlToText("<table><tr><td>a<td>b<tr><td>c<td>d</table>"), "a | b\nc | d");
  EXPECT_EQ(HtmlToText("<table><td>no row</td></table>"), "no row");
}

TEST(HtmlToTextTest, NestedTableGoesInline) {
  EXPECT_EQ(HtmlToText("<table><tr><td>outer</td><td><table><tr><td>i1</td><td>i2</td></tr>"
                       "<tr><td>i3</td></tr></table></td></tr></table>"),
            "outer | i1 | i2; i3");
}

TEST(HtmlToTextTest, EntitiesAreDecoded) {
  EXPECT_EQ(HtmlToText("a &amp; b &lt;5&gt; &ndash; &#8805;&#x3b1; &nbsp;x&quot;&apos;"), "a & b <5> – ≥α x\"'");
  EXPECT_EQ(HtmlToText("&#150;&#153;"), "–™");  // Windows-1252 range, as browsers read it
  EXPECT_EQ(HtmlToText("&bgr;-blocker, 5 &mgr;g"), "β-blocker, 5 μg");
  EXPECT_EQ(HtmlToText("&#0;&#xD800;&#99999999;"), "\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(HtmlToText("AT&T &unknown; & &amp"), "AT&T &unknown; & &amp");
}

TEST(HtmlToTextTest, LessThanThatIsNotATagStaysText) {
  EXPECT_EQ(HtmlToText("p<0.05 and age <45 years, a < b"), "p<0.05 and age <45 years, a < b");
  EXPECT_EQ(HtmlToText("x <y"), "x <y");  // never closed: text, not a tag
}

TEST(HtmlToTextTest, CommentsScriptsAndDeclarationsAreDropped) {
  EXPECT_EQ(HtmlToText("<!DOCTYPE html><!-- note -->a<script>var x = '<p>';</script>b<style>p{}</style>c<?pi x?>"),
            "abc");
  EXPECT_EQ(HtmlToText("a<![CDATA[ <kept> ]]>b"), "a <kept> b");
}

TEST(HtmlToTextTest, ImagesGiveTheirAltText) {
  EXPECT_EQ(HtmlToText("RRL <img alt=\"radioactive\" src=\"r.gif\"/><img src=\"x.gif\">"), "RRL radioactive");
}

TEST(HtmlToTextTest, SuperscriptsGetACaret) {
  EXPECT_EQ(HtmlToText("10<sup>9</sup>/L, m<sup>2</sup>, 10<sup>-3</sup>, days<sup>a</sup>, Brand<sup>&reg;</sup>, "
                       "CD4<sup>+</sup>, H<sub>2</sub>O"),
            "10^9/L, m^2, 10^-3, days^a, Brand®, CD4+, H2O");
}

TEST(HtmlToTextTest, TypedBulletsBecomeListItems) {
  EXPECT_EQ(HtmlToText("<p>&bull; one</p><p>&#9679;two</p>"), "- one\n\n- two");
  EXPECT_EQ(HtmlToText("<ul><li>&bull; already a list</li></ul>"), "- already a list");
}

TEST(HtmlToTextTest, StrayEndTagsAreIgnored) {
  EXPECT_EQ(HtmlToText("</p></li></table>text</div>"), "text");
  EXPECT_EQ(HtmlToText("<p>a<div>b</div>c</p>"), "a\n\nb\n\nc");
}

TEST(HtmlToTextTest, InvalidUtf8AndControlsAreCleaned) {
  EXPECT_EQ(HtmlToText("a\xff" "b\x01" "c\x7f" "d\u200be"), "a\uFFFD" "bcde");
  EXPECT_EQ(HtmlToText("\uFB01ne e\uFB00ort non\u2011breaking"), "fine effort non-breaking");
}

TEST(HtmlToPartsTest, BoldParagraphsBecomeHeadings) {
  const auto parts = HtmlToParts(
      "<p>Preamble.</p><p><strong>First</strong></p><p>one</p>"
      "<p><b>Group</b></p><h3>Sub</h3><ul><li>two</li></ul>"
      "<p><strong>Label:</strong> not a heading</p><p><strong>Definitions</strong>:</p><p>three</p>");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0].heading, "");
  EXPECT_EQ(parts[0].text, "Preamble.");
  EXPECT_EQ(parts[1].heading, "First");
  EXPECT_EQ(parts[1].text, "one");
  EXPECT_EQ(parts[2].heading, "Group > Sub");
  EXPECT_EQ(parts[2].text, "- two\n\nLabel: not a heading");
  EXPECT_EQ(parts[3].heading, "Definitions");
  EXPECT_EQ(parts[3].text, "three");
}

TEST(HtmlToPartsTest, BoldInsideListsOrTablesIsNotAHeading) {
  const auto parts = HtmlToParts("<ul><li><strong>Item</strong></li></ul><table><tr><td><b>Cell</b></td></tr></table>");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].text, "- Item\n\nCell");
}

TEST(HtmlToPartsTest, ATrailingHeadingIsKeptAsText) {
  const auto parts = HtmlToParts("<p>text</p><p><b>Last</b></p>");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].text, "text\n\nLast");
}

TEST(TextRendererTest, SplVocabulary) {
  TextRenderer r;
  r.Start("paragraph", {});
  r.Text("Take ");
  r.Start("content", {{"styleCode", "bold"}});
  r.Text("twice");
  r.End("content");
  r.Text(" daily");
  r.Start("footnote", {{"ID", "f1"}});
  r.Text("with food");
  r.End("footnote");
  r.Text(".");
  r.End("paragraph");
  r.Start("list", {{"listType", "ordered"}, {"styleCode", "LittleAlpha"}});
  r.Start("item", {});
  r.Text("first");
  r.Start("footnoteRef", {{"IDREF", "f1"}});
  r.End("footnoteRef");
  r.End("item");
  r.End("list");
  EXPECT_EQ(r.Finish(), "Take twice daily[1].\n\na. first[1]\n\n[1] with food");
}

TEST(TextRendererTest, NamespacePrefixesAndCaseAreIgnored) {
  TextRenderer r;
  r.Start("hl7:Paragraph", {});
  r.Text("a");
  r.End("hl7:PARAGRAPH");
  r.Start("P", {});
  r.Text("b");
  r.End("p");
  EXPECT_EQ(r.Finish(), "a\n\nb");
}

TEST(CleanPlainTextTest, NewlinesKeepTheirMeaning) {
  EXPECT_EQ(CleanPlainText("Line one\nline two\n\n\n\nPara   two\r\n- item\n- item 2"),
            "Line one\nline two\n\nPara two\n- item\n- item 2");
}

TEST(CleanPlainTextTest, OnlyCommonTagsAreMarkup) {
  EXPECT_EQ(CleanPlainText("Treat <b>acromegaly</b> &amp; x<y and z>w, <unknown>kept</unknown>"),
            "Treat acromegaly & x<y and z>w, <unknown>kept</unknown>");
}

TEST(CleanLineTest, OneLine) {
  EXPECT_EQ(CleanLine("<div>Title<br/>second line</div>\n<p>third</p>"), "Title second line third");
}

TEST(DecodeEntitiesTest, Basics) {
  EXPECT_EQ(DecodeEntities("&lt;div class=&quot;x&quot;&gt;&amp;nbsp;"), "<div class=\"x\">&nbsp;");
  EXPECT_EQ(DecodeEntities("&;&#;&#x;&#xZZ;&toolongtobeanentitynameatallreally;"),
            "&;&#;&#x;&#xZZ;&toolongtobeanentitynameatallreally;");
}

TEST(CollapseWhitespaceTest, AllKindsOfSpace) {
  EXPECT_EQ(CollapseWhitespace(" a\u00a0\u2009b \n\t c "), "a b c");
  EXPECT_EQ(CollapseWhitespace("\xff"), "\uFFFD");
}

TEST(RepairMojibakeTest, LatinOneDoubleEncoding) {
  EXPECT_EQ(RepairMojibake("Clearinghouse\u00e2\u0084\u00a2 Criteria\u00c2\u00ae caf\u00c3\u00a9"),
            "Clearinghouse™ Criteria® café");
  EXPECT_EQ(RepairMojibake("café Ångström naïve"), "café Ångström naïve");  // correct text is left alone
  EXPECT_EQ(RepairMojibake("\u00c3"), "\u00c3");
}

TEST(TruncateCharsTest, WordBoundaryAndCodePoints) {
  EXPECT_EQ(TruncateChars("short", 10), "short");
  EXPECT_EQ(TruncateChars("alpha beta gamma delta", 13), "alpha beta");
  EXPECT_EQ(TruncateChars("alpha beta", 10), "alpha beta");
  EXPECT_EQ(TruncateChars("abcdefghij", 4), "abcd");
  EXPECT_EQ(TruncateChars("ααααα", 3), "ααα");
}

TEST(FirstSentenceTest, StopsAtSentenceEnd) {
  EXPECT_EQ(FirstSentence("Dose was 2.5 mg daily. Next sentence.", 200), "Dose was 2.5 mg daily");
  EXPECT_EQ(FirstSentence("Is it safe? Yes.", 200), "Is it safe?");
  EXPECT_EQ(FirstSentence("no end at all", 200), "no end at all");
  EXPECT_EQ(FirstSentence("word word word word", 12), "word word");
}

TEST(FingerprintTest, Stable) {
  EXPECT_EQ(Fingerprint(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fingerprint("a"), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace medbrief::content::importers
