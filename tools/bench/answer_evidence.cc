#include "tools/bench/answer_evidence.h"

#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/io/files.h"
#include "common/status/macros.h"
#include "common/text/abbreviations.h"
#include "services/answer/label_choice.h"
#include "services/answer/question.h"
#include "services/content/content_service.h"
#include "services/content/importers/importers.h"
#include "services/content/search/query.h"

namespace medbrief::bench {

namespace {

// The sources of one file: JSONL lines, or one SPL or NGC document. A
// document that does not parse is left out, as the import leaves it out.
absl::StatusOr<std::vector<content::v1::Source>> ParseFile(absl::string_view format, const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, io::ReadFile(path));
  std::vector<content::v1::Source> out;
  if (format == "jsonl") {
    for (content::importers::ParsedItem& item : content::importers::ParseJsonl(text, 1)) {
      if (!item.source.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": ", item.source.status().message()));
      }
      out.push_back(*std::move(item.source));
    }
    return out;
  }
  absl::StatusOr<content::v1::Source> source =
      format == "spl" ? content::importers::ParseSplXml(text)
                      : content::importers::ParseNgcXml(text, std::filesystem::path(path).filename().string());
  if (source.ok()) out.push_back(*std::move(source));
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EvidenceIndex>> EvidenceIndex::Load(const std::string& jsonl_path) {
  return Load(std::vector<std::string>{jsonl_path});
}

absl::StatusOr<std::unique_ptr<EvidenceIndex>> EvidenceIndex::Load(const std::vector<std::string>& corpora) {
  std::unique_ptr<EvidenceIndex> out(new EvidenceIndex());
  std::vector<content::IndexedPassage> passages;
  for (const std::string& corpus : corpora) {
    const size_t colon = corpus.find(':');
    const std::string format = colon == std::string::npos ? "jsonl" : corpus.substr(0, colon);
    if (format != "jsonl" && format != "spl" && format != "ngc") {
      return absl::InvalidArgumentError(absl::StrCat("corpus \"", corpus, "\": expected [jsonl|spl|ngc:]PATH"));
    }
    for (const std::string& file : io::FilesUnder(colon == std::string::npos ? corpus : corpus.substr(colon + 1))) {
      ASSIGN_OR_RETURN(std::vector<content::v1::Source> sources, ParseFile(format, file));
      for (content::v1::Source& source : sources) {
        source.set_id(content::SourceIdFor(source.external_id()));
        for (content::v1::Passage& p : content::PassagesOf(source)) {
          passages.push_back(content::IndexedPassage{std::move(p), source.kind(), source.status(),
                                                     source.published_date(), source.title(), 1});
        }
        std::string id = source.id();  // read before the source is moved
        out->sources_[std::move(id)] = std::make_shared<const content::v1::Source>(std::move(source));
      }
    }
  }
  out->index_.AddBatch(std::move(passages));
  out->index_.Publish();
  return out;
}

answer::AnswerInput EvidenceIndex::Input(const std::string& question, answer::v1::Audience audience,
                                         int top_k) const {
  answer::AnswerInput input;
  // As the answer service resolves it: a brand names its drug.
  input.question = lexicon_.NameGenerics(question, answer::kMaxQuestionChars);
  input.audience = audience;
  const std::string search_query = answer::NormalizeQuestion(input.question).search_query;
  for (content::v1::SourceKind kind : {content::v1::GUIDELINE, content::v1::DRUG_LABEL, content::v1::RESEARCH}) {
    // As the answer service searches.
    const std::vector<content::search::QueryTerm> terms = content::search::BuildQuery(
        kind == content::v1::DRUG_LABEL ? answer::LabelSearchQuery(input.question, search_query, lexicon_)
                                        : search_query, analyzer_,
        text::Abbreviations::Builtin());
    content::search::Filter filter;
    filter.kinds_mask = 1u << kind;
    std::vector<content::v1::Hit> hits;
    for (content::search::ScoredPassage& hit : index_.Search(terms, filter, top_k)) {
      content::v1::Hit& out = hits.emplace_back();
      out.set_source_id(hit.passage.passage.source_id());
      out.set_kind(hit.passage.kind);
      out.set_score(hit.score);
      out.set_source_title(std::move(hit.passage.source_title));
      out.set_published_date(std::move(hit.passage.published_date));
      out.set_source_status(hit.passage.status);
      *out.mutable_passage() = std::move(hit.passage.passage);
    }
    // As the answer service keeps them.
    if (kind == content::v1::DRUG_LABEL) hits = answer::ChooseLabels(input.question, std::move(hits), lexicon_);
    for (content::v1::Hit& hit : hits) {
      auto source = sources_.find(hit.source_id());
      if (source != sources_.end()) {
        input.sources.emplace(source->first, source->second);
      }
      input.hits.push_back(std::move(hit));
    }
  }
  return input;
}

}  // namespace medbrief::bench
