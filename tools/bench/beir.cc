#include "tools/bench/beir.h"


#include <fstream>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/content/content_service.h"
#include "services/content/importers/importers.h"

namespace medbrief::bench {

absl::StatusOr<absl::flat_hash_map<std::string, std::string>> LoadCorpus(const std::string& path,
                                                                        content::search::SearchIndex& index,
                                                                        size_t* text_bytes) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  absl::flat_hash_map<std::string, std::string> doc_ids;
  std::vector<content::IndexedPassage> batch;
  std::string line;
  int line_number = 0;
  *text_bytes = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    absl::StatusOr<content::v1::Source> source = content::importers::ParseJsonlLine(line);
    if (!source.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ":", line_number, ": ", source.status().message()));
    source->set_id(content::SourceIdFor(source->external_id()));
    source->set_status(content::v1::CURRENT);
    doc_ids[source->id()] = source->external_id();
    for (const auto& section : source->sections()) *text_bytes += section.text().size();
    *text_bytes += source->title().size();
    for (content::v1::Passage& p : content::PassagesOf(*source)) {
      batch.push_back(content::IndexedPassage{std::move(p), source->kind(), source->status(), source->published_date(),
                                              source->title(), 1});
    }
    if (batch.size() >= 50000) index.AddBatch(std::exchange(batch, {}));
  }
  if (!batch.empty()) index.AddBatch(std::move(batch));
  index.Publish();
  return doc_ids;
}

absl::StatusOr<std::vector<Query>> LoadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<Query> queries;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("_id") || !j.contains("text")) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": not a BEIR query line: ", line.substr(0, 80)));
    }
    const auto& id = j["_id"];
    queries.push_back(Query{id.is_string() ? id.get<std::string>() : id.dump(), j["text"].get<std::string>()});
  }
  return queries;
}

absl::StatusOr<std::map<std::string, std::map<std::string, int>>> LoadQrels(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::map<std::string, std::map<std::string, int>> qrels;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() < 3) continue;
    int score = 0;
    if (!absl::SimpleAtoi(fields[2], &score)) {
      if (header) {
        header = false;
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat(path, ": bad score in ", line));
    }
    header = false;
    if (score > 0) qrels[fields[0]][fields[1]] = score;
  }
  return qrels;
}


}  // namespace medbrief::bench
