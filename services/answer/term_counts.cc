#include "services/answer/term_counts.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"

namespace medbrief::answer {

TermKey TermKeyOf(absl::string_view term) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (const char c : term) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  // FNV's low bits mix poorly: finish with splitmix64's finaliser.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::vector<TermKey> DistinctTermKeys(const std::vector<std::string>& terms) {
  std::vector<TermKey> keys;
  absl::flat_hash_set<TermKey> seen;
  for (const std::string& term : terms) {
    const TermKey key = TermKeyOf(term);
    if (seen.insert(key).second) keys.push_back(key);
  }
  return keys;
}

TermCounts::TermCounts(const std::vector<std::string>& terms) : length_(terms.size()) {
  std::vector<TermKey> keys;
  keys.reserve(terms.size());
  for (const std::string& term : terms) keys.push_back(TermKeyOf(term));
  std::sort(keys.begin(), keys.end());
  for (const TermKey key : keys) {
    if (!entries_.empty() && entries_.back().key == key) {
      ++entries_.back().count;
    } else {
      entries_.push_back({key, 1});
      bloom_ |= BloomBit(key);
    }
  }
}

int TermCounts::Find(TermKey key) const {
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                                   [](const Entry& e, TermKey k) { return e.key < k; });
  return it != entries_.end() && it->key == key ? it->count : 0;
}

bool TermCounts::operator==(const TermCounts& other) const {
  return length_ == other.length_ &&
         std::equal(entries_.begin(), entries_.end(), other.entries_.begin(), other.entries_.end(),
                    [](const Entry& a, const Entry& b) { return a.key == b.key && a.count == b.count; });
}

double Jaccard(const TermCounts& a, const TermCounts& b) {
  if (a.entries_.empty() && b.entries_.empty()) return 0;
  size_t shared = 0;
  auto i = a.entries_.begin();
  auto j = b.entries_.begin();
  while (i != a.entries_.end() && j != b.entries_.end()) {
    if (i->key < j->key) {
      ++i;
    } else if (j->key < i->key) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(a.distinct() + b.distinct() - shared);
}

}  // namespace medbrief::answer
