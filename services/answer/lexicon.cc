#include "services/answer/lexicon.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/concurrency/bounded_memo.h"
#include "common/text/analyzer.h"
#include "common/text/utf8.h"
#include "services/answer/passage_analysis.h"
#include "services/answer/words.h"

namespace medbrief::answer {

std::string ExpandAbbreviations(absl::string_view text, const text::Abbreviations& abbreviations) {
  std::string out;
  size_t done = 0;
  for (const AbbreviationToken& token : TokenizeWithAbbreviations(text, abbreviations)) {
    if (token.expansion.empty()) {
      continue;
    }
    absl::StrAppend(&out, text.substr(done, token.offset - done));
    absl::StrAppend(&out, token.expansion);
    done = token.offset + token.text.size();
  }
  absl::StrAppend(&out, text.substr(done));
  return out;
}

// Texts read, by text: the evidence sentences of the follow-up questions
// come back in the answers of related questions. A reading (the text
// expanded, its tokens, folded words and terms) takes about 8 times its
// text's bytes; at most kMaxRememberedTextBytes of readings are kept.
class Lexicon::TextReadings {
 public:
  template <typename Make>
  std::shared_ptr<const TextReading> Get(absl::string_view text, Make make) {
    return memo_.Get(text, 8 * text.size(), make);
  }

 private:
  concurrency::BoundedMemo<TextReading> memo_{SIZE_MAX, kMaxRememberedTextBytes};
};

Lexicon::Lexicon(const PlainLanguage& vocabulary, const text::Abbreviations& abbreviations)
    : abbreviations_(abbreviations), readings_(std::make_shared<TextReadings>()) {
  auto terms = std::make_shared<PlainLanguage>();
  auto lay = std::make_shared<PlainLanguage>();
  for (const PlainTerm& entry : vocabulary.entries()) {
    if (entry.category == TermCategory::kBrand) {
      terms->Add(entry.term, entry.plain, entry.category);
      continue;
    }
    if (entry.category != TermCategory::kTerm) terms->Add(entry.term, "", entry.category);
    if (!entry.plain.empty()) lay->Add(entry.plain, entry.term, entry.category);
  }
  terms_ = std::move(terms);
  lay_ = std::move(lay);
  builtin_ = AreBuiltin(vocabulary, abbreviations);
}

bool Lexicon::LooksLikeDrug(absl::string_view word) {
  // International nonproprietary name stems (the WHO's list): kinase
  // inhibitors, antibodies, anticoagulants, statins, gliflozins, triptans,
  // antibiotics, proton pump inhibitors, steroids...
  static const auto* const kStems = new std::vector<absl::string_view>{
      "mab",    "nib",    "limus",    "tide",    "statin",  "platin",  "taxel",   "tecan",  "rubicin",
      "ciclib", "parib",  "pril",     "sartan",  "formin",  "olol",    "xaban",   "gatran", "gliflozin",
      "gliptin", "triptan", "afil",   "dipine",  "prazole", "floxacin", "cycline", "mycin", "cillin",
      "oxetine", "semide", "thiazide", "lukast", "dronate", "parin",   "coxib",   "setron", "zepam",
      "zolam",  "solone", "asone",    "isone",   "thyroxine"};
  static const auto* const kNotDrugs = new absl::flat_hash_set<absl::string_view>{
      "peptide", "peptides", "polypeptide", "nucleotide", "nucleotides", "oligonucleotide", "somatostatin"};
  // The last letters of the stems: most words stop at this check.
  static const std::string* const kLastLetters = [] {
    auto* letters = new std::string;
    for (absl::string_view stem : *kStems) {
      for (char c : {stem.back(), absl::ascii_toupper(static_cast<unsigned char>(stem.back()))}) {
        if (letters->find(c) == std::string::npos) letters->push_back(c);
      }
    }
    return letters;
  }();
  if (word.size() < 7 || kLastLetters->find(word.back()) == std::string::npos) {
    return false;
  }
  for (char c : word) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  bool stem_found = false;
  for (absl::string_view stem : *kStems) {
    if (word.size() > stem.size() && absl::EndsWithIgnoreCase(word, stem)) {  // "triptan" is a class
      stem_found = true;
      break;
    }
  }
  return stem_found && !kNotDrugs->contains(absl::AsciiStrToLower(word));
}

void Lexicon::AddDrug(absl::string_view name) {
  hit_drugs_.Add(absl::AsciiStrToLower(name), "", TermCategory::kDrug);
}

std::vector<std::pair<std::string, std::string>> Lexicon::LaySynonyms(absl::string_view text) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const TermMatch& match : lay_->FindTerms(text)) {
    out.emplace_back(std::string(text.substr(match.begin, match.end - match.begin)), match.entry->plain);
  }
  return out;
}

