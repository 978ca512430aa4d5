#include "services/citation/source_events.h"

#include <algorithm>
#include <utility>

#include <pqxx/pqxx>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/db/pool.h"
#include "common/grpc/status.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "services/citation/sql.h"

namespace medbrief::citation {
namespace {

using content::v1::SourceEvent;

constexpr int kAnswersPerPage = 500;
// Short, so that Stop() (on SIGTERM) never waits long for a call in flight.
constexpr absl::Duration kContentTimeout = absl::Seconds(2);

absl::string_view StatusWord(content::v1::SourceStatus status) {
  switch (status) {
    case content::v1::SUPERSEDED:
      return "superseded";
    case content::v1::RETRACTED:
      return "retracted";
    case content::v1::WITHDRAWN:
      return "withdrawn";
    default:
      return "changed";
  }
}

}  // namespace

bool SourceEventHandler::Reopens(const SourceEvent& event) {
  return event.type() == SourceEvent::STATUS_CHANGED &&
         (event.status() == content::v1::SUPERSEDED || event.status() == content::v1::RETRACTED ||
          event.status() == content::v1::WITHDRAWN);
}

std::string SourceEventHandler::ReasonFor(const SourceEvent& event, absl::string_view title) {
  std::string reason =
      absl::StrCat("cited source \"", title, "\" (", event.source_id(), ") was ", StatusWord(event.status()));
  if (event.status() == content::v1::SUPERSEDED && !event.superseded_by().empty()) {
    absl::StrAppend(&reason, " by ", event.superseded_by());
  }
  if (!event.reason().empty()) absl::StrAppend(&reason, ": ", event.reason());
  return text::TruncateCodePoints(reason, kMaxReasonChars);
}

void SourceEventHandler::Invalidate(const SourceEvent& event) { sources_.Invalidate(event.source_id()); }

absl::StatusOr<int> SourceEventHandler::Handle(const SourceEvent& event) {
  Invalidate(event);
  if (!Reopens(event)) return 0;
  ASSIGN_OR_RETURN(const absl::flat_hash_set<std::string> done, store_.ReopenedAnswers(event.sequence()));
  std::string reason;  // asked of content only when some answer cites the source
  int reopened = 0;
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<std::string> answers,
                     store_.CitingAnswers(event.source_id(), after, kAnswersPerPage));
    for (const std::string& answer : answers) {
      if (done.contains(answer)) continue;
      if (reason.empty()) {
        absl::StatusOr<SourcePtr> source = sources_.Get(event.source_id(), absl::Now() + kContentTimeout);
        if (!source.ok() && source.status().code() != absl::StatusCode::kNotFound) return source.status();
        reason = ReasonFor(event, source.ok() && !(*source)->source().title().empty() ? (*source)->source().title()
                                                                                   : event.source_id());
      }
      const absl::Status status = reopener_.Reopen(answer, reason);
      switch (status.code()) {
        case absl::StatusCode::kOk:
          ++reopened;
          break;
        case absl::StatusCode::kNotFound:            // never submitted for review
        case absl::StatusCode::kFailedPrecondition:  // rejected or retracted: nothing to re-open
          log::Debug("source events: nothing to re-open",
                     {{"answer_id", answer}, {"source_id", event.source_id()}, {"why", status.ToString()}});
          break;
        case absl::StatusCode::kInvalidArgument:  // asking again would not help
          log::Error("source events: review refused the re-open",
                     {{"answer_id", answer}, {"source_id", event.source_id()}, {"error", status.ToString()}});
          break;
        default:
          return status;
      }
      RETURN_IF_ERROR(store_.MarkReopened(event.sequence(), answer));
    }
    if (static_cast<int>(answers.size()) < kAnswersPerPage) break;
    after = answers.back();
  }
  return reopened;
}

SourceEventFollower::SourceEventFollower(FollowerRole role, std::string dsn, std::shared_ptr<grpc::Channel> content,
                                         CitationStore& store, SourceEventHandler& handler, FollowerOptions options)
    : role_(role),
      dsn_(std::move(dsn)),
      content_(content::v1::ContentService::NewStub(std::move(content))),
      store_(store),
      handler_(handler),
      options_(options) {}

SourceEventFollower::~SourceEventFollower() { Stop(); }

void SourceEventFollower::Start() { thread_ = std::thread([this] { Run(); }); }

void SourceEventFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (stream_ != nullptr) stream_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

bool SourceEventFollower::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

bool SourceEventFollower::Sleep(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

void SourceEventFollower::Run() {
  absl::Duration backoff = options_.first_backoff;
  const auto wait = [&] {
    Sleep(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  };
  if (role_ == FollowerRole::kCacheOnly) {
    while (!stopping()) {
      const absl::Status status = Follow([] { return true; }, backoff);
      if (stopping()) return;
      log::Warn("source events (cache): stream ended, reconnecting", {{"error", status.ToString()}});
      wait();
    }
    return;
  }
  while (!stopping()) {
    try {
      // One follower among the replicas: the session lock lives as long as
      // this connection.
      pqxx::connection lock_conn(db::WithConnectTimeout(dsn_));
      bool leader = false;
      bool waiting_logged = false;
      while (!leader) {
        {
          pqxx::nontransaction tx(lock_conn);
          leader = tx.exec1(sql::kTryFollowerLock)[0].as<bool>();
        }
        if (leader) break;
        if (!waiting_logged) log::Info("source events: another replica follows; standing by", {});
        waiting_logged = true;
        if (!Sleep(options_.leader_retry)) return;
      }
      log::Info("source events: following", {});
      const auto still_leader = [&lock_conn]() {
        try {
          pqxx::nontransaction tx(lock_conn);
          tx.exec(sql::kPing);
          return true;
        } catch (const std::exception&) {
          return false;
        }
      };
      while (!stopping()) {
        const absl::Status status = Follow(still_leader, backoff);
        if (stopping()) return;
        if (!still_leader()) throw std::runtime_error("the follower lock's connection was lost");
        log::Warn("source events: stream ended, reconnecting", {{"error", status.ToString()}});
        wait();
      }
    } catch (const std::exception& e) {
      log::Warn("source events: database connection failed, retrying", {{"error", e.what()}});
      wait();
    }
  }
}

absl::Status SourceEventFollower::Follow(const std::function<bool()>& still_leader, absl::Duration& backoff) {
  int64_t cursor = cache_cursor_;
  if (role_ == FollowerRole::kReopen || cursor < 0) {
    ASSIGN_OR_RETURN(cursor, store_.LoadCursor(kSourceEventsStream));
  }
  grpc::ClientContext context;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::OkStatus();
    stream_ = &context;
  }
  content::v1::WatchSourceEventsRequest request;
  request.set_after_sequence(cursor);
  std::unique_ptr<grpc::ClientReader<SourceEvent>> reader = content_->WatchSourceEvents(&context, request);
  SourceEvent event;
  absl::Status ended;
  while (reader->Read(&event)) {
    backoff = options_.first_backoff;
    if (event.sequence() <= cursor) continue;
    if (!still_leader()) {
      ended = absl::UnavailableError("the follower lock's connection was lost");
      break;
    }
    if (role_ == FollowerRole::kCacheOnly) {
      handler_.Invalidate(event);
      cache_cursor_ = event.sequence();
    } else if (!HandleUntilDone(event)) {
      break;  // stopping
    }
    cursor = event.sequence();
  }
  {
    absl::MutexLock lock(&mu_);
    stream_ = nullptr;
  }
  context.TryCancel();
  while (reader->Read(&event)) {
  }
  const absl::Status finished = grpcutil::FromGrpc(reader->Finish());
  return ended.ok() ? finished : ended;
}

bool SourceEventFollower::HandleUntilDone(const SourceEvent& event) {
  absl::Duration backoff = options_.first_backoff;
  while (!stopping()) {
    absl::StatusOr<int> reopened = handler_.Handle(event);
    absl::Status status = reopened.status();
    if (status.ok()) status = store_.SaveCursor(kSourceEventsStream, event.sequence());
    if (status.ok()) {
      if (*reopened > 0) {
        log::Info("source events: re-opened the articles citing a source",
                  {{"source_id", event.source_id()}, {"sequence", event.sequence()}, {"articles", *reopened}});
      }
      return true;
    }
    log::Warn("source events: handling an event failed, retrying",
              {{"source_id", event.source_id()}, {"sequence", event.sequence()}, {"error", status.ToString()}});
    if (!Sleep(backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return false;
}

}  // namespace medbrief::citation
