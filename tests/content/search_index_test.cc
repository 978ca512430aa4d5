// The BM25 index against hand-computed scores and against an exhaustive
// scorer, after any mix of writes, and under concurrent searches.

#include "services/content/search/index.h"

#include <atomic>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::content::search {
namespace {

IndexedPassage Doc(const std::string& id, const std::string& source, const std::string& text,
                   v1::SourceKind kind = v1::RESEARCH, v1::SourceStatus status = v1::CURRENT,
                   const std::string& date = "2020", const std::string& title = "", int revision = 1) {
  IndexedPassage p;
  p.passage.set_id(id);
  p.passage.set_source_id(source);
  p.passage.set_text(text);
  p.kind = kind;
  p.status = status;
  p.published_date = date;
  p.source_title = title;
  p.revision = revision;
  return p;
}

std::vector<QueryTerm> Terms(const text::Analyzer& analyzer, const std::string& query) {
  std::map<std::string, float> weights;
  for (const std::string& t : analyzer.Analyze(query)) weights[t] += 1;
  std::vector<QueryTerm> terms;
  for (const auto& [t, w] : weights) terms.push_back({t, w});
  return terms;
}

TEST(SearchIndexTest, ScoresMatchHandComputedBm25) {
  text::Analyzer analyzer;
  SearchIndex index(analyzer, IndexOptions{Bm25{1.2, 0.75}, FieldWeights{2, 2}, 8});
  // Analysed lengths: d1 "lanreotid dose" = 2, d2 "octreotid dose dose" = 3, d3 "everolimus" = 1.
  index.AddBatch({Doc("d1", "s1", "lanreotide dose"), Doc("d2", "s2", "octreotide dose dose"),
                  Doc("d3", "s3", "everolimus")});
  index.Publish();
  const auto hits = index.Search(Terms(analyzer, "dose"), Filter{}, 10);
  ASSERT_EQ(hits.size(), 2u);
  // N = 3, df = 2: idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6)
  const double idf = std::log(1.6);
  const double avgdl = 6.0 / 3.0;
  const auto bm25 = [&](double tf, double dl) { return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / avgdl)); };
  EXPECT_EQ(hits[0].passage.passage.id(), "d2");
  EXPECT_NEAR(hits[0].score, bm25(2, 3), 1e-5);
  EXPECT_EQ(hits[1].passage.passage.id(), "d1");
  EXPECT_NEAR(hits[1].score, bm25(1, 2), 1e-5);
}

TEST(SearchIndexTest, TitleAndHeadingAreBoosted) {
  text::Analyzer analyzer;
  SearchIndex index(analyzer);
  IndexedPassage in_title = Doc("a", "s1", "treatment options", v1::GUIDELINE, v1::CURRENT, "2020", "Lanreotide");
  IndexedPassage in_body = Doc("b", "s2", "lanreotide treatment options");
  index.AddBatch({in_title, in_body});
  index.Publish();
  const auto hits = index.Search(Terms(analyzer, "lanreotide"), Filter{}, 10);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].passage.passage.id(), "a");  // tf 2 from the title beats tf 1 in the body
}

