#pragma once

// Candidate sentences of one answer section, ranked and selected.
//
//   std::vector<RankedSentence> picked =
//       SelectSentences(question, content::v1::GUIDELINE, hits, sources);
//
// Pure: the inputs are the search hits of one section kind (hits of other
// kinds are ignored) and the sources' metadata by id (may miss some; then
// the hit's own fields are used); nothing is fetched.
//
// 1. Sources: only hits whose source is CURRENT (Hit.source_status, and
//    Source.status when the source is given; UNSPECIFIED on a Source means
//    CURRENT as on create). SUPERSEDED, RETRACTED and WITHDRAWN never
//    contribute. Drug-label passages count only when their section_code is
//    one of LabelSectionCodes(question) (see label_sections.h), and, when
//    the question names some of the labels (a title shares an analysed
//    term with it, generic label words such as "injection" or "tablets"
//    apart), only those labels count. Sources in excluded_sources never
//    count.
// 2. Sentences: each passage is split (sentences.h). A sentence that leans
//    on an earlier one (first word it, its, this, these, they, their, that,
//    those, such, he, she, both; "The" and latter, question, issue, ...;
//    second or third word it, its, they, their, them: "Among its
//    indications, ..."; passage_analysis.cc) is joined to the passage's
//    first sentence when all sentences between them lean too (one subject
//    throughout), and the pair, verbatim, is one candidate ("Lanreotide is
//    a somatostatin analogue ... It is used for GEP-NETs ..."); otherwise it
//    is left out, its subject being unknown. The first sentence alone, when
//    the next one leans on it ("... four treatments." "These are ..."), is
//    a candidate only when no such pair qualifies. A candidate of fewer
//    than min_words words, or with a sentence of more than max_words words
//    (a list of short items counting as one word; with
//    max_words_per_clause, a clause of the source wording as SplitClauses
//    cuts it for lay readers), or that does not end as a statement (a
//    lead-in to a list, a heading, a question), is left out; the same text
//    is kept once.
// 3. Score = relevance_weight * relevance + recency_weight * recency
//          + evidence_weight * evidence, each 0..1:
//    relevance  0.5 times the sentence's BM25 (k1 1.2, b 0.75, idf over the
//               candidate sentences) of the question's analysed terms, with
//               abbreviations expanded and the words that only frame a
//               question left out ("best", "approach", "used",
//               "recommended", ...), divided by the best sentence's;
//               plus 0.25 times its source's relevance: the best passage
//               BM25 of the source among the current hits of the kind (all
//               sections of a label, whatever the intent; the title counts
//               as a passage), divided by the best source's; plus 0.25
//               times the hit's score divided by the best hit's. A
//               sentence of a source below min_source_relevance times the
//               best source's relevance is dropped (an off-topic source that
//               shares a word or two with the question: an asthma
//               guideline's "receptor" for a PRRT question) unless its hits
//               hold min_source_coverage times as many of the question's
//               terms as the best-covering source's (one rare word matched
//               many times does not shut out a source covering the
//               question). A guideline or research sentence is dropped,
//               too, when its source's hits hold less than
//               min_subject_share of the question's subject concepts
//               (when it has two or more):
//               its distinct subject terms (SubjectTerms), except that the
//               words of a lay phrase (lay_synonyms: "high blood
//               pressure") are one concept, held where all of them are or
//               its medical term is (hypertension), and so are a named
//               drug's, held by any of its distinctive terms as well. The
//               best of nothing relevant is no evidence. And so is a
//               sentence sharing no term with the question (before any
//               best is taken: it sets no scale), or whose BM25 is below
//               min_relative_relevance of the best, except for drug-label
//               sentences (their section already matches the question).
//    recency    1 / (1 + (newest_year - year) / recency_half_life_years),
//               newest_year the newest among the candidates; 0 when undated.
//    evidence   EvidenceStrength of the source (evidence.h).
//    plus ease_weight * ease, ease = 1 - grade / kEaseGradeScale (0..1),
//    grade the Flesch-Kincaid grade (readability.h) of reword(sentence),
//    the wording the reader will see: 0 by default; DraftAnswer sets it for
//    patients and caregivers, with their plain-language rewording, so that
//    of two relevant sentences the easier one comes first.
//    A research sentence's score is then multiplied by its part of the
//    abstract (AbstractPartWeight of its section heading): what was found
//    comes before why and how it was studied.
// 4. Selection: maximal marginal relevance, greedy: the next sentence
//    maximises mmr_lambda * score - (1 - mmr_lambda) * max similarity to
//    those already picked, where similarity is the Jaccard index of the
//    analysed term sets (for drug labels, at least same_label_similarity
//    to a sentence of the same label); a sentence at duplicate_similarity
//    or more (by Jaccard alone) to a
//    picked one is never picked, nor one of a source that already gave
//    max_per_source sentences. Stops at max_sentences.
// The result is in selection order (best first).

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/answer/passage_analysis.h"

