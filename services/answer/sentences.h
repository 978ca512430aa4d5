#pragma once

// Splitting passage text into sentences, and cleaning them, without
// inventing text: a sentence is a span of the passage with whitespace runs
// collapsed and a leading list marker ("•", "-", "*", "1.", "2)", "(a)")
// removed.
//
// A '.', '!' or '?' ends a sentence when whitespace follows and the next
// word does not start with a lower-case letter, except after
//   - a known abbreviation: e.g., i.e., vs., etc., et al., Dr., Mr., Mrs.,
//     Ms., Prof., Fig., No., approx., cf., ca., St., Jr., Inc., Co., Ltd.,
//     incl., resp., min., max., mo., wk., yr., hr.;
//   - a dotted abbreviation ("e.g.", "U.S.", "q.4 w."): a word with an
//     inner dot, or a single lower-case letter ("w.").
// Decimals ("37.5") never split since no whitespace follows their dot. A
// line break splits when the next line starts with a list marker or the line
// is blank. Closing quotes and brackets after the mark stay with the
// sentence.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::answer {

std::vector<std::string> SplitSentences(absl::string_view text);

// Whitespace runs collapsed to one space, ends trimmed, a leading list
// marker removed.
std::string CleanSentence(absl::string_view sentence);

// The sentence without a label's bracketed cross-references, which point
// into a document the reader does not have: "discontinue treatment [see
// Adverse Reactions (6.1)]." -> "discontinue treatment." A bracket that
// does not open with "see" ("[5]", "[Examplar Inc.]") is kept.
std::string WithoutCrossReferences(absl::string_view sentence);

// A sentence as an answer shows it: WithoutCrossReferences, leading
// whitespace trimmed, without the tags a guideline opens a recommendation
// with (a NICE year tag "[2015]", "[new 2015]", "[2006, amended 2014]"; a
// GRADE code "(2|+++O)"; a footnote mark "‡", "†", "*", "§"), with a
// heading the source ran into it set off as a lead-in ("Symptomatic heart
// failure The decision ..." -> "Symptomatic heart failure: The decision
// ...", "Initial Drug Treatment Offer metformin ..." -> "Initial Drug
// Treatment: Offer metformin ...") or left out when the sentence opens
// with the same words ("Ultrasound Ultrasound (US) is ..." -> "Ultrasound
// (US) is ..."), and a first word in lower case given a capital: one of two
// letters or more followed by a space or punctuation (a label's list item:
// "use enclosed dosing cup only."; "however, ..."; "co-administration
// ..."), or "a" followed by a space. Notation is kept as written: "eGFR", "pNET", "mTOR",
// "t(11;14)", "p.V600E", "n = 24". A number glued to the first word is
// kept too: a footnote's ("1Be aware") cannot be told from an isotope's
// ("177Lu-DOTATATE") or a score's ("4Ts").
std::string AsDisplayed(absl::string_view sentence);

// Whether a text ends as a sentence does: with . or !, closing brackets
// and quotes right after it allowed ('...[see 5.1].', '... "(a)."'), or with
// a closing parenthesis after a sentence or holding a grade
// (recommendations end with theirs: "... cirrhosis. (Strong recommendation,
// moderate quality evidence)", "... is recommended (Grade 1C)"); not a
// heading's ("Appropriately targeted therapies for unresectable pancreatic
// neuroendocrine tumours (PNETs)"). "The most serious side effects include
// the following:" says nothing without the list it leads into, and a
// heading ("Effects on the Eye [see Warnings and Precautions (5.3) ]") is
// not a statement a reader can be given; nor is a question the source asks
// ("Key Question 2: What is the diagnostic accuracy of ...?").
bool EndsAsASentence(absl::string_view text);

// Cuts a sentence into shorter ones where it joins independent clauses:
// "a; b" -> "a. B", "a, but b" -> "a. But b", "a, and the b" -> "a. And the
// b" (a clause starts with the, a, an, it, its, this, these, they, their,
// there, most, many, some, patients or people; a plain ", and" mostly ends
// a list and is not a cut), only when both sides have at least 4 words. A
// "; " before a word that follows "; " twice in the sentence is no cut: "a;
// for b; for c; and for d" lists phrases. The words are kept as written.
// How lay readers get long sentences.
std::string SplitClauses(absl::string_view sentence);

// Whether `sentence` starts with a list marker ("1. ", "- ", "(a) ").
// SplitSentences gives a sentence of its own back unchanged unless it does
// (which takes two markers in a row, "1. a) ..."): a caller holding a
// sentence need not split it again.
bool StartsWithListMarker(absl::string_view sentence);

}  // namespace medbrief::answer
