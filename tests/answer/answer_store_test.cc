// AnswerStore against a real PostgreSQL: which answer reuse finds as review
// states come and go, in either order of answer row and review event.

#include "services/answer/answer_store.h"

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "answer_migrations.h"
#include "gtest/gtest.h"
#include "services/answer/sql.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::answer {
namespace {

using review::v1::ArticleStatus;

class AnswerStoreTest : public testing::MigratedPgTest<Migrations> {
 protected:
  AnswerStoreTest() : store_(*pool_) {}

  // An answer to `key` for clinicians, `seconds` after the epoch, submitted
  // as article "art-<id>" unless `submitted` is false.
  absl::Status Insert(const std::string& id, const std::string& key, int64_t seconds, bool submitted = true) {
    NewAnswer answer;
    answer.answer.set_id(id);
    answer.answer.set_question(key);
    answer.answer.set_audience(v1::CLINICIAN);
    answer.answer.mutable_create_time()->set_seconds(seconds);
    answer.resolved_question = key;
    answer.question_key = key;
    if (submitted) {
      answer.review.set_article_id("art-" + id);
      answer.review.set_status(review::v1::SUBMITTED);
    }
    return store_.Insert(answer);
  }

  // An event of the article with the next sequence, or with `sequence`.
  absl::Status Apply(const std::string& id, ArticleStatus status, int64_t sequence = 0) {
    ReviewUpdate update;
    update.answer_id = id;
    update.article_id = "art-" + id;
    update.status = status;
    update.sequence = sequence > 0 ? sequence : ++sequence_;
    return store_.ApplyReviewUpdate(update, Stream());
  }

  // Each test follows its own stream, so cursors do not carry over.
  static std::string Stream() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

  // The id reuse finds for `key`, "" when none.
  std::string Reused(const std::string& key) {
    absl::StatusOr<std::optional<StoredAnswer>> found = store_.FindApproved(key, v1::CLINICIAN);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() && found->has_value() ? (*found)->answer.id() : "";
  }

  // A statement run directly, as another writer would (schema `answer`).
  static void Sql(const std::string& statement) {
    pqxx::connection conn(dsn());
    pqxx::nontransaction tx(conn);
    tx.exec0("SET search_path TO answer");
    tx.exec0(statement);
  }

  // The one number a query returns.
  static int64_t Count(const std::string& query) {
    pqxx::connection conn(dsn());
    pqxx::nontransaction tx(conn);
    tx.exec0("SET search_path TO answer");
    return tx.exec1(query)[0].as<int64_t>();
  }

  // The pending answer `id` among those claimed now; nullopt when not claimed.
  std::optional<PendingAnswer> Claim(const std::string& id) {
    absl::StatusOr<std::vector<PendingAnswer>> claimed = store_.ClaimPending(1000, absl::Minutes(1));
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    if (!claimed.ok()) return std::nullopt;
    for (PendingAnswer& pending : *claimed) {
      if (pending.answer_id == id) return std::move(pending);
    }
    return std::nullopt;
  }

