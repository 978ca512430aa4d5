#include "services/content/search/segment.h"

#include <algorithm>

#include "absl/strings/numbers.h"

namespace medbrief::content::search {
namespace {

uint8_t CapTf(uint32_t tf) { return static_cast<uint8_t>(std::min<uint32_t>(tf, 255)); }
uint16_t CapLength(uint64_t length) { return static_cast<uint16_t>(std::min<uint64_t>(length, 65535)); }

void AddPosting(PostingList& list, uint32_t doc, uint8_t tf, uint16_t length) {
  list.docs.push_back(doc);
  list.tfs.push_back(tf);
  list.max_tf = std::max(list.max_tf, tf);
  list.min_length = std::min(list.min_length, length);
}

}  // namespace

void AnalyzeDoc(absl::string_view title, absl::string_view heading, absl::string_view text,
                const text::Analyzer& analyzer, const FieldWeights& weights, DocTerms* doc) {
  doc->tf.clear();  // keeps its capacity: one DocTerms serves a whole segment
  doc->length = 0;
  const auto add = [&](absl::string_view field, int weight) {
    doc->scratch.clear();
    analyzer.Analyze(field, &doc->scratch);
    for (std::string& term : doc->scratch) doc->tf[std::move(term)] += static_cast<uint32_t>(weight);
    doc->length += static_cast<uint32_t>(doc->scratch.size()) * static_cast<uint32_t>(weight);
  };
  add(title, weights.title);
  add(heading, weights.heading);
  add(text, 1);
}

DocTerms AnalyzeDoc(absl::string_view title, absl::string_view heading, absl::string_view text,
                    const text::Analyzer& analyzer, const FieldWeights& weights) {
  DocTerms doc;
  AnalyzeDoc(title, heading, text, analyzer, weights, &doc);
  return doc;
}

int32_t DateKey(absl::string_view date) {
  int year = 0, month = 1, day = 1;
  if (date.size() < 4 || !absl::SimpleAtoi(date.substr(0, 4), &year)) return 0;
  if (date.size() >= 7 && !absl::SimpleAtoi(date.substr(5, 2), &month)) return 0;
  if (date.size() >= 10 && !absl::SimpleAtoi(date.substr(8, 2), &day)) return 0;
  return year * 10000 + month * 100 + day;
}

uint32_t Segment::AddSource(absl::string_view id, absl::string_view title, absl::string_view date, int revision) {
  SourceInfo info{};
  info.id_begin = Store(id);
  info.id_size = static_cast<uint16_t>(std::min<size_t>(id.size(), 65535));
  info.title_begin = Store(title);
  info.title_size = static_cast<uint16_t>(std::min<size_t>(title.size(), 65535));
  info.date_begin = Store(date);
  info.date_size = static_cast<uint8_t>(std::min<size_t>(date.size(), 255));
  info.revision = revision;
  sources_.push_back(info);
  return static_cast<uint32_t>(sources_.size() - 1);
}

uint32_t Segment::Store(absl::string_view s) {
  const uint32_t at = static_cast<uint32_t>(arena_.size());
  arena_.append(s.data(), s.size());
  return at;
}

std::shared_ptr<const Segment> Segment::Build(std::vector<IndexedPassage> passages, const text::Analyzer& analyzer,
                                              const FieldWeights& weights) {
  auto segment = std::make_shared<Segment>();
  // Doc ids follow passage id order, so a rebuild numbers docs the same way.
  std::sort(passages.begin(), passages.end(),
            [](const IndexedPassage& a, const IndexedPassage& b) { return a.passage.id() < b.passage.id(); });
  absl::flat_hash_map<std::string, uint32_t> source_index;
  TextStore::Builder texts;
  segment->docs_.reserve(passages.size());
  DocTerms terms;
  for (const IndexedPassage& p : passages) {
    auto [it, added] = source_index.try_emplace(p.passage.source_id(), segment->sources_.size());
    if (added) {
      segment->AddSource(p.passage.source_id(), p.source_title, p.published_date, p.revision);
    }
    const uint32_t d = static_cast<uint32_t>(segment->docs_.size());
    AnalyzeDoc(p.source_title, p.passage.section_heading(), p.passage.text(), analyzer, weights, &terms);
    DocInfo info{};
    info.length = CapLength(terms.length);
    info.kind = static_cast<uint8_t>(p.kind);
    info.status = static_cast<uint8_t>(p.status);
    info.published = DateKey(p.published_date);
    info.source = it->second;
    info.ordinal = p.passage.ordinal();
    info.text = texts.Add(p.passage.text());
    info.id_begin = segment->Store(p.passage.id());
    info.id_size = static_cast<uint16_t>(p.passage.id().size());
    info.heading_begin = segment->Store(p.passage.section_heading());
    info.heading_size = static_cast<uint16_t>(std::min<size_t>(p.passage.section_heading().size(), 65535));
    info.code_begin = segment->Store(p.passage.section_code());
    info.code_size = static_cast<uint16_t>(p.passage.section_code().size());
    segment->docs_.push_back(info);
    segment->total_length_ += info.length;
    for (auto& [term, tf] : terms.tf) AddPosting(segment->postings_[term], d, CapTf(tf), info.length);
  }
  segment->texts_ = texts.Finish();
  segment->SealPostings();
  return segment;
}

std::shared_ptr<const Segment> Segment::Merge(const std::vector<Part>& parts) {
  auto merged = std::make_shared<Segment>();
  // Old (segment, doc) -> new doc id; UINT32_MAX for deleted docs.
  std::vector<std::vector<uint32_t>> remap(parts.size());
  // Per part, per text block: no passage of it is deleted.
  std::vector<std::vector<bool>> all_live(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) {
    const Segment& from = *parts[p].segment;
    all_live[p].assign(from.texts_.blocks(), true);
    if (parts[p].deleted == nullptr) continue;
    for (uint32_t d = 0; d < from.size(); ++d) {
      if ((*parts[p].deleted)[d]) all_live[p][from.docs_[d].text.block] = false;
    }
  }
  TextStore::Builder texts;
  TextCache cache;
  for (size_t p = 0; p < parts.size(); ++p) {
    const Segment& from = *parts[p].segment;
    remap[p].assign(from.size(), UINT32_MAX);
    absl::flat_hash_map<uint32_t, uint32_t> source_map;
    uint32_t copied_from = UINT32_MAX, copied_to = 0;
    for (uint32_t d = 0; d < from.size(); ++d) {
      if (parts[p].deleted != nullptr && (*parts[p].deleted)[d]) continue;
      DocInfo info = from.docs_[d];
      auto [it, added] = source_map.try_emplace(info.source, merged->sources_.size());
      if (added) {
        merged->AddSource(from.SourceId(d), from.SourceTitle(info.source), from.SourceDate(info.source),
                          from.SourceRevision(info.source));
      }
      info.source = it->second;
      if (all_live[p][info.text.block]) {
        // The whole block survives: copy it compressed, once.
        if (copied_from != info.text.block) {
          copied_to = texts.CopyBlock(from.texts_, info.text.block);
          copied_from = info.text.block;
        }
        info.text.block = copied_to;
      } else {
        info.text = texts.Add(from.Text(d, cache));
      }
      info.id_begin = merged->Store(from.PassageId(d));
      info.heading_begin = merged->Store(from.Heading(d));
      info.code_begin = merged->Store(from.Code(d));
      remap[p][d] = static_cast<uint32_t>(merged->docs_.size());
      merged->docs_.push_back(info);
      merged->total_length_ += info.length;
    }
  }
  merged->texts_ = texts.Finish();
  // Parts' doc ranges are appended in order, so appending each part's
  // postings in turn keeps every list ascending.
  for (size_t p = 0; p < parts.size(); ++p) {
    for (const auto& [term, list] : parts[p].segment->postings_) {
      PostingList* target = nullptr;
      for (size_t i = 0; i < list.docs.size(); ++i) {
        const uint32_t d = remap[p][list.docs[i]];
        if (d == UINT32_MAX) continue;
        if (target == nullptr) target = &merged->postings_[term];
        AddPosting(*target, d, list.tfs[i], merged->docs_[d].length);
      }
    }
  }
  merged->SealPostings();
  return merged;
}

void Segment::SealPostings() {
  for (auto& [term, list] : postings_) list.Seal([this](uint32_t d) { return docs_[d].length; });
  lengths_.resize(docs_.size());
  kind_status_.resize(docs_.size());
  docs_of_kind_.assign(16, {});
  for (size_t d = 0; d < docs_.size(); ++d) {
    lengths_[d] = docs_[d].length;
    kind_status_[d] = static_cast<uint8_t>((docs_[d].kind & 0x0F) | (docs_[d].status << 4));
    docs_of_kind_[docs_[d].kind & 0x0F].push_back(static_cast<uint32_t>(d));
  }
  memory_bytes_ = MemoryBytes();
  text_bytes_ = texts_.plain_bytes();
}

uint32_t Segment::NextOfKinds(uint32_t d, uint32_t kinds_mask) const {
  uint32_t next = UINT32_MAX;
  for (size_t k = 0; k < docs_of_kind_.size(); ++k) {
    if ((kinds_mask & (1u << k)) == 0) continue;
    const std::vector<uint32_t>& docs = docs_of_kind_[k];
    const auto it = std::lower_bound(docs.begin(), docs.end(), d);
    if (it != docs.end()) next = std::min(next, *it);
  }
  return next;
}

const PostingList* Segment::Postings(absl::string_view term) const {
  auto it = postings_.find(term);
  return it == postings_.end() ? nullptr : &it->second;
}

size_t Segment::MemoryBytes() const {
  size_t bytes = texts_.memory_bytes() + arena_.capacity() + docs_.capacity() * sizeof(DocInfo) + lengths_.capacity() * sizeof(uint16_t) +
                 kind_status_.capacity();
  bytes += sources_.capacity() * sizeof(SourceInfo);
  for (const std::vector<uint32_t>& docs : docs_of_kind_) bytes += docs.capacity() * sizeof(uint32_t);
  bytes += postings_.capacity() * (sizeof(std::string) + sizeof(PostingList) + 1);
  for (const auto& [term, list] : postings_) {
    bytes += term.capacity() + list.docs.capacity() * sizeof(uint32_t) + list.tfs.capacity() +
             list.block_last.capacity() * (sizeof(uint32_t) + sizeof(uint8_t) + sizeof(uint16_t));
  }
  return bytes;
}

}  // namespace medbrief::content::search
