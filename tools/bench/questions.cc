#include "tools/bench/questions.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace medbrief::bench {

absl::StatusOr<std::vector<Question>> ReadQuestions(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<Question> questions;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const nlohmann::json j = nlohmann::json::parse(line);
      Question q;
      q.id = j.value("id", absl::StrCat("line ", number));
      q.question = j.at("question").get<std::string>();
      if (!answer::v1::Audience_Parse(j.value("audience", "CLINICIAN"), &q.audience)) {
        return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": unknown audience"));
      }
      if (j.contains("expected")) q.expected = j.at("expected").get<std::vector<std::string>>();
      questions.push_back(std::move(q));
    } catch (const std::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", number, ": ", e.what()));
    }
  }
  return questions;
}

}  // namespace medbrief::bench
