// JSONL: one source per line, in our schema (docs/IMPORT_FORMATS.md) or as a
// BEIR corpus line. nlohmann::json throws; every exception stops in this file.

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/macros.h"
#include "common/validation/fields.h"
#include "nlohmann/json.hpp"
#include "services/content/importers/html.h"
#include "services/content/importers/importers.h"
#include "services/content/importers/source_fields.h"
#include "services/content/importers/text.h"

namespace medbrief::content::importers {
namespace {

using nlohmann::json;
using validation::Invalid;
using StringList = google::protobuf::RepeatedPtrField<std::string>;

// A BEIR line without a title gets its text's first sentence, this long at most.
constexpr size_t kBeirTitleChars = 200;

// String fields: JSONL name, proto3 JSON name (also accepted), whether the
// value is prose (markup and entities rendered, one line) or a token
// (only trimmed), and where it goes.
struct StringField {
  absl::string_view name;
  absl::string_view json_name;
  bool prose;
  std::string* (*target)(v1::Source*);
};

constexpr StringField kStringFields[] = {
    {"external_id", "externalId", false, [](v1::Source* s) { return s->mutable_external_id(); }},
    {"title", "title", true, [](v1::Source* s) { return s->mutable_title(); }},
    {"issuer", "issuer", true, [](v1::Source* s) { return s->mutable_issuer(); }},
    {"published_date", "publishedDate", false, [](v1::Source* s) { return s->mutable_published_date(); }},
    {"doi", "doi", false, [](v1::Source* s) { return s->mutable_identifiers()->mutable_doi(); }},
    {"pmid", "pmid", false, [](v1::Source* s) { return s->mutable_identifiers()->mutable_pmid(); }},
    {"spl_set_id", "splSetId", false, [](v1::Source* s) { return s->mutable_identifiers()->mutable_spl_set_id(); }},
    {"url", "url", false, [](v1::Source* s) { return s->mutable_identifiers()->mutable_url(); }},
    {"version", "version", true, [](v1::Source* s) { return s->mutable_version(); }},
    {"evidence_level", "evidenceLevel", true, [](v1::Source* s) { return s->mutable_evidence_level(); }},
    {"journal", "journal", true, [](v1::Source* s) { return s->mutable_journal(); }},
    {"volume", "volume", false, [](v1::Source* s) { return s->mutable_volume(); }},
    {"issue", "issue", false, [](v1::Source* s) { return s->mutable_issue(); }},
    {"pages", "pages", false, [](v1::Source* s) { return s->mutable_pages(); }},
    {"manufacturer", "manufacturer", true, [](v1::Source* s) { return s->mutable_manufacturer(); }},
};

struct ListField {
  absl::string_view name;
  absl::string_view json_name;
  StringList* (*target)(v1::Source*);
};

constexpr ListField kListFields[] = {
    {"authors", "authors", [](v1::Source* s) { return s->mutable_authors(); }},
    {"mesh_terms", "meshTerms", [](v1::Source* s) { return s->mutable_mesh_terms(); }},
    {"publication_types", "publicationTypes", [](v1::Source* s) { return s->mutable_publication_types(); }},
};

// Set by the server: accepted and ignored, as content.proto says.
constexpr absl::string_view kOutputOnly[] = {"id",          "superseded_by", "supersededBy", "status_reason",
                                             "statusReason", "create_time",   "createTime",   "update_time",
                                             "updateTime",   "etag"};

// Keys of both kinds of line that are not string or list fields.
constexpr absl::string_view kOtherKeys[] = {"kind", "status", "identifiers"};
// Keys only a BEIR line has ("sentences": SciFact's copy of the text split
// into sentences; ignored like "metadata").
constexpr absl::string_view kBeirKeys[] = {"_id", "text", "metadata", "sentences"};
// Keys inside "identifiers".
constexpr absl::string_view kIdentifierKeys[] = {"doi", "pmid", "spl_set_id", "splSetId", "url"};

const StringField* FindStringField(absl::string_view key) {
  for (const StringField& f : kStringFields) {
    if (key == f.name || key == f.json_name) return &f;
  }
  return nullptr;
}

const ListField* FindListField(absl::string_view key) {
  for (const ListField& f : kListFields) {
    if (key == f.name || key == f.json_name) return &f;
  }
  return nullptr;
}

template <size_t N>
bool OneOf(absl::string_view key, const absl::string_view (&keys)[N]) {
  for (absl::string_view k : keys) {
    if (k == key) return true;
  }
  return false;
}

bool IsKnownKey(absl::string_view key, bool beir) {
  if (FindStringField(key) != nullptr || FindListField(key) != nullptr || OneOf(key, kOutputOnly) ||
      OneOf(key, kOtherKeys)) {
    return true;
  }
  return beir ? OneOf(key, kBeirKeys) : key == "sections";
}

std::string Quote(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

absl::Status CheckKeys(const json& object, bool beir) {
  std::vector<std::string> unknown;
  for (const auto& [key, value] : object.items()) {
    if (!IsKnownKey(key, beir)) unknown.push_back(Quote(key));
  }
  if (unknown.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("unknown field", unknown.size() > 1 ? "s " : " ", absl::StrJoin(unknown, ", ")));
}

absl::Status WrongType(absl::string_view field, absl::string_view expected, const json& value) {
  return Invalid(field, absl::StrCat("must be ", expected, ", not ", value.type_name()));
}

absl::StatusOr<std::string> ReadString(const json& value, absl::string_view field) {
  if (!value.is_string()) return WrongType(field, "a string", value);
  return value.get_ref<const std::string&>();
}

absl::Status ReadList(const json& value, absl::string_view field, StringList* out) {
  if (!value.is_array()) return WrongType(field, "an array of strings", value);
  for (size_t i = 0; i < value.size(); ++i) {
    ASSIGN_OR_RETURN(std::string entry, ReadString(value[i], absl::StrCat(field, "[", i, "]")));
    *out->Add() = CleanLine(entry);
  }
  return absl::OkStatus();
}

template <typename Enum>
absl::StatusOr<Enum> ReadEnum(const json& value, absl::string_view field, bool (*parse)(const std::string&, Enum*),
                              std::initializer_list<absl::string_view> allowed) {
  ASSIGN_OR_RETURN(std::string name, ReadString(value, field));
  Enum parsed;
  const std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(name));
  for (absl::string_view a : allowed) {
    if (upper == a && parse(upper, &parsed)) return parsed;
  }
  std::vector<std::string> quoted;
  for (absl::string_view a : allowed) quoted.push_back(Quote(a));
  return Invalid(field, absl::StrCat("must be one of ", absl::StrJoin(quoted, ", "), ", not ", Quote(name)));
}

// Reads one line's fields into a Source; `seen` catches a field given twice
// (flat and in "identifiers", or under both of its names).
class LineReader {
 public:
  absl::Status Read(const json& object, v1::Source* source) {
    for (const auto& [key, value] : object.items()) {
      if (value.is_null()) continue;  // same as absent
      RETURN_IF_ERROR(ReadKey(key, value, source));
    }
    return absl::OkStatus();
  }