TEST(SearchIndexTest, FiltersOnKindStatusAndDate) {
  text::Analyzer analyzer;
  SearchIndex index(analyzer);
  index.AddBatch({Doc("g", "s1", "octreotide", v1::GUIDELINE, v1::CURRENT, "2022"),
                  Doc("l", "s2", "octreotide", v1::DRUG_LABEL, v1::CURRENT, "2019-05"),
                  Doc("r", "s3", "octreotide", v1::RESEARCH, v1::RETRACTED, "2021")});
  index.Publish();
  const auto ids = [&](const Filter& f) {
    std::vector<std::string> out;
    for (const auto& h : index.Search(Terms(analyzer, "octreotide"), f, 10)) out.push_back(h.passage.passage.id());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_THAT(ids(Filter{}), ::testing::ElementsAre("g", "l"));
  EXPECT_THAT(ids(Filter{0, true, 0}), ::testing::ElementsAre("g", "l", "r"));
  EXPECT_THAT(ids(Filter{1u << v1::DRUG_LABEL, false, 0}), ::testing::ElementsAre("l"));
  EXPECT_THAT(ids(Filter{0, true, DateKey("2020-06")}), ::testing::ElementsAre("g", "r"));
}

// Exhaustive BM25 over the live passages: the reference for pruning and
// incremental updates.
std::vector<std::pair<std::string, double>> BruteForce(const std::map<std::string, IndexedPassage>& live,
                                                      const text::Analyzer& analyzer, const IndexOptions& options,
                                                      const std::vector<QueryTerm>& terms, int k,
                                                      v1::SourceKind only_kind = v1::SOURCE_KIND_UNSPECIFIED) {
  std::map<std::string, DocTerms> docs;
  double total = 0;
  std::map<std::string, int> df;
  for (const auto& [id, p] : live) {
    DocTerms t = AnalyzeDoc(p.source_title, p.passage.section_heading(), p.passage.text(), analyzer, options.weights);
    total += std::min<uint32_t>(t.length, 65535);
    for (const auto& [term, tf] : t.tf) ++df[term];
    docs.emplace(id, std::move(t));
  }
  const double n = static_cast<double>(live.size());
  const double avgdl = total / n;
  std::vector<std::pair<std::string, double>> scored;
  for (const auto& [id, t] : docs) {
    if (live.at(id).status != v1::CURRENT) continue;
    if (only_kind != v1::SOURCE_KIND_UNSPECIFIED && live.at(id).kind != only_kind) continue;
    double score = 0;
    bool any = false;
    for (const QueryTerm& q : terms) {
      auto it = t.tf.find(q.term);
      if (it == t.tf.end()) continue;
      any = true;
      const double idf = std::log(1 + (n - df[q.term] + 0.5) / (df[q.term] + 0.5));
      const double tf = std::min<uint32_t>(it->second, 255);
      const double dl = std::min<uint32_t>(t.length, 65535);
      score += idf * q.weight * tf * (options.bm25.k1 + 1) /
               (tf + options.bm25.k1 * (1 - options.bm25.b + options.bm25.b * dl / avgdl));
    }
    if (any) scored.emplace_back(id, score);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (static_cast<int>(scored.size()) > k) scored.resize(static_cast<size_t>(k));
  return scored;
}

void ExpectSameTopK(const std::vector<ScoredPassage>& got, const std::vector<std::pair<std::string, double>>& want,
                    const std::string& context) {
  ASSERT_EQ(got.size(), want.size()) << context;
  for (size_t i = 0; i < got.size(); ++i) {
    // Float accumulation may swap near-equal scores; compare scores by rank.
    EXPECT_NEAR(got[i].score, want[i].second, 1e-3 * std::max(1.0, want[i].second)) << context << " rank " << i;
  }
}

TEST(SearchIndexTest, PrunedTopKEqualsExhaustiveAfterRandomWrites) {
  text::Analyzer analyzer;
  IndexOptions options;
  options.merge_factor = 3;  // many small segments and merges
  SearchIndex index(analyzer, options);
  const std::vector<std::string> vocabulary = {
      "tumor", "liver", "metastasis", "octreotide", "lanreotide", "dose", "weekly", "pancreas", "survival", "ablation",
      "embolization", "everolimus", "sunitinib", "imaging", "chromogranin", "somatostatin", "receptor", "therapy"};
  std::mt19937 rng(42);
  std::map<std::string, IndexedPassage> live;  // passage id -> passage
  std::map<std::string, int> revisions;
  const auto random_text = [&] {
    std::string text;
    const int words = 3 + static_cast<int>(rng() % 25);
    for (int w = 0; w < words; ++w) absl::StrAppend(&text, vocabulary[rng() % vocabulary.size()], " ");
    return text;
  };
  for (int step = 0; step < 300; ++step) {
    const std::string source = absl::StrCat("s", rng() % 40);
    const int revision = ++revisions[source];
    std::vector<IndexedPassage> passages;
    for (auto it = live.begin(); it != live.end();) {
      it = it->second.passage.source_id() == source ? live.erase(it) : std::next(it);
    }
    const int action = static_cast<int>(rng() % 10);
    if (action < 8) {  // create or update; 1 in 8 of them retracted
      const v1::SourceStatus status = rng() % 8 == 0 ? v1::RETRACTED : v1::CURRENT;
      const int count = 1 + static_cast<int>(rng() % 4);
      for (int p = 0; p < count; ++p) {
        IndexedPassage doc = Doc(absl::StrCat(source, "_p", revision, "_", p), source, random_text(), v1::RESEARCH,
                                 status, "2020", "liver therapy", revision);
        live[doc.passage.id()] = doc;
        passages.push_back(doc);
      }
    }  // else: the source is removed
    index.ReplaceSource(source, revision, passages);
    if (step % 25 == 24) {
      for (int q = 0; q < 10; ++q) {
        std::vector<QueryTerm> terms;
        for (int t = 0; t < 1 + static_cast<int>(rng() % 5); ++t) {
          terms.push_back({analyzer.Term(vocabulary[rng() % vocabulary.size()]), 1.0f + static_cast<float>(rng() % 2)});
        }
        const auto got = index.Search(terms, Filter{}, 5);
        ExpectSameTopK(got, BruteForce(live, analyzer, options, terms, 5), absl::StrCat("step ", step, " query ", q));
        // Stored text survives compression, merges and block copies.
        for (const ScoredPassage& hit : got) {
          ASSERT_TRUE(live.count(hit.passage.passage.id())) << hit.passage.passage.id();
          EXPECT_EQ(hit.passage.passage.text(), live[hit.passage.passage.id()].passage.text());
        }
      }
    }
  }
  EXPECT_EQ(index.Stats().docs, live.size());
  EXPECT_LT(index.Stats().segments, 16u);

  // A rebuild from the live passages gives the same results.
  SearchIndex rebuilt(analyzer, options);
  std::vector<IndexedPassage> all;
  for (const auto& [id, p] : live) all.push_back(p);
  rebuilt.AddBatch(all);
  rebuilt.Publish();
  for (const std::string& word : vocabulary) {
    const std::vector<QueryTerm> terms = {{analyzer.Term(word), 1}, {analyzer.Term("dose"), 1}};
    const auto a = index.Search(terms, Filter{}, 10);
    const auto b = rebuilt.Search(terms, Filter{}, 10);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i].score, b[i].score, 1e-4) << word;
  }
}

