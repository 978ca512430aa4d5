#include "services/review/state_machine.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace medbrief::review {
namespace {

using v1::AuditEvent;

constexpr Transition kTable[] = {
    {v1::SUBMITTED, AuditEvent::CLAIM, v1::UNDER_REVIEW},
    {v1::UNDER_REVIEW, AuditEvent::CLAIM, v1::UNDER_REVIEW},
    {v1::UNDER_REVIEW, AuditEvent::APPROVE, v1::APPROVED},
    {v1::UNDER_REVIEW, AuditEvent::REQUEST_CHANGES, v1::CHANGES_REQUESTED},
    {v1::UNDER_REVIEW, AuditEvent::REJECT, v1::REJECTED},
    {v1::CHANGES_REQUESTED, AuditEvent::RESUBMIT, v1::SUBMITTED},
    {v1::APPROVED, AuditEvent::REOPEN, v1::SUBMITTED},
    {v1::SUBMITTED, AuditEvent::REOPEN, v1::SUBMITTED},
    {v1::UNDER_REVIEW, AuditEvent::REOPEN, v1::UNDER_REVIEW},
    {v1::CHANGES_REQUESTED, AuditEvent::REOPEN, v1::CHANGES_REQUESTED},
    {v1::SUBMITTED, AuditEvent::RETRACT, v1::RETRACTED},
    {v1::UNDER_REVIEW, AuditEvent::RETRACT, v1::RETRACTED},
    {v1::CHANGES_REQUESTED, AuditEvent::RETRACT, v1::RETRACTED},
    {v1::APPROVED, AuditEvent::RETRACT, v1::RETRACTED},
    {v1::SUBMITTED, AuditEvent::COMMENT, v1::SUBMITTED},
    {v1::UNDER_REVIEW, AuditEvent::COMMENT, v1::UNDER_REVIEW},
    {v1::CHANGES_REQUESTED, AuditEvent::COMMENT, v1::CHANGES_REQUESTED},
};

const Transition* Find(ArticleStatus from, Action action) {
  for (const Transition& t : kTable) {
    if (t.from == from && t.action == action) return &t;
  }
  return nullptr;
}

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

absl::Status NotAllowed(ArticleStatus status, Action action) {
  std::vector<std::string> allowed;
  for (Action a : AllowedActions(status)) allowed.push_back(AuditEvent::Action_Name(a));
  return absl::FailedPreconditionError(
      absl::StrCat("the article is ", v1::ArticleStatus_Name(status), ": ", AuditEvent::Action_Name(action),
                   " is not allowed (allowed: ", allowed.empty() ? "nothing, it is final" : absl::StrJoin(allowed, ", "),
                   ")"));
}

// A new round: the approvals given so far no longer count.
void StartRound(ArticleState& article) {
  article.approvals.clear();
  ++article.round;
}

}  // namespace

absl::Span<const Transition> TransitionTable() { return kTable; }

std::vector<Action> AllowedActions(ArticleStatus status) {
  std::vector<Action> actions;
  for (const Transition& t : kTable) {
    if (t.from == status && std::find(actions.begin(), actions.end(), t.action) == actions.end()) {
      actions.push_back(t.action);
    }
  }
  return actions;
}

ArticleState StateOf(const v1::Article& article, int round) {
  ArticleState state;
  state.status = article.status();
  state.author = article.author();
  state.required_approvals = article.required_approvals();
  state.reviewer_ids.assign(article.reviewer_ids().begin(), article.reviewer_ids().end());
  state.approvals.assign(article.approvals().begin(), article.approvals().end());
  state.reopen_reason = article.reopen_reason();
  state.round = round;
  return state;
}

ArticleState NewArticle(std::string author, int required_approvals) {
  ArticleState article;
  article.status = v1::SUBMITTED;
  article.author = std::move(author);
  article.required_approvals = required_approvals;
  return article;
}

