#pragma once

// A text's analysed terms as counts, the form BM25 and overlap read in the
// ranking: each term by a 64-bit hash of it, sorted by that hash, so that a
// lookup is a binary search over integers and an overlap is a merge. No
// string is hashed again per answer (string hashing had been a quarter of
// the answer service's own CPU).
//
//   const TermCounts counts(AnalyzedTerms(text));
//   counts.Count(TermKeyOf("octreotid"));   // how often the term occurs
//   Jaccard(counts, other);                 // shared distinct terms / all
//
// Two distinct terms of one answer's evidence (a few thousand) sharing a key
// is as likely as a 64-bit collision among them, about 1e-12; it would only
// shift a score.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::answer {

using TermKey = uint64_t;

// The same for the same term in every process (FNV-1a, then mixed).
TermKey TermKeyOf(absl::string_view term);

// Each term's key once, in first-occurrence order.
std::vector<TermKey> DistinctTermKeys(const std::vector<std::string>& terms);

class TermCounts {
 public:
  TermCounts() = default;
  explicit TermCounts(const std::vector<std::string>& terms);

  // Terms counted, repeats included.
  size_t length() const { return length_; }
  size_t distinct() const { return entries_.size(); }
  int Count(TermKey key) const {
    // Most lookups are of terms the text lacks: one bit test turns most of
    // those away before the search.
    return (bloom_ & BloomBit(key)) == 0 ? 0 : Find(key);
  }
  bool Contains(TermKey key) const { return Count(key) > 0; }

  bool operator==(const TermCounts& other) const;

  // Distinct terms of both over distinct terms of either; 0 when both are
  // empty.
  friend double Jaccard(const TermCounts& a, const TermCounts& b);

 private:
  struct Entry {
    TermKey key;
    int count;
  };
  // One of 64 bits per key, from bits the ordering by key barely uses.
  static uint64_t BloomBit(TermKey key) { return uint64_t{1} << ((key >> 32) & 63); }
  int Find(TermKey key) const;

  std::vector<Entry> entries_;  // by key
  uint64_t bloom_ = 0;          // the BloomBit of every key
  size_t length_ = 0;
};

}  // namespace medbrief::answer
