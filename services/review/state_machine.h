#pragma once

// The review workflow's one state machine, pure (no I/O): which action is
// allowed in which status, where it leads, who may take it, and what it does
// to an article. The store runs it inside the transaction that holds the
// article's row lock, and Replay runs the same rules over an audit log.
//
//   SUBMITTED         --CLAIM-->            UNDER_REVIEW
//   UNDER_REVIEW      --CLAIM-->            UNDER_REVIEW   (a further reviewer; the same one again: no-op)
//   UNDER_REVIEW      --APPROVE-->          APPROVED once approvals reach required_approvals,
//                                           else UNDER_REVIEW
//   UNDER_REVIEW      --REQUEST_CHANGES-->  CHANGES_REQUESTED
//   UNDER_REVIEW      --REJECT-->           REJECTED (final)
//   CHANGES_REQUESTED --RESUBMIT-->         SUBMITTED (new round)
//   APPROVED          --REOPEN-->           SUBMITTED (new round, reason kept)
//   SUBMITTED, UNDER_REVIEW, CHANGES_REQUESTED --REOPEN--> same status (new round, reason kept)
//   SUBMITTED, UNDER_REVIEW, CHANGES_REQUESTED, APPROVED --RETRACT--> RETRACTED (final)
//   SUBMITTED, UNDER_REVIEW, CHANGES_REQUESTED --COMMENT--> same status (the article is unchanged)
// Anything else is FAILED_PRECONDITION naming the status and the action.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "medbrief/review/v1/review.pb.h"

namespace medbrief::review {

using ArticleStatus = v1::ArticleStatus;
using Action = v1::AuditEvent::Action;

// The board's rules that are configuration (flags --review_required_approvals
// and --review_board_only). The author never approves their own article and
// a reviewer approves a round once: those are not configurable.
struct Policy {
  int required_approvals = 1;  // fixed on each article when it is submitted
  bool board_only = true;      // only board members approve
};

// One row of the transition table.
struct Transition {
  ArticleStatus from;
  Action action;
  ArticleStatus to;  // for APPROVE: once the approvals are complete
};

// The whole table, in the order of the comment above.
absl::Span<const Transition> TransitionTable();

// The actions a status allows, in table order.
std::vector<Action> AllowedActions(ArticleStatus status);

// What the rules look at and change of an article.
struct ArticleState {
  ArticleStatus status = v1::ARTICLE_STATUS_UNSPECIFIED;
  std::string author;
  int required_approvals = 1;
  std::vector<std::string> reviewer_ids;  // claim order, kept across rounds
  std::vector<std::string> approvals;     // this round, decision order
  std::string reopen_reason;
  int round = 1;  // a resubmit or a reopen starts the next

  friend bool operator==(const ArticleState& a, const ArticleState& b) {
    return a.status == b.status && a.author == b.author && a.required_approvals == b.required_approvals &&
           a.reviewer_ids == b.reviewer_ids && a.approvals == b.approvals && a.reopen_reason == b.reopen_reason &&
           a.round == b.round;
  }
};

// What the rules look at of `article` as clients see it; `round` is not
// shown to clients.
ArticleState StateOf(const v1::Article& article, int round = 1);

// The state SubmitArticle creates.
ArticleState NewArticle(std::string author, int required_approvals);

// A request to act on an article. SUBMIT is not one: it creates the article.
struct Command {
  Action action = v1::AuditEvent::ACTION_UNSPECIFIED;
  std::string actor;  // a reviewer id; the author (RESUBMIT); the caller (REOPEN, RETRACT)
  bool actor_is_board_member = false;  // looked at for APPROVE under Policy::board_only
  std::string note;  // decision note, comment text or reason
};

// The outcome of an allowed command.
struct Outcome {
  ArticleState next;
  // The audit record (action, actor, from_status, to_status, note); sequence
  // and time are the store's.
  v1::AuditEvent record;
  bool recorded = true;         // false: a repeated claim, a no-op with nothing to record
  bool article_changed = true;  // false for comments and no-ops: no new etag
  bool claim_added = false;     // actor appended to reviewer_ids
  bool decided = false;         // a reviewer decided: last_reviewed_time, a decision row
};

// Applies `command` to `article` under `policy`:
//   FAILED_PRECONDITION  the status does not allow the action (the message
//                        names both); deciding without having claimed; a
//                        second approval by one reviewer in a round
//   PERMISSION_DENIED    the author approving; a non-member approving under
//                        Policy::board_only
//   INVALID_ARGUMENT     SUBMIT, ACTION_UNSPECIFIED or an unknown action
absl::StatusOr<Outcome> Apply(const ArticleState& article, const Command& command, const Policy& policy);

// Rebuilds an article from its audit log, oldest first (the SUBMIT event
// first), with the same rules, checking that each event's from and to
// statuses are what the rules give: FAILED_PRECONDITION naming the sequence
// of the first event that disagrees. Policy::board_only is not re-checked
// (board membership may have changed since).
absl::StatusOr<ArticleState> Replay(absl::Span<const v1::AuditEvent> events, int required_approvals);

}  // namespace medbrief::review
