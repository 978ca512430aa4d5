#pragma once

// Keeps answer.review_states current from review's WatchArticles stream, so
// that reuse of approved answers and ListAnswers by status read one local
// table instead of asking review per answer. The cursor is stored: a restart
// resumes after the last event applied. Every replica follows (applying an
// event is idempotent: an older or repeated event never overwrites a newer
// one). A stream that breaks is reopened with backoff.

#include <cstdint>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "services/answer/answer_store.h"

namespace medbrief::answer {

// The cursor's name in event_cursor.
inline constexpr char kReviewEventsStream[] = "review.articles";
// The re-open reason recorded when review cannot tell it.
inline constexpr char kUnknownReopenReason[] = "a cited source changed";

class ReviewEventFollower {
 public:
  ReviewEventFollower(AnswerStore& store, review::v1::ReviewService::Stub& review);
  ~ReviewEventFollower();
  ReviewEventFollower(const ReviewEventFollower&) = delete;
  ReviewEventFollower& operator=(const ReviewEventFollower&) = delete;

  void Start();
  // Ends the stream and joins the thread. Idempotent.
  void Stop();

 private:
  void Run();
  // Follows the stream from the stored cursor until it breaks or stopping.
  absl::Status Follow(absl::Duration& backoff);
  // Applies the event until done (true) or stopping (false).
  bool ApplyUntilDone(const review::v1::ArticleEvent& event);
  bool Sleep(absl::Duration duration);
  bool stopping() const;

  AnswerStore& store_;
  review::v1::ReviewService::Stub& review_;
  bool resynced_ = false;  // approvals resynced once; the follower's thread only
  int unsaved_submits_ = 0;  // SUBMIT events passed over since the cursor was stored; the follower's thread only

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* stream_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::thread thread_;
};

}  // namespace medbrief::answer
