#pragma once

// The content service's SQL, one named query each. Parameters are always
// bound ($n), never spliced in. Arrays travel as text[] literals and are
// unnest()ed; new rows in bulk go through COPY.

namespace medbrief::content::sql {

// $1 external_ids: the rows that exist, locked in one order (so concurrent
// imports cannot deadlock).
inline constexpr char kLockByExternalIds[] = R"sql(
SELECT external_id, id, content_hash, revision, status FROM sources
WHERE external_id = ANY($1::text[]) ORDER BY external_id FOR UPDATE
)sql";

// New rows are written with COPY (pqxx::stream_to), these columns in order.
inline constexpr const char* kSourceCopyColumns[] = {
    "id",  "external_id", "kind",    "title",  "issuer",         "authors", "published_date", "doi",
    "pmid", "spl_set_id", "url",     "version", "status", "evidence_level", "details", "content_hash"};
inline constexpr const char* kPassageCopyColumns[] = {"id",      "source_id", "section_heading", "section_code",
                                                      "ordinal", "body",      "revision"};
inline constexpr const char* kVersionCopyColumns[] = {"source_id", "revision", "body"};
inline constexpr const char* kEventCopyColumns[] = {"source_id", "type", "status", "revision", "origin"};

// $1 passage ids, $2 ordinals, $3 revision: passages of an older version that
// a new version has again become current (answers may cite them by id).
inline constexpr char kRevivePassages[] = R"sql(
UPDATE passages p SET current = true, ordinal = x.ordinal, revision = $3
FROM unnest($1::text[], $2::int[]) AS x (id, ordinal)
WHERE p.id = x.id
RETURNING p.id
)sql";

// $1 id, $2 external_id, $3 kind, $4 title, $5 issuer, $6 authors, $7 published_date, $8 doi, $9 pmid,
// $10 spl_set_id, $11 url, $12 version, $13 status, $14 evidence_level, $15 journal, $16 volume,
// $17 issue, $18 pages, $19 manufacturer, $20 mesh_terms, $21 publication_types, $22 content_hash.
// Bumps the revision. An incoming CURRENT keeps the stored status: a
// re-import never undoes a retraction.
inline constexpr char kUpdateSource[] = R"sql(
UPDATE sources SET kind = $3, title = $4, issuer = $5, authors = $6::text[], published_date = $7, doi = $8,
       pmid = $9, spl_set_id = $10, url = $11, version = $12,
       status = CASE WHEN $13 = 1 THEN status ELSE $13 END, evidence_level = $14,
       details = jsonb_build_object('journal', $15::text, 'volume', $16::text, 'issue', $17::text,
                                    'pages', $18::text, 'manufacturer', $19::text, 'mesh_terms', $20::text[],
                                    'publication_types', $21::text[]),
       content_hash = $22, revision = revision + 1, update_time = now()
WHERE id = $1 AND external_id = $2
RETURNING revision, status
)sql";

// $1 source_id
inline constexpr char kRetirePassages[] = "UPDATE passages SET current = false WHERE source_id = $1 AND current";

// Events are numbered in commit order: the transaction-level lock makes
// writers take sequence numbers one at a time, just before they commit, so a
// follower reading "after N" never skips an event that commits later.
inline constexpr char kLockEventOrder[] = "SELECT pg_advisory_xact_lock(7170, 1)";

// $1 source_id, $2 type, $3 status, $4 revision, $5 superseded_by, $6 reason, $7 origin
inline constexpr char kInsertEvent[] = R"sql(
INSERT INTO source_events (source_id, type, status, revision, superseded_by, reason, origin)
VALUES ($1, $2, $3, $4, $5, $6, $7)
)sql";

inline constexpr char kSourceColumns[] = R"sql(
SELECT id, external_id, kind, title, issuer, authors, published_date, doi, pmid, spl_set_id, url, version,
       status, COALESCE(superseded_by, ''), status_reason, evidence_level,
       details->>'journal', details->>'volume', details->>'issue', details->>'pages', details->>'manufacturer',
       ARRAY(SELECT jsonb_array_elements_text(details->'mesh_terms')),
       ARRAY(SELECT jsonb_array_elements_text(details->'publication_types')),
       revision, extract(epoch FROM create_time)::float8, extract(epoch FROM update_time)::float8
FROM sources
)sql";

// $1 id
inline constexpr char kGetSourceWhere[] = " WHERE id = $1";

// $1 id: FOR UPDATE, for status changes
inline constexpr char kLockSourceWhere[] = " WHERE id = $1 FOR UPDATE";

// $1 kind (0: any), $2 status (0: any), $3 after id, $4 limit
inline constexpr char kListSourcesWhere[] = R"sql(
 WHERE ($1 = 0 OR kind = $1) AND ($2 = 0 OR status = $2) AND id > $3
 ORDER BY id LIMIT $4
)sql";

// $1 source ids: the newest version snapshot of each (it holds the sections)
inline constexpr char kNewestVersionsOf[] = R"sql(
SELECT DISTINCT ON (source_id) source_id, body FROM source_versions
WHERE source_id = ANY($1::text[]) ORDER BY source_id, revision DESC
)sql";

// $1 id, $2 status, $3 superseded_by ('' clears it), $4 reason
inline constexpr char kUpdateStatus[] = R"sql(
UPDATE sources SET status = $2, superseded_by = NULLIF($3, ''), status_reason = $4, revision = revision + 1,
       update_time = now()
WHERE id = $1
RETURNING revision
)sql";

// $1 passage id
inline constexpr char kGetPassage[] = R"sql(
SELECT id, source_id, section_heading, section_code, ordinal, body FROM passages WHERE id = $1
)sql";

// $1 after sequence, $2 limit
inline constexpr char kEventsAfter[] = R"sql(
SELECT sequence, source_id, type, status, superseded_by, reason, extract(epoch FROM create_time)::float8, revision,
       origin
FROM source_events WHERE sequence > $1 ORDER BY sequence LIMIT $2
)sql";

// The current passages with what search filters on, in id order, a page at a
// time: $1 after passage id, $2 limit.
inline constexpr char kScanPassages[] = R"sql(
SELECT p.id, p.source_id, p.section_heading, p.section_code, p.ordinal, p.body,
       s.kind, s.status, s.published_date, s.title, s.revision
FROM passages p JOIN sources s ON s.id = p.source_id
WHERE p.current AND p.id > $1 ORDER BY p.id LIMIT $2
)sql";

// $1 source id: its current passages and metadata, for index updates
inline constexpr char kPassagesOfSource[] = R"sql(
SELECT p.id, p.source_id, p.section_heading, p.section_code, p.ordinal, p.body,
       s.kind, s.status, s.published_date, s.title, s.revision
FROM passages p JOIN sources s ON s.id = p.source_id
WHERE p.source_id = $1 AND p.current ORDER BY p.ordinal
)sql";

inline constexpr char kLastSequence[] = "SELECT COALESCE(max(sequence), 0) FROM source_events";

inline constexpr char kNotifyChannel[] = "medbrief_content_events";
inline constexpr char kNotify[] = "SELECT pg_notify('medbrief_content_events', '')";

}  // namespace medbrief::content::sql
