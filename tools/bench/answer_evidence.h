#pragma once

// A JSONL corpus (our schema, e.g. tools/sample-corpus/sources.jsonl) in an
// in-process content search index, searched as the answer pipeline searches
// it: the question's search_query, one search per section kind (GUIDELINE,
// DRUG_LABEL, RESEARCH), CURRENT sources only, top_k each, the drug labels
// then chosen as it chooses them (ChooseLabels). For the answer
// core's micro-benchmark and its golden test, without gRPC or PostgreSQL.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<EvidenceIndex> index, EvidenceIndex::Load(path));
//   answer::AnswerInput input = index->Input(question, answer::v1::PATIENT);
//   answer::AnswerDraft draft = answer::DraftAnswer(input);

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/text/analyzer.h"
#include "services/answer/assemble.h"
#include "services/answer/lexicon.h"
#include "services/content/search/index.h"

namespace medbrief::bench {

class EvidenceIndex {
 public:
  // Every line through the JSONL importer and the chunker, ids as the
  // content service gives them (SourceIdFor), statuses kept.
  static absl::StatusOr<std::unique_ptr<EvidenceIndex>> Load(const std::string& jsonl_path);
  // Several corpora, each "[FORMAT:]PATH": FORMAT jsonl (the default), spl
  // or ngc as the CLI's import takes them, PATH a file or a directory of
  // them. SPL and NGC documents that do not parse are left out.
  static absl::StatusOr<std::unique_ptr<EvidenceIndex>> Load(const std::vector<std::string>& corpora);

  // The hits of the three kinds for `question` (in display order) and their
  // sources, as AnswerService::Assemble hands them to DraftAnswer.
  answer::AnswerInput Input(const std::string& question, answer::v1::Audience audience, int top_k = 20) const;

  size_t source_count() const { return sources_.size(); }

 private:
  EvidenceIndex() : index_(analyzer_) {}

  text::Analyzer analyzer_;
  answer::Lexicon lexicon_;  // as the answer service's, for the drug-label search
  content::search::SearchIndex index_;
  answer::SourceMap sources_;
};

}  // namespace medbrief::bench
