#include "services/answer/passage_analysis.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/concurrency/bounded_memo.h"
#include "common/text/analyzer.h"
#include "services/answer/lexicon.h"
#include "services/answer/sentences.h"
#include "services/answer/words.h"

namespace medbrief::answer {
namespace {

// A sentence's tokens, and each one's text in lower case, made once for the
// rules below, which compare words without regard to case.
struct Words {
  explicit Words(absl::string_view sentence) : tokens(text::Tokenize(sentence)) {
    lower.reserve(tokens.size());
    for (const text::RawToken& t : tokens) lower.push_back(absl::AsciiStrToLower(t.text));
  }
  size_t size() const { return tokens.size(); }
  // The i-th word in lower case; empty past the end.
  absl::string_view operator[](size_t i) const { return i < lower.size() ? absl::string_view(lower[i]) : ""; }

  std::vector<text::RawToken> tokens;  // point into the sentence
  std::vector<std::string> lower;
};

// Whether a sentence leans on an earlier one: its first word is a
// referring word ("It is used for ..."), or it opens with "the" and a word
// that points back ("The latter ...", "The question often arises ...", but
// not "The question of whether ..."), or one of its next two words is a
// referring pronoun ("Among its indications, ..."). Connectives ("However",
// "Moreover", "should therefore be") are not counted: measured on SciFact's
// abstracts they would have set apart one sentence in 17, most of them
// conclusions that stand on their own ("Ghrelin may thus be a diabetogenic
// factor.").
bool RefersBack(const Words& word) {
  static const auto* const kFirst = new absl::flat_hash_set<std::string>{
      "it", "its", "this", "these", "they", "their", "that", "those", "such", "he", "she", "both"};
  static const auto* const kNext = new absl::flat_hash_set<std::string>{"it", "its", "they", "their", "them"};
  static const auto* const kAfterThe = new absl::flat_hash_set<std::string>{
      "latter", "former", "same", "above", "aforementioned", "question", "issue", "problem"};
  static const auto* const kNotBack = new absl::flat_hash_set<std::string>{"of", "whether"};
  if (word.size() >= 2 && word[0] == "the" && kAfterThe->contains(word[1]) &&
      (word.size() == 2 || !kNotBack->contains(word[2]))) {
    return true;
  }
  for (size_t i = 0; i < word.size() && i < 3; ++i) {
    if ((i == 0 ? kFirst : kNext)->contains(word[i])) return true;
  }
  return false;
}

// Whether a sentence points at what an answer does not show: a table's
// row ("Age | Dose children under 4 years | do not use", as tables are
// rendered) or a table, chart or figure by place or number ("find the right
// dose on chart below", "as listed in Table 3", "see Figure 2"), or at
// another guidance by its title ("The management of atrial fibrillation
// (NICE clinical guideline 36)"), or sends the reader to one ("For more
// information ..., see the NICE guideline on ..."). A label's bracketed cross-reference to a
// section does not count ("[see Clinical Pharmacology (12.3), Table 5]"):
// the answer leaves it out (WithoutCrossReferences) and the sentence
// stands. One that opens with a table or figure does ("Modify the dose as
// shown [see Table 2]").
bool PointsElsewhere(absl::string_view sentence) {
  const std::string lower = absl::AsciiStrToLower(sentence);
  for (const absl::string_view shown : {"[see table", "[see figure", "[ see table", "[ see figure"}) {
    if (absl::StrContains(lower, shown)) return true;
  }
  // Another guidance by its title, a related-guidance list's item: "The
  // management of atrial fibrillation (NICE clinical guideline 36)". Not
  // advice that names one ("Offer statins in line with Lipid modification
  // (NICE clinical guideline 67)"), nor "(NICE guidelines)" in a study.
  if (const size_t open = lower.find("(nice "); open != std::string::npos) {
    const size_t close = lower.find(')', open);
    const absl::string_view inside = absl::string_view(lower).substr(open, close == std::string::npos ? 0 : close - open);
    const bool numbered = std::any_of(inside.begin(), inside.end(), [](char c) { return absl::ascii_isdigit(c); });
    static const auto* const kAdvice = new absl::flat_hash_set<std::string>{
        "should", "must", "may", "can", "offer", "consider", "is", "are", "be", "recommend", "recommended",
        "use", "give", "follow", "refer", "do", "does", "see", "line"};
    bool advice = false;
    for (const text::RawToken& t : text::Tokenize(absl::string_view(lower).substr(0, open))) {
      advice = advice || kAdvice->contains(t.text);
    }
    if (numbered && !advice) return true;
  }
  // A sentence that only sends the reader to another guidance: "For more
  // information about supporting adherence, see the NICE guideline on
  // medicines adherence", "For guidance on secondary prevention of stroke,
  // follow recommendations in the NICE guidelines Lipid modification".
  // So does 'See the "Clinical Considerations" section for more ...'.
  for (const absl::string_view opening :
       {"for more information", "for further information", "for information on", "for guidance on",
        "for advice on", "for full details", "for details", "see the ", "see nice", "see also", "refer to the ",
        "follow recommendations in", "follow the recommendations in"}) {
    if (!absl::StartsWith(lower, opening)) continue;
    // What comes after the opening names a text elsewhere, as a whole word
    // ("Refer to the vascular team if aortic dissection is suspected" names
    // none).
    const absl::string_view rest = absl::string_view(lower).substr(opening.size());
    if (absl::StrContains(rest, "summary of product characteristics")) return true;
    static const auto* const kElsewhere = new absl::flat_hash_set<std::string>{
        "guideline", "guidelines", "guidance", "section", "sections", "appendix", "chapter"};
    for (const text::RawToken& t : text::Tokenize(rest)) {
      if (kElsewhere->contains(t.text)) return true;
    }
  }
  // NGC summaries' "The table in the original guideline document shows ...",
  // "Refer to the original guideline document for ...".
  if (absl::StrContains(lower, "original guideline document")) {
    for (const absl::string_view shown : {"table", "figure", "algorithm", "appendix", "chart", "refer to", "see "}) {
      if (absl::StrContains(lower, shown)) return true;
    }
  }
  const std::string text = WithoutCrossReferences(lower);
  if (absl::StrContains(text, " | ")) return true;
  const std::vector<text::RawToken> tokens = text::Tokenize(text);  // in lower case
  static const auto* const kShown = new absl::flat_hash_set<std::string>{"table", "tables", "chart", "charts",
                                                                         "figure", "figures", "fig"};
  static const auto* const kPlace = new absl::flat_hash_set<std::string>{"below", "above"};
  static const auto* const kBefore = new absl::flat_hash_set<std::string>{"listed", "shown", "described"};
  for (size_t i = 0; i < tokens.size(); ++i) {
    const absl::string_view w = tokens[i].text;
    if (kShown->contains(w) && i + 1 < tokens.size()) {
      const absl::string_view next = tokens[i + 1].text;
      if (kPlace->contains(next) || absl::ascii_isdigit(static_cast<unsigned char>(next[0]))) return true;
    }
    // "as listed below"; "chart below" is seen at "chart".
    if (kPlace->contains(w) && i > 0 && kBefore->contains(tokens[i - 1].text)) return true;
  }
  return false;
}

// Whether a short sentence has no sign of a verb: no auxiliary or modal,
// no word ending in -ed or -s (past tenses, third persons; plural nouns
// count too, so it errs towards a sentence), no common verb in its base
// form, no second word that follows a verb (an article, "all", "for",
// "to": "Screen all pregnant women ..."), and no number (a dose line, "Everolimus
// 10 mg once daily", says something). A list item ("Prior stroke or
// transient ischaemic attack") or a scenario's label ("Variant 1: Suspected
// liver metastases", the ACR's) is none.
bool IsVerbless(const Words& word) {
  constexpr size_t kMaxWords = 10;
  static const auto* const kVerbs = new absl::flat_hash_set<std::string>{
      "is",     "are",    "was",    "were",   "be",     "been",     "being",   "am",      "has",   "have",
      "had",    "do",     "does",   "did",    "can",    "could",    "may",     "might",   "must",  "shall",
      "should", "will",   "would",  "need",   "found",  "led",      "took",    "gave",    "grew",  "made",
      "went",   "began",  "fell",   "rose",   "saw",    "met",      "kept",    "held",    "lost",  "became",
      "came",   "felt",   "knew",   "shown",  "seen",   "done",     "given",   "taken",   "known", "cannot",
      "offer",  "consider", "use",  "give",   "measure", "discuss", "explain", "ensure",  "advise", "assess",
      "refer",  "avoid",  "provide", "involve", "monitor", "treat",  "start",   "stop",    "check", "review",
      "take",   "tell",   "ask",    "continue", "repeat", "think",   "keep",    "seek",    "add",   "increase",
      "reduce", "switch", "confirm", "perform", "investigate", "prescribe", "encourage", "support", "recommend",
      "arrange", "record", "screen", "test",    "titrate", "inform",  "obtain",  "maintain", "follow", "recognise",
      "recognize", "administer", "withhold", "benefit", "respond", "differ", "improve", "prevent", "occur",
      "remain", "appear", "seem",   "lower",   "raise"};
  // A verb's object or complement: "Screen all pregnant women ...", "Test
  // for HIV ...", "Record the person's weight ...". List items rarely go
  // on like that ("Prior stroke or ...").
  static const auto* const kAfterVerb = new absl::flat_hash_set<std::string>{
      "the", "a", "an", "all", "any", "every", "each", "their", "his", "her", "its", "your", "this", "these",
      "those", "for", "to"};
  if (word.size() == 0 || word.size() > kMaxWords) return false;
  if (word.size() >= 2 && kAfterVerb->contains(word[1])) return false;
  // "Variant 1: ..." labels a scenario of an appropriateness table.
  if (word.size() >= 2 && word[0] == "variant" && !word[1].empty() &&
      absl::ascii_isdigit(static_cast<unsigned char>(word[1][0]))) {
    return true;
  }
  for (const absl::string_view w : word.lower) {
    if (std::any_of(w.begin(), w.end(), [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); })) {
      return false;
    }
    if (kVerbs->contains(w)) return false;
    if (w.size() >= 4 && (absl::EndsWith(w, "ed") ||
                          (absl::EndsWith(w, "s") && !absl::EndsWith(w, "ss") && !absl::EndsWith(w, "us") &&
                           !absl::EndsWith(w, "is")))) {
      return false;
    }
  }
  return true;
}

// Whether a sentence states a study's aim rather than a finding: it opens
// with "To" and a verb of inquiry ("To evaluate the effects of insulin 30/70
// ...", "To determine whether there are differences between blood pressure
// measured by the nurse, ...") and no advice follows ("To assess the risk,
// use CHA2DS2-VASc."; "To establish the diagnosis of asthma in adults use
// spirometry."), or with "The objective (aim, purpose, goal) of this study
// was to ...".
bool IsAim(const Words& word) {
  static const auto* const kInquiry = new absl::flat_hash_set<std::string>{
      "evaluate", "assess",   "determine",  "investigate", "examine",  "compare",    "describe",
      "estimate", "explore",  "identify",   "analyse",     "analyze",  "quantify",   "characterize",
      "characterise", "establish", "clarify", "elucidate", "ascertain", "validate", "study", "review"};
  static const auto* const kAdvice = new absl::flat_hash_set<std::string>{
      "use",  "offer", "consider", "measure", "give",  "refer", "perform", "prescribe", "arrange", "calculate",
      "check", "ask",  "take",     "start",   "stop",  "record", "do",     "test",      "screen"};
  static const auto* const kNounBefore = new absl::flat_hash_set<std::string>{"the", "a", "an", "of", "its", "their"};
  static const auto* const kAimWords = new absl::flat_hash_set<std::string>{
      "objective", "objectives", "aim", "aims", "purpose", "goal"};
  static const auto* const kWork = new absl::flat_hash_set<std::string>{
      "study", "trial", "review", "analysis", "paper", "survey", "research", "work"};
  // "The (primary) objective of this study was to ..."
  for (size_t i = 1; i <= 2 && i < word.size(); ++i) {
    if (word[0] == "the" && kAimWords->contains(word[i]) && word[i + 1] == "of" && kWork->contains(word[i + 3]) &&
        (word[i + 4] == "was" || word[i + 4] == "is") && word[i + 5] == "to") {
      return true;
    }
  }
  if (!(word.size() >= 2 && word.tokens[0].text == "To" && kInquiry->contains(word[1]))) return false;
  for (size_t i = 3; i < word.size(); ++i) {
    if (kAdvice->contains(word.tokens[i].text) && !kNounBefore->contains(word[i - 1])) return false;
  }
  return true;
}

// Whether a sentence is a clause without its main clause ("Only if the
// manufacturer makes omalizumab available with the discount ...", an item
// of a list the answer does not show), or a glossary's item ("Status - A
// severe headache that has lasted more than 72 hours"): it opens with "Only
// if", "Only when" or "Unless" and has no comma and no main verb, or with
// one to three words and " - A" or " - An" and no main verb.
bool IsDependentOrGlossaryItem(absl::string_view sentence, const Words& word) {
  // A main clause's verb: "Only if symptoms persist should antibiotics be
  // prescribed."
  static const auto* const kMainVerb = new absl::flat_hash_set<std::string>{
      "should", "must", "may", "can", "will", "would", "is", "are", "be", "was", "were", "need", "needs"};
  // A relative clause: what follows it is the definition's, not a main verb.
  static const auto* const kRelative = new absl::flat_hash_set<std::string>{"that", "which", "who", "whose"};
  const auto main_verb_from = [&](size_t from) {
    for (size_t i = from; i < word.size(); ++i) {
      if (kRelative->contains(word[i])) return false;
      if (kMainVerb->contains(word[i])) return true;
    }
    return false;
  };
  if (word.size() >= 2 && !absl::StrContains(sentence, ',')) {
    const bool dependent = word[0] == "unless" || (word[0] == "only" && (word[1] == "if" || word[1] == "when"));
    if (dependent && std::none_of(word.lower.begin(), word.lower.end(),
                                  [](const std::string& w) { return kMainVerb->contains(w); })) {
      return true;
    }
  }
  constexpr size_t kMaxTermWords = 3;
  // A definition opens with "A" or "An" and has no main verb before a
  // relative clause ("Blood pressure - The target is ..." and "Blood
  // pressure - A target below 140/90 mmHg is recommended." are a heading
  // and its sentence). The dash may be an en dash.
  size_t dash = sentence.find(" - ");
  size_t dash_size = 3;
  if (dash == absl::string_view::npos) {
    dash = sentence.find(" \u2013 ");
    dash_size = 5;
  }
  if (dash == absl::string_view::npos) return false;
  const absl::string_view definition = sentence.substr(dash + dash_size);
  if (!(absl::StartsWith(definition, "A ") || absl::StartsWith(definition, "An "))) return false;
  size_t definition_token = 0;
  while (definition_token < word.size() && word.tokens[definition_token].text.data() < definition.data()) {
    ++definition_token;
  }
  if (main_verb_from(definition_token)) return false;
  const absl::string_view term = sentence.substr(0, dash);
  return !term.empty() && absl::ascii_isupper(static_cast<unsigned char>(term[0])) &&
         static_cast<size_t>(std::count(term.begin(), term.end(), ' ')) < kMaxTermWords &&
         std::all_of(term.begin(), term.end(),
                     [](char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == ' '; });
}

// A sentence of a passage, tokenised and analysed once.
struct Sentence {
  std::string text;
  size_t words = 0;
  bool refers_back = false;
  bool points_elsewhere = false;
  bool fragment = false;
  std::vector<std::string> terms;
};

std::vector<Sentence> AnalyzeSentences(absl::string_view passage_text) {
  std::vector<Sentence> out;
  for (std::string& text : SplitSentences(passage_text)) {
    const Words words(text);
    Sentence& s = out.emplace_back();
    s.words = words.size();
    s.refers_back = RefersBack(words);
    s.points_elsewhere = PointsElsewhere(text);
    s.fragment = IsVerbless(words) || IsAim(words) || IsDependentOrGlossaryItem(text, words);
    s.terms = AnalyzedTerms(words.tokens);
    s.text = std::move(text);  // after the tokens, which point into it, are done with
  }
  return out;
}

}  // namespace

