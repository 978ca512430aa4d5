// Throughput and latency of the review workflow's transitions over gRPC:
// N concurrent clients (default 16), each on its own channel, each looping
//   SubmitArticle (a new answer) -> ClaimReview -> Decide APPROVE
// against a running medbrief-review. ClaimReview and Decide are the
// transitions counted; SubmitArticle is timed apart. With --contended the
// clients instead race on a few shared articles (claim, approve or request
// changes, resubmit, reopen) and the ABORTED answers are counted: every call
// re-reads the article for its etag first.
//
//   medbrief-review-bench --target 127.0.0.1:50051 [--clients 16] [--seconds 10] [--warmup 2]
//                         [--contended] [--articles 4]
//
// Prints one JSON line. tools/bench/run_review_bench.sh starts a throwaway
// PostgreSQL and the service, and runs this.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "tools/bench/stats.h"

namespace medbrief::bench {
namespace {

namespace v1 = medbrief::review::v1;

struct Options {
  std::string target;
  int clients = 16;
  double seconds = 10;
  double warmup = 2;
  bool contended = false;
  int articles = 4;
};

// What one client measured in the timed window.
struct ClientStats {
  std::vector<double> claim_ms, decide_ms, submit_ms, other_ms;
  std::map<int, int> codes;  // grpc::StatusCode -> calls (transitions only)
  int submit_failed = 0;
};


// A channel of its own, as separate clients would have (gRPC otherwise
// shares one connection between channels to the same target).
std::unique_ptr<v1::ReviewService::Stub> NewStub(const std::string& target, int client) {
  grpc::ChannelArguments args;
  args.SetInt("medbrief.bench.client", client);
  return v1::ReviewService::NewStub(grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
}

bool CreateReviewers(v1::ReviewService::Stub& stub, int n, std::vector<std::string>* ids) {
  for (int i = 0; i < n; ++i) {
    grpc::ClientContext ctx;
    v1::CreateReviewerRequest request;
    request.mutable_reviewer()->set_display_name(absl::StrCat("Bench reviewer ", i));
    request.mutable_reviewer()->set_specialty("benchmarking");
    request.mutable_reviewer()->set_board_member(true);
    v1::Reviewer reviewer;
    const grpc::Status status = stub.CreateReviewer(&ctx, request, &reviewer);
    if (!status.ok()) {
      std::fprintf(stderr, "CreateReviewer: %s\n", status.error_message().c_str());
      return false;
    }
    ids->push_back(reviewer.id());
  }
  return true;
}

// Times one call; records it only when `timed`.
template <typename Call>
grpc::Status Timed(bool timed, std::vector<double>* into, Call call) {
  const absl::Time start = absl::Now();
  grpc::Status status = call();
  if (timed) into->push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  return status;
}

// Submit -> claim -> approve, on fresh articles, until `stop`.
void PipelineClient(v1::ReviewService::Stub& stub, int client, const std::string& reviewer, const std::string& run,
                    const std::atomic<bool>& timed, const std::atomic<bool>& stop, ClientStats& stats) {
  for (int i = 0; !stop.load(); ++i) {
    const bool t = timed.load();
    v1::Article article;
    v1::SubmitArticleRequest submit;
    submit.set_answer_id(absl::StrCat("bench-", run, "-", client, "-", i));
    submit.set_question("What is the recommended follow-up after resection?");
    submit.set_author("medbrief-answer");
    grpc::Status status = Timed(t, &stats.submit_ms, [&] {
      grpc::ClientContext ctx;
      return stub.SubmitArticle(&ctx, submit, &article);
    });
    if (!status.ok()) {
      if (t) ++stats.submit_failed;
      continue;
    }
    v1::ClaimReviewRequest claim;
    claim.set_article_id(article.id());
    claim.set_reviewer_id(reviewer);
    claim.set_etag(article.etag());
    status = Timed(t, &stats.claim_ms, [&] {
      grpc::ClientContext ctx;
      return stub.ClaimReview(&ctx, claim, &article);
    });
    if (t) ++stats.codes[status.error_code()];
    if (!status.ok()) continue;
    v1::DecideRequest decide;
    decide.set_article_id(article.id());
    decide.set_reviewer_id(reviewer);
    decide.set_decision(v1::APPROVE);
    decide.set_etag(article.etag());
    status = Timed(t, &stats.decide_ms, [&] {
      grpc::ClientContext ctx;
      return stub.Decide(&ctx, decide, &article);
    });
    if (t) ++stats.codes[status.error_code()];
  }
}

// Races on shared articles: read, then one transition that its status allows.
void ContendedClient(v1::ReviewService::Stub& stub, int client, const std::vector<std::string>& reviewers,
                     const std::vector<std::string>& articles, const std::atomic<bool>& timed,
                     const std::atomic<bool>& stop, ClientStats& stats) {
  std::mt19937 rng(static_cast<unsigned>(client));
  while (!stop.load()) {
    const bool t = timed.load();
    v1::GetArticleRequest get;
    get.set_article_id(articles[rng() % articles.size()]);
    v1::Article article;
    grpc::ClientContext get_ctx;
    if (!stub.GetArticle(&get_ctx, get, &article).ok()) continue;
    const std::string& reviewer = reviewers[rng() % reviewers.size()];
    grpc::Status status;
    std::vector<double>* into = &stats.other_ms;
    switch (article.status()) {
      case v1::SUBMITTED:
      case v1::UNDER_REVIEW:
        if (article.status() == v1::SUBMITTED || rng() % 3 == 0) {
          v1::ClaimReviewRequest claim;
          claim.set_article_id(article.id());
          claim.set_reviewer_id(reviewer);
          claim.set_etag(article.etag());
          into = &stats.claim_ms;
          status = Timed(t, into, [&] {
            grpc::ClientContext ctx;
            return stub.ClaimReview(&ctx, claim, &article);
          });
        } else {
          v1::DecideRequest decide;
          decide.set_article_id(article.id());
          decide.set_reviewer_id(
              article.reviewer_ids(static_cast<int>(rng() % static_cast<unsigned>(article.reviewer_ids_size()))));
          decide.set_decision(rng() % 4 == 0 ? v1::REQUEST_CHANGES : v1::APPROVE);
          decide.set_note("bench");
          decide.set_etag(article.etag());
          into = &stats.decide_ms;
          status = Timed(t, into, [&] {
            grpc::ClientContext ctx;
            return stub.Decide(&ctx, decide, &article);
          });
        }
        break;
      case v1::CHANGES_REQUESTED: {
        v1::ResubmitArticleRequest resubmit;
        resubmit.set_article_id(article.id());
        resubmit.set_etag(article.etag());
        status = Timed(t, into, [&] {
          grpc::ClientContext ctx;
          return stub.ResubmitArticle(&ctx, resubmit, &article);
        });
        break;
      }
      default: {  // APPROVED
        v1::ReopenArticleRequest reopen;
        reopen.set_article_id(article.id());
        reopen.set_reason("bench: cited source changed");
        status = Timed(t, into, [&] {
          grpc::ClientContext ctx;
          return stub.ReopenArticle(&ctx, reopen, &article);
        });
      }
    }
    if (t) ++stats.codes[status.error_code()];
  }
}

int Run(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--contended") {
      o.contended = true;
    } else if (flag == "--target" && has_value) {
      o.target = argv[++i];
    } else if (flag == "--clients" && has_value && absl::SimpleAtoi(argv[i + 1], &o.clients) && o.clients > 0) {
      ++i;
    } else if (flag == "--seconds" && has_value && absl::SimpleAtod(argv[i + 1], &o.seconds) && o.seconds > 0) {
      ++i;
    } else if (flag == "--warmup" && has_value && absl::SimpleAtod(argv[i + 1], &o.warmup) && o.warmup >= 0) {
      ++i;
    } else if (flag == "--articles" && has_value && absl::SimpleAtoi(argv[i + 1], &o.articles) && o.articles > 0) {
      ++i;
    } else {
      std::fprintf(stderr, "unknown or malformed flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (o.target.empty()) {
    std::fprintf(stderr,
                 "usage: %s --target host:port [--clients 16] [--seconds 10] [--warmup 2] [--contended] "
                 "[--articles 4]\n",
                 argv[0]);
    return 2;
  }

  std::unique_ptr<v1::ReviewService::Stub> setup = NewStub(o.target, -1);
  std::vector<std::string> reviewers;
  if (!CreateReviewers(*setup, std::max(4, o.contended ? 6 : o.clients), &reviewers)) return 1;
  const std::string run = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  std::vector<std::string> articles;
  if (o.contended) {
    for (int i = 0; i < o.articles; ++i) {
      grpc::ClientContext ctx;
      v1::SubmitArticleRequest submit;
      submit.set_answer_id(absl::StrCat("bench-", run, "-shared-", i));
      submit.set_question("Shared article");
      submit.set_author("medbrief-answer");
      v1::Article article;
      if (!setup->SubmitArticle(&ctx, submit, &article).ok()) return 1;
      articles.push_back(article.id());
    }
  }

  std::atomic<bool> timed{false}, stop{false};
  std::vector<ClientStats> stats(o.clients);
  std::vector<std::unique_ptr<v1::ReviewService::Stub>> stubs;
  for (int c = 0; c < o.clients; ++c) stubs.push_back(NewStub(o.target, c));
  std::vector<std::thread> threads;
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back([&, c] {
      if (o.contended) {
        ContendedClient(*stubs[c], c, reviewers, articles, timed, stop, stats[c]);
      } else {
        PipelineClient(*stubs[c], c, reviewers[c % reviewers.size()], run, timed, stop, stats[c]);
      }
    });
  }
  absl::SleepFor(absl::Seconds(o.warmup));
  const absl::Time start = absl::Now();
  timed = true;
  absl::SleepFor(absl::Seconds(o.seconds));
  timed = false;
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  stop = true;
  for (auto& t : threads) t.join();

  ClientStats all;
  for (const ClientStats& s : stats) {
    all.claim_ms.insert(all.claim_ms.end(), s.claim_ms.begin(), s.claim_ms.end());
    all.decide_ms.insert(all.decide_ms.end(), s.decide_ms.begin(), s.decide_ms.end());
    all.submit_ms.insert(all.submit_ms.end(), s.submit_ms.begin(), s.submit_ms.end());
    all.other_ms.insert(all.other_ms.end(), s.other_ms.begin(), s.other_ms.end());
    for (const auto& [code, n] : s.codes) all.codes[code] += n;
    all.submit_failed += s.submit_failed;
  }
  const int ok = all.codes[0];
  int failed = 0;
  std::string codes;
  for (const auto& [code, n] : all.codes) {
    if (code != 0) failed += n;
    absl::StrAppend(&codes, codes.empty() ? "" : ",", "\"", code, "\":", n);
  }
  std::vector<double> transitions = all.claim_ms;
  transitions.insert(transitions.end(), all.decide_ms.begin(), all.decide_ms.end());
  transitions.insert(transitions.end(), all.other_ms.begin(), all.other_ms.end());
  std::printf(
      "{\"mode\":\"%s\",\"clients\":%d,\"seconds\":%.2f,\"transitions_ok\":%d,\"transitions_failed\":%d,"
      "\"transitions_per_s\":%.1f,\"transition_p50_ms\":%.3f,\"transition_p99_ms\":%.3f,"
      "\"claim_p50_ms\":%.3f,\"claim_p99_ms\":%.3f,\"decide_p50_ms\":%.3f,\"decide_p99_ms\":%.3f,"
      "\"submits\":%zu,\"submits_failed\":%d,\"submit_p50_ms\":%.3f,\"submit_p99_ms\":%.3f,\"codes\":{%s}}\n",
      o.contended ? "contended" : "pipeline", o.clients, elapsed, ok, failed, ok / elapsed,
      Percentile(transitions, 0.5), Percentile(transitions, 0.99), Percentile(all.claim_ms, 0.5),
      Percentile(all.claim_ms, 0.99), Percentile(all.decide_ms, 0.5), Percentile(all.decide_ms, 0.99),
      all.submit_ms.size(), all.submit_failed, Percentile(all.submit_ms, 0.5), Percentile(all.submit_ms, 0.99), codes.c_str());
  return 0;
}

}  // namespace
}  // namespace medbrief::bench

int main(int argc, char** argv) { return medbrief::bench::Run(argc, argv); }
