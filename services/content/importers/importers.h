#pragma once

// The content service's importers: real-format documents to Source messages.
// Pure parsing, no I/O: every function takes the document's bytes and either
// returns sources or INVALID_ARGUMENT saying what is wrong and where (element
// path or JSON field). Nothing throws and no input crashes them. The formats
// and their mapping are described in docs/IMPORT_FORMATS.md.
//
// Every returned Source has a non-empty external_id and title, a kind, a
// status, and at least one section with non-empty text; text is plain UTF-8
// (see text_renderer.h for its layout); every field is within the limits of
// content.proto (XML fields are cut to fit, JSONL fields over a limit are an
// error).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::content::importers {

namespace v1 = ::medbrief::content::v1;

// One item of a multi-item payload.
struct ParsedItem {
  // The item's external_id when it could be read, otherwise "#<n>": the line
  // number for JSONL, the 0-based article index for PubMed.
  std::string item;
  absl::StatusOr<v1::Source> source;
};

// One line of JSONL: our schema (external_id, kind, title, sections, ...) or
// a BEIR corpus line ({"_id", "title", "text", "metadata"}).
absl::StatusOr<v1::Source> ParseJsonlLine(absl::string_view line);

// A JSONL payload of any number of lines; blank lines are skipped. Lines are
// numbered from `first_line`, and error messages start with "line <n>: ".
std::vector<ParsedItem> ParseJsonl(absl::string_view payload, int first_line);

// One FDA Structured Product Label (HL7 v3 SPL <document>).
absl::StatusOr<v1::Source> ParseSplXml(absl::string_view xml);

// One National Guideline Clearinghouse summary (<Version> document). The
// summary itself carries no NGC id (the archive has it only in file names):
// external_id is "ngc:<n>" from `ngc_id` when given (a file name or id such
// as "ngc-10737.xml", "ngc-10737", "NGC:010737", "10737"), else from an `id`
// attribute on the root element, else "ngc:h<16 hex digits>", a fingerprint
// of the title and bibliographic source, stable for the same document.
absl::StatusOr<v1::Source> ParseNgcXml(absl::string_view xml);
absl::StatusOr<v1::Source> ParseNgcXml(absl::string_view xml, absl::string_view ngc_id);

// A PubmedArticleSet (or a single PubmedArticle). Each article is parsed on
// its own: a bad one is an error item and the rest still parse. The call
// itself fails only when the document is not XML or its root is neither.
absl::StatusOr<std::vector<ParsedItem>> ParsePubmedXml(absl::string_view xml);

}  // namespace medbrief::content::importers
