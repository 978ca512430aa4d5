#include "services/answer/label_choice.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/concurrency/bounded_memo.h"
#include "common/text/analyzer.h"
#include "services/answer/conversation.h"
#include "services/answer/label_sections.h"
#include "services/answer/passage_analysis.h"
#include "services/answer/question.h"
#include "services/answer/ranking.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

// The product words of a label title: its first word and the words inside
// its parentheses, folded.
absl::flat_hash_set<std::string> ProductWords(absl::string_view title) {
  absl::flat_hash_set<std::string> words;
  const std::vector<text::RawToken> tokens = text::Tokenize(title);
  if (!tokens.empty()) words.insert(text::FoldCase(tokens.front().text));
  const size_t open = title.find('(');
  const size_t close = title.find(')', open == absl::string_view::npos ? 0 : open);
  if (open != absl::string_view::npos && close != absl::string_view::npos) {
    for (const text::RawToken& t : text::Tokenize(title.substr(open + 1, close - open - 1))) {
      words.insert(text::FoldCase(t.text));
    }
  }
  return words;
}

// Whether a label's indications (its hits in section 34067-9) are about the
// question's condition: they share two of its topic terms that are not
// generic, or half of them when the question has fewer than four.
bool IndicatedForTheQuestion(const std::vector<std::string>& topic,
                             const std::vector<const content::v1::Hit*>& indications) {
  // The passages' analyses as ranking remembers them.
  std::vector<std::shared_ptr<const PassageAnalysis>> analyses;
  for (const content::v1::Hit* hit : indications) analyses.push_back(AnalyzePassage(hit->passage().text()));
  size_t shared = 0;
  for (const TermKey key : DistinctTermKeys(topic)) {
    shared += std::any_of(analyses.begin(), analyses.end(), [&](const auto& a) { return a->terms.Contains(key); });
  }
  return shared >= 2 || (shared > 0 && 2 * shared >= topic.size());
}

// Words that end a product's name in a label title: dosage forms and
// routes, and the start of the prescribing-information boilerplate.
bool EndsProductName(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "aerosol",   "capsule",       "capsules",     "chewable",    "concentrate", "cream",       "delayed-release",
      "drops",     "elixir",        "emulsion",     "extended-release", "film", "for",         "gel",
      "granules",  "implant",       "inhalation",   "injectable",  "injection",   "intravenous", "kit",
      "liquid",    "lotion",        "ointment",     "ophthalmic",  "oral",        "orally",      "patch",
      "pellets",   "powder",        "prescribing",  "solution",    "spray",       "subcutaneous", "suspension",
      "syrup",     "tablet",        "tablets",      "topical",     "usp"};
  std::string folded;
  for (const char c : word) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-') folded.push_back(absl::ascii_tolower(c));
  }
  return kWords->contains(folded);
}

// Salt and hydrate words of an active ingredient's name ("sildenafil
// citrate", "warfarin sodium"): the drug is the rest, and the reader knows it
// by that.
bool IsSaltWord(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "acetate",   "besylate",  "bromide",   "calcium",     "chloride",  "citrate",  "dihydrate",
      "fumarate",  "hcl",       "hydrobromide", "hydrochloride", "maleate", "malate", "mesylate",
      "monohydrate", "phosphate", "potassium", "sodium",    "succinate", "sulfate",  "tartrate",
      "tosylate",  "trihydrate"};
  std::string folded;
  for (const char c : word) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) folded.push_back(absl::ascii_tolower(c));
  }
  return kWords->contains(folded);
}

}  // namespace

std::vector<std::string> NamedDrugs(absl::string_view question, const Lexicon& lexicon) {
  std::vector<std::string> drugs = ExtractContext(question, lexicon).drugs;
  for (const text::RawToken& token : text::Tokenize(question)) {
    if (!Lexicon::LooksLikeDrug(token.text)) continue;
    std::string drug = absl::AsciiStrToLower(token.text);
    if (std::find(drugs.begin(), drugs.end(), drug) == drugs.end()) drugs.push_back(std::move(drug));
  }
  return drugs;
}

bool NamesADrug(absl::string_view question, const Lexicon& lexicon) { return !NamedDrugs(question, lexicon).empty(); }

