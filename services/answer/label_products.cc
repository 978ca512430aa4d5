#include "services/answer/label_products.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/concurrency/bounded_memo.h"
#include "common/text/analyzer.h"
#include "services/answer/ranking.h"

namespace medbrief::answer {
namespace {

// `word` folded to its letters, digits and hyphens: "Tablets," -> "tablets".
std::string Folded(absl::string_view word) {
  std::string folded;
  for (const char c : word) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-') folded.push_back(absl::ascii_tolower(c));
  }
  return folded;
}

// Words that end a product's name in a label title: dosage forms and
// routes, and the start of the prescribing-information boilerplate.
bool EndsProductName(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "aerosol",     "buccal",      "caplets",      "capsule",      "capsules",    "chewable",   "concentrate",
      "cream",       "delayed-release", "drops",    "elixir",       "emulsion",    "extended-release", "film",
      "foam",        "for",         "gel",          "granules",     "gum",         "implant",    "inhalation",
      "injectable",  "injection",   "intramuscular", "intranasal",  "intravenous", "kit",        "liquid",
      "lotion",      "lozenge",     "lozenges",     "nasal",        "ointment",    "ophthalmic", "oral",
      "orally",      "otic",        "patch",        "pellets",      "powder",      "prescribing", "rectal",
      "shampoo",     "softgels",    "solution",     "spray",        "subcutaneous", "sublingual", "suppository",
      "suppositories", "suspension", "syrup",       "tablet",       "tablets",     "topical",    "transdermal",
      "usp",         "vaginal"};
  return kWords->contains(Folded(word));
}

// Salt and hydrate words of an active ingredient's name ("sildenafil
// citrate", "warfarin sodium"): the drug is the rest, and the reader knows
// it by that.
bool IsSaltWord(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "acetate",   "besylate",  "bromide",      "calcium",       "chloride", "citrate",  "dihydrate",
      "fumarate",  "hcl",       "hydrobromide", "hydrochloride", "maleate",  "malate",   "mesylate",
      "monohydrate", "phosphate", "potassium",  "sodium",        "succinate", "sulfate", "tartrate",
      "tosylate",  "trihydrate"};
  return kWords->contains(Folded(word));
}

// Words after which a salt word is the drug itself: "Magnesium sulfate",
// "Zinc acetate".
bool IsMineral(absl::string_view word) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "aluminum", "ammonium", "calcium", "ferrous", "iron", "lithium", "magnesium", "potassium", "sodium", "zinc"};
  return kWords->contains(Folded(word));
}

// Words of a brand's wording that name no drug ("Maximum Strength ...",
// "HUMULIN R (insulin human)").
bool NamesNothing(absl::string_view folded) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "adult",   "adults",  "children", "childrens", "daily", "extra",   "human",   "infants",
      "maximum", "night",   "original", "regular",   "relief", "strength", "time"};
  return kWords->contains(folded);
}

// LabelProduct of a title, for every thread: a label's title comes back
// with every question it answers. An entry holds its name and words besides
// the title it is keyed by: about four times its bytes.
std::shared_ptr<const LabelProduct> ProductOf(absl::string_view title) {
  static auto* const kProducts = new concurrency::BoundedMemo<LabelProduct>(/*max_entries=*/4096, 4 << 20);
  return kProducts->Get(title, 4 * title.size(), [&] { return LabelProduct(title); });
}

// The product of each drug label among the hits, by source id.
absl::flat_hash_map<absl::string_view, std::shared_ptr<const LabelProduct>> LabelProducts(
    const std::vector<content::v1::Hit>& hits) {
  absl::flat_hash_map<absl::string_view, std::shared_ptr<const LabelProduct>> products;
  for (const content::v1::Hit& hit : hits) {
    if (hit.kind() == content::v1::DRUG_LABEL && !products.contains(SourceIdOf(hit))) {
      products.emplace(SourceIdOf(hit), ProductOf(hit.source_title()));
    }
  }
  return products;
}

}  // namespace

