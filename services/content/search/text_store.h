#pragma once

// The passage texts of one segment, compressed with zstd in blocks of about
// kTextBlockBytes: English text shrinks about threefold in blocks of that
// size (single passages barely compress), and reading one passage costs one
// block's decompression (microseconds). Merging segments copies whole blocks
// whose passages all survive without decompressing them.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace medbrief::content::search {

inline constexpr size_t kTextBlockBytes = 4 * 1024;

// Where one text lives: its block and its place in the block's plain text.
struct TextRef {
  uint32_t block = 0;
  uint32_t offset = 0;
  uint32_t size = 0;
};

class TextStore;

// Decompressed blocks shared by the searches of a process, so the passages of
// common questions are decompressed once, not per search (decompression was
// half of a search's CPU in the answer benchmark). Bounded by bytes: when
// the newer of two generations is full it becomes the older one and the
// older one is dropped; a block found in the older one moves to the newer.
// Blocks of stores that are gone age out the same way.
class BlockCache {
 public:
  using Block = std::shared_ptr<const std::string>;

  explicit BlockCache(size_t capacity_bytes);
  // The process's cache, kDefaultBytes.
  static BlockCache& Default();
  static constexpr size_t kDefaultBytes = 32 << 20;

  Block Find(uint64_t store, uint32_t block);
  void Insert(uint64_t store, uint32_t block, Block plain);
  // Bytes of the blocks held: at most the capacity (a block that two
  // searches decompressed at once may count twice).
  size_t bytes();

 private:
  static constexpr int kShards = 8;
  struct Key {
    uint64_t store;
    uint32_t block;
    bool operator==(const Key& o) const { return store == o.store && block == o.block; }
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.store, k.block);
    }
  };
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<Key, Block> newer ABSL_GUARDED_BY(mu);
    absl::flat_hash_map<Key, Block> older ABSL_GUARDED_BY(mu);
    size_t newer_bytes ABSL_GUARDED_BY(mu) = 0;
    size_t older_bytes ABSL_GUARDED_BY(mu) = 0;
  };
  Shard& ShardOf(const Key& key);
  // Before `bytes` more go into the newer generation: when they would not
  // fit its share, it becomes the older one.
  void MakeRoom(Shard& shard, size_t bytes) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

  const size_t generation_bytes_;  // per shard and generation
  Shard shards_[kShards];
};

// The most recently decompressed block, reused by consecutive reads. Keep one
// per operation (a search, a merge) and thread, while the segments it reads
// are held. With a BlockCache, blocks are also looked up in and added to it:
// for searches; bulk reads (merges) go without, so they do not evict the
// blocks searches use.
class TextCache {
 public:
  explicit TextCache(BlockCache* shared = nullptr) : shared_(shared) {}

 private:
  friend class TextStore;
  BlockCache* const shared_;
  uint64_t store_ = 0;  // 0: none
  uint32_t block_ = 0;
  BlockCache::Block plain_;
};

class TextStore {
 public:
  // Appends texts in order; whole blocks of another store may be copied in.
  class Builder {
   public:
    Builder();
    ~Builder();
    Builder(const Builder&) = delete;
    Builder& operator=(const Builder&) = delete;

    TextRef Add(absl::string_view text);
    // Appends block `block` of `from` as it is; a text of it keeps its
    // offset and moves to the returned block.
    uint32_t CopyBlock(const TextStore& from, uint32_t block);
    TextStore Finish();

   private:
    void Seal();  // compresses the pending texts into a block

    struct Context;
    std::unique_ptr<Context> context_;  // the zstd compression context
    std::string pending_;
    std::string data_;
    std::vector<uint32_t> starts_;
    std::vector<uint32_t> plain_sizes_;
  };

  TextStore() = default;
  TextStore(TextStore&&) = default;
  TextStore& operator=(TextStore&&) = default;
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  uint32_t blocks() const { return static_cast<uint32_t>(plain_sizes_.size()); }
  // The text at `ref`; valid until `cache` reads another block.
  absl::string_view Get(TextRef ref, TextCache& cache) const;
  // Compressed bytes plus bookkeeping.
  size_t memory_bytes() const;
  // Bytes before compression.
  size_t plain_bytes() const;

 private:
  absl::string_view Compressed(uint32_t block) const {
    return absl::string_view(data_).substr(starts_[block], starts_[block + 1] - starts_[block]);
  }

  uint64_t id_ = 0;                // unique in the process (BlockCache keys); 0 when empty
  std::string data_;               // the compressed blocks, back to back
  std::vector<uint32_t> starts_;   // block b is data_[starts_[b], starts_[b + 1])
  std::vector<uint32_t> plain_sizes_;
};

}  // namespace medbrief::content::search
