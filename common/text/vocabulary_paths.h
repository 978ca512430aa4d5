#pragma once

// A vocabulary extended by the files or folders a service flag names,
// comma-separated: --abbreviations (content, answer), --plain_language
// (answer).
//
//   ASSIGN_OR_RETURN(text::Abbreviations abbreviations,
//                    text::WithPaths(text::Abbreviations::Builtin(), config.abbreviations, "--abbreviations"));
//
// `Vocabulary` has `absl::Status AddPath(const std::string&)`. A path that
// cannot be read is INVALID_ARGUMENT naming the flag: a service refuses to
// start on it.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace medbrief::text {

template <typename Vocabulary>
absl::StatusOr<Vocabulary> WithPaths(Vocabulary vocabulary, absl::string_view paths, absl::string_view flag) {
  for (absl::string_view path : absl::StrSplit(paths, ',', absl::SkipWhitespace())) {
    if (absl::Status added = vocabulary.AddPath(std::string(absl::StripAsciiWhitespace(path))); !added.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(flag, ": ", added.message()));
    }
  }
  return vocabulary;
}

}  // namespace medbrief::text
