#include "services/answer/ranking.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "services/answer/evidence.h"
#include "services/answer/label_sections.h"
#include "services/answer/passage_analysis.h"
#include "services/answer/question.h"
#include "services/answer/readability.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

// The strings of a candidate's RankedSentence (text, passage and source ids)
// are filled in only once it is picked: most candidates are not.
struct Candidate {
  RankedSentence sentence;
  // The unit of the passage the sentence is, with its terms.
  std::shared_ptr<const std::vector<PassageUnit>> passage;
  const PassageUnit* unit = nullptr;
  const content::v1::Hit* hit = nullptr;
  double hit_score = 0;
  int year = 0;
  double bm25 = 0;
  double source_bm25 = 0;  // of its source's best passage
  size_t source_coverage = 0;  // question terms its source's hits hold
  double subject_share = 0;  // of the question's subject concepts (SourceMatch)
};

bool IsCurrent(const content::v1::Hit& hit, const SourceMap& sources) {
  if (hit.source_status() != content::v1::CURRENT) {
    return false;
  }
  auto it = sources.find(hit.source_id());
  if (it == sources.end()) {
    return true;
  }
  const content::v1::SourceStatus status = it->second->status();
  return status == content::v1::CURRENT || status == content::v1::SOURCE_STATUS_UNSPECIFIED;
}

// Whether a guideline's section, by its code (the NGC importer's), says what
// the guideline covers rather than what it advises: its condition, target
// population, interventions and outcomes considered, objective, type of
// evidence, algorithm, rating scheme ("High: further research is very
// unlikely to change our confidence ..."). Their lists ("Patients with known
// nonvalvular atrial fibrillation (NVAF)", "Composite outcomes (e.g., all
// strokes, myocardial infarction or vascular death)") find the guideline in a
// search but are no statement an answer can quote.
bool DescribesTheGuideline(absl::string_view section_code) {
  for (const absl::string_view code : {"condition", "target-population", "interventions", "outcomes", "objective",
                                       "evidence-type", "clinical-algorithm", "rating-scheme"}) {
    if (section_code == code) return true;
  }
  return false;
}

// Words of every drug label's title, which name no drug.
bool IsGenericLabelTerm(const std::string& term) {
  static const auto* const kTerms = new absl::flat_hash_set<std::string>(
      [] {
        std::vector<std::string> terms = AnalyzedTerms(
            "injection injections tablets tablet capsules capsule oral use intravenous subcutaneous intramuscular "
            "prescribing information label solution suspension release extended long acting for sample medbrief");
        return absl::flat_hash_set<std::string>(terms.begin(), terms.end());
      }());
  return kTerms->contains(term);
}

// The terms by which a text names `drug`: those of 5 letters or more, as
// analysed ("177Lu-DOTATATE" names "lutetium Lu 177 dotatate" by
// "dotatate"), or all of them when it has none.
std::vector<TermKey> DistinctiveDrugKeys(const std::string& drug) {
  const std::vector<std::string> terms = AnalyzedTerms(drug);
  std::vector<std::string> distinctive;
  for (const std::string& term : terms) {
    if (term.size() >= 5) distinctive.push_back(term);
  }
  return DistinctTermKeys(distinctive.empty() ? terms : distinctive);
}

