#include "services/content/source_store.h"

#include <openssl/rand.h>
#include <pqxx/pqxx>

#include <cstring>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/db/arrays.h"
#include "common/db/errors.h"
#include "common/db/timestamps.h"
#include "common/status/macros.h"
#include "services/content/sql.h"

namespace medbrief::content {
namespace {

using db::ParseTextArray;
using db::IntArrayLiteral;
using db::TextArrayLiteral;

std::vector<std::string> ToVector(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return {values.begin(), values.end()};
}

// The columns of sql::kSourceColumns, without sections.
v1::Source SourceFromRow(const pqxx::row& r) {
  v1::Source s;
  s.set_id(r[0].as<std::string>());
  s.set_external_id(r[1].as<std::string>());
  s.set_kind(static_cast<v1::SourceKind>(r[2].as<int>()));
  s.set_title(r[3].as<std::string>());
  s.set_issuer(r[4].as<std::string>());
  for (auto& a : ParseTextArray(r[5])) s.add_authors(std::move(a));
  s.set_published_date(r[6].as<std::string>());
  s.mutable_identifiers()->set_doi(r[7].as<std::string>());
  s.mutable_identifiers()->set_pmid(r[8].as<std::string>());
  s.mutable_identifiers()->set_spl_set_id(r[9].as<std::string>());
  s.mutable_identifiers()->set_url(r[10].as<std::string>());
  s.set_version(r[11].as<std::string>());
  s.set_status(static_cast<v1::SourceStatus>(r[12].as<int>()));
  s.set_superseded_by(r[13].as<std::string>());
  s.set_status_reason(r[14].as<std::string>());
  s.set_evidence_level(r[15].as<std::string>());
  s.set_journal(r[16].as<std::string>(""));
  s.set_volume(r[17].as<std::string>(""));
  s.set_issue(r[18].as<std::string>(""));
  s.set_pages(r[19].as<std::string>(""));
  s.set_manufacturer(r[20].as<std::string>(""));
  for (auto& m : ParseTextArray(r[21])) s.add_mesh_terms(std::move(m));
  for (auto& p : ParseTextArray(r[22])) s.add_publication_types(std::move(p));
  s.set_etag(EtagOf(r[23].as<int>()));
  db::SetTimestamp(r[24].as<double>(), s.mutable_create_time());
  db::SetTimestamp(r[25].as<double>(), s.mutable_update_time());
  return s;
}

// Reads the sections of `sources` (all from one query) into them, from
// each one's newest version snapshot.
void AttachSections(pqxx::transaction_base& tx, std::vector<v1::Source>& sources) {
  if (sources.empty()) return;
  std::vector<std::string> ids;
  for (const auto& s : sources) ids.push_back(s.id());
  absl::flat_hash_map<std::string, v1::Source*> by_id;
  for (auto& s : sources) by_id[s.id()] = &s;
  for (const auto& row : tx.exec_params(sql::kNewestVersionsOf, TextArrayLiteral(ids))) {
    const pqxx::binarystring body(row[1]);
    v1::Source snapshot;
    if (!snapshot.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      throw std::runtime_error(absl::StrCat("source_versions of ", row[0].as<std::string>(), " is unreadable"));
    }
    *by_id.at(row[0].as<std::string>())->mutable_sections() = std::move(*snapshot.mutable_sections());
  }
}

absl::StatusOr<v1::Source> ReadSource(pqxx::transaction_base& tx, absl::string_view id, const char* where) {
  const pqxx::result rows = tx.exec_params(std::string(sql::kSourceColumns) + where, std::string(id));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("source ", id, " not found"));
  std::vector<v1::Source> sources = {SourceFromRow(rows[0])};
  AttachSections(tx, sources);
  return std::move(sources[0]);
}

// The parameters of kUpdateSource, bound in order.
pqxx::result WriteSourceRow(pqxx::transaction_base& tx, const char* query, const v1::Source& s,
                            const std::string& hash) {
  const auto& ids = s.identifiers();
  return tx.exec_params(query, s.id(), s.external_id(), static_cast<int>(s.kind()), s.title(), s.issuer(),
                        TextArrayLiteral(ToVector(s.authors())), s.published_date(), ids.doi(), ids.pmid(),
                        ids.spl_set_id(), ids.url(), s.version(), static_cast<int>(s.status()), s.evidence_level(),
                        s.journal(), s.volume(), s.issue(), s.pages(), s.manufacturer(),
                        TextArrayLiteral(ToVector(s.mesh_terms())), TextArrayLiteral(ToVector(s.publication_types())),
                        hash);
}

// The bytes kept in source_versions: the source without server timestamps.
std::string Snapshot(const v1::Source& source) {
  // Sources being written come without them: no copy needed.
  if (!source.has_create_time() && !source.has_update_time() && source.etag().empty()) {
    return source.SerializeAsString();
  }
  v1::Source snapshot = source;
  snapshot.clear_create_time();
  snapshot.clear_update_time();
  snapshot.clear_etag();
  return snapshot.SerializeAsString();
}

// A source's content as written: its passages and a version snapshot.
struct Content {
  const v1::Source* source;
  int revision;
  const std::vector<v1::Passage>* passages;
};

// Writes passages (but those in `skip`) and version snapshots with COPY.
void CopyContent(pqxx::transaction_base& tx, const std::vector<Content>& contents,
                 const absl::flat_hash_set<std::string>& skip = {}) {
  {
    pqxx::stream_to copy(tx, "passages", std::begin(sql::kPassageCopyColumns), std::end(sql::kPassageCopyColumns));
    for (const Content& c : contents) {
      for (const v1::Passage& p : *c.passages) {
        if (skip.contains(p.id())) continue;
        copy << std::forward_as_tuple(p.id(), c.source->id(), p.section_heading(), p.section_code(), p.ordinal(), p.text(),
                         c.revision);
      }
    }
    copy.complete();
  }
  pqxx::stream_to copy(tx, "source_versions", std::begin(sql::kVersionCopyColumns),
                       std::end(sql::kVersionCopyColumns));
  for (const Content& c : contents) {
    copy << std::make_tuple(c.source->id(), c.revision, "\\x" + absl::BytesToHexString(Snapshot(*c.source)));
  }
  copy.complete();
}

// A changed source's content becomes current; the passages of older versions
// stay, not current, and one that the new version contains again is revived.
void WriteContent(pqxx::transaction_base& tx, const v1::Source& source, int revision,
                  const std::vector<v1::Passage>& passages) {
  tx.exec_params(sql::kRetirePassages, source.id());
  std::vector<std::string> ids;
  std::vector<int> ordinals;
  for (const v1::Passage& p : passages) {
    ids.push_back(p.id());
    ordinals.push_back(p.ordinal());
  }
  absl::flat_hash_set<std::string> revived;
  for (const auto& row : tx.exec_params(sql::kRevivePassages, TextArrayLiteral(ids), IntArrayLiteral(ordinals),
                                        revision)) {
    revived.insert(row[0].as<std::string>());
  }
  CopyContent(tx, {Content{&source, revision, &passages}}, revived);
}

void AppendEvent(pqxx::transaction_base& tx, absl::string_view source_id, v1::SourceEvent::Type type,
                 v1::SourceStatus status, int revision, absl::string_view superseded_by, absl::string_view reason,
                 const std::string& origin) {
  tx.exec(sql::kLockEventOrder);
  tx.exec_params(sql::kInsertEvent, std::string(source_id), static_cast<int>(type), static_cast<int>(status),
                 revision, std::string(superseded_by), std::string(reason), origin);
  tx.exec(sql::kNotify);
}

IndexedPassage IndexedPassageFromRow(const pqxx::row& r) {
  IndexedPassage p;
  p.passage.set_id(r[0].as<std::string>());
  p.passage.set_source_id(r[1].as<std::string>());
  p.passage.set_section_heading(r[2].as<std::string>());
  p.passage.set_section_code(r[3].as<std::string>());
  p.passage.set_ordinal(r[4].as<int>());
  p.passage.set_text(r[5].as<std::string>());
  p.kind = static_cast<v1::SourceKind>(r[6].as<int>());
  p.status = static_cast<v1::SourceStatus>(r[7].as<int>());
  p.published_date = r[8].as<std::string>();
  p.source_title = r[9].as<std::string>();
  p.revision = r[10].as<int>();
  return p;
}

// Writes the sources writes[fresh[...]] as new, in bulk: rows, passages,
// first versions and CREATED events. Throws pqxx::unique_violation when
// another writer inserted one of them first (the caller retries).
void InsertNew(pqxx::transaction_base& tx, const std::vector<SourceStore::Write>& writes,
               const std::vector<size_t>& fresh, const std::string& origin) {
  const auto json_list = [](const google::protobuf::RepeatedPtrField<std::string>& values) {
    return nlohmann::json(std::vector<std::string>(values.begin(), values.end()));
  };
  std::vector<Content> contents;
  {
    pqxx::stream_to copy(tx, "sources", std::begin(sql::kSourceCopyColumns), std::end(sql::kSourceCopyColumns));
    for (size_t i : fresh) {
      const v1::Source& s = writes[i].source;
      const auto& ids = s.identifiers();
      const std::string details = nlohmann::json{{"journal", s.journal()},
                                                 {"volume", s.volume()},
                                                 {"issue", s.issue()},
                                                 {"pages", s.pages()},
                                                 {"manufacturer", s.manufacturer()},
                                                 {"mesh_terms", json_list(s.mesh_terms())},
                                                 {"publication_types", json_list(s.publication_types())}}
                                      .dump();
      copy << std::make_tuple(s.id(), s.external_id(), static_cast<int>(s.kind()), s.title(), s.issuer(),
                              TextArrayLiteral(ToVector(s.authors())), s.published_date(), ids.doi(), ids.pmid(),
                              ids.spl_set_id(), ids.url(), s.version(), static_cast<int>(s.status()),
                              s.evidence_level(), details, writes[i].content_hash);
      contents.push_back(Content{&s, 1, &writes[i].passages});
    }
    copy.complete();
  }
  CopyContent(tx, contents);
  tx.exec(sql::kLockEventOrder);
  pqxx::stream_to copy(tx, "source_events", std::begin(sql::kEventCopyColumns), std::end(sql::kEventCopyColumns));
  for (size_t i : fresh) {
    const v1::Source& s = writes[i].source;
    copy << std::forward_as_tuple(s.id(), static_cast<int>(v1::SourceEvent::CREATED), static_cast<int>(s.status()), 1,
                                  origin);
  }
  copy.complete();
  tx.exec(sql::kNotify);
}

}  // namespace

