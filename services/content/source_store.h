#pragma once

// PostgreSQL storage of sources, their sections and passages, their versions,
// and the outbox of source events (schema `content`). libpqxx exceptions stop
// here and become statuses.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::content {

// A current passage with the source fields that search filters and shows.
struct IndexedPassage {
  v1::Passage passage;
  v1::SourceKind kind = v1::SOURCE_KIND_UNSPECIFIED;
  v1::SourceStatus status = v1::SOURCE_STATUS_UNSPECIFIED;
  std::string published_date;
  std::string source_title;
  int revision = 0;
};

enum class WriteKind { kCreated, kUpdated, kUnchanged };

struct WriteResult {
  WriteKind kind;
  v1::Source source;  // as stored now
  int revision = 0;
};

// An event with the source revision it produced and the store that wrote it.
struct StoredEvent {
  v1::SourceEvent event;
  int revision = 0;
  std::string origin;
};

struct SourcePage {
  std::vector<v1::Source> sources;
  std::string next_cursor;  // empty on the last page
};

class SourceStore {
 public:
  // Each store gets a random origin, recorded with the events it writes.
  explicit SourceStore(db::ConnectionPool& pool);

  const std::string& origin() const { return origin_; }

  // Creates the source, or updates it to a new revision when its content
  // hash differs from the stored one, or leaves it as it is. `source` has its
  // id set; `passages` are its passages with ids, in order. All or nothing.
  absl::StatusOr<WriteResult> Upsert(const v1::Source& source, const std::string& content_hash,
                                     const std::vector<v1::Passage>& passages);

  // Upsert of many sources (distinct external ids) in one transaction, new
  // ones written in bulk. With `read_back` each result holds the stored
  // source; otherwise only its id and status.
  struct Write {
    v1::Source source;
    std::string content_hash;
    std::vector<v1::Passage> passages;
  };
  absl::StatusOr<std::vector<WriteResult>> UpsertBatch(const std::vector<Write>& writes, bool read_back);

  absl::StatusOr<v1::Source> Get(absl::string_view id);

  // kind/status 0 mean any; `after_id` is the last id of the previous page.
  absl::StatusOr<SourcePage> List(v1::SourceKind kind, v1::SourceStatus status, absl::string_view after_id,
                                  int limit);

  // Changes the status when `etag` is the current one (ABORTED otherwise).
  absl::StatusOr<WriteResult> UpdateStatus(absl::string_view id, v1::SourceStatus status,
                                          absl::string_view superseded_by, absl::string_view reason,
                                          absl::string_view etag);

  absl::StatusOr<v1::Passage> GetPassage(absl::string_view id);

  absl::StatusOr<std::vector<StoredEvent>> EventsAfter(int64_t after_sequence, int limit);

  // Every current passage, a page at a time, in id order (index build).
  absl::Status ScanPassages(const std::function<void(IndexedPassage&&)>& visit, int page_size = 20000);

  // The current passages of one source (index update).
  absl::StatusOr<std::vector<IndexedPassage>> PassagesOf(absl::string_view source_id);

  // The newest event sequence (0 when there is none).
  absl::StatusOr<int64_t> LastSequence();

 private:
  db::ConnectionPool& pool_;
  const std::string origin_;
};

// The etag of a stored revision.
std::string EtagOf(int revision);

}  // namespace medbrief::content