// `subject`: the keys of SubjectTerms of the question.
std::vector<Candidate> Candidates(absl::string_view question, const std::vector<TermKey>& subject,
                                  content::v1::SourceKind kind, const std::vector<content::v1::Hit>& hits,
                                  const HitAnalyses& analyses, const SourceMap& sources,
                                  const RankingOptions& options) {
  // Drug labels: only the sections the question needs; those named by the
  // question (by title) stand for all labels.
  std::vector<std::string> codes;
  absl::flat_hash_set<std::string> named_labels;
  if (kind == content::v1::DRUG_LABEL) {
    codes = LabelSectionCodes(question);
    const std::vector<std::string> query = AnalyzedTerms(NormalizeQuestion(question).search_query);
    const absl::flat_hash_set<std::string> query_terms(query.begin(), query.end());
    for (const content::v1::Hit& hit : hits) {
      if (hit.kind() != kind) {
        continue;
      }
      for (const std::string& term : AnalyzeTitle(hit.source_title())->terms) {
        if (query_terms.contains(term) && !IsGenericLabelTerm(term)) {
          named_labels.insert(hit.source_id());
        }
      }
    }
  }
  // Each named drug by its distinctive terms (of 5 letters or more, as
  // analysed; all of them when it has none): a text names the drug when it
  // holds one, so "177Lu-DOTATATE" names "lutetium Lu 177 dotatate" and
  // "octreotide" names "octreotide LAR".
  std::vector<std::vector<TermKey>> drugs;
  for (const std::string& drug : options.named_drugs) {
    std::vector<TermKey> keys = DistinctiveDrugKeys(drug);
    if (!keys.empty()) drugs.push_back(std::move(keys));
  }
  const auto names_a_drug = [&](const TermCounts& terms) {
    return std::any_of(drugs.begin(), drugs.end(), [&](const std::vector<TermKey>& keys) {
      return std::any_of(keys.begin(), keys.end(), [&](TermKey key) { return terms.Contains(key); });
    });
  };
  std::vector<Candidate> out;
  // Texts of the candidates so far (their passages' units, which `out`
  // keeps alive).
  absl::flat_hash_set<absl::string_view> seen;
  for (size_t h = 0; h < hits.size(); ++h) {
    const content::v1::Hit& hit = hits[h];
    if (hit.kind() != kind || !IsCurrent(hit, sources)) {
      continue;
    }
    if (kind == content::v1::DRUG_LABEL &&
        std::find(codes.begin(), codes.end(), hit.passage().section_code()) == codes.end()) {
      continue;
    }
    if (kind == content::v1::GUIDELINE && DescribesTheGuideline(hit.passage().section_code())) continue;
    const std::string& source_id = SourceIdOf(hit);
    if ((!named_labels.empty() && !named_labels.contains(source_id)) || options.excluded_sources.contains(source_id)) {
      continue;
    }
    auto source = sources.find(source_id);
    const double evidence = source != sources.end() ? EvidenceStrength(*source->second)
                                                    : EvidenceStrength(kind, "");
    const double part = kind == content::v1::RESEARCH ? AbstractPartWeight(hit.passage().section_heading()) : 1;
    const std::string& date = source != sources.end() && !source->second->published_date().empty()
                                  ? source->second->published_date()
                                  : hit.published_date();
    if (kind != content::v1::DRUG_LABEL && !drugs.empty() &&
        !names_a_drug(analyses[h]->terms)) {
      continue;
    }
    const std::shared_ptr<const std::vector<PassageUnit>> passage = PassageUnits(hit.passage().text());
    if (kind != content::v1::DRUG_LABEL && !subject.empty() &&
        std::none_of(passage->begin(), passage->end(), [&](const PassageUnit& unit) {
          return std::any_of(subject.begin(), subject.end(), [&](TermKey key) { return unit.terms.Contains(key); });
        })) {
      // A passage that names nothing the question is about ("high doses of
      // zonisamide" for a question on the dose of sildenafil) matched on
      // generic words only. (Labels have their own rule: label_choice.h.)
      continue;
    }
    const bool sentence_names_drug = kind != content::v1::DRUG_LABEL && !drugs.empty() &&
                                     options.named_drug_scope == RankingOptions::DrugScope::kSentence;
    const auto fits = [&](const PassageUnit& unit) {
      return (!sentence_names_drug || names_a_drug(unit.terms)) && !unit.points_elsewhere &&
             (kind == content::v1::DRUG_LABEL || !unit.fragment) &&
             unit.words >= static_cast<size_t>(options.min_words) &&
             (options.max_words_per_clause ? unit.longest_clause : unit.longest) <=
                 static_cast<size_t>(options.max_words) &&
             unit.ends_as_sentence;
    };
    // A first sentence that announces what the next one says stands alone
    // only when no joined unit can carry it ("... four treatments ..." is of
    // no use without "These are ...").
    const bool carried = std::any_of(passage->begin(), passage->end(),
                                     [&](const PassageUnit& unit) { return unit.joined && fits(unit); });
    for (const PassageUnit& unit : *passage) {
      if ((unit.continued && carried) || !fits(unit) || !seen.insert(unit.text).second) {
        continue;
      }
      Candidate c;
      c.passage = passage;
      c.unit = &unit;
      c.hit = &hit;
      c.sentence.kind = kind;
      c.sentence.evidence = evidence;
      c.sentence.part = part;
      c.hit_score = hit.score();
      c.year = PublicationYear(date);
      out.push_back(std::move(c));
    }
  }
  return out;
}

