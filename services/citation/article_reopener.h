#pragma once

// Re-opening the review of an answer's article (medbrief.review.v1
// ReviewService: GetArticleByAnswer, then ReopenArticle). An interface, so
// the source event handling is tested with a recorder; the gRPC
// implementation names this service in `x-medbrief-caller`.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "medbrief/review/v1/review.grpc.pb.h"

namespace medbrief::citation {

class ArticleReopener {
 public:
  virtual ~ArticleReopener() = default;
  // OK when review re-opened the article of `answer_id` (or recorded the
  // reason on one still in review); NOT_FOUND when the answer has no
  // article; FAILED_PRECONDITION when its status cannot be re-opened
  // (rejected, retracted); UNAVAILABLE (or another error) when review could
  // not be asked: try again later.
  virtual absl::Status Reopen(absl::string_view answer_id, absl::string_view reason) = 0;
};

class GrpcArticleReopener final : public ArticleReopener {
 public:
  // `timeout` per call (two per re-open): short, so that stopping the
  // follower on SIGTERM stays within the shutdown grace.
  explicit GrpcArticleReopener(std::shared_ptr<grpc::Channel> channel, absl::Duration timeout = absl::Seconds(2));
  absl::Status Reopen(absl::string_view answer_id, absl::string_view reason) override;

 private:
  std::unique_ptr<review::v1::ReviewService::Stub> stub_;
  const absl::Duration timeout_;
};

// Who calls review, as `x-medbrief-caller` (recorded in its audit log).
inline constexpr char kCallerName[] = "medbrief-citation";

}  // namespace medbrief::citation
