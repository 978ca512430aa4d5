#pragma once

// Reading whole files, and the files a path names, for the tools and the
// vocabularies loaded by path.
//
//   ASSIGN_OR_RETURN(std::string text, io::ReadFile(path));
//   for (const std::string& file : io::FilesUnder(dir)) ...

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace medbrief::io {

// The file's bytes; NOT_FOUND ("cannot read <path>") when it cannot be opened.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// `path` itself when it is not a directory, else every regular file under
// it, recursively, sorted by path.
std::vector<std::string> FilesUnder(const std::string& path);

}  // namespace medbrief::io