std::string EtagOf(int revision) { return absl::StrCat("r", revision); }

namespace {

std::string RandomOrigin() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // Only uniqueness matters; the clock and address tell processes apart too.
    const uint64_t fallback = static_cast<uint64_t>(absl::ToUnixNanos(absl::Now())) ^ reinterpret_cast<uintptr_t>(bytes);
    std::memcpy(bytes, &fallback, sizeof(bytes));
  }
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

}  // namespace

SourceStore::SourceStore(db::ConnectionPool& pool) : pool_(pool), origin_(RandomOrigin()) {}

absl::StatusOr<WriteResult> SourceStore::Upsert(const v1::Source& source, const std::string& content_hash,
                                                const std::vector<v1::Passage>& passages) {
  ASSIGN_OR_RETURN(std::vector<WriteResult> results, UpsertBatch({Write{source, content_hash, passages}}, true));
  return std::move(results.front());
}

absl::StatusOr<std::vector<WriteResult>> SourceStore::UpsertBatch(const std::vector<Write>& writes, bool read_back) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  std::vector<std::string> external_ids;
  for (const Write& w : writes) external_ids.push_back(w.source.external_id());
  // A concurrent writer may insert one of the new external ids first; the
  // retry then finds it among the existing rows.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      pqxx::work tx(*lease);
      absl::flat_hash_map<std::string, pqxx::row> existing;
      const pqxx::result locked = tx.exec_params(sql::kLockByExternalIds, TextArrayLiteral(external_ids));
      for (const auto& row : locked) existing.emplace(row[0].as<std::string>(), row);
      std::vector<WriteResult> results(writes.size());
      std::vector<size_t> fresh;
      for (size_t i = 0; i < writes.size(); ++i) {
        const v1::Source& source = writes[i].source;
        WriteResult& result = results[i];
        result.source.set_id(source.id());
        auto it = existing.find(source.external_id());
        if (it == existing.end()) {
          fresh.push_back(i);
          result = WriteResult{WriteKind::kCreated, result.source, 1};
          result.source.set_status(source.status());
          continue;
        }
        const pqxx::row& row = it->second;
        if (row[1].as<std::string>() != source.id()) {
          return absl::FailedPreconditionError(absl::StrCat("external_id ", source.external_id(),
                                                            " belongs to source ", row[1].as<std::string>()));
        }
        if (row[2].as<std::string>() == writes[i].content_hash) {
          result.kind = WriteKind::kUnchanged;
          result.revision = row[3].as<int>();
          result.source.set_status(static_cast<v1::SourceStatus>(row[4].as<int>()));
          continue;
        }
        const pqxx::row updated = WriteSourceRow(tx, sql::kUpdateSource, source, writes[i].content_hash)[0];
        result.kind = WriteKind::kUpdated;
        result.revision = updated[0].as<int>();
        result.source.set_status(static_cast<v1::SourceStatus>(updated[1].as<int>()));
        WriteContent(tx, source, result.revision, writes[i].passages);
        AppendEvent(tx, source.id(), v1::SourceEvent::UPDATED, result.source.status(), result.revision, "", "",
                    origin_);
      }
      if (!fresh.empty()) InsertNew(tx, writes, fresh, origin_);
      if (read_back) {
        for (WriteResult& result : results) {
          ASSIGN_OR_RETURN(result.source, ReadSource(tx, result.source.id(), sql::kGetSourceWhere));
        }
      }
      tx.commit();
      return results;
    } catch (const pqxx::unique_violation& e) {
      if (attempt == 0) continue;  // a concurrent import created one of the new sources
      return db::ToStatus(e);
    } catch (const std::exception& e) {
      return db::ToStatus(e);
    }
  }
  return absl::AbortedError("sources are being written concurrently; retry");
}

