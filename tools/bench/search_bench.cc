// Speed of the content search engine on a BEIR-format corpus: index build
// time, index memory, and single-threaded top-k latency over the queries
// (after 20 warm-up queries). Prints one JSON line; tools/bench/
// run_search_bench.sh runs it beside Xapian and PostgreSQL full-text search.
//
//   medbrief-search-bench --corpus corpus.jsonl --queries queries.jsonl [--top_k 10] [--repeat 1]
//                         [--slowest N]   (the N slowest queries on stderr, with their term counts)

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "common/text/abbreviations.h"
#include "services/content/search/query.h"
#include "tools/bench/beir.h"

namespace medbrief::bench {
namespace {

int Run(int argc, char** argv) {
  std::string corpus, queries_path;
  int top_k = 10, repeat = 1, show_slowest = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--corpus") corpus = value;
    else if (flag == "--queries") queries_path = value;
    else if (flag == "--top_k" && absl::SimpleAtoi(value, &top_k)) {}
    else if (flag == "--repeat" && absl::SimpleAtoi(value, &repeat)) {}
    else if (flag == "--slowest" && absl::SimpleAtoi(value, &show_slowest)) {}
    else {
      std::fprintf(stderr, "unknown or malformed flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (corpus.empty() || queries_path.empty()) {
    std::fprintf(stderr, "usage: %s --corpus F --queries F [--top_k 10] [--repeat 1] [--slowest N]\n", argv[0]);
    return 2;
  }
  text::Analyzer analyzer;
  content::search::SearchIndex index(analyzer);
  const size_t rss_before = ResidentBytes();
  const absl::Time start = absl::Now();
  size_t text_bytes = 0;
  auto doc_ids = LoadCorpus(corpus, index, &text_bytes);
  if (!doc_ids.ok()) {
    std::fprintf(stderr, "%s\n", doc_ids.status().ToString().c_str());
    return 1;
  }
  const double build_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const size_t rss_after = ResidentBytes();
  auto queries = LoadQueries(queries_path);
  if (!queries.ok()) {
    std::fprintf(stderr, "%s\n", queries.status().ToString().c_str());
    return 1;
  }
  const auto run = [&](const Query& q) {
    return index.Search(content::search::BuildQuery(q.text, analyzer, text::Abbreviations::Builtin()),
                        content::search::Filter{}, top_k);
  };
  for (size_t i = 0; i < std::min<size_t>(20, queries->size()); ++i) run((*queries)[i]);
  std::vector<double> ms;
  std::vector<std::pair<double, const Query*>> slowest;  // --slowest: each query's worst time
  size_t hits = 0;
  for (int r = 0; r < repeat; ++r) {
    for (const Query& q : *queries) {
      const absl::Time t0 = absl::Now();
      hits += run(q).size();
      ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
      if (show_slowest > 0) slowest.emplace_back(ms.back(), &q);
    }
  }
  std::sort(slowest.begin(), slowest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < slowest.size() && i < static_cast<size_t>(show_slowest); ++i) {
    const size_t terms = content::search::BuildQuery(slowest[i].second->text, analyzer, text::Abbreviations::Builtin()).size();
    std::fprintf(stderr, "slow %.2f ms, %zu terms: %s\n", slowest[i].first, terms, slowest[i].second->text.c_str());
  }
  std::sort(ms.begin(), ms.end());
  double total = 0;
  for (double m : ms) total += m;
  const auto percentile = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
  const content::search::IndexStats stats = index.Stats();
  std::printf("{\"engine\":\"medbrief\",\"docs\":%zu,\"passages\":%llu,\"build_seconds\":%.2f,\"index_mb\":%.1f,"
              "\"rss_growth_mb\":%.1f,\"text_mb\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"mean_ms\":%.3f,"
              "\"queries\":%zu,\"hits\":%zu}\n",
              doc_ids->size(), static_cast<unsigned long long>(stats.docs), build_seconds,
              stats.memory_bytes / 1048576.0, (rss_after - rss_before) / 1048576.0, text_bytes / 1048576.0,
              percentile(0.5), percentile(0.99), total / ms.size(), ms.size(), hits);
  return 0;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) { return medbrief::bench::Run(argc, argv); }
