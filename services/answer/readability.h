#pragma once

// Flesch-Kincaid grade level:
//   0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
// Words are the tokens with a letter (numbers and [n] markers are not
// words); sentences are counted with SplitSentences (sentences.h), at least
// one when there is a word. Empty text has grade 0.
//
// Syllables are estimated per word (lower-cased, letters only):
//   - a word of up to 3 letters has 1;
//   - a final silent ending is dropped: "es" or "ed" (not after t or d:
//     "treated" keeps it), or "e" (not "le" after a consonant: "table");
//   - a leading "y" is a consonant;
//   - each run of vowels (a, e, i, o, u, y) is one syllable; at least 1.
// It is right for most words and off by one for some ("created" 2 instead of
// 3, "beautiful" 4 instead of 3), as such heuristics are.

#include <vector>

#include "absl/strings/string_view.h"
#include "services/answer/compose.h"

namespace medbrief::answer {

int CountSyllables(absl::string_view word);

double FleschKincaidGrade(absl::string_view text);

// The grade of the draft's sentences together, as its sections show them
// but without the product names that head some drug-label sentences
// (DraftSentence::product). A name is the same for every audience, and the
// reader has to know it whatever its syllables: the grade measures the
// wording (services/answer/README.md, "Reading grade", has what the names
// would add on the sample corpus).
double ReadingGrade(const Draft& draft);

}  // namespace medbrief::answer