size_t ReadWords(absl::string_view sentence) {
  constexpr size_t kMaxItemWords = 3;
  const std::vector<text::RawToken> tokens = text::Tokenize(sentence);
  size_t words = tokens.size();
  size_t segment = 0;  // words since the last comma
  bool after_comma = false;
  size_t run_items = 0;  // short items in a row, each between two commas
  size_t run_words = 0;
  const auto end_run = [&] {
    if (run_items >= 2) words -= run_words - 1;
    run_items = 0;
    run_words = 0;
  };
  bool stopped = false;  // a full stop, colon or semicolon inside the segment: no item
  for (size_t i = 0; i < tokens.size(); ++i) {
    ++segment;
    const size_t end = tokens[i].offset + tokens[i].text.size();
    const size_t next = i + 1 < tokens.size() ? tokens[i + 1].offset : sentence.size();
    const absl::string_view gap = sentence.substr(end, next - end);
    if (gap.find(',') == absl::string_view::npos) {
      stopped = stopped || (i + 1 < tokens.size() && gap.find_first_of(".:;") != absl::string_view::npos);
      continue;
    }
    if (after_comma && segment <= kMaxItemWords && !stopped) {
      ++run_items;
      run_words += segment;
    } else {
      end_run();
    }
    after_comma = true;
    segment = 0;
    stopped = false;
  }
  if (after_comma && segment > 0 && segment <= kMaxItemWords && !stopped) {
    bool ends_a_list = false;
    for (size_t i = tokens.size() - segment; i < tokens.size(); ++i) {
      ends_a_list = ends_a_list || absl::EqualsIgnoreCase(tokens[i].text, "and") ||
                    absl::EqualsIgnoreCase(tokens[i].text, "or");
    }
    if (ends_a_list && run_items > 0) {
      ++run_items;
      run_words += segment;
    }
  }
  end_run();
  return words;
}

