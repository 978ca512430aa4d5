#pragma once

// One long-lived thread that runs submitted tasks in order. For pipelines
// that hand work to "the other core" batch after batch: unlike std::async,
// the thread (and its thread_local caches, such as the analyzer's) lives as
// long as the executor.

#include <pthread.h>

#include <deque>
#include <functional>
#include <future>
#include <thread>
#include <type_traits>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace medbrief::concurrency {

class SerialExecutor {
 public:
  // `name` (at most 15 bytes) shows in top, perf and gdb.
  explicit SerialExecutor(const char* name) : thread_([this] { Loop(); }) {
    pthread_setname_np(thread_.native_handle(), name);
  }
  // Runs what was submitted, then joins the thread.
  ~SerialExecutor() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    thread_.join();
  }
  SerialExecutor(const SerialExecutor&) = delete;
  SerialExecutor& operator=(const SerialExecutor&) = delete;

  // Queues `task`; its result (or exception) arrives through the future.
  template <typename F>
  std::future<std::invoke_result_t<F>> Submit(F task) {
    auto packaged = std::make_shared<std::packaged_task<std::invoke_result_t<F>()>>(std::move(task));
    std::future<std::invoke_result_t<F>> result = packaged->get_future();
    absl::MutexLock lock(&mu_);
    tasks_.push_back([packaged] { (*packaged)(); });
    return result;
  }

 private:
  void Loop() {
    while (true) {
      std::function<void()> task;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(this, &SerialExecutor::Awake));
        if (tasks_.empty()) return;  // stopping, and nothing left to run
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  bool Awake() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !tasks_.empty(); }

  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts after the members it uses
};

}  // namespace medbrief::concurrency
