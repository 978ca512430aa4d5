// CSL-JSON (Citation Style Language 1.0.2 data schema): one item object.
//   journal article -> "article-journal" (research without a journal: "article")
//   guideline       -> "report", genre "Clinical practice guideline", the
//                      issuing body as publisher (and as author when no
//                      persons are named)
//   drug label      -> "document", genre "Package insert", the manufacturer as
//                      publisher, DailyMed as archive and the SPL set id as
//                      archive_location, the DailyMed page as URL
// Names as {"family", "given"} with dotted initials, groups as {"literal"};
// the date as "issued": {"date-parts": [[year, month, day]]} to the
// precision known. Fields without a value are left out.

#include <nlohmann/json.hpp>

#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation::style {
namespace {

using Json = nlohmann::ordered_json;

void Set(Json& item, const char* field, const std::string& value) {
  if (!value.empty()) item[field] = value;
}

Json Name(const AuthorName& author) {
  Json name;
  if (author.is_group()) {
    name["literal"] = author.literal;
    return name;
  }
  name["family"] = author.family;
  Set(name, "given", DottedInitials(author));
  Set(name, "suffix", author.suffix);
  return name;
}

}  // namespace

std::string CslJson(const Reference& ref) {
  Json item;
  item["id"] = ref.id.empty() ? CitationKey(ref) : ref.id;
  const bool label = ref.kind == content::v1::DRUG_LABEL;
  if (label) {
    item["type"] = "document";
  } else if (IsJournalArticle(ref)) {
    item["type"] = ref.journal.empty() ? "article" : "article-journal";
  } else {
    item["type"] = "report";
  }
  Set(item, "title", ref.title);
  Json authors = Json::array();
  for (const AuthorName& author : ref.authors) authors.push_back(Name(author));
  if (authors.empty() && ref.kind == content::v1::GUIDELINE && !ref.issuer.empty()) {
    authors.push_back(Json{{"literal", ref.issuer}});
  }
  if (!authors.empty()) item["author"] = authors;
  Set(item, "container-title", ref.journal);
  Set(item, "volume", ref.volume);
  Set(item, "issue", ref.issue);
  Set(item, "page", ref.pages);
  if (ref.date.year > 0) {
    Json parts = Json::array({ref.date.year});
    if (ref.date.month > 0) parts.push_back(ref.date.month);
    if (ref.date.month > 0 && ref.date.day > 0) parts.push_back(ref.date.day);
    item["issued"] = Json{{"date-parts", Json::array({parts})}};
  }
  if (label) {
    item["genre"] = "Package insert";
    Set(item, "publisher", ref.manufacturer);
    if (!ref.spl_set_id.empty()) {
      item["archive"] = "DailyMed";
      item["archive_location"] = ref.spl_set_id;
    }
  } else if (ref.kind == content::v1::GUIDELINE) {
    item["genre"] = "Clinical practice guideline";
    Set(item, "publisher", ref.issuer);
  } else if (ref.journal.empty()) {
    Set(item, "publisher", ref.issuer);
  }
  Set(item, "version", ref.version);
  Set(item, "DOI", ref.doi);
  Set(item, "PMID", ref.pmid);
  Set(item, "URL", label ? LabelUrl(ref) : ref.url);
  // Invalid UTF-8 in a field becomes U+FFFD: the text is always valid JSON.
  return item.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace medbrief::citation::style
