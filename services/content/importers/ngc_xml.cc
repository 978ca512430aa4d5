// NGC: a National Guideline Clearinghouse summary, as archived in 2018:
// <Version><Section Name=...><Field Name=... Type=...><FieldValue Value=.../>
// where a text field's value is an HTML fragment (XML-escaped). Fields are
// found by their Name; the first field of a name wins (some appear twice).

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status/macros.h"
#include "services/content/importers/html.h"
#include "services/content/importers/importers.h"
#include "services/content/importers/ngc_citation.h"
#include "services/content/importers/source_fields.h"
#include "services/content/importers/text.h"
#include "services/content/importers/xml.h"

namespace medbrief::content::importers {
namespace {

constexpr absl::string_view kTitleField = "Guideline Title";
constexpr absl::string_view kBibliographicField = "Bibliographic Source(s)";
constexpr absl::string_view kStatusField = "Guideline Status";
constexpr absl::string_view kDeveloperField = "Guideline Developer(s)";
constexpr absl::string_view kReleasedField = "Date Released";
constexpr absl::string_view kAvailabilityField = "Guideline Availability";
constexpr absl::string_view kRecommendationsField = "Major Recommendations";
constexpr absl::string_view kEvidenceSchemeField = "Rating Scheme for the Strength of the Evidence";
constexpr absl::string_view kRecommendationSchemeField = "Rating Scheme for the Strength of the Recommendations";

// Fields kept as sections after the recommendations and the rating scheme,
// in this order: name, section code.
constexpr std::pair<absl::string_view, absl::string_view> kSectionFields[] = {
    {"Clinical Algorithm(s)", "clinical-algorithm"},
    {"Disease/Condition(s)", "condition"},
    {"Guideline Objective(s)", "objective"},
    {"Target Population", "target-population"},
    {"Interventions and Practices Considered", "interventions"},
    {"Major Outcomes Considered", "outcomes"},
    {"Type of Evidence Supporting the Recommendations", "evidence-type"},
    {"Potential Benefits", "benefits"},
    {"Potential Harms", "harms"},
    {"Contraindications", "contraindications"},
    {"Qualifying Statements", "qualifying-statements"},
    {"FDA Warning/Regulatory Alert", "regulatory-alert"},
};

// Values that say there is nothing.
constexpr absl::string_view kEmptyValues[] = {"none provided", "not stated", "not applicable", "none available",
                                               "none", "not provided", "not specified"};

// Grading schemes recognised by name in a rating scheme's text.
constexpr std::pair<absl::string_view, absl::string_view> kKnownSchemes[] = {
    {"Grading of Recommendations Assessment, Development and Evaluation", "GRADE"},
    {"(GRADE)", "GRADE"},
    {"U.S. Preventive Services Task Force", "USPSTF grades"},
    {"United States Preventive Services Task Force", "USPSTF grades"},
    {"Scottish Intercollegiate Guidelines Network", "SIGN levels of evidence"},
    {"Oxford Centre for Evidence-based Medicine", "Oxford CEBM levels of evidence"},
    {"Oxford Centre for Evidence-Based Medicine", "Oxford CEBM levels of evidence"},
};

struct Field {
  std::string name;
  std::vector<std::string> values;  // HTML fragments
};

// Every <Field> of every <Section>, in document order.
std::vector<Field> ReadFields(pugi::xml_node root) {
  std::vector<Field> fields;
  for (pugi::xml_node section : xml::Children(root, "Section")) {
    for (pugi::xml_node node : xml::Children(section, "Field")) {
      Field field;
      field.name = xml::Attr(node, "Name");
      for (pugi::xml_node value : xml::Children(node, "FieldValue")) {
        // HTML; UTF-8 read as Latin-1 ("Â®") is common in this archive.
        field.values.push_back(RepairMojibake(xml::RawAttr(value, "Value")));
      }
      fields.push_back(std::move(field));
    }
  }
  return fields;
}

const Field* FindField(const std::vector<Field>& fields, absl::string_view name) {
  for (const Field& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

bool IsEmptyValue(absl::string_view text) {
  std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  while (!lower.empty() && (lower.back() == '.' || lower.back() == ':')) lower.pop_back();
  for (absl::string_view empty : kEmptyValues) {
    if (lower == empty) return true;
  }
  return lower.empty();
}

// The field's values as text ("" when absent or saying there is nothing).
std::string FieldText(const std::vector<Field>& fields, absl::string_view name) {
  const Field* field = FindField(fields, name);
  if (field == nullptr) return "";
  std::string text = HtmlToText(absl::StrJoin(field->values, "<br>"));
  return IsEmptyValue(text) ? "" : text;
}

std::string FieldLine(const std::vector<Field>& fields, absl::string_view name) {
  return CollapseWhitespace(FieldText(fields, name));
}

// --- Status -----------------------------------------------------------------

// What `text` says of the guideline, if anything.
std::optional<v1::SourceStatus> StatusIn(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (absl::StrContains(lower, "current release") || absl::StrContains(lower, "is current")) return v1::CURRENT;
  if (absl::StrContains(lower, "withdrawn") || absl::StrContains(lower, "withdrew")) return v1::WITHDRAWN;
  for (absl::string_view word : {"superseded", "replaced", "updated", "archived", "no longer current"}) {
    if (absl::StrContains(lower, word)) return v1::SUPERSEDED;
  }
  return std::nullopt;
}

// The Guideline Status field's first sentence decides ("This is the current
// release of the guideline. This guideline updates a previous version: ..."
// is current), else the whole text; CURRENT when it says nothing.
v1::SourceStatus StatusFromText(absl::string_view text) {
  const std::optional<v1::SourceStatus> first = StatusIn(text.substr(0, text.find(". ")));
  return first.value_or(StatusIn(text).value_or(v1::CURRENT));
}

// --- Bibliographic source -----------------------------------------------------

// The PubMed id linked from a citation ("...&list_uids=26412345").
std::string LinkedPmid(absl::string_view html) {
  constexpr absl::string_view kKey = "list_uids=";
  const size_t at = html.find(kKey);
  if (at == absl::string_view::npos) return "";
  const absl::string_view rest = html.substr(at + kKey.size());
  const size_t digits = std::min(rest.find_first_not_of("0123456789"), rest.size());
  return std::string(rest.substr(0, digits));
}

// The first http(s) link of an HTML fragment.
std::string FirstLink(absl::string_view html) {
  for (size_t at = html.find("href="); at != absl::string_view::npos; at = html.find("href=", at + 5)) {
    absl::string_view rest = html.substr(at + 5);
    if (!rest.empty() && (rest[0] == '"' || rest[0] == '\'')) {
      const char quote = rest[0];
      rest.remove_prefix(1);
      rest = rest.substr(0, rest.find(quote));
    } else {
      rest = rest.substr(0, rest.find_first_of(" \t\n>"));
    }
    const std::string url = CollapseWhitespace(DecodeEntities(rest));
    if (IsHttpUrl(url)) return url;
  }
  return "";
}

// The developers' names: "CancerControl Alberta - State/Local Government
// Agency [Non-U.S.]" names "CancerControl Alberta".
std::vector<std::string> Developers(const std::vector<Field>& fields) {
  const Field* field = FindField(fields, kDeveloperField);
  if (field == nullptr) return {};
  std::vector<std::string> names;
  for (const std::string& value : field->values) {
    std::string name = CleanLine(value);
    const size_t dash = name.rfind(" - ");
    if (dash != std::string::npos) name.resize(dash);
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

void ReadBibliography(const std::vector<Field>& fields, v1::Source* source) {
  const Field* bibliography = FindField(fields, kBibliographicField);
  const std::string html = bibliography == nullptr || bibliography->values.empty() ? "" : bibliography->values[0];
  const std::string citation = CleanLine(html);
  const std::vector<std::string> developers = Developers(fields);
  source->set_issuer(developers.empty() ? CitationPublisher(citation) : absl::StrJoin(developers, "; "));
  source->set_published_date(CitationDate(citation));
  if (source->published_date().empty()) source->set_published_date(ReleasedDate(FieldLine(fields, kReleasedField)));
  for (std::string& author : CitationAuthors(citation, developers)) source->add_authors(std::move(author));
  source->mutable_identifiers()->set_pmid(LinkedPmid(html));
  const Field* availability = FindField(fields, kAvailabilityField);
  if (availability != nullptr && !availability->values.empty()) {
    source->mutable_identifiers()->set_url(FirstLink(availability->values[0]));
  }
}

// --- Evidence and sections ----------------------------------------------------

// A short name for a rating scheme: a known one, else its first line.
std::string SchemeLabel(absl::string_view scheme) {
  if (scheme.empty()) return "";
  for (const auto& [needle, label] : kKnownSchemes) {
    if (absl::StrContains(scheme, needle)) return std::string(label);
  }
  absl::string_view first = scheme.substr(0, scheme.find('\n'));
  if (absl::EndsWith(first, ":")) first.remove_suffix(1);
  if (absl::StartsWith(first, "See the ")) return "";
  return TruncateChars(first, limits::kEvidenceLevel);
}

void AddRatingScheme(const std::vector<Field>& fields, v1::Source* source) {
  const std::string evidence = FieldText(fields, kEvidenceSchemeField);
  const std::string recommendations = FieldText(fields, kRecommendationSchemeField);
  source->set_evidence_level(SchemeLabel(evidence));
  if (source->evidence_level().empty()) source->set_evidence_level(SchemeLabel(recommendations));
  std::vector<std::string> parts;
  if (!evidence.empty()) parts.push_back(absl::StrCat("Strength of the Evidence\n\n", evidence));
  if (!recommendations.empty()) parts.push_back(absl::StrCat("Strength of the Recommendations\n\n", recommendations));
  AddSection(source, "Rating Scheme", "rating-scheme", absl::StrJoin(parts, "\n\n"));
}

void AddRecommendations(const std::vector<Field>& fields, v1::Source* source) {
  const Field* field = FindField(fields, kRecommendationsField);
  if (field == nullptr) return;
  for (TextPart& part : HtmlToParts(absl::StrJoin(field->values, "<br>"))) {
    if (IsEmptyValue(part.text)) continue;
    AddSection(source, JoinHeadings(kRecommendationsField, part.heading), "recommendations", std::move(part.text));
  }
}

// "ngc-10737.xml", "ngc-10737", "NGC:010737", "10737" -> "ngc:10737"; "" when
// there are no digits.
std::string NgcId(absl::string_view hint) {
  const size_t first = hint.find_first_of("0123456789");
  if (first == absl::string_view::npos) return "";
  absl::string_view digits = hint.substr(first);
  digits = digits.substr(0, digits.find_first_not_of("0123456789"));
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return absl::StrCat("ngc:", digits);
}

std::string ExternalId(absl::string_view hint, pugi::xml_node root, const std::vector<Field>& fields,
                       absl::string_view title) {
  const size_t slash = hint.find_last_of('/');
  if (slash != absl::string_view::npos) hint.remove_prefix(slash + 1);
  std::string id = NgcId(hint);
  if (id.empty()) id = NgcId(xml::Attr(root, "id"));
  if (id.empty()) {
    const uint64_t fingerprint = Fingerprint(absl::StrCat(title, "\n", FieldLine(fields, kBibliographicField)));
    id = absl::StrFormat("ngc:h%016x", fingerprint);
  }
  return id;
}

}  // namespace

absl::StatusOr<v1::Source> ParseNgcXml(absl::string_view text) { return ParseNgcXml(text, ""); }

absl::StatusOr<v1::Source> ParseNgcXml(absl::string_view text, absl::string_view ngc_id) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(xml::Parse(text, &doc));
  const pugi::xml_node root = doc.document_element();
  if (xml::LocalName(root) != "Version") {
    return absl::InvalidArgumentError(
        absl::StrCat("root element is <", root.name(), ">, expected <Version> (an NGC summary)"));
  }
  const std::vector<Field> fields = ReadFields(root);
  v1::Source source;
  source.set_title(WithoutFinalPeriod(FieldLine(fields, kTitleField)));
  if (source.title().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("Version/Section/Field[@Name='", kTitleField, "']: required"));
  }
  source.set_external_id(ExternalId(ngc_id, root, fields, source.title()));
  source.set_kind(v1::GUIDELINE);
  source.set_status(StatusFromText(FieldLine(fields, kStatusField)));
  ReadBibliography(fields, &source);
  AddRecommendations(fields, &source);
  AddRatingScheme(fields, &source);
  for (const auto& [name, code] : kSectionFields) {
    AddSection(&source, std::string(name), std::string(code), FieldText(fields, name));
  }
  if (source.sections().empty() || source.sections(0).code() != "recommendations") {
    return absl::InvalidArgumentError(
        absl::StrCat("Version/Section/Field[@Name='", kRecommendationsField, "']: required"));
  }
  const absl::Status fit = FitToLimits(&source);
  if (!fit.ok()) return absl::InvalidArgumentError(absl::StrCat("Version: ", fit.message()));
  return source;
}

}  // namespace medbrief::content::importers
