// Why an answer says what it says: for one question, the hits of each
// section kind as the pipeline gets them (the corpus in the content search
// index, searched as the answer service searches) and the sentences the
// ranking would pick, runners-up included, with the parts of their scores.
// For editors and for whoever tunes the ranking.
//
//   medbrief-answer-explain [--corpus [jsonl|spl|ngc:]PATH]...
//                           [--audience CLINICIAN] [--picks 12] "question"
//
// --corpus may be given several times, as medbrief-answer-core-bench takes
// it (real data: tools/bench/run_answer_core_bench.sh shows the paths);
// without it, tools/sample-corpus/sources.jsonl.
//
// The ranking runs as DraftAnswer runs it for a clinician (or, with
// --audience, the options that audience gets, lay rewording apart); the
// answer keeps the first max_sentences of each kind (6 by default), and
// shows a drug-label section's key points grouped by drug
// (GroupLabelKeyPoints), where this lists them in ranking order.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "services/answer/assemble.h"
#include "services/answer/ranking.h"
#include "tools/bench/answer_evidence.h"

namespace medbrief::bench {
namespace {

namespace av1 = answer::v1;

std::string Title(const answer::AnswerInput& input, const std::string& source_id) {
  const auto it = input.sources.find(source_id);
  if (it != input.sources.end()) return it->second->title();
  for (const content::v1::Hit& hit : input.hits) {
    if (answer::SourceIdOf(hit) == source_id) return hit.source_title();
  }
  return source_id;
}

int Run(int argc, char** argv) {
  std::vector<std::string> corpora;
  std::string question;
  av1::Audience audience = av1::CLINICIAN;
  int picks = 12;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string value = i + 1 < argc ? argv[i + 1] : "";
    if (arg == "--corpus" && !value.empty()) {
      corpora.push_back(value);
      ++i;
    } else if (arg == "--audience" && av1::Audience_Parse(value, &audience)) {
      ++i;
    } else if (arg == "--picks" && absl::SimpleAtoi(value, &picks) && picks > 0) {
      ++i;
    } else if (arg.rfind("--", 0) != 0 && question.empty()) {
      question = arg;
    } else {
      std::fprintf(stderr,
                   "usage: medbrief-answer-explain [--corpus [jsonl|spl|ngc:]PATH]... "
                   "[--audience CLINICIAN|PATIENT|CAREGIVER|STUDENT] [--picks N] \"question\"\n");
      return 2;
    }
  }
  if (question.empty()) {
    std::fprintf(stderr, "medbrief-answer-explain: a question is needed\n");
    return 2;
  }
  if (corpora.empty()) corpora.push_back("tools/sample-corpus/sources.jsonl");
  absl::StatusOr<std::unique_ptr<EvidenceIndex>> index = EvidenceIndex::Load(corpora);
  if (!index.ok()) {
    std::fprintf(stderr, "medbrief-answer-explain: %s\n", index.status().ToString().c_str());
    return 1;
  }
  const answer::AnswerInput input = (*index)->Input(question, audience);
  std::printf("question: %s\n", input.question.c_str());
  const answer::RankingOptions ranking = answer::DraftRankingOptions(input);
  for (const std::string& id : ranking.excluded_sources) {
    std::printf("on another condition: %s\n", Title(input, id).c_str());
  }
  for (content::v1::SourceKind kind : {content::v1::GUIDELINE, content::v1::DRUG_LABEL, content::v1::RESEARCH}) {
    std::printf("\n== %s hits (search score, source, section)\n", content::v1::SourceKind_Name(kind).c_str());
    for (const content::v1::Hit& hit : input.hits) {
      if (hit.kind() != kind) continue;
      std::printf("  %6.2f  %s | %s\n", hit.score(), Title(input, answer::SourceIdOf(hit)).c_str(),
                  hit.passage().section_heading().c_str());
    }
    answer::RankingOptions options = ranking;
    options.max_sentences = picks;
    std::printf("== %s picks (score = relevance, recency, evidence%s%s)\n", content::v1::SourceKind_Name(kind).c_str(),
                options.ease_weight > 0 ? ", ease" : "", kind == content::v1::RESEARCH ? "; x abstract part" : "");
    int n = 0;
    for (const answer::RankedSentence& r :
         answer::SelectSentences(input.question, kind, input.hits, input.sources, options)) {
      std::string parts = options.ease_weight > 0
                              ? absl::StrFormat("%.2f %.2f %.2f %.2f", r.relevance, r.recency, r.evidence, r.ease)
                              : absl::StrFormat("%.2f %.2f %.2f", r.relevance, r.recency, r.evidence);
      if (kind == content::v1::RESEARCH) parts += absl::StrFormat("; x %.2f", r.part);
      ++n;
      std::printf("  %2d%s %.3f = %s  [%s]\n      %s\n", n, n > ranking.max_sentences ? "-" : " ", r.score,
                  parts.c_str(), Title(input, r.source_id).c_str(), r.text.c_str());
    }
  }
  return 0;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) { return medbrief::bench::Run(argc, argv); }