absl::flat_hash_set<std::string> ProductWords(absl::string_view title) {
  // What parentheses hold besides the drug: a release or dosage form
  // ("Octreotide acetate for injectable suspension (long-acting release)":
  // "for how long?" does not name octreotide), and a salt beside the drug
  // ("(atorvastatin calcium)": "calcium supplements" do not name Lipitor).
  // A salt that is the drug stays ("(potassium chloride)").
  static const auto* const kRelease = new absl::flat_hash_set<std::string>{
      "long",     "acting",    "release",    "released", "extended", "delayed", "modified", "sustained",
      "controlled", "immediate", "prolonged", "depot",   "disintegrating", "coated", "use"};
  absl::flat_hash_set<std::string> words;
  const std::vector<text::RawToken> tokens = text::Tokenize(title);
  if (!tokens.empty()) words.insert(text::FoldCase(tokens.front().text));
  const size_t open = title.find('(');
  const size_t close = title.find(')', open == absl::string_view::npos ? 0 : open);
  if (open != absl::string_view::npos && close != absl::string_view::npos) {
    std::vector<std::string> inside, salts;
    for (const text::RawToken& t : text::Tokenize(title.substr(open + 1, close - open - 1))) {
      std::string folded = text::FoldCase(t.text);
      if (kRelease->contains(folded) || EndsProductName(folded)) continue;
      (IsSaltWord(folded) ? salts : inside).push_back(std::move(folded));
    }
    if (inside.empty()) inside = std::move(salts);
    for (std::string& word : inside) words.insert(std::move(word));
  }
  return words;
}

std::string LabelProductName(absl::string_view title) {
  constexpr size_t kMaxNameBytes = 60;
  const std::string cleaned = absl::StrReplaceAll(title, {{"\xC2\xAE", ""}, {"\xE2\x84\xA2", ""}});  // (R), (TM)
  absl::string_view rest = cleaned;
  // A radiopharmaceutical's kit is named for what it makes.
  for (const absl::string_view kit : {"kit for the preparation of ", "kit for preparation of "}) {
    if (absl::StartsWithIgnoreCase(rest, kit)) rest.remove_prefix(kit.size());
  }
  // The name, and the same without what parentheses hold.
  std::string name, bare;
  int depth = 0;
  absl::string_view previous;  // the word before, as written
  bool previous_dropped = false;
  for (const absl::string_view word : absl::StrSplit(rest, ' ', absl::SkipWhitespace())) {
    if (depth == 0 && EndsProductName(word)) break;
    const int opening_depth = depth;
    // Punctuation outside parentheses ends the name, after this word's part.
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
    // A salt word after an active ingredient goes, as does one after it
    // ("fumarate dihydrate"); its closing punctuation stays: "(sildenafil
    // citrate)" -> "(sildenafil)". One that opens the name, a parenthesis
    // or an item, or follows a mineral or a salt that stays, is the drug:
    // "(sodium oxybate)", "Magnesium sulfate", "(potassium chloride)".
    const bool drops =
        IsSaltWord(kept) && (previous_dropped || (!previous.empty() && !absl::EndsWith(previous, "(") &&
                                                  !absl::EndsWith(previous, ",") && kept.front() != '(' &&
                                                  !IsSaltWord(previous) && !IsMineral(previous)));
    previous_dropped = drops;
    if (drops) {
      absl::StrAppend(&name, kept.substr(std::min(kept.size(), kept.find_last_not_of(",;)") + 1)));
    } else if (!kept.empty()) {
      absl::StrAppend(&name, name.empty() ? "" : " ", kept);
      if (opening_depth == 0 && kept.front() != '(') absl::StrAppend(&bare, bare.empty() ? "" : " ", kept);
    }
    if (ends_name) break;
    previous = word;
  }
  if (depth != 0 || name.size() > kMaxNameBytes) name = bare;  // cut inside parentheses, or too long
  if (name.size() > kMaxNameBytes || absl::StartsWithIgnoreCase(name, "drug ") || absl::EqualsIgnoreCase(name, "drug")) {
    return "";
  }
  if (!name.empty()) name[0] = absl::ascii_toupper(static_cast<unsigned char>(name[0]));
  return name;
}

