#include "services/citation/quantities.h"

#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace medbrief::citation {
namespace {

struct UnitInfo {
  absl::string_view name;
  Dimension dimension;
  double factor;
};

const UnitInfo* FindUnit(absl::string_view folded) {
  static const auto* const kUnits = new absl::flat_hash_map<absl::string_view, UnitInfo>{
      // mass, base g
      {"mg", {"mg", Dimension::kMass, 1e-3}}, {"milligram", {"mg", Dimension::kMass, 1e-3}},
      {"milligrams", {"mg", Dimension::kMass, 1e-3}}, {"g", {"g", Dimension::kMass, 1}},
      {"gm", {"g", Dimension::kMass, 1}}, {"gram", {"g", Dimension::kMass, 1}},
      {"grams", {"g", Dimension::kMass, 1}}, {"kg", {"kg", Dimension::kMass, 1e3}},
      {"kilogram", {"kg", Dimension::kMass, 1e3}}, {"kilograms", {"kg", Dimension::kMass, 1e3}},
      {"ug", {"ug", Dimension::kMass, 1e-6}}, {"mcg", {"ug", Dimension::kMass, 1e-6}},
      {"microgram", {"ug", Dimension::kMass, 1e-6}}, {"micrograms", {"ug", Dimension::kMass, 1e-6}},
      {"ng", {"ng", Dimension::kMass, 1e-9}}, {"nanogram", {"ng", Dimension::kMass, 1e-9}},
      {"nanograms", {"ng", Dimension::kMass, 1e-9}}, {"pg", {"pg", Dimension::kMass, 1e-12}},
      // volume, base l
      {"l", {"l", Dimension::kVolume, 1}}, {"liter", {"l", Dimension::kVolume, 1}},
      {"liters", {"l", Dimension::kVolume, 1}}, {"litre", {"l", Dimension::kVolume, 1}},
      {"litres", {"l", Dimension::kVolume, 1}}, {"dl", {"dl", Dimension::kVolume, 0.1}},
      {"ml", {"ml", Dimension::kVolume, 1e-3}}, {"milliliter", {"ml", Dimension::kVolume, 1e-3}},
      {"milliliters", {"ml", Dimension::kVolume, 1e-3}}, {"millilitre", {"ml", Dimension::kVolume, 1e-3}},
      {"millilitres", {"ml", Dimension::kVolume, 1e-3}}, {"ul", {"ul", Dimension::kVolume, 1e-6}},
      // amount of substance, base mol
      {"mol", {"mol", Dimension::kAmount, 1}}, {"mmol", {"mmol", Dimension::kAmount, 1e-3}},
      {"umol", {"umol", Dimension::kAmount, 1e-6}}, {"nmol", {"nmol", Dimension::kAmount, 1e-9}},
      {"pmol", {"pmol", Dimension::kAmount, 1e-12}},
      // length, base m
      {"m", {"m", Dimension::kLength, 1}}, {"cm", {"cm", Dimension::kLength, 1e-2}},
      {"mm", {"mm", Dimension::kLength, 1e-3}}, {"km", {"km", Dimension::kLength, 1e3}},
      // radioactivity, base Bq; 1 Ci = 3.7e10 Bq by definition
      {"bq", {"bq", Dimension::kActivity, 1}}, {"mbq", {"mbq", Dimension::kActivity, 1e6}},
      {"gbq", {"gbq", Dimension::kActivity, 1e9}}, {"ci", {"ci", Dimension::kActivity, 3.7e10}},
      {"mci", {"mci", Dimension::kActivity, 3.7e7}},
      // clock time, base s
      {"s", {"s", Dimension::kClockTime, 1}}, {"sec", {"s", Dimension::kClockTime, 1}},
      {"secs", {"s", Dimension::kClockTime, 1}}, {"second", {"s", Dimension::kClockTime, 1}},
      {"seconds", {"s", Dimension::kClockTime, 1}}, {"min", {"min", Dimension::kClockTime, 60}},
      {"mins", {"min", Dimension::kClockTime, 60}}, {"minute", {"min", Dimension::kClockTime, 60}},
      {"minutes", {"min", Dimension::kClockTime, 60}}, {"h", {"h", Dimension::kClockTime, 3600}},
      {"hr", {"h", Dimension::kClockTime, 3600}}, {"hrs", {"h", Dimension::kClockTime, 3600}},
      {"hour", {"h", Dimension::kClockTime, 3600}}, {"hours", {"h", Dimension::kClockTime, 3600}},
      {"d", {"d", Dimension::kClockTime, 86400}}, {"day", {"d", Dimension::kClockTime, 86400}},
      {"days", {"d", Dimension::kClockTime, 86400}}, {"wk", {"wk", Dimension::kClockTime, 604800}},
      {"wks", {"wk", Dimension::kClockTime, 604800}}, {"week", {"wk", Dimension::kClockTime, 604800}},
      {"weeks", {"wk", Dimension::kClockTime, 604800}},
      // calendar time, base month
      {"mo", {"mo", Dimension::kCalendar, 1}}, {"mos", {"mo", Dimension::kCalendar, 1}},
      {"month", {"mo", Dimension::kCalendar, 1}}, {"months", {"mo", Dimension::kCalendar, 1}},
      {"y", {"y", Dimension::kCalendar, 12}}, {"yr", {"y", Dimension::kCalendar, 12}},
      {"yrs", {"y", Dimension::kCalendar, 12}}, {"year", {"y", Dimension::kCalendar, 12}},
      {"years", {"y", Dimension::kCalendar, 12}},
      // percent
      {"percent", {"%", Dimension::kPercent, 1}}, {"pct", {"%", Dimension::kPercent, 1}},
      // compared by name only
      {"iu", {"iu", Dimension::kOther, 1}}, {"u", {"u", Dimension::kOther, 1}},
      {"unit", {"u", Dimension::kOther, 1}}, {"units", {"u", Dimension::kOther, 1}},
      {"meq", {"meq", Dimension::kOther, 1}}, {"mmhg", {"mmhg", Dimension::kOther, 1}},
      {"bpm", {"bpm", Dimension::kOther, 1}}, {"gy", {"gy", Dimension::kOther, 1}},
      {"kcal", {"kcal", Dimension::kOther, 1}}, {"m2", {"m2", Dimension::kOther, 1}},
      {"x", {"x", Dimension::kOther, 1}}, {"fold", {"x", Dimension::kOther, 1}},
      {"times", {"x", Dimension::kOther, 1}}, {"cycle", {"cycle", Dimension::kOther, 1}},
      {"cycles", {"cycle", Dimension::kOther, 1}}, {"dose", {"dose", Dimension::kOther, 1}},
      {"doses", {"dose", Dimension::kOther, 1}}, {"tablet", {"tablet", Dimension::kOther, 1}},
      {"tablets", {"tablet", Dimension::kOther, 1}}, {"capsule", {"capsule", Dimension::kOther, 1}},
      {"capsules", {"capsule", Dimension::kOther, 1}}};
  auto it = kUnits->find(folded);
  return it == kUnits->end() ? nullptr : &it->second;
}

bool IsTimeUnit(const UnitInfo* unit) {
  return unit != nullptr && (unit->dimension == Dimension::kClockTime || unit->dimension == Dimension::kCalendar);
}

// "daily" -> the unit "d" it is a rate or interval of.
const UnitInfo* PeriodWord(absl::string_view folded) {
  static const auto* const kWords = new absl::flat_hash_map<absl::string_view, absl::string_view>{
      {"daily", "d"}, {"nightly", "d"}, {"weekly", "wk"}, {"hourly", "h"}, {"monthly", "mo"},
      {"yearly", "y"}, {"annually", "y"}};
  auto it = kWords->find(folded);
  return it == kWords->end() ? nullptr : FindUnit(it->second);
}

int NumberWord(absl::string_view folded) {
  static const auto* const kWords = new absl::flat_hash_map<absl::string_view, int>{
      {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
      {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"fourteen", 14},
      {"fifteen", 15}, {"eighteen", 18}, {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fifty", 50},
      {"sixty", 60}, {"ninety", 90}};
  auto it = kWords->find(folded);
  return it == kWords->end() ? 0 : it->second;
}

double ScaleWord(absl::string_view folded) {
  if (folded == "thousand") return 1e3;
  if (folded == "million") return 1e6;
  if (folded == "billion") return 1e9;
  return 0;
}

// The numeric prefix of a folded token ("120" of "120mg"), or "" if it does
// not start with a digit.
absl::string_view NumericPrefix(absl::string_view folded) {
  size_t n = 0;
  while (n < folded.size() && (absl::ascii_isdigit(folded[n]) || folded[n] == '.' || folded[n] == ',')) ++n;
  if (n == 0 || !absl::ascii_isdigit(folded[0])) return {};
  return folded.substr(0, n);
}

bool ParseNumber(absl::string_view digits, double* value) {
  return absl::SimpleAtod(absl::StrReplaceAll(digits, {{",", ""}}), value);
}

void SetUnit(const UnitInfo& unit, Quantity* q) {
  q->unit = std::string(unit.name);
  q->dimension = unit.dimension;
  q->factor = unit.factor;
}

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Only spaces, commas and dashes (a range or a list) between two tokens.
bool ListGap(absl::string_view gap) {
  absl::string_view rest = gap;
  while (!rest.empty()) {
    if (rest[0] == ' ' || rest[0] == ',' || rest[0] == '-' || rest[0] == '\t' || rest[0] == '\n') {
      rest.remove_prefix(1);
    } else if (absl::ConsumePrefix(&rest, "\u2013") || absl::ConsumePrefix(&rest, "\u2014") ||
               absl::ConsumePrefix(&rest, "\u2212")) {
    } else {
      return false;
    }
  }
  return true;
}

// Only spaces or a hyphen between a number and its unit ("6-month").
bool UnitGap(absl::string_view gap) {
  for (char c : gap) {
    if (c != ' ' && c != '-' && c != '\t') return false;
  }
  return true;
}

class Parser {
 public:
  Parser(absl::string_view text, const std::vector<SupportToken>& tokens, std::vector<bool>* consumed)
      : text_(text), tokens_(tokens), consumed_(*consumed) {}

  std::vector<Quantity> Run() {
    std::vector<Quantity> quantities;
    for (size_t i = 0; i < tokens_.size();) {
      Quantity q;
      const size_t next = Parse(i, &q);
      if (next == i) {
        ++i;
        continue;
      }
      for (size_t k = q.first_token; k <= q.last_token; ++k) consumed_[k] = true;
      quantities.push_back(std::move(q));
      i = next;
    }
    ShareUnits(&quantities);
    return quantities;
  }

 private:
  bool Adjacent(size_t i, bool (*gap_ok)(absl::string_view)) const {
    return i < tokens_.size() && !tokens_[i].clause_break_before && gap_ok(tokens_[i].gap_before);
  }
  static bool AnyGap(absl::string_view) { return true; }
  static bool SlashGap(absl::string_view gap) { return absl::StripAsciiWhitespace(gap) == "/"; }
  const UnitInfo* UnitAt(size_t i) const { return i < tokens_.size() ? FindUnit(tokens_[i].folded) : nullptr; }

  // Reads the quantity starting at token `i` into `q`; returns the index
  // after it, or `i` when there is none.
  size_t Parse(size_t i, Quantity* q) {
    size_t at = i;
    const bool every = tokens_[at].folded == "every" && at + 1 < tokens_.size() && Adjacent(at + 1, AnyGap);
    if (every) ++at;
    const std::string& folded = tokens_[at].folded;
    q->first_token = i;
    q->begin = tokens_[i].begin;

    // q4w, q28d, q12h: an interval in one token.
    if (!every && folded.size() >= 3 && folded[0] == 'q' && absl::ascii_isdigit(folded[1])) {
      size_t n = 1;
      while (n < folded.size() && absl::ascii_isdigit(folded[n])) ++n;
      absl::string_view suffix = absl::string_view(folded).substr(n);
      if (suffix == "w") suffix = "wk";
      if (suffix == "m") suffix = "mo";
      const UnitInfo* unit = FindUnit(suffix);
      double value = 0;
      if (IsTimeUnit(unit) && ParseNumber(absl::string_view(folded).substr(1, n - 1), &value)) {
        q->value = q->written = value;
        SetUnit(*unit, q);
        q->interval = true;
        return Finish(at, q);
      }
      return i;
    }

    const absl::string_view digits = NumericPrefix(folded);
    double value = 0;
    if (!digits.empty() && NamePart(at)) return i;
    if (!digits.empty()) {
      if (!ParseNumber(digits, &value)) return i;
      const absl::string_view suffix = absl::string_view(folded).substr(digits.size());
      q->value = q->written = value;
      if (!suffix.empty()) {
        const UnitInfo* unit = FindUnit(suffix);
        if (unit == nullptr) return i;  // "177Lu", "3rd": a name, not a quantity
        SetUnit(*unit, q);
      }
    } else if (const int word = NumberWord(folded); word > 0 && Adjacent(at + 1, UnitGap) &&
                                                    (UnitAt(at + 1) != nullptr || PercentAt(at + 1))) {
      q->value = q->written = word;
    } else {
      return i;
    }

    // "45%" / "45 %"
    if (q->unit.empty()) {
      absl::string_view after = text_.substr(tokens_[at].end);
      const size_t spaces = after.find_first_not_of(' ');
      if (spaces != absl::string_view::npos && spaces <= 1 && after[spaces] == '%') {
        q->unit = "%";
        q->dimension = Dimension::kPercent;
        q->last_token = at;
        q->end = tokens_[at].end + spaces + 1;
        return at + 1;
      }
    }
    // "5 million"
    if (q->unit.empty() && Adjacent(at + 1, UnitGap) && ScaleWord(tokens_[at + 1].folded) > 0) {
      ++at;
      q->value *= ScaleWord(tokens_[at].folded);
    }
    // "120 mg", "6-month", "45 percent", "45 per cent"
    if (q->unit.empty() && Adjacent(at + 1, UnitGap)) {
      if (const UnitInfo* unit = UnitAt(at + 1); unit != nullptr) {
        ++at;
        SetUnit(*unit, q);
      } else if (PercentAt(at + 1)) {
        at += 2;
        q->unit = "%";
        q->dimension = Dimension::kPercent;
      } else if (const UnitInfo* period = PeriodWord(tokens_[at + 1].folded); period != nullptr && !every) {
        // "4-weekly", "3 weekly": every 4 / 3 weeks.
        ++at;
        SetUnit(*period, q);
        q->interval = true;
        return Finish(at, q);
      }
    }
    if (every) {
      if (!IsTimeUnit(FindUnit(q->unit))) return i;  // "every 3 cycles" and such: read without "every"
      q->interval = true;
      return Finish(at, q);
    }
    if (!q->unit.empty()) at = ReadDenominators(at, q);
    return Finish(at, q);
  }

  // A number joined to a word by a hyphen or slash is part of a name:
  // "IL-6", "COVID-19", "OCT3/4", "SHP-2". The term check requires it.
  bool NamePart(size_t i) const {
    if (i == 0) return false;
    const absl::string_view gap = tokens_[i].gap_before;
    const absl::string_view previous = tokens_[i - 1].raw;
    return (gap == "-" || gap == "/") && !previous.empty() &&
           absl::ascii_isalpha(static_cast<unsigned char>(previous[0]));
  }

  // "per cent" at token i.
  bool PercentAt(size_t i) const {
    return i + 1 < tokens_.size() && tokens_[i].folded == "per" && tokens_[i + 1].folded == "cent" &&
           Adjacent(i + 1, UnitGap);
  }

  // After the unit at token `at`: "/day", "per kg", "a day", "daily", "once daily".
  size_t ReadDenominators(size_t at, Quantity* q) {
    for (int n = 0; n < 2; ++n) {
      const size_t j = at + 1;
      if (j >= tokens_.size() || tokens_[j].clause_break_before) break;
      const UnitInfo* per = nullptr;
      size_t last = j;
      if (SlashGap(tokens_[j].gap_before) && (per = UnitAt(j)) != nullptr) {
      } else if ((tokens_[j].folded == "per" || tokens_[j].folded == "a" || tokens_[j].folded == "an" ||
                  tokens_[j].folded == "each") &&
                 Adjacent(j + 1, UnitGap) && (per = UnitAt(j + 1)) != nullptr &&
                 (tokens_[j].folded == "per" || IsTimeUnit(per))) {
        last = j + 1;
      } else if ((per = PeriodWord(tokens_[j].folded)) != nullptr && UnitGap(tokens_[j].gap_before)) {
      } else if (tokens_[j].folded == "once" && Adjacent(j + 1, UnitGap) &&
                 (per = PeriodWord(tokens_[j + 1].folded)) != nullptr) {
        last = j + 1;
      } else {
        break;
      }
      q->per = q->per.empty() ? std::string(per->name) : absl::StrCat(q->per, "/", per->name);
      at = last;
    }
    return at;
  }

  size_t Finish(size_t at, Quantity* q) {
    q->last_token = at;
    q->end = tokens_[at].end;
    return at + 1;
  }

  // "10 to 20 mg", "120 or 240 mg", "45-50%": the bare numbers take the unit
  // of the number with a unit that ends the list.
  void ShareUnits(std::vector<Quantity>* quantities) const {
    for (size_t k = quantities->size(); k-- > 1;) {
      Quantity& bare = (*quantities)[k - 1];
      const Quantity& next = (*quantities)[k];
      if (!bare.unit.empty() || next.unit.empty() || bare.value != bare.written) continue;
      bool list = true;
      int connectors = 0;
      for (size_t t = bare.last_token + 1; t <= next.first_token && list; ++t) {
        list = ListGap(tokens_[t].gap_before) &&
               (t == next.first_token || tokens_[t].folded == "to" || tokens_[t].folded == "or" ||
                tokens_[t].folded == "and");
        if (t != next.first_token) ++connectors;
      }
      if (!list || connectors > 2) continue;
      bare.unit = next.unit;
      bare.dimension = next.dimension;
      bare.factor = next.factor;
      bare.per = next.per;
      bare.interval = next.interval;
    }
  }

  absl::string_view text_;
  const std::vector<SupportToken>& tokens_;
  std::vector<bool>& consumed_;
};

}  // namespace

std::vector<Quantity> ExtractQuantities(absl::string_view text, const std::vector<SupportToken>& tokens,
                                        std::vector<bool>* consumed) {
  consumed->resize(tokens.size(), false);
  return Parser(text, tokens, consumed).Run();
}

bool Satisfies(const Quantity& found, const Quantity& wanted) {
  if (wanted.dimension == Dimension::kNone) {
    return NearlyEqual(found.value, wanted.value) ||
           (wanted.value == wanted.written && NearlyEqual(found.written, wanted.value));
  }
  if (found.dimension != wanted.dimension) return false;
  if (wanted.dimension == Dimension::kOther && found.unit != wanted.unit) return false;
  if (!wanted.per.empty() && found.per != wanted.per) return false;
  if (wanted.interval && !found.interval) return false;
  return NearlyEqual(found.value * found.factor, wanted.value * wanted.factor);
}

}  // namespace medbrief::citation
