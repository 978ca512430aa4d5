// The review state machine on its own: every status against every action,
// the board's policy, and random action sequences that never reach a state
// the rules forbid and whose audit log replays to the same article.

#include "services/review/state_machine.h"

#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::review {
namespace {

using ::testing::HasSubstr;
using v1::AuditEvent;

constexpr ArticleStatus kStatuses[] = {v1::SUBMITTED, v1::UNDER_REVIEW, v1::CHANGES_REQUESTED,
                                       v1::APPROVED,  v1::REJECTED,     v1::RETRACTED};
constexpr Action kActions[] = {AuditEvent::CLAIM,   AuditEvent::COMMENT,  AuditEvent::APPROVE,
                               AuditEvent::REQUEST_CHANGES, AuditEvent::REJECT, AuditEvent::RESUBMIT,
                               AuditEvent::REOPEN,  AuditEvent::RETRACT};

const std::string kAuthor = "author";
const std::string kBoard = "board-1";  // has claimed the article in the table test
const Policy kPolicy{1, true};

// An article in `status`, claimed by kBoard where the status implies a claim.
ArticleState InStatus(ArticleStatus status) {
  ArticleState a = NewArticle(kAuthor, 1);
  a.status = status;
  if (status != v1::SUBMITTED) a.reviewer_ids = {kBoard};
  if (status == v1::APPROVED) a.approvals = {kBoard};
  return a;
}

Command By(Action action, const std::string& actor = kBoard, std::string note = "because") {
  return Command{action, actor, /*actor_is_board_member=*/true, std::move(note)};
}

// Written out by hand from the contract (review.proto and issue #4), not
// derived from the table under test. UNSPECIFIED means "not allowed".
const std::map<std::pair<ArticleStatus, Action>, ArticleStatus>& Expected() {
  static const auto* expected = new std::map<std::pair<ArticleStatus, Action>, ArticleStatus>{
      {{v1::SUBMITTED, AuditEvent::CLAIM}, v1::UNDER_REVIEW},
      {{v1::SUBMITTED, AuditEvent::COMMENT}, v1::SUBMITTED},
      {{v1::SUBMITTED, AuditEvent::REOPEN}, v1::SUBMITTED},
      {{v1::SUBMITTED, AuditEvent::RETRACT}, v1::RETRACTED},
      {{v1::UNDER_REVIEW, AuditEvent::CLAIM}, v1::UNDER_REVIEW},
      {{v1::UNDER_REVIEW, AuditEvent::COMMENT}, v1::UNDER_REVIEW},
      {{v1::UNDER_REVIEW, AuditEvent::APPROVE}, v1::APPROVED},
      {{v1::UNDER_REVIEW, AuditEvent::REQUEST_CHANGES}, v1::CHANGES_REQUESTED},
      {{v1::UNDER_REVIEW, AuditEvent::REJECT}, v1::REJECTED},
      {{v1::UNDER_REVIEW, AuditEvent::REOPEN}, v1::UNDER_REVIEW},
      {{v1::UNDER_REVIEW, AuditEvent::RETRACT}, v1::RETRACTED},
      {{v1::CHANGES_REQUESTED, AuditEvent::COMMENT}, v1::CHANGES_REQUESTED},
      {{v1::CHANGES_REQUESTED, AuditEvent::RESUBMIT}, v1::SUBMITTED},
      {{v1::CHANGES_REQUESTED, AuditEvent::REOPEN}, v1::CHANGES_REQUESTED},
      {{v1::CHANGES_REQUESTED, AuditEvent::RETRACT}, v1::RETRACTED},
      {{v1::APPROVED, AuditEvent::REOPEN}, v1::SUBMITTED},
      {{v1::APPROVED, AuditEvent::RETRACT}, v1::RETRACTED},
  };
  return *expected;
}

TEST(StateMachineTest, EveryStatusAgainstEveryAction) {
  int allowed = 0;
  for (ArticleStatus status : kStatuses) {
    for (Action action : kActions) {
      SCOPED_TRACE(absl::StrCat(v1::ArticleStatus_Name(status), " x ", AuditEvent::Action_Name(action)));
      // A fresh reviewer claims; the claimed one decides.
      const std::string actor = action == AuditEvent::CLAIM ? "board-2" : kBoard;
      const absl::StatusOr<Outcome> outcome = Apply(InStatus(status), By(action, actor), kPolicy);
      const auto expected = Expected().find({status, action});
      if (expected == Expected().end()) {
        ASSERT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition) << outcome.status();
        // The message names the status and the action.
        EXPECT_THAT(outcome.status().message(), HasSubstr(v1::ArticleStatus_Name(status)));
        EXPECT_THAT(outcome.status().message(), HasSubstr(AuditEvent::Action_Name(action)));
        continue;
      }
      ++allowed;
      ASSERT_TRUE(outcome.ok()) << outcome.status();
      EXPECT_EQ(outcome->next.status, expected->second);
      EXPECT_EQ(outcome->record.from_status(), status);
      EXPECT_EQ(outcome->record.to_status(), expected->second);
      EXPECT_EQ(outcome->record.action(), action);
      EXPECT_EQ(outcome->record.actor(), actor);
      EXPECT_TRUE(outcome->recorded);
      EXPECT_EQ(outcome->article_changed, action != AuditEvent::COMMENT);
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(Expected().size()));
  // The table holds exactly the allowed pairs.
  EXPECT_EQ(TransitionTable().size(), Expected().size());
  for (const Transition& t : TransitionTable()) {
    const auto expected = Expected().find({t.from, t.action});
    ASSERT_NE(expected, Expected().end()) << v1::ArticleStatus_Name(t.from) << " " << AuditEvent::Action_Name(t.action);
    EXPECT_EQ(expected->second, t.to);
  }
}

TEST(StateMachineTest, FinalStatusesAllowNothing) {
  EXPECT_TRUE(AllowedActions(v1::REJECTED).empty());
  EXPECT_TRUE(AllowedActions(v1::RETRACTED).empty());
  const auto outcome = Apply(InStatus(v1::REJECTED), By(AuditEvent::REOPEN), kPolicy);
  EXPECT_THAT(outcome.status().message(), HasSubstr("final"));
}

TEST(StateMachineTest, SubmitAndUnknownActionsAreNotCommands) {
  for (int action : {0, static_cast<int>(AuditEvent::SUBMIT), 99}) {
    const auto outcome = Apply(InStatus(v1::SUBMITTED), By(static_cast<Action>(action)), kPolicy);
    EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument) << action;
  }
}

