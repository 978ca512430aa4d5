#pragma once

// An Answer as a page for a terminal: the question, the review banner, the
// sections with their [n] markers, the numbered references with the support
// verdict of each cited sentence, follow-up questions, the disclaimer, and
// what was left out when a dependency failed. Text is wrapped at `width`.

#include <string>

#include "medbrief/answer/v1/answer.pb.h"

namespace medbrief::cli {

std::string AnswerPage(const answer::v1::Answer& answer, int width = 88);

}  // namespace medbrief::cli
