#include "services/content/content_service.h"

#include <malloc.h>
#include <openssl/evp.h>

#include <algorithm>
#include <deque>
#include <future>
#include <thread>
#include <utility>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/grpc/paging.h"
#include "common/status/macros.h"
#include "common/validation/fields.h"
#include "services/content/importers/importers.h"
#include "services/content/search/query.h"
#include "services/content/validate.h"

namespace medbrief::content {
namespace {

using validation::Invalid;

std::string Sha256Hex(absl::string_view data, size_t hex_digits) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), len)).substr(0, hex_digits);
}

absl::Status CheckId(absl::string_view field, absl::string_view id) {
  return validation::CheckText(field, id, 128, validation::Presence::kRequired);
}

std::vector<IndexedPassage> ForIndex(const v1::Source& source, int revision, const std::vector<v1::Passage>& passages) {
  std::vector<IndexedPassage> out;
  out.reserve(passages.size());
  for (const v1::Passage& p : passages) {
    out.push_back(IndexedPassage{p, source.kind(), source.status(), source.published_date(), source.title(), revision});
  }
  return out;
}

}  // namespace

std::string SourceIdFor(absl::string_view external_id) { return absl::StrCat("src_", Sha256Hex(external_id, 16)); }

std::vector<v1::Passage> PassagesOf(const v1::Source& source, const ChunkOptions& options) {
  std::vector<v1::Passage> passages;
  absl::flat_hash_map<std::string, int> seen;
  for (const v1::SourceSection& section : source.sections()) {
    for (std::string& text : SplitIntoPassages(section.text(), options)) {
      std::string id = absl::StrCat(source.id(), "_",
                                    Sha256Hex(absl::StrCat(section.code(), "\n", section.heading(), "\n", text), 12));
      if (const int n = ++seen[id]; n > 1) absl::StrAppend(&id, "-", n);
      v1::Passage p;
      p.set_id(std::move(id));
      p.set_source_id(source.id());
      p.set_section_heading(section.heading());
      p.set_section_code(section.code());
      p.set_ordinal(static_cast<int32_t>(passages.size()));
      p.set_text(std::move(text));
      passages.push_back(std::move(p));
    }
  }
  return passages;
}

std::string ContentHash(const v1::Source& source) {
  v1::Source copy = source;
  copy.clear_id();
  copy.clear_create_time();
  copy.clear_update_time();
  copy.clear_etag();
  copy.clear_status_reason();
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  copy.SerializeToCodedStream(&coded);
  coded.Trim();
  return Sha256Hex(bytes, 64);
}

ContentService::ContentService(SourceStore& store, search::SearchIndex& index, const text::Analyzer& analyzer,
                               const text::Abbreviations& abbreviations)
    : store_(store), index_(index), analyzer_(analyzer), abbreviations_(abbreviations) {}

absl::StatusOr<SourceStore::Write> ContentService::Prepare(v1::Source source) const {
  if (!source.id().empty()) return Invalid("source.id", "output only: ids are assigned by the server");
  RETURN_IF_ERROR(ValidateNewSource(source));
  if (source.status() == v1::SOURCE_STATUS_UNSPECIFIED) source.set_status(v1::CURRENT);
  source.clear_create_time();
  source.clear_update_time();
  source.clear_etag();
  source.clear_status_reason();
  source.set_id(SourceIdFor(source.external_id()));
  SourceStore::Write write;
  write.passages = PassagesOf(source);
  write.content_hash = ContentHash(source);
  write.source = std::move(source);
  return write;
}

absl::StatusOr<std::vector<WriteResult>> ContentService::Store(const std::vector<SourceStore::Write>& writes,
                                                               bool read_back, std::vector<IndexUpdate>& updates) {
  ASSIGN_OR_RETURN(std::vector<WriteResult> results, store_.UpsertBatch(writes, read_back));
  for (size_t i = 0; i < writes.size(); ++i) {
    if (results[i].kind == WriteKind::kUnchanged) continue;
    // The stored status may differ from the incoming one (a kept retraction).
    v1::Source source = writes[i].source;
    source.set_status(results[i].source.status());
    updates.push_back({source.id(), results[i].revision, ForIndex(source, results[i].revision, writes[i].passages)});
  }
  return results;
}