// BM25 of the query (distinct term keys) against each document.
std::vector<double> Bm25(const std::vector<TermKey>& query, const std::vector<const TermCounts*>& documents) {
  constexpr double kK1 = 1.2;
  constexpr double kB = 0.75;
  // Each document's frequency of each query term, and how many documents
  // hold each.
  std::vector<int> frequencies(documents.size() * query.size());
  std::vector<int> document_frequency(query.size());
  double total_length = 0;
  for (size_t d = 0; d < documents.size(); ++d) {
    total_length += static_cast<double>(documents[d]->length());
    for (size_t q = 0; q < query.size(); ++q) {
      const int count = documents[d]->Count(query[q]);
      frequencies[d * query.size() + q] = count;
      document_frequency[q] += count > 0 ? 1 : 0;
    }
  }
  const double n = static_cast<double>(documents.size());
  const double average_length = n > 0 && total_length > 0 ? total_length / n : 1;
  std::vector<double> scores;
  scores.reserve(documents.size());
  for (size_t d = 0; d < documents.size(); ++d) {
    const double length_norm = 1 - kB + kB * static_cast<double>(documents[d]->length()) / average_length;
    double score = 0;
    for (size_t q = 0; q < query.size(); ++q) {
      const int count = frequencies[d * query.size() + q];
      if (count == 0) {
        continue;
      }
      const double df = document_frequency[q];
      const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
      score += idf * count * (kK1 + 1) / (count + kK1 * length_norm);
    }
    scores.push_back(score);
  }
  return scores;
}

void ScoreBm25(const std::vector<TermKey>& query, std::vector<Candidate>* candidates) {
  std::vector<const TermCounts*> documents;
  documents.reserve(candidates->size());
  for (const Candidate& c : *candidates) {
    documents.push_back(&c.unit->terms);
  }
  const std::vector<double> scores = Bm25(query, documents);
  for (size_t i = 0; i < candidates->size(); ++i) {
    (*candidates)[i].bm25 = scores[i];
  }
}

// What the question is about, as concepts: each subject term on its own,
// except that the words of a lay phrase ("high blood pressure") are one
// concept, held where all of them are or where the medical term it stands
// for is (hypertension), and the terms of a named drug are one, held where
// all of them are or any distinctive one is ("177Lu-DOTATATE").
struct SubjectConcept {
  std::vector<TermKey> words;                      // held when all of them are,
  std::vector<std::vector<TermKey>> alternatives;  // or all of one of these
};