  AnswerStore store_;
  int64_t sequence_ = 0;
};

TEST(PartReasonTest, AReasonNamesItsPartFirst) {
  EXPECT_EQ(PartReason(kReviewPart, "review submission deadline exceeded"),
            "review: review submission deadline exceeded");
  EXPECT_TRUE(IsPartReason("citations: citation registration failed", kCitationsPart));
  EXPECT_FALSE(IsPartReason("citations: citation registration failed", kReviewPart));
  EXPECT_FALSE(IsPartReason("reviewer: someone", kReviewPart));
  EXPECT_FALSE(IsPartReason("review", kReviewPart));
}

TEST_F(AnswerStoreTest, ReuseFollowsApprovalReopeningAndReapproval) {
  ASSERT_TRUE(Insert("a1", "k-follow", 100).ok());
  EXPECT_EQ(Reused("k-follow"), "");
  ASSERT_TRUE(Apply("a1", review::v1::UNDER_REVIEW).ok());
  EXPECT_EQ(Reused("k-follow"), "");
  ASSERT_TRUE(Apply("a1", review::v1::APPROVED).ok());
  EXPECT_EQ(Reused("k-follow"), "a1");
  ASSERT_TRUE(Apply("a1", review::v1::UNDER_REVIEW).ok());  // re-opened
  EXPECT_EQ(Reused("k-follow"), "");
  ASSERT_TRUE(Apply("a1", review::v1::APPROVED).ok());
  EXPECT_EQ(Reused("k-follow"), "a1");
  EXPECT_EQ(store_.LoadCursor(Stream()).value_or(-1), sequence_) << "cursor written with the state";
}

TEST_F(AnswerStoreTest, TheNewestApprovedAnswerAmongManyUnapprovedIsReused) {
  ASSERT_TRUE(Insert("old", "k-many", 10).ok());
  ASSERT_TRUE(Apply("old", review::v1::APPROVED).ok());
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(Insert(absl::StrCat("fresh", i), "k-many", 20 + i).ok());
  ASSERT_TRUE(Insert("newer", "k-many", 15).ok());
  ASSERT_TRUE(Apply("newer", review::v1::APPROVED).ok());
  EXPECT_EQ(Reused("k-many"), "newer");
  ASSERT_TRUE(Apply("newer", review::v1::REJECTED).ok());
  EXPECT_EQ(Reused("k-many"), "old");
  EXPECT_EQ(Reused("k-other"), "");
}

TEST_F(AnswerStoreTest, AnOlderEventAppliedLateChangesNothing) {
  ASSERT_TRUE(Insert("late", "k-late", 100).ok());
  ASSERT_TRUE(Apply("late", review::v1::APPROVED, 500).ok());
  ASSERT_TRUE(Apply("late", review::v1::UNDER_REVIEW, 400).ok());  // redelivered after a restart
  EXPECT_EQ(Reused("k-late"), "late");
  EXPECT_EQ(store_.LoadCursor(Stream()).value_or(-1), 500) << "the cursor never moves back";
}

TEST_F(AnswerStoreTest, ARepeatedEventListsAnApprovalAnotherWriterMissed) {
  // A replica of an older version recorded the approval without listing it.
  ASSERT_TRUE(Insert("missed", "k-missed", 100).ok());
  Sql("UPDATE review_states SET status = 4, sequence = 700 WHERE answer_id = 'missed'");
  EXPECT_EQ(Reused("k-missed"), "");
  // This replica's follower gets the same event: nothing new to record, but
  // the listing is made to agree.
  ASSERT_TRUE(Apply("missed", review::v1::APPROVED, 700).ok());
  EXPECT_EQ(Reused("k-missed"), "missed");
}

TEST_F(AnswerStoreTest, ResyncListsApprovalsAndDropsListingsNoLongerApproved) {
  ASSERT_TRUE(Insert("resync-a", "k-resync-a", 100).ok());
  ASSERT_TRUE(Insert("resync-b", "k-resync-b", 100).ok());
  ASSERT_TRUE(Apply("resync-b", review::v1::APPROVED).ok());
  ASSERT_EQ(Reused("k-resync-b"), "resync-b");
  // Changed behind the table's back, as an older version would.
  Sql("UPDATE review_states SET status = 4 WHERE answer_id = 'resync-a'");
  Sql("UPDATE review_states SET status = 2 WHERE answer_id = 'resync-b'");
  ASSERT_TRUE(store_.ResyncApprovals().ok());
  EXPECT_EQ(Reused("k-resync-a"), "resync-a");
  EXPECT_EQ(Reused("k-resync-b"), "") << "a listing no longer approved is dropped";
}

TEST_F(AnswerStoreTest, AMissIsRememberedUntilThisReplicaAppliesAnEventOrForAMoment) {
  // Another replica's follower records and lists an approval first: this
  // replica answers from its remembered miss until its own follower applies
  // the same event...
  const auto approve_elsewhere = [](const std::string& id) {
    Sql("UPDATE review_states SET status = 4, sequence = 900 WHERE answer_id = '" + id + "'");
    Sql("INSERT INTO approved_answers (answer_id, question_key, audience, create_time) "
        "SELECT id, question_key, audience, create_time FROM answers WHERE id = '" + id + "'");
  };
  ASSERT_TRUE(Insert("other", "k-other", 100).ok());
  EXPECT_EQ(Reused("k-other"), "");
  approve_elsewhere("other");
  EXPECT_EQ(Reused("k-other"), "") << "the miss is remembered";
  ASSERT_TRUE(Apply("other", review::v1::APPROVED, 900).ok());
  EXPECT_EQ(Reused("k-other"), "other");

  // ...or, when no event comes (its follower was away), until the miss is
  // older than the store's unapproved_ttl.
  AnswerStore brief(*pool_, absl::Milliseconds(200));
  const auto reused_by_brief = [&](const std::string& key) {
    absl::StatusOr<std::optional<StoredAnswer>> found = brief.FindApproved(key, v1::CLINICIAN);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() && found->has_value() ? (*found)->answer.id() : "";
  };
  ASSERT_TRUE(Insert("quiet", "k-quiet", 100).ok());
  EXPECT_EQ(reused_by_brief("k-quiet"), "");
  approve_elsewhere("quiet");
  EXPECT_EQ(reused_by_brief("k-quiet"), "") << "the miss is remembered";
  absl::SleepFor(absl::Milliseconds(250));
  EXPECT_EQ(reused_by_brief("k-quiet"), "quiet") << "and forgotten once older than the ttl";
}

TEST_F(AnswerStoreTest, AnApprovalThatArrivesBeforeTheAnswerRowCounts) {
  ASSERT_TRUE(Apply("early", review::v1::APPROVED).ok());
  EXPECT_EQ(Reused("k-early"), "");
  ASSERT_TRUE(Insert("early", "k-early", 100).ok());
  EXPECT_EQ(Reused("k-early"), "early");
}

TEST_F(AnswerStoreTest, AnApprovalWrittenWhileTheAnswerIsBeingInsertedCounts) {
  // The answer's insert, not yet committed: it recorded the review state, so
  // Insert would not list approvals after it.
  v1::Answer body;
  body.set_id("racing");
  pqxx::connection conn(dsn());
  pqxx::work insert(conn);
  insert.exec0("SET LOCAL search_path TO answer");
  const pqxx::result recorded =
      insert.exec_params(sql::kInsertAnswer, "racing", "k-racing", "k-racing", static_cast<int>(v1::CLINICIAN), "",
                         pqxx::binarystring(body.SerializeAsString()), int64_t{100'000'000}, "k-racing",
                         "art-racing", static_cast<int>(review::v1::SUBMITTED), "author", pqxx::binarystring(""));
  ASSERT_TRUE(recorded[0][0].as<bool>());
  // The approval's write waits for the insert (the same review state)...
  absl::Status approved = absl::UnknownError("not run");
  std::thread follower([&] { approved = Apply("racing", review::v1::APPROVED); });
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (Count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == 0 && absl::Now() < give_up) {
    std::this_thread::yield();
  }
  EXPECT_LT(absl::Now(), give_up) << "the approval's write never waited for the insert";
  insert.commit();
  follower.join();
  ASSERT_TRUE(approved.ok()) << approved;
  // ...so its listing, after it, sees the answer.
  EXPECT_EQ(Reused("k-racing"), "racing");
}

TEST_F(AnswerStoreTest, AnAnswerNeverSubmittedIsNeverReused) {
  ASSERT_TRUE(Insert("lone", "k-lone", 100, /*submitted=*/false).ok());
  EXPECT_EQ(Reused("k-lone"), "");
}

TEST_F(AnswerStoreTest, TheCursorAloneMovesForwardOnly) {
  ASSERT_TRUE(store_.AdvanceCursor(Stream(), 300).ok());
  EXPECT_EQ(store_.LoadCursor(Stream()).value_or(-1), 300);
  ASSERT_TRUE(store_.AdvanceCursor(Stream(), 200).ok());
  EXPECT_EQ(store_.LoadCursor(Stream()).value_or(-1), 300);
  ASSERT_TRUE(Insert("cursor-a", "k-cursor", 100).ok());
  ASSERT_TRUE(Apply("cursor-a", review::v1::UNDER_REVIEW, 400).ok());
  EXPECT_EQ(store_.LoadCursor(Stream()).value_or(-1), 400);
}

TEST_F(AnswerStoreTest, ACompleteAnswerLeavesNothingPending) {
  ASSERT_TRUE(Insert("whole", "k-whole", 100).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM pending_answers WHERE answer_id = 'whole'"), 0);
}

TEST_F(AnswerStoreTest, PendingWorkIsClaimedOnceSettledPartlyThenGoes) {
  // Stored while review and citation both failed.
  NewAnswer answer;
  answer.answer.set_id("pend");
  answer.answer.set_question("Octreotide dose?");
  answer.answer.set_audience(v1::CLINICIAN);
  answer.answer.add_degraded_reasons("citations: citation registration deadline exceeded");
  answer.answer.add_degraded_reasons("review: review submission failed (UNAVAILABLE: down)");
  answer.resolved_question = "Octreotide dose?";
  answer.question_key = "k-pend";
  answer.author = "dr-who";
  citation::v1::RegisterCitationsRequest registration;
  registration.set_answer_id("pend");
  citation::v1::Use* use = registration.add_uses();
  use->set_passage_id("passage-1");
  use->set_claim("Octreotide LAR is given every four weeks.");
  answer.unregistered = registration;
  ASSERT_TRUE(store_.Insert(answer).ok());

  std::optional<PendingAnswer> pending = Claim("pend");
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(pending->author, "dr-who");
  EXPECT_EQ(pending->question, "Octreotide dose?");
  EXPECT_TRUE(pending->submit);
  ASSERT_TRUE(pending->registration.has_value());
  EXPECT_EQ(pending->registration->SerializeAsString(), registration.SerializeAsString());
  EXPECT_EQ(pending->attempts, 1);
  // Claimed: another replica's claim passes it by until the lease ends.
  EXPECT_FALSE(Claim("pend").has_value());

  // The article went in; the registration failed again.
  RepairOutcome submitted;
  submitted.answer_id = "pend";
  submitted.submitted = true;
  submitted.article_id = "art-pend";
  submitted.status = review::v1::SUBMITTED;
  submitted.error = "citations: UNAVAILABLE: down";
  ASSERT_TRUE(store_.SettlePending(submitted).ok());
  absl::StatusOr<StoredAnswer> stored = store_.Get("pend");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->answer.review().status(), review::v1::SUBMITTED);
  EXPECT_EQ(stored->answer.review().article_id(), "art-pend");
  ASSERT_EQ(stored->answer.degraded_reasons_size(), 1);
  EXPECT_EQ(stored->answer.degraded_reasons(0), "citations: citation registration deadline exceeded");

  Sql("UPDATE pending_answers SET next_attempt = now() WHERE answer_id = 'pend'");  // due again
  pending = Claim("pend");
  ASSERT_TRUE(pending.has_value());
  EXPECT_FALSE(pending->submit);
  EXPECT_TRUE(pending->registration.has_value());
  EXPECT_EQ(pending->attempts, 2);

  RepairOutcome registered;
  registered.answer_id = "pend";
  registered.registered = true;
  citation::v1::Citation citation;
  citation.set_number(1);
  citation.set_source_id("source-1");
  citation.add_passage_ids("passage-1");
  registered.citations.push_back(citation);
  ASSERT_TRUE(store_.SettlePending(registered).ok());
  stored = store_.Get("pend");
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->answer.citations_size(), 1);
  EXPECT_EQ(stored->answer.citations(0).source_id(), "source-1");
  EXPECT_EQ(stored->answer.degraded_reasons_size(), 0);
  EXPECT_EQ(stored->answer.review().status(), review::v1::SUBMITTED);
  EXPECT_EQ(Count("SELECT count(*) FROM pending_answers WHERE answer_id = 'pend'"), 0);
}

