#pragma once

// Formatted references of content sources: CitationService.FormatReference
// and Citation.formatted / Citation.url.
//
//   absl::StatusOr<std::string> text = FormatReference(source, v1::VANCOUVER);
//
// Styles (the rules each follows are written at the top of its file):
//   AMA (default, also for REFERENCE_STYLE_UNSPECIFIED)  style_ama.cc
//   VANCOUVER (ICMJE / NLM Citing Medicine)              style_vancouver.cc
//   APA (7th edition)                                    style_apa.cc
//   CSL_JSON (one CSL 1.0.2 item, a JSON object)         style_csl_json.cc
//   BIBTEX (one entry)                                   style_bibtex.cc
//   RIS (one record, ending with "ER  -")                style_ris.cc
// for the three kinds of source: a journal article (RESEARCH, or a GUIDELINE
// with a journal), a guideline (issuing body, title, version, year, DOI or
// URL) and a drug label (product title, manufacturer, revision date =
// published_date, SPL set id and its DailyMed page). Fields a source lacks
// are left out with their punctuation; nothing prints "undefined".
// Authors are read as in reference.h (ParseAuthor); article titles are put
// in sentence case for AMA, Vancouver and APA (SentenceCase), journal names
// are printed as given (abbreviate them upstream for AMA and Vancouver).

#include <string>

#include "absl/status/statusor.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::citation {

// The reference of `source` in `style`. INVALID_ARGUMENT "style" for a value
// outside the enum, "source.kind" for SOURCE_KIND_UNSPECIFIED.
absl::StatusOr<std::string> FormatReference(const content::v1::Source& source, v1::ReferenceStyle style);

// Citation.url: https://doi.org/<doi>, else the PubMed page of its pmid, else
// the DailyMed page of its SPL set id, else its url; "" when it has none.
std::string BestUrl(const content::v1::Source& source);

}  // namespace medbrief::citation
