#pragma once

// What the citation service reads from the content service: passages and
// sources. An interface, so the service logic is tested with a fake; the
// gRPC implementation calls medbrief.content.v1.ContentService with a
// deadline per call and retries UNAVAILABLE with backoff until the caller's
// deadline.

#include <functional>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/grpc/call_log.h"
#include "grpcpp/channel.h"
#include "medbrief/content/v1/content.grpc.pb.h"

namespace medbrief::citation {

class ContentReader {
 public:
  virtual ~ContentReader() = default;
  // NOT_FOUND when unknown; UNAVAILABLE (or DEADLINE_EXCEEDED) when content
  // cannot answer by `scope.deadline`. `scope.request_id` is passed on to
  // content.
  virtual absl::StatusOr<content::v1::Passage> GetPassage(absl::string_view id, const grpcutil::CallScope& scope) = 0;
  virtual absl::StatusOr<content::v1::Source> GetSource(absl::string_view id, const grpcutil::CallScope& scope) = 0;
};

struct RetryOptions {
  int max_attempts = 4;  // content down is reported after about 350 ms, not at the deadline
  absl::Duration attempt_timeout = absl::Seconds(2);  // each call, within the overall deadline
  absl::Duration first_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(1);
};

// Passages are kept in memory once read: a passage id is a hash of its
// section and text (content's PassagesOf), so the text of an id never
// changes. At most kMaxCachedPassages are kept (then the cache starts over).
class GrpcContentReader final : public ContentReader {
 public:
  static constexpr size_t kMaxCachedPassages = 50000;

  explicit GrpcContentReader(std::shared_ptr<grpc::Channel> channel, RetryOptions options = {});

  absl::StatusOr<content::v1::Passage> GetPassage(absl::string_view id, const grpcutil::CallScope& scope) override;
  absl::StatusOr<content::v1::Source> GetSource(absl::string_view id, const grpcutil::CallScope& scope) override;

 private:
  std::unique_ptr<content::v1::ContentService::Stub> stub_;
  const RetryOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, content::v1::Passage> passages_ ABSL_GUARDED_BY(mu_);
};

// Runs `call(attempt_deadline)` until it answers other than UNAVAILABLE or
// DEADLINE_EXCEEDED, sleeping with exponential backoff between attempts;
// after max_attempts, or when `deadline` comes first, UNAVAILABLE with the
// last error (the
// dependency is down or too slow to be used: the caller may retry).
absl::Status RetryUnavailable(const RetryOptions& options, absl::Time deadline,
                              const std::function<absl::Status(absl::Time attempt_deadline)>& call);

}  // namespace medbrief::citation