  const std::string& beir_text() const { return beir_text_; }
  bool has_kind() const { return has_kind_; }

 private:
  absl::Status Once(absl::string_view name) {
    if (!seen_.insert(std::string(name)).second) return Invalid(name, "given twice");
    return absl::OkStatus();
  }

  absl::Status ReadKey(const std::string& key, const json& value, v1::Source* source) {
    if (const StringField* field = FindStringField(key)) return ReadStringField(*field, value, source);
    if (const ListField* field = FindListField(key)) {
      RETURN_IF_ERROR(Once(field->name));
      return ReadList(value, field->name, field->target(source));
    }
    if (key == "kind") {
      has_kind_ = true;
      ASSIGN_OR_RETURN(v1::SourceKind kind, ReadEnum<v1::SourceKind>(value, "kind", v1::SourceKind_Parse,
                                                                     {"GUIDELINE", "DRUG_LABEL", "RESEARCH"}));
      source->set_kind(kind);
      return absl::OkStatus();
    }
    if (key == "status") {
      ASSIGN_OR_RETURN(v1::SourceStatus status,
                       ReadEnum<v1::SourceStatus>(value, "status", v1::SourceStatus_Parse,
                                                  {"CURRENT", "SUPERSEDED", "RETRACTED", "WITHDRAWN"}));
      source->set_status(status);
      return absl::OkStatus();
    }
    if (key == "sections") return ReadSections(value, source);
    if (key == "identifiers") return ReadIdentifiers(value, source);
    if (key == "_id") return ReadBeirId(value, source);
    if (key == "text") {
      ASSIGN_OR_RETURN(beir_text_, ReadString(value, "text"));
      return absl::OkStatus();
    }
    return absl::OkStatus();  // metadata, sentences and output-only fields
  }

  absl::Status ReadStringField(const StringField& field, const json& value, v1::Source* source) {
    RETURN_IF_ERROR(Once(field.name));
    ASSIGN_OR_RETURN(std::string text, ReadString(value, field.name));
    *field.target(source) = field.prose ? CleanLine(text) : std::string(absl::StripAsciiWhitespace(text));
    return absl::OkStatus();
  }

