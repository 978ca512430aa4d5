#pragma once

// The answer pipeline's calls to content, citation and review, made with
// gRPC's asynchronous (callback) API so that they run in parallel: a call is
// started, the pipeline goes on, and waits for it later with a deadline.
// A wait that passes its deadline cancels the call and answers
// DEADLINE_EXCEEDED; the call's state lives until gRPC is done with it, so
// an abandoned call never touches freed memory.
//
//   Upstreams up(content, citation, review);
//   auto guidelines = up.FetchEvidence(query, content::v1::GUIDELINE, deadline);
//   ...
//   absl::Status s = guidelines->Wait(deadline);   // hits + their sources

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/grpc/call_log.h"
#include "common/grpc/status.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "services/answer/ranking.h"

namespace medbrief::answer {

using grpcutil::CallScope;

// One unary call in flight, made by Upstreams. Wait() as often as needed.
template <typename Request, typename Response>
struct PendingCall {
  // OK with `response` set, or why the call failed. Past `deadline` the call
  // is cancelled and the answer is DEADLINE_EXCEEDED.
  absl::Status Wait(absl::Time deadline) {
    if (!done.WaitForNotificationWithDeadline(deadline)) {
      context.TryCancel();
      return absl::DeadlineExceededError("deadline exceeded");
    }
    return grpcutil::FromGrpc(status);
  }

  grpc::ClientContext context;
  Request request;
  Response response;
  grpc::Status status;  // written before `done` is notified
  absl::Notification done;
};

// The hits of one section kind with the metadata of their sources.
class EvidenceCall {
 public:
  absl::Status Wait(absl::Time deadline);
  // Valid after Wait() returned OK; TakeHits() hands the hits over once.
  std::vector<content::v1::Hit> TakeHits() { return std::move(hits_); }
  const SourceMap& sources() const ABSL_NO_THREAD_SAFETY_ANALYSIS { return sources_; }

 private:
  friend class Upstreams;
  grpc::ClientContext search_context_;
  content::v1::SearchRequest request_;
  content::v1::SearchResponse response_;
  // One GetSource call.
  struct SourceFetch {
    grpc::ClientContext context;
    content::v1::GetSourceRequest request;
    content::v1::Source source;
  };
  // Filled under mu_ before the first fetch starts, then only read.
  std::vector<std::unique_ptr<SourceFetch>> fetches_;

  absl::Mutex mu_;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  int pending_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<content::v1::Hit> hits_;  // written before done_ is notified
  SourceMap sources_ ABSL_GUARDED_BY(mu_);
  absl::Notification done_;
};

// Source metadata (evidence level, status, date) read through content's
// GetSource, kept for `ttl`. Search already leaves out inactive sources, so a
// source's status that changed within the ttl only affects ranking.
class SourceCache {
 public:
  explicit SourceCache(absl::Duration ttl = absl::Minutes(10), size_t capacity = 20000)
      : ttl_(ttl), capacity_(capacity) {}
  // nullptr when the source is not cached or its entry is older than ttl.
  SourcePtr Get(const std::string& id);
  // Keeps the source's metadata (its sections are dropped) and returns it.
  SourcePtr Put(content::v1::Source source);

 private:
  struct Entry {
    SourcePtr source;
    absl::Time fetched;
  };
  const absl::Duration ttl_;
  const size_t capacity_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

using RegisterCall = PendingCall<citation::v1::RegisterCitationsRequest, citation::v1::RegisterCitationsResponse>;
using SubmitCall = PendingCall<review::v1::SubmitArticleRequest, review::v1::Article>;
using ArticleByAnswerCall = PendingCall<review::v1::GetArticleByAnswerRequest, review::v1::Article>;

class Upstreams {
 public:
  Upstreams(std::shared_ptr<grpc::Channel> content, std::shared_ptr<grpc::Channel> citation,
            std::shared_ptr<grpc::Channel> review);

  // Search(query, kinds = {kind}, top_k) then GetSource for each hit's
  // source not cached; a source that cannot be read is left out of
  // sources() (ranking works without it).
  std::shared_ptr<EvidenceCall> FetchEvidence(const std::string& query, content::v1::SourceKind kind, int top_k,
                                              const CallScope& scope);

  std::shared_ptr<RegisterCall> RegisterCitations(citation::v1::RegisterCitationsRequest request,
                                                  const CallScope& scope);
  std::shared_ptr<SubmitCall> SubmitArticle(review::v1::SubmitArticleRequest request, const CallScope& scope);
  std::shared_ptr<ArticleByAnswerCall> GetArticleByAnswer(const std::string& answer_id, const CallScope& scope);

  // For the follower of review's events (a stream, and a plain read of an
  // article's re-open reason).
  review::v1::ReviewService::Stub& review() { return *review_; }

 private:
  // Called by the search's callback: reads the hits' sources and finishes
  // the call.
  void FetchSources(const std::shared_ptr<EvidenceCall>& call, const CallScope& scope);

  std::unique_ptr<content::v1::ContentService::Stub> content_;
  std::unique_ptr<citation::v1::CitationService::Stub> citation_;
  std::unique_ptr<review::v1::ReviewService::Stub> review_;
  SourceCache sources_;
};

}  // namespace medbrief::answer