namespace {

// The words (ReadWords) of the longest sentence of `unit` (SplitSentences),
// and of its longest clause once SplitClauses cut each sentence for lay
// readers (never more than the longest sentence's). Counted as the reader
// is shown the unit (AsDisplayed): an opening year tag or GRADE code, a
// footnote mark or a label's cross-reference is not read.
struct Lengths {
  size_t sentence = 0;
  size_t clause = 0;
};
Lengths LongestSentenceAndClause(const std::string& unit) {
  Lengths longest;
  for (const std::string& sentence : SplitSentences(AsDisplayed(unit))) {
    longest.sentence = std::max(longest.sentence, ReadWords(sentence));
    for (const std::string& clause : SplitSentences(SplitClauses(sentence))) {
      longest.clause = std::max(longest.clause, ReadWords(clause));
    }
  }
  longest.clause = std::min(longest.clause, longest.sentence);
  return longest;
}

// A sentence referring back is joined to the passage's first sentence,
// which names the subject, when every sentence between them refers back too
// (a chain about one subject). Tokens do not cross the joining space, so a
// joined unit's words and terms are its sentences' together.
std::vector<PassageUnit> Units(absl::string_view passage_text) {
  const std::vector<Sentence> sentences = AnalyzeSentences(passage_text);
  std::vector<PassageUnit> units;
  bool chain = !sentences.empty() && !sentences[0].refers_back;
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    if (!s.refers_back) {
      PassageUnit& unit = units.emplace_back();
      unit.text = s.text;
      unit.words = s.words;
      const Lengths longest = LongestSentenceAndClause(unit.text);
      unit.longest = longest.sentence;
      unit.longest_clause = longest.clause;
      unit.terms = TermCounts(s.terms);
      unit.continued = i == 0 && sentences.size() > 1 && sentences[1].refers_back;
      unit.has_lead = i == 0;
      unit.points_elsewhere = s.points_elsewhere;
      unit.fragment = s.fragment;
      unit.ends_as_sentence = EndsAsASentence(unit.text);
      chain = chain && i == 0;
      continue;
    }
    if (i > 0 && chain) {
      const Sentence& first = sentences[0];
      PassageUnit& unit = units.emplace_back();
      unit.text = absl::StrCat(first.text, " ", s.text);
      unit.words = first.words + s.words;
      const Lengths longest = LongestSentenceAndClause(unit.text);
      unit.longest = longest.sentence;
      unit.longest_clause = longest.clause;
      std::vector<std::string> terms = first.terms;
      terms.insert(terms.end(), s.terms.begin(), s.terms.end());
      unit.terms = TermCounts(terms);
      unit.joined = true;
      unit.has_lead = true;
      unit.points_elsewhere = first.points_elsewhere || s.points_elsewhere;
      unit.fragment = first.fragment && s.fragment;
      unit.ends_as_sentence = EndsAsASentence(unit.text);
    }
  }
  return units;
}

