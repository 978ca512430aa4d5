// AnswerStore against a real PostgreSQL: which answer reuse finds as review
// states come and go, in either order of answer row and review event.

#include "services/answer/answer_store.h"

#include <string>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "answer_migrations.h"
#include "gtest/gtest.h"
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

  AnswerStore store_;
  int64_t sequence_ = 0;
};

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

TEST_F(AnswerStoreTest, AnApprovalThatArrivesBeforeTheAnswerRowCounts) {
  ASSERT_TRUE(Apply("early", review::v1::APPROVED).ok());
  EXPECT_EQ(Reused("k-early"), "");
  ASSERT_TRUE(Insert("early", "k-early", 100).ok());
  EXPECT_EQ(Reused("k-early"), "early");
}

TEST_F(AnswerStoreTest, AnAnswerNeverSubmittedIsNeverReused) {
  ASSERT_TRUE(Insert("lone", "k-lone", 100, /*submitted=*/false).ok());
  EXPECT_EQ(Reused("k-lone"), "");
}

}  // namespace
}  // namespace medbrief::answer