std::vector<SubjectConcept> SubjectConcepts(const std::vector<TermKey>& subject, const RankingOptions& options) {
  std::vector<SubjectConcept> out;
  std::vector<bool> grouped(subject.size(), false);
  const auto group = [&](const std::vector<std::string>& terms) {
    SubjectConcept concept;
    for (TermKey key : DistinctTermKeys(terms)) {
      const auto it = std::find(subject.begin(), subject.end(), key);
      if (it == subject.end()) continue;
      grouped[static_cast<size_t>(it - subject.begin())] = true;
      concept.words.push_back(key);
    }
    return concept;
  };
  for (const auto& [lay, medical] : options.lay_synonyms) {
    SubjectConcept concept = group(AnalyzedTerms(lay));
    std::vector<TermKey> keys = DistinctTermKeys(AnalyzedTerms(medical));
    if (concept.words.empty()) continue;
    if (!keys.empty()) concept.alternatives.push_back(std::move(keys));
    out.push_back(std::move(concept));
  }
  for (const std::string& drug : options.named_drugs) {
    SubjectConcept concept = group(AnalyzedTerms(drug));
    if (concept.words.empty()) continue;
    for (TermKey key : DistinctiveDrugKeys(drug)) concept.alternatives.push_back({key});
    out.push_back(std::move(concept));
  }
  for (size_t i = 0; i < subject.size(); ++i) {
    if (!grouped[i]) out.push_back(SubjectConcept{{subject[i]}, {}});
  }
  return out;
}

// A source's relevance among the current hits of `kind`: its best passage
// BM25 (every section of a drug label, whatever the question's intent: the
// indications say what a label is about), its title counting as one more
// passage; how many of the question's terms its passages and title hold
// between them; and the share of the question's subject concepts they hold.
struct SourceMatch {
  double bm25 = 0;
  size_t coverage = 0;
  double subject_share = 0;
};

absl::flat_hash_map<std::string, SourceMatch> SourceRelevance(const std::vector<TermKey>& query,
                                                              const std::vector<SubjectConcept>& concepts,
                                                              content::v1::SourceKind kind,
                                                              const std::vector<content::v1::Hit>& hits,
                                                              const HitAnalyses& analyses,
                                                              const SourceMap& sources) {
  // Hits of one source share its title: each title is looked up once.
  std::vector<std::shared_ptr<const TitleAnalysis>> titles;
  absl::flat_hash_map<absl::string_view, size_t> title_index;
  // Each passage, then its source's title.
  std::vector<const TermCounts*> documents;
  std::vector<std::string> source_ids;
  for (size_t h = 0; h < hits.size(); ++h) {
    const content::v1::Hit& hit = hits[h];
    if (hit.kind() != kind || !IsCurrent(hit, sources)) {
      continue;
    }
    auto [title, added] = title_index.emplace(hit.source_title(), titles.size());
    if (added) titles.push_back(AnalyzeTitle(hit.source_title()));
    documents.push_back(&analyses[h]->terms);
    documents.push_back(&titles[title->second]->counts);
    source_ids.push_back(SourceIdOf(hit));
  }
  const std::vector<double> scores = Bm25(query, documents);
  // The terms a source's documents hold between them: the query's, then
  // those of the subject concepts.
  std::vector<TermKey> watched = query;
  for (const SubjectConcept& concept : concepts) {
    watched.insert(watched.end(), concept.words.begin(), concept.words.end());
    for (const std::vector<TermKey>& alternative : concept.alternatives) {
      watched.insert(watched.end(), alternative.begin(), alternative.end());
    }
  }
  absl::flat_hash_map<std::string, SourceMatch> best;
  absl::flat_hash_map<std::string, std::vector<bool>> held;
  for (size_t i = 0; i < scores.size(); ++i) {
    const std::string& id = source_ids[i / 2];
    best[id].bm25 = std::max(best[id].bm25, scores[i]);
    std::vector<bool>& terms = held[id];
    terms.resize(watched.size(), false);
    for (size_t t = 0; t < watched.size(); ++t) {
      if (!terms[t] && documents[i]->Contains(watched[t])) terms[t] = true;
    }
  }
  for (auto& [id, match] : best) {
    const std::vector<bool>& terms = held[id];
    match.coverage = static_cast<size_t>(std::count(terms.begin(), terms.begin() + query.size(), true));
    // In the order `watched` lists them: each concept's words, then its
    // alternatives.
    size_t at = query.size();
    const auto all_held = [&](size_t count) {
      const bool all = std::all_of(terms.begin() + at, terms.begin() + at + count, [](bool h) { return h; });
      at += count;
      return all;
    };
    size_t held_concepts = 0;
    for (const SubjectConcept& concept : concepts) {
      bool concept_held = all_held(concept.words.size());
      for (const std::vector<TermKey>& alternative : concept.alternatives) {
        concept_held = all_held(alternative.size()) || concept_held;
      }
      held_concepts += concept_held ? 1 : 0;
    }
    match.subject_share =
        concepts.empty() ? 0 : static_cast<double>(held_concepts) / static_cast<double>(concepts.size());
  }
  return best;
}

}  // namespace

