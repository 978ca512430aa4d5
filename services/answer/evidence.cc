#include "services/answer/evidence.h"

#include <regex>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text/analyzer.h"

namespace medbrief::answer {
namespace {

// The text as lower-case tokens joined by single spaces, padded with spaces:
// "Class I, Level A" -> " class i level a ".
std::string Words(absl::string_view text) {
  std::vector<std::string> words;
  for (const text::RawToken& token : text::Tokenize(text)) {
    words.push_back(absl::AsciiStrToLower(token.text));
  }
  return absl::StrCat(" ", absl::StrJoin(words, " "), " ");
}

bool Has(const std::string& words, absl::string_view phrase) {
  return absl::StrContains(words, absl::StrCat(" ", phrase, " "));
}

bool HasAny(const std::string& words, std::initializer_list<absl::string_view> phrases) {
  for (absl::string_view phrase : phrases) {
    if (Has(words, phrase)) {
      return true;
    }
  }
  return false;
}

// "Level I-V evidence, Grade A-E recommendations" describes a scale, not a
// grade: such ranges are removed before matching.
std::string WithoutRanges(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (!absl::StrContains(lower, "level") && !absl::StrContains(lower, "grade") && !absl::StrContains(lower, "class")) {
    return std::string(text);  // nothing the expression could match; std::regex is slow
  }
  static const std::regex* const kRange =
      new std::regex(R"(\b(level|grade|class)\s+[a-z0-9]+\s*(-|\xE2\x80\x93|to)\s*[a-z0-9]+\b)", std::regex::icase);
  return std::regex_replace(std::string(text), *kRange, " ");
}

}  // namespace

double EvidenceStrength(content::v1::SourceKind kind, absl::string_view evidence_level,
                        absl::string_view publication_types) {
  const std::string words = Words(absl::StrCat(WithoutRanges(evidence_level), " ", publication_types));
  if (HasAny(words, {"level i", "level 1", "grade a", "class i", "grade high"})) {
    return 1.0;
  }
  if (HasAny(words, {"meta analysis", "metaanalysis", "systematic review"})) {
    return 0.9;
  }
  if (kind == content::v1::GUIDELINE &&
      HasAny(words, {"level ii", "level 2", "grade b", "class ii", "class iia", "class iib", "grade moderate"})) {
    return 0.9;
  }
  if (kind == content::v1::DRUG_LABEL) {
    return 0.85;
  }
  if (HasAny(words, {"randomized controlled trial", "randomised controlled trial", "rct", "randomized",
                     "randomised"})) {
    return 0.8;
  }
  if (kind == content::v1::GUIDELINE) {
    if (HasAny(words, {"level iii", "level iv", "level v", "level 3", "level 4", "level 5", "grade c", "grade d",
                       "grade e", "class iii", "grade low", "grade very low"})) {
      return 0.6;
    }
    return 0.7;
  }
  if (HasAny(words, {"review"})) {
    return 0.6;
  }
  if (HasAny(words, {"cohort", "prospective", "retrospective", "observational"})) {
    return 0.5;
  }
  if (HasAny(words, {"case control"})) {
    return 0.4;
  }
  if (HasAny(words, {"case report", "case reports", "case series"})) {
    return 0.2;
  }
  if (HasAny(words, {"expert opinion", "consensus"})) {
    return 0.3;
  }
  return 0.4;
}

double EvidenceStrength(const content::v1::Source& source) {
  const std::string types = absl::StrJoin(source.publication_types(), " ");
  // Sources share a few evidence levels and publication types: each
  // combination is graded once per thread.
  thread_local absl::flat_hash_map<std::string, double> graded;
  const std::string key = absl::StrCat(source.kind(), "\t", source.evidence_level(), "\t", types);
  if (auto it = graded.find(key); it != graded.end()) {
    return it->second;
  }
  const double strength = EvidenceStrength(source.kind(), source.evidence_level(), types);
  if (graded.size() >= 10000) {
    graded.clear();  // bounded memory on odd corpora
  }
  graded.emplace(key, strength);
  return strength;
}

int PublicationYear(absl::string_view published_date) {
  int year = 0;
  if (published_date.size() < 4 || !absl::SimpleAtoi(published_date.substr(0, 4), &year)) {
    return 0;
  }
  return year;
}

}  // namespace medbrief::answer