absl::StatusOr<std::vector<WriteResult>> ContentService::Commit(const std::vector<SourceStore::Write>& writes,
                                                                bool read_back) {
  std::vector<IndexUpdate> updates;
  ASSIGN_OR_RETURN(std::vector<WriteResult> results, Store(writes, read_back, updates));
  if (!updates.empty()) index_.ReplaceSources(std::move(updates));
  return results;
}

absl::StatusOr<WriteResult> ContentService::CreateSource(v1::Source source) {
  ASSIGN_OR_RETURN(SourceStore::Write write, Prepare(std::move(source)));
  ASSIGN_OR_RETURN(std::vector<WriteResult> results, Commit({std::move(write)}, true));
  return std::move(results.front());
}

absl::StatusOr<v1::Source> ContentService::GetSource(absl::string_view id) {
  RETURN_IF_ERROR(CheckId("id", id));
  return store_.Get(id);
}

absl::StatusOr<v1::ListSourcesResponse> ContentService::ListSources(const v1::ListSourcesRequest& request) {
  if (!v1::SourceKind_IsValid(request.kind())) return Invalid("kind", "unknown kind");
  if (!v1::SourceStatus_IsValid(request.status())) return Invalid("status", "unknown status");
  ASSIGN_OR_RETURN(const int page_size, grpcutil::PageSize(request.page_size()));
  const std::string list = absl::StrCat("sources/", request.kind(), "/", request.status());
  ASSIGN_OR_RETURN(const std::string after, grpcutil::DecodePageToken(list, request.page_token()));
  ASSIGN_OR_RETURN(SourcePage page, store_.List(request.kind(), request.status(), after, page_size));
  v1::ListSourcesResponse response;
  for (v1::Source& s : page.sources) *response.add_sources() = std::move(s);
  if (!page.next_cursor.empty()) response.set_next_page_token(grpcutil::EncodePageToken(list, page.next_cursor));
  return response;
}

absl::StatusOr<v1::Source> ContentService::UpdateSourceStatus(const v1::UpdateSourceStatusRequest& request) {
  RETURN_IF_ERROR(CheckId("id", request.id()));
  if (request.status() == v1::SOURCE_STATUS_UNSPECIFIED || !v1::SourceStatus_IsValid(request.status())) {
    return Invalid("status", "must be CURRENT, SUPERSEDED, RETRACTED or WITHDRAWN");
  }
  if (request.status() == v1::SUPERSEDED && request.superseded_by().empty()) {
    return Invalid("superseded_by", "required when status is SUPERSEDED");
  }
  if (request.status() != v1::SUPERSEDED && !request.superseded_by().empty()) {
    return Invalid("superseded_by", "only with status SUPERSEDED");
  }
  if (!request.superseded_by().empty()) RETURN_IF_ERROR(CheckId("superseded_by", request.superseded_by()));
  const bool needs_reason = request.status() == v1::RETRACTED || request.status() == v1::WITHDRAWN;
  RETURN_IF_ERROR(validation::CheckText("reason", request.reason(), 4000,
                                        needs_reason ? validation::Presence::kRequired
                                                     : validation::Presence::kOptional));
  RETURN_IF_ERROR(validation::CheckText("etag", request.etag(), 128, validation::Presence::kRequired));
  ASSIGN_OR_RETURN(WriteResult result, store_.UpdateStatus(request.id(), request.status(), request.superseded_by(),
                                                           request.reason(), request.etag()));
  RETURN_IF_ERROR(Reindex(request.id(), result.revision));
  return std::move(result.source);
}

absl::StatusOr<v1::Passage> ContentService::GetPassage(absl::string_view id) {
  RETURN_IF_ERROR(CheckId("id", id));
  return store_.GetPassage(id);
}

std::vector<search::QueryTerm> ContentService::QueryTerms(absl::string_view query) const {
  return search::BuildQuery(query, analyzer_, abbreviations_);
}