TEST(StateMachineTest, ApprovalsAccumulateUntilRequired) {
  ArticleState a = NewArticle(kAuthor, 2);
  for (const char* r : {"b1", "b2"}) a = Apply(a, By(AuditEvent::CLAIM, r), kPolicy)->next;
  EXPECT_EQ(a.status, v1::UNDER_REVIEW);
  EXPECT_EQ(a.reviewer_ids, (std::vector<std::string>{"b1", "b2"}));

  auto first = Apply(a, By(AuditEvent::APPROVE, "b1"), kPolicy);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->next.status, v1::UNDER_REVIEW);
  EXPECT_TRUE(first->decided);
  EXPECT_EQ(first->next.approvals, std::vector<std::string>{"b1"});

  // One approval per reviewer and round.
  auto again = Apply(first->next, By(AuditEvent::APPROVE, "b1"), kPolicy);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr("already approved"));

  auto second = Apply(first->next, By(AuditEvent::APPROVE, "b2"), kPolicy);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->next.status, v1::APPROVED);
  EXPECT_EQ(second->next.approvals, (std::vector<std::string>{"b1", "b2"}));
}

TEST(StateMachineTest, WhoMayDecide) {
  ArticleState a = NewArticle(kAuthor, 1);
  // Only a reviewer who claimed decides.
  a = Apply(a, By(AuditEvent::CLAIM, "b1"), kPolicy)->next;
  for (Action action : {AuditEvent::APPROVE, AuditEvent::REQUEST_CHANGES, AuditEvent::REJECT}) {
    auto outcome = Apply(a, By(action, "b9"), kPolicy);
    EXPECT_EQ(outcome.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(outcome.status().message(), HasSubstr("has not claimed"));
  }
  // The author never approves their own article, even having claimed it.
  a = Apply(a, By(AuditEvent::CLAIM, kAuthor), kPolicy)->next;
  auto own = Apply(a, By(AuditEvent::APPROVE, kAuthor), kPolicy);
  EXPECT_EQ(own.status().code(), absl::StatusCode::kPermissionDenied);
  // Only board members approve, under the default policy; any may when it is off.
  a = Apply(a, By(AuditEvent::CLAIM, "outsider"), kPolicy)->next;
  const Command outsider{AuditEvent::APPROVE, "outsider", /*actor_is_board_member=*/false, ""};
  EXPECT_EQ(Apply(a, outsider, kPolicy).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(Apply(a, outsider, Policy{1, false}).ok());
  // A non-member may still ask for changes.
  const Command outsider_changes{AuditEvent::REQUEST_CHANGES, "outsider", false, "fix dose"};
  EXPECT_TRUE(Apply(a, outsider_changes, kPolicy).ok());
}

TEST(StateMachineTest, ClaimingAgainIsANoOpAndRoundsResetApprovals) {
  ArticleState a = Apply(NewArticle(kAuthor, 2), By(AuditEvent::CLAIM, "b1"), kPolicy)->next;
  auto again = Apply(a, By(AuditEvent::CLAIM, "b1"), kPolicy);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->recorded);
  EXPECT_FALSE(again->article_changed);
  EXPECT_EQ(again->next, a);

  a = Apply(a, By(AuditEvent::APPROVE, "b1"), kPolicy)->next;
  a = Apply(a, By(AuditEvent::CLAIM, "b2"), kPolicy)->next;
  a = Apply(a, By(AuditEvent::REQUEST_CHANGES, "b2"), kPolicy)->next;
  EXPECT_EQ(a.status, v1::CHANGES_REQUESTED);
  const int round = a.round;
  a = Apply(a, By(AuditEvent::RESUBMIT, kAuthor), kPolicy)->next;
  EXPECT_EQ(a.status, v1::SUBMITTED);
  EXPECT_TRUE(a.approvals.empty());
  EXPECT_EQ(a.round, round + 1);
  EXPECT_EQ(a.reviewer_ids, (std::vector<std::string>{"b1", "b2"}));  // kept across rounds

  // A reviewer of an earlier round claims again: back to UNDER_REVIEW, recorded.
  auto reclaim = Apply(a, By(AuditEvent::CLAIM, "b1"), kPolicy);
  ASSERT_TRUE(reclaim.ok());
  EXPECT_TRUE(reclaim->recorded);
  EXPECT_FALSE(reclaim->claim_added);
  EXPECT_EQ(reclaim->next.status, v1::UNDER_REVIEW);
}

TEST(StateMachineTest, ReopenKeepsTheReasonAndStartsARound) {
  ArticleState a = Apply(NewArticle(kAuthor, 1), By(AuditEvent::CLAIM, "b1"), kPolicy)->next;
  a = Apply(a, By(AuditEvent::APPROVE, "b1"), kPolicy)->next;
  ASSERT_EQ(a.status, v1::APPROVED);
  auto reopened = Apply(a, By(AuditEvent::REOPEN, "medbrief-citation", "source S1 retracted"), kPolicy);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->next.status, v1::SUBMITTED);
  EXPECT_EQ(reopened->next.reopen_reason, "source S1 retracted");
  EXPECT_TRUE(reopened->next.approvals.empty());
  // Again while in review: the status stays, the newest reason is kept.
  auto twice = Apply(reopened->next, By(AuditEvent::REOPEN, "medbrief-citation", "source S2 superseded"), kPolicy);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->next.status, v1::SUBMITTED);
  EXPECT_EQ(twice->next.reopen_reason, "source S2 superseded");
}