TEST(SearchIndexTest, BlockSkippingKeepsExactTopKOnLongLists) {
  // Thousands of docs over a skewed vocabulary: posting lists span many
  // blocks, and most windows of the frequent terms are skipped.
  text::Analyzer analyzer;
  IndexOptions options;
  SearchIndex index(analyzer, options);
  std::mt19937 rng(7);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 300; ++i) {
    vocabulary.push_back(absl::StrCat("zq", std::string(1, static_cast<char>('a' + i % 26)),
                                      std::string(1, static_cast<char>('a' + i / 26))));
  }
  std::map<std::string, IndexedPassage> live;
  std::vector<IndexedPassage> all;
  for (int d = 0; d < 6000; ++d) {
    std::string text;
    const int words = 5 + static_cast<int>(rng() % 60);
    for (int w = 0; w < words; ++w) {
      // Zipf-like: small indexes are much more frequent.
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      absl::StrAppend(&text, vocabulary[static_cast<size_t>(std::pow(300.0, u)) - 1], " ");
    }
    IndexedPassage p = Doc(absl::StrCat("p", d), absl::StrCat("s", d / 3), text);
    live[p.passage.id()] = p;
    all.push_back(p);
  }
  index.AddBatch(all);
  index.Publish();
  for (int q = 0; q < 60; ++q) {
    std::vector<QueryTerm> terms;
    for (int t = 0; t < 2 + q % 12; ++t) {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      terms.push_back({analyzer.Term(vocabulary[static_cast<size_t>(std::pow(300.0, u)) - 1]), 1.0f});
    }
    ExpectSameTopK(index.Search(terms, Filter{}, 10), BruteForce(live, analyzer, options, terms, 10),
                   absl::StrCat("query ", q));
  }
}

