#include "services/answer/answer_store.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/db/errors.h"
#include "common/db/prepared.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/answer/notices.h"
#include "services/answer/sql.h"

namespace medbrief::answer {

std::string PartReason(absl::string_view part, absl::string_view detail) { return absl::StrCat(part, ": ", detail); }

bool IsPartReason(absl::string_view reason, absl::string_view part) {
  return absl::StartsWith(reason, part) && absl::StartsWith(reason.substr(part.size()), ": ");
}

namespace {

using google::protobuf::util::TimeUtil;

// Runs `body` in a `Tx` on a pooled connection; exceptions become statuses
// (db/errors.h) and a broken connection leaves the pool. A pqxx::work is
// committed when `body` returns OK and rolled back otherwise.
template <typename Tx, typename Body>
auto Run(db::ConnectionPool& pool, Body body) -> decltype(body(std::declval<Tx&>())) {
  ASSIGN_OR_RETURN(db::Lease lease, pool.Acquire());
  try {
    Tx tx(*lease);
    auto result = body(tx);
    if constexpr (std::is_same_v<Tx, pqxx::work>) {
      if (result.ok()) tx.commit();
    }
    return result;
  } catch (const std::exception& e) {
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) lease.MarkBroken();
    return db::ToStatus(e);
  }
}

// Statements without BEGIN and COMMIT round trips: each commits on its own
// (a single statement is atomic by itself).
template <typename Body>
auto Autocommit(db::ConnectionPool& pool, Body body) {
  return Run<pqxx::nontransaction>(pool, std::move(body));
}

template <typename Body>
auto InTransaction(db::ConnectionPool& pool, Body body) {
  return Run<pqxx::work>(pool, std::move(body));
}

// The stored answer once a retry has done what `outcome` says: the degraded
// reasons of the parts now done go, and the registered citations come in.
void MarkRepaired(const RepairOutcome& outcome, v1::Answer* body) {
  std::vector<std::string> reasons;
  for (std::string& reason : *body->mutable_degraded_reasons()) {
    const bool done = (outcome.submitted && IsPartReason(reason, kReviewPart)) ||
                      (!outcome.citations.empty() && IsPartReason(reason, kCitationsPart));
    if (!done) reasons.push_back(std::move(reason));
  }
  body->clear_degraded_reasons();
  for (std::string& reason : reasons) body->add_degraded_reasons(std::move(reason));
  if (!outcome.citations.empty()) {
    body->clear_citations();
    for (const citation::v1::Citation& citation : outcome.citations) *body->add_citations() = citation;
  }
}

// A row of the answer columns (sql.h) as a StoredAnswer.
absl::StatusOr<StoredAnswer> ReadAnswer(const pqxx::row& row) {
  StoredAnswer stored;
  const pqxx::binarystring body(row[1]);
  if (!stored.answer.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return absl::DataLossError(absl::StrCat("answer ", row[0].c_str(), ": stored body does not parse"));
  }
  stored.resolved_question = row[2].as<std::string>();
  const int status = row[3].as<int>();
  stored.reopen_reason = row[5].as<std::string>();
  v1::ReviewState* review = stored.answer.mutable_review();
  review->set_status(review::v1::ArticleStatus_IsValid(status) ? static_cast<review::v1::ArticleStatus>(status)
                                                                : review::v1::ARTICLE_STATUS_UNSPECIFIED);
  review->set_article_id(row[4].as<std::string>());
  review->set_banner(ReviewBanner(review->status(), stored.reopen_reason));
  // Last updated: the later of the answer's creation and its last review
  // change.
  int64_t updated = row[7].as<int64_t>();
  if (!row[6].is_null()) updated = std::max(updated, row[6].as<int64_t>());
  *stored.answer.mutable_last_updated() = TimeUtil::MicrosecondsToTimestamp(updated);
  return stored;
}

int64_t Micros(const google::protobuf::Timestamp& t) { return TimeUtil::TimestampToMicroseconds(t); }

}  // namespace

absl::Status AnswerStore::Insert(const NewAnswer& answer) {
  const v1::Answer& a = answer.answer;
  // The review state lives in review_states: a reader takes it from there
  // (ReadAnswer), whatever the body holds.
  const std::string bytes = a.SerializeAsString();
  const std::string unregistered = answer.unregistered ? answer.unregistered->SerializeAsString() : std::string();
  ASSIGN_OR_RETURN(const bool recorded_state, Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<bool> {
    const pqxx::result rows =
        db::ExecPrepared(tx, "kInsertAnswer", sql::kInsertAnswer, a.id(), a.question(), answer.question_key,
                         static_cast<int>(a.audience()), a.conversation_id(), pqxx::binarystring(bytes),
                         Micros(a.create_time()), answer.resolved_question, answer.review.article_id(),
                         static_cast<int>(answer.review.status()), answer.author, pqxx::binarystring(unregistered));
    return rows[0][0].as<bool>();
  }));
  // When the insert recorded the review state, no event of the article was
  // recorded before it, and the follower's write of any later one waited for
  // the insert to commit (the same key of review_states): that write's own
  // kSyncApproval sees the answer. Otherwise an approval may have been
  // recorded while the answer was missing, and is listed now. The answer is
  // stored either way: a failed listing is only logged (the next event of the
  // answer, or the follower's next start, lists it).
  // (An answer submitted as APPROVED, as a policy needing no approval
  // might, is listed now all the same.)
  if (recorded_state && answer.review.status() != review::v1::APPROVED) return absl::OkStatus();
  if (const absl::Status synced = SyncApproval(a.id()); !synced.ok()) {
    log::Warn("answer: reuse listing not updated", {{"answer_id", a.id()}, {"error", synced.ToString()}});
  }
  ForgetApproval(a.id());  // its question may have been cached as unapproved
  return absl::OkStatus();
}

