#include "services/answer/plain_language.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "PlainLanguageTsv.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/io/files.h"
#include "common/status/macros.h"
#include "common/text/analyzer.h"
#include "nlohmann/json.hpp"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

absl::StatusOr<TermCategory> ParseCategory(absl::string_view name) {
  if (name == "drug") {
    return TermCategory::kDrug;
  }
  if (name == "condition") {
    return TermCategory::kCondition;
  }
  if (name == "therapy") {
    return TermCategory::kTherapy;
  }
  if (name == "test") {
    return TermCategory::kTest;
  }
  if (name == "brand") {
    return TermCategory::kBrand;
  }
  if (name == "term" || name.empty()) {
    return TermCategory::kTerm;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown category \"", name, "\""));
}

// Whether the word before `begin` (across spaces) ends with a digit.
bool FollowsNumber(absl::string_view text, size_t begin) {
  size_t i = begin;
  while (i > 0 && text[i - 1] == ' ') {
    --i;
  }
  return i > 0 && i < begin && absl::ascii_isdigit(static_cast<unsigned char>(text[i - 1]));
}

bool Separator(absl::string_view gap) { return gap == " " || gap == "-"; }

}  // namespace

const PlainLanguage& PlainLanguage::Builtin() {
  static const PlainLanguage* const kBuiltin = [] {
    auto* vocabulary = new PlainLanguage();
    const absl::Status status = vocabulary->AddTsv(embedded::PlainLanguageTsv());
    if (!status.ok()) {
      // A malformed embedded file is a build defect; fail loudly at first use.
      std::abort();
    }
    return vocabulary;
  }();
  return *kBuiltin;
}

void PlainLanguage::Add(absl::string_view term, absl::string_view plain, TermCategory category) {
  std::vector<std::string> words = FoldedWords(term);
  if (words.empty()) {
    return;
  }
  auto& bucket = by_first_word_[words.front()];
  for (size_t index : bucket) {
    if (words_[index] == words) {
      return;
    }
  }
  entries_.push_back({std::string(term), std::string(plain), category});
  words_.push_back(std::move(words));
  bucket.push_back(entries_.size() - 1);
  std::stable_sort(bucket.begin(), bucket.end(),
                   [this](size_t a, size_t b) { return words_[a].size() > words_[b].size(); });
}

absl::Status PlainLanguage::AddTsv(absl::string_view content) {
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') {
      continue;
    }
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() < 2 || fields.size() > 3 || absl::StripAsciiWhitespace(fields[0]).empty()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": want term<TAB>plain<TAB>category"));
    }
    absl::StatusOr<TermCategory> category = ParseCategory(fields.size() == 3 ? fields[2] : "");
    if (!category.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": ", category.status().message()));
    }
    if (*category == TermCategory::kBrand && absl::StripAsciiWhitespace(fields[1]).empty()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": a brand needs its generic name"));
    }
    Add(absl::StripAsciiWhitespace(fields[0]), absl::StripAsciiWhitespace(fields[1]), *category);
  }
  return absl::OkStatus();
}

namespace {

// The plain wording a glossary's alternative gives, or "" when it is a
// definition rather than a wording that can stand in for the term:
//   "belly, stomach area"            -> "belly" (a list of alternatives)
//   "nose, throat, and windpipe"     -> the whole (one phrase)
//   "Clear, watery fluid that ..."   -> "" (a part too long: a definition)
//   "A very rare, inherited ..."     -> "" (opens as a definition does)
//   "hurry; speed up"                -> "hurry"
std::string GlossaryWording(absl::string_view alternative) {
  alternative = absl::StripSuffix(absl::StripAsciiWhitespace(alternative), ".");
  if (alternative.empty() || absl::StrContains(alternative, ". ")) return "";
  alternative = std::vector<absl::string_view>(absl::StrSplit(alternative, ';')).front();
  const std::vector<absl::string_view> parts = absl::StrSplit(alternative, ',');
  for (absl::string_view part : parts) {
    if (text::Tokenize(part).size() > static_cast<size_t>(PlainLanguage::kMaxJsonPlainWords)) return "";
  }
  const absl::string_view last = absl::StripLeadingAsciiWhitespace(parts.back());
  const bool one_phrase = parts.size() > 1 && (absl::StartsWith(last, "and ") || absl::StartsWith(last, "or "));
  const std::string wording(absl::StripAsciiWhitespace(one_phrase ? alternative : parts.front()));
  const std::vector<text::RawToken> words = text::Tokenize(wording);
  if (words.empty() || words.size() > static_cast<size_t>(PlainLanguage::kMaxJsonPlainWords)) return "";
  static const auto* const kDefinitionOpeners =
      new absl::flat_hash_set<std::string>{"a", "an", "the", "in", "to", "of", "any", "one"};
  if (kDefinitionOpeners->contains(absl::AsciiStrToLower(words.front().text))) return "";
  return wording;
}

// Whether a glossary term can be matched in running text: not a short
// acronym that reads as a common word ("AT", "Bid") nor a stop word.
bool MatchableGlossaryTerm(absl::string_view term) {
  const std::vector<text::RawToken> words = text::Tokenize(term);
  if (words.empty()) return false;
  if (words.size() == 1) {
    const std::string word(words.front().text);
    const bool acronym = absl::AsciiStrToUpper(word) == word && word.size() <= 4;
    if (word.size() <= 3 || acronym || text::IsStopWord(absl::AsciiStrToLower(word))) return false;
  }
  return true;
}

}  // namespace

