#pragma once

// What the answer core reads in a passage, worked out once per passage
// text: its analysed terms as a whole (the source's relevance, ranking.h)
// and the words that look like drug names (the lexicon, lexicon.h), for
// every hit; its selectable units with their words and analysed terms (the
// ranking's candidates), for the hits that can give sentences. Both depend
// on the text alone, so they are remembered: a passage comes back in every
// DraftAnswer of an AskStream and in the answers of related questions.
//
//   std::shared_ptr<const PassageAnalysis> a = AnalyzePassage(hit.passage().text());
//   std::shared_ptr<const std::vector<PassageUnit>> units = PassageUnits(hit.passage().text());
//
// Thread-safe. The memory is bounded (kMaxRememberedTextBytes of passage
// text; past that everything is forgotten at once); an analysis handed out
// stays valid as long as its holder keeps it.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/term_counts.h"

namespace medbrief::answer {

// The words of `sentence` as a reader meets them: a list of short items
// ("stomatitis, rash, diarrhoea, fatigue and infections") counts as one.
// Items are the comma-separated runs of at most 3 words between two commas,
// and a last one of at most 3 words holding "and" or "or" ("... rash,
// fatigue, diarrhoea and nausea."); two or more items in a row are a list.
// A run broken by a full stop, colon or semicolon is no item: "Hemmingsen et
// al., 2013. Callaghan et al., 2012." lists references, not words.
size_t ReadWords(absl::string_view sentence);

// One candidate text of a passage: a sentence, or the passage's first
// sentence and a later one that refers back to it ("Lanreotide is ... It is
// used for ..."). A sentence referring back that cannot be joined so is no
// unit: what "it" means is not known.
struct PassageUnit {
  std::string text;
  size_t words = 0;    // tokens of the text
  // Words of its longest sentence (SplitSentences of the text), a list of
  // short items ("rash, diarrhoea, fatigue and infections") counting as one;
  // and of its longest clause once SplitClauses cut each sentence.
  size_t longest = 0;
  size_t longest_clause = 0;
  TermCounts terms;  // of AnalyzedTerms of the text
  // The passage's first sentence, alone, when the next one refers back to
  // it: it announces what that one says ("... rates four treatments as
  // usually appropriate." "These are ...").
  bool continued = false;
  // The first sentence joined to a later one.
  bool joined = false;
  // It holds the passage's first sentence: alone, or joined.
  bool has_lead = false;
  // It points at what an answer does not show: a table's row; a table,
  // chart or figure ("see Table 3", "on the chart below", "[see Table 2]");
  // another guidance by its title ("... (NICE clinical guideline 36)"), or
  // sends the reader to one ("For more information ..., see the NICE
  // guideline on ..."). Never quoted.
  bool points_elsewhere = false;
  // Not a statement: a list item or label with no sign of a verb ("Prior
  // stroke or transient ischaemic attack.", "Variant 1: Suspected liver
  // metastases."), a study's aim ("To evaluate the effects of insulin ...",
  // "The objective of this study was to ..."), a clause without its main
  // clause ("Only if the manufacturer makes ...") or a glossary's item
  // ("Status - A severe headache ..."). Not quoted from guidelines and
  // research; a label's verbless lines ("Severe hepatic impairment.") say
  // what they mean under their section's heading.
  bool fragment = false;
  // EndsAsASentence of the text (sentences.h): a unit that does not is
  // never quoted.
  bool ends_as_sentence = false;
};

struct PassageAnalysis {
  TermCounts terms;                     // of AnalyzedTerms of the whole text
  std::vector<std::string> drug_words;  // tokens for which Lexicon::LooksLikeDrug, as written, in order
};

// Passage text remembered, for each of the two (analyses, units). An
// analysis and the units take about 20 bytes of memory per byte of text
// (measured on the sample corpus), so at most about 80 MB in all: some
// 2,800 passages of 1.5 kB, the evidence of dozens of questions.
inline constexpr size_t kMaxRememberedTextBytes = 4 << 20;

std::shared_ptr<const PassageAnalysis> AnalyzePassage(absl::string_view text);

// AnalyzePassage of each hit's passage, in the hits' order: the steps of one
// answer (the lexicon, each section's ranking) read them here rather than
// each looking every passage up again (a lookup hashes the whole text).
using HitAnalyses = std::vector<std::shared_ptr<const PassageAnalysis>>;
HitAnalyses AnalyzeHits(const std::vector<content::v1::Hit>& hits);

// A source title's analysed terms, remembered as passages are: every
// section of an answer weighs its sources' titles.
struct TitleAnalysis {
  std::vector<std::string> terms;  // AnalyzedTerms of the title
  TermCounts counts;               // of those terms
};
std::shared_ptr<const TitleAnalysis> AnalyzeTitle(absl::string_view title);
std::shared_ptr<const std::vector<PassageUnit>> PassageUnits(absl::string_view text);

// Forgets every analysis (for measuring the cost of new passages).
void ForgetPassageAnalyses();

}  // namespace medbrief::answer