TEST(StateMachineTest, ReplayRefusesALogTheRulesDoNotGive) {
  std::vector<v1::AuditEvent> log(2);
  log[0].set_sequence(1);
  log[0].set_action(AuditEvent::SUBMIT);
  log[0].set_actor(kAuthor);
  log[0].set_to_status(v1::SUBMITTED);
  log[1].set_sequence(2);
  log[1].set_action(AuditEvent::APPROVE);  // never claimed, not UNDER_REVIEW
  log[1].set_actor("b1");
  log[1].set_from_status(v1::SUBMITTED);
  log[1].set_to_status(v1::APPROVED);
  const auto replayed = Replay(log, 1);
  EXPECT_EQ(replayed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(replayed.status().message(), HasSubstr("event 2"));
  EXPECT_FALSE(Replay({}, 1).ok());
}

// Random commands from a small cast (the author, board members, an outsider,
// the citation service), many sequences: whatever is accepted leaves a state
// the rules allow, and the log of what was accepted replays to that state.
TEST(StateMachineTest, RandomSequencesStayLegalAndReplay) {
  const std::vector<std::string> cast = {kAuthor, "b1", "b2", "b3", "outsider", "medbrief-citation"};
  const std::set<std::string> board = {kAuthor, "b1", "b2", "b3"};  // the author sits on the board too
  std::mt19937 rng(20240611);
  int accepted = 0;
  std::map<ArticleStatus, int> reached;
  for (int sequence = 0; sequence < 2000; ++sequence) {
    const int required = 1 + static_cast<int>(rng() % 3);
    const Policy policy{required, rng() % 4 != 0};
    ArticleState article = NewArticle(kAuthor, required);
    std::vector<v1::AuditEvent> log(1);
    log[0].set_sequence(1);
    log[0].set_action(AuditEvent::SUBMIT);
    log[0].set_actor(kAuthor);
    log[0].set_to_status(v1::SUBMITTED);
    for (int step = 0; step < 40; ++step) {
      const Action action = kActions[rng() % std::size(kActions)];
      const std::string& actor = cast[rng() % cast.size()];
      const Command command{action, actor, board.count(actor) > 0, absl::StrCat("note ", step)};
      const ArticleState before = article;
      const absl::StatusOr<Outcome> outcome = Apply(article, command, policy);
      if (!outcome.ok()) {
        const absl::StatusCode code = outcome.status().code();
        ASSERT_TRUE(code == absl::StatusCode::kFailedPrecondition || code == absl::StatusCode::kPermissionDenied)
            << outcome.status();
        continue;
      }
      ++accepted;
      // Final statuses are never left.
      ASSERT_NE(before.status, v1::REJECTED);
      ASSERT_NE(before.status, v1::RETRACTED);
      article = outcome->next;
      if (outcome->recorded) {
        v1::AuditEvent record = outcome->record;
        record.set_sequence(static_cast<int64_t>(log.size()) + 1);
        log.push_back(record);
      } else {
        ASSERT_EQ(article, before);
      }
      reached[article.status]++;
      // The invariants of a legal state.
      ASSERT_TRUE(v1::ArticleStatus_IsValid(article.status) && article.status != v1::ARTICLE_STATUS_UNSPECIFIED);
      ASSERT_EQ(article.author, kAuthor);
      std::set<std::string> approvers(article.approvals.begin(), article.approvals.end());
      ASSERT_EQ(approvers.size(), article.approvals.size()) << "a reviewer approved twice in a round";
      ASSERT_EQ(approvers.count(kAuthor), 0u) << "the author approved";
      for (const std::string& approver : approvers) {
        ASSERT_NE(std::find(article.reviewer_ids.begin(), article.reviewer_ids.end(), approver),
                  article.reviewer_ids.end());
        if (policy.board_only) {
          ASSERT_EQ(board.count(approver), 1u);
        }
      }
      std::set<std::string> reviewers(article.reviewer_ids.begin(), article.reviewer_ids.end());
      ASSERT_EQ(reviewers.size(), article.reviewer_ids.size());
      // APPROVED exactly when the round's approvals are complete (a
      // retracted article keeps the approvals it had).
      ASSERT_LE(static_cast<int>(article.approvals.size()), required);
      if (article.status == v1::APPROVED) {
        ASSERT_EQ(static_cast<int>(article.approvals.size()), required);
      } else if (article.status != v1::RETRACTED) {
        ASSERT_LT(static_cast<int>(article.approvals.size()), required);
      }
      if (article.status == v1::UNDER_REVIEW) {
        ASSERT_FALSE(article.reviewer_ids.empty());
      }
    }
    const absl::StatusOr<ArticleState> replayed = Replay(log, required);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    ASSERT_EQ(*replayed, article);
  }
  // The sequences went everywhere.
  EXPECT_GT(accepted, 5000);
  for (ArticleStatus status : kStatuses) EXPECT_GT(reached[status], 0) << v1::ArticleStatus_Name(status);
}

}  // namespace
}  // namespace medbrief::review
