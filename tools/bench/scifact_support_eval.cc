// The citation support check (services/citation/support.h) on SciFact: each
// training claim against the abstracts holding its evidence (positives) and
// against as many other abstracts (negatives), in two negative sets:
//   - random: drawn with a fixed seed, never a gold abstract;
//   - hard: the abstracts the content search engine ranks highest for the
//     claim (BM25 over the same corpus), gold abstracts skipped; these share
//     many of the claim's words.
// Prints precision and recall of SUPPORTED and of SUPPORTED or PARTIAL per
// negative set, and the time of one check (claim and passage analysed, as
// CheckSupport does per use). --sweep adds the same figures for every
// SUPPORTED threshold from 0.30 to 1.00; --explain lists the positives
// turned down for a missing number or a negation conflict.
//
//   medbrief-scifact-support-eval --corpus corpus.jsonl --queries queries-train.jsonl --qrels qrels-train.tsv
//       [--subset all|odd|even] [--supported 0.7] [--partial 0.5] [--conflict_share 0.5] [--scope 4]
//       [--abbreviations PATH] [--sweep] [--explain]
//
// --subset splits the claims by the parity of their numeric id, to tune on
// one half and report on the other.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "common/text/abbreviations.h"
#include "services/citation/support.h"
#include "services/content/search/query.h"
#include "tools/bench/beir.h"

namespace medbrief::bench {
namespace {

struct Check {
  bool positive = false;
  citation::SupportResult result;
  std::string claim, doc;
};

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  void Add(bool positive, bool predicted) {
    if (predicted && positive) ++tp;
    if (predicted && !positive) ++fp;
    if (!predicted && positive) ++fn;
  }
  double Precision() const { return tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn); }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
};

// Whether a check would be SUPPORTED at score threshold `threshold`, the
// other rules unchanged.
bool SupportedAt(const citation::SupportResult& r, double threshold) {
  return r.missing_numbers.empty() && !r.negation_conflict && r.score >= threshold;
}

void Report(const char* name, const std::vector<Check>& positives, const std::vector<Check>& negatives) {
  Counts supported, supported_or_partial;
  int verdicts[2][4] = {};
  for (const auto* set : {&positives, &negatives}) {
    for (const Check& c : *set) {
      supported.Add(c.positive, c.result.verdict == citation::v1::SUPPORTED);
      supported_or_partial.Add(c.positive, c.result.verdict != citation::v1::UNSUPPORTED);
      ++verdicts[c.positive ? 0 : 1][c.result.verdict];
    }
  }
  std::printf("%-7s pairs %zu+%zu  SUPPORTED P %.3f R %.3f F1 %.3f  SUPPORTED|PARTIAL P %.3f R %.3f F1 %.3f\n", name,
              positives.size(), negatives.size(), supported.Precision(), supported.Recall(), supported.F1(),
              supported_or_partial.Precision(), supported_or_partial.Recall(), supported_or_partial.F1());
  std::printf("        verdicts of positives S/P/U %d/%d/%d, of negatives S/P/U %d/%d/%d\n", verdicts[0][1],
              verdicts[0][2], verdicts[0][3], verdicts[1][1], verdicts[1][2], verdicts[1][3]);
}

void Sweep(const std::vector<Check>& positives, const std::vector<Check>& random, const std::vector<Check>& hard) {
  std::printf("threshold  recall  P(random) F1(random)  P(hard) F1(hard)\n");
  for (int step = 30; step <= 100; step += 5) {
    const double t = step / 100.0;
    Counts r, h;
    for (const Check& c : positives) {
      r.Add(true, SupportedAt(c.result, t));
      h.Add(true, SupportedAt(c.result, t));
    }
    for (const Check& c : random) r.Add(false, SupportedAt(c.result, t));
    for (const Check& c : hard) h.Add(false, SupportedAt(c.result, t));
    std::printf("  %.2f     %.3f   %.3f     %.3f       %.3f   %.3f\n", t, r.Recall(), r.Precision(), r.F1(),
                h.Precision(), h.F1());
  }
}