LabelProduct::LabelProduct(absl::string_view title)
    : name(LabelProductName(title)), drug(name.empty() ? std::string(title) : absl::AsciiStrToLower(name)) {
  const auto add = [&](std::string folded) {
    if (folded.size() >= 4 && !IsSaltWord(folded) && !NamesNothing(folded)) words.insert(std::move(folded));
  };
  for (const std::string& w : ProductWords(title)) add(w);
  constexpr size_t kMaxNameWords = 4;
  const std::vector<text::RawToken> tokens = text::Tokenize(name);
  if (tokens.size() > kMaxNameWords) return;
  for (const text::RawToken& t : tokens) add(text::FoldCase(t.text));
}

bool LabelProduct::NamedIn(absl::string_view text) const {
  for (const text::RawToken& t : text::Tokenize(text)) {
    if (words.contains(text::FoldCase(t.text))) return true;
  }
  return false;
}

void NameLabelProducts(absl::string_view question, const std::vector<content::v1::Hit>& hits, Draft* draft) {
  const auto by_source = LabelProducts(hits);
  const auto product_of = [&](const DraftSentence& s) -> std::shared_ptr<const LabelProduct> {
    const auto it = by_source.find(s.source_id);
    return it == by_source.end() ? nullptr : it->second;
  };
  for (DraftSection& section : draft->sections) {
    if (section.kind != v1::DRUG_LABEL || (section.summary.empty() && section.key_points.empty())) continue;
    // Each sentence's product (null: not a label among the hits), and the
    // distinct drugs.
    std::vector<std::shared_ptr<const LabelProduct>> summary, key_points;
    absl::flat_hash_map<absl::string_view, const LabelProduct*> distinct;
    for (auto [sentences, products] : {std::make_pair(&section.summary, &summary),
                                       std::make_pair(&section.key_points, &key_points)}) {
      for (const DraftSentence& s : *sentences) {
        products->push_back(product_of(s));
        if (products->back() != nullptr) distinct.emplace(products->back()->drug, products->back().get());
      }
    }
    if (distinct.size() == 1) {
      const LabelProduct& product = *distinct.begin()->second;
      if (product.NamedIn(question)) continue;
      DraftSentence& first = section.summary.empty() ? section.key_points.front() : section.summary.front();
      const auto& first_product = section.summary.empty() ? key_points.front() : summary.front();
      if (first_product != nullptr && !product.NamedIn(first.text)) first.product = product.name;
      continue;
    }
    const auto name = [](std::vector<DraftSentence>& sentences,
                         const std::vector<std::shared_ptr<const LabelProduct>>& products, bool prose) {
      for (size_t i = 0; i < sentences.size(); ++i) {
        const LabelProduct* product = products[i].get();
        if (product == nullptr || product->name.empty() || product->NamedIn(sentences[i].text)) continue;
        const bool follows_its_product = prose && i > 0 && products[i - 1] != nullptr &&
                                         products[i - 1]->drug == product->drug;
        if (!follows_its_product) sentences[i].product = product->name;
      }
    };
    name(section.summary, summary, /*prose=*/true);
    name(section.key_points, key_points, /*prose=*/false);
  }
}

void GroupLabelKeyPoints(const std::vector<content::v1::Hit>& hits, Draft* draft) {
  const auto by_source = LabelProducts(hits);
  const auto drug = [&](const DraftSentence& s) -> absl::string_view {
    const auto it = by_source.find(s.source_id);
    return it != by_source.end() ? absl::string_view(it->second->drug) : absl::string_view(s.source_id);
  };
  for (DraftSection& section : draft->sections) {
    if (section.kind != v1::DRUG_LABEL) continue;
    // Keys of their own: the sort moves the sentences a view would point into.
    absl::flat_hash_map<std::string, size_t> first_quoted;
    for (const auto* part : {&section.summary, &section.key_points}) {
      for (const DraftSentence& s : *part) first_quoted.emplace(std::string(drug(s)), first_quoted.size());
    }
    std::stable_sort(section.key_points.begin(), section.key_points.end(),
                     [&](const DraftSentence& a, const DraftSentence& b) {
                       return first_quoted.find(drug(a))->second < first_quoted.find(drug(b))->second;
                     });
  }
}

}  // namespace medbrief::answer
