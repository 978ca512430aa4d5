#pragma once

// Source metadata from the content service, cached: bounded (least recently
// used goes first), entries expire after a while, and the follower of
// content's source events invalidates a source as soon as it changes.
// Sections are dropped from cached sources: references need only metadata.
// A cached source is shared, not copied, with every caller, and formats its
// reference in each style once: a source cited by many answers is not
// formatted anew for each (formatting was a tenth of the service's CPU in
// the fresh-answer benchmark). Thread-safe.

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "medbrief/content/v1/content.pb.h"
#include "services/citation/content_reader.h"

namespace medbrief::citation {

// A source's metadata and, worked out on first use, its formatted
// references.
class CachedSource {
 public:
  explicit CachedSource(content::v1::Source source) : source_(std::move(source)) {}

  const content::v1::Source& source() const { return source_; }
  // FormatReference(source(), style), formatted once per style.
  absl::StatusOr<std::string> Reference(v1::ReferenceStyle style) const;

 private:
  const content::v1::Source source_;
  mutable absl::Mutex mu_;
  mutable std::array<std::optional<absl::StatusOr<std::string>>, v1::ReferenceStyle_ARRAYSIZE> references_
      ABSL_GUARDED_BY(mu_);
};

using SourcePtr = std::shared_ptr<const CachedSource>;

struct SourceCacheOptions {
  size_t capacity = 10000;
  absl::Duration ttl = absl::Minutes(10);  // a bound on staleness should an event be missed
};

class SourceCache {
 public:
  explicit SourceCache(ContentReader& reader, SourceCacheOptions options = {});

  // The source, from the cache or from content (errors as ContentReader's).
  absl::StatusOr<SourcePtr> Get(absl::string_view id, const grpcutil::CallScope& scope);

  // Forgets the source; a fetch of it already under way is not cached.
  void Invalidate(absl::string_view id);

  size_t size() const;

 private:
  struct Entry {
    SourcePtr source;
    absl::Time fetched;
    std::list<std::string>::iterator position;  // in recency_
  };

  ContentReader& reader_;
  const SourceCacheOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::list<std::string> recency_ ABSL_GUARDED_BY(mu_);  // most recently used first
  uint64_t invalidations_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace medbrief::citation
