#pragma once

// Finishes what Ask could not: an answer is stored even when review or
// citation failed or ran past its deadline (the user gets it, degraded), and
// pending_answers records what is left. The repairer claims due rows every
// `interval`, submits the article and registers the citations again (both
// idempotent: a submission that reached review after all returns the same
// article, a registration that did returns the same numbers), and records
// the outcome. Without it such an answer would never reach the board, and
// retracting a source it cites would never re-open it.

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/answer/answer_store.h"
#include "services/answer/upstreams.h"

namespace medbrief::answer {

struct RepairOptions {
  absl::Duration interval = absl::Seconds(5);      // between looks for due rows
  absl::Duration lease = absl::Seconds(5);         // a first retry's backoff; doubles per attempt
  absl::Duration call_timeout = absl::Seconds(5);  // per SubmitArticle / RegisterCitations
  int batch = 32;                                  // rows claimed per look
};

class Repairer {
 public:
  Repairer(AnswerStore& store, Upstreams& upstreams, RepairOptions options = {});
  ~Repairer();
  Repairer(const Repairer&) = delete;
  Repairer& operator=(const Repairer&) = delete;

  void Start();
  // Stops looking and joins the thread (a retry under way finishes). Idempotent.
  void Stop();

  // One look: claims the due rows and retries them. Returns how many were
  // claimed.
  absl::StatusOr<int> RepairDue();

 private:
  void Run();
  RepairOutcome Repair(const PendingAnswer& pending);
  bool Sleep(absl::Duration duration);

  AnswerStore& store_;
  Upstreams& upstreams_;
  const RepairOptions options_;

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace medbrief::answer
