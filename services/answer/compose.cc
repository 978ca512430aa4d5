#include "services/answer/compose.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace medbrief::answer {
namespace {

constexpr v1::SectionKind kDisplayOrder[] = {v1::GUIDELINES, v1::DRUG_LABEL, v1::RESEARCH};

template <typename Visit>
void ForEachSentence(const Draft& draft, Visit visit) {
  for (const DraftSection& section : draft.sections) {
    for (const DraftSentence& s : section.summary) {
      visit(s);
    }
    for (const DraftSentence& s : section.key_points) {
      visit(s);
    }
  }
}

}  // namespace

std::string SectionTitle(v1::SectionKind kind) {
  switch (kind) {
    case v1::GUIDELINES:
      return "From the Guidelines";
    case v1::DRUG_LABEL:
      return "From the FDA Drug Label";
    case v1::RESEARCH:
      return "From the Research";
    default:
      return "";
  }
}

v1::SectionKind SectionKindOf(content::v1::SourceKind kind) {
  switch (kind) {
    case content::v1::GUIDELINE:
      return v1::GUIDELINES;
    case content::v1::DRUG_LABEL:
      return v1::DRUG_LABEL;
    case content::v1::RESEARCH:
      return v1::RESEARCH;
    default:
      return v1::SECTION_KIND_UNSPECIFIED;
  }
}

Draft BuildDraft(const std::vector<std::pair<v1::SectionKind, std::vector<RankedSentence>>>& selected,
                 int max_citations) {
  Draft draft;
  absl::flat_hash_map<std::string, int> numbered;
  for (v1::SectionKind kind : kDisplayOrder) {
    std::vector<DraftSentence> sentences;
    for (const auto& [selected_kind, ranked] : selected) {
      if (selected_kind != kind) {
        continue;
      }
      for (const RankedSentence& r : ranked) {
        if (!numbered.contains(r.source_id)) {
          if (max_citations > 0 && static_cast<int>(numbered.size()) >= max_citations) {
            continue;
          }
          numbered.emplace(r.source_id, static_cast<int>(numbered.size()) + 1);
        }
        sentences.push_back({r.text, r.text, r.passage_id, r.source_id, ""});
      }
    }
    if (sentences.empty()) {
      continue;
    }
    DraftSection section;
    section.kind = kind;
    const size_t summary_size = sentences.size() >= 4 ? 2 : 1;
    section.summary.assign(sentences.begin(), sentences.begin() + static_cast<std::ptrdiff_t>(summary_size));
    section.key_points.assign(sentences.begin() + static_cast<std::ptrdiff_t>(summary_size), sentences.end());
    draft.sections.push_back(std::move(section));
  }
  return draft;
}

std::vector<citation::v1::Use> CitationUses(const Draft& draft) {
  std::vector<citation::v1::Use> uses;
  ForEachSentence(draft, [&uses](const DraftSentence& s) {
    citation::v1::Use use;
    use.set_passage_id(s.passage_id);
    use.set_claim(s.claim);
    uses.push_back(std::move(use));
  });
  return uses;
}

CitationNumbers NumberByFirstUse(const Draft& draft) {
  CitationNumbers numbers;
  ForEachSentence(draft, [&numbers](const DraftSentence& s) {
    numbers.emplace(s.source_id, static_cast<int>(numbers.size()) + 1);
  });
  return numbers;
}

CitationNumbers NumbersFromCitations(const google::protobuf::RepeatedPtrField<citation::v1::Citation>& citations) {
  CitationNumbers numbers;
  for (const citation::v1::Citation& c : citations) {
    numbers[c.source_id()] = c.number();
  }
  return numbers;
}

std::string WithMarker(absl::string_view sentence, int number) {
  const std::string marker = absl::StrCat(" [", number, "]");
  size_t end = sentence.size();
  while (end > 0 && (sentence[end - 1] == ' ')) {
    --end;
  }
  size_t cut = end;
  // Keep closing quotes/brackets and the final mark after the marker.
  while (cut > 0 && (sentence[cut - 1] == '"' || sentence[cut - 1] == ')' || sentence[cut - 1] == '\'')) {
    --cut;
  }
  if (cut > 0 && (sentence[cut - 1] == '.' || sentence[cut - 1] == '!' || sentence[cut - 1] == '?')) {
    --cut;
  } else {
    cut = end;  // no final mark: the marker goes last
  }
  return absl::StrCat(sentence.substr(0, cut), marker, sentence.substr(cut, end - cut));
}

absl::StatusOr<std::vector<v1::Section>> RenderSections(const Draft& draft, const CitationNumbers& numbers) {
  std::vector<v1::Section> out;
  for (const DraftSection& section : draft.sections) {
    v1::Section rendered;
    rendered.set_kind(section.kind);
    rendered.set_title(SectionTitle(section.kind));
    auto render = [&](const DraftSentence& s) -> absl::StatusOr<std::string> {
      auto it = numbers.find(s.source_id);
      if (it == numbers.end()) {
        return absl::FailedPreconditionError(absl::StrCat("source ", s.source_id, " has no citation number"));
      }
      if (std::find(rendered.citation_numbers().begin(), rendered.citation_numbers().end(), it->second) ==
          rendered.citation_numbers().end()) {
        rendered.add_citation_numbers(it->second);
      }
      return WithMarker(s.product.empty() ? s.text : absl::StrCat(s.product, ": ", s.text), it->second);
    };
    std::string summary;
    for (const DraftSentence& s : section.summary) {
      absl::StatusOr<std::string> text = render(s);
      if (!text.ok()) {
        return text.status();
      }
      absl::StrAppend(&summary, summary.empty() ? "" : " ", *text);
    }
    rendered.set_summary(std::move(summary));
    for (const DraftSentence& s : section.key_points) {
      absl::StatusOr<std::string> text = render(s);
      if (!text.ok()) {
        return text.status();
      }
      rendered.add_key_points(*std::move(text));
    }
    out.push_back(std::move(rendered));
  }
  return out;
}

}  // namespace medbrief::answer