absl::Status PlainLanguage::AddJson(absl::string_view content) {
  const nlohmann::json doc = nlohmann::json::parse(content.begin(), content.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    return absl::InvalidArgumentError("want a JSON array of {\"term\", \"plain_alternative\"}");
  }
  for (const nlohmann::json& item : doc) {
    if (!item.is_object() || !item.contains("term") || !item.contains("plain_alternative") ||
        !item["term"].is_string() || !item["plain_alternative"].is_string()) {
      continue;
    }
    const std::string plain = GlossaryWording(item["plain_alternative"].get<std::string>());
    if (plain.empty()) {
      continue;
    }
    for (absl::string_view term : absl::StrSplit(item["term"].get<std::string>(), '/')) {
      term = absl::StripAsciiWhitespace(term);
      if (MatchableGlossaryTerm(term) && FoldedWords(term) != FoldedWords(plain)) {
        Add(term, plain, TermCategory::kTerm);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status PlainLanguage::AddPath(const std::string& path) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".tsv" || ext == ".json") {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
  } else {
    files.emplace_back(path);
  }
  for (const std::filesystem::path& file : files) {
    ASSIGN_OR_RETURN(const std::string content, io::ReadFile(file.string()));
    const absl::Status status = file.extension() == ".json" ? AddJson(content) : AddTsv(content);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat(file.string(), ": ", status.message()));
    }
  }
  return absl::OkStatus();
}

std::vector<TermMatch> PlainLanguage::FindTerms(absl::string_view text) const {
  const std::vector<text::RawToken> tokens = text::Tokenize(text);
  std::vector<std::string> folded;
  folded.reserve(tokens.size());
  for (const text::RawToken& token : tokens) {
    folded.push_back(FoldWord(token.text));
  }
  return FindTerms(text, tokens, folded);
}

std::vector<TermMatch> PlainLanguage::FindTerms(absl::string_view text, const std::vector<text::RawToken>& tokens,
                                                const std::vector<std::string>& folded) const {
  std::vector<TermMatch> out;
  if (entries_.empty()) return out;
  for (size_t i = 0; i < tokens.size();) {
    auto bucket = by_first_word_.find(folded[i]);
    size_t matched = 0;
    if (bucket != by_first_word_.end()) {
      for (size_t index : bucket->second) {
        const std::vector<std::string>& words = words_[index];
        if (i + words.size() > tokens.size()) {
          continue;
        }
        bool ok = true;
        for (size_t k = 1; k < words.size() && ok; ++k) {
          const text::RawToken& prev = tokens[i + k - 1];
          const size_t gap_start = prev.offset + prev.text.size();
          ok = folded[i + k] == words[k] &&
               Separator(text.substr(gap_start, tokens[i + k].offset - gap_start));
        }
        if (ok) {
          const text::RawToken& last = tokens[i + words.size() - 1];
          out.push_back({tokens[i].offset, last.offset + last.text.size(), &entries_[index]});
          matched = words.size();
          break;
        }
      }
    }
    i += matched > 0 ? matched : 1;
  }
  return out;
}

std::string PlainLanguage::Rewrite(absl::string_view text) const {
  std::string out;
  size_t done = 0;
  for (const TermMatch& match : FindTerms(text)) {
    const absl::string_view span = text.substr(match.begin, match.end - match.begin);
    if (match.entry->plain.empty() || match.entry->category == TermCategory::kBrand || HasDigit(span) ||
        text::IsUnit(FoldWord(span)) || FollowsNumber(text, match.begin)) {
      continue;  // kept as written: numbers and doses ("120 mg") are never rewritten, nor brands
    }
    absl::StrAppend(&out, text.substr(done, match.begin - done));
    std::string plain = match.entry->plain;
    if (absl::ascii_isupper(static_cast<unsigned char>(text[match.begin])) &&
        !absl::ascii_isupper(static_cast<unsigned char>(match.entry->term[0]))) {
      plain[0] = absl::ascii_toupper(static_cast<unsigned char>(plain[0]));
    }
    absl::StrAppend(&out, plain);
    done = match.end;
  }
  absl::StrAppend(&out, text.substr(done));
  return out;
}

const PlainTerm* PlainLanguage::Find(absl::string_view term) const {
  const std::vector<std::string> words = FoldedWords(term);
  if (words.empty()) {
    return nullptr;
  }
  auto bucket = by_first_word_.find(words.front());
  if (bucket == by_first_word_.end()) {
    return nullptr;
  }
  for (size_t index : bucket->second) {
    if (words_[index] == words) {
      return &entries_[index];
    }
  }
  return nullptr;
}

}  // namespace medbrief::answer
