#pragma once

// A plain-language vocabulary: medical terms, the words a patient reads
// instead, and a category per term (drug, brand, condition, therapy, test,
// term).
//
// Sources:
//   - medbrief's own vocabulary, services/answer/vocab/plain_language.tsv,
//     embedded in the binary (Builtin()); its format is described at the top
//     of that file: `term<TAB>plain<TAB>category`, # comments;
//   - the glossaries of ../shared/data/vocab/plain-language/*.json, loaded by
//     path (AddPath): a JSON array of {"term", "plain_alternative"}. Those
//     hold both short alternatives ("stomach, belly") and dictionary
//     definitions, so an entry is kept only when every ','-separated part
//     of its alternative (up to a ';') has at most kMaxJsonPlainWords words,
//     there is no sentence in it, and its wording (the first part, or the
//     whole when the last part starts "and"/"or": "nose, throat, and
//     windpipe") does not open as a definition does ("A", "The", "In",
//     "To" ...). A term that reads as a common word (three letters or
//     fewer, a short acronym such as "AT", a stop word) is not kept.
//     "Abdomen/Abdominal" gives two terms. Their category is "term". An
//     entry of an earlier source wins, so
//       PlainLanguage v = PlainLanguage::Builtin();   // a copy
//       RETURN_IF_ERROR(v.AddPath("../shared/data/vocab/plain-language"));
//     extends medbrief's vocabulary without overriding it.
//
// Matching (Rewrite, FindTerms) is on whole words, case-insensitive, with
// British spelling folded ("tumour" = "tumor"); a term of several words
// matches them separated by spaces or hyphens; the longest term wins.
// Rewrite never replaces a brand, nor a match that holds a digit, is a unit
// ("mg", "mL") or comes right after a number ("120 mg", "37.5 milligrams"),
// so numbers and doses are never changed.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"
#include "common/text/analyzer.h"

namespace medbrief::answer {

// kBrand: a brand name ("Viagra"), whose `plain` is the drug's generic name
// ("sildenafil"). A brand is never rewritten: a question naming it names the
// drug (Lexicon::NameGenerics).
enum class TermCategory { kTerm, kDrug, kCondition, kTherapy, kTest, kBrand };

struct PlainTerm {
  std::string term;   // as written in the vocabulary
  std::string plain;  // empty: keep the term (a brand: its generic name)
  TermCategory category = TermCategory::kTerm;
};

// A term found in a text: its span and entry.
struct TermMatch {
  size_t begin = 0;
  size_t end = 0;
  const PlainTerm* entry = nullptr;
};

class PlainLanguage {
 public:
  static constexpr int kMaxJsonPlainWords = 4;

  // medbrief's embedded vocabulary.
  static const PlainLanguage& Builtin();

  absl::Status AddTsv(absl::string_view content);
  absl::Status AddJson(absl::string_view content);
  // A .tsv or .json file, or every such file of a directory (in name order).
  absl::Status AddPath(const std::string& path);
  // Adds a term unless one with the same folded words exists.
  void Add(absl::string_view term, absl::string_view plain, TermCategory category);

  // The terms of `text`, left to right, longest first, not overlapping.
  std::vector<TermMatch> FindTerms(absl::string_view text) const;
  // The same with `text` tokenized and folded already: `tokens` is
  // text::Tokenize(text), `folded` FoldWord of each (to match one text
  // against several vocabularies).
  std::vector<TermMatch> FindTerms(absl::string_view text, const std::vector<text::RawToken>& tokens,
                                   const std::vector<std::string>& folded) const;
  // `text` with every term that has a plain wording replaced by it; the
  // wording starts with a capital when the term did.
  std::string Rewrite(absl::string_view text) const;
  // The entry of exactly `term` (folded), or nullptr.
  const PlainTerm* Find(absl::string_view term) const;

  size_t size() const { return entries_.size(); }
  const std::vector<PlainTerm>& entries() const { return entries_; }

 private:
  std::vector<PlainTerm> entries_;
  // Folded words of each entry (same index as entries_).
  std::vector<std::vector<std::string>> words_;
  // First folded word -> entry indexes, longest first.
  absl::flat_hash_map<std::string, std::vector<size_t>> by_first_word_;
};

// Whether `vocabulary` and `abbreviations` are the builtin ones, with which
// what is worked out from a text depends on the text alone: the answer core
// remembers it across answers only then.
inline bool AreBuiltin(const PlainLanguage& vocabulary, const text::Abbreviations& abbreviations) {
  return &vocabulary == &PlainLanguage::Builtin() && &abbreviations == &text::Abbreviations::Builtin();
}

}  // namespace medbrief::answer
