#pragma once

// BEIR-format data for the retrieval evaluation and the search benchmark:
// a corpus (JSONL of {"_id","title","text"}), queries ({"_id","text"}) and
// qrels (TSV: query-id, corpus-id, score, with a header line). Corpus
// documents go through the same importer, chunker and index as production.

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/metrics/metrics.h"
#include "services/content/search/index.h"

namespace medbrief::bench {

struct Query {
  std::string id;
  std::string text;
};

// Loads the corpus into `index` (AddBatch + Publish). Returns, per source id,
// the document's BEIR _id.
absl::StatusOr<absl::flat_hash_map<std::string, std::string>> LoadCorpus(const std::string& path,
                                                                        content::search::SearchIndex& index,
                                                                        size_t* text_bytes);

absl::StatusOr<std::vector<Query>> LoadQueries(const std::string& path);

// query id -> (doc id -> relevance)
absl::StatusOr<std::map<std::string, std::map<std::string, int>>> LoadQrels(const std::string& path);

using metrics::ResidentBytes;  // common/metrics

}  // namespace medbrief::bench
