#include "services/answer/repair.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "services/answer/question.h"

namespace medbrief::answer {
namespace {

// Whether citation numbered the sources as the stored answer's markers are:
// by first use, in the order of the registration's uses (the order the
// answer was composed in). A use names its passage; the citations say which
// source each passage belongs to.
bool NumberedByFirstUse(const citation::v1::RegisterCitationsRequest& request,
                        const google::protobuf::RepeatedPtrField<citation::v1::Citation>& citations) {
  absl::flat_hash_map<std::string, const citation::v1::Citation*> by_passage;
  for (const citation::v1::Citation& citation : citations) {
    for (const std::string& passage : citation.passage_ids()) by_passage.emplace(passage, &citation);
  }
  absl::flat_hash_map<std::string, int> expected;  // source id -> number by first use
  for (const citation::v1::Use& use : request.uses()) {
    const auto it = by_passage.find(use.passage_id());
    if (it == by_passage.end()) return false;
    expected.emplace(it->second->source_id(), static_cast<int>(expected.size()) + 1);
  }
  if (static_cast<size_t>(citations.size()) != expected.size()) return false;
  for (const citation::v1::Citation& citation : citations) {
    if (expected[citation.source_id()] != citation.number()) return false;
  }
  return true;
}

// A refusal that a retry of the same request cannot change.
bool Final(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument || status.code() == absl::StatusCode::kNotFound ||
         status.code() == absl::StatusCode::kFailedPrecondition;
}

}  // namespace

Repairer::Repairer(AnswerStore& store, Upstreams& upstreams, RepairOptions options)
    : store_(store), upstreams_(upstreams), options_(options) {}

Repairer::~Repairer() { Stop(); }

void Repairer::Start() { thread_ = std::thread([this] { Run(); }); }

void Repairer::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();  // Stop runs on one thread: the service's stop, then the destructor
  if (thread_.joinable()) thread_.join();
}

void Repairer::Run() {
  while (!stop_.WaitForNotificationWithTimeout(options_.interval)) {
    const absl::StatusOr<int> claimed = RepairDue();
    if (!claimed.ok()) {
      log::Warn("answer repair: cannot claim pending answers", {{"error", claimed.status().ToString()}});
    }
  }
}

absl::StatusOr<int> Repairer::RepairDue() {
  ASSIGN_OR_RETURN(const std::vector<PendingAnswer> due, store_.ClaimPending(options_.batch, options_.lease()));
  // Every row's calls at once: the look takes one call timeout, well within
  // its claims' lease.
  const absl::Time deadline = absl::Now() + options_.call_timeout;
  std::vector<Retry> retries;
  for (const PendingAnswer& pending : due) retries.push_back(Start(pending, deadline));
  for (const Retry& retry : retries) {
    const RepairOutcome outcome = Finish(retry, deadline);
    const std::string& id = retry.pending->answer_id;
    const absl::Status settled = store_.SettlePending(outcome);
    if (!settled.ok()) {
      // The claim's lease runs out and the row is retried: both calls are
      // idempotent.
      log::Warn("answer repair: outcome not recorded", {{"answer_id", id}, {"error", settled.ToString()}});
    } else if (outcome.give_up) {
      log::Error("answer repair: refused for good, set aside", {{"answer_id", id}, {"error", outcome.error}});
    } else if (!outcome.error.empty()) {
      log::Warn("answer repair: still pending",
                {{"answer_id", id}, {"attempts", absl::StrCat(retry.pending->attempts)}, {"error", outcome.error}});
    } else {
      log::Info("answer repaired", {{"answer_id", id}, {"attempts", absl::StrCat(retry.pending->attempts)}});
    }
  }
  return static_cast<int>(due.size());
}

template <typename Call>
absl::Status Repairer::Wait(Call& call, absl::Time deadline) {
  // In slices, so that stopping cancels the call rather than waiting it out.
  while (absl::Now() < deadline &&
         !call.done.WaitForNotificationWithDeadline(std::min(deadline, absl::Now() + absl::Milliseconds(100)))) {
    if (stop_.HasBeenNotified()) {
      call.context.TryCancel();
      break;
    }
  }
  return call.Wait(deadline);  // done, cancelled (CANCELLED soon) or past the deadline
}

Repairer::Retry Repairer::Start(const PendingAnswer& pending, absl::Time deadline) {
  Retry retry{&pending, nullptr, nullptr};
  // Upstream log lines of the repair name the answer.
  const CallScope scope{deadline, absl::StrCat("repair-", pending.answer_id)};
  if (pending.submit) {
    review::v1::SubmitArticleRequest request;
    request.set_answer_id(pending.answer_id);
    request.set_question(text::TruncateCodePoints(pending.question, kMaxQuestionChars));  // as Ask submits it
    request.set_author(pending.author);
    retry.submitting = upstreams_.SubmitArticle(std::move(request), scope);
  }
  if (pending.registration.has_value()) {
    retry.registering = upstreams_.RegisterCitations(*pending.registration, scope);
  }
  return retry;
}

RepairOutcome Repairer::Finish(const Retry& retry, absl::Time deadline) {
  const PendingAnswer& pending = *retry.pending;
  RepairOutcome outcome;
  outcome.answer_id = pending.answer_id;
  std::vector<std::string> errors;
  if (pending.registration_unreadable) {
    outcome.registered = true;  // nothing left to send: dropped, said in the log
    errors.push_back(PartReason(kCitationsPart, "the stored registration does not parse"));
    outcome.give_up = true;
  }
  if (retry.submitting != nullptr) {
    const absl::Status status = Wait(*retry.submitting, deadline);
    if (status.ok()) {
      outcome.submitted = true;
      outcome.article_id = retry.submitting->response.id();
      outcome.status = retry.submitting->response.status();
    } else {
      errors.push_back(PartReason(kReviewPart, status.ToString()));
      outcome.give_up = outcome.give_up || Final(status);
    }
  }
  if (retry.registering != nullptr) {
    const absl::Status status = Wait(*retry.registering, deadline);
    if (status.ok()) {
      outcome.registered = true;
      const auto& citations = retry.registering->response.citations();
      if (NumberedByFirstUse(*pending.registration, citations)) {
        outcome.citations.assign(citations.begin(), citations.end());
      } else {
        // Citation holds the uses (a retraction re-opens the answer), but
        // its numbers would not match the answer's markers: the answer keeps
        // showing none.
        log::Error("answer repair: registered citations are numbered unlike the answer",
                   {{"answer_id", pending.answer_id}});
      }
    } else {
      errors.push_back(PartReason(kCitationsPart, status.ToString()));
      outcome.give_up = outcome.give_up || Final(status);
    }
  }
  outcome.error = absl::StrJoin(errors, "; ");
  return outcome;
}

}  // namespace medbrief::answer
