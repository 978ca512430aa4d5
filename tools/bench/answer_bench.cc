// Latency and throughput of AnswerService.Ask through all four services:
// N concurrent clients (default 8), each on its own channel, each looping
// over the question set from its own offset.
//   --mode fresh   every Ask assembles a new answer (nothing is approved):
//                  3 searches, source reads, citation registration with
//                  support checks, review submission, storage
//   --mode reused  each question's answer is approved first (through
//                  review, --review ADDR); Ask then returns the stored answer
//
//   medbrief-answer-bench --answer ADDR [--review ADDR] --questions FILE
//                         [--mode fresh|reused] [--clients 8] [--seconds 20] [--warmup 3]
//                         [--slowest N]   (the N slowest questions by median, on stderr)
//
// Prints one JSON line. tools/bench/run_answer_bench.sh starts the suite,
// loads the corpora and runs both modes.

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tools/bench/questions.h"
#include "tools/bench/stats.h"

namespace medbrief::bench {
namespace {

namespace av1 = answer::v1;
namespace rv1 = review::v1;

struct Options {
  std::string answer, review, questions, mode = "fresh";
  int clients = 8;
  double seconds = 20, warmup = 3;
  int slowest = 0;  // questions listed on stderr, slowest median first
};

std::chrono::system_clock::time_point In(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

// User and system CPU of this process so far.
double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

av1::AskRequest RequestFor(const Question& q) {
  av1::AskRequest request;
  request.set_question(q.question);
  request.set_audience(q.audience);
  return request;
}

// Asks each question once and approves its answer; waits until Ask returns
// the approved answer. False (with a message) when that fails.
bool ApproveAll(const Options& options, const std::vector<Question>& questions) {
  auto answers = av1::AnswerService::NewStub(grpc::CreateChannel(options.answer, grpc::InsecureChannelCredentials()));
  auto review = rv1::ReviewService::NewStub(grpc::CreateChannel(options.review, grpc::InsecureChannelCredentials()));
  rv1::Reviewer reviewer;
  {
    grpc::ClientContext ctx;
    rv1::CreateReviewerRequest request;
    request.mutable_reviewer()->set_display_name("Benchmark board");
    request.mutable_reviewer()->set_board_member(true);
    if (!review->CreateReviewer(&ctx, request, &reviewer).ok()) return false;
  }
  for (const Question& q : questions) {
    av1::Answer answer;
    grpc::ClientContext ask;
    ask.set_deadline(In(30));
    if (grpc::Status s = answers->Ask(&ask, RequestFor(q), &answer); !s.ok()) {
      std::fprintf(stderr, "ask %s: %s\n", q.id.c_str(), s.error_message().c_str());
      return false;
    }
    if (answer.review().status() == rv1::APPROVED) continue;  // two questions of one key
    rv1::Article article;
    grpc::ClientContext get, claim, decide;
    rv1::GetArticleRequest g;
    g.set_article_id(answer.review().article_id());
    if (!review->GetArticle(&get, g, &article).ok()) return false;
    rv1::ClaimReviewRequest c;
    c.set_article_id(article.id());
    c.set_reviewer_id(reviewer.id());
    c.set_etag(article.etag());
    if (!review->ClaimReview(&claim, c, &article).ok()) return false;
    rv1::DecideRequest d;
    d.set_article_id(article.id());
    d.set_reviewer_id(reviewer.id());
    d.set_decision(rv1::APPROVE);
    d.set_etag(article.etag());
    if (grpc::Status s = review->Decide(&decide, d, &article); !s.ok() || article.status() != rv1::APPROVED) {
      std::fprintf(stderr, "approve %s: %s\n", q.id.c_str(), s.error_message().c_str());
      return false;
    }
  }
  // The approvals reach the answer service through review's event stream.
  const absl::Time until = absl::Now() + absl::Seconds(30);
  for (const Question& q : questions) {
    while (true) {
      av1::Answer answer;
      grpc::ClientContext ask;
      ask.set_deadline(In(30));
      if (answers->Ask(&ask, RequestFor(q), &answer).ok() && answer.review().status() == rv1::APPROVED) break;
      if (absl::Now() > until) {
        std::fprintf(stderr, "%s: the approved answer is not reused\n", q.id.c_str());
        return false;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  return true;
}

int Run(const Options& options) {
  absl::StatusOr<std::vector<Question>> questions = ReadQuestions(options.questions);
  if (!questions.ok() || questions->empty()) {
    std::fprintf(stderr, "questions: %s\n", questions.ok() ? "none" : questions.status().ToString().c_str());
    return 2;
  }
  if (options.mode == "reused" && !ApproveAll(options, *questions)) return 1;

  std::atomic<bool> measuring{false}, stop{false};
  std::vector<std::vector<double>> latencies(options.clients);
  std::vector<std::vector<size_t>> asked(options.clients);  // the question of each latency
  std::vector<int> failures(options.clients, 0), degraded(options.clients, 0), not_reused(options.clients, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < options.clients; ++c) {
    clients.emplace_back([&, c] {
      // Its own channel (a subchannel of its own), as separate clients have.
      grpc::ChannelArguments args;
      args.SetInt("medbrief.bench.client", c);
      auto stub = av1::AnswerService::NewStub(
          grpc::CreateCustomChannel(options.answer, grpc::InsecureChannelCredentials(), args));
      size_t next = static_cast<size_t>(c) * questions->size() / static_cast<size_t>(options.clients);
      while (!stop.load()) {
        const size_t index = next++ % questions->size();
        const Question& q = (*questions)[index];
        grpc::ClientContext ctx;
        ctx.set_deadline(In(30));
        av1::Answer answer;
        const absl::Time start = absl::Now();
        const grpc::Status status = stub->Ask(&ctx, RequestFor(q), &answer);
        const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
        if (!measuring.load()) continue;
        if (!status.ok()) {
          ++failures[c];
          continue;
        }
        latencies[c].push_back(ms);
        asked[c].push_back(index);
        if (!answer.degraded_reasons().empty()) ++degraded[c];
        if (options.mode == "reused" && answer.review().status() != rv1::APPROVED) ++not_reused[c];
      }
    });
  }
  absl::SleepFor(absl::Seconds(options.warmup));
  measuring = true;
  std::fprintf(stderr, "measuring\n");  // run_answer_bench.sh starts its CPU count here
  std::fflush(stderr);
  const absl::Time start = absl::Now();
  const double cpu_start = ProcessCpuSeconds();
  absl::SleepFor(absl::Seconds(options.seconds));
  measuring = false;
  const double client_cpu = ProcessCpuSeconds() - cpu_start;
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  stop = true;
  for (std::thread& t : clients) t.join();

  std::vector<double> all;
  int failed = 0, degraded_total = 0, not_reused_total = 0;
  for (int c = 0; c < options.clients; ++c) {
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
    failed += failures[c];
    degraded_total += degraded[c];
    not_reused_total += not_reused[c];
  }
  std::printf(
      "{\"mode\":\"%s\",\"clients\":%d,\"questions\":%zu,\"seconds\":%.1f,\"answers\":%zu,\"per_second\":%.1f,"
      "\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"failed\":%d,\"degraded\":%d,"
      "\"not_reused\":%d,\"client_cpu_s\":%.3f}\n",
      options.mode.c_str(), options.clients, questions->size(), elapsed, all.size(),
      static_cast<double>(all.size()) / elapsed, Percentile(all, 0.5), Percentile(all, 0.9), Percentile(all, 0.99),
      Percentile(all, 1.0), failed, degraded_total, not_reused_total, client_cpu);
  if (options.slowest > 0) {
    std::vector<std::vector<double>> by_question(questions->size());
    for (int c = 0; c < options.clients; ++c) {
      for (size_t i = 0; i < latencies[c].size(); ++i) by_question[asked[c][i]].push_back(latencies[c][i]);
    }
    std::vector<std::pair<double, size_t>> medians;
    for (size_t q = 0; q < by_question.size(); ++q) {
      if (!by_question[q].empty()) medians.emplace_back(Percentile(by_question[q], 0.5), q);
    }
    std::sort(medians.rbegin(), medians.rend());
    for (size_t i = 0; i < medians.size() && i < static_cast<size_t>(options.slowest); ++i) {
      const std::vector<double>& ms = by_question[medians[i].second];
      std::fprintf(stderr, "{\"question\":\"%s\",\"answers\":%zu,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}\n",
                   (*questions)[medians[i].second].id.c_str(), ms.size(), Percentile(ms, 0.5), Percentile(ms, 0.99),
                   Percentile(ms, 1.0));
    }
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) {
  medbrief::bench::Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    bool ok = true;
    if (flag == "--answer") options.answer = value;
    else if (flag == "--review") options.review = value;
    else if (flag == "--questions") options.questions = value;
    else if (flag == "--mode") options.mode = value;
    else if (flag == "--clients") ok = absl::SimpleAtoi(value, &options.clients) && options.clients > 0;
    else if (flag == "--seconds") ok = absl::SimpleAtod(value, &options.seconds);
    else if (flag == "--warmup") ok = absl::SimpleAtod(value, &options.warmup);
    else if (flag == "--slowest") ok = absl::SimpleAtoi(value, &options.slowest) && options.slowest >= 0;
    else ok = false;
    if (!ok) options.answer.clear();
  }
  if (options.answer.empty() || options.questions.empty() || (options.mode != "fresh" && options.mode != "reused") ||
      (options.mode == "reused" && options.review.empty()) || argc % 2 == 0) {
    std::fputs(
        "usage: medbrief-answer-bench --answer ADDR [--review ADDR] --questions FILE [--mode fresh|reused]\n"
        "                             [--clients 8] [--seconds 20] [--warmup 3]\n"
        "                             [--slowest N]\n",
        stderr);
    return 2;
  }
  return medbrief::bench::Run(options);
}
