// TextStore: texts come back exactly, across block boundaries, copied
// blocks and a reused cache.

#include "services/content/search/text_store.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace medbrief::content::search {
namespace {

std::string RandomText(std::mt19937& rng, size_t size) {
  static const char* const kWords[] = {"octreotide", "every", "4", "weeks", "tumour", "liver", "ü", "中", "\n", "\t"};
  std::string text;
  while (text.size() < size) absl::StrAppend(&text, kWords[rng() % 10], " ");
  text.resize(size);
  return text;
}

TEST(TextStoreTest, TextsComeBackExactlyAcrossBlocks) {
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  std::vector<TextRef> refs;
  TextStore::Builder builder;
  for (int i = 0; i < 500; ++i) {
    // Empty, small, and some larger than a block.
    const size_t size = i % 97 == 0 ? kTextBlockBytes * 2 + 5 : (i % 13 == 0 ? 0 : rng() % 900);
    texts.push_back(RandomText(rng, size));
    refs.push_back(builder.Add(texts.back()));
  }
  const TextStore store = builder.Finish();
  EXPECT_GT(store.blocks(), 5u);
  EXPECT_LT(store.memory_bytes(), store.plain_bytes() / 2) << "repetitive text compresses";
  TextCache cache;
  for (size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(store.Get(refs[i], cache), texts[i]) << i;
  // Backwards and at random: the cache switches blocks correctly.
  for (size_t i = texts.size(); i-- > 0;) EXPECT_EQ(store.Get(refs[i], cache), texts[i]) << i;
  for (int k = 0; k < 200; ++k) {
    const size_t i = rng() % texts.size();
    EXPECT_EQ(store.Get(refs[i], cache), texts[i]) << i;
  }
}

TEST(TextStoreTest, CopiedBlocksKeepOffsetsBesideNewTexts) {
  std::mt19937 rng(11);
  TextStore::Builder first;
  std::vector<std::string> texts;
  std::vector<TextRef> refs;
  for (int i = 0; i < 120; ++i) {
    texts.push_back(RandomText(rng, 300 + rng() % 400));
    refs.push_back(first.Add(texts.back()));
  }
  const TextStore from = first.Finish();
  ASSERT_GE(from.blocks(), 3u);

  // Block 1 copied whole between texts added one by one.
  TextStore::Builder second;
  const TextRef before = second.Add("before");
  const uint32_t copied = second.CopyBlock(from, 1);
  const TextRef after = second.Add("after");
  const TextStore to = second.Finish();
  TextCache cache;
  EXPECT_EQ(to.Get(before, cache), "before");
  EXPECT_EQ(to.Get(after, cache), "after");
  int moved = 0;
  for (size_t i = 0; i < refs.size(); ++i) {
    if (refs[i].block != 1) continue;
    TextRef ref = refs[i];
    ref.block = copied;
    EXPECT_EQ(to.Get(ref, cache), texts[i]) << i;
    ++moved;
  }
  EXPECT_GT(moved, 0);
}

TEST(TextStoreTest, ASharedBlockCacheKeepsStoresApart) {
  // Two stores with the same block numbers and different texts: through one
  // shared cache each reads its own.
  std::mt19937 rng(5);
  std::vector<std::string> texts[2];
  std::vector<TextRef> refs[2];
  std::vector<TextStore> stores;
  for (int s = 0; s < 2; ++s) {
    TextStore::Builder builder;
    for (int i = 0; i < 60; ++i) {
      texts[s].push_back(RandomText(rng, 200 + rng() % 500));
      refs[s].push_back(builder.Add(texts[s].back()));
    }
    stores.push_back(builder.Finish());
  }
  BlockCache shared(1 << 20);
  for (int round = 0; round < 2; ++round) {  // the second round reads from the cache
    for (int s = 0; s < 2; ++s) {
      TextCache cache(&shared);
      for (size_t i = 0; i < texts[s].size(); ++i) EXPECT_EQ(stores[s].Get(refs[s][i], cache), texts[s][i]) << s << i;
    }
  }
}

TEST(BlockCacheTest, FindsWhatWasInsertedAndStaysBounded) {
  BlockCache cache(64 * 1024);  // 8 shards x 2 generations x 4 KB
  const auto block = [](char c) { return std::make_shared<const std::string>(1024, c); };
  cache.Insert(1, 0, block('a'));
  ASSERT_NE(cache.Find(1, 0), nullptr);
  EXPECT_EQ(*cache.Find(1, 0), std::string(1024, 'a'));
  EXPECT_EQ(cache.Find(2, 0), nullptr) << "another store's block 0";
  EXPECT_EQ(cache.Find(1, 1), nullptr);
  // 1,000 more blocks of 1 KB through a 64 KB cache: the first is gone, and
  // at most 64 KB worth of blocks (plus one per generation) are found.
  for (uint32_t b = 1; b <= 1000; ++b) cache.Insert(1, b, block('b'));
  EXPECT_EQ(cache.Find(1, 0), nullptr);
  int found = 0;
  for (uint32_t b = 1; b <= 1000; ++b) found += cache.Find(1, b) != nullptr;
  EXPECT_GT(found, 0);
  EXPECT_LE(found, 64 + 16);
  EXPECT_NE(cache.Find(1, 1000), nullptr) << "the newest block stays";
}

TEST(BlockCacheTest, BlocksReadAgainAndAgainDoNotGrowIt) {
  // Through a 64 KB cache: a hot set of 60 blocks of 1 KB read again and
  // again (so found blocks keep moving from the older generation to the
  // newer one), and new cold blocks; a block not found is inserted, as
  // TextStore::Get does. The bytes held never pass the capacity (without
  // the rotation on a move they reached 74 KB).
  BlockCache cache(64 * 1024);
  const auto block = [](char c) { return std::make_shared<const std::string>(1024, c); };
  size_t most = 0;
  for (uint32_t round = 0; round < 300; ++round) {
    for (uint32_t b = 0; b < 60; ++b) {
      if (cache.Find(7, b) == nullptr) cache.Insert(7, b, block('h'));
    }
    for (uint32_t c = 0; c < 4; ++c) cache.Insert(8, round * 4 + c, block('c'));
    most = std::max(most, cache.bytes());
  }
  EXPECT_LE(most, size_t{64} * 1024);
  EXPECT_GT(most, size_t{32} * 1024) << "the cache is used";
}

TEST(TextStoreTest, AnEmptyStoreAndOutOfRangeRefsReadAsEmpty) {
  const TextStore store = TextStore::Builder().Finish();
  TextCache cache;
  EXPECT_EQ(store.blocks(), 0u);
  EXPECT_EQ(store.Get(TextRef{3, 0, 10}, cache), "");
}

}  // namespace
}  // namespace medbrief::content::search
