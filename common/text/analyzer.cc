#include "common/text/analyzer.h"

#include <libstemmer.h>
#include <locale.h>
#include <wctype.h>

#include <cstdint>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/text/utf8.h"

namespace medbrief::text {
namespace {

locale_t Utf8Locale() {
  static const locale_t kLocale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return kLocale;
}

uint32_t DecodeAt(absl::string_view s, size_t i, size_t* len) {
  if (static_cast<uint8_t>(s[i]) < 0x80) {  // ASCII, most of the text: no call
    *len = 1;
    return static_cast<uint8_t>(s[i]);
  }
  *len = Utf8SequenceLength(s, i);
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(s[i + k])); };
  switch (*len) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default: *len = 1; return 0xFFFD;  // invalid byte: skipped as a separator
  }
}

bool IsWordChar(uint32_t cp) {
  if (cp < 0x80) return absl::ascii_isalnum(static_cast<char>(cp));
  const locale_t locale = Utf8Locale();
  return locale != static_cast<locale_t>(nullptr) && iswalnum_l(static_cast<wint_t>(cp), locale);
}

uint32_t Lower(uint32_t cp) {
  if (cp < 0x80) return static_cast<uint32_t>(absl::ascii_tolower(static_cast<char>(cp)));
  const locale_t locale = Utf8Locale();
  if (locale == static_cast<locale_t>(nullptr)) return cp;
  return static_cast<uint32_t>(towlower_l(static_cast<wint_t>(cp), locale));
}

// ASCII for a lower-case accented Latin letter, or nullptr to keep it.
const char* LatinBase(uint32_t cp) {
  static const char* const kLatin1[] = {  // U+00DF .. U+00FF
      "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xDF && cp <= 0xFF) return kLatin1[cp - 0xDF];
  if (cp >= 0x100 && cp <= 0x17F) {
    // Latin Extended-A, in runs of letters sharing a base.
    static const struct { int count; const char* base; } kRuns[] = {
        {6, "a"}, {8, "c"}, {4, "d"}, {10, "e"}, {8, "g"}, {4, "h"}, {10, "i"}, {2, "ij"}, {2, "j"}, {3, "k"}, {10, "l"},
        {9, "n"}, {6, "o"}, {2, "oe"}, {6, "r"}, {8, "s"}, {6, "t"}, {12, "u"}, {2, "w"}, {3, "y"}, {6, "z"}, {1, "s"}};
    uint32_t at = 0x100;
    for (const auto& run : kRuns) {
      if (cp < at + static_cast<uint32_t>(run.count)) return run.base;
      at += static_cast<uint32_t>(run.count);
    }
  }
  return nullptr;
}

// Greek letters as written in medical names (α-fetoprotein, β-blocker), and
// the micro sign so that "µg" = "ug".
const char* GreekName(uint32_t cp) {
  switch (cp) {
    case 0x3B1: return "alpha";
    case 0x3B2: return "beta";
    case 0x3B3: return "gamma";
    case 0x3B4: return "delta";
    case 0x3B5: return "epsilon";
    case 0x3BA: return "kappa";
    case 0x3BB: return "lambda";
    case 0x3C9: return "omega";
    default: return nullptr;
  }
}

bool IsDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c) && c != '.') return false;
  }
  return absl::ascii_isdigit(s.front()) && absl::ascii_isdigit(s.back());
}

// "37.50" -> "37.5", "2.0" -> "2", "1,000" -> "1000".
std::string NormalizeNumber(absl::string_view number) {
  std::string out;
  for (char c : number) {
    if (c != ',') out.push_back(c);
  }
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  return out;
}

