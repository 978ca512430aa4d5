// medbrief-answer-eval: asks each question of a set through AnswerService
// and reports how good the answers are (issue 6 item 11):
//   - the share of questions whose answer cites an expected source (by the
//     source's external id, read from content);
//   - the share of cited sentences the citation service judged SUPPORTED
//     (and SUPPORTED or PARTIAL).
//
//   medbrief-answer-eval --answer ADDR --content ADDR --questions tools/eval/questions.jsonl [--verbose]

#include <cstdio>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "grpcpp/create_channel.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "tools/bench/questions.h"

namespace medbrief::bench {
namespace {

int Run(const std::string& answer_addr, const std::string& content_addr, const std::string& path, bool verbose) {
  absl::StatusOr<std::vector<Question>> questions = ReadQuestions(path);
  if (!questions.ok()) {
    std::fprintf(stderr, "%s\n", questions.status().ToString().c_str());
    return 2;
  }
  auto answers = answer::v1::AnswerService::NewStub(grpc::CreateChannel(answer_addr, grpc::InsecureChannelCredentials()));
  auto content =
      content::v1::ContentService::NewStub(grpc::CreateChannel(content_addr, grpc::InsecureChannelCredentials()));
  absl::flat_hash_map<std::string, std::string> external_ids;  // source id -> external id
  const auto external_id = [&](const std::string& source_id) -> std::string {
    auto it = external_ids.find(source_id);
    if (it != external_ids.end()) return it->second;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    content::v1::GetSourceRequest request;
    request.set_id(source_id);
    content::v1::Source source;
    const grpc::Status status = content->GetSource(&ctx, request, &source);
    return external_ids[source_id] = status.ok() ? source.external_id() : "?";
  };

  int hits = 0, answered = 0, degraded = 0;
  long cited_total = 0, cited_expected = 0;
  long sentences = 0, supported = 0, partial = 0;
  for (const Question& q : *questions) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    answer::v1::AskRequest request;
    request.set_question(q.question);
    request.set_audience(q.audience);
    answer::v1::Answer answer;
    const grpc::Status status = answers->Ask(&ctx, request, &answer);
    if (!status.ok()) {
      std::printf("%-34s ERROR %s\n", q.id.c_str(), status.error_message().c_str());
      continue;
    }
    ++answered;
    if (!answer.degraded_reasons().empty()) ++degraded;
    std::vector<std::string> cited;
    for (const citation::v1::Citation& c : answer.citations()) {
      cited.push_back(external_id(c.source_id()));
      for (const citation::v1::Support& s : c.support()) {
        ++sentences;
        if (s.verdict() == citation::v1::SUPPORTED) ++supported;
        if (s.verdict() == citation::v1::PARTIAL) ++partial;
      }
    }
    bool hit = false;
    for (const std::string& e : q.expected) {
      hit = hit || std::find(cited.begin(), cited.end(), e) != cited.end();
    }
    cited_total += static_cast<long>(cited.size());
    for (const std::string& c : cited) {
      cited_expected += std::find(q.expected.begin(), q.expected.end(), c) != q.expected.end() ? 1 : 0;
    }
    hits += hit ? 1 : 0;
    std::printf("%-34s %s  sections %d  cited %zu%s\n", q.id.c_str(), hit ? "HIT " : "miss", answer.sections_size(),
                cited.size(), verbose ? absl::StrCat("  [", absl::StrJoin(cited, " "), "]").c_str() : "");
  }
  const int n = static_cast<int>(questions->size());
  std::printf("\nquestions %d, answered %d, degraded %d\n", n, answered, degraded);
  std::printf("cite an expected source: %d/%d = %.3f\n", hits, n, n > 0 ? static_cast<double>(hits) / n : 0.0);
  // The expected lists name what a good answer must cite, not everything it
  // may: this share is a lower bound of the citations' precision.
  std::printf("citations of an expected source: %ld/%ld = %.3f (a lower bound of precision)\n", cited_expected,
              cited_total, cited_total > 0 ? static_cast<double>(cited_expected) / cited_total : 0.0);
  std::printf("cited sentences %ld: SUPPORTED %.3f, SUPPORTED or PARTIAL %.3f\n", sentences,
              sentences > 0 ? static_cast<double>(supported) / sentences : 0.0,
              sentences > 0 ? static_cast<double>(supported + partial) / sentences : 0.0);
  return answered == n ? 0 : 1;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) {
  std::string answer, content, questions;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--verbose") verbose = true;
    else if (arg == "--answer" && i + 1 < argc) answer = argv[++i];
    else if (arg == "--content" && i + 1 < argc) content = argv[++i];
    else if (arg == "--questions" && i + 1 < argc) questions = argv[++i];
    else answer.clear(), i = argc;
  }
  if (answer.empty() || content.empty() || questions.empty()) {
    std::fputs("usage: medbrief-answer-eval --answer ADDR --content ADDR --questions FILE [--verbose]\n", stderr);
    return 2;
  }
  return medbrief::bench::Run(answer, content, questions, verbose);
}
