#include "services/content/search/index.h"

#include <algorithm>
#include <cmath>
#include <queue>

namespace medbrief::content::search {
namespace {

// BM25 with the index's k1 and b and the live docs' mean length, as the
// search computes it. Every score, and every bound a score is
// pruned against, goes through Share(), so they round alike: a term's share
// of a score never depends on where it was added.
struct Scorer {
  float norm_base;  // k1 (1 - b)
  float norm_len;   // k1 b / avgdl
  float k1_plus_1;
  float Norm(float length) const { return norm_base + norm_len * length; }
  // One term's share: `weight` is idf x query weight, `norm` Norm(doc length).
  float Share(float weight, float tf, float norm) const { return weight * tf * k1_plus_1 / (tf + norm); }
};

// One query term over one segment's postings.
struct Cursor {
  const PostingList* list;
  size_t pos;
  float weight;  // idf x query weight
  float bound;   // the most this term can add to any doc of the segment
  size_t shallow_block = 0;  // for ShallowBound: only moves forward
  uint32_t current = 0;      // docs[pos], UINT32_MAX past the end (Load after moving pos)
  uint32_t doc() const { return current; }
  void Load() { current = pos < list->docs.size() ? list->docs[pos] : UINT32_MAX; }
  void Next() {
    ++pos;
    Load();
  }
  // The most this term can add to doc `d` (>= every earlier d asked), from
  // the bound of the block that would hold it, without moving the cursor.
  float ShallowBound(uint32_t d, const Scorer& bm25) {
    const auto& last = list->block_last;
    shallow_block = std::max(shallow_block, pos / kBlockSize);
    while (shallow_block < last.size() && last[shallow_block] < d) ++shallow_block;
    if (shallow_block == last.size()) return 0;
    return BoundOfBlock(shallow_block, bm25);
  }
  uint32_t BlockLast() const { return list->block_last[pos / kBlockSize]; }
  // The most any posting of the current block can score.
  float BlockBound(const Scorer& bm25) const { return BoundOfBlock(pos / kBlockSize, bm25); }
  float BoundOfBlock(size_t b, const Scorer& bm25) const {
    return bm25.Share(weight, list->block_max_tf[b], bm25.Norm(list->block_min_length[b]));
  }
  // This term's share of the score of the doc under the cursor.
  float Share(const Scorer& bm25, float norm) const { return bm25.Share(weight, list->tfs[pos], norm); }
  // Moves to the first posting >= target (galloping, then binary search).
  void Seek(uint32_t target) {
    const auto& docs = list->docs;
    if (pos >= docs.size() || docs[pos] >= target) return;
    size_t step = 1;
    size_t hi = pos + 1;
    while (hi < docs.size() && docs[hi] < target) {
      pos = hi;
      step *= 2;
      hi = pos + step;
    }
    hi = std::min(hi, docs.size());
    pos = static_cast<size_t>(std::lower_bound(docs.begin() + static_cast<ptrdiff_t>(pos),
                                               docs.begin() + static_cast<ptrdiff_t>(hi), target) -
                              docs.begin());
    Load();
  }
};

// Doc ids per scoring window (see Search).
constexpr uint32_t kWindow = 2048;

struct Candidate {
  float score;
  const Segment* segment;
  uint32_t doc;
};

// Worse candidates first (min-heap on score; on equal scores the larger
// passage id is worse).
struct Worse {
  bool operator()(const Candidate& a, const Candidate& b) const {
    if (a.score != b.score) return a.score > b.score;
    return a.segment->PassageId(a.doc) < b.segment->PassageId(b.doc);
  }
};

bool Better(const Candidate& a, const Candidate& b) { return Worse()(a, b); }

bool Passes(const Segment& segment, uint32_t d, const Filter& filter) {
  if (filter.kinds_mask != 0 && (filter.kinds_mask & (1u << segment.kind(d))) == 0) return false;
  if (!filter.include_inactive && segment.status(d) != static_cast<uint8_t>(v1::CURRENT)) return false;
  if (filter.published_after != 0 && segment.doc(d).published < filter.published_after) return false;
  return true;
}

IndexedPassage Materialize(const Segment& segment, uint32_t d, TextCache& cache) {
  const DocInfo& info = segment.doc(d);
  IndexedPassage p;
  p.passage.set_id(std::string(segment.PassageId(d)));
  p.passage.set_source_id(std::string(segment.SourceId(d)));
  p.passage.set_section_heading(std::string(segment.Heading(d)));
  p.passage.set_section_code(std::string(segment.Code(d)));
  p.passage.set_ordinal(info.ordinal);
  p.passage.set_text(std::string(segment.Text(d, cache)));
  p.kind = static_cast<v1::SourceKind>(info.kind);
  p.status = static_cast<v1::SourceStatus>(info.status);
  p.published_date = std::string(segment.SourceDate(info.source));
  p.source_title = std::string(segment.SourceTitle(info.source));
  p.revision = segment.SourceRevision(info.source);
  return p;
}

}  // namespace

SearchIndex::SearchIndex(const text::Analyzer& analyzer, IndexOptions options)
    : analyzer_(analyzer), options_(options), snapshot_(std::make_shared<Snapshot>()) {}

std::shared_ptr<const SearchIndex::Snapshot> SearchIndex::Current() const {
  absl::ReaderMutexLock lock(&snapshot_mu_);
  return snapshot_;
}

void SearchIndex::Install(std::shared_ptr<const Snapshot> snapshot) {
  std::shared_ptr<const Snapshot> old;
  {
    absl::MutexLock lock(&snapshot_mu_);
    old = std::move(snapshot_);
    snapshot_ = std::move(snapshot);
  }
  // `old` is released here, outside the lock (it may free a large segment).
}

void SearchIndex::IndexLocations(const Segment* segment) {
  for (uint32_t d = 0; d < segment->size(); ++d) {
    sources_.try_emplace(segment->SourceId(d)).first->second.locations.push_back(Location{segment, d});
  }
}

void SearchIndex::AddBatch(std::vector<IndexedPassage> passages) {
  auto segment = Segment::Build(std::move(passages), analyzer_, options_.weights);
  absl::MutexLock lock(&write_mu_);
  pending_.push_back(std::move(segment));
}

void SearchIndex::Publish() {
  absl::MutexLock lock(&write_mu_);
  std::vector<Segment::Part> parts;
  for (const auto& s : pending_) parts.push_back(Segment::Part{s.get(), nullptr});
  std::shared_ptr<const Segment> all =
      pending_.size() == 1 ? pending_.front() : Segment::Merge(parts);
  pending_.clear();
  sources_.clear();
  auto next = std::make_shared<Snapshot>();
  next->live_docs = all->size();
  next->live_length = all->total_length();
  for (uint32_t d = 0; d < all->size(); ++d) {
    SourceEntry& entry = sources_.try_emplace(all->SourceId(d)).first->second;
    entry.revision = all->SourceRevision(all->doc(d).source);
    entry.locations.push_back(Location{all.get(), d});
  }
  if (all->size() > 0) next->segments.push_back(SegmentState{std::move(all), nullptr});
  Install(std::move(next));
}

int SearchIndex::RevisionOf(const std::string& source_id) const {
  absl::MutexLock lock(&write_mu_);
  auto it = sources_.find(source_id);
  return it == sources_.end() ? 0 : it->second.revision;
}

void SearchIndex::DeleteLocked(Snapshot& next, const Locations& locations) {
  TextCache cache;
  for (SegmentState& state : next.segments) {
    std::shared_ptr<Deletions> deletions;
    for (const Location& loc : locations) {
      if (loc.segment != state.segment.get()) continue;
      if (deletions == nullptr) {
        deletions = state.deletions ? std::make_shared<Deletions>(*state.deletions) : std::make_shared<Deletions>();
        deletions->deleted.resize(state.segment->size(), false);
      }
      if (deletions->deleted[loc.doc]) continue;
      deletions->deleted[loc.doc] = true;
      const Segment& segment = *state.segment;
      const DocInfo& info = segment.doc(loc.doc);
      ++deletions->count;
      deletions->length += info.length;
      --next.live_docs;
      next.live_length -= info.length;
      // The deleted doc's terms, found again from its stored text.
      const DocTerms terms = AnalyzeDoc(segment.SourceTitle(info.source), segment.Heading(loc.doc),
                                        segment.Text(loc.doc, cache), analyzer_, options_.weights);
      for (const auto& [term, tf] : terms.tf) ++deletions->df[term];
    }
    if (deletions != nullptr) state.deletions = std::move(deletions);
  }
}

void SearchIndex::AddSegmentLocked(Snapshot& next, std::shared_ptr<const Segment> segment) {
  next.live_docs += segment->size();
  next.live_length += segment->total_length();
  IndexLocations(segment.get());
  next.segments.push_back(SegmentState{std::move(segment), nullptr});
}

void SearchIndex::MergeLocked(Snapshot& next) {
  const auto live = [](const SegmentState& s) {
    return s.segment->size() - (s.deletions ? s.deletions->count : 0);
  };
  // Segments left with no live doc go at once.
  next.segments.erase(std::remove_if(next.segments.begin(), next.segments.end(),
                                     [&](const SegmentState& s) { return live(s) == 0; }),
                      next.segments.end());
  // Log-structured tiers: a segment's tier is log_F of its live size; F
  // segments of one tier merge into one of the next. Each passage is copied
  // O(log_F n) times over its life and there are at most F per tier.
  const uint32_t factor = options_.merge_factor;
  const auto tier = [&](const SegmentState& s) {
    int t = 0;
    for (uint32_t size = live(s); size >= factor; size /= factor) ++t;
    return t;
  };
  while (true) {
    std::sort(next.segments.begin(), next.segments.end(),
              [&](const SegmentState& a, const SegmentState& b) { return live(a) < live(b); });
    size_t begin = 0;
    bool merged_any = false;
    while (begin < next.segments.size()) {
      size_t end = begin;
      while (end < next.segments.size() && tier(next.segments[end]) == tier(next.segments[begin])) ++end;
      if (end - begin >= factor) {
        std::vector<Segment::Part> parts;
        std::vector<const Segment*> merged_away;
        for (size_t i = begin; i < begin + factor; ++i) {
          const SegmentState& s = next.segments[i];
          parts.push_back(Segment::Part{s.segment.get(), s.deletions ? &s.deletions->deleted : nullptr});
          merged_away.push_back(s.segment.get());
        }
        std::shared_ptr<const Segment> merged = Segment::Merge(parts);
        // Point the sources' locations at the merged segment.
        for (uint32_t d = 0; d < merged->size(); ++d) {
          Locations& locations = sources_.try_emplace(merged->SourceId(d)).first->second.locations;
          locations.erase(std::remove_if(locations.begin(), locations.end(),
                                         [&](const Location& l) {
                                           return std::find(merged_away.begin(), merged_away.end(), l.segment) !=
                                                  merged_away.end();
                                         }),
                          locations.end());
          locations.push_back(Location{merged.get(), d});
        }
        next.segments.erase(next.segments.begin() + static_cast<ptrdiff_t>(begin),
                            next.segments.begin() + static_cast<ptrdiff_t>(begin + factor));
        next.segments.push_back(SegmentState{std::move(merged), nullptr});
        merged_any = true;
        break;
      }
      begin = end;
    }
    if (!merged_any) return;
  }
}

void SearchIndex::ReplaceSource(const std::string& source_id, int revision, std::vector<IndexedPassage> passages) {
  std::vector<SourceUpdate> updates;
  updates.push_back(SourceUpdate{source_id, revision, std::move(passages)});
  ReplaceSources(std::move(updates));
}

void SearchIndex::ReplaceSources(std::vector<SourceUpdate> updates) {
  absl::MutexLock lock(&write_mu_);
  // Keep only updates newer than what the index holds; analyse their
  // passages into one segment.
  std::vector<IndexedPassage> passages;
  std::vector<const SourceUpdate*> accepted;
  for (SourceUpdate& update : updates) {
    auto it = sources_.find(update.source_id);
    if (it != sources_.end() && it->second.revision > update.revision) continue;  // a newer version is in
    for (IndexedPassage& p : update.passages) passages.push_back(std::move(p));
    accepted.push_back(&update);
  }
  if (accepted.empty()) return;
  std::shared_ptr<const Segment> segment =
      passages.empty() ? nullptr : Segment::Build(std::move(passages), analyzer_, options_.weights);
  auto next = std::make_shared<Snapshot>(*Current());
  for (const SourceUpdate* update : accepted) {
    SourceEntry& entry = sources_[update->source_id];  // not held across other inserts
    DeleteLocked(*next, entry.locations);
    entry.locations.clear();
    entry.revision = update->revision;
  }
  if (segment != nullptr) AddSegmentLocked(*next, std::move(segment));
  MergeLocked(*next);
  Install(std::move(next));
}

std::vector<ScoredPassage> SearchIndex::Search(const std::vector<QueryTerm>& terms, const Filter& filter,
                                               int top_k) const {
  const std::shared_ptr<const Snapshot> snapshot = Current();
  std::vector<ScoredPassage> results;
  if (snapshot->live_docs == 0 || terms.empty() || top_k <= 0) return results;
  const double k1 = options_.bm25.k1;
  const double b = options_.bm25.b;
  const double avgdl = static_cast<double>(snapshot->live_length) / static_cast<double>(snapshot->live_docs);
  const double n = static_cast<double>(snapshot->live_docs);

  // Query weight per term: idf over live docs x query-side weight.
  std::vector<float> weights(terms.size(), 0);
  for (size_t t = 0; t < terms.size(); ++t) {
    uint64_t df = 0;
    for (const SegmentState& s : snapshot->segments) {
      if (const PostingList* list = s.segment->Postings(terms[t].term); list != nullptr) {
        df += list->docs.size();
        if (s.deletions) {
          if (auto it = s.deletions->df.find(terms[t].term); it != s.deletions->df.end()) df -= it->second;
        }
      }
    }
    if (df == 0) continue;
    const double idf = std::log(1.0 + (n - static_cast<double>(df) + 0.5) / (static_cast<double>(df) + 0.5));
    weights[t] = static_cast<float>(idf * terms[t].weight);
  }

  std::priority_queue<Candidate, std::vector<Candidate>, Worse> heap;
  const auto threshold = [&]() -> float {
    return static_cast<int>(heap.size()) < top_k ? 0.0f : heap.top().score;
  };
  const Scorer bm25{static_cast<float>(k1 * (1 - b)), static_cast<float>(k1 * b / avgdl),
                    static_cast<float>(k1 + 1)};

  std::vector<Cursor> cursors;
  std::vector<float> prefix;  // prefix[i] = sum of bounds of cursors[0..i]
  // One window's essential score per doc, and which docs the essential
  // lists hit; both are left cleared after each window.
  std::vector<float> acc(kWindow, 0.0f);
  std::vector<uint64_t> hit(kWindow / 64, 0);
  for (const SegmentState& state : snapshot->segments) {
    const Segment& segment = *state.segment;
    const std::vector<bool>* deleted = state.deletions ? &state.deletions->deleted : nullptr;
    cursors.clear();
    for (size_t t = 0; t < terms.size(); ++t) {
      if (weights[t] <= 0) continue;
      const PostingList* list = segment.Postings(terms[t].term);
      if (list == nullptr) continue;
      const float bound = bm25.Share(weights[t], list->max_tf, bm25.Norm(list->min_length));
      cursors.push_back(Cursor{list, 0, weights[t], bound});
      cursors.back().Load();
    }
    if (cursors.empty()) continue;
    std::sort(cursors.begin(), cursors.end(), [](const Cursor& a, const Cursor& c) { return a.bound < c.bound; });
    prefix.assign(cursors.size(), 0);
    float sum = 0;
    for (size_t i = 0; i < cursors.size(); ++i) prefix[i] = (sum += cursors[i].bound);

    // Cursors [0, essential) cannot lift a doc over the threshold on their
    // own: they are only probed for docs the essential ones bring up.
    size_t essential = 0;
    const auto update_essential = [&] {
      const float theta = threshold();
      while (essential < cursors.size() && prefix[essential] < theta) ++essential;
    };
    update_essential();
    // The next doc to look at: the smallest of the essential cursors'.
    const auto smallest_essential = [&] {
      uint32_t d = UINT32_MAX;
      for (size_t i = essential; i < cursors.size(); ++i) d = std::min(d, cursors[i].doc());
      return d;
    };
    // A doc the essential lists scored `score`: the non-essential terms,
    // highest bound first, probed only while they could still lift it over
    // the threshold (a term whose block at the doc, found without moving its
    // cursor, cannot make the difference is not sought); then the heap.
    const auto finish = [&](uint32_t doc, float score) {
      if ((deleted != nullptr && (*deleted)[doc]) || !Passes(segment, doc, filter)) return;
      const float theta = threshold();
      const float norm = bm25.Norm(segment.length(doc));
      for (size_t i = essential; i-- > 0;) {
        const float rest = i > 0 ? prefix[i - 1] : 0.0f;
        if (score + cursors[i].bound + rest < theta) break;  // the rest cannot reach the threshold
        Cursor& c = cursors[i];
        if (score + c.ShallowBound(doc, bm25) + rest < theta) continue;
        c.Seek(doc);
        if (c.doc() == doc) score += c.Share(bm25, norm);
      }
      const Candidate candidate{score, &segment, doc};
      if (static_cast<int>(heap.size()) < top_k) {
        heap.push(candidate);
      } else if (Better(candidate, heap.top())) {
        heap.pop();
        heap.push(candidate);
      }
    };
    // Docs are scored a window of ids at a time: the essential lists are
    // added up term by term into `acc` (a tight loop over each list), then
    // the docs they hit are finished in id order, probing the non-essential
    // lists as before. The essential set is revised between windows.
    while (essential < cursors.size()) {
      const uint32_t d = smallest_essential();
      if (d == UINT32_MAX) break;
      if (filter.kinds_mask != 0 && (filter.kinds_mask & (1u << segment.kind(d))) == 0) {
        // Every doc before the next one of an allowed kind is filtered out:
        // jump there rather than step through their postings.
        const uint32_t next = segment.NextOfKinds(d, filter.kinds_mask);
        if (next == UINT32_MAX) break;
        for (size_t i = essential; i < cursors.size(); ++i) cursors[i].Seek(next);
        continue;
      }
      const uint64_t limit = static_cast<uint64_t>(d) + kWindow;  // the window is [d, limit)
      if (static_cast<int>(heap.size()) == top_k) {
        // Within [d, end], where every essential cursor stays in its current
        // block, no doc can score more than the non-essential bounds plus the
        // essential blocks' bounds. Below the threshold: skip those docs;
        // otherwise score the whole window (cutting it at end measured
        // slower: the per-window work then dominates long queries).
        uint32_t end = UINT32_MAX;
        for (size_t i = essential; i < cursors.size(); ++i) {
          if (cursors[i].doc() != UINT32_MAX) end = std::min(end, cursors[i].BlockLast());
        }
        float bound = essential > 0 ? prefix[essential - 1] : 0.0f;
        for (size_t i = essential; i < cursors.size(); ++i) {
          if (cursors[i].doc() <= end) bound += cursors[i].BlockBound(bm25);
        }
        if (bound < threshold()) {  // end < UINT32_MAX: some essential cursor is at d
          for (size_t i = essential; i < cursors.size(); ++i) cursors[i].Seek(end + 1);
          continue;
        }
      }
      for (size_t i = essential; i < cursors.size(); ++i) {
        Cursor& c = cursors[i];
        for (; c.doc() < limit; c.Next()) {
          const uint32_t at = c.doc() - d;
          acc[at] += c.Share(bm25, bm25.Norm(segment.length(c.doc())));
          hit[at / 64] |= uint64_t{1} << (at % 64);
        }
      }
      const uint32_t words = static_cast<uint32_t>((limit - d + 63) / 64);
      for (uint32_t w = 0; w < words; ++w) {
        for (uint64_t bits = hit[w]; bits != 0; bits &= bits - 1) {
          const uint32_t at = w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits));
          const float essential_score = acc[at];
          acc[at] = 0;
          finish(d + at, essential_score);
        }
        hit[w] = 0;
      }
      update_essential();
    }
  }

  std::vector<Candidate> best;
  while (!heap.empty()) {
    best.push_back(heap.top());
    heap.pop();
  }
  std::reverse(best.begin(), best.end());
  results.reserve(best.size());
  TextCache cache(&BlockCache::Default());
  for (const Candidate& c : best) results.push_back(ScoredPassage{c.score, Materialize(*c.segment, c.doc, cache)});
  return results;
}

IndexStats SearchIndex::Stats() const {
  const std::shared_ptr<const Snapshot> snapshot = Current();
  IndexStats stats;
  {
    absl::MutexLock lock(&write_mu_);
    stats.memory_bytes += sources_.capacity() * (sizeof(std::string) + sizeof(SourceEntry) + 1);
    for (const auto& [id, entry] : sources_) {
      if (id.capacity() > 15) stats.memory_bytes += id.capacity() + 1;  // beyond the inline buffer
      if (entry.locations.capacity() > 1) stats.memory_bytes += entry.locations.capacity() * sizeof(Location);
    }
  }
  stats.docs = snapshot->live_docs;
  stats.segments = snapshot->segments.size();
  for (const SegmentState& s : snapshot->segments) {
    stats.memory_bytes += s.segment->memory_bytes();
    stats.text_bytes += s.segment->text_bytes();
    if (s.deletions) stats.memory_bytes += s.deletions->deleted.capacity() / 8;
  }
  return stats;
}

}  // namespace medbrief::content::search