absl::StatusOr<v1::Source> SourceStore::Get(absl::string_view id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    return ReadSource(tx, id, sql::kGetSourceWhere);
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<SourcePage> SourceStore::List(v1::SourceKind kind, v1::SourceStatus status, absl::string_view after_id,
                                             int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    const pqxx::result rows = tx.exec_params(std::string(sql::kSourceColumns) + sql::kListSourcesWhere,
                                             static_cast<int>(kind), static_cast<int>(status), std::string(after_id),
                                             limit + 1);
    SourcePage page;
    for (const auto& row : rows) {
      if (static_cast<int>(page.sources.size()) == limit) {
        page.next_cursor = page.sources.back().id();
        break;
      }
      page.sources.push_back(SourceFromRow(row));
    }
    AttachSections(tx, page.sources);
    return page;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<WriteResult> SourceStore::UpdateStatus(absl::string_view id, v1::SourceStatus status,
                                                     absl::string_view superseded_by, absl::string_view reason,
                                                     absl::string_view etag) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    ASSIGN_OR_RETURN(v1::Source current, ReadSource(tx, id, sql::kLockSourceWhere));
    if (current.etag() != etag) {
      return absl::AbortedError(absl::StrCat("etag: source ", id, " changed since etag ", etag, " (now ",
                                             current.etag(), "); read it again and retry"));
    }
    if (!superseded_by.empty()) {
      if (superseded_by == id) return absl::InvalidArgumentError("superseded_by: a source cannot supersede itself");
      const pqxx::result successor =
          tx.exec_params(std::string(sql::kSourceColumns) + sql::kGetSourceWhere, std::string(superseded_by));
      if (successor.empty()) {
        return absl::NotFoundError(absl::StrCat("superseded_by: source ", superseded_by, " not found"));
      }
    }
    const int revision = tx.exec_params(sql::kUpdateStatus, std::string(id), static_cast<int>(status),
                                        std::string(superseded_by), std::string(reason))[0][0]
                             .as<int>();
    AppendEvent(tx, id, v1::SourceEvent::STATUS_CHANGED, status, revision, superseded_by, reason, origin_);
    ASSIGN_OR_RETURN(v1::Source updated, ReadSource(tx, id, sql::kGetSourceWhere));
    tx.commit();
    return WriteResult{WriteKind::kUpdated, std::move(updated), revision};
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Passage> SourceStore::GetPassage(absl::string_view id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    const pqxx::result rows = tx.exec_params(sql::kGetPassage, std::string(id));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("passage ", id, " not found"));
    const pqxx::row r = rows[0];
    v1::Passage p;
    p.set_id(r[0].as<std::string>());
    p.set_source_id(r[1].as<std::string>());
    p.set_section_heading(r[2].as<std::string>());
    p.set_section_code(r[3].as<std::string>());
    p.set_ordinal(r[4].as<int>());
    p.set_text(r[5].as<std::string>());
    return p;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<std::vector<StoredEvent>> SourceStore::EventsAfter(int64_t after_sequence, int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    std::vector<StoredEvent> events;
    for (const auto& r : tx.exec_params(sql::kEventsAfter, after_sequence, limit)) {
      StoredEvent stored;
      stored.revision = r[7].as<int>();
      stored.origin = r[8].as<std::string>();
      v1::SourceEvent& e = stored.event;
      e.set_sequence(r[0].as<int64_t>());
      e.set_source_id(r[1].as<std::string>());
      e.set_type(static_cast<v1::SourceEvent::Type>(r[2].as<int>()));
      e.set_status(static_cast<v1::SourceStatus>(r[3].as<int>()));
      e.set_superseded_by(r[4].as<std::string>());
      e.set_reason(r[5].as<std::string>());
      db::SetTimestamp(r[6].as<double>(), e.mutable_create_time());
      events.push_back(std::move(stored));
    }
    return events;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::Status SourceStore::ScanPassages(const std::function<void(IndexedPassage&&)>& visit, int page_size) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    std::string after;
    while (true) {
      pqxx::read_transaction tx(*lease);
      const pqxx::result rows = tx.exec_params(sql::kScanPassages, after, page_size);
      for (const auto& row : rows) visit(IndexedPassageFromRow(row));
      if (static_cast<int>(rows.size()) < page_size) return absl::OkStatus();
      after = rows[rows.size() - 1][0].as<std::string>();
    }
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<std::vector<IndexedPassage>> SourceStore::PassagesOf(absl::string_view source_id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    std::vector<IndexedPassage> passages;
    for (const auto& row : tx.exec_params(sql::kPassagesOfSource, std::string(source_id))) {
      passages.push_back(IndexedPassageFromRow(row));
    }
    return passages;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<int64_t> SourceStore::LastSequence() {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    return tx.exec1(sql::kLastSequence)[0].as<int64_t>();
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

}  // namespace medbrief::content
