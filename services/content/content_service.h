#pragma once

// The content service's logic, apart from gRPC: validation, ids, passages,
// storage, the search index and imports. content_grpc.cc only translates.

#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/concurrency/serial_executor.h"
#include "common/text/abbreviations.h"
#include "common/text/analyzer.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/content/chunker.h"
#include "services/content/search/index.h"
#include "services/content/source_store.h"

namespace medbrief::content {

inline constexpr size_t kMaxImportPayloadBytes = 16 << 20;
inline constexpr size_t kMaxImportNameChars = 256;
inline constexpr int kMaxListedImportErrors = 1000;

class ContentService {
 public:
  using IndexUpdate = search::SearchIndex::SourceUpdate;

  ContentService(SourceStore& store, search::SearchIndex& index, const text::Analyzer& analyzer,
                 const text::Abbreviations& abbreviations);

  absl::StatusOr<WriteResult> CreateSource(v1::Source source);
  absl::StatusOr<v1::Source> GetSource(absl::string_view id);
  absl::StatusOr<v1::ListSourcesResponse> ListSources(const v1::ListSourcesRequest& request);
  absl::StatusOr<v1::Source> UpdateSourceStatus(const v1::UpdateSourceStatusRequest& request);
  absl::StatusOr<v1::Passage> GetPassage(absl::string_view id);
  absl::StatusOr<v1::SearchResponse> Search(const v1::SearchRequest& request) const;

  // The analysed, expanded terms of a query (exposed for tests and tools).
  std::vector<search::QueryTerm> QueryTerms(absl::string_view query) const;

  // Fills the index from PostgreSQL; returns the event sequence the index is
  // current with (follow events after it).
  absl::StatusOr<int64_t> LoadIndex();

  // Brings the index up to date with one source event (from any replica).
  absl::Status Apply(const StoredEvent& event);

  // One ImportSources stream.
  class Import {
   public:
    explicit Import(ContentService& service) : service_(service) {}
    // Drain()s: whatever ended the stream, what was stored is searchable.
    ~Import();
    Import(const Import&) = delete;
    Import& operator=(const Import&) = delete;
    // Handles one stream message. A non-OK status ends the stream: a bad
    // request (format, payload size) or the database being unavailable.
    absl::Status Add(const v1::ImportSourcesRequest& request);
    // Writes what is still buffered; call at the end of the stream.
    absl::Status Finish();
    // Waits for the batch being stored and indexes every stored batch; what
    // is still buffered is dropped (never stored). For a stream that ends
    // early (an error, a cancel): the sources stored so far must not stay
    // out of the index, since no event of this replica's own will bring
    // them in. Blocks: not on a gRPC callback thread. Idempotent.
    absl::Status Drain();
    const v1::ImportSummary& summary() const { return summary_; }

   private:
    // What one batch's transaction did, merged into the summary on this
    // thread once the batch (written on another) is done.
    struct Outcome {
      absl::Status status;  // non-OK ends the stream
      v1::ImportSummary counts;
    };
    absl::Status Write(const std::string& item, absl::StatusOr<v1::Source> source);
    absl::Status Flush();
    absl::Status Join();
    // On writer_: stores a batch, then hands its index update to indexer_.
    Outcome CommitBatch(std::vector<SourceStore::Write> writes, std::vector<std::string> items);
    void Index(std::vector<IndexUpdate> updates);
    void SubmitIndex();

    ContentService& service_;
    v1::ImportSummary summary_;
    // A three-stage pipeline on threads that live as long as the import:
    // this thread parses batch n+2 while writer_ stores batch n+1 and
    // indexer_ adds batch n to the search index. indexed_ and index_pending*
    // are touched only by writer_ tasks and, once they are done, by Finish.
    concurrency::SerialExecutor indexer_{"import-index"};
    std::future<void> indexed_;
    std::vector<IndexUpdate> index_pending_;  // gathered for the next index batch
    absl::flat_hash_map<std::string, size_t> index_pending_at_;  // source id -> its update in index_pending_
    size_t index_pending_passages_ = 0;
    concurrency::SerialExecutor writer_{"import-write"};  // after indexer_: its tasks use indexer_
    std::future<Outcome> writing_;
    // Sources written together in one transaction (bulk inserts).
    std::vector<std::string> pending_items_;
    std::vector<SourceStore::Write> pending_;
    absl::flat_hash_set<std::string> pending_external_ids_;
    size_t pending_passages_ = 0;
    v1::ImportFormat format_ = v1::IMPORT_FORMAT_UNSPECIFIED;
    int messages_ = 0;
    int jsonl_lines_ = 0;
  };

 private:
  // Validates a new source and derives its id, passages and content hash.
  absl::StatusOr<SourceStore::Write> Prepare(v1::Source source) const;
  // Stores the writes in one transaction; appends the index updates they need.
  absl::StatusOr<std::vector<WriteResult>> Store(const std::vector<SourceStore::Write>& writes, bool read_back,
                                                 std::vector<IndexUpdate>& updates);
  // Store, then update the index.
  absl::StatusOr<std::vector<WriteResult>> Commit(const std::vector<SourceStore::Write>& writes, bool read_back);
  absl::Status Reindex(const std::string& source_id, int revision);

  SourceStore& store_;
  search::SearchIndex& index_;
  const text::Analyzer& analyzer_;
  const text::Abbreviations& abbreviations_;
};

// "src_" + 16 hex digits of SHA-256(external_id): stable across replicas and re-imports.
std::string SourceIdFor(absl::string_view external_id);

// The passages of a source with deterministic ids: "<source id>_" + 12 hex
// digits of SHA-256 of section code, heading and text (a repeat gets "-2"...).
std::vector<v1::Passage> PassagesOf(const v1::Source& source, const ChunkOptions& options = {});

// SHA-256 of what CreateSource compares: the source without server fields.
std::string ContentHash(const v1::Source& source);

}  // namespace medbrief::content
