#include "services/answer/review_events.h"

#include <algorithm>
#include <functional>
#include <memory>

#include "common/grpc/status.h"
#include "common/log/log.h"
#include "common/status/macros.h"

namespace medbrief::answer {
namespace {

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(200);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);
constexpr absl::Duration kReviewTimeout = absl::Seconds(2);
// SUBMIT events passed over between two stores of the cursor.
constexpr int kCursorEvery = 256;

}  // namespace

ReviewEventFollower::ReviewEventFollower(AnswerStore& store, review::v1::ReviewService::Stub& review)
    : store_(store), review_(review) {}

ReviewEventFollower::~ReviewEventFollower() { Stop(); }

void ReviewEventFollower::Start() { thread_ = std::thread([this] { Run(); }); }

void ReviewEventFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (stream_ != nullptr) stream_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

bool ReviewEventFollower::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

bool ReviewEventFollower::Sleep(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

void ReviewEventFollower::Run() {
  absl::Duration backoff = kFirstBackoff;
  while (!stopping()) {
    const absl::Status status = Follow(backoff);
    if (stopping()) return;
    log::Warn("review events: stream ended, reconnecting", {{"error", status.ToString()}});
    Sleep(backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

absl::Status ReviewEventFollower::Follow(absl::Duration& backoff) {
  if (!resynced_) {
    RETURN_IF_ERROR(store_.ResyncApprovals());
    resynced_ = true;
  }
  ASSIGN_OR_RETURN(int64_t cursor, store_.LoadCursor(kReviewEventsStream));
  grpc::ClientContext context;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::OkStatus();
    stream_ = &context;
  }
  review::v1::WatchArticlesRequest request;
  request.set_after_sequence(cursor);
  // A new article's state is the answer's own (below): its SUBMIT is not
  // sent, which spared review a write and us a read per answer.
  request.add_skip_actions(review::v1::AuditEvent::SUBMIT);
  std::unique_ptr<grpc::ClientReader<review::v1::ArticleEvent>> reader = review_.WatchArticles(&context, request);
  review::v1::ArticleEvent event;
  while (reader->Read(&event)) {
    backoff = kFirstBackoff;
    if (event.sequence() <= cursor) continue;
    if (!ApplyUntilDone(event)) break;  // stopping
    cursor = event.sequence();
  }
  {
    absl::MutexLock lock(&mu_);
    stream_ = nullptr;
  }
  context.TryCancel();
  while (reader->Read(&event)) {
  }
  return grpcutil::FromGrpc(reader->Finish());
}

bool ReviewEventFollower::ApplyUntilDone(const review::v1::ArticleEvent& event) {
  std::function<absl::Status()> write;
  if (event.action() == review::v1::AuditEvent::ACTION_UNSPECIFIED ||
      event.action() == review::v1::AuditEvent::SUBMIT) {
    // A progress event: review passed that many SUBMITs over (it sends one
    // every 256); or a SUBMIT itself, from a review that predates
    // skip_actions. A new article's SUBMITTED state is recorded by the
    // answer's own insert (from SubmitArticle's reply) or, when that reply
    // was lost, by the repairer, so nothing is written but the cursor, every
    // kCursorEvery SUBMITs, so that a restart does not stream a long run of
    // them again.
    if (event.action() == review::v1::AuditEvent::SUBMIT && ++unsaved_submits_ < kCursorEvery) return true;
    write = [&] { return store_.AdvanceCursor(kReviewEventsStream, event.sequence()); };
  } else {
    ReviewUpdate update;
    update.answer_id = event.answer_id();
    update.article_id = event.article_id();
    update.status = event.status();
    update.sequence = event.sequence();
    if (event.action() == review::v1::AuditEvent::REOPEN) {
      // The banner of a re-opened answer says why; the event does not.
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + kReviewTimeout));
      review::v1::GetArticleRequest get;
      get.set_article_id(event.article_id());
      review::v1::Article article;
      const grpc::Status status = review_.GetArticle(&context, get, &article);
      update.reopen_reason = status.ok() && !article.reopen_reason().empty() ? article.reopen_reason()
                                                                            : kUnknownReopenReason;
    }
    write = [this, update] { return store_.ApplyReviewUpdate(update, kReviewEventsStream); };
  }
  absl::Duration backoff = kFirstBackoff;
  while (!stopping()) {
    const absl::Status status = write();
    if (status.ok()) {
      unsaved_submits_ = 0;  // the stored cursor is at this event
      return true;
    }
    log::Warn("review events: applying an event failed, retrying",
              {{"answer_id", event.answer_id()}, {"sequence", event.sequence()}, {"error", status.ToString()}});
    if (!Sleep(backoff)) return false;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
  return false;
}

}  // namespace medbrief::answer
