#include "services/answer/question.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_join.h"
#include "common/concurrency/last_per_thread.h"
#include "common/text/analyzer.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

bool EndsWith(const std::vector<std::string>& words, const std::vector<std::string>& tail) {
  if (tail.empty() || tail.size() > words.size()) {
    return false;
  }
  return std::equal(tail.begin(), tail.end(), words.end() - static_cast<std::ptrdiff_t>(tail.size()));
}

// Whether the question asks for the treatment to try first: "first" next to
// trying, choosing, giving or a treatment ("tried first", "first choice",
// "used first", "the first medicine", "first-line", "first step"), among its
// folded words. Not when it asks what comes after the first: "second-line",
// "third choice", "next step", "after the first treatment", "first-line
// failure" (but "first-line treatment for heart failure" is the first
// choice).
bool AsksForTheFirstChoice(const std::vector<std::string>& words) {
  static const auto* const kChoosing = new absl::flat_hash_set<std::string>{
      "try",         "tried",       "trying",     "choice",    "choose",      "chosen",  "line",
      "step",        "start",       "started",    "use",       "used",        "given",   "prescribed",
      "recommended", "offered",     "medicine",   "medicines", "drug",        "drugs",   "medication",
      "medications", "treatment",   "treatments", "therapy",   "therapies",   "option",  "options"};
  static const auto* const kLater = new absl::flat_hash_set<std::string>{"second", "third", "next"};
  static const auto* const kFailing = new absl::flat_hash_set<std::string>{"failure", "failed", "fails", "failing"};
  const auto at = [&](size_t i) -> absl::string_view { return i < words.size() ? words[i] : absl::string_view(); };
  const auto choosing = [&](size_t i) { return kChoosing->contains(at(i)); };
  bool first = false;
  for (size_t i = 0; i < words.size(); ++i) {
    // "second-line", "third choice", "next step".
    if (kLater->contains(words[i]) && choosing(i + 1)) return false;
    // "after the first treatment", "after first-line ...".
    if (words[i] == "after" && (at(i + 1) == "first" || at(i + 2) == "first")) return false;
    // "first-line failure", "the first treatment failed"; not "heart failure".
    if (kFailing->contains(words[i]) && i > 0 && (choosing(i - 1) || words[i - 1] == "first")) return false;
    first = first || (words[i] == "first" && ((i > 0 && choosing(i - 1)) || choosing(i + 1)));
  }
  return first;
}

}  // namespace

NormalizedQuestion NormalizeQuestion(absl::string_view question, const text::Abbreviations& abbreviations) {
  std::vector<std::string> key_words;
  std::vector<std::string> query_words;
  std::vector<std::string> expansions;
  for (const AbbreviationToken& token : TokenizeWithAbbreviations(question, abbreviations)) {
    query_words.emplace_back(token.text);
    if (token.expansion.empty()) {
      for (std::string& word : FoldedWords(token.text)) {
        key_words.push_back(std::move(word));
      }
      continue;
    }
    const std::vector<std::string> expansion = FoldedWords(token.expansion);
    expansions.push_back(token.expansion);
    // "neuroendocrine tumour (NET)": the phrase is already there.
    if (!EndsWith(key_words, expansion)) {
      key_words.insert(key_words.end(), expansion.begin(), expansion.end());
    }
  }
  NormalizedQuestion out;
  out.key = absl::StrJoin(key_words, " ");
  query_words.insert(query_words.end(), expansions.begin(), expansions.end());
  // Guidelines call the treatment to try first the initial one ("Offer
  // standard-release metformin as the initial drug treatment").
  if (AsksForTheFirstChoice(key_words)) query_words.emplace_back("initial");
  out.search_query = absl::StrJoin(query_words, " ");
  return out;
}

// The question's analysed terms (abbreviations expanded) without the words
// that only frame a question ("best approach", "used", "recommended"): they
// say nothing of the topic, and, rare in the passages, would weigh most in
// BM25 ("The best blood pressure target ..." for a tumour question). All of
// them when nothing else is left.
std::vector<std::string> TopicTerms(absl::string_view question) {
  static const auto* const kFraming = new absl::flat_hash_set<std::string>([] {
    std::vector<std::string> terms = AnalyzedTerms(
        "best better good approach approaches option options way ways use used using recommend recommended "
        "recommendation should can could would need needed know tell explain mean means try tried trying");
    return absl::flat_hash_set<std::string>(terms.begin(), terms.end());
  }());
  // An answer ranks each of its sections by the same question.
  return concurrency::LastPerThread(question, [&] {
    std::vector<std::string> all = AnalyzedTerms(NormalizeQuestion(question).search_query);
    std::vector<std::string> topic;
    for (const std::string& term : all) {
      if (!kFraming->contains(term)) {
        topic.push_back(term);
      }
    }
    return topic.empty() ? all : topic;
  });
}

std::vector<std::string> WithSourceWording(std::vector<std::string> terms) {
  static const auto* const kSide = new std::string(AnalyzedTerms("side")[0]);
  static const auto* const kEffect = new std::string(AnalyzedTerms("effects")[0]);
  static const auto* const kSourceWording = new std::vector<std::string>(AnalyzedTerms("adverse toxicity"));
  for (size_t i = 0; i + 1 < terms.size(); ++i) {
    if (terms[i] == *kSide && terms[i + 1] == *kEffect) {
      terms.insert(terms.end(), kSourceWording->begin(), kSourceWording->end());
      break;
    }
  }
  return terms;
}

// Words that say nothing of a question's subject, as analysed terms.
bool IsGenericClinicalTerm(const std::string& term) {
  static const auto* const kTerms = new absl::flat_hash_set<std::string>([] {
    const std::vector<std::string> terms = AnalyzedTerms(
        "patient patients adult adults child children people person treatment treatments treat treated therapy "
        "therapies drug drugs medicine medicines medication medications dose doses use used effect effects risk "
        "risks improve improves improving reduce reduces reducing disease diseases condition conditions "
        "indication indications indicated usage sign signs symptom symptoms first initial given give take taking side "
        "age aged year years old older young younger month months week weeks day days man men woman women");
    return absl::flat_hash_set<std::string>(terms.begin(), terms.end());
  }());
  return kTerms->contains(term);
}

std::vector<std::string> SubjectTerms(absl::string_view question) { return SubjectTerms(TopicTerms(question)); }

std::vector<std::string> SubjectTerms(const std::vector<std::string>& topic_terms) {
  std::vector<std::string> subject;
  for (const std::string& term : topic_terms) {
    if (!IsGenericClinicalTerm(term) && std::find(subject.begin(), subject.end(), term) == subject.end()) {
      subject.push_back(term);
    }
  }
  return subject;
}

}  // namespace medbrief::answer
