#include "services/answer/assemble.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "services/answer/audience.h"
#include "services/answer/follow_ups.h"
#include "services/answer/label_choice.h"
#include "services/answer/label_products.h"
#include "services/answer/label_sections.h"
#include "services/answer/notices.h"
#include "services/answer/readability.h"
#include "services/answer/scope.h"

namespace medbrief::answer {
namespace {

// The lexicon of the vocabulary, before the drugs of the hits are added.
// Building it folds every vocabulary term: for the builtin vocabulary (the
// pipeline's) that is done once, and each call copies the result.
Lexicon VocabularyLexicon(const PlainLanguage& vocabulary, const text::Abbreviations& abbreviations) {
  if (AreBuiltin(vocabulary, abbreviations)) {
    static const Lexicon* const kBuiltin = new Lexicon(vocabulary, abbreviations);
    return *kBuiltin;
  }
  return Lexicon(vocabulary, abbreviations);
}

// DraftRankingOptions with the lexicon DraftAnswer has made already.
RankingOptions RankingFor(const AnswerInput& input, const AnswerOptions& options, const PlainLanguage& vocabulary,
                          const text::Abbreviations& abbreviations, const Lexicon& lexicon) {
  const std::string& question = input.question;
  const v1::Audience audience = input.audience;
  RankingOptions ranking = options.ranking;
  if (audience == v1::PATIENT || audience == v1::CAREGIVER) {
    ranking.ease_weight = kPlainEaseWeight;
    ranking.max_words = std::min(ranking.max_words, kPlainMaxWords);
    ranking.max_words_per_clause = true;  // AudienceWriter cuts their sentences at clauses
    ranking.reword = [audience, &vocabulary, &abbreviations](absl::string_view sentence) {
      return AudienceWriter(audience, vocabulary, abbreviations).Rewrite(sentence);
    };
  }
  // A question on a drug's own dose or safety is answered from evidence on
  // that drug: a drug of the vocabulary, or a drug-like name. Worked out from
  // the question alone, not the hits: the sections AskStream sends before
  // the other kinds' hits arrive are final.
  const LabelIntent intent = DetectLabelIntent(question);
  std::vector<std::string> named_drugs = NamedDrugs(question, lexicon);
  ScopeFacts scope;
  scope.names_a_drug = !named_drugs.empty();
  scope.about_harms = intent.harms();
  scope.lay_synonyms = lexicon.LaySynonyms(question);
  ranking.excluded_sources = SourcesOnOtherConditions(question, scope, input.hits, lexicon);
  ranking.lay_synonyms = std::move(scope.lay_synonyms);
  if (intent.dose || intent.harms()) {
    ranking.named_drugs = std::move(named_drugs);
    ranking.named_drug_scope =
        intent.harms() ? RankingOptions::DrugScope::kPassage : RankingOptions::DrugScope::kSentence;
  }
  return ranking;
}

// options.lexicon, else the lexicon of the vocabulary and abbreviations.
Lexicon LexiconOf(const AnswerOptions& options, const PlainLanguage& vocabulary,
                  const text::Abbreviations& abbreviations) {
  return options.lexicon != nullptr ? *options.lexicon : VocabularyLexicon(vocabulary, abbreviations);
}

const PlainLanguage& VocabularyOf(const AnswerOptions& options) {
  return options.vocabulary != nullptr ? *options.vocabulary : PlainLanguage::Builtin();
}

const text::Abbreviations& AbbreviationsOf(const AnswerOptions& options) {
  return options.abbreviations != nullptr ? *options.abbreviations : text::Abbreviations::Builtin();
}

}  // namespace

RankingOptions DraftRankingOptions(const AnswerInput& input, const AnswerOptions& options) {
  const PlainLanguage& vocabulary = VocabularyOf(options);
  const text::Abbreviations& abbreviations = AbbreviationsOf(options);
  return RankingFor(input, options, vocabulary, abbreviations, LexiconOf(options, vocabulary, abbreviations));
}

AnswerDraft DraftAnswer(const AnswerInput& input, const AnswerOptions& options) {
  const PlainLanguage& vocabulary = VocabularyOf(options);
  const text::Abbreviations& abbreviations = AbbreviationsOf(options);
  Lexicon lexicon = LexiconOf(options, vocabulary, abbreviations);
  const RankingOptions ranking = RankingFor(input, options, vocabulary, abbreviations, lexicon);
  const HitAnalyses analyses = AnalyzeHits(input.hits);
  lexicon.AddDrugsFromHits(input.hits, analyses);  // for the follow-up questions
  std::vector<std::pair<v1::SectionKind, std::vector<RankedSentence>>> selected;
  std::vector<std::string> evidence;
  for (content::v1::SourceKind kind : {content::v1::GUIDELINE, content::v1::DRUG_LABEL, content::v1::RESEARCH}) {
    std::vector<RankedSentence> ranked =
        SelectSentences(input.question, kind, input.hits, analyses, input.sources, ranking);
    for (const RankedSentence& r : ranked) {
      evidence.push_back(r.text);
    }
    selected.emplace_back(SectionKindOf(kind), std::move(ranked));
  }
  AnswerDraft out;
  out.audience = input.audience;
  out.draft = BuildDraft(selected, input.max_citations > 0 ? input.max_citations : kDefaultMaxCitations);
  AdaptToAudience(input.audience, &out.draft, vocabulary, abbreviations);
  GroupLabelKeyPoints(input.hits, &out.draft);
  NameLabelProducts(input.question, input.hits, &out.draft);
  out.uses = CitationUses(out.draft);
  out.follow_up_questions = SuggestFollowUps(input.question, evidence, lexicon);
  out.disclaimer = Disclaimer(input.audience);
  return out;
}

absl::StatusOr<v1::Answer> FinishAnswer(const AnswerDraft& draft, const CitationNumbers& numbers) {
  absl::StatusOr<std::vector<v1::Section>> sections = RenderSections(draft.draft, numbers);
  if (!sections.ok()) {
    return sections.status();
  }
  v1::Answer answer;
  answer.set_audience(draft.audience);
  answer.set_reading_grade(ReadingGrade(draft.draft));
  for (v1::Section& section : *sections) {
    *answer.add_sections() = std::move(section);
  }
  answer.set_disclaimer(draft.disclaimer);
  for (const std::string& q : draft.follow_up_questions) {
    answer.add_follow_up_questions(q);
  }
  return answer;
}

}  // namespace medbrief::answer