absl::Status AnswerStore::SyncApproval(const std::string& answer_id) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::Status {
    db::ExecPrepared(tx, "kSyncApproval", sql::kSyncApproval, answer_id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<StoredAnswer>> AnswerStore::FindApproved(absl::string_view question_key,
                                                                     v1::Audience audience) {
  const std::string cache_key = absl::StrCat(static_cast<int>(audience), "\n", question_key);
  uint64_t generation = 0;
  {
    absl::MutexLock lock(&cache_mu_);
    const auto it = approved_.find(cache_key);
    if (it != approved_.end()) return it->second;
    if (const auto miss = unapproved_.find(cache_key);
        miss != unapproved_.end() && absl::Now() - miss->second < unapproved_ttl_) {
      return std::nullopt;
    }
    generation = generation_;
  }
  const absl::Time read = absl::Now();
  ASSIGN_OR_RETURN(std::optional<StoredAnswer> found,
                   Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<std::optional<StoredAnswer>> {
                     const pqxx::result rows = db::ExecPrepared(tx, "kFindApproved", sql::kFindApproved,
                                                                std::string(question_key), static_cast<int>(audience));
                     if (rows.empty()) return std::nullopt;
                     ASSIGN_OR_RETURN(StoredAnswer stored, ReadAnswer(rows[0]));
                     return stored;
                   }));
  if (found.has_value()) {
    absl::MutexLock lock(&cache_mu_);
    if (generation == generation_) {
      if (approved_.size() >= kMaxCachedApprovals) {
        approved_.clear();
        approved_keys_.clear();
      }
      approved_.insert_or_assign(cache_key, *found);
      approved_keys_.insert_or_assign(found->answer.id(), cache_key);
    }
  } else {
    absl::MutexLock lock(&cache_mu_);
    if (generation == generation_) {
      if (unapproved_bytes_ + cache_key.size() > kMaxUnapprovedBytes) ForgetMisses();
      const auto [it, added] = unapproved_.insert_or_assign(cache_key, read);
      if (added) unapproved_bytes_ += it->first.size();
    }
  }
  return found;
}

absl::StatusOr<StoredAnswer> AnswerStore::Get(absl::string_view id) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<StoredAnswer> {
    const pqxx::result rows = db::ExecPrepared(tx, "kGetAnswer", sql::kGetAnswer, std::string(id));
    if (rows.empty()) return absl::NotFoundError(absl::StrCat("id: no answer \"", id, "\""));
    return ReadAnswer(rows[0]);
  });
}

absl::StatusOr<AnswerPage> AnswerStore::List(review::v1::ArticleStatus status, int page_size,
                                             absl::string_view cursor) {
  std::optional<int64_t> after_micros;
  std::string after_id;
  if (!cursor.empty()) {
    // "<create_time µs>:<id>", made below.
    const std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(cursor, absl::MaxSplits(':', 1));
    int64_t micros = 0;
    if (!absl::SimpleAtoi(parts.first, &micros)) return absl::InvalidArgumentError("page_token: malformed");
    after_micros = micros;
    after_id = std::string(parts.second);
  }
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<AnswerPage> {
    const pqxx::result rows = db::ExecPrepared(tx, "kListAnswers", sql::kListAnswers, static_cast<int>(status), after_micros, after_id,
                                             page_size + 1);
    AnswerPage page;
    for (const pqxx::row& row : rows) {
      if (static_cast<int>(page.answers.size()) == page_size) {
        const pqxx::row& last = rows[page_size - 1];
        page.next_cursor = absl::StrCat(last[7].as<int64_t>(), ":", last[0].as<std::string>());
        break;
      }
      ASSIGN_OR_RETURN(StoredAnswer stored, ReadAnswer(row));
      page.answers.push_back(std::move(stored));
    }
    return page;
  });
}

absl::StatusOr<std::optional<std::string>> AnswerStore::LastQuestion(absl::string_view conversation_id) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<std::optional<std::string>> {
    const pqxx::result rows = db::ExecPrepared(tx, "kLastQuestion", sql::kLastQuestion, std::string(conversation_id));
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

absl::Status AnswerStore::SetLastAnswer(absl::string_view conversation_id, absl::string_view answer_id) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::Status {
    db::ExecPrepared(tx, "kSetLastAnswer", sql::kSetLastAnswer, std::string(conversation_id), std::string(answer_id));
    return absl::OkStatus();
  });
}