// The stem of a Greek or Latin medical noun that Porter2 keeps apart from
// its adjective: the adjective's own Porter2 stem. "metastasis" and
// "metastases" (Porter2: metastasi, metastas) give "metastat", as
// "metastatic" does; likewise thrombosis and thrombotic, diagnosis and
// diagnostic, dialysis and dialytic, ischemia and ischemic, hypoxia and
// hypoxic, pancreas and pancreatic. Empty when the word is not such a noun.
// Only nouns are mapped, so every adjective keeps Porter2's stem and its
// other relatives ("prostatic" and "prostate", "lymphocytic" and
// "lymphocytes"). The rules keep at least three letters before the ending
// (two for -emia and -oxia: anemia, anoxia), so "doses" or "basis" stay
// Porter2's; plurals in -oses and -ases other than -stases are left alone
// ("purposes", "diseases").
std::string GreekFamilyStem(absl::string_view word) {
  static const struct {
    absl::string_view ending;
    absl::string_view stem_ending;
    size_t min_root;
  } kFamilies[] = {
      {"stasis", "stat", 3}, {"stases", "stat", 3}, {"gnosis", "gnost", 2}, {"gnoses", "gnost", 2},
      {"creas", "creat", 3}, {"asis", "at", 3},     {"osis", "ot", 3},      {"ysis", "yt", 3},
      {"yses", "yt", 3},     {"emia", "em", 2},     {"emias", "em", 2},     {"oxia", "ox", 2}};
  for (const auto& family : kFamilies) {
    if (word.size() >= family.ending.size() + family.min_root && absl::EndsWith(word, family.ending)) {
      return absl::StrCat(word.substr(0, word.size() - family.ending.size()), family.stem_ending);
    }
  }
  return std::string();
}

class ThreadStemmer {
 public:
  ThreadStemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}
  ~ThreadStemmer() {
    if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
  }

  std::string Stem(absl::string_view word) {
    if (stemmer_ == nullptr || word.size() < 3) return std::string(word);
    if (auto it = cache_.find(word); it != cache_.end()) return it->second;
    std::string result = GreekFamilyStem(word);
    if (result.empty()) {
      const sb_symbol* stemmed =
          sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
      result = stemmed == nullptr ? std::string(word)
                                  : std::string(reinterpret_cast<const char*>(stemmed),
                                                static_cast<size_t>(sb_stemmer_length(stemmer_)));
    }
    if (cache_.size() > 500000) cache_.clear();  // bounded memory on odd corpora
    cache_.emplace(std::string(word), result);
    return result;
  }

 private:
  sb_stemmer* stemmer_;
  absl::flat_hash_map<std::string, std::string> cache_;
};

const absl::flat_hash_set<absl::string_view>& StopWords() {
  // Snowball's English stop list, plus single letters left by apostrophes.
  static const auto* const kWords = new absl::flat_hash_set<absl::string_view>{
      "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
      "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
      "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
      "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
      "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not",
      "now", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out",
      "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
      "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
      "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
      "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t", "d", "ll",
      "m", "re", "ve", "also", "may", "might", "must", "shall", "within", "without", "via", "whether", "etc"};
  return *kWords;
}

const absl::flat_hash_map<absl::string_view, absl::string_view>& SpellingWords() {
  static const auto* const kWords = new absl::flat_hash_map<absl::string_view, absl::string_view>{
      {"colour", "color"}, {"behaviour", "behavior"}, {"behavioural", "behavioral"}, {"favour", "favor"},
      {"favourable", "favorable"}, {"unfavourable", "unfavorable"}, {"labour", "labor"}, {"odour", "odor"},
      {"humour", "humor"}, {"vigour", "vigor"}, {"honour", "honor"}, {"rumour", "rumor"}, {"vapour", "vapor"},
      {"centre", "center"}, {"centres", "centers"}, {"litre", "liter"}, {"litres", "liters"}, {"metre", "meter"},
      {"millilitre", "milliliter"}, {"millilitres", "milliliters"}, {"fibre", "fiber"}, {"fibres", "fibers"},
      {"calibre", "caliber"}, {"theatre", "theater"}, {"programme", "program"}, {"programmes", "programs"},
      {"catalogue", "catalog"}, {"analogue", "analog"}, {"analogues", "analogs"}, {"dialogue", "dialog"},
      {"grey", "gray"}, {"sulphate", "sulfate"}, {"sulphur", "sulfur"}, {"aluminium", "aluminum"},
      {"manoeuvre", "maneuver"}, {"practise", "practice"}, {"licence", "license"}, {"defence", "defense"},
      {"offence", "offense"}, {"ageing", "aging"}, {"judgement", "judgment"}, {"plough", "plow"},
      {"mould", "mold"}, {"smoulder", "smolder"}, {"tyre", "tire"}, {"artefact", "artifact"},
      {"artefacts", "artifacts"}, {"acknowledgement", "acknowledgment"}};
  return *kWords;
}

