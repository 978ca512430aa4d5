#pragma once

// Following content's source events (WatchSourceEvents):
//   SourceEventHandler  what one event means here: the cached source is
//                       dropped; a source that became SUPERSEDED, RETRACTED
//                       or WITHDRAWN re-opens the review of every answer
//                       citing it. Plain logic, tested with fakes.
//   SourceEventFollower the thread: one follower among the replicas (a
//                       PostgreSQL session lock), the stream from the
//                       stored cursor, each event handled until it succeeds
//                       (backoff), then the cursor saved. A restart resumes
//                       after the last event fully handled. Every replica
//                       also runs one in the kCacheOnly role, so its cache
//                       hears of every change too.
// Delivery is at least once; handling an event again re-opens nothing twice:
// each answer re-opened for an event is recorded before the next one is
// asked, and the marks go when the cursor passes the event. (A crash between
// review's answer and the mark can still repeat that one re-open; review
// treats a repeat as harmless.)

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "services/citation/article_reopener.h"
#include "services/citation/citation_store.h"
#include "services/citation/source_cache.h"

namespace medbrief::citation {

// The cursor's name in event_cursor.
inline constexpr char kSourceEventsStream[] = "content.source_events";

// The most characters of a re-open reason review accepts.
inline constexpr size_t kMaxReasonChars = 4000;

class SourceEventHandler {
 public:
  SourceEventHandler(CitationStore& store, SourceCache& sources, ArticleReopener& reopener)
      : store_(store), sources_(sources), reopener_(reopener) {}

  // What every replica does with every event: drops the cached source.
  void Invalidate(const content::v1::SourceEvent& event);

  // Handles one event; returns how many articles were re-opened. An error
  // (the database, content or review unavailable) means: handle it again
  // later; what was done is not redone.
  absl::StatusOr<int> Handle(const content::v1::SourceEvent& event);

  // Whether an event asks for re-opens: a status change to SUPERSEDED,
  // RETRACTED or WITHDRAWN.
  static bool Reopens(const content::v1::SourceEvent& event);

  // "cited source "<title>" (<id>) was retracted: <reason>", at most
  // kMaxReasonChars characters.
  static std::string ReasonFor(const content::v1::SourceEvent& event, absl::string_view title);

 private:
  CitationStore& store_;
  SourceCache& sources_;
  ArticleReopener& reopener_;
};

// kReopen: the one follower among the replicas (a PostgreSQL session lock)
// handling every event, cursor stored. kCacheOnly: every replica's own
// stream, only dropping cached sources, cursor in memory (starting from the
// stored one).
enum class FollowerRole { kReopen, kCacheOnly };

struct FollowerOptions {
  absl::Duration first_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
  absl::Duration leader_retry = absl::Seconds(2);  // how often a standby replica tries to become the follower
};

class SourceEventFollower {
 public:
  SourceEventFollower(FollowerRole role, std::string dsn, std::shared_ptr<grpc::Channel> content,
                      CitationStore& store, SourceEventHandler& handler, FollowerOptions options = {});
  ~SourceEventFollower();
  SourceEventFollower(const SourceEventFollower&) = delete;
  SourceEventFollower& operator=(const SourceEventFollower&) = delete;

  void Start();
  // Ends the stream and joins the thread; an event being handled is left
  // unsaved (it is handled again after a restart). Idempotent.
  void Stop();

 private:
  void Run();
  // Follows the stream from the stored cursor until it breaks or stopping;
  // `still_leader` checks the session lock's connection.
  absl::Status Follow(const std::function<bool()>& still_leader, absl::Duration& backoff);
  // Handles the event until done (true) or stopping (false).
  bool HandleUntilDone(const content::v1::SourceEvent& event);
  // Sleeps, waking early on Stop(); false once stopping.
  bool Sleep(absl::Duration duration);
  bool stopping() const;

  const FollowerRole role_;
  const std::string dsn_;
  std::unique_ptr<content::v1::ContentService::Stub> content_;
  CitationStore& store_;
  SourceEventHandler& handler_;
  const FollowerOptions options_;
  int64_t cache_cursor_ = -1;  // kCacheOnly: the last event seen (-1: none yet); follower thread only

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* stream_ ABSL_GUARDED_BY(mu_) = nullptr;  // the open stream, to cancel on Stop
  std::thread thread_;
};

}  // namespace medbrief::citation
