#include "services/answer/upstreams.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "common/grpc/call_log.h"
#include "common/grpc/status.h"

namespace medbrief::answer {
namespace {

// Makes a call of `request` whose state lives until gRPC is done with it;
// `start(context, request, response, on_done)` starts it with the callback
// API of a stub.
template <typename Call, typename StartFn>
std::shared_ptr<Call> Start(decltype(Call::request) request, const CallScope& scope, StartFn start) {
  auto call = std::make_shared<Call>();
  call->request = std::move(request);
  scope.Apply(&call->context);
  start(&call->context, &call->request, &call->response, [call](grpc::Status status) {
    call->status = std::move(status);
    call->done.Notify();
  });
  return call;
}

}  // namespace

SourcePtr SourceCache::Get(const std::string& id) {
  absl::MutexLock lock(&mu_);
  const auto it = entries_.find(id);
  if (it == entries_.end() || absl::Now() - it->second.fetched > ttl_) return nullptr;
  return it->second.source;
}

SourcePtr SourceCache::Put(content::v1::Source source) {
  source.clear_sections();  // ranking needs the metadata only
  auto shared = std::make_shared<const content::v1::Source>(std::move(source));
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= capacity_) entries_.clear();  // rare: a bounded cache, refilled on demand
  entries_[shared->id()] = Entry{shared, absl::Now()};
  return shared;
}

absl::Status EvidenceCall::Wait(absl::Time deadline) {
  if (!done_.WaitForNotificationWithDeadline(deadline)) {
    search_context_.TryCancel();
    absl::MutexLock lock(&mu_);
    for (const std::unique_ptr<SourceFetch>& fetch : fetches_) fetch->context.TryCancel();
    return absl::DeadlineExceededError("deadline exceeded");
  }
  absl::MutexLock lock(&mu_);
  return status_;
}

Upstreams::Upstreams(std::shared_ptr<grpc::Channel> content, std::shared_ptr<grpc::Channel> citation,
                     std::shared_ptr<grpc::Channel> review)
    : content_(content::v1::ContentService::NewStub(std::move(content))),
      citation_(citation::v1::CitationService::NewStub(std::move(citation))),
      review_(review::v1::ReviewService::NewStub(std::move(review))) {}

std::shared_ptr<EvidenceCall> Upstreams::FetchEvidence(const std::string& query, content::v1::SourceKind kind,
                                                       int top_k, const CallScope& scope) {
  auto call = std::make_shared<EvidenceCall>();
  call->request_.set_query(query);
  call->request_.add_kinds(kind);
  call->request_.set_top_k(top_k);
  scope.Apply(&call->search_context_);
  content_->async()->Search(&call->search_context_, &call->request_, &call->response_,
                            [this, call, scope](grpc::Status status) {
                              if (!status.ok()) {
                                {
                                  absl::MutexLock lock(&call->mu_);
                                  call->status_ = grpcutil::FromGrpc(status);
                                }
                                call->done_.Notify();
                                return;
                              }
                              FetchSources(call, scope);
                            });
  return call;
}

void Upstreams::FetchSources(const std::shared_ptr<EvidenceCall>& call, const CallScope& scope) {
  // Moved, not copied: a hit owns its passage's text.
  call->hits_.reserve(call->response_.hits_size());
  for (content::v1::Hit& hit : *call->response_.mutable_hits()) call->hits_.push_back(std::move(hit));
  absl::flat_hash_set<std::string> seen;
  {
    absl::MutexLock lock(&call->mu_);
    for (const content::v1::Hit& hit : call->hits_) {
      if (!seen.insert(hit.source_id()).second) continue;
      if (SourcePtr cached = sources_.Get(hit.source_id())) {
        call->sources_.emplace(hit.source_id(), std::move(cached));
        continue;
      }
      auto fetch = std::make_unique<EvidenceCall::SourceFetch>();
      fetch->request.set_id(hit.source_id());
      scope.Apply(&fetch->context);
      call->fetches_.push_back(std::move(fetch));
    }
    call->pending_ = static_cast<int>(call->fetches_.size());
  }
  if (call->fetches_.empty()) {
    call->done_.Notify();
    return;
  }
  for (const std::unique_ptr<EvidenceCall::SourceFetch>& fetch : call->fetches_) {
    EvidenceCall::SourceFetch* f = fetch.get();
    content_->async()->GetSource(&f->context, &f->request, &f->source, [this, call, f](grpc::Status status) {
      SourcePtr source = status.ok() ? sources_.Put(std::move(f->source)) : nullptr;
      bool last = false;
      {
        absl::MutexLock lock(&call->mu_);
        if (source != nullptr) call->sources_.emplace(source->id(), std::move(source));
        last = --call->pending_ == 0;
      }
      if (last) call->done_.Notify();
    });
  }
}

std::shared_ptr<RegisterCall> Upstreams::RegisterCitations(citation::v1::RegisterCitationsRequest request,
                                                           const CallScope& scope) {
  return Start<RegisterCall>(std::move(request), scope, [this](auto... args) {
    citation_->async()->RegisterCitations(args...);
  });
}

std::shared_ptr<SubmitCall> Upstreams::SubmitArticle(review::v1::SubmitArticleRequest request,
                                                     const CallScope& scope) {
  return Start<SubmitCall>(std::move(request), scope, [this](auto... args) {
    review_->async()->SubmitArticle(args...);
  });
}

std::shared_ptr<ArticleByAnswerCall> Upstreams::GetArticleByAnswer(const std::string& answer_id,
                                                                   const CallScope& scope) {
  review::v1::GetArticleByAnswerRequest request;
  request.set_answer_id(answer_id);
  return Start<ArticleByAnswerCall>(std::move(request), scope, [this](auto... args) {
    review_->async()->GetArticleByAnswer(args...);
  });
}

}  // namespace medbrief::answer
