#pragma once

// An immutable slice of the search index: postings for a set of passages,
// their lengths and filter fields, and their stored text. Segments are built
// once (from passages, or by merging segments) and never change; deletions
// live beside them in the index snapshot.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/text/analyzer.h"
#include "services/content/search/text_store.h"
#include "services/content/source_store.h"

namespace medbrief::content::search {

struct FieldWeights {
  int title = 2;    // each title token counts this many times
  int heading = 2;  // each section heading token counts this many times
};

// Postings in blocks of kBlockSize. Each block keeps its last doc id, its
// largest tf and its shortest doc, which bound the BM25 score of any posting
// in it whatever the collection statistics: search skips whole blocks that
// cannot reach the current top-k threshold.
inline constexpr uint32_t kBlockSize = 64;

struct PostingList {
  std::vector<uint32_t> docs;  // ascending local doc ids
  std::vector<uint8_t> tfs;    // weighted term frequency, capped at 255
  uint8_t max_tf = 0;
  uint16_t min_length = UINT16_MAX;  // shortest doc in the list (for score bounds)
  std::vector<uint32_t> block_last;  // per block: last doc id
  std::vector<uint8_t> block_max_tf;
  std::vector<uint16_t> block_min_length;

  // Fills the block fields from docs and tfs; `length` gives a doc's length.
  template <typename LengthOf>
  void Seal(const LengthOf& length) {
    const size_t blocks = (docs.size() + kBlockSize - 1) / kBlockSize;
    block_last.resize(blocks);
    block_max_tf.assign(blocks, 0);
    block_min_length.assign(blocks, UINT16_MAX);
    for (size_t i = 0; i < docs.size(); ++i) {
      const size_t b = i / kBlockSize;
      block_last[b] = docs[i];
      if (tfs[i] > block_max_tf[b]) block_max_tf[b] = tfs[i];
      const uint16_t len = length(docs[i]);
      if (len < block_min_length[b]) block_min_length[b] = len;
    }
    docs.shrink_to_fit();
    tfs.shrink_to_fit();
  }
};

// What search filters on and shows, per passage.
struct DocInfo {
  uint16_t length;  // weighted token count, capped at 65,535
  uint8_t kind;
  uint8_t status;
  int32_t published;  // yyyymmdd with missing parts as 01; 0 when unknown
  uint32_t source;    // index into Segment::sources
  int32_t ordinal;
  TextRef text;                                  // in the segment's compressed texts
  uint32_t id_begin, heading_begin, code_begin;  // offsets into the arena
  uint16_t id_size, heading_size, code_size;
};

// A source of the segment's passages; its strings live in the arena.
struct SourceInfo {
  uint32_t id_begin, title_begin, date_begin;
  uint16_t id_size, title_size;
  uint8_t date_size;
  int32_t revision;
};

class Segment {
 public:
  static std::shared_ptr<const Segment> Build(std::vector<IndexedPassage> passages, const text::Analyzer& analyzer,
                                              const FieldWeights& weights);

  // The docs of `parts` that are not deleted, in one segment,
  // without analysing text again.
  struct Part {
    const Segment* segment;
    const std::vector<bool>* deleted;  // may be null: nothing deleted
  };
  static std::shared_ptr<const Segment> Merge(const std::vector<Part>& parts);

  uint32_t size() const { return static_cast<uint32_t>(docs_.size()); }
  const DocInfo& doc(uint32_t d) const { return docs_[d]; }
  // The fields every scored candidate reads, in small dense arrays (2 and 1
  // bytes a doc) that stay in cache, unlike DocInfo.
  uint16_t length(uint32_t d) const { return lengths_[d]; }
  uint8_t kind(uint32_t d) const { return kind_status_[d] & 0x0F; }
  uint8_t status(uint32_t d) const { return kind_status_[d] >> 4; }
  // The first doc at or after `d` whose kind is in `kinds_mask` (bit
  // 1 << kind); UINT32_MAX when none. Lets a search filtered to a rare kind
  // jump over the docs of the others instead of reading their postings.
  uint32_t NextOfKinds(uint32_t d, uint32_t kinds_mask) const;
  absl::string_view SourceTitle(uint32_t s) const { return Slice(sources_[s].title_begin, sources_[s].title_size); }
  absl::string_view SourceDate(uint32_t s) const { return Slice(sources_[s].date_begin, sources_[s].date_size); }
  int SourceRevision(uint32_t s) const { return sources_[s].revision; }
  const PostingList* Postings(absl::string_view term) const;
  uint64_t total_length() const { return total_length_; }
  // Worked out once, when the segment is sealed (it never changes after).
  size_t memory_bytes() const { return memory_bytes_; }

  // The passage text; valid until `cache` reads another block.
  absl::string_view Text(uint32_t d, TextCache& cache) const { return texts_.Get(docs_[d].text, cache); }
  size_t text_bytes() const { return text_bytes_; }
  absl::string_view PassageId(uint32_t d) const { return Slice(docs_[d].id_begin, docs_[d].id_size); }
  absl::string_view Heading(uint32_t d) const { return Slice(docs_[d].heading_begin, docs_[d].heading_size); }
  absl::string_view Code(uint32_t d) const { return Slice(docs_[d].code_begin, docs_[d].code_size); }
  absl::string_view SourceId(uint32_t d) const {
    const SourceInfo& s = sources_[docs_[d].source];
    return Slice(s.id_begin, s.id_size);
  }

 private:
  absl::string_view Slice(uint32_t begin, uint32_t size) const { return absl::string_view(arena_).substr(begin, size); }
  uint32_t Store(absl::string_view s);
  uint32_t AddSource(absl::string_view id, absl::string_view title, absl::string_view date, int revision);
  // Seals the postings and works out the sizes; the last step of Build
  // and Merge.
  void SealPostings();
  size_t MemoryBytes() const;

  absl::flat_hash_map<std::string, PostingList> postings_;
  std::vector<DocInfo> docs_;
  std::vector<uint16_t> lengths_;
  std::vector<uint8_t> kind_status_;
  std::vector<std::vector<uint32_t>> docs_of_kind_;  // [kind]: its docs, ascending
  std::vector<SourceInfo> sources_;
  std::string arena_;  // ids, headings, codes, source titles and dates
  TextStore texts_;
  uint64_t total_length_ = 0;
  size_t memory_bytes_ = 0;
  size_t text_bytes_ = 0;
};

// The weighted term frequencies of one passage: body tokens once, title and
// heading tokens `weights` times each. Its length is their sum.
struct DocTerms {
  absl::flat_hash_map<std::string, uint32_t> tf;
  uint32_t length = 0;
  std::vector<std::string> scratch;  // one field's terms, reused
};
DocTerms AnalyzeDoc(absl::string_view title, absl::string_view heading, absl::string_view text,
                    const text::Analyzer& analyzer, const FieldWeights& weights);
// The same into `doc`, reusing its memory (many docs in a row).
void AnalyzeDoc(absl::string_view title, absl::string_view heading, absl::string_view text,
                const text::Analyzer& analyzer, const FieldWeights& weights, DocTerms* doc);

// "2020" -> 20200101, "2020-06" -> 20200601, "2020-06-15" -> 20200615, else 0.
int32_t DateKey(absl::string_view date);

}  // namespace medbrief::content::search
