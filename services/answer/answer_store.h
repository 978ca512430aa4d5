#pragma once

// The answer service's tables (schema `answer`): answers as the user saw them
// (the serialised Answer without its review state), the review state of each
// answer as review last reported it, conversations, and the cursor of the
// review event follower. Every method is one short transaction; database
// trouble is UNAVAILABLE (or DEADLINE_EXCEEDED), never INTERNAL.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "medbrief/answer/v1/answer.pb.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "medbrief/review/v1/review.pb.h"

namespace medbrief::answer {

// A degraded reason names first the part of the answer that is missing,
// "review: ..." or "citations: ...": a repair drops the reasons of the parts
// it made good.
inline constexpr absl::string_view kReviewPart = "review";
inline constexpr absl::string_view kCitationsPart = "citations";
// "<part>: <detail>".
std::string PartReason(absl::string_view part, absl::string_view detail);
bool IsPartReason(absl::string_view reason, absl::string_view part);

// An answer to store. `answer` carries everything but its review state.
struct NewAnswer {
  v1::Answer answer;
  std::string resolved_question;  // the follow-up as understood; the question otherwise
  std::string question_key;       // NormalizeQuestion(resolved_question).key
  // SubmitArticle's reply; status ARTICLE_STATUS_UNSPECIFIED when it failed
  // (the article is then left to the repairer, with `author`).
  v1::ReviewState review;
  std::string author;
  // The registration, when RegisterCitations failed: left to the repairer.
  std::optional<citation::v1::RegisterCitationsRequest> unregistered;
};

// An answer whose article or registration is still to be done
// (pending_answers), as the repairer claims it.
struct PendingAnswer {
  std::string answer_id;
  std::string author;
  std::string question;  // the resolved question, SubmitArticle's question
  bool submit = false;   // the article is still to submit
  std::optional<citation::v1::RegisterCitationsRequest> registration;  // still to send
  bool registration_unreadable = false;  // one is stored but does not parse
  int attempts = 0;      // including this one
};

// What one retry of a pending answer achieved.
struct RepairOutcome {
  std::string answer_id;
  // SubmitArticle succeeded: the article's id and status.
  bool submitted = false;
  std::string article_id;
  review::v1::ArticleStatus status = review::v1::ARTICLE_STATUS_UNSPECIFIED;
  // RegisterCitations succeeded; `citations` go into the stored answer
  // (empty: the stored answer is left without them).
  bool registered = false;
  std::vector<citation::v1::Citation> citations;
  std::string error;  // what failed, recorded with what is left
  // A call was refused for good: the row is set aside (next_attempt
  // 'infinity') with the error, for an operator, instead of being retried.
  bool give_up = false;
};

// A stored answer with the review state last recorded for it.
struct StoredAnswer {
  v1::Answer answer;  // review filled in (status, banner, article id)
  std::string reopen_reason;
  std::string resolved_question;
};

// One review event as the follower applies it.
struct ReviewUpdate {
  std::string answer_id;
  std::string article_id;
  review::v1::ArticleStatus status = review::v1::ARTICLE_STATUS_UNSPECIFIED;
  std::string reopen_reason;
  int64_t sequence = 0;
};

struct AnswerPage {
  std::vector<StoredAnswer> answers;
  std::string next_cursor;  // empty on the last page
};

class AnswerStore {
 public:
  // `unapproved_ttl`: how long a question found without an approved answer
  // is taken to have none (see unapproved_).
  explicit AnswerStore(db::ConnectionPool& pool, absl::Duration unapproved_ttl = absl::Seconds(1))
      : pool_(pool), unapproved_ttl_(unapproved_ttl) {}

  // Writes the answer, its review state (unless review already reported a
  // newer one) and, with a conversation id, the conversation's last answer:
  // all or nothing.
  absl::Status Insert(const NewAnswer& answer);

