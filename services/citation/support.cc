#include "services/citation/support.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"

namespace medbrief::citation {
namespace {

struct ClaimTerm {
  std::string surface;  // folded, American spelling, as first written in the claim
  bool covered = false;
  bool affirmed = false;
  bool negated = false;
  bool shared = false;  // the passage has the term itself (not only through an abbreviation)
};

}  // namespace

SupportChecker::SupportChecker(const text::Abbreviations& abbreviations, SupportOptions options)
    : options_(options) {
  abbreviations.ForEach([&](absl::string_view abbreviation, const std::vector<std::string>& expansions) {
    for (const std::string& expansion : expansions) {
      std::vector<std::string> terms = PhraseTerms(expansion);
      if (terms.empty()) continue;
      // One letter ("D" diopter) would match too much text as written.
      if (abbreviation.size() >= 2) {
        phrases_[terms[0]].push_back({terms, std::string(abbreviation)});
      }
      expansions_[abbreviation].push_back(std::move(terms));
    }
  });
}

std::vector<std::string> SupportChecker::PhraseTerms(absl::string_view expansion) const {
  const AnalyzedText analysis(expansion, analyzer_, options_.negation_scope_words);
  // An expansion holding a number ("every 4 weeks") is the quantity check's business.
  if (!analysis.quantities().empty()) return {};
  std::vector<std::string> terms;
  for (const ContentWord& word : analysis.words()) terms.push_back(word.term);
  return terms;
}

PreparedText SupportChecker::Prepare(absl::string_view text) const {
  return PreparedText(AnalyzedText(text, analyzer_, options_.negation_scope_words));
}

SupportResult SupportChecker::Check(absl::string_view claim, absl::string_view passage) const {
  return Check(claim, Prepare(passage));
}

SupportResult SupportChecker::Check(absl::string_view claim, const PreparedText& passage) const {
  return Check(Prepare(claim), passage);
}

SupportResult SupportChecker::Check(const PreparedText& prepared_claim, const PreparedText& prepared) const {
  const AnalyzedText& claim = prepared_claim.analysis();
  const AnalyzedText& passage = prepared.analysis();
  SupportResult result;

  // Numbers: each distinct one as written must be stated by the passage.
  absl::flat_hash_set<absl::string_view> seen_numbers;
  for (const Quantity& wanted : claim.quantities()) {
    const absl::string_view written = claim.text().substr(wanted.begin, wanted.end - wanted.begin);
    if (!seen_numbers.insert(written).second) continue;
    const bool found = std::any_of(passage.quantities().begin(), passage.quantities().end(),
                                   [&](const Quantity& q) { return Satisfies(q, wanted); });
    if (!found) result.missing_numbers.emplace_back(written);
  }

  // Content words, distinct, in claim order.
  std::vector<ClaimTerm> terms;
  absl::flat_hash_map<absl::string_view, size_t> index;
  std::vector<size_t> term_of_word;
  for (const ContentWord& word : claim.words()) {
    auto [it, added] = index.emplace(word.term, terms.size());
    if (added) {
      ClaimTerm term;
      term.surface = text::AmericanSpelling(claim.tokens()[word.token].folded);
      if (const TermOccurrences* found = passage.Find(word.term); found != nullptr) {
        term.covered = term.shared = true;
      }
      terms.push_back(std::move(term));
    }
    (word.negated ? terms[it->second].negated : terms[it->second].affirmed) = true;
    term_of_word.push_back(it->second);
  }
  // Abbreviations, claim -> passage: "PRRT" covered by its expansion.
  for (size_t w = 0; w < claim.words().size(); ++w) {
    ClaimTerm& term = terms[term_of_word[w]];
    if (term.covered) continue;
    auto it = expansions_.find(claim.tokens()[claim.words()[w].token].raw);
    if (it == expansions_.end()) continue;
    term.covered = std::any_of(it->second.begin(), it->second.end(),
                               [&](const std::vector<std::string>& phrase) { return passage.HasPhrase(phrase); });
  }
  // Abbreviations, passage -> claim: the claim's phrase covered by "PRRT".
  for (size_t w = 0; w < claim.words().size(); ++w) {
    auto it = phrases_.find(claim.words()[w].term);
    if (it == phrases_.end()) continue;
    for (const Phrase& phrase : it->second) {
      if (w + phrase.terms.size() > claim.words().size()) continue;
      bool match = true;
      for (size_t k = 1; k < phrase.terms.size() && match; ++k) match = claim.words()[w + k].term == phrase.terms[k];
      if (!match || !passage.HasWritten(phrase.abbreviation)) continue;
      for (size_t k = 0; k < phrase.terms.size(); ++k) terms[term_of_word[w + k]].covered = true;
    }
  }

  size_t covered = 0;
  for (const ClaimTerm& term : terms) {
    if (term.covered) {
      ++covered;
    } else {
      result.missing_terms.push_back(term.surface);
    }
  }
  if (terms.empty()) {
    result.score = !claim.quantities().empty() && result.missing_numbers.empty() ? 1.0 : 0.0;
  } else {
    result.score = static_cast<double>(covered) / static_cast<double>(terms.size());
  }

  // Negation: compare the polarity of the words both texts share.
  size_t claim_negated = 0, negation_kept = 0, claim_affirmed = 0, only_negated = 0;
  for (const auto& [term_text, position] : index) {
    const ClaimTerm& term = terms[position];
    if (!term.shared || term.affirmed == term.negated) continue;  // absent, or both ways in the claim
    const TermOccurrences* found = passage.Find(term_text);
    if (term.negated) {
      ++claim_negated;
      if (found->negated) ++negation_kept;
    } else {
      ++claim_affirmed;
      if (!found->affirmed) ++only_negated;
    }
  }
  const double needed = std::max(1.0, std::ceil(options_.conflict_share * static_cast<double>(claim_affirmed)));
  result.negation_conflict = (claim_negated > 0 && negation_kept == 0) ||
                             (claim_affirmed > 0 && static_cast<double>(only_negated) >= needed);

  if ((terms.empty() && claim.quantities().empty()) || passage.tokens().empty() || result.negation_conflict ||
      !result.missing_numbers.empty()) {
    result.verdict = v1::UNSUPPORTED;
  } else if (result.score >= options_.supported_min_score) {
    result.verdict = v1::SUPPORTED;
  } else if (result.score >= options_.partial_min_score) {
    result.verdict = v1::PARTIAL;
  } else {
    result.verdict = v1::UNSUPPORTED;
  }
  return result;
}

SupportResult CheckSupport(absl::string_view claim, absl::string_view passage) {
  static const SupportChecker* const kChecker = new SupportChecker();
  return kChecker->Check(claim, passage);
}

v1::Support ToSupportProto(absl::string_view claim, absl::string_view passage_id, const SupportResult& result) {
  v1::Support support;
  support.set_claim(std::string(claim));
  support.set_verdict(result.verdict);
  support.set_score(result.score);
  for (const std::string& number : result.missing_numbers) support.add_missing_numbers(number);
  for (const std::string& term : result.missing_terms) support.add_missing_terms(term);
  support.set_passage_id(std::string(passage_id));
  return support;
}

}  // namespace medbrief::citation