std::string LabelSearchQuery(absl::string_view question, absl::string_view search_query, const Lexicon& lexicon) {
  constexpr size_t kMaxQueryBytes = 1000;  // content counts characters: bytes are at least as many
  if (!NamesADrug(question, lexicon)) return std::string(search_query);
  std::string query = absl::StrCat(search_query, " ", LabelSectionWords(question));
  return query.size() <= kMaxQueryBytes ? query : std::string(search_query);
}

std::vector<content::v1::Hit> ChooseLabels(absl::string_view question, std::vector<content::v1::Hit> hits,
                                           const Lexicon& lexicon) {
  absl::flat_hash_set<std::string> asked;
  for (const text::RawToken& t : text::Tokenize(question)) asked.insert(text::FoldCase(t.text));
  const auto named = [&](const content::v1::Hit& hit) {
    for (const std::string& word : ProductWords(hit.source_title())) {
      if (word.size() >= 4 && asked.contains(word)) return true;
    }
    return false;
  };
  const bool any_named = std::any_of(hits.begin(), hits.end(), [&](const content::v1::Hit& hit) {
    return hit.kind() == content::v1::DRUG_LABEL && named(hit);
  });
  const bool names_a_drug = any_named || NamesADrug(question, lexicon);
  if (!names_a_drug) {
    // A question about a condition: a label is kept only when its
    // indications, among the hits, are about that condition. A label is one
    // product's text; whatever words it shares with the question elsewhere
    // (a dosage table, a warning), it does not answer a question about
    // another condition.
    const std::vector<std::string> topic = SubjectTerms(question);
    absl::flat_hash_map<std::string, std::vector<const content::v1::Hit*>> indications;  // by source
    for (const content::v1::Hit& hit : hits) {
      if (hit.kind() == content::v1::DRUG_LABEL && hit.passage().section_code() == kLoincIndications) {
        indications[SourceIdOf(hit)].push_back(&hit);
      }
    }
    absl::flat_hash_set<std::string> relevant;
    for (const auto& [source, passages] : indications) {
      if (IndicatedForTheQuestion(topic, passages)) relevant.insert(source);
    }
    hits.erase(std::remove_if(hits.begin(), hits.end(),
                              [&](const content::v1::Hit& hit) {
                                return hit.kind() == content::v1::DRUG_LABEL && !relevant.contains(SourceIdOf(hit));
                              }),
               hits.end());
    return hits;
  }
  hits.erase(std::remove_if(hits.begin(), hits.end(),
                            [&](const content::v1::Hit& hit) {
                              return hit.kind() == content::v1::DRUG_LABEL && !(any_named && named(hit));
                            }),
             hits.end());
  return hits;
}

std::string LabelProductName(absl::string_view title) {
  constexpr size_t kMaxNameBytes = 60;
  std::string cleaned = absl::StrReplaceAll(title, {{"\xC2\xAE", ""}, {"\xE2\x84\xA2", ""}});  // (R), (TM)
  absl::string_view rest = cleaned;
  // A radiopharmaceutical's kit is named for what it makes.
  for (const absl::string_view kit : {"kit for the preparation of ", "kit for preparation of "}) {
    if (absl::StartsWithIgnoreCase(rest, kit)) rest.remove_prefix(kit.size());
  }
  // The name, and the same without what parentheses hold: the words up to
  // the first dosage form or route, or punctuation outside parentheses.
  std::string name, bare;
  int depth = 0;
  for (const absl::string_view word : absl::StrSplit(rest, ' ', absl::SkipWhitespace())) {
    if (depth == 0 && EndsProductName(word)) break;
    const int opening_depth = depth;
    absl::string_view kept = word;
    for (size_t i = 0; i < word.size(); ++i) {
      const char c = word[i];
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0 && (c == ',' || c == ';' || c == ':' || c == '[')) {
        kept = word.substr(0, i);
        break;
      }
    }
    const bool ends_name = kept.size() < word.size();
    // A salt word goes, its closing punctuation stays: "(sildenafil
    // citrate)" -> "(sildenafil)", "(Diphenhydramine HCl, ..." ->
    // "(Diphenhydramine, ...".
    if (IsSaltWord(kept) && !name.empty()) {
      absl::StrAppend(&name, kept.substr(kept.find_last_not_of(",;)") + 1));
    } else if (!kept.empty()) {
      absl::StrAppend(&name, name.empty() ? "" : " ", kept);
      if (opening_depth == 0 && kept.front() != '(') absl::StrAppend(&bare, bare.empty() ? "" : " ", kept);
    }
    if (ends_name) break;
  }
  if (depth != 0) name = bare;  // cut inside parentheses
  if (name.size() > kMaxNameBytes) name = bare;
  if (name.size() > kMaxNameBytes || absl::StartsWithIgnoreCase(name, "drug ") || absl::EqualsIgnoreCase(name, "drug")) {
    return "";
  }
  if (!name.empty()) name[0] = absl::ascii_toupper(static_cast<unsigned char>(name[0]));  // it opens a sentence
  return name;
}