void PrintTimes(const char* name, std::vector<double>* micros) {
  if (micros->empty()) return;
  std::sort(micros->begin(), micros->end());
  double total = 0;
  for (double m : *micros) total += m;
  std::printf("check time per claim+abstract, %s: mean %.1f us, p50 %.1f us, p99 %.1f us (%zu checks)\n", name,
              total / static_cast<double>(micros->size()), (*micros)[micros->size() / 2],
              (*micros)[micros->size() * 99 / 100], micros->size());
}

int Run(int argc, char** argv) {
  std::string corpus_path, queries_path, qrels_path, subset = "all", abbreviations_path;
  citation::SupportOptions options;
  bool sweep = false, explain = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--sweep" || flag == "--explain") {
      (flag == "--sweep" ? sweep : explain) = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "flag %s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    double number = 0;
    if (flag == "--corpus") corpus_path = value;
    else if (flag == "--queries") queries_path = value;
    else if (flag == "--qrels") qrels_path = value;
    else if (flag == "--subset" && (value == "all" || value == "odd" || value == "even")) subset = value;
    else if (flag == "--abbreviations") abbreviations_path = value;
    else if (flag == "--supported" && absl::SimpleAtod(value, &number)) options.supported_min_score = number;
    else if (flag == "--partial" && absl::SimpleAtod(value, &number)) options.partial_min_score = number;
    else if (flag == "--conflict_share" && absl::SimpleAtod(value, &number)) options.conflict_share = number;
    else if (flag == "--scope" && absl::SimpleAtod(value, &number)) options.negation_scope_words = static_cast<int>(number);
    else {
      std::fprintf(stderr, "unknown or malformed flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (corpus_path.empty() || queries_path.empty() || qrels_path.empty()) {
    std::fprintf(stderr, "usage: %s --corpus F --queries F --qrels F [--subset all|odd|even] [--sweep] ...\n", argv[0]);
    return 2;
  }

  // Passages: title and abstract of each document.
  absl::flat_hash_map<std::string, std::string> passages;
  std::vector<std::string> doc_order;
  {
    std::ifstream in(corpus_path);
    std::string line;
    while (std::getline(in, line)) {
      const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("_id")) continue;
      const std::string id = j["_id"].is_string() ? j["_id"].get<std::string>() : j["_id"].dump();
      std::string title = j.value("title", "");
      if (!title.empty() && title.back() != '.' && title.back() != '?') title += '.';
      passages[id] = title + " " + j.value("text", "");
      doc_order.push_back(id);
    }
  }
  text::Analyzer analyzer;
  content::search::SearchIndex index(analyzer, content::search::IndexOptions{});
  size_t text_bytes = 0;
  auto source_to_doc = LoadCorpus(corpus_path, index, &text_bytes);
  auto queries = LoadQueries(queries_path);
  auto qrels = LoadQrels(qrels_path);
  for (const absl::Status& s : {source_to_doc.status(), queries.status(), qrels.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  text::Abbreviations vocabulary = text::Abbreviations::Builtin();
  if (!abbreviations_path.empty()) {
    if (absl::Status s = vocabulary.AddPath(abbreviations_path); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  const citation::SupportChecker checker(vocabulary, options);

  std::mt19937_64 rng(20260127);
  std::vector<Check> positives, random_negatives, hard_negatives;
  std::vector<double> micros;
  struct Pair {
    const std::string* claim;
    std::string doc;
  };
  std::vector<Pair> pairs;
  const auto check = [&](const std::string& claim, const std::string& doc, bool positive, std::vector<Check>* out) {
    const std::string& passage = passages.at(doc);
    const auto start = std::chrono::steady_clock::now();
    citation::SupportResult result = checker.Check(claim, passage);
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    out->push_back({positive, std::move(result), claim, doc});
    pairs.push_back({&claim, doc});
  };
  int claims = 0;
  for (const Query& query : *queries) {
    auto judged = qrels->find(query.id);
    if (judged == qrels->end()) continue;
    int64_t numeric_id = 0;
    if (subset != "all" && absl::SimpleAtoi(query.id, &numeric_id) && (numeric_id % 2 == 1) != (subset == "odd")) {
      continue;
    }
    ++claims;
    std::set<std::string> gold;
    for (const auto& [doc, relevance] : judged->second) {
      if (relevance > 0 && passages.contains(doc)) gold.insert(doc);
    }
    for (const std::string& doc : gold) check(query.text, doc, true, &positives);
    // Random negatives.
    std::set<std::string> taken;
    while (taken.size() < gold.size()) {
      const std::string& doc = doc_order[rng() % doc_order.size()];
      if (gold.count(doc) == 0 && taken.insert(doc).second) check(query.text, doc, false, &random_negatives);
    }
    // Hard negatives: the search engine's best non-gold abstracts.
    const auto hits = index.Search(content::search::BuildQuery(query.text, analyzer, text::Abbreviations::Builtin()),
                                   content::search::Filter{}, 50);
    std::set<std::string> hard;
    for (const auto& hit : hits) {
      if (hard.size() >= gold.size()) break;
      const std::string& doc = source_to_doc->at(hit.passage.passage.source_id());
      if (gold.count(doc) == 0 && hard.insert(doc).second) check(query.text, doc, false, &hard_negatives);
    }
  }

  // The same checks again: the analyzer's per-thread word caches are warm
  // now, as in a running service; the first pass paid for stemming each new
  // word once.
  // Then with the passage prepared beforehand (SupportChecker::Prepare): the
  // cost of the claim alone, as when several claims cite one passage.
  std::vector<double> warm, prepared_only;
  for (const Pair& pair : pairs) {
    auto start = std::chrono::steady_clock::now();
    const citation::SupportResult result = checker.Check(*pair.claim, passages.at(pair.doc));
    warm.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    const citation::PreparedText prepared = checker.Prepare(passages.at(pair.doc));
    start = std::chrono::steady_clock::now();
    const citation::SupportResult again = checker.Check(*pair.claim, prepared);
    prepared_only.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    if (result.verdict != again.verdict) return 1;  // also keeps the calls from being optimised away
  }
  std::printf("claims %d (subset %s), supported >= %.2f, partial >= %.2f, conflict_share %.2f, scope %d\n", claims,
              subset.c_str(), options.supported_min_score, options.partial_min_score, options.conflict_share,
              options.negation_scope_words);
  Report("random", positives, random_negatives);
  Report("hard", positives, hard_negatives);
  int conflicts = 0;
  int missing_numbers = 0;
  for (const Check& c : positives) {
    conflicts += c.result.negation_conflict;
    missing_numbers += !c.result.missing_numbers.empty();
  }
  std::printf("positives with a negation conflict %d, with a missing number %d\n", conflicts, missing_numbers);
  PrintTimes("first pass (cold word caches)", &micros);
  PrintTimes("second pass (warm)", &warm);
  PrintTimes("claim against a prepared passage", &prepared_only);
  if (sweep) Sweep(positives, random_negatives, hard_negatives);
  if (explain) {
    // The positives the check turns down for a number or a negation, to read.
    for (const Check& c : positives) {
      if (c.result.missing_numbers.empty() && !c.result.negation_conflict) continue;
      std::printf("doc %s%s missing [%s]: %s\n", c.doc.c_str(), c.result.negation_conflict ? " negation" : "",
                  absl::StrJoin(c.result.missing_numbers, "; ").c_str(), c.claim.c_str());
    }
  }
  return 0;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) { return medbrief::bench::Run(argc, argv); }
