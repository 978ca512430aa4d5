#pragma once

// The question sets of the answer evaluation and benchmark
// (tools/eval/questions.jsonl: one {"id", "question", "audience",
// "expected"} object per line; see tools/eval/README.md).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "medbrief/answer/v1/answer.pb.h"

namespace medbrief::bench {

struct Question {
  std::string id;
  std::string question;
  answer::v1::Audience audience = answer::v1::CLINICIAN;
  std::vector<std::string> expected;  // external ids; any one cited is a hit
};

absl::StatusOr<std::vector<Question>> ReadQuestions(const std::string& path);

}  // namespace medbrief::bench
