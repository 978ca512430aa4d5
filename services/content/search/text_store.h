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

#include "absl/strings/string_view.h"

namespace medbrief::content::search {

inline constexpr size_t kTextBlockBytes = 4 * 1024;

// Where one text lives: its block and its place in the block's plain text.
struct TextRef {
  uint32_t block = 0;
  uint32_t offset = 0;
  uint32_t size = 0;
};

class TextStore;

// The most recently decompressed block, reused by consecutive reads. Keep one
// per operation (a search, a merge) and thread, while the segments it reads
// are held.
class TextCache {
 private:
  friend class TextStore;
  const TextStore* store_ = nullptr;
  uint32_t block_ = 0;
  std::string plain_;
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

  std::string data_;               // the compressed blocks, back to back
  std::vector<uint32_t> starts_;   // block b is data_[starts_[b], starts_[b + 1])
  std::vector<uint32_t> plain_sizes_;
};

}  // namespace medbrief::content::search