double AbstractPartWeight(absl::string_view section_heading) {
  constexpr double kFindings = 1;
  constexpr double kWhy = 0.85;
  constexpr double kHow = 0.7;
  const std::string heading = absl::AsciiStrToLower(section_heading);
  const auto has = [&](std::initializer_list<absl::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&](absl::string_view w) { return absl::StrContains(heading, w); });
  };
  // "Results and conclusions", "Methods and results": the findings count.
  if (heading.empty() || has({"result", "conclusion", "finding", "interpretation", "discussion", "summary"})) {
    return kFindings;
  }
  if (has({"method", "design", "setting", "participant", "patients", "population", "intervention", "measure",
           "material", "subjects", "procedure", "analysis"})) {
    return kHow;
  }
  if (has({"background", "introduction", "objective", "aim", "purpose", "context", "rationale", "hypothes"})) {
    return kWhy;
  }
  return kFindings;
}

double TermSimilarity(absl::string_view a, absl::string_view b) {
  return Jaccard(TermCounts(AnalyzedTerms(a)), TermCounts(AnalyzedTerms(b)));
}

std::vector<RankedSentence> SelectSentences(absl::string_view question, content::v1::SourceKind kind,
                                            const std::vector<content::v1::Hit>& hits, const SourceMap& sources,
                                            const RankingOptions& options) {
  return SelectSentences(question, kind, hits, AnalyzeHits(hits), sources, options);
}

