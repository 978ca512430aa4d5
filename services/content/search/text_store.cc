#include "services/content/search/text_store.h"

#include <zstd.h>

#include <memory>

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

}  // namespace

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
  data_.clear();
  starts_.assign(1, 0);
  plain_sizes_.clear();
  return store;
}

absl::string_view TextStore::Get(TextRef ref, TextCache& cache) const {
  if (ref.size == 0 || ref.block >= blocks()) return {};
  if (cache.store_ != this || cache.block_ != ref.block) {
    cache.plain_.resize(plain_sizes_[ref.block]);
    const absl::string_view compressed = Compressed(ref.block);
    const size_t n = ZSTD_decompressDCtx(ThreadDContext(), cache.plain_.data(), cache.plain_.size(),
                                         compressed.data(), compressed.size());
    if (ZSTD_isError(n) || n != cache.plain_.size()) {
      cache.store_ = nullptr;
      return {};
    }
    cache.store_ = this;
    cache.block_ = ref.block;
  }
  return absl::string_view(cache.plain_).substr(ref.offset, ref.size);
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