absl::StatusOr<Outcome> Apply(const ArticleState& article, const Command& command, const Policy& policy) {
  if (command.action == AuditEvent::SUBMIT || command.action == AuditEvent::ACTION_UNSPECIFIED ||
      !AuditEvent::Action_IsValid(command.action)) {
    return absl::InvalidArgumentError(absl::StrCat("action: ", static_cast<int>(command.action),
                                                   " is not an action on an existing article"));
  }
  const Transition* transition = Find(article.status, command.action);
  if (transition == nullptr) return NotAllowed(article.status, command.action);

  Outcome out;
  out.next = article;
  ArticleState& next = out.next;
  next.status = transition->to;
  const bool claimed = Contains(article.reviewer_ids, command.actor);
  switch (command.action) {
    case AuditEvent::CLAIM:
      if (claimed && article.status == v1::UNDER_REVIEW) {
        out.recorded = false;
        out.article_changed = false;
      } else if (!claimed) {
        next.reviewer_ids.push_back(command.actor);
        out.claim_added = true;
      }
      break;
    case AuditEvent::COMMENT:
      out.article_changed = false;
      break;
    case AuditEvent::APPROVE:
    case AuditEvent::REQUEST_CHANGES:
    case AuditEvent::REJECT:
      if (!claimed) {
        return absl::FailedPreconditionError(absl::StrCat("reviewer ", command.actor,
                                                          " has not claimed the article; ClaimReview first"));
      }
      out.decided = true;
      if (command.action != AuditEvent::APPROVE) break;
      if (command.actor == article.author) {
        return absl::PermissionDeniedError(absl::StrCat("reviewer ", command.actor,
                                                        " is the article's author and may not approve it"));
      }
      if (policy.board_only && !command.actor_is_board_member) {
        return absl::PermissionDeniedError(
            absl::StrCat("reviewer ", command.actor, " is not a board member; only board members approve"));
      }
      if (Contains(article.approvals, command.actor)) {
        return absl::FailedPreconditionError(
            absl::StrCat("reviewer ", command.actor, " has already approved this round"));
      }
      next.approvals.push_back(command.actor);
      if (static_cast<int>(next.approvals.size()) < article.required_approvals) next.status = article.status;
      break;
    case AuditEvent::RESUBMIT:
      StartRound(next);
      break;
    case AuditEvent::REOPEN:
      next.reopen_reason = command.note;
      StartRound(next);
      break;
    case AuditEvent::RETRACT:
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat("action: ", AuditEvent::Action_Name(command.action),
                                                     " has no rule"));
  }
  out.record.set_action(command.action);
  out.record.set_actor(command.actor);
  out.record.set_from_status(article.status);
  out.record.set_to_status(next.status);
  out.record.set_note(command.note);
  return out;
}

absl::StatusOr<ArticleState> Replay(absl::Span<const v1::AuditEvent> events, int required_approvals) {
  if (events.empty() || events.front().action() != AuditEvent::SUBMIT ||
      events.front().to_status() != v1::SUBMITTED) {
    return absl::FailedPreconditionError("audit log: does not start with a SUBMIT to SUBMITTED");
  }
  ArticleState article = NewArticle(events.front().actor(), required_approvals);
  const Policy replay_policy{required_approvals, /*board_only=*/false};
  for (size_t i = 1; i < events.size(); ++i) {
    const v1::AuditEvent& event = events[i];
    if (event.from_status() != article.status) {
      return absl::FailedPreconditionError(
          absl::StrCat("audit log: event ", event.sequence(), " starts from ",
                       v1::ArticleStatus_Name(event.from_status()), " but the article was ",
                       v1::ArticleStatus_Name(article.status)));
    }
    Command command{event.action(), event.actor(), true, event.note()};
    absl::StatusOr<Outcome> outcome = Apply(article, command, replay_policy);
    if (!outcome.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("audit log: event ", event.sequence(), " breaks the rules: ", outcome.status().message()));
    }
    if (!outcome->recorded || outcome->next.status != event.to_status()) {
      return absl::FailedPreconditionError(
          absl::StrCat("audit log: event ", event.sequence(), " ends in ", v1::ArticleStatus_Name(event.to_status()),
                       " but the rules give ", v1::ArticleStatus_Name(outcome->next.status)));
    }
    article = std::move(outcome->next);
  }
  return article;
}

}  // namespace medbrief::review
