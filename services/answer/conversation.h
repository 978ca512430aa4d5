#pragma once

// Follow-up questions of a conversation, resolved into full questions.
//
//   Lexicon lexicon;                        // lexicon.h
//   ConversationContext context = ExtractContext("Is everolimus used for pNET?", lexicon);
//   ResolveFollowUp("what about its side effects?", context, lexicon)
//       == "What are the side effects of everolimus?"
//
// A question is a follow-up when it names no drug or condition of its own
// and either refers back (it, its, they, them, their, this, that, these,
// those) or starts with "and", "what about", "how about", or has at most
// three words. It is then rewritten about the previous question's drugs
// (joined with "and"), or, when it had none, its conditions:
//   side effects / safety / risks (label_sections.h)  What are the side effects of S?
//   dose                                              What is the dose of S?
//   indication / used for / approved                  What is S used for?
//   monitor / monitoring / follow-up / surveillance   How is S monitored?
//   a question of its own naming it/its/they/them     <its words with S>?
//     ("Does it interact with alcohol?",               ("Does S interact with alcohol?",
//     "Who should not take it?")                         "Who should not take S?")
//   anything else                                     What about <the rest> for S?
// where <the rest> is the question without its lead-in ("and", "what about",
// "how about") and final punctuation, with "it/them/they" replaced by S and
// "its/their" by "S's" (then without " for S"). Any other question, or any
// question when the previous one named nothing, comes back as asked.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/answer/lexicon.h"

namespace medbrief::answer {

struct ConversationContext {
  std::vector<std::string> drugs;
  std::vector<std::string> conditions;
};

ConversationContext ExtractContext(absl::string_view question, const Lexicon& lexicon);

std::string ResolveFollowUp(absl::string_view follow_up, const ConversationContext& previous,
                            const Lexicon& lexicon);

}  // namespace medbrief::answer
