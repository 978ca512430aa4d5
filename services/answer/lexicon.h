#pragma once

// A small lexicon of drugs, conditions, therapies and tests, for
// understanding questions (conversation.h) and suggesting follow-ups
// (follow_ups.h).
//
// Built from the categorised entries of a PlainLanguage vocabulary (the
// builtin one by default: drug, condition, therapy, test), plus drug names
// found in search hits (AddDrugsFromHits):
//   - the first word of a drug label's title ("Lanreotide injection, ..."
//     -> "lanreotide");
//   - words of passages that look like drug names: at least 7 letters,
//     ending in a common drug stem (-mab, -nib, -limus, -tide, -statin,
//     -platin, -taxel, -tecan, -rubicin, -ciclib, -parib, -pril, -sartan,
//     -formin, -olol), a few look-alike words excepted ("peptide",
//     "somatostatin").
// A brand of the vocabulary ("Viagra") is found as its drug ("sildenafil").
// Matching works as in PlainLanguage (whole words, case and spelling
// folded, longest first) on the text with its abbreviations expanded
// ("pNET" finds "pancreatic neuroendocrine tumor").

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/passage_analysis.h"
#include "services/answer/plain_language.h"

namespace medbrief::answer {

// A lexicon term found in a text: the term as the lexicon writes it
// ("chromogranin A"; drug names from hits in lower case), and its category.
struct Mention {
  std::string term;
  TermCategory category = TermCategory::kTerm;
};

class Lexicon {
 public:
  explicit Lexicon(const PlainLanguage& vocabulary = PlainLanguage::Builtin(),
                   const text::Abbreviations& abbreviations = text::Abbreviations::Builtin());

  void AddDrug(absl::string_view name);
  // `analyses`: AnalyzeHits(hits).
  void AddDrugsFromHits(const std::vector<content::v1::Hit>& hits, const HitAnalyses& analyses);

  // The mentions of `text` in order of appearance, each term once.
  std::vector<Mention> Find(absl::string_view text) const;

  // `question` with each brand it names followed by the drug's generic name
  // ("dose of Viagra?" -> "dose of Viagra (sildenafil)?"), so that search,
  // ranking and the drug rules of a dose or safety question see the drug.
  // A drug the question names already (by the first word of its name:
  // "octreotide" names "octreotide LAR") is not added again; nothing is
  // added when the result would exceed `max_chars` characters.
  std::string NameGenerics(absl::string_view question, size_t max_chars) const;

  // Whether a word looks like a drug name (see above).
  static bool LooksLikeDrug(absl::string_view word);

  // The plain wordings of the vocabulary that `text` uses, each with the
  // medical term it stands for: ("low blood sugar", "hypoglycemia"). Brands
  // apart; longest first, not overlapping, as PlainLanguage matches.
  std::vector<std::pair<std::string, std::string>> LaySynonyms(absl::string_view text) const;

  // Whether it was built from the builtin vocabulary and abbreviations (what
  // it finds then depends on the text alone, hits' drugs apart, so callers
  // may remember it).
  bool builtin() const { return builtin_; }

 private:
  // What a text holds of the vocabulary: the text with its abbreviations
  // expanded, that text's tokens and folded words, and the vocabulary's
  // terms in it. Depends on the text, the vocabulary and the abbreviations
  // alone: remembered per text (TextReadings), shared by copies.
  struct TextReading {
    std::string expanded;
    std::vector<std::pair<size_t, size_t>> tokens;  // offset and size in `expanded`
    std::vector<std::string> folded;
    std::vector<TermMatch> terms;  // into *terms_
  };
  class TextReadings;

  std::shared_ptr<const TextReading> Read(absl::string_view text) const;
  // Adds to `matches` (the vocabulary's, in order) the hits' drugs that no
  // vocabulary term covers, and puts them all in order.
  void AddHitDrugs(absl::string_view text, const std::vector<text::RawToken>& tokens,
                   const std::vector<std::string>& folded, std::vector<TermMatch>* matches) const;

  // The vocabulary's categorised terms, shared by copies (each answer copies
  // the pipeline's lexicon to add its hits' drugs).
  std::shared_ptr<const PlainLanguage> terms_;
  // The vocabulary turned round: plain wordings as terms, their medical
  // terms as wordings.
  std::shared_ptr<const PlainLanguage> lay_;
  PlainLanguage hit_drugs_;
  const text::Abbreviations& abbreviations_;
  bool builtin_ = false;
  // Readings of the texts Find was given, shared by copies (which share
  // terms_ and abbreviations_ too). Bounded.
  std::shared_ptr<TextReadings> readings_;
};

// The mentions of one category, in order.
std::vector<std::string> MentionsOf(const std::vector<Mention>& mentions, TermCategory category);

// `text` with each abbreviation replaced by its first expansion.
std::string ExpandAbbreviations(absl::string_view text, const text::Abbreviations& abbreviations);

}  // namespace medbrief::answer
