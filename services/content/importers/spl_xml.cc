// SPL: FDA Structured Product Labeling, an HL7 v3 <document> in the
// urn:hl7-org:v3 namespace (matched by local name here).

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

constexpr absl::string_view kUnclassified = "42229-5";  // "SPL unclassified section"
constexpr int kMaxSectionDepth = 32;

// Names of the common LOINC section codes (FDA's sections.csv), for sections
// without a title of their own.
constexpr std::pair<absl::string_view, absl::string_view> kSectionNames[] = {
    {"34066-1", "Boxed Warning"},
    {"34067-9", "Indications and Usage"},
    {"34068-7", "Dosage and Administration"},
    {"43678-2", "Dosage Forms and Strengths"},
    {"34070-3", "Contraindications"},
    {"43685-7", "Warnings and Precautions"},
    {"34071-1", "Warnings"},
    {"42232-9", "Precautions"},
    {"34072-9", "General Precautions"},
    {"34084-4", "Adverse Reactions"},
    {"34073-7", "Drug Interactions"},
    {"34074-5", "Drug and/or Laboratory Test Interactions"},
    {"34075-2", "Laboratory Tests"},
    {"43684-0", "Use in Specific Populations"},
    {"42228-7", "Pregnancy"},
    {"34077-8", "Teratogenic Effects"},
    {"34078-6", "Nonteratogenic Effects"},
    {"34079-4", "Labor and Delivery"},
    {"34080-2", "Nursing Mothers"},
    {"34081-0", "Pediatric Use"},
    {"34082-8", "Geriatric Use"},
    {"42227-9", "Drug Abuse and Dependence"},
    {"34085-1", "Controlled Substance"},
    {"34086-9", "Abuse"},
    {"34087-7", "Dependence"},
    {"34088-5", "Overdosage"},
    {"34089-3", "Description"},
    {"34090-1", "Clinical Pharmacology"},
    {"43679-0", "Mechanism of Action"},
    {"43681-6", "Pharmacodynamics"},
    {"43682-4", "Pharmacokinetics"},
    {"66106-6", "Pharmacogenomics"},
    {"49489-8", "Microbiology"},
    {"43680-8", "Nonclinical Toxicology"},
    {"34083-6", "Carcinogenesis, Mutagenesis, Impairment of Fertility"},
    {"34091-9", "Animal Pharmacology and/or Toxicology"},
    {"34092-7", "Clinical Studies"},
    {"34093-5", "References"},
    {"34069-5", "How Supplied"},
    {"44425-7", "Storage and Handling"},
    {"34076-0", "Information for Patients"},
    {"68498-5", "Patient Medication Information"},
    {"42231-1", "Medication Guide"},
    {"42230-3", "Patient Package Insert"},
    {"59845-8", "Instructions for Use"},
    {"43683-2", "Recent Major Changes"},
    {"60561-8", "Other Safety Information"},
    {"55106-9", "Active Ingredient"},
    {"55105-1", "Purpose"},
    {"51727-6", "Inactive Ingredients"},
    {"50570-1", "Do Not Use"},
    {"50569-3", "Ask a Doctor"},
    {"50568-5", "Ask a Doctor or Pharmacist"},
    {"50567-7", "When Using"},
    {"50566-9", "Stop Use"},
    {"50565-1", "Keep Out of Reach of Children"},
    {"53414-9", "Pregnancy or Breast Feeding"},
    {"53413-1", "Questions"},
    {"51945-4", "Package Label: Principal Display Panel"},
};

absl::string_view SectionName(absl::string_view code) {
  for (const auto& [c, name] : kSectionNames) {
    if (c == code) return name;
  }
  return {};
}

// "20130930" (or with a time after it) to "2013-09-30"; shorter values give
// a partial date.
std::string DateFromTimestamp(absl::string_view value) {
  int year = 0, month = 0, day = 0;
  if (value.size() < 4 || !absl::SimpleAtoi(value.substr(0, 4), &year)) return "";
  if (value.size() < 6 || !absl::SimpleAtoi(value.substr(4, 2), &month)) month = 0;
  if (value.size() < 8 || !absl::SimpleAtoi(value.substr(6, 2), &day)) day = 0;
  return IsoDate(year, month, day);
}

// PLR labels open their title with the highlights disclaimer ("These
// highlights do not include all the information needed to use X safely and
// effectively. See full prescribing information for X."): the product line
// after it is the title.
std::string WithoutHighlightsDisclaimer(std::string title) {
  constexpr absl::string_view kMarker = "full prescribing information for";
  if (!absl::StartsWithIgnoreCase(title, "These highlights")) return title;
  const std::string lower = absl::AsciiStrToLower(title);
  const size_t marker = absl::string_view(lower).find(kMarker);
  if (marker == std::string::npos) return title;
  const size_t period = title.find('.', marker + kMarker.size());
  if (period == std::string::npos) return title;
  const absl::string_view rest = absl::StripAsciiWhitespace(absl::string_view(title).substr(period + 1));
  return rest.empty() ? title : std::string(rest);
}

// Where the sections of a parent put their children: the heading path and
// the code a child without a specific one inherits.
struct Parent {
  std::string heading;
  std::string code;
};