// Words ending in -ise that are spelled so in American English too.
const absl::flat_hash_set<absl::string_view>& IseWords() {
  static const auto* const kWords = new absl::flat_hash_set<absl::string_view>{
      "advise", "exercise", "surprise", "supervise", "compromise", "comprise", "expertise", "otherwise",
      "premise", "promise", "revise", "concise", "precise", "excise", "incise", "devise", "disguise", "despise",
      "wise", "rise", "arise", "noise", "raise", "praise", "poise", "cruise", "bruise", "franchise",
      "merchandise", "paradise", "demise", "enterprise", "improvise", "circumcise", "chastise", "likewise",
      "clockwise", "treatise", "reprise", "apprise", "advertise", "televise", "sunrise", "uprise", "anise",
      "mise", "guise", "valise", "tortoise", "porpoise", "turquoise", "expose", "noisy"};
  return *kWords;
}

}  // namespace

std::vector<RawToken> Tokenize(absl::string_view text) {
  std::vector<RawToken> tokens;
  tokens.reserve(text.size() / 6 + 1);  // about one token per 6 bytes of English
  size_t start = std::string::npos;
  size_t i = 0;
  uint32_t previous = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    uint32_t cp = byte;
    bool word = absl::ascii_isalnum(byte);  // ASCII, most of the text, without decoding
    if (byte >= 0x80) {
      cp = DecodeAt(text, i, &len);
      word = IsWordChar(cp) || cp == 0xB5;  // the micro sign is a letter here
    }
    // A '.' or ',' between digits belongs to the number: 37.5, 1,000.
    if (!word && (cp == '.' || cp == ',') && start != std::string::npos && previous < 0x80 &&
        absl::ascii_isdigit(static_cast<char>(previous)) && i + 1 < text.size() &&
        absl::ascii_isdigit(text[i + 1])) {
      word = true;
    }
    if (word && start == std::string::npos) start = i;
    if (!word && start != std::string::npos) {
      tokens.push_back({text.substr(start, i - start), start});
      start = std::string::npos;
    }
    previous = cp;
    i += len;
  }
  if (start != std::string::npos) tokens.push_back({text.substr(start), start});
  return tokens;
}

std::string FoldCase(absl::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (size_t i = 0; i < token.size();) {
    size_t len = 0;
    const uint32_t cp = Lower(DecodeAt(token, i, &len));
    i += len;
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp == 0xB5 || cp == 0x3BC) {
      out.push_back('u');  // micro
    } else if (const char* base = LatinBase(cp); base != nullptr) {
      out.append(base);
    } else if (const char* name = GreekName(cp); name != nullptr) {
      out.append(name);
    } else {
      AppendUtf8(cp, &out);
    }
  }
  return out;
}

std::string AmericanSpelling(absl::string_view word) {
  if (auto it = SpellingWords().find(word); it != SpellingWords().end()) return std::string(it->second);
  std::string w(word);
  // Every British form below holds "ae", "oe" or "our", or starts "leuc":
  // most words hold none and skip the rewriting.
  const bool british = absl::StrContains(w, "ae") || absl::StrContains(w, "oe") ||
                       absl::StrContains(w, "our") || absl::StartsWith(w, "leuc");
  if (british) {
    static const struct { absl::string_view from, to; } kPrefixes[] = {
        {"anaes", "anes"},       {"oesophag", "esophag"}, {"oestr", "estr"},
        {"oedem", "edem"},       {"foet", "fet"},         {"paed", "ped"},         {"orthopaed", "orthoped"},
        {"gynaec", "gynec"},     {"aetiol", "etiol"},     {"coeli", "celi"},       {"caesar", "cesar"},
        {"diarrhoe", "diarrhe"}, {"leucocyt", "leukocyt"}};
    for (const auto& p : kPrefixes) {
      if (absl::StartsWith(w, p.from)) {
        w = absl::StrCat(p.to, w.substr(p.from.size()));
        break;
      }
    }
    w = absl::StrReplaceAll(w, {{"aemi", "emi"}, {"pnoe", "pne"}, {"tumour", "tumor"}, {"haem", "hem"},
                               {"ischaem", "ischem"}, {"oedem", "edem"}});
  }
  // -ise, -ised, -ises, -ising, -isation(s) -> -ize...
  static const absl::string_view kIseEndings[] = {"isations", "isation", "ising", "ised", "ises", "ise"};
  for (absl::string_view ending : kIseEndings) {
    if (w.size() > ending.size() + 3 && absl::EndsWith(w, ending)) {
      const std::string base = w.substr(0, w.size() - ending.size()) + "ise";
      if (!IseWords().contains(base) && !absl::EndsWith(base, "wise") && !absl::EndsWith(base, "cise")) {
        w[w.size() - ending.size() + 1] = 'z';
      }
      break;
    }
  }
  return w;
}

