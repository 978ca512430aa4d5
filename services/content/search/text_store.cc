#include "services/content/search/text_store.h"

#include <zstd.h>

#include <atomic>
#include <memory>
#include <utility>

namespace medbrief::content::search {
namespace {

// Level 1: within a few percent of the default level's ratio on passage text
// at about twice its speed; merges and index builds compress everything.
constexpr int kLevel = 1;

struct DContextDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

ZSTD_DCtx* ThreadDContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, DContextDeleter> context(ZSTD_createDCtx());
  return context.get();
}

std::atomic<uint64_t> next_store_id{1};

}  // namespace

BlockCache::BlockCache(size_t capacity_bytes) : generation_bytes_(capacity_bytes / kShards / 2) {}

BlockCache& BlockCache::Default() {
  static BlockCache* const cache = new BlockCache(kDefaultBytes);
  return *cache;
}

BlockCache::Shard& BlockCache::ShardOf(const Key& key) {
  return shards_[absl::HashOf(key.store, key.block) % kShards];
}

void BlockCache::MakeRoom(Shard& shard, size_t bytes) {
  if (shard.newer_bytes + bytes <= generation_bytes_) return;
  shard.older = std::move(shard.newer);  // the older generation is dropped
  shard.older_bytes = shard.newer_bytes;
  shard.newer.clear();
  shard.newer_bytes = 0;
}

BlockCache::Block BlockCache::Find(uint64_t store, uint32_t block) {
  const Key key{store, block};
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  if (auto it = shard.newer.find(key); it != shard.newer.end()) return it->second;
  auto it = shard.older.find(key);
  if (it == shard.older.end()) return nullptr;
  Block found = std::move(it->second);
  shard.older.erase(it);
  shard.older_bytes -= found->size();
  // As for an insert: were the newer generation let past its share, blocks
  // read again and again would keep both generations growing.
  MakeRoom(shard, found->size());
  shard.newer_bytes += found->size();
  shard.newer.emplace(key, found);
  return found;
}

void BlockCache::Insert(uint64_t store, uint32_t block, Block plain) {
  const Key key{store, block};
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  const size_t size = plain->size();
  MakeRoom(shard, size);
  const bool added = shard.newer.insert_or_assign(key, std::move(plain)).second;
  if (added) shard.newer_bytes += size;  // a block decompressed twice at once counts once
}

size_t BlockCache::bytes() {
  size_t total = 0;
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    total += shard.newer_bytes + shard.older_bytes;
  }
  return total;
}

struct TextStore::Builder::Context {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ~Context() { ZSTD_freeCCtx(cctx); }
};

TextStore::Builder::Builder() : context_(std::make_unique<Context>()) { starts_.push_back(0); }

TextStore::Builder::~Builder() = default;

TextRef TextStore::Builder::Add(absl::string_view text) {
  if (!pending_.empty() && pending_.size() + text.size() > kTextBlockBytes) Seal();
  TextRef ref{static_cast<uint32_t>(plain_sizes_.size()), static_cast<uint32_t>(pending_.size()),
              static_cast<uint32_t>(text.size())};
  pending_.append(text.data(), text.size());
  return ref;
}

uint32_t TextStore::Builder::CopyBlock(const TextStore& from, uint32_t block) {
  Seal();
  const absl::string_view compressed = from.Compressed(block);
  data_.append(compressed.data(), compressed.size());
  starts_.push_back(static_cast<uint32_t>(data_.size()));
  plain_sizes_.push_back(from.plain_sizes_[block]);
  return static_cast<uint32_t>(plain_sizes_.size() - 1);
}

void TextStore::Builder::Seal() {
  if (pending_.empty()) return;
  const size_t at = data_.size();
  data_.resize(at + ZSTD_compressBound(pending_.size()));
  size_t written = ZSTD_compressCCtx(context_->cctx, data_.data() + at, data_.size() - at, pending_.data(),
                                     pending_.size(), kLevel);
  if (ZSTD_isError(written)) {
    // Cannot happen with a bound-sized buffer; keep the text readable anyway.
    written = 0;
  }
  data_.resize(at + written);
  starts_.push_back(static_cast<uint32_t>(data_.size()));
  plain_sizes_.push_back(static_cast<uint32_t>(pending_.size()));
  pending_.clear();
}

TextStore TextStore::Builder::Finish() {
  Seal();
  TextStore store;
  data_.shrink_to_fit();
  starts_.shrink_to_fit();
  plain_sizes_.shrink_to_fit();
  store.data_ = std::move(data_);
  store.starts_ = std::move(starts_);
  store.plain_sizes_ = std::move(plain_sizes_);
  store.id_ = next_store_id.fetch_add(1, std::memory_order_relaxed);
  data_.clear();
  starts_.assign(1, 0);
  plain_sizes_.clear();
  return store;
}

absl::string_view TextStore::Get(TextRef ref, TextCache& cache) const {
  if (ref.size == 0 || ref.block >= blocks()) return {};
  if (cache.store_ != id_ || cache.block_ != ref.block) {
    cache.store_ = 0;
    cache.plain_ = cache.shared_ != nullptr ? cache.shared_->Find(id_, ref.block) : nullptr;
    if (cache.plain_ == nullptr) {
      auto plain = std::make_shared<std::string>(plain_sizes_[ref.block], '\0');
      const absl::string_view compressed = Compressed(ref.block);
      const size_t n = ZSTD_decompressDCtx(ThreadDContext(), plain->data(), plain->size(), compressed.data(),
                                           compressed.size());
      if (ZSTD_isError(n) || n != plain->size()) return {};
      cache.plain_ = std::move(plain);
      if (cache.shared_ != nullptr) cache.shared_->Insert(id_, ref.block, cache.plain_);
    }
    cache.store_ = id_;
    cache.block_ = ref.block;
  }
  return absl::string_view(*cache.plain_).substr(ref.offset, ref.size);
}

size_t TextStore::memory_bytes() const {
  return data_.capacity() + (starts_.capacity() + plain_sizes_.capacity()) * sizeof(uint32_t);
}

size_t TextStore::plain_bytes() const {
  size_t bytes = 0;
  for (uint32_t size : plain_sizes_) bytes += size;
  return bytes;
}

}  // namespace medbrief::content::search