PassageAnalysis Analyze(absl::string_view text) {
  PassageAnalysis out;
  const std::vector<text::RawToken> tokens = text::Tokenize(text);
  out.terms = TermCounts(AnalyzedTerms(tokens));
  for (const text::RawToken& token : tokens) {
    if (Lexicon::LooksLikeDrug(token.text)) {
      out.drug_words.emplace_back(token.text);
    }
  }
  return out;
}

// What was worked out, by passage text, for every thread (gRPC's threads
// come and go; what one thread worked out serves the others).
concurrency::BoundedMemo<PassageAnalysis>& RememberedAnalyses() {
  static auto* const kRemembered = new concurrency::BoundedMemo<PassageAnalysis>(SIZE_MAX, kMaxRememberedTextBytes);
  return *kRemembered;
}

concurrency::BoundedMemo<TitleAnalysis>& RememberedTitles() {
  static auto* const kRemembered = new concurrency::BoundedMemo<TitleAnalysis>(SIZE_MAX, kMaxRememberedTextBytes / 16);
  return *kRemembered;
}

concurrency::BoundedMemo<std::vector<PassageUnit>>& RememberedUnits() {
  static auto* const kRemembered =
      new concurrency::BoundedMemo<std::vector<PassageUnit>>(SIZE_MAX, kMaxRememberedTextBytes);
  return *kRemembered;
}

}  // namespace

std::shared_ptr<const PassageAnalysis> AnalyzePassage(absl::string_view text) {
  return RememberedAnalyses().Get(text, text.size(), [&] { return Analyze(text); });
}

HitAnalyses AnalyzeHits(const std::vector<content::v1::Hit>& hits) {
  HitAnalyses out;
  out.reserve(hits.size());
  for (const content::v1::Hit& hit : hits) out.push_back(AnalyzePassage(hit.passage().text()));
  return out;
}

std::shared_ptr<const TitleAnalysis> AnalyzeTitle(absl::string_view title) {
  return RememberedTitles().Get(title, title.size(), [&] {
    TitleAnalysis out;
    out.terms = AnalyzedTerms(title);
    out.counts = TermCounts(out.terms);
    return out;
  });
}

std::shared_ptr<const std::vector<PassageUnit>> PassageUnits(absl::string_view text) {
  return RememberedUnits().Get(text, text.size(), [&] { return Units(text); });
}

void ForgetPassageAnalyses() {
  RememberedAnalyses().Clear();
  RememberedUnits().Clear();
  RememberedTitles().Clear();
}

}  // namespace medbrief::answer