std::vector<RankedSentence> SelectSentences(absl::string_view question, content::v1::SourceKind kind,
                                            const std::vector<content::v1::Hit>& hits, const HitAnalyses& analyses,
                                            const SourceMap& sources, const RankingOptions& options) {
  const std::vector<std::string> query_terms = TopicTerms(question);
  const std::vector<TermKey> query = DistinctTermKeys(WithSourceWording(query_terms));
  const std::vector<TermKey> subject = DistinctTermKeys(SubjectTerms(query_terms));
  std::vector<Candidate> candidates = Candidates(question, subject, kind, hits, analyses, sources, options);
  ScoreBm25(query, &candidates);
  if (kind != content::v1::DRUG_LABEL) {
    // A sentence sharing no term with the question is never picked, so it
    // does not set the scale of the others either (its source's relevance
    // would have left the relevant sentences of other sources out).
    candidates.erase(
        std::remove_if(candidates.begin(), candidates.end(), [](const Candidate& c) { return c.bm25 <= 0; }),
        candidates.end());
  }
  const std::vector<SubjectConcept> concepts = SubjectConcepts(subject, options);
  const absl::flat_hash_map<std::string, SourceMatch> source_matches =
      SourceRelevance(query, concepts, kind, hits, analyses, sources);
  double best_bm25 = 0;
  double best_hit = 0;
  double best_source = 0;
  size_t best_coverage = 0;
  int newest = 0;
  for (Candidate& c : candidates) {
    auto it = source_matches.find(SourceIdOf(*c.hit));
    if (it != source_matches.end()) {
      c.source_bm25 = it->second.bm25;
      c.source_coverage = it->second.coverage;
      c.subject_share = it->second.subject_share;
    }
    best_bm25 = std::max(best_bm25, c.bm25);
    best_hit = std::max(best_hit, c.hit_score);
    best_source = std::max(best_source, c.source_bm25);
    best_coverage = std::max(best_coverage, c.source_coverage);
    newest = std::max(newest, c.year);
  }
  std::vector<Candidate> pool;
  for (Candidate& c : candidates) {
    const double relative = best_bm25 > 0 ? c.bm25 / best_bm25 : 0;
    const double source_relative = best_source > 0 ? c.source_bm25 / best_source : 0;
    if (best_source > 0 && source_relative < options.min_source_relevance &&
        static_cast<double>(c.source_coverage) < options.min_source_coverage * static_cast<double>(best_coverage)) {
      continue;
    }
    if (kind != content::v1::DRUG_LABEL && concepts.size() >= 2 && c.subject_share < options.min_subject_share) {
      continue;
    }
    if (kind != content::v1::DRUG_LABEL && relative < options.min_relative_relevance) {
      continue;
    }
    RankedSentence& s = c.sentence;
    s.relevance = 0.5 * relative + 0.25 * source_relative + 0.25 * (best_hit > 0 ? c.hit_score / best_hit : 0);
    s.recency = c.year > 0 ? 1 / (1 + (newest - c.year) / options.recency_half_life_years) : 0;
    s.score = options.relevance_weight * s.relevance + options.recency_weight * s.recency +
              options.evidence_weight * s.evidence;
    if (options.ease_weight > 0) {
      const std::string& text = c.unit->text;
      const double grade = FleschKincaidGrade(options.reword ? options.reword(text) : text);
      s.ease = std::clamp(1 - grade / kEaseGradeScale, 0.0, 1.0);
      s.score += options.ease_weight * s.ease;
    }
    s.score *= s.part;
    pool.push_back(std::move(c));
  }
  // Stable order for equal scores: by score, then input order.
  std::stable_sort(pool.begin(), pool.end(),
                   [](const Candidate& a, const Candidate& b) { return a.sentence.score > b.sentence.score; });

  std::vector<RankedSentence> picked;
  std::vector<const TermCounts*> picked_terms;
  absl::flat_hash_map<absl::string_view, int> per_source;
  // Passages whose first sentence a picked unit holds: another of their
  // units holding it would say it again ("Lanreotide injection is a
  // somatostatin analogue with three indications in adults. It is used for
  // ...", and again with "It is also used for ...").
  absl::flat_hash_set<const std::vector<PassageUnit>*> leads_shown;
  std::vector<bool> used(pool.size(), false);
  while (static_cast<int>(picked.size()) < options.max_sentences) {
    int best = -1;
    double best_mmr = 0;
    for (size_t i = 0; i < pool.size(); ++i) {
      const int from_source = per_source[SourceIdOf(*pool[i].hit)];
      if (used[i] || from_source >= options.max_per_source) {
        continue;
      }
      if (pool[i].unit->has_lead && leads_shown.contains(pool[i].passage.get())) {
        used[i] = true;
        continue;
      }
      double max_similarity = 0;
      for (const TermCounts* terms : picked_terms) {
        max_similarity = std::max(max_similarity, Jaccard(pool[i].unit->terms, *terms));
      }
      if (max_similarity >= options.duplicate_similarity) {
        used[i] = true;  // a near-duplicate stays one
        continue;
      }
      if (kind == content::v1::DRUG_LABEL && from_source > 0) {
        max_similarity = std::max(max_similarity, options.same_label_similarity);
      }
      const double mmr = options.mmr_lambda * pool[i].sentence.score - (1 - options.mmr_lambda) * max_similarity;
      if (best < 0 || mmr > best_mmr) {
        best = static_cast<int>(i);
        best_mmr = mmr;
      }
    }
    if (best < 0) {
      break;
    }
    used[best] = true;
    const Candidate& chosen = pool[best];
    ++per_source[SourceIdOf(*chosen.hit)];
    if (chosen.unit->has_lead) leads_shown.insert(chosen.passage.get());
    RankedSentence& sentence = picked.emplace_back(chosen.sentence);
    sentence.text = chosen.unit->text;
    sentence.passage_id = chosen.hit->passage().id();
    sentence.source_id = SourceIdOf(*chosen.hit);
    picked_terms.push_back(&pool[best].unit->terms);
  }
  return picked;
}

}  // namespace medbrief::answer
