#include "services/answer/follow_ups.h"

#include <deque>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

std::string SubjectKey(absl::string_view term) { return absl::StrJoin(AnalyzedTerms(term), " "); }

// "therapies", "analogs" (not "ablation", "stasis", "bus").
bool LooksPlural(absl::string_view term) {
  return absl::EndsWith(term, "s") && !absl::EndsWith(term, "ss") && !absl::EndsWith(term, "us") &&
         !absl::EndsWith(term, "is");
}

std::string Question(const Mention& m) {
  switch (m.category) {
    case TermCategory::kDrug:
      return absl::StrCat("What are the side effects of ", m.term, "?");
    case TermCategory::kTherapy:
      return absl::StrCat(LooksPlural(m.term) ? "When are " : "When is ", m.term, " used?");
    case TermCategory::kTest:
      return absl::StrCat("How is ", m.term, " used for monitoring?");
    default:
      return "";
  }
}

}  // namespace

std::vector<std::string> SuggestFollowUps(absl::string_view question, const std::vector<std::string>& evidence,
                                          const Lexicon& lexicon, int max_questions) {
  absl::flat_hash_set<std::string> seen;
  for (const Mention& m : lexicon.Find(question)) {
    seen.insert(SubjectKey(m.term));
  }
  std::deque<Mention> by_category[3];
  // The questions are taken round robin from the three queues: once each
  // queue holds as many mentions as its turns among max_questions, later
  // sentences (which only add at the ends) change nothing.
  const auto decided = [&] {
    for (int slot = 0; slot < 3; ++slot) {
      const int turns = max_questions > slot ? (max_questions - slot - 1) / 3 + 1 : 0;
      if (static_cast<int>(by_category[slot].size()) < turns) return false;
    }
    return true;
  };
  for (const std::string& sentence : evidence) {
    if (decided()) break;
    for (Mention& m : lexicon.Find(sentence)) {
      int slot = -1;
      if (m.category == TermCategory::kDrug) {
        slot = 0;
      } else if (m.category == TermCategory::kTherapy) {
        slot = 1;
      } else if (m.category == TermCategory::kTest) {
        slot = 2;
      }
      if (slot < 0 || !seen.insert(SubjectKey(m.term)).second) {
        continue;
      }
      by_category[slot].push_back(std::move(m));
    }
  }
  std::vector<std::string> out;
  bool any = true;
  while (static_cast<int>(out.size()) < max_questions && any) {
    any = false;
    for (std::deque<Mention>& queue : by_category) {
      if (queue.empty() || static_cast<int>(out.size()) >= max_questions) {
        continue;
      }
      out.push_back(Question(queue.front()));
      queue.pop_front();
      any = true;
    }
  }
  return out;
}

}  // namespace medbrief::answer
