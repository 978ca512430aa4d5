#pragma once

// Finishes what Ask could not: an answer is stored even when review or
// citation failed or ran past its deadline (the user gets it, degraded), and
// pending_answers records what is left. The repairer claims due rows every
// `interval`, submits the article and registers the citations again (both
// idempotent: a submission that reached review after all returns the same
// article, a registration that did returns the same numbers), and records
// the outcome. Without it such an answer would never reach the board, and
// retracting a source it cites would never re-open it. A call refused for
// good (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION: a passage
// re-imported away, say) is not retried: its row is set aside with
// next_attempt 'infinity' and the error, for an operator.

#include <algorithm>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/answer/answer_store.h"
#include "services/answer/upstreams.h"

namespace medbrief::answer {

struct RepairOptions {
  absl::Duration interval = absl::Seconds(5);      // between looks for due rows
  absl::Duration call_timeout = absl::Seconds(5);  // per SubmitArticle / RegisterCitations
  int batch = 32;                                  // rows claimed per look; their calls run at once
  // A claim's hold, and a first retry's backoff (doubling per attempt): the
  // interval, but never under twice the call timeout, so that a look
  // (its calls run at once) ends before its claims do.
  absl::Duration lease() const { return std::max(interval, 2 * call_timeout); }
};

class Repairer {
 public:
  Repairer(AnswerStore& store, Upstreams& upstreams, RepairOptions options = {});
  ~Repairer();
  Repairer(const Repairer&) = delete;
  Repairer& operator=(const Repairer&) = delete;

  void Start();
  // Stops looking, cancels the calls under way and joins the thread.
  // Idempotent.
  void Stop();

  // One look: claims the due rows and retries them. Returns how many were
  // claimed.
  absl::StatusOr<int> RepairDue();

 private:
  // One pending answer's calls, started together.
  struct Retry {
    const PendingAnswer* pending;
    std::shared_ptr<SubmitCall> submitting;
    std::shared_ptr<RegisterCall> registering;
  };
  void Run();
  Retry Start(const PendingAnswer& pending, absl::Time deadline);
  RepairOutcome Finish(const Retry& retry, absl::Time deadline);
  // Waits for a call until its deadline, or cancels it when stopping.
  template <typename Call>
  absl::Status Wait(Call& call, absl::Time deadline);

  AnswerStore& store_;
  Upstreams& upstreams_;
  const RepairOptions options_;

  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace medbrief::answer
