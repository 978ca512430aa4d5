#pragma once

// The in-memory BM25 index over current passages.
//
// Readers take an immutable snapshot (a list of segments and their deletion
// sets) and search it without locks, so a search never waits behind a write.
// The single writer builds new segments and deletion sets beside the live
// ones and publishes a new snapshot. Scoring is Okapi BM25 (Lucene's idf) with
// title and heading tokens weighted; top-k uses MaxScore dynamic pruning, so
// most postings of frequent terms are skipped rather than scored.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/synchronization/mutex.h"
#include "services/content/search/segment.h"
#include "services/content/source_store.h"

namespace medbrief::content::search {

struct Bm25 {
  double k1 = 0.9;
  double b = 0.4;
};

struct IndexOptions {
  Bm25 bm25;
  FieldWeights weights;
  uint32_t merge_factor = 8;  // this many segments of one size tier merge into one
};

struct QueryTerm {
  std::string term;  // an analysed term
  float weight = 1;  // query-side weight (repeats and expansions)
};

struct Filter {
  uint32_t kinds_mask = 0;       // bit (1 << kind); 0 means every kind
  bool include_inactive = false;  // else CURRENT sources only
  int32_t published_after = 0;   // DateKey; 0 means no date filter
};

struct ScoredPassage {
  double score;
  IndexedPassage passage;
};

struct IndexStats {
  uint64_t docs = 0;
  size_t segments = 0;
  size_t memory_bytes = 0;  // segments, deletions and the per-source map
  size_t text_bytes = 0;    // the passage text held, uncompressed (deleted passages included)
};

class SearchIndex {
 public:
  SearchIndex(const text::Analyzer& analyzer, IndexOptions options = {});

  // Replaces everything with `passages` (start-up build). Batches may be
  // added with AddBatch and then Publish()ed, to keep memory bounded.
  void AddBatch(std::vector<IndexedPassage> passages);
  void Publish();

  // The passages of `source_id` become `passages` (none: the source leaves
  // the index), unless the index already holds a newer revision of it.
  void ReplaceSource(const std::string& source_id, int revision, std::vector<IndexedPassage> passages);

  // Many ReplaceSource at once (one new segment, one snapshot): imports.
  struct SourceUpdate {
    std::string source_id;
    int revision;
    std::vector<IndexedPassage> passages;
  };
  void ReplaceSources(std::vector<SourceUpdate> updates);

  // The revision of a source in the index, 0 when absent.
  int RevisionOf(const std::string& source_id) const;

  // The best `top_k` passages for the terms that pass the filter, best first;
  // equal scores are ordered by passage id.
  std::vector<ScoredPassage> Search(const std::vector<QueryTerm>& terms, const Filter& filter, int top_k) const;

  IndexStats Stats() const;

 private:
  struct Deletions {
    std::vector<bool> deleted;
    uint32_t count = 0;
    uint64_t length = 0;
    absl::flat_hash_map<std::string, uint32_t> df;  // postings of deleted docs, per term
  };
  struct SegmentState {
    std::shared_ptr<const Segment> segment;
    std::shared_ptr<const Deletions> deletions;  // null: none deleted
  };
  struct Snapshot {
    std::vector<SegmentState> segments;
    uint64_t live_docs = 0;
    uint64_t live_length = 0;
  };
  struct Location {
    const Segment* segment;
    uint32_t doc;
  };
  // Live docs only; most sources have one passage, held inline.
  using Locations = absl::InlinedVector<Location, 1>;
  struct SourceEntry {
    int revision = 0;
    Locations locations;
  };

  std::shared_ptr<const Snapshot> Current() const;
  void Install(std::shared_ptr<const Snapshot> snapshot);
  void AddSegmentLocked(Snapshot& next, std::shared_ptr<const Segment> segment) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  void DeleteLocked(Snapshot& next, const Locations& locations) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  void MergeLocked(Snapshot& next) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  void IndexLocations(const Segment* segment) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);

  const text::Analyzer& analyzer_;
  const IndexOptions options_;

  mutable absl::Mutex snapshot_mu_;
  std::shared_ptr<const Snapshot> snapshot_ ABSL_GUARDED_BY(snapshot_mu_);

  mutable absl::Mutex write_mu_;
  absl::flat_hash_map<std::string, SourceEntry> sources_ ABSL_GUARDED_BY(write_mu_);
  std::vector<std::shared_ptr<const Segment>> pending_ ABSL_GUARDED_BY(write_mu_);  // AddBatch before Publish
};

}  // namespace medbrief::content::search