bool IsStopWord(absl::string_view folded_word) { return StopWords().contains(folded_word); }

std::string Stem(absl::string_view word) {
  thread_local ThreadStemmer stemmer;
  return stemmer.Stem(word);
}

bool IsUnit(absl::string_view word) {
  static const auto* const kUnits = new absl::flat_hash_set<absl::string_view>{
      "mg", "ug", "mcg", "g", "kg", "ng", "pg", "ml", "l", "dl", "ul", "mmol", "umol", "nmol", "pmol", "mol",
      "iu", "u", "meq", "h", "hr", "hrs", "min", "mins", "s", "sec", "d", "wk", "wks", "mo", "y", "yr", "yrs",
      "cm", "mm", "m", "km", "mmhg", "bpm", "gy", "mbq", "gbq", "mci", "kcal", "x"};
  return kUnits->contains(word);
}

Analyzer::Analyzer(AnalyzerOptions options) : options_(options) {}

void Analyzer::AddTerms(absl::string_view token, std::vector<std::string>* terms) const {
  // A token's terms depend on the token alone: remember the outcome per
  // thread, by the token as written ("" for a stop word). Indexing a corpus
  // repeats a small vocabulary millions of times; a hit skips case folding,
  // spelling, stop words and stemming.
  struct TokenCache {
    absl::flat_hash_map<std::string, std::string> terms[2][2];  // [stem][drop_stop_words]
  };
  thread_local TokenCache cache;
  auto& terms_of = cache.terms[options_.stem][options_.drop_stop_words];
  if (auto it = terms_of.find(token); it != terms_of.end()) {
    if (!it->second.empty()) terms->push_back(it->second);
    return;
  }
  const size_t before = terms->size();
  AddTermsUncached(token, terms);
  if (terms->size() - before <= 1) {  // "120mg" (two terms) is not cached
    if (terms_of.size() > 500000) terms_of.clear();  // bounded memory on odd corpora
    terms_of.emplace(std::string(token), terms->size() > before ? terms->back() : std::string());
  }
}

void Analyzer::AddTermsUncached(absl::string_view token, std::vector<std::string>* terms) const {
  std::string folded = FoldCase(token);
  // A number with its unit written against it: "120mg" -> "120", "mg".
  size_t digits = 0;
  while (digits < folded.size() && (absl::ascii_isdigit(folded[digits]) || folded[digits] == '.' ||
                                    folded[digits] == ',')) {
    ++digits;
  }
  if (digits > 0 && digits < folded.size() && IsUnit(absl::string_view(folded).substr(digits))) {
    terms->push_back(NormalizeNumber(absl::string_view(folded).substr(0, digits)));
    std::string unit = folded.substr(digits);
    terms->push_back(unit == "mcg" ? "ug" : unit);
    return;
  }
  if (IsDigits(folded) || (digits == folded.size() && digits > 0)) {
    terms->push_back(NormalizeNumber(folded));
    return;
  }
  std::string word = AmericanSpelling(folded);
  if (word == "mcg") word = "ug";
  if (options_.drop_stop_words && IsStopWord(word)) return;
  terms->push_back(options_.stem ? Stem(word) : std::move(word));
}

void Analyzer::Analyze(absl::string_view text, std::vector<std::string>* terms) const {
  Analyze(Tokenize(text), terms);
}

void Analyzer::Analyze(const std::vector<RawToken>& tokens, std::vector<std::string>* terms) const {
  for (const RawToken& token : tokens) AddTerms(token.text, terms);
}

std::vector<std::string> Analyzer::Analyze(absl::string_view text) const {
  std::vector<std::string> terms;
  Analyze(text, &terms);
  return terms;
}

std::string Analyzer::Term(absl::string_view token) const {
  std::vector<std::string> terms;
  AddTerms(token, &terms);
  return terms.empty() ? std::string() : terms.front();
}

}  // namespace medbrief::text
