// Retrieval quality of the content search engine on a BEIR data set:
// nDCG@10, Recall@100 and MRR@10 with the trec_eval definitions (linear
// gains, log2(rank + 1) discount; a document ranks by its best passage).
//
//   medbrief-beir-eval --corpus corpus.jsonl --queries queries.jsonl --qrels qrels.tsv
//                      [--k1 0.9] [--b 0.4] [--title_weight 2] [--heading_weight 2]

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "common/text/abbreviations.h"
#include "services/content/search/query.h"
#include "tools/bench/beir.h"

namespace medbrief::bench {
namespace {

int Run(int argc, char** argv) {
  std::string corpus, queries_path, qrels_path;
  content::search::IndexOptions options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    double number = 0;
    if (flag == "--corpus") corpus = value;
    else if (flag == "--queries") queries_path = value;
    else if (flag == "--qrels") qrels_path = value;
    else if (flag == "--k1" && absl::SimpleAtod(value, &number)) options.bm25.k1 = number;
    else if (flag == "--b" && absl::SimpleAtod(value, &number)) options.bm25.b = number;
    else if (flag == "--title_weight" && absl::SimpleAtod(value, &number)) options.weights.title = static_cast<int>(number);
    else if (flag == "--heading_weight" && absl::SimpleAtod(value, &number)) options.weights.heading = static_cast<int>(number);
    else {
      std::fprintf(stderr, "unknown or malformed flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (corpus.empty() || queries_path.empty() || qrels_path.empty()) {
    std::fprintf(stderr, "usage: %s --corpus F --queries F --qrels F [--k1 X] [--b X] [--title_weight N]\n", argv[0]);
    return 2;
  }
  text::Analyzer analyzer;
  content::search::SearchIndex index(analyzer, options);
  size_t text_bytes = 0;
  auto doc_ids = LoadCorpus(corpus, index, &text_bytes);
  auto queries = LoadQueries(queries_path);
  auto qrels = LoadQrels(qrels_path);
  for (const absl::Status& s : {doc_ids.status(), queries.status(), qrels.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return 1;
    }
  }
  double ndcg = 0, recall = 0, mrr = 0;
  int evaluated = 0;
  for (const Query& query : *queries) {
    auto judged = qrels->find(query.id);
    if (judged == qrels->end()) continue;
    ++evaluated;
    const auto hits = index.Search(content::search::BuildQuery(query.text, analyzer, text::Abbreviations::Builtin()),
                                   content::search::Filter{}, 1000);
    std::vector<std::string> ranking;  // documents by best passage
    absl::flat_hash_map<std::string, bool> seen;
    for (const auto& hit : hits) {
      const std::string& doc = doc_ids->at(hit.passage.passage.source_id());
      if (seen.emplace(doc, true).second) ranking.push_back(doc);
    }
    const auto& relevant = judged->second;
    double dcg = 0, idcg = 0;
    std::vector<int> gains;
    for (const auto& [doc, rel] : relevant) gains.push_back(rel);
    std::sort(gains.rbegin(), gains.rend());
    for (size_t i = 0; i < std::min<size_t>(10, gains.size()); ++i) idcg += gains[i] / std::log2(i + 2.0);
    int found100 = 0;
    double reciprocal = 0;
    for (size_t i = 0; i < ranking.size() && i < 100; ++i) {
      auto it = relevant.find(ranking[i]);
      if (it == relevant.end()) continue;
      ++found100;
      if (i < 10) {
        dcg += it->second / std::log2(i + 2.0);
        if (reciprocal == 0) reciprocal = 1.0 / static_cast<double>(i + 1);
      }
    }
    ndcg += idcg > 0 ? dcg / idcg : 0;
    recall += static_cast<double>(found100) / static_cast<double>(relevant.size());
    mrr += reciprocal;
  }
  std::printf("{\"queries\":%d,\"ndcg@10\":%.4f,\"recall@100\":%.4f,\"mrr@10\":%.4f,\"k1\":%.2f,\"b\":%.2f,"
              "\"title_weight\":%d}\n",
              evaluated, ndcg / evaluated, recall / evaluated, mrr / evaluated, options.bm25.k1, options.bm25.b,
              options.weights.title);
  return 0;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) { return medbrief::bench::Run(argc, argv); }