absl::Status AnswerStore::ApplyReviewUpdate(const ReviewUpdate& update, absl::string_view stream) {
  // Forgotten before the write (no reader caches the old state from now on)
  // and after it (a reader that read the old state meanwhile sees its
  // generation changed).
  ForgetApproval(update.answer_id);
  absl::Status status = Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::Status {
    db::ExecPrepared(tx, "kApplyReviewUpdate", sql::kApplyReviewUpdate, update.answer_id, update.article_id,
                     static_cast<int>(update.status), update.reopen_reason, update.sequence, std::string(stream));
    return absl::OkStatus();
  });
  if (status.ok()) status = SyncApproval(update.answer_id);  // on failure the follower applies the event again
  ForgetApproval(update.answer_id);
  return status;
}

absl::StatusOr<std::vector<PendingAnswer>> AnswerStore::ClaimPending(int limit, absl::Duration lease) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<std::vector<PendingAnswer>> {
    const pqxx::result rows =
        db::ExecPrepared(tx, "kClaimPending", sql::kClaimPending, limit, absl::ToDoubleSeconds(lease));
    std::vector<PendingAnswer> claimed;
    for (const pqxx::row& row : rows) {
      PendingAnswer pending;
      pending.answer_id = row[0].as<std::string>();
      pending.author = row[1].as<std::string>();
      pending.submit = row[2].as<bool>();
      if (!row[3].is_null()) {
        const pqxx::binarystring bytes(row[3]);
        citation::v1::RegisterCitationsRequest request;
        if (request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          pending.registration = std::move(request);
        } else {
          pending.registration_unreadable = true;  // the submission is still retried
        }
      }
      pending.question = row[4].as<std::string>();
      pending.attempts = row[5].as<int>();
      claimed.push_back(std::move(pending));
    }
    return claimed;
  });
}

absl::Status AnswerStore::SettlePending(const RepairOutcome& outcome) {
  ForgetApproval(outcome.answer_id);  // before and after, as in ApplyReviewUpdate
  const absl::Status status = InTransaction(pool_, [&](pqxx::work& tx) -> absl::Status {
    if (outcome.submitted || !outcome.citations.empty()) {
      const pqxx::result rows = db::ExecPrepared(tx, "kLockBody", sql::kLockBody, outcome.answer_id);
      if (rows.empty()) return absl::NotFoundError(absl::StrCat("answer ", outcome.answer_id, " is not stored"));
      const pqxx::binarystring stored(rows[0][0]);
      v1::Answer body;
      if (!body.ParseFromArray(stored.data(), static_cast<int>(stored.size()))) {
        return absl::DataLossError(absl::StrCat("answer ", outcome.answer_id, ": stored body does not parse"));
      }
      MarkRepaired(outcome, &body);
      db::ExecPrepared(tx, "kUpdateBody", sql::kUpdateBody, outcome.answer_id,
                       pqxx::binarystring(body.SerializeAsString()));
    }
    if (outcome.submitted) {
      db::ExecPrepared(tx, "kRecordSubmission", sql::kRecordSubmission, outcome.answer_id, outcome.article_id,
                       static_cast<int>(outcome.status));
    }
    db::ExecPrepared(tx, "kSettlePending", sql::kSettlePending, outcome.answer_id, outcome.submitted,
                     outcome.registered, outcome.error, outcome.give_up);
    return absl::OkStatus();
  });
  ForgetApproval(outcome.answer_id);
  return status;
}

void AnswerStore::ForgetApproval(const std::string& answer_id) {
  absl::MutexLock lock(&cache_mu_);
  ++generation_;
  ForgetMisses();
  const auto it = approved_keys_.find(answer_id);
  if (it != approved_keys_.end()) {
    approved_.erase(it->second);
    approved_keys_.erase(it);
  }
}

void AnswerStore::ForgetMisses() {
  unapproved_.clear();
  unapproved_bytes_ = 0;
}

absl::Status AnswerStore::ResyncApprovals() {
  ForgetAllApprovals();  // before and after, as in ApplyReviewUpdate
  const absl::Status status = Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::Status {
    db::ExecPrepared(tx, "kResyncApprovals", sql::kResyncApprovals);
    return absl::OkStatus();
  });
  ForgetAllApprovals();
  return status;
}

void AnswerStore::ForgetAllApprovals() {
  absl::MutexLock lock(&cache_mu_);
  ++generation_;
  approved_.clear();
  approved_keys_.clear();
  ForgetMisses();
}

absl::Status AnswerStore::AdvanceCursor(absl::string_view stream, int64_t sequence) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::Status {
    db::ExecPrepared(tx, "kAdvanceCursor", sql::kAdvanceCursor, std::string(stream), sequence);
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> AnswerStore::LoadCursor(absl::string_view stream) {
  return Autocommit(pool_, [&](pqxx::nontransaction& tx) -> absl::StatusOr<int64_t> {
    const pqxx::result rows = db::ExecPrepared(tx, "kLoadCursor", sql::kLoadCursor, std::string(stream));
    return rows.empty() ? int64_t{0} : rows[0][0].as<int64_t>();
  });
}

}  // namespace medbrief::answer
