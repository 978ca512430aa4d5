#include "services/citation/source_cache.h"

#include <utility>

#include "services/citation/styles.h"

namespace medbrief::citation {

absl::StatusOr<std::string> CachedSource::Reference(v1::ReferenceStyle style) const {
  if (style < 0 || style >= v1::ReferenceStyle_ARRAYSIZE) return FormatReference(source_, style);
  {
    absl::MutexLock lock(&mu_);
    if (references_[style].has_value()) return *references_[style];
  }
  absl::StatusOr<std::string> formatted = FormatReference(source_, style);
  absl::MutexLock lock(&mu_);
  if (!references_[style].has_value()) references_[style] = formatted;
  return formatted;
}

SourceCache::SourceCache(ContentReader& reader, SourceCacheOptions options) : reader_(reader), options_(options) {}

absl::StatusOr<SourcePtr> SourceCache::Get(absl::string_view id, const grpcutil::CallScope& scope) {
  uint64_t invalidations = 0;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(id);
    if (it != entries_.end()) {
      if (absl::Now() - it->second.fetched < options_.ttl) {
        recency_.splice(recency_.begin(), recency_, it->second.position);
        return it->second.source;
      }
      recency_.erase(it->second.position);
      entries_.erase(it);
    }
    invalidations = invalidations_;
  }
  absl::StatusOr<content::v1::Source> fetched = reader_.GetSource(id, scope);
  if (!fetched.ok()) return fetched.status();
  fetched->clear_sections();
  auto source = std::make_shared<const CachedSource>(*std::move(fetched));
  absl::MutexLock lock(&mu_);
  // An invalidation while fetching may concern this source: do not cache
  // what may be the old version.
  if (invalidations != invalidations_ || options_.capacity == 0 || entries_.contains(id)) return source;
  while (entries_.size() >= options_.capacity) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.emplace_front(id);
  entries_.emplace(std::string(id), Entry{source, absl::Now(), recency_.begin()});
  return source;
}

void SourceCache::Invalidate(absl::string_view id) {
  absl::MutexLock lock(&mu_);
  ++invalidations_;
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  recency_.erase(it->second.position);
  entries_.erase(it);
}

size_t SourceCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace medbrief::citation