std::shared_ptr<const Lexicon::TextReading> Lexicon::Read(absl::string_view text) const {
  return readings_->Get(text, [&] {
    TextReading out;
    out.expanded = ExpandAbbreviations(text, abbreviations_);
    const std::vector<text::RawToken> tokens = text::Tokenize(out.expanded);
    for (const text::RawToken& token : tokens) {
      out.tokens.emplace_back(token.offset, token.text.size());
      out.folded.push_back(FoldWord(token.text));
    }
    out.terms = terms_->FindTerms(out.expanded, tokens, out.folded);
    return out;
  });
}

void Lexicon::AddHitDrugs(absl::string_view text, const std::vector<text::RawToken>& tokens,
                          const std::vector<std::string>& folded, std::vector<TermMatch>* matches) const {
  if (hit_drugs_.entries().empty()) return;
  // A drug of the hits is one word: where a vocabulary term covers it, the
  // term (as long or longer) wins.
  const size_t from_vocabulary = matches->size();
  for (const TermMatch& drug : hit_drugs_.FindTerms(text, tokens, folded)) {
    const bool covered =
        std::any_of(matches->begin(), matches->begin() + static_cast<ptrdiff_t>(from_vocabulary),
                    [&](const TermMatch& m) { return m.begin < drug.end && drug.begin < m.end; });
    if (!covered) matches->push_back(drug);
  }
  std::stable_sort(matches->begin(), matches->end(),
                   [](const TermMatch& a, const TermMatch& b) { return a.begin < b.begin; });
}

void Lexicon::AddDrugsFromHits(const std::vector<content::v1::Hit>& hits, const HitAnalyses& analyses) {
  // A drug is named in many passages: each word as written is added once.
  absl::flat_hash_set<absl::string_view> added;
  const auto add = [&](absl::string_view word) {
    if (added.insert(word).second) AddDrug(word);
  };
  for (size_t h = 0; h < hits.size(); ++h) {
    const content::v1::Hit& hit = hits[h];
    if (hit.kind() == content::v1::DRUG_LABEL) {
      const std::vector<text::RawToken> title = text::Tokenize(hit.source_title());
      if (!title.empty() && title.front().text.size() >= 4 && !HasDigit(title.front().text)) {
        add(title.front().text);
      }
    }
    for (const std::string& word : analyses[h]->drug_words) {
      add(word);
    }
  }
}

std::vector<Mention> Lexicon::Find(absl::string_view text) const {
  const std::shared_ptr<const TextReading> reading = Read(text);
  std::vector<TermMatch> matches = reading->terms;
  if (!hit_drugs_.entries().empty()) {
    std::vector<text::RawToken> tokens;
    tokens.reserve(reading->tokens.size());
    for (const auto& [offset, size] : reading->tokens) {
      tokens.push_back({absl::string_view(reading->expanded).substr(offset, size), offset});
    }
    AddHitDrugs(reading->expanded, tokens, reading->folded, &matches);
  }
  std::vector<Mention> out;
  absl::flat_hash_set<std::string> seen;
  for (const TermMatch& match : matches) {
    const bool brand = match.entry->category == TermCategory::kBrand;
    std::string term = brand ? match.entry->plain : match.entry->term;
    if (seen.insert(term).second) {
      out.push_back({std::move(term), brand ? TermCategory::kDrug : match.entry->category});
    }
  }
  return out;
}

std::string Lexicon::NameGenerics(absl::string_view question, size_t max_chars) const {
  const std::vector<TermMatch> matches = terms_->FindTerms(question);  // brands are the vocabulary's
  // The first word of each drug named: "octreotide" names "octreotide LAR".
  absl::flat_hash_set<std::string> named;
  const auto first_word = [](absl::string_view drug) {
    const std::vector<std::string> words = FoldedWords(drug);
    return words.empty() ? std::string() : words.front();
  };
  for (const TermMatch& match : matches) {
    if (match.entry->category == TermCategory::kDrug) named.insert(first_word(match.entry->term));
  }
  std::string out;
  size_t done = 0;
  for (const TermMatch& match : matches) {
    if (match.entry->category != TermCategory::kBrand) continue;
    if (!named.insert(first_word(match.entry->plain)).second) continue;
    absl::StrAppend(&out, question.substr(done, match.end - done), " (", match.entry->plain, ")");
    done = match.end;
  }
  if (done == 0) return std::string(question);
  absl::StrAppend(&out, question.substr(done));
  return text::CodePointCount(out) <= max_chars ? out : std::string(question);
}

std::vector<std::string> MentionsOf(const std::vector<Mention>& mentions, TermCategory category) {
  std::vector<std::string> out;
  for (const Mention& m : mentions) {
    if (m.category == category) {
      out.push_back(m.term);
    }
  }
  return out;
}

}  // namespace medbrief::answer
