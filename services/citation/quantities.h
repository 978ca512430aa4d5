#pragma once

// Numbers with their units, as a claim states them and a passage must too.
//
// What is read as one quantity (the examples are all equal pairs):
//   - a number with a unit written against it or after it: "120mg" = "120 mg"
//     = "120 milligrams"; "45%" = "45 %" = "45 percent" = "45 per cent";
//     "6 months" = "6-month";
//   - a rate: "37.5 mg/day" = "37.5 mg daily" = "37.5 mg per day" =
//     "37.5 mg once daily" = "37.5 mg a day"; "2 mg/kg", "mg/kg/day";
//   - an interval: "every 4 weeks" = "q4w" = "every four weeks" = "4-weekly";
//   - a scale word: "5 million" = "5,000,000"; number words ("four") only
//     when a unit follows them ("four weeks"), since "one of the" is no number.
// Values convert within a dimension where the relation is exact: mass
// (1 g = 1000 mg), volume, amount of substance, length, radioactivity
// (1 mCi = 37 MBq), clock time (1 week = 7 days = 168 hours, so "every 28
// days" = "every 4 weeks") and calendar time (1 year = 12 months). Days and
// months never convert ("monthly" is not "every 4 weeks"), nor do IU and mg.
// A bare number before a number with a unit shares the unit: "10 to 20 mg",
// "120 or 240 mg", "45-50%".
//
// A number joined to a word by a hyphen or slash ("IL-6", "COVID-19",
// "OCT3/4") is part of a name, not a quantity: the term check covers it.
//
// Not understood (left for the reader): comparisons ("more than 50%"), signs
// ("-5"), decimal commas ("37,5" reads as 375, as in the search analyzer), and
// frequencies without a number ("twice daily" is left to the term check).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/citation/support_tokens.h"

namespace medbrief::citation {

enum class Dimension {
  kNone,       // a bare number
  kMass,       // base g
  kVolume,     // base l
  kAmount,     // base mol
  kLength,     // base m
  kActivity,   // base Bq
  kClockTime,  // base s: s, min, h, d, wk
  kCalendar,   // base month: mo, y
  kPercent,
  kOther,      // same unit name only: IU, U, mEq, mmHg, Gy, m2, x, ...
};

struct Quantity {
  double value = 0;         // after scale words: "5 million" is 5e6
  double written = 0;       // the number as written: 5
  std::string unit;         // canonical unit ("mg", "wk", "%"); empty for a bare number
  Dimension dimension = Dimension::kNone;
  double factor = 1;        // of `unit` to its dimension's base
  std::string per;          // canonical denominator(s) of a rate ("d", "kg/d"); empty if none
  bool interval = false;    // "every 4 weeks", "q4w"
  size_t first_token = 0;   // tokens spanned, inclusive
  size_t last_token = 0;
  size_t begin = 0;         // bytes spanned in the text, for quoting it as written
  size_t end = 0;
};

// The quantities of `text` in order. Sets (*consumed)[i] for every token that
// is part of one (numbers, units, "every", "per", "daily"), so the term check
// skips them. `tokens` are SupportTokens(text).
std::vector<Quantity> ExtractQuantities(absl::string_view text, const std::vector<SupportToken>& tokens,
                                        std::vector<bool>* consumed);

// Whether `found` (in a passage) states what `wanted` (in a claim) says: the
// same value in a unit of the same dimension (after conversion), the same
// denominator when the claim gives one, an interval when the claim states an
// interval. A bare number in the claim matches the same number with any unit;
// a number with a unit never matches a bare number.
bool Satisfies(const Quantity& found, const Quantity& wanted);

}  // namespace medbrief::citation