// Adds `section` (its own text) and, after it, its subsections.
absl::Status AddSectionTree(pugi::xml_node section, const Parent& parent, int depth, v1::Source* source) {
  if (depth > kMaxSectionDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat(xml::Path(section), ": sections nested deeper than ", kMaxSectionDepth, " levels"));
  }
  const std::string own_code = Attr(Child(section, "code"), "code");
  std::string title = InlineText(Child(section, "title"));
  if (title.empty() && own_code != kUnclassified) title = std::string(SectionName(own_code));
  Parent self;
  self.heading = JoinHeadings(parent.heading, title);
  self.code = (own_code.empty() || own_code == kUnclassified) && !parent.code.empty() ? parent.code : own_code;
  AddSection(source, self.heading, self.code, xml::BlockText(Child(section, "text")));
  for (pugi::xml_node component : Children(section, "component")) {
    for (pugi::xml_node child : Children(component, "section")) {
      RETURN_IF_ERROR(AddSectionTree(child, self, depth + 1, source));
    }
  }
  return absl::OkStatus();
}

// "Haloperidol tablet", "Humira (adalimumab) kit": one product as DailyMed
// names it.
std::string ProductName(pugi::xml_node product) {
  // A name's <suffix> is a word of its own: "TRIAMINIC<suffix>Childrens
  // Night Time Cold and Cough</suffix>".
  std::vector<std::string> parts;
  for (pugi::xml_node part : Child(product, "name").children()) {
    std::string text;
    if (part.type() == pugi::node_element) {
      text = InlineText(part);
    } else if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) {
      text = CollapseWhitespace(part.value());
    }
    if (!text.empty()) parts.push_back(std::move(text));
  }
  const std::string name = absl::StrJoin(parts, " ");
  if (name.empty()) return "";
  std::string out = name;
  const std::string generic = InlineText(Descend(product, {"asEntityWithGeneric", "genericMedicine", "name"}));
  if (!generic.empty() && !absl::EqualsIgnoreCase(generic, name)) absl::StrAppend(&out, " (", generic, ")");
  const std::string form = Attr(Child(product, "formCode"), "displayName");
  if (!form.empty()) absl::StrAppend(&out, " ", absl::AsciiStrToLower(form));
  return out;
}

// The products of the label's product data sections, in order, without
// repeats.
std::vector<std::string> ProductNames(pugi::xml_node body) {
  std::vector<std::string> names;
  for (pugi::xml_node component : Children(body, "component")) {
    for (pugi::xml_node subject : Children(Child(component, "section"), "subject")) {
      const pugi::xml_node outer = Child(subject, "manufacturedProduct");
      for (absl::string_view inner : {"manufacturedProduct", "manufacturedMedicine"}) {
        std::string name = ProductName(Child(outer, inner));
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
          names.push_back(std::move(name));
        }
      }
    }
  }
  return names;
}

// The title of a label without one: "Haloperidol tablet [Contract Pharmacy
// Services-PA]", DailyMed's form.
std::string BuiltTitle(pugi::xml_node body, const v1::Source& source) {
  std::string title = absl::StrJoin(ProductNames(body), ", ");
  if (title.empty()) title = absl::StrCat("Drug label ", source.identifiers().spl_set_id());
  if (!source.manufacturer().empty()) absl::StrAppend(&title, " [", source.manufacturer(), "]");
  return title;
}

}  // namespace

absl::StatusOr<v1::Source> ParseSplXml(absl::string_view text) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(xml::Parse(text, &doc));
  const pugi::xml_node root = doc.document_element();
  if (xml::LocalName(root) != "document") {
    return absl::InvalidArgumentError(
        absl::StrCat("root element is <", root.name(), ">, expected <document> (HL7 SPL)"));
  }
  const std::string set_id = Attr(Child(root, "setId"), "root");
  if (set_id.empty()) return absl::InvalidArgumentError("document/setId/@root: required");

  v1::Source source;
  source.set_external_id(absl::StrCat("spl:", set_id));
  source.set_kind(v1::DRUG_LABEL);
  source.set_status(v1::CURRENT);
  source.set_issuer("FDA");
  source.set_version(Attr(Child(root, "versionNumber"), "value"));
  source.set_published_date(DateFromTimestamp(Attr(Child(root, "effectiveTime"), "value")));
  source.set_manufacturer(
      InlineText(Descend(root, {"author", "assignedEntity", "representedOrganization", "name"})));
  source.mutable_identifiers()->set_spl_set_id(set_id);
  source.mutable_identifiers()->set_url(
      absl::StrCat("https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=", set_id));

  const pugi::xml_node body = Descend(root, {"component", "structuredBody"});
  if (!body) return absl::InvalidArgumentError("document/component/structuredBody: required");
  for (pugi::xml_node component : Children(body, "component")) {
    for (pugi::xml_node section : Children(component, "section")) {
      RETURN_IF_ERROR(AddSectionTree(section, Parent{}, 0, &source));
    }
  }
  source.set_title(WithoutHighlightsDisclaimer(InlineText(Child(root, "title"))));
  // An over-the-counter label's title is often the panel's heading, "Drug
  // Facts": it names no product, in a reference or in an answer.
  if (source.title().empty() || absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(source.title()), "Drug Facts")) {
    source.set_title(BuiltTitle(body, source));
  }
  const absl::Status fit = FitToLimits(&source);
  if (!fit.ok()) return absl::InvalidArgumentError(absl::StrCat("document: ", fit.message()));
  return source;
}

}  // namespace medbrief::content::importers
