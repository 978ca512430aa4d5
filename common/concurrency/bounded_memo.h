#pragma once

// Values worked out from a key, remembered for every thread within a bound:
// at most `max_entries` of them, for keys weighing at most `max_bytes` in
// all (each key's weight given by the caller: the size of the text its value
// was worked out from). Past either bound everything is forgotten at once,
// which is cheap and lets the working set fill again. A value handed out
// stays valid as long as its holder keeps it.
//
//   BoundedMemo<Analysis> analyses(/*max_entries=*/5000, /*max_bytes=*/8 << 20);
//   std::shared_ptr<const Analysis> a =
//       analyses.Get(passage.id(), passage.text().size(), [&] { return Analyze(passage.text()); });
//
// Thread-safe. A value is worked out outside the lock: two threads may both
// work it out, with the same result, and the first one kept is handed out
// from then on.

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace medbrief::concurrency {

template <typename T>
class BoundedMemo {
 public:
  BoundedMemo(size_t max_entries, size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The value for `key`, made by `make()` unless remembered.
  template <typename Make>
  std::shared_ptr<const T> Get(absl::string_view key, size_t bytes, Make make) {
    {
      absl::MutexLock lock(&mu_);
      const auto it = by_key_.find(key);
      if (it != by_key_.end()) return it->second;
    }
    auto value = std::make_shared<const T>(make());
    absl::MutexLock lock(&mu_);
    if (by_key_.size() >= max_entries_ || bytes_ + bytes > max_bytes_) {
      by_key_.clear();
      bytes_ = 0;
    }
    const auto [it, added] = by_key_.emplace(std::string(key), value);
    if (added) bytes_ += bytes;
    return it->second;
  }

  void Clear() {
    absl::MutexLock lock(&mu_);
    by_key_.clear();
    bytes_ = 0;
  }

 private:
  const size_t max_entries_;
  const size_t max_bytes_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const T>> by_key_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace medbrief::concurrency