LabelProduct::LabelProduct(absl::string_view title) : name(LabelProductName(title)) {
  for (const std::string& w : ProductWords(title)) {
    if (w.size() >= 4) words.insert(w);
  }
  // A drug's name ("Lutetium Lu 177 dotatate"), not a brand's phrase
  // ("TRIAMINIC Childrens Night Time Cold and Cough", whose "cold" and
  // "cough" name no product).
  constexpr size_t kMaxNameWords = 4;
  const std::vector<text::RawToken> tokens = text::Tokenize(name);
  if (tokens.size() > kMaxNameWords) return;
  for (const text::RawToken& t : tokens) {
    if (t.text.size() >= 4) words.insert(text::FoldCase(t.text));
  }
}

bool LabelProduct::NamedIn(absl::string_view text) const {
  for (const text::RawToken& t : text::Tokenize(text)) {
    if (words.contains(text::FoldCase(t.text))) return true;
  }
  return false;
}

void NameLabelProducts(absl::string_view question, const std::vector<content::v1::Hit>& hits, Draft* draft) {
  absl::flat_hash_map<absl::string_view, absl::string_view> titles;  // source id -> title
  for (const content::v1::Hit& hit : hits) {
    if (hit.kind() == content::v1::DRUG_LABEL) titles.emplace(SourceIdOf(hit), hit.source_title());
  }
  // The products of the titles seen, for every thread: a label's title
  // comes back with every question it answers.
  static auto* const kProducts = new concurrency::BoundedMemo<LabelProduct>(SIZE_MAX, 1 << 20);
  for (DraftSection& section : draft->sections) {
    if (section.kind != v1::DRUG_LABEL) continue;
    absl::flat_hash_map<absl::string_view, std::shared_ptr<const LabelProduct>> products;  // by source id
    for (const auto* part : {&section.summary, &section.key_points}) {
      for (const DraftSentence& s : *part) {
        const auto title = titles.find(s.source_id);
        if (title == titles.end() || products.contains(s.source_id)) continue;
        products.emplace(s.source_id,
                         kProducts->Get(title->second, title->second.size(), [&] { return LabelProduct(title->second); }));
      }
    }
    if (products.size() == 1) {
      // One label: the question names it, or its first sentence does (or is
      // shown after its name), and the rest are the same label's.
      const LabelProduct& product = *products.begin()->second;
      const std::vector<text::RawToken> asked = text::Tokenize(question);
      if (std::any_of(asked.begin(), asked.end(),
                      [&](const text::RawToken& t) { return product.words.contains(text::FoldCase(t.text)); })) {
        continue;
      }
      DraftSentence& first = section.summary.empty() ? section.key_points.front() : section.summary.front();
      if (titles.contains(first.source_id) && !product.NamedIn(first.text)) first.product = product.name;
      continue;
    }
    const auto name = [&](std::vector<DraftSentence>& sentences, bool prose) {
      const std::string* previous = nullptr;
      for (DraftSentence& s : sentences) {
        const auto product = products.find(s.source_id);
        const bool follows_its_label = prose && previous != nullptr && *previous == s.source_id;
        previous = &s.source_id;
        if (product == products.end() || follows_its_label || product->second->NamedIn(s.text)) continue;
        s.product = product->second->name;
      }
    };
    name(section.summary, /*prose=*/true);
    name(section.key_points, /*prose=*/false);
  }
}

}  // namespace medbrief::answer