absl::StatusOr<v1::SearchResponse> ContentService::Search(const v1::SearchRequest& request) const {
  const absl::Time start = absl::Now();
  RETURN_IF_ERROR(validation::CheckText("query", request.query(), 1000, validation::Presence::kRequired));
  RETURN_IF_ERROR(validation::CheckCount("kinds", static_cast<size_t>(request.kinds_size()), 3));
  search::Filter filter;
  for (int kind : request.kinds()) {
    if (kind == v1::SOURCE_KIND_UNSPECIFIED || !v1::SourceKind_IsValid(kind)) {
      return Invalid("kinds", "each must be GUIDELINE, DRUG_LABEL or RESEARCH");
    }
    filter.kinds_mask |= 1u << kind;
  }
  if (request.top_k() < 0 || request.top_k() > 100) return Invalid("top_k", "must be from 1 to 100 (0 means 10)");
  const int top_k = request.top_k() == 0 ? 10 : request.top_k();
  if (!request.published_after().empty()) {
    if (!IsPartialDate(request.published_after())) {
      return Invalid("published_after", "expected YYYY, YYYY-MM or YYYY-MM-DD");
    }
    filter.published_after = search::DateKey(request.published_after());
  }
  filter.include_inactive = request.include_inactive();

  v1::SearchResponse response;
  for (search::ScoredPassage& hit : index_.Search(QueryTerms(request.query()), filter, top_k)) {
    v1::Hit* out = response.add_hits();
    out->set_source_id(hit.passage.passage.source_id());
    out->set_kind(hit.passage.kind);
    out->set_score(hit.score);
    out->set_source_title(std::move(hit.passage.source_title));
    out->set_published_date(std::move(hit.passage.published_date));
    out->set_source_status(hit.passage.status);
    *out->mutable_passage() = std::move(hit.passage.passage);
  }
  response.set_took_micros(absl::ToInt64Microseconds(absl::Now() - start));
  return response;
}

absl::StatusOr<int64_t> ContentService::LoadIndex() {
  // Events after this sequence are applied on top of the scan; applying one
  // twice is harmless (the index keeps the newest revision of each source).
  ASSIGN_OR_RETURN(const int64_t sequence, store_.LastSequence());
  // Segments are analysed on worker threads while the scan reads on.
  const size_t workers = std::max(1u, std::thread::hardware_concurrency());
  std::deque<std::future<void>> building;
  std::vector<IndexedPassage> batch;
  constexpr size_t kBatch = 50000;
  const auto launch = [&] {
    if (building.size() >= workers) {
      building.front().get();
      building.pop_front();
    }
    building.push_back(std::async(std::launch::async,
                                  [this, passages = std::exchange(batch, {})]() mutable {
                                    index_.AddBatch(std::move(passages));
                                  }));
  };
  const absl::Status scanned = store_.ScanPassages([&](IndexedPassage&& p) {
    batch.push_back(std::move(p));
    if (batch.size() == kBatch) launch();
  });
  if (scanned.ok() && !batch.empty()) launch();
  for (auto& f : building) f.get();
  RETURN_IF_ERROR(scanned);
  index_.Publish();
  // The scan's pages and the pre-merge segments are freed: give the memory
  // back to the system rather than keep it in the allocator's free lists.
  malloc_trim(0);
  return sequence;
}

absl::Status ContentService::Reindex(const std::string& source_id, int revision) {
  if (index_.RevisionOf(source_id) >= revision) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<IndexedPassage> passages, store_.PassagesOf(source_id));
  // The passages carry the revision they were read at, which may be newer.
  const int current = passages.empty() ? revision : std::max(revision, passages.front().revision);
  index_.ReplaceSource(source_id, current, std::move(passages));
  return absl::OkStatus();
}

absl::Status ContentService::Apply(const StoredEvent& event) {
  // This replica's own writes are in its index already (or queued for it by
  // an import); others' are read back.
  if (event.origin == store_.origin()) return absl::OkStatus();
  return Reindex(event.event.source_id(), event.revision);
}

