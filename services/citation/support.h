#pragma once

// Whether a passage supports a claim (a cited sentence of an answer):
// CitationService.CheckSupport and the verdict of every registered use.
//
//   SupportChecker checker;                      // once; thread-safe to share
//   SupportResult r = checker.Check(claim, passage_text);
//
// The verdict, in this order (the contract of medbrief.citation.v1.Verdict):
//   - UNSUPPORTED when the claim has nothing to check (no content word, no
//     number) or the passage is empty;
//   - UNSUPPORTED when the passage negates what the claim affirms or the
//     other way round (negation_conflict; see support_analysis.h for cues
//     and scopes): every content word the claim negates and the passage
//     shares is affirmed there, or at least `conflict_share` of the words the
//     claim affirms (and at least one) occur in the passage only negated;
//   - UNSUPPORTED when a number of the claim is not in the passage
//     (missing_numbers; see quantities.h for units and what counts as equal);
//   - else by score, the share of the claim's distinct content words the
//     passage covers: SUPPORTED at supported_min_score or more, PARTIAL at
//     partial_min_score or more, UNSUPPORTED below (missing_terms lists the
//     words not covered).
// A content word is covered when the passage has the same term (after
// folding, American spelling and stemming), or through an abbreviation of
// the vocabulary, both ways: "PRRT" in the claim is covered by "peptide
// receptor radionuclide therapy" in the passage, and the phrase in the claim
// by "PRRT" in the passage (abbreviations are matched as written,
// case-sensitively, and must be one token on the claim side).
//
// Not understood: antonyms ("increased" vs "decreased" both count as
// present words), comparisons ("more than"), and who did what to whom.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"
#include "common/text/analyzer.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "services/citation/support_analysis.h"

namespace medbrief::citation {

struct SupportOptions {
  // Thresholds on the score; the defaults are tuned on the SciFact training
  // claims (docs/BENCHMARKS.md, "Citation support check").
  double supported_min_score = 0.7;
  double partial_min_score = 0.5;
  // How many content words a negation cue covers.
  int negation_scope_words = 4;
  // Share of the claim's affirmed shared words that, found only negated in
  // the passage, make a negation conflict.
  double conflict_share = 0.5;
};

struct SupportResult {
  v1::Verdict verdict = v1::UNSUPPORTED;
  // Share of the claim's distinct content words covered by the passage, 0 to
  // 1; 1 for a claim of numbers only whose numbers are all found.
  double score = 0;
  // The claim's numbers not in the passage, as written ("500 mg", "q4w").
  std::vector<std::string> missing_numbers;
  // The claim's content words not covered, folded, in claim order ("tumor").
  std::vector<std::string> missing_terms;
  bool negation_conflict = false;
};

// A passage analysed once, for checking several claims against it.
class PreparedText {
 public:
  const AnalyzedText& analysis() const { return analysis_; }

 private:
  friend class SupportChecker;
  explicit PreparedText(AnalyzedText analysis) : analysis_(std::move(analysis)) {}
  AnalyzedText analysis_;
};

class SupportChecker {
 public:
  // `abbreviations` must outlive the checker only during construction: the
  // checker keeps its own analysed copy of each expansion.
  explicit SupportChecker(const text::Abbreviations& abbreviations = text::Abbreviations::Builtin(),
                          SupportOptions options = {});

  SupportResult Check(absl::string_view claim, absl::string_view passage) const;
  SupportResult Check(absl::string_view claim, const PreparedText& passage) const;
  SupportResult Check(const PreparedText& claim, const PreparedText& passage) const;
  // A claim or a passage analysed once, for several checks.
  PreparedText Prepare(absl::string_view text) const;

  const SupportOptions& options() const { return options_; }

 private:
  struct Phrase {
    std::vector<std::string> terms;  // content words of the expansion
    std::string abbreviation;        // as written
  };
  std::vector<std::string> PhraseTerms(absl::string_view expansion) const;

  text::Analyzer analyzer_;
  SupportOptions options_;
  // abbreviation as written -> content words of each expansion
  absl::flat_hash_map<std::string, std::vector<std::vector<std::string>>> expansions_;
  // first content word of an expansion -> the expansions starting with it
  absl::flat_hash_map<std::string, std::vector<Phrase>> phrases_;
};

// Checks with the builtin vocabulary and default options.
SupportResult CheckSupport(absl::string_view claim, absl::string_view passage);

// The contract's message for a result.
v1::Support ToSupportProto(absl::string_view claim, absl::string_view passage_id, const SupportResult& result);

}  // namespace medbrief::citation