  absl::Status ReadBeirId(const json& value, v1::Source* source) {
    if (value.is_number_integer()) {
      source->set_external_id(value.dump());
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(std::string id, ReadString(value, "_id"));
    source->set_external_id(std::string(absl::StripAsciiWhitespace(id)));
    return absl::OkStatus();
  }

  absl::Status ReadIdentifiers(const json& value, v1::Source* source) {
    if (!value.is_object()) return WrongType("identifiers", "an object", value);
    for (const auto& [key, inner] : value.items()) {
      if (!OneOf(key, kIdentifierKeys)) return Invalid("identifiers", absl::StrCat("unknown field ", Quote(key)));
      if (!inner.is_null()) RETURN_IF_ERROR(ReadStringField(*FindStringField(key), inner, source));
    }
    return absl::OkStatus();
  }

  absl::Status ReadSections(const json& value, v1::Source* source) {
    if (!value.is_array()) return WrongType("sections", "an array of objects", value);
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string where = absl::StrCat("sections[", i, "]");
      const json& item = value[i];
      if (!item.is_object()) return WrongType(where, "an object", item);
      v1::SourceSection* section = source->add_sections();
      for (const auto& [key, inner] : item.items()) {
        if (inner.is_null()) continue;
        if (key != "heading" && key != "code" && key != "text") {
          return Invalid(where, absl::StrCat("unknown field ", Quote(key)));
        }
        ASSIGN_OR_RETURN(std::string text, ReadString(inner, absl::StrCat(where, ".", key)));
        if (key == "heading") section->set_heading(CleanLine(text));
        if (key == "code") section->set_code(std::string(absl::StripAsciiWhitespace(text)));
        if (key == "text") section->set_text(CleanPlainText(text));
      }
    }
    return absl::OkStatus();
  }

  bool has_kind_ = false;
  std::string beir_text_;
  absl::flat_hash_set<std::string> seen_;
};

// The BEIR parts: the text as the "Abstract" section, a title from its first
// sentence when empty, RESEARCH unless the line says otherwise.
absl::Status CompleteBeir(const LineReader& reader, v1::Source* source) {
  const std::string text = CleanPlainText(reader.beir_text());
  if (text.empty()) return Invalid("text", "is required");
  if (source->title().empty()) source->set_title(FirstSentence(text, kBeirTitleChars));
  if (!reader.has_kind()) source->set_kind(v1::RESEARCH);
  AddSection(source, "Abstract", "", text);
  return absl::OkStatus();
}

// "syntax error while parsing value - invalid literal; last read: 'x'" at
// line 1, column 5, without the library's "[json.exception...]" prefix.
std::string ParseErrorMessage(const json::parse_error& e) {
  absl::string_view what = e.what();
  const size_t bracket = what.find("] ");
  if (absl::StartsWith(what, "[json.exception") && bracket != absl::string_view::npos) what.remove_prefix(bracket + 2);
  return std::string(what);
}

absl::StatusOr<v1::Source> ParseObject(const json& object, std::string* item_id) {
  const bool beir = !object.contains("external_id") && !object.contains("externalId") && object.contains("_id");
  for (const char* key : {"external_id", "externalId", "_id"}) {
    const auto it = object.find(key);
    if (it != object.end() && it->is_string()) {
      *item_id = std::string(absl::StripAsciiWhitespace(it->get_ref<const std::string&>()));
    } else if (it != object.end() && it->is_number_integer()) {
      *item_id = it->dump();
    }
  }
  RETURN_IF_ERROR(CheckKeys(object, beir));
  v1::Source source;
  source.set_status(v1::CURRENT);
  LineReader reader;
  RETURN_IF_ERROR(reader.Read(object, &source));
  if (beir) {
    RETURN_IF_ERROR(CompleteBeir(reader, &source));
  } else if (!reader.has_kind()) {
    return Invalid("kind", "is required");
  }
  RETURN_IF_ERROR(CheckLimits(source));
  return source;
}

absl::StatusOr<v1::Source> ParseLine(absl::string_view line, std::string* item_id) {
  try {
    const json object = json::parse(line.data(), line.data() + line.size());
    if (!object.is_object()) {
      return absl::InvalidArgumentError(absl::StrCat("a line must be a JSON object, not ", object.type_name()));
    }
    return ParseObject(object, item_id);
  } catch (const json::parse_error& e) {
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", ParseErrorMessage(e)));
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", e.what()));
  }
}

}  // namespace

absl::StatusOr<v1::Source> ParseJsonlLine(absl::string_view line) {
  std::string item_id;
  return ParseLine(line, &item_id);
}

std::vector<ParsedItem> ParseJsonl(absl::string_view payload, int first_line) {
  std::vector<ParsedItem> items;
  int number = first_line;
  for (absl::string_view line : absl::StrSplit(payload, '\n')) {
    const int line_number = number++;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    std::string item_id;
    absl::StatusOr<v1::Source> source = ParseLine(line, &item_id);
    if (!source.ok()) {
      source = absl::Status(source.status().code(), absl::StrCat("line ", line_number, ": ", source.status().message()));
    }
    items.push_back({item_id.empty() ? absl::StrCat("#", line_number) : std::move(item_id), std::move(source)});
  }
  return items;
}

}  // namespace medbrief::content::importers
