// PubMed: a PubmedArticleSet (or one PubmedArticle) in NLM's PubMed XML
// (MedlineCitation/Article with the journal, title, abstract and authors,
// PubmedData with the article ids). Each article is one item.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/macros.h"
#include "services/content/importers/importers.h"
#include "services/content/importers/source_fields.h"
#include "services/content/importers/text.h"
#include "services/content/importers/xml.h"

namespace medbrief::content::importers {
namespace {

using xml::Attr;
using xml::Child;
using xml::Children;
using xml::Descend;
using xml::InlineText;

// Evidence levels, strongest first: a publication type (or, for the study
// designs PubMed has no type for, a MeSH heading) and the level it gives.
struct EvidenceRule {
  absl::string_view publication_type;
  absl::string_view mesh_heading;
  absl::string_view level;
};

constexpr EvidenceRule kEvidenceRules[] = {
    {"Meta-Analysis", "", "meta-analysis"},
    {"Systematic Review", "", "systematic review"},
    {"Randomized Controlled Trial", "", "randomized controlled trial"},
    {"Controlled Clinical Trial", "", "controlled clinical trial"},
    {"Clinical Trial", "", "clinical trial"},  // also "Clinical Trial, Phase III" and the like
    {"", "Cohort Studies", "cohort"},
    {"", "Case-Control Studies", "case-control"},
    {"Case Reports", "", "case report"},
    {"Review", "", "review"},
};

absl::Status ArticleError(absl::string_view path, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", problem));
}

// `entry`, or (for publication types with phases) "<entry>, Phase III".
bool HasEntry(const google::protobuf::RepeatedPtrField<std::string>& list, absl::string_view entry) {
  for (const std::string& item : list) {
    if (absl::EqualsIgnoreCase(item, entry) || absl::StartsWithIgnoreCase(item, absl::StrCat(entry, ", "))) {
      return true;
    }
  }
  return false;
}

std::string EvidenceLevel(const v1::Source& source) {
  for (const EvidenceRule& rule : kEvidenceRules) {
    if (!rule.publication_type.empty() && HasEntry(source.publication_types(), rule.publication_type)) {
      return std::string(rule.level);
    }
    if (!rule.mesh_heading.empty() && HasEntry(source.mesh_terms(), rule.mesh_heading)) {
      return std::string(rule.level);
    }
  }
  return "";
}

// PubDate: Year, Month ("Jan" or "01"), Day; or a MedlineDate ("2019
// Jan-Feb", "1998 Dec-1999 Jan", "2000 Spring") whose year is kept.
std::string PublishedDate(pugi::xml_node pub_date) {
  int year = 0;
  if (absl::SimpleAtoi(InlineText(Child(pub_date, "Year")), &year)) {
    int day = 0;
    if (!absl::SimpleAtoi(InlineText(Child(pub_date, "Day")), &day)) day = 0;
    return IsoDate(year, ParseMonth(InlineText(Child(pub_date, "Month"))), day);
  }
  const std::string medline = InlineText(Child(pub_date, "MedlineDate"));
  if (medline.size() >= 4 && absl::SimpleAtoi(medline.substr(0, 4), &year)) return IsoDate(year, 0, 0);
  return "";
}

// "Smith JA" (family name, initials, suffix) or a collective name.
std::string AuthorName(pugi::xml_node author) {
  const std::string collective = InlineText(Child(author, "CollectiveName"));
  if (!collective.empty()) return collective;
  const std::string last = InlineText(Child(author, "LastName"));
  if (last.empty()) return "";
  std::string initials = InlineText(Child(author, "Initials"));
  if (initials.empty()) {
    for (absl::string_view word : absl::StrSplit(InlineText(Child(author, "ForeName")), ' ', absl::SkipEmpty())) {
      initials.push_back(absl::ascii_toupper(static_cast<unsigned char>(word[0])));
    }
  }
  std::string name = last;
  for (const std::string& part : {initials, InlineText(Child(author, "Suffix"))}) {
    if (!part.empty()) absl::StrAppend(&name, " ", part);
  }
  return name;
}

std::string Doi(pugi::xml_node article_node, pugi::xml_node article) {
  for (pugi::xml_node id : Children(Descend(article_node, {"PubmedData", "ArticleIdList"}), "ArticleId")) {
    if (Attr(id, "IdType") == "doi") return InlineText(id);
  }
  for (pugi::xml_node id : Children(article, "ELocationID")) {
    if (Attr(id, "EIdType") == "doi" && Attr(id, "ValidYN") != "N") return InlineText(id);
  }
  return "";
}

std::string Pages(pugi::xml_node article) {
  const pugi::xml_node pagination = Child(article, "Pagination");
  const std::string pages = InlineText(Child(pagination, "MedlinePgn"));
  if (!pages.empty()) return pages;
  const std::string start = InlineText(Child(pagination, "StartPage"));
  const std::string end = InlineText(Child(pagination, "EndPage"));
  return end.empty() || start.empty() ? start : absl::StrCat(start, "-", end);
}

void ReadJournal(pugi::xml_node article, v1::Source* source) {
  const pugi::xml_node journal = Child(article, "Journal");
  const pugi::xml_node issue = Child(journal, "JournalIssue");
  source->set_journal(InlineText(Child(journal, "Title")));
  if (source->journal().empty()) source->set_journal(InlineText(Child(journal, "ISOAbbreviation")));
  source->set_volume(InlineText(Child(issue, "Volume")));
  source->set_issue(InlineText(Child(issue, "Issue")));
  source->set_pages(Pages(article));
  source->set_published_date(PublishedDate(Child(issue, "PubDate")));
  if (source->published_date().empty()) source->set_published_date(PublishedDate(Child(article, "ArticleDate")));
}

void ReadLists(pugi::xml_node citation, pugi::xml_node article, v1::Source* source) {
  for (pugi::xml_node author : Children(Child(article, "AuthorList"), "Author")) {
    if (Attr(author, "ValidYN") == "N") continue;
    std::string name = AuthorName(author);
    if (!name.empty()) source->add_authors(std::move(name));
  }
  for (pugi::xml_node type : Children(Child(article, "PublicationTypeList"), "PublicationType")) {
    std::string name = InlineText(type);
    if (!name.empty()) source->add_publication_types(std::move(name));
  }
  for (pugi::xml_node heading : Children(Child(citation, "MeshHeadingList"), "MeshHeading")) {
    std::string name = InlineText(Child(heading, "DescriptorName"));
    if (!name.empty()) source->add_mesh_terms(std::move(name));
  }
}

// One section per AbstractText, headed by its Label ("Abstract" when it has
// none), coded with its NlmCategory.
void AddAbstract(pugi::xml_node article, v1::Source* source) {
  for (pugi::xml_node text : Children(Child(article, "Abstract"), "AbstractText")) {
    std::string heading = Attr(text, "Label");
    if (heading.empty()) heading = "Abstract";
    AddSection(source, std::move(heading), Attr(text, "NlmCategory"), xml::BlockText(text));
  }
}

absl::StatusOr<v1::Source> ParseArticle(pugi::xml_node node, const std::string& path, std::string* item) {
  const pugi::xml_node citation = Child(node, "MedlineCitation");
  const std::string pmid = InlineText(Child(citation, "PMID"));
  if (pmid.empty()) return ArticleError(path, "MedlineCitation/PMID: required");
  if (!IsPmid(pmid)) return ArticleError(path, absl::StrCat("MedlineCitation/PMID: not a PubMed id: \"", pmid, "\""));
  *item = absl::StrCat("pmid:", pmid);

  const pugi::xml_node article = Child(citation, "Article");
  v1::Source source;
  source.set_external_id(*item);
  source.set_kind(v1::RESEARCH);
  source.set_title(WithoutFinalPeriod(InlineText(Child(article, "ArticleTitle"))));
  if (source.title().empty()) source.set_title(WithoutFinalPeriod(InlineText(Child(article, "VernacularTitle"))));
  if (source.title().empty()) return ArticleError(path, "MedlineCitation/Article/ArticleTitle: required");
  source.mutable_identifiers()->set_pmid(pmid);
  source.mutable_identifiers()->set_doi(Doi(node, article));
  source.mutable_identifiers()->set_url(absl::StrCat("https://pubmed.ncbi.nlm.nih.gov/", pmid, "/"));
  ReadJournal(article, &source);
  ReadLists(citation, article, &source);
  source.set_evidence_level(EvidenceLevel(source));
  source.set_status(HasEntry(source.publication_types(), "Retracted Publication") ? v1::RETRACTED : v1::CURRENT);
  AddAbstract(article, &source);
  if (source.sections().empty()) {
    return ArticleError(path, "MedlineCitation/Article/Abstract: no abstract text (a source needs a section)");
  }
  const absl::Status fit = FitToLimits(&source);
  if (!fit.ok()) return ArticleError(path, fit.message());
  return source;
}

ParsedItem ParseItem(pugi::xml_node node, size_t index) {
  ParsedItem parsed;
  const std::string path = absl::StrCat("PubmedArticleSet/", xml::LocalName(node), "[", index + 1, "]");
  if (xml::LocalName(node) != "PubmedArticle") {
    parsed.source = ArticleError(path, "only PubmedArticle is supported");
  } else {
    parsed.source = ParseArticle(node, path, &parsed.item);
  }
  if (parsed.item.empty()) parsed.item = absl::StrCat("#", index);
  return parsed;
}

}  // namespace

absl::StatusOr<std::vector<ParsedItem>> ParsePubmedXml(absl::string_view text) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(xml::Parse(text, &doc));
  const pugi::xml_node root = doc.document_element();
  std::vector<ParsedItem> items;
  if (xml::LocalName(root) == "PubmedArticle") {
    items.push_back(ParseItem(root, 0));
    return items;
  }
  if (xml::LocalName(root) != "PubmedArticleSet") {
    return absl::InvalidArgumentError(
        absl::StrCat("root element is <", root.name(), ">, expected <PubmedArticleSet> or <PubmedArticle>"));
  }
  for (pugi::xml_node node : root.children()) {
    const absl::string_view name = xml::LocalName(node);
    if (node.type() == pugi::node_element && (name == "PubmedArticle" || name == "PubmedBookArticle")) {
      items.push_back(ParseItem(node, items.size()));
    }
  }
  return items;
}

}  // namespace medbrief::content::importers