namespace {

void Count(WriteKind kind, v1::ImportSummary& summary) {
  switch (kind) {
    case WriteKind::kCreated: summary.set_created(summary.created() + 1); break;
    case WriteKind::kUpdated: summary.set_updated(summary.updated() + 1); break;
    case WriteKind::kUnchanged: summary.set_unchanged(summary.unchanged() + 1); break;
  }
}

// A bad item is counted and listed; anything else (the database failing)
// ends the stream: nothing is lost, the client retries, imports are idempotent.
absl::Status Fail(const std::string& item, const absl::Status& status, v1::ImportSummary& summary) {
  if (status.code() != absl::StatusCode::kInvalidArgument && status.code() != absl::StatusCode::kFailedPrecondition &&
      status.code() != absl::StatusCode::kAlreadyExists) {
    return status;
  }
  summary.set_failed(summary.failed() + 1);
  if (summary.errors_size() < kMaxListedImportErrors) {
    v1::ImportError* error = summary.add_errors();
    error->set_item(item);
    error->set_message(std::string(status.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ContentService::Import::Write(const std::string& item, absl::StatusOr<v1::Source> source) {
  if (!source.ok()) return Fail(item, source.status(), summary_);
  absl::StatusOr<SourceStore::Write> write = service_.Prepare(*std::move(source));
  if (!write.ok()) return Fail(item, write.status(), summary_);
  // One transaction holds each external id once.
  if (pending_external_ids_.contains(write->source.external_id())) RETURN_IF_ERROR(Flush());
  pending_external_ids_.insert(write->source.external_id());
  pending_passages_ += write->passages.size();
  pending_items_.push_back(item);
  pending_.push_back(*std::move(write));
  constexpr size_t kMaxSources = 500;
  constexpr size_t kMaxPassages = 5000;
  if (pending_.size() >= kMaxSources || pending_passages_ >= kMaxPassages) return Flush();
  return absl::OkStatus();
}

ContentService::Import::Outcome ContentService::Import::CommitBatch(std::vector<SourceStore::Write> writes,
                                                                    std::vector<std::string> items) {
  Outcome outcome;
  std::vector<IndexUpdate> updates;
  absl::StatusOr<std::vector<WriteResult>> results = service_.Store(writes, false, updates);
  if (results.ok()) {
    for (const WriteResult& result : *results) Count(result.kind, outcome.counts);
    Index(std::move(updates));
    return outcome;
  }
  if (results.status().code() != absl::StatusCode::kFailedPrecondition &&
      results.status().code() != absl::StatusCode::kInvalidArgument) {
    outcome.status = results.status();
    return outcome;
  }
  // One item spoiled the batch: write them one by one to tell which.
  for (size_t i = 0; i < writes.size() && outcome.status.ok(); ++i) {
    absl::StatusOr<std::vector<WriteResult>> one = service_.Store({writes[i]}, false, updates);
    if (one.ok()) {
      Count(one->front().kind, outcome.counts);
    } else {
      outcome.status = Fail(items[i], one.status(), outcome.counts);
    }
  }
  Index(std::move(updates));
  return outcome;
}

void ContentService::Import::Index(std::vector<IndexUpdate> updates) {
  // Updates gather until they make a segment worth building (fewer, larger
  // segments: less merging); a source written twice keeps its newest update.
  for (IndexUpdate& update : updates) {
    auto [it, added] = index_pending_at_.try_emplace(update.source_id, index_pending_.size());
    index_pending_passages_ += update.passages.size();
    if (added) {
      index_pending_.push_back(std::move(update));
    } else if (update.revision >= index_pending_[it->second].revision) {
      index_pending_[it->second] = std::move(update);
    }
  }
  constexpr size_t kIndexBatchPassages = 5000;
  if (index_pending_passages_ >= kIndexBatchPassages) SubmitIndex();
}

void ContentService::Import::SubmitIndex() {
  if (index_pending_.empty()) return;
  // At most one batch waits for the index: memory stays bounded.
  if (indexed_.valid()) indexed_.get();
  indexed_ = indexer_.Submit([&index = service_.index_, updates = std::exchange(index_pending_, {})]() mutable {
    index.ReplaceSources(std::move(updates));
  });
  index_pending_at_.clear();
  index_pending_passages_ = 0;
}

absl::Status ContentService::Import::Join() {
  if (!writing_.valid()) return absl::OkStatus();
  Outcome outcome = writing_.get();
  summary_.set_created(summary_.created() + outcome.counts.created());
  summary_.set_updated(summary_.updated() + outcome.counts.updated());
  summary_.set_unchanged(summary_.unchanged() + outcome.counts.unchanged());
  summary_.set_failed(summary_.failed() + outcome.counts.failed());
  for (auto& error : *outcome.counts.mutable_errors()) {
    if (summary_.errors_size() < kMaxListedImportErrors) *summary_.add_errors() = std::move(error);
  }
  return outcome.status;
}

absl::Status ContentService::Import::Flush() {
  if (pending_.empty()) return absl::OkStatus();
  // One batch is written while the next is parsed: wait for the previous.
  RETURN_IF_ERROR(Join());
  pending_external_ids_.clear();
  pending_passages_ = 0;
  writing_ = writer_.Submit([this, writes = std::exchange(pending_, {}),
                             items = std::exchange(pending_items_, {})]() mutable {
    return CommitBatch(std::move(writes), std::move(items));
  });
  return absl::OkStatus();
}

absl::Status ContentService::Import::Finish() {
  const absl::Status flushed = Flush();
  const absl::Status drained = Drain();
  return flushed.ok() ? drained : flushed;
}

absl::Status ContentService::Import::Drain() {
  absl::Status status = Join();
  // The import's sources are searchable when it returns. (The writer thread
  // is idle now: its index batch is this thread's to finish.)
  SubmitIndex();
  if (indexed_.valid()) indexed_.get();
  return status;
}

ContentService::Import::~Import() { Drain().IgnoreError(); }

absl::Status ContentService::Import::Add(const v1::ImportSourcesRequest& request) {
  ++messages_;
  if (messages_ == 1) {
    if (request.format() == v1::IMPORT_FORMAT_UNSPECIFIED || !v1::ImportFormat_IsValid(request.format())) {
      return Invalid("format", "must be JSONL, SPL_XML, NGC_XML or PUBMED_XML on the first message");
    }
    format_ = request.format();
  } else if (request.format() != v1::IMPORT_FORMAT_UNSPECIFIED && request.format() != format_) {
    return Invalid("format", "one stream carries one format");
  }
  if (request.payload().size() > kMaxImportPayloadBytes) {
    return Invalid("payload", absl::StrCat("at most ", kMaxImportPayloadBytes, " bytes per message"));
  }
  RETURN_IF_ERROR(validation::CheckText("name", request.name(), kMaxImportNameChars));
  const std::string message_item =
      request.name().empty() ? absl::StrCat("#", messages_) : absl::StrCat(request.name(), " (#", messages_, ")");
  switch (format_) {
    case v1::JSONL: {
      const std::vector<importers::ParsedItem> items = importers::ParseJsonl(request.payload(), jsonl_lines_ + 1);
      jsonl_lines_ += static_cast<int>(std::count(request.payload().begin(), request.payload().end(), '\n'));
      if (!request.payload().empty() && request.payload().back() != '\n') ++jsonl_lines_;
      for (const importers::ParsedItem& item : items) RETURN_IF_ERROR(Write(item.item, item.source));
      return absl::OkStatus();
    }
    case v1::SPL_XML:
    case v1::NGC_XML: {  // one document per message
      auto source = format_ == v1::SPL_XML ? importers::ParseSplXml(request.payload())
                                           : importers::ParseNgcXml(request.payload(), request.name());
      return Write(source.ok() ? source->external_id() : message_item, std::move(source));
    }
    case v1::PUBMED_XML: {
      absl::StatusOr<std::vector<importers::ParsedItem>> items = importers::ParsePubmedXml(request.payload());
      if (!items.ok()) return Write(message_item, items.status());
      for (const importers::ParsedItem& item : *items) RETURN_IF_ERROR(Write(item.item, item.source));
      return absl::OkStatus();
    }
    default:
      return Invalid("format", "unknown format");
  }
}

}  // namespace medbrief::content