  // The newest answer to `question_key` for `audience` whose review is
  // APPROVED; nullopt when there is none. Approved answers found are kept in
  // memory (reuse is the hot path) until a review update of the answer
  // arrives through ApplyReviewUpdate.
  absl::StatusOr<std::optional<StoredAnswer>> FindApproved(absl::string_view question_key, v1::Audience audience);

  // NOT_FOUND naming the id when unknown.
  absl::StatusOr<StoredAnswer> Get(absl::string_view id);

  // Newest first; `status` ARTICLE_STATUS_UNSPECIFIED lists every answer.
  // `cursor` is empty for the first page, else a previous next_cursor.
  absl::StatusOr<AnswerPage> List(review::v1::ArticleStatus status, int page_size, absl::string_view cursor);

  // The resolved question of the conversation's last answer; nullopt for a
  // new conversation.
  absl::StatusOr<std::optional<std::string>> LastQuestion(absl::string_view conversation_id);

  // Makes `answer_id` the conversation's last answer (a reused answer).
  absl::Status SetLastAnswer(absl::string_view conversation_id, absl::string_view answer_id);

  // Records an event's status unless a newer event was recorded already,
  // advances the follower's cursor of `stream` to the event, both in one
  // transaction, and forgets the answer's cached approval.
  absl::Status ApplyReviewUpdate(const ReviewUpdate& update, absl::string_view stream);

  // approved_answers made to agree with every answer's review state: run by
  // the follower when it starts.
  absl::Status ResyncApprovals();

  // Up to `limit` pending answers due for a retry, claimed: another claim
  // (of any replica) skips them for `lease`, doubled per earlier attempt.
  absl::StatusOr<std::vector<PendingAnswer>> ClaimPending(int limit, absl::Duration lease);

  // Records a retry in one transaction: the article's review state, the
  // stored answer with its citations and without the degraded reasons of
  // what is now done, and what is left (the row goes when nothing is).
  absl::Status SettlePending(const RepairOutcome& outcome);

  // Moves the follower's cursor of `stream` to `sequence` (never back), for
  // an event that needs no other write.
  absl::Status AdvanceCursor(absl::string_view stream, int64_t sequence);

  // The follower's cursor: 0 when it never ran.
  absl::StatusOr<int64_t> LoadCursor(absl::string_view stream);

 private:
  // kSyncApproval, after a write of the answer or its review state committed.
  absl::Status SyncApproval(const std::string& answer_id);
  void ForgetApproval(const std::string& answer_id);
  void ForgetAllApprovals();
  void ForgetMisses() ABSL_EXCLUSIVE_LOCKS_REQUIRED(cache_mu_);

  db::ConnectionPool& pool_;

  // Approved answers by "<audience>\n<question_key>", and the keys by
  // answer id. `generation_` counts invalidations: an approval read from the
  // database is cached only if no update arrived while it was read.
  static constexpr size_t kMaxCachedApprovals = 10000;
  absl::Mutex cache_mu_;
  absl::flat_hash_map<std::string, StoredAnswer> approved_ ABSL_GUARDED_BY(cache_mu_);
  absl::flat_hash_map<std::string, std::string> approved_keys_ ABSL_GUARDED_BY(cache_mu_);
  // Keys the database had no approved answer for, with when that was read:
  // cached on the same terms as approvals, for unapproved_ttl_ at most, and
  // all forgotten whenever this replica may have listed an approval (every
  // SyncApproval, review update and repair). A question asked again soon
  // while its answer awaits review skips the lookup; an approval another
  // replica listed is seen within unapproved_ttl_ (until then the question
  // gets a fresh answer, as it would just before the approval). At most
  // kMaxUnapprovedBytes of keys.
  static constexpr size_t kMaxUnapprovedBytes = 4 << 20;
  const absl::Duration unapproved_ttl_;
  absl::flat_hash_map<std::string, absl::Time> unapproved_ ABSL_GUARDED_BY(cache_mu_);
  size_t unapproved_bytes_ ABSL_GUARDED_BY(cache_mu_) = 0;
  uint64_t generation_ ABSL_GUARDED_BY(cache_mu_) = 0;
};

}  // namespace medbrief::answer