namespace medbrief::answer {

// Source metadata by id. Shared and immutable: the answer service's cache,
// each answer's evidence and the ranking read the same copy.
using SourcePtr = std::shared_ptr<const content::v1::Source>;
using SourceMap = absl::flat_hash_map<std::string, SourcePtr>;

// The id of the source a hit belongs to (the hit's own, else its passage's).
inline const std::string& SourceIdOf(const content::v1::Hit& hit) {
  return hit.source_id().empty() ? hit.passage().source_id() : hit.source_id();
}

struct RankingOptions {
  double relevance_weight = 0.6;
  double recency_weight = 0.2;
  double evidence_weight = 0.2;
  double ease_weight = 0;
  // The wording shown to the reader, for ease; empty: the sentence itself.
  std::function<std::string(absl::string_view)> reword;
  // The drugs a question on their own dose or safety names: a guideline or
  // research passage is a candidate only when it names one of them (a trial
  // of another drug says nothing of this one's effects), and with
  // kSentence only its units that name one (a dose means nothing without
  // its drug). Empty: no such rule.
  std::vector<std::string> named_drugs;
  enum class DrugScope { kPassage, kSentence } named_drug_scope = DrugScope::kPassage;
  // Sources never drawn on (those on another condition than the
  // question's: scope.h).
  absl::flat_hash_set<std::string> excluded_sources;
  double min_relative_relevance = 0.2;
  double min_source_relevance = 0.5;
  double min_source_coverage = 0.8;
  double min_subject_share = 0.5;
  // Lay phrases of the question and the medical term each stands for ("low
  // blood sugar", "hypoglycemia"): one concept of the subject each, for
  // min_subject_share.
  std::vector<std::pair<std::string, std::string>> lay_synonyms;
  double recency_half_life_years = 5;
  double mmr_lambda = 0.7;
  double duplicate_similarity = 0.6;
  // The least similarity MMR counts between two sentences of one drug
  // label, so that the other labels of the question get a say before a
  // label's second sentence.
  double same_label_similarity = 0.5;
  int max_sentences = 6;
  int max_per_source = 3;
  int min_words = 5;
  int max_words = 70;
  // max_words bounds the longest clause (SplitClauses) rather than the
  // longest sentence: for readers who get long sentences cut at clauses.
  bool max_words_per_clause = false;
};

struct RankedSentence {
  std::string text;
  std::string passage_id;
  std::string source_id;
  content::v1::SourceKind kind = content::v1::SOURCE_KIND_UNSPECIFIED;
  double score = 0;
  double relevance = 0;
  double recency = 0;
  double evidence = 0;
  double ease = 0;  // 0 unless RankingOptions.ease_weight is set
  double part = 1;  // AbstractPartWeight, for research; 1 otherwise
};

// The weight of a research abstract's part, by its section heading: 1 for
// results and conclusions (and an unknown or empty heading), 0.85 for
// background, introduction, objectives, aims and purpose, 0.7 for methods,
// design, setting, participants, interventions and measures.
double AbstractPartWeight(absl::string_view section_heading);

// A Flesch-Kincaid grade at which a sentence's ease is 0.
inline constexpr double kEaseGradeScale = 20;

std::vector<RankedSentence> SelectSentences(absl::string_view question, content::v1::SourceKind kind,
                                            const std::vector<content::v1::Hit>& hits, const SourceMap& sources,
                                            const RankingOptions& options = {});
// The same with the hits' passages analysed already (AnalyzeHits(hits)).
std::vector<RankedSentence> SelectSentences(absl::string_view question, content::v1::SourceKind kind,
                                            const std::vector<content::v1::Hit>& hits, const HitAnalyses& analyses,
                                            const SourceMap& sources, const RankingOptions& options);

// Jaccard index of the analysed term sets of two texts, 0 to 1.
double TermSimilarity(absl::string_view a, absl::string_view b);

}  // namespace medbrief::answer