TEST_F(AnswerStoreTest, ALaterReviewEventIsNotOverwrittenByALateSubmission) {
  // The first submission reached review after all and the follower recorded
  // an approval; the repairer's retry gets the same article back.
  const absl::Status inserted = Insert("resub", "k-resub", 100, /*submitted=*/false);
  ASSERT_TRUE(inserted.ok()) << inserted;
  ASSERT_TRUE(Apply("resub", review::v1::APPROVED).ok());
  RepairOutcome outcome;
  outcome.answer_id = "resub";
  outcome.submitted = true;
  outcome.article_id = "art-resub";
  outcome.status = review::v1::SUBMITTED;
  const absl::Status settled = store_.SettlePending(outcome);
  ASSERT_TRUE(settled.ok()) << settled;
  EXPECT_EQ(Reused("k-resub"), "resub");
  EXPECT_EQ(Count("SELECT count(*) FROM pending_answers WHERE answer_id = 'resub'"), 0);
}

TEST_F(AnswerStoreTest, ARefusalForGoodIsSetAsideNotRetried) {
  ASSERT_TRUE(Insert("refused", "k-refused", 100, /*submitted=*/false).ok());
  ASSERT_TRUE(Claim("refused").has_value());
  RepairOutcome outcome;
  outcome.answer_id = "refused";
  outcome.error = "review: INVALID_ARGUMENT: question: too long";
  outcome.give_up = true;
  ASSERT_TRUE(store_.SettlePending(outcome).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM pending_answers WHERE answer_id = 'refused' AND submit "
                  "AND next_attempt = 'infinity' AND last_error LIKE 'review: INVALID_ARGUMENT%'"),
            1);
  EXPECT_FALSE(Claim("refused").has_value());
}

TEST_F(AnswerStoreTest, AnUnreadableRegistrationStillLetsTheSubmissionBeRetried) {
  ASSERT_TRUE(Insert("garbled", "k-garbled", 100, /*submitted=*/false).ok());
  Sql("UPDATE pending_answers SET registration = '\\xffff'::bytea WHERE answer_id = 'garbled'");
  std::optional<PendingAnswer> pending = Claim("garbled");
  ASSERT_TRUE(pending.has_value());
  EXPECT_TRUE(pending->submit);
  EXPECT_FALSE(pending->registration.has_value());
  EXPECT_TRUE(pending->registration_unreadable);
}

}  // namespace
}  // namespace medbrief::answer