TEST(SearchIndexTest, FilteredToARareKindKeepsExactTopK) {
  // 1 doc in 50 is a drug label: a search filtered to labels jumps over the
  // others and must still find exactly the best labels.
  text::Analyzer analyzer;
  IndexOptions options;
  options.merge_factor = 3;
  SearchIndex index(analyzer, options);
  std::mt19937 rng(11);
  const std::vector<std::string> vocabulary = {"dose", "tumor", "liver", "octreotide", "weekly", "pancreas",
                                               "therapy", "imaging", "survival", "receptor", "label", "tablet"};
  std::map<std::string, IndexedPassage> live;
  for (int batch = 0; batch < 4; ++batch) {  // one segment per batch of updates
    std::map<std::string, SearchIndex::SourceUpdate> updates;
    for (int d = 0; d < 1500; ++d) {
      std::string text;
      for (int w = 0; w < 4 + static_cast<int>(rng() % 30); ++w) absl::StrAppend(&text, vocabulary[rng() % 12], " ");
      const v1::SourceKind kind = rng() % 50 == 0 ? v1::DRUG_LABEL : (rng() % 2 ? v1::GUIDELINE : v1::RESEARCH);
      const std::string source = absl::StrCat("s", batch, "_", d);
      IndexedPassage p = Doc(absl::StrCat("p", batch, "_", d), source, text, kind);
      live[p.passage.id()] = p;
      SearchIndex::SourceUpdate& update = updates[source];
      update.source_id = source;
      update.revision = 1;
      update.passages.push_back(p);
    }
    std::vector<SearchIndex::SourceUpdate> batch_updates;
    for (auto& [source, update] : updates) batch_updates.push_back(std::move(update));
    index.ReplaceSources(std::move(batch_updates));
  }
  ASSERT_GT(index.Stats().segments, 1u);
  Filter labels;
  labels.kinds_mask = 1u << v1::DRUG_LABEL;
  for (int q = 0; q < 40; ++q) {
    std::vector<QueryTerm> terms;
    for (int t = 0; t < 1 + q % 6; ++t) terms.push_back({analyzer.Term(vocabulary[rng() % 12]), 1.0f});
    const auto got = index.Search(terms, labels, 10);
    ExpectSameTopK(got, BruteForce(live, analyzer, options, terms, 10, v1::DRUG_LABEL), absl::StrCat("query ", q));
    for (const ScoredPassage& hit : got) EXPECT_EQ(hit.passage.kind, v1::DRUG_LABEL);
  }
}

TEST(SearchIndexTest, OlderRevisionsNeverReplaceNewerOnes) {
  text::Analyzer analyzer;
  SearchIndex index(analyzer);
  index.ReplaceSource("s1", 3, {Doc("new", "s1", "octreotide", v1::RESEARCH, v1::CURRENT, "2020", "", 3)});
  index.ReplaceSource("s1", 2, {Doc("old", "s1", "octreotide", v1::RESEARCH, v1::CURRENT, "2020", "", 2)});
  const auto hits = index.Search(Terms(analyzer, "octreotide"), Filter{}, 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].passage.passage.id(), "new");
  EXPECT_EQ(index.RevisionOf("s1"), 3);
}

TEST(SearchIndexTest, SearchesRunWhileWritesHappen) {
  text::Analyzer analyzer;
  SearchIndex index(analyzer);
  std::vector<IndexedPassage> base;
  for (int i = 0; i < 2000; ++i) base.push_back(Doc(absl::StrCat("b", i), absl::StrCat("base", i % 200), "liver tumor dose"));
  index.AddBatch(base);
  index.Publish();
  std::atomic<bool> done{false};
  std::atomic<int> searches{0};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!done) {
        const auto hits = index.Search(Terms(analyzer, "liver tumor"), Filter{}, 10);
        if (hits.size() != 10) ++bad;
        ++searches;
      }
    });
  }
  // Writes start once the readers are searching, and go on until they have
  // searched a few more times meanwhile (a loaded machine may be slow to
  // schedule them).
  while (searches.load() < 3) std::this_thread::yield();
  int written = 0;
  const int before = searches.load();
  while (written < 500 || searches.load() < before + 3) {
    index.ReplaceSource(absl::StrCat("w", written % 50), written + 1,
                        {Doc(absl::StrCat("w", written), absl::StrCat("w", written % 50), "liver")});
    ++written;
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(searches.load(), 0);
}

}  // namespace
}  // namespace medbrief::content::search
