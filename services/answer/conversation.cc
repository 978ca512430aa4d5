#include "services/answer/conversation.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/answer/label_sections.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

const absl::flat_hash_set<absl::string_view>& ReferringWords() {
  static const auto* const kWords = new absl::flat_hash_set<absl::string_view>{
      "it", "its", "they", "them", "their", "this", "that", "these", "those"};
  return *kWords;
}

std::vector<std::string> LowerWords(absl::string_view text) {
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(text, absl::ByAnyChar(" \t\n?.,!;:"), absl::SkipEmpty())) {
    words.push_back(absl::AsciiStrToLower(w));
  }
  return words;
}

// The question without its lead-in and final punctuation.
std::string Rest(absl::string_view question) {
  absl::string_view rest = absl::StripAsciiWhitespace(question);
  while (!rest.empty() && (rest.back() == '?' || rest.back() == '.' || rest.back() == '!')) {
    rest.remove_suffix(1);
  }
  for (absl::string_view lead : {"what about ", "how about ", "and "}) {
    if (absl::StartsWithIgnoreCase(rest, lead)) {
      rest.remove_prefix(lead.size());
      break;
    }
  }
  return std::string(absl::StripAsciiWhitespace(rest));
}

}  // namespace

ConversationContext ExtractContext(absl::string_view question, const Lexicon& lexicon) {
  const std::vector<Mention> mentions = lexicon.Find(question);
  return {MentionsOf(mentions, TermCategory::kDrug), MentionsOf(mentions, TermCategory::kCondition)};
}

std::string ResolveFollowUp(absl::string_view follow_up, const ConversationContext& previous,
                            const Lexicon& lexicon) {
  const ConversationContext own = ExtractContext(follow_up, lexicon);
  const std::string subject =
      absl::StrJoin(previous.drugs.empty() ? previous.conditions : previous.drugs, " and ");
  const std::vector<std::string> words = LowerWords(follow_up);
  bool refers_back = false;
  for (const std::string& word : words) {
    refers_back = refers_back || ReferringWords().contains(word);
  }
  const absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(follow_up);
  const bool lead_in = absl::StartsWithIgnoreCase(trimmed, "and ") ||
                       absl::StartsWithIgnoreCase(trimmed, "what about ") ||
                       absl::StartsWithIgnoreCase(trimmed, "how about ");
  const bool follows = (refers_back || lead_in || words.size() <= 3) && own.drugs.empty() && own.conditions.empty();
  if (!follows || subject.empty()) {
    return std::string(follow_up);
  }
  const LabelIntent intent = DetectLabelIntent(follow_up);
  if (intent.safety) {
    return absl::StrCat("What are the side effects of ", subject, "?");
  }
  if (intent.dose) {
    return absl::StrCat("What is the dose of ", subject, "?");
  }
  if (intent.indication) {
    return absl::StrCat("What is ", subject, " used for?");
  }
  for (const std::string& word : words) {
    if (word == "monitor" || word == "monitoring" || word == "monitored" || word == "surveillance" ||
        word == "follow-up" || word == "followup") {
      return absl::StrCat("How is ", subject, " monitored?");
    }
  }
  std::vector<std::string> rest;
  bool substituted = false;
  for (absl::string_view word : absl::StrSplit(Rest(follow_up), ' ', absl::SkipEmpty())) {
    const std::string lower = absl::AsciiStrToLower(word);
    if (lower == "it" || lower == "them" || lower == "they") {
      rest.push_back(subject);
      substituted = true;
    } else if (lower == "its" || lower == "their") {
      rest.push_back(absl::StrCat(subject, "'s"));
      substituted = true;
    } else {
      rest.emplace_back(word);
    }
  }
  if (substituted && !lead_in) {
    // A question of its own ("Does it interact with alcohol?"): its words,
    // with the subject for the pronoun.
    std::string question = absl::StrCat(absl::StrJoin(rest, " "), "?");
    question[0] = absl::ascii_toupper(static_cast<unsigned char>(question[0]));
    return question;
  }
  if (substituted) {
    return absl::StrCat("What about ", absl::StrJoin(rest, " "), "?");
  }
  return absl::StrCat("What about ", absl::StrJoin(rest, " "), " for ", subject, "?");
}

}  // namespace medbrief::answer
