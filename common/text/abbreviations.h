#pragma once

// Abbreviations and their expansions, for query expansion ("PRRT" ->
// "peptide receptor radionuclide therapy") and plain-language rewriting.
//
// Two file formats are read:
//   - medbrief's own (common/text/vocab/abbreviations.tsv, embedded in the
//     binaries): `ABBREVIATION<TAB>expansion` per line, # comments;
//   - the CSV of ../shared/data/vocab/abbreviations/*.csv:
//     `Abbreviation/Shorthand,Meaning,More Info` with a header line and
//     RFC 4180 quoting.
// Lookups are case-sensitive on the abbreviation as written.

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace medbrief::text {

class Abbreviations {
 public:
  // medbrief's embedded vocabulary.
  static const Abbreviations& Builtin();

  void Add(absl::string_view abbreviation, absl::string_view expansion);
  absl::Status AddTsv(absl::string_view content);
  absl::Status AddCsv(absl::string_view content);
  // A .tsv or .csv file, or every such file in a directory.
  absl::Status AddPath(const std::string& path);

  // The expansions of `token` as written, in the order added (empty if none).
  const std::vector<std::string>& Find(absl::string_view token) const;
  size_t size() const { return entries_.size(); }

  // Calls `visit` once per abbreviation with its expansions (in the order
  // added), for building reverse lookups (expansion -> abbreviation). The
  // order of abbreviations is unspecified.
  void ForEach(const std::function<void(absl::string_view abbreviation,
                                        const std::vector<std::string>& expansions)>& visit) const;

 private:
  absl::flat_hash_map<std::string, std::vector<std::string>> entries_;
};

}  // namespace medbrief::text
