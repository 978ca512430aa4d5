#pragma once

// Wording of an answer for its audience.
//
//   CLINICIAN  the sentences as found in the sources.
//   STUDENT    terms kept; each abbreviation of the vocabulary is expanded at
//              its first use in the answer, "PRRT (peptide receptor
//              radionuclide therapy)", unless the text already defines it
//              there ("... therapy (PRRT)").
//   PATIENT,   abbreviations replaced by their expansion; a definition in
//   CAREGIVER  parentheses after its phrase, "tumour (NET)", is dropped, as
//              is any parenthesised single word of two or more capitals and
//              no digit ("(GEP-NENs)", "(NELMs)"), known or not, and an
//              evidence grade ("(Level I, Grade A)", not "(grade 3 or 4)");
//              medical terms replaced by their plain wording
//              (PlainLanguage::Rewrite); a sentence joining independent
//              clauses with "; ", ", but ", ", so " or ", and " before a
//              clause-starting word ("the", "it", "they", "patients", ...)
//              is cut there into sentences (each side at least 4 words;
//              words kept as written; SplitClauses of sentences.h, which
//              keeps parallel phrases "; for a; for b" together), so that
//              each is shorter.
// Never changed, for any audience: numbers and doses (a token with a digit
// is never rewritten, nor an abbreviation holding one, e.g. "q4w"), and the
// [n] markers (they are added after rewording, by RenderSections).

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "common/text/abbreviations.h"
#include "medbrief/answer/v1/answer.pb.h"
#include "services/answer/compose.h"
#include "services/answer/plain_language.h"

namespace medbrief::answer {

class AudienceWriter {
 public:
  AudienceWriter(v1::Audience audience, const PlainLanguage& vocabulary = PlainLanguage::Builtin(),
                 const text::Abbreviations& abbreviations = text::Abbreviations::Builtin());

  // One sentence; remembers which abbreviations were expanded, so that a
  // STUDENT answer expands each once. Rewrite the sentences in display
  // order.
  std::string Rewrite(absl::string_view sentence);

 private:
  std::string ExpandAbbreviations(absl::string_view sentence, bool plain);
  // PATIENT and CAREGIVER wording, which depends on the sentence alone. The
  // same sentences come back in every answer drawing on their passages, and
  // in one answer twice (ranking weighs each candidate's ease as reworded,
  // then the picked ones are reworded for the answer): with the builtin
  // vocabulary and abbreviations it is remembered by sentence, bounded like
  // the passage analyses.
  std::string LayWording(absl::string_view sentence);

  v1::Audience audience_;
  const PlainLanguage& vocabulary_;
  const text::Abbreviations& abbreviations_;
  absl::flat_hash_set<std::string> expanded_;
};

// Sets the text of every sentence of `draft` from its claim as displayed
// (AsDisplayed: no cross-references, a capital first letter), in display
// order.
void AdaptToAudience(v1::Audience audience, Draft* draft, const PlainLanguage& vocabulary = PlainLanguage::Builtin(),
                     const text::Abbreviations& abbreviations = text::Abbreviations::Builtin());

}  // namespace medbrief::answer
