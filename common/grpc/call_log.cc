#include "common/grpc/call_log.h"

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"

namespace medbrief::grpcutil {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Request ids of the calls in flight, by their server context. Handlers read
// it; the interceptor owns the entries for the lifetime of its call.
class RequestIds {
 public:
  void Put(const grpc::ServerContextBase* ctx, std::string id) {
    absl::MutexLock lock(&mu_);
    ids_[ctx] = std::move(id);
  }
  void Erase(const grpc::ServerContextBase* ctx) {
    absl::MutexLock lock(&mu_);
    ids_.erase(ctx);
  }
  std::string Get(const grpc::ServerContextBase* ctx) const {
    absl::MutexLock lock(&mu_);
    auto it = ids_.find(ctx);
    return it == ids_.end() ? std::string() : it->second;
  }

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, std::string> ids_ ABSL_GUARDED_BY(mu_);
};

RequestIds& Registry() {
  static RequestIds* const kIds = new RequestIds();
  return *kIds;
}

class CallLogInterceptor : public grpc::experimental::Interceptor {
 public:
  CallLogInterceptor(grpc::experimental::ServerRpcInfo* info, std::shared_ptr<std::atomic<int>> in_flight)
      : context_(info->server_context()),
        method_(info->method() != nullptr ? info->method() : ""),
        unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY),
        start_(absl::Now()),
        in_flight_(std::move(in_flight)) {
    ++*in_flight_;
  }

  ~CallLogInterceptor() override {
    --*in_flight_;
    Registry().Erase(context_);
    // Health checks and reflection are polled constantly: debug only.
    log::Level level = log::Level::kInfo;
    if (absl::StartsWith(method_, "/grpc.")) {
      level = log::Level::kDebug;
    } else if (code_ != grpc::StatusCode::OK) {
      level = log::Level::kWarn;
    }
    if (!observed_) Observe();  // ended without sending a status (cancelled)
    log::Write(level, "rpc",
               {{"method", method_},
                {"code", static_cast<int>(code_)},
                {"duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start_)},
                {"request_id", request_id_}});
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kRequestIdHeader);
      if (it != metadata->end()) request_id_.assign(it->second.data(), it->second.size());
      if (!IsValidRequestId(request_id_)) request_id_ = NewRequestId();
      Registry().Put(context_, request_id_);
    }
    // A unary request that did not deserialize reaches the interceptors as
    // no message.
    if (unary_ && methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      request_unreadable_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (!request_id_.empty()) methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      code_ = status.error_code();
      // gRPC's own answers to a request it could not deserialize: INTERNAL
      // for a synchronous method, UNIMPLEMENTED for a callback one. Every
      // status of ours carries a message (grpcutil::ToGrpc).
      const bool unreadable = status.error_message().empty() && absl::StartsWith(method_, "/medbrief.") &&
                              (code_ == grpc::StatusCode::INTERNAL ||
                               (code_ == grpc::StatusCode::UNIMPLEMENTED && request_unreadable_));
      if (unreadable) {
        code_ = grpc::StatusCode::INVALID_ARGUMENT;
        methods->ModifySendStatus(grpc::Status(
            code_, "request: not a valid message (malformed protobuf, or a string field that is not UTF-8)"));
      }
      // The generated base class answers an RPC nobody implemented with an
      // empty message; say plainly what that means.
      if (!unreadable && code_ == grpc::StatusCode::UNIMPLEMENTED && status.error_message().empty() &&
          absl::StartsWith(method_, "/medbrief.")) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::UNIMPLEMENTED, method_ + " is not implemented yet in this version of medbrief"));
      }
      // Counted before the client can see the status: a scrape after a call
      // returns always includes it.
      Observe();
    }
    methods->Proceed();
  }

 private:
  void Observe() {
    observed_ = true;
    metrics::Registry::Default().ObserveRpc(method_, absl::StatusCodeToString(static_cast<absl::StatusCode>(code_)),
                                            absl::ToDoubleSeconds(absl::Now() - start_));
  }

  const grpc::ServerContextBase* context_;
  const std::string method_;
  const bool unary_;
  const absl::Time start_;
  std::string request_id_;
  grpc::StatusCode code_ = grpc::StatusCode::CANCELLED;  // until a status is sent
  bool observed_ = false;
  bool request_unreadable_ = false;
  std::shared_ptr<std::atomic<int>> in_flight_;
};

}  // namespace

bool IsValidRequestId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string NewRequestId() {
  // Unique, not secret: each thread's own generator, seeded by the system
  // once. (OpenSSL's generator took a few percent of a search's CPU.)
  thread_local absl::BitGen bits;
  return absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(bits), absl::kZeroPad16),
                      absl::Hex(absl::Uniform<uint32_t>(bits), absl::kZeroPad8));
}

std::string RequestId(const grpc::ServerContextBase& context) { return Registry().Get(&context); }

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogInterceptor(info, in_flight_);
}

void CallScope::Apply(grpc::ClientContext* context) const {
  context->set_deadline(absl::ToChronoTime(deadline));
  if (!request_id.empty()) context->AddMetadata(kRequestIdHeader, request_id);
}

}  // namespace medbrief::grpcutil
