#pragma once

// A free-text query as weighted index terms: the query's own terms (weight
// 1 per occurrence) plus the terms of the expansions of any abbreviation it
// contains, written as in the vocabulary ("PRRT", "GEP-NET").

#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"
#include "common/text/analyzer.h"
#include "services/content/search/index.h"

namespace medbrief::content::search {

std::vector<QueryTerm> BuildQuery(absl::string_view query, const text::Analyzer& analyzer,
                                  const text::Abbreviations& abbreviations);

}  // namespace medbrief::content::search
