#include "tools/cli/answer_page.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace medbrief::cli {
namespace {

// `text` wrapped at `width` columns, the first line after `first`, the rest
// indented by `indent` spaces.
std::string Wrap(absl::string_view text, absl::string_view first, size_t indent, size_t width) {
  std::string out(first);
  size_t column = first.size();
  bool line_start = true;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line_start && column + 1 + word.size() > width) {
      absl::StrAppend(&out, "\n", std::string(indent, ' '));
      column = indent;
      line_start = true;
    }
    if (!line_start) {
      out.push_back(' ');
      ++column;
    }
    absl::StrAppend(&out, word);
    column += word.size();  // bytes: close enough for wrapping
    line_start = false;
  }
  out.push_back('\n');
  return out;
}

std::string Rule(size_t width) {
  std::string rule;
  for (size_t i = 0; i < width; ++i) rule += "\u2500";
  return rule + "\n";
}

absl::string_view VerdictWord(citation::v1::Verdict verdict) {
  switch (verdict) {
    case citation::v1::SUPPORTED:
      return "supported";
    case citation::v1::PARTIAL:
      return "partly supported";
    case citation::v1::UNSUPPORTED:
      return "NOT supported";
    default:
      return "not checked";
  }
}

}  // namespace

std::string AnswerPage(const answer::v1::Answer& answer, int width) {
  const size_t w = static_cast<size_t>(width);
  std::string page;
  absl::StrAppend(&page, Rule(w));
  absl::StrAppend(&page, Wrap(answer.question(), "Q: ", 3, w));
  absl::StrAppend(&page, "For: ", answer::v1::Audience_Name(answer.audience()), "   Review: ",
                  review::v1::ArticleStatus_Name(answer.review().status()), "\n");
  if (!answer.review().banner().empty()) absl::StrAppend(&page, Wrap(answer.review().banner(), "!! ", 3, w));
  absl::StrAppend(&page, Rule(w));
  if (answer.sections().empty()) absl::StrAppend(&page, "\nNo evidence was found for this question.\n");
  for (const answer::v1::Section& section : answer.sections()) {
    absl::StrAppend(&page, "\n", section.title(), "\n\n");
    absl::StrAppend(&page, Wrap(section.summary(), "  ", 2, w));
    for (const std::string& point : section.key_points()) absl::StrAppend(&page, Wrap(point, "  - ", 4, w));
  }
  if (!answer.citations().empty()) {
    absl::StrAppend(&page, "\nReferences\n\n");
    for (const citation::v1::Citation& c : answer.citations()) {
      const std::string number = absl::StrCat("  [", c.number(), "] ");
      absl::StrAppend(&page, Wrap(c.formatted(), number, number.size(), w));
      for (const citation::v1::Support& s : c.support()) {
        std::string line = absl::StrCat(VerdictWord(s.verdict()), absl::StrFormat(" (%.2f)", s.score()));
        if (!s.missing_numbers().empty()) {
          absl::StrAppend(&line, ", missing numbers: ", absl::StrJoin(s.missing_numbers(), ", "));
        }
        absl::StrAppend(&page, std::string(number.size(), ' '), line, "\n");
      }
    }
  }
  if (!answer.follow_up_questions().empty()) {
    absl::StrAppend(&page, "\nYou might also ask\n\n");
    for (const std::string& q : answer.follow_up_questions()) absl::StrAppend(&page, Wrap(q, "  ? ", 4, w));
  }
  absl::StrAppend(&page, "\n", Wrap(answer.disclaimer(), "Note: ", 6, w));
  for (const std::string& reason : answer.degraded_reasons()) absl::StrAppend(&page, Wrap(reason, "Missing: ", 9, w));
  absl::StrAppend(&page, absl::StrFormat("\nReading grade %.1f   Answer %s\n", answer.reading_grade(), answer.id()));
  absl::StrAppend(&page, Rule(w));
  return page;
}

}  // namespace medbrief::cli
