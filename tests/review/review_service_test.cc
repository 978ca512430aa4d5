// ReviewService against the real PostgreSQL harness: the transition table
// through the whole stack, idempotent submission, etags, one winner among
// concurrent deciders, a 16-thread stress run whose audit log replays to
// every article, stable queue paging while articles arrive, overdue
// articles, comments, bad input, and an audit log the database keeps
// append-only.

#include "services/review/review_service.h"

#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/barrier.h"
#include "absl/synchronization/mutex.h"
#include "common/db/migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "review_migrations.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::review {
namespace {

using ::testing::HasSubstr;
using v1::AuditEvent;

class ReviewDb : public testing::MigratedPgTest<Migrations, 24> {
 protected:
  explicit ReviewDb(ReviewOptions options = {}) : store_(*pool_), service_(store_, options) {}

  std::string NewReviewer(const std::string& name, bool board = true) {
    v1::CreateReviewerRequest request;
    request.mutable_reviewer()->set_display_name(name);
    request.mutable_reviewer()->set_specialty("oncology");
    request.mutable_reviewer()->set_board_member(board);
    auto reviewer = service_.CreateReviewer(request);
    EXPECT_TRUE(reviewer.ok()) << reviewer.status();
    return reviewer.ok() ? reviewer->id() : "";
  }

  v1::Article Submit(const std::string& answer_id, const std::string& author = "medbrief-answer") {
    v1::SubmitArticleRequest request;
    request.set_answer_id(answer_id);
    request.set_question("Best approach for a pancreatic NET with liver metastases?");
    request.set_author(author);
    auto article = service_.SubmitArticle(request);
    EXPECT_TRUE(article.ok()) << article.status();
    return article.ok() ? *article : v1::Article();
  }

  absl::StatusOr<v1::Article> Claim(const v1::Article& a, const std::string& reviewer) {
    v1::ClaimReviewRequest request;
    request.set_article_id(a.id());
    request.set_reviewer_id(reviewer);
    request.set_etag(a.etag());
    return service_.ClaimReview(request);
  }

  absl::StatusOr<v1::Article> Decide(const v1::Article& a, const std::string& reviewer, v1::Decision decision,
                                     const std::string& note = "see comments") {
    v1::DecideRequest request;
    request.set_article_id(a.id());
    request.set_reviewer_id(reviewer);
    request.set_decision(decision);
    request.set_note(note);
    request.set_etag(a.etag());
    return service_.Decide(request);
  }

  absl::StatusOr<v1::Article> Resubmit(const v1::Article& a) {
    v1::ResubmitArticleRequest request;
    request.set_article_id(a.id());
    request.set_etag(a.etag());
    return service_.ResubmitArticle(request);
  }

  absl::StatusOr<v1::Article> Reopen(const v1::Article& a, const std::string& reason = "source S1 retracted") {
    v1::ReopenArticleRequest request;
    request.set_article_id(a.id());
    request.set_reason(reason);
    return service_.ReopenArticle(request, "medbrief-citation");
  }

  absl::StatusOr<v1::Article> Retract(const v1::Article& a, const std::string& reason = "withdrawn") {
    v1::RetractArticleRequest request;
    request.set_article_id(a.id());
    request.set_reason(reason);
    request.set_etag(a.etag());
    return service_.RetractArticle(request, "editor");
  }

  absl::StatusOr<v1::Comment> Comment(const v1::Article& a, const std::string& reviewer,
                                      const std::string& text = "Check the dose in [2].") {
    v1::AddCommentRequest request;
    request.set_article_id(a.id());
    request.set_reviewer_id(reviewer);
    request.set_anchor("section:GUIDELINES");
    request.set_text(text);
    return service_.AddComment(request);
  }

  v1::Article Get(const std::string& id) {
    v1::GetArticleRequest request;
    request.set_article_id(id);
    auto article = service_.GetArticle(request);
    EXPECT_TRUE(article.ok()) << article.status();
    return article.ok() ? *article : v1::Article();
  }

  std::vector<v1::AuditEvent> Audit(const std::string& article_id) {
    std::vector<v1::AuditEvent> events;
    v1::ListAuditEventsRequest request;
    request.set_article_id(article_id);
    request.set_page_size(7);
    do {
      auto page = service_.ListAuditEvents(request);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      events.insert(events.end(), page->events().begin(), page->events().end());
      request.set_page_token(page->next_page_token());
    } while (!request.page_token().empty());
    return events;
  }

  // Replaying the audit log gives the article (round aside: it is not shown).
  void ExpectReplaysTo(const v1::Article& article) {
    absl::StatusOr<ArticleState> replayed = Replay(Audit(article.id()), article.required_approvals());
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    replayed->round = 1;
    EXPECT_EQ(*replayed, StateOf(article)) << article.DebugString();
  }

  ArticleStore store_;
  ReviewService service_;
};


class ReviewServiceTest : public ReviewDb {};

TEST_F(ReviewServiceTest, LifecycleWithTwoApprovalsAndAReopen) {
  ReviewService two(store_, ReviewOptions{Policy{2, true}, absl::Hours(72)});
  const std::string ana = NewReviewer("Dr. Ana Ruiz"), ben = NewReviewer("Dr. Ben Okafor");
  v1::SubmitArticleRequest submit;
  submit.set_answer_id("ans-life");
  submit.set_question("Lanreotide dosing?");
  submit.set_author("medbrief-answer");
  auto article = two.SubmitArticle(submit);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->status(), v1::SUBMITTED);
  EXPECT_EQ(article->required_approvals(), 2);
  EXPECT_FALSE(article->has_last_reviewed_time());
  EXPECT_TRUE(article->id().rfind("art_", 0) == 0) << article->id();

  auto a = Claim(*article, ana);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), v1::UNDER_REVIEW);
  EXPECT_NE(a->etag(), article->etag());
  a = Claim(*a, ben);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_THAT(a->reviewer_ids(), ::testing::ElementsAre(ana, ben));
  a = Decide(*a, ana, v1::APPROVE, "");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), v1::UNDER_REVIEW);
  EXPECT_TRUE(a->has_last_reviewed_time());
  a = Decide(*a, ben, v1::APPROVE);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), v1::APPROVED);
  EXPECT_THAT(a->approvals(), ::testing::ElementsAre(ana, ben));
  // What the change returned is what a read gives.
  EXPECT_EQ(Get(a->id()).DebugString(), a->DebugString());

  a = Reopen(*a, "source S9 was retracted");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), v1::SUBMITTED);
  EXPECT_EQ(a->reopen_reason(), "source S9 was retracted");
  EXPECT_TRUE(a->approvals().empty());
  EXPECT_EQ(Get(a->id()).DebugString(), a->DebugString());

  const std::vector<v1::AuditEvent> audit = Audit(a->id());
  std::vector<std::string> actions;
  for (const auto& e : audit) actions.push_back(AuditEvent::Action_Name(e.action()));
  EXPECT_THAT(actions, ::testing::ElementsAre("SUBMIT", "CLAIM", "CLAIM", "APPROVE", "APPROVE", "REOPEN"));
  EXPECT_EQ(audit.front().actor(), "medbrief-answer");
  EXPECT_EQ(audit[3].actor(), ana);
  EXPECT_EQ(audit[4].from_status(), v1::UNDER_REVIEW);
  EXPECT_EQ(audit[4].to_status(), v1::APPROVED);
  EXPECT_EQ(audit[5].actor(), "medbrief-citation");
  EXPECT_EQ(audit[5].note(), "source S9 was retracted");
  for (size_t i = 1; i < audit.size(); ++i) EXPECT_GT(audit[i].sequence(), audit[i - 1].sequence());
  ExpectReplaysTo(*a);
}

TEST_F(ReviewServiceTest, EveryStatusAgainstEveryActionThroughTheDatabase) {
  const std::string b1 = NewReviewer("b1"), b2 = NewReviewer("b2");
  const auto in_status = [&](ArticleStatus status, int n) -> v1::Article {
    v1::Article a = Submit(absl::StrCat("ans-table-", v1::ArticleStatus_Name(status), "-", n));
    if (status == v1::SUBMITTED) return a;
    if (status == v1::RETRACTED) return *Retract(a);
    a = *Claim(a, b1);
    switch (status) {
      case v1::CHANGES_REQUESTED: return *Decide(a, b1, v1::REQUEST_CHANGES);
      case v1::APPROVED: return *Decide(a, b1, v1::APPROVE);
      case v1::REJECTED: return *Decide(a, b1, v1::REJECT);
      default: return a;
    }
  };
  int n = 0;
  for (ArticleStatus status : {v1::SUBMITTED, v1::UNDER_REVIEW, v1::CHANGES_REQUESTED, v1::APPROVED, v1::REJECTED,
                               v1::RETRACTED}) {
    for (Action action : {AuditEvent::CLAIM, AuditEvent::COMMENT, AuditEvent::APPROVE, AuditEvent::REQUEST_CHANGES,
                          AuditEvent::REJECT, AuditEvent::RESUBMIT, AuditEvent::REOPEN, AuditEvent::RETRACT}) {
      SCOPED_TRACE(absl::StrCat(v1::ArticleStatus_Name(status), " x ", AuditEvent::Action_Name(action)));
      const v1::Article a = in_status(status, ++n);
      ASSERT_EQ(a.status(), status);
      absl::Status result;
      ArticleStatus after = status;
      switch (action) {
        case AuditEvent::CLAIM: {
          auto r = Claim(a, b2);
          result = r.status();
          if (r.ok()) after = r->status();
          break;
        }
        case AuditEvent::COMMENT: result = Comment(a, b1).status(); break;
        case AuditEvent::APPROVE:
        case AuditEvent::REQUEST_CHANGES:
        case AuditEvent::REJECT: {
          const v1::Decision d = action == AuditEvent::APPROVE           ? v1::APPROVE
                                 : action == AuditEvent::REQUEST_CHANGES ? v1::REQUEST_CHANGES
                                                                         : v1::REJECT;
          auto r = Decide(a, b1, d);
          result = r.status();
          if (r.ok()) after = r->status();
          break;
        }
        case AuditEvent::RESUBMIT: {
          auto r = Resubmit(a);
          result = r.status();
          if (r.ok()) after = r->status();
          break;
        }
        case AuditEvent::REOPEN: {
          auto r = Reopen(a);
          result = r.status();
          if (r.ok()) after = r->status();
          break;
        }
        default: {
          auto r = Retract(a);
          result = r.status();
          if (r.ok()) after = r->status();
        }
      }
      const Transition* rule = nullptr;
      for (const Transition& t : TransitionTable()) {
        if (t.from == status && t.action == action) rule = &t;
      }
      if (rule == nullptr) {
        EXPECT_EQ(result.code(), absl::StatusCode::kFailedPrecondition) << result;
        EXPECT_THAT(result.message(), HasSubstr(v1::ArticleStatus_Name(status)));
        EXPECT_THAT(result.message(), HasSubstr(AuditEvent::Action_Name(action)));
        // Nothing was written.
        EXPECT_EQ(Get(a.id()).etag(), a.etag());
      } else {
        ASSERT_TRUE(result.ok()) << result;
        EXPECT_EQ(after, rule->to);
        EXPECT_EQ(Get(a.id()).status(), rule->to);
      }
      ExpectReplaysTo(Get(a.id()));
    }
  }
}

TEST_F(ReviewServiceTest, SubmitIsIdempotentPerAnswerEvenWhenRacing) {
  const v1::Article first = Submit("ans-idem", "author-1");
  const std::string b1 = NewReviewer("b1");
  const v1::Article claimed = *Claim(first, b1);
  // A second submission returns the existing article as it is, whatever its status.
  const v1::Article again = Submit("ans-idem", "someone-else");
  EXPECT_EQ(again.DebugString(), claimed.DebugString());

  std::vector<std::string> ids(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] { ids[i] = Submit("ans-race").id(); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  EXPECT_EQ(Audit(ids[0]).size(), 1u);  // one SUBMIT
  v1::GetArticleByAnswerRequest by_answer;
  by_answer.set_answer_id("ans-race");
  EXPECT_EQ(service_.GetArticleByAnswer(by_answer)->id(), ids[0]);
}

TEST_F(ReviewServiceTest, StaleEtagsAreAbortedAndReopenNeedsNone) {
  const std::string b1 = NewReviewer("b1");
  const v1::Article submitted = Submit("ans-etag");
  const v1::Article claimed = *Claim(submitted, b1);
  // Acting on the etag from before the claim.
  auto stale = Decide(submitted, b1, v1::APPROVE);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr("etag"));
  EXPECT_EQ(Retract(submitted).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Get(claimed.id()).etag(), claimed.etag());
  // Claiming again is a no-op: same etag, nothing recorded.
  auto again = Claim(claimed, b1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->etag(), claimed.etag());
  EXPECT_EQ(Audit(claimed.id()).size(), 2u);
  // ReopenArticle takes no etag and wins over whatever changed meanwhile.
  auto reopened = Reopen(claimed, "source S4 superseded");
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(reopened->status(), v1::UNDER_REVIEW);
  EXPECT_EQ(reopened->reopen_reason(), "source S4 superseded");
  EXPECT_NE(reopened->etag(), claimed.etag());
}

TEST_F(ReviewServiceTest, TwoReviewersDecidingAtOnceOneWinsTheOtherIsAborted) {
  ReviewService two(store_, ReviewOptions{Policy{2, true}, absl::Hours(72)});
  const std::string ana = NewReviewer("ana"), ben = NewReviewer("ben");
  for (int round = 0; round < 25; ++round) {
    v1::SubmitArticleRequest submit;
    submit.set_answer_id(absl::StrCat("ans-race-decide-", round));
    submit.set_question("q");
    submit.set_author("medbrief-answer");
    v1::Article a = *two.SubmitArticle(submit);
    a = *Claim(a, ana);
    a = *Claim(a, ben);
    absl::Barrier* start = new absl::Barrier(2);
    absl::Status results[2];
    std::thread t1([&] {
      if (start->Block()) delete start;
      results[0] = Decide(a, ana, v1::APPROVE).status();
    });
    std::thread t2([&] {
      if (start->Block()) delete start;
      results[1] = Decide(a, ben, round % 2 == 0 ? v1::REQUEST_CHANGES : v1::APPROVE).status();
    });
    t1.join();
    t2.join();
    const int ok = results[0].ok() + results[1].ok();
    EXPECT_EQ(ok, 1) << results[0] << " / " << results[1];
    for (const absl::Status& s : results) {
      if (!s.ok()) {
        EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
      }
    }
    const v1::Article after = Get(a.id());
    EXPECT_EQ(Audit(a.id()).size(), 4u);  // SUBMIT, CLAIM, CLAIM and the one decision
    ExpectReplaysTo(after);
  }
}

TEST_F(ReviewServiceTest, ReopenWinsOverConcurrentDecisions) {
  const std::string ana = NewReviewer("ana");
  for (int round = 0; round < 20; ++round) {
    v1::Article a = *Claim(Submit(absl::StrCat("ans-reopen-race-", round)), ana);
    absl::Barrier* start = new absl::Barrier(2);
    absl::Status decided, reopened;
    std::thread decider([&] {
      if (start->Block()) delete start;
      decided = Decide(a, ana, round % 2 == 0 ? v1::APPROVE : v1::REQUEST_CHANGES).status();
    });
    std::thread citation([&] {
      if (start->Block()) delete start;
      reopened = Reopen(a, "source S7 retracted").status();
    });
    decider.join();
    citation.join();
    // The reopen takes no etag and is never refused for a concurrent change.
    EXPECT_TRUE(reopened.ok()) << reopened;
    EXPECT_TRUE(decided.ok() || decided.code() == absl::StatusCode::kAborted) << decided;
    const v1::Article after = Get(a.id());
    EXPECT_EQ(after.reopen_reason(), "source S7 retracted");
    EXPECT_TRUE(after.approvals().empty()) << "an approval survived the reopen";
    ExpectReplaysTo(after);
  }
}

// 16 threads take random actions on a handful of articles, each re-reading
// the article first. Afterwards nothing is lost: each article's revision
// counts exactly the changes its callers were told succeeded, its audit log
// holds exactly those and replays to the article, and the outbox carries the
// same events under the same numbers.
TEST_F(ReviewServiceTest, SixteenThreadsOfRandomActionsLoseNothing) {
  ReviewService two(store_, ReviewOptions{Policy{2, true}, absl::Hours(72)});
  std::vector<std::string> reviewers;
  for (int i = 0; i < 5; ++i) reviewers.push_back(NewReviewer(absl::StrCat("board-", i)));
  reviewers.push_back(NewReviewer("outsider", false));
  std::vector<std::string> articles;
  for (int i = 0; i < 10; ++i) {
    v1::SubmitArticleRequest submit;
    submit.set_answer_id(absl::StrCat("ans-stress-", i));
    submit.set_question("q");
    submit.set_author(i % 3 == 0 ? reviewers[0] : "medbrief-answer");  // some written by a board member
    articles.push_back(two.SubmitArticle(submit)->id());
  }

  struct Tally {
    int changes = 0;   // successful calls that changed the article
    int comments = 0;  // successful comments
  };
  absl::Mutex mu;
  std::map<std::string, Tally> tally;
  std::map<absl::StatusCode, int> codes;
  std::atomic<int> unexpected{0};

  const auto worker = [&](int seed) {
    std::mt19937 rng(seed);
    for (int i = 0; i < 120; ++i) {
      const std::string& id = articles[rng() % articles.size()];
      const std::string& reviewer = reviewers[rng() % reviewers.size()];
      v1::GetArticleRequest get;
      get.set_article_id(id);
      const absl::StatusOr<v1::Article> current = two.GetArticle(get);
      if (!current.ok()) {
        ++unexpected;
        continue;
      }
      absl::StatusOr<v1::Article> changed;
      absl::Status status;
      bool comment = false;
      // Mostly what the article's status invites, sometimes anything.
      int pick = static_cast<int>(rng() % 100);
      if (rng() % 5 != 0) {
        switch (current->status()) {
          case v1::SUBMITTED: pick = static_cast<int>(rng() % 40); break;         // claim or comment
          case v1::UNDER_REVIEW: pick = 15 + static_cast<int>(rng() % 65); break;  // claim, comment, decide
          case v1::CHANGES_REQUESTED: pick = 80 + static_cast<int>(rng() % 10); break;  // resubmit
          case v1::APPROVED: pick = 90 + static_cast<int>(rng() % 9); break;  // reopen
          default: break;
        }
      }
      if (pick < 25) {
        v1::ClaimReviewRequest r;
        r.set_article_id(id);
        r.set_reviewer_id(reviewer);
        r.set_etag(current->etag());
        changed = two.ClaimReview(r);
      } else if (pick < 40) {
        v1::AddCommentRequest r;
        r.set_article_id(id);
        r.set_reviewer_id(reviewer);
        r.set_text("comment");
        status = two.AddComment(r).status();
        comment = true;
      } else if (pick < 80) {
        v1::DecideRequest r;
        r.set_article_id(id);
        r.set_reviewer_id(reviewer);
        const int d = static_cast<int>(rng() % 50);
        r.set_decision(d < 35 ? v1::APPROVE : d < 49 ? v1::REQUEST_CHANGES : v1::REJECT);
        r.set_note("note");
        r.set_etag(current->etag());
        changed = two.Decide(r);
      } else if (pick < 90) {
        v1::ResubmitArticleRequest r;
        r.set_article_id(id);
        r.set_etag(current->etag());
        changed = two.ResubmitArticle(r);
      } else if (pick < 99) {
        v1::ReopenArticleRequest r;
        r.set_article_id(id);
        r.set_reason(absl::StrCat("source ", i, " changed"));
        changed = two.ReopenArticle(r, "medbrief-citation");
      } else {
        v1::RetractArticleRequest r;
        r.set_article_id(id);
        r.set_reason("withdrawn");
        r.set_etag(current->etag());
        changed = two.RetractArticle(r, "editor");
      }
      if (!comment) status = changed.status();
      absl::MutexLock lock(&mu);
      ++codes[status.code()];
      if (status.ok()) {
        if (comment) {
          ++tally[id].comments;
        } else if (changed->etag() != current->etag()) {
          ++tally[id].changes;
        }
      } else if (status.code() != absl::StatusCode::kAborted &&
                 status.code() != absl::StatusCode::kFailedPrecondition &&
                 status.code() != absl::StatusCode::kPermissionDenied) {
        ADD_FAILURE() << "unexpected status: " << status;
        ++unexpected;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) threads.emplace_back(worker, 1000 + t);
  for (auto& t : threads) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(codes[absl::StatusCode::kOk], 400);
  EXPECT_GT(codes[absl::StatusCode::kAborted], 0) << "the threads never collided; the test proves little";

  // What WatchArticles sends, by article, in order.
  std::map<std::string, std::vector<int64_t>> watched;
  for (int64_t after = 0;;) {
    absl::StatusOr<std::vector<v1::ArticleEvent>> events = service_.EventsAfter(after, 500);
    ASSERT_TRUE(events.ok()) << events.status();
    if (events->empty()) break;
    for (const v1::ArticleEvent& e : *events) watched[e.article_id()].push_back(e.sequence());
    after = events->back().sequence();
  }
  int total_changes = 0;
  for (const std::string& id : articles) {
    SCOPED_TRACE(id);
    const v1::Article article = Get(id);
    const Tally t = tally[id];
    total_changes += t.changes;
    EXPECT_EQ(article.etag(), absl::StrCat("r", 1 + t.changes)) << "a change was lost or invented";
    const std::vector<v1::AuditEvent> audit = Audit(id);
    EXPECT_EQ(static_cast<int>(audit.size()), 1 + t.changes + t.comments);
    ExpectReplaysTo(article);
    // WatchArticles sends the same events under the same numbers.
    std::vector<int64_t> audit_sequences;
    for (const auto& e : audit) audit_sequences.push_back(e.sequence());
    EXPECT_EQ(audit_sequences, watched[id]);
    // The comments are there.
    v1::ListCommentsRequest list;
    list.set_article_id(id);
    list.set_page_size(500);
    EXPECT_EQ(service_.ListComments(list)->comments_size(), t.comments);
  }
  EXPECT_GT(total_changes, 50);
}

// A rolling update applies migration 0007 (write_event stops copying events
// into the outbox article_events) while the previous release's replicas
// write: nothing fails, every event is in the audit log, the outbox keeps
// what it had and gets nothing more. Run in a schema of its own, migrated to
// 0006 first.
TEST_F(ReviewServiceTest, StoppingTheOutboxCopyUnderWritesLosesNothing) {
  db::MigrationSet before = Migrations();
  before.schema = "review_upgrade";
  const auto up_to = [&](int version) {
    db::MigrationSet set = before;
    while (!set.migrations.empty() && set.migrations.back().version > version) set.migrations.pop_back();
    return set;
  };
  const db::MigrationSet after = up_to(7);
  before = up_to(6);
  ASSERT_EQ(after.migrations.back().version, 7);
  ASSERT_EQ(before.migrations.back().version, 6);
  db::PoolOptions options;
  options.dsn = dsn();
  options.search_path = before.schema;
  options.size = 6;
  db::ConnectionPool pool(options);
  ASSERT_TRUE(db::ApplyMigrations(pool, before).ok());
  ArticleStore store(pool);
  ReviewService upgrade(store, ReviewOptions{});
  v1::CreateReviewerRequest create;
  create.mutable_reviewer()->set_display_name("board");
  create.mutable_reviewer()->set_board_member(true);
  const std::string reviewer = upgrade.CreateReviewer(create)->id();

  std::atomic<bool> migrated{false};
  std::atomic<int> writes{0}, failures{0};
  absl::Mutex mu;
  std::vector<std::string> articles;
  std::set<std::string> submitted_after;  // submitted once 0007 had committed
  const auto writer = [&](int w) {
    // Submits and claims (the two ways an event is written) until well after
    // the migration.
    for (int i = 0, after_migration = 0; after_migration < 10; ++i) {
      const bool was_migrated = migrated.load();
      v1::SubmitArticleRequest submit;
      submit.set_answer_id(absl::StrCat("ans-upgrade-", w, "-", i));
      submit.set_question("q");
      submit.set_author("medbrief-answer");
      const absl::StatusOr<v1::Article> article = upgrade.SubmitArticle(submit);
      if (!article.ok()) {
        ADD_FAILURE() << article.status();
        ++failures;
        return;
      }
      v1::ClaimReviewRequest claim;
      claim.set_article_id(article->id());
      claim.set_reviewer_id(reviewer);
      claim.set_etag(article->etag());
      if (const auto claimed = upgrade.ClaimReview(claim); !claimed.ok()) {
        ADD_FAILURE() << claimed.status();
        ++failures;
        return;
      }
      writes += 2;
      absl::MutexLock lock(&mu);
      articles.push_back(article->id());
      if (was_migrated) {
        submitted_after.insert(article->id());
        ++after_migration;
      }
    }
  };
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) writers.emplace_back(writer, w);
  while (writes.load() < 40 && failures.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const absl::StatusOr<int> applied = db::ApplyMigrations(pool, after);
  migrated = true;
  for (std::thread& t : writers) t.join();
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(failures.load(), 0);

  pqxx::connection conn(dsn());
  pqxx::read_transaction tx(conn);
  int copied_before = 0;
  for (const std::string& id : articles) {
    SCOPED_TRACE(id);
    EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM review_upgrade.audit_events WHERE article_id = $1", id)[0]
                  .as<int>(),
              2);
    const int copied =
        tx.exec_params1("SELECT count(*) FROM review_upgrade.article_events WHERE article_id = $1", id)[0].as<int>();
    if (submitted_after.count(id) > 0) {
      EXPECT_EQ(copied, 0) << "copied after the migration";
    } else {
      copied_before += copied;
    }
  }
  EXPECT_EQ(submitted_after.size(), 40u);
  EXPECT_GT(copied_before, 0) << "no event was written before the migration; the test proves little";
}

TEST_F(ReviewServiceTest, CommentsAppendWithoutChangingTheArticle) {
  const std::string b1 = NewReviewer("b1");
  v1::Article a = Submit("ans-comments");
  auto first = Comment(a, b1, "Dose in [2] differs from the label.");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->anchor(), "section:GUIDELINES");
  EXPECT_TRUE(first->has_create_time());
  auto second = Comment(a, b1, "Second thought.");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Get(a.id()).etag(), a.etag());  // no etag change: no decider is aborted by a comment

  v1::ListCommentsRequest list;
  list.set_article_id(a.id());
  list.set_page_size(1);
  auto page = service_.ListComments(list);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->comments_size(), 1);
  EXPECT_EQ(page->comments(0).id(), first->id());
  ASSERT_FALSE(page->next_page_token().empty());
  list.set_page_token(page->next_page_token());
  page = service_.ListComments(list);
  ASSERT_EQ(page->comments_size(), 1);
  EXPECT_EQ(page->comments(0).text(), "Second thought.");
  EXPECT_TRUE(page->next_page_token().empty());

  const auto audit = Audit(a.id());
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[1].action(), AuditEvent::COMMENT);
  EXPECT_EQ(audit[1].actor(), b1);
  EXPECT_EQ(audit[1].note(), "Dose in [2] differs from the label.");

  // Not on a final article.
  a = *Retract(a);
  EXPECT_EQ(Comment(a, b1).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReviewServiceTest, BadInputNamesTheFieldAndUnknownIdsAreNotFound) {
  const std::string b1 = NewReviewer("b1");
  const v1::Article a = Submit("ans-bad");
  const auto expect = [](const absl::Status& status, absl::StatusCode code, const std::string& field) {
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_THAT(std::string(status.message()), HasSubstr(field)) << status;
  };
  const auto invalid = absl::StatusCode::kInvalidArgument;
  const std::string long_text(4001, 'x');

  expect(service_.CreateReviewer(v1::CreateReviewerRequest()).status(), invalid, "reviewer");
  v1::CreateReviewerRequest reviewer;
  reviewer.mutable_reviewer()->set_display_name("  ");
  expect(service_.CreateReviewer(reviewer).status(), invalid, "reviewer.display_name");

  v1::SubmitArticleRequest submit;
  submit.set_question("q");
  submit.set_author("x");
  expect(service_.SubmitArticle(submit).status(), invalid, "answer_id");
  submit.set_answer_id(std::string(129, 'a'));
  expect(service_.SubmitArticle(submit).status(), invalid, "answer_id");
  submit.set_answer_id("ans-bad-2");
  submit.set_question(std::string(1001, 'q'));
  expect(service_.SubmitArticle(submit).status(), invalid, "question");
  submit.set_question("q");
  submit.set_author("");
  expect(service_.SubmitArticle(submit).status(), invalid, "author");

  v1::ClaimReviewRequest claim;
  claim.set_reviewer_id(b1);
  claim.set_etag(a.etag());
  expect(service_.ClaimReview(claim).status(), invalid, "article_id");
  claim.set_article_id(a.id());
  claim.set_etag("");
  expect(service_.ClaimReview(claim).status(), invalid, "etag");
  claim.set_etag(a.etag());
  claim.set_reviewer_id("rev_nobody");
  expect(service_.ClaimReview(claim).status(), absl::StatusCode::kNotFound, "reviewer_id");
  claim.set_reviewer_id(b1);
  claim.set_article_id("art_nothing");
  expect(service_.ClaimReview(claim).status(), absl::StatusCode::kNotFound, "article_id");

  const v1::Article claimed = *Claim(a, b1);
  v1::DecideRequest decide;
  decide.set_article_id(claimed.id());
  decide.set_reviewer_id(b1);
  decide.set_etag(claimed.etag());
  expect(service_.Decide(decide).status(), invalid, "decision");
  decide.set_decision(static_cast<v1::Decision>(42));
  expect(service_.Decide(decide).status(), invalid, "decision");
  decide.set_decision(v1::REJECT);
  expect(service_.Decide(decide).status(), invalid, "note");  // required to reject
  decide.set_note(long_text);
  expect(service_.Decide(decide).status(), invalid, "note");
  decide.set_note("fine");
  decide.set_reviewer_id("");
  expect(service_.Decide(decide).status(), invalid, "reviewer_id");

  v1::AddCommentRequest comment;
  comment.set_article_id(a.id());
  comment.set_reviewer_id(b1);
  expect(service_.AddComment(comment).status(), invalid, "text");
  comment.set_text(long_text);
  expect(service_.AddComment(comment).status(), invalid, "text");
  comment.set_text("ok");
  comment.set_anchor(std::string(501, 'a'));
  expect(service_.AddComment(comment).status(), invalid, "anchor");
  comment.set_anchor("");
  comment.set_text("bad \xff utf8");
  expect(service_.AddComment(comment).status(), invalid, "text");
  comment.set_text(std::string("nul \0 inside", 12));
  expect(service_.AddComment(comment).status(), invalid, "text");

  v1::ReopenArticleRequest reopen;
  reopen.set_article_id(a.id());
  expect(service_.ReopenArticle(reopen, "x").status(), invalid, "reason");
  reopen.set_article_id("art_nothing");
  reopen.set_reason("r");
  expect(service_.ReopenArticle(reopen, "x").status(), absl::StatusCode::kNotFound, "article_id");

  v1::ListArticlesRequest list;
  list.set_status(static_cast<v1::ArticleStatus>(17));
  expect(service_.ListArticles(list).status(), invalid, "status");
  list.set_status(v1::SUBMITTED);
  list.set_page_size(501);
  expect(service_.ListArticles(list).status(), invalid, "page_size");
  list.set_page_size(-1);
  expect(service_.ListArticles(list).status(), invalid, "page_size");
  list.set_page_size(1);
  list.set_page_token("garbage");
  expect(service_.ListArticles(list).status(), invalid, "page_token");

  v1::GetArticleRequest get;
  get.set_article_id("art_nothing");
  expect(service_.GetArticle(get).status(), absl::StatusCode::kNotFound, "article_id");
  v1::GetArticleByAnswerRequest by_answer;
  by_answer.set_answer_id("ans-never");
  expect(service_.GetArticleByAnswer(by_answer).status(), absl::StatusCode::kNotFound, "answer_id");
  v1::ListAuditEventsRequest audit;
  audit.set_article_id("art_nothing");
  expect(service_.ListAuditEvents(audit).status(), absl::StatusCode::kNotFound, "article_id");
  v1::ListCommentsRequest comments;
  comments.set_article_id("art_nothing");
  expect(service_.ListComments(comments).status(), absl::StatusCode::kNotFound, "article_id");
  v1::WatchArticlesRequest watch;
  watch.set_after_sequence(-1);
  expect(ReviewService::CheckWatch(watch), invalid, "after_sequence");
  watch.set_after_sequence(0);
  watch.add_skip_actions(AuditEvent::ACTION_UNSPECIFIED);
  expect(ReviewService::CheckWatch(watch), invalid, "skip_actions[0]");
  watch.clear_skip_actions();
  for (int i = 0; i < 17; ++i) watch.add_skip_actions(AuditEvent::APPROVE);
  expect(ReviewService::CheckWatch(watch), invalid, "skip_actions");
  watch.clear_skip_actions();
  watch.add_skip_actions(AuditEvent::RETRACT);
  watch.add_skip_actions(static_cast<AuditEvent::Action>(99));  // a newer action: no error
  EXPECT_TRUE(ReviewService::CheckWatch(watch).ok());

  // None of that wrote anything.
  EXPECT_EQ(Audit(a.id()).size(), 2u);
}

TEST_F(ReviewServiceTest, TheDatabaseRefusesToChangeTheAuditLog) {
  const v1::Article a = Submit("ans-append-only");
  for (const char* statement : {"UPDATE review.audit_events SET note = 'forged'",
                                "DELETE FROM review.audit_events", "TRUNCATE review.audit_events CASCADE"}) {
    SCOPED_TRACE(statement);
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    try {
      tx.exec(statement);
      ADD_FAILURE() << "the database accepted it";
    } catch (const pqxx::sql_error& e) {
      // (libpqxx 6.4 reports no SQLSTATE for TRUNCATE's statement trigger.)
      if (!e.sqlstate().empty()) {
        EXPECT_EQ(e.sqlstate(), "42501") << e.what();
      }
      EXPECT_THAT(e.what(), HasSubstr("append-only"));
    }
  }
  EXPECT_EQ(Audit(a.id()).size(), 1u);
}

// The queue, in a database of its own.
class ReviewQueueTest : public ReviewDb {
 protected:
  ReviewQueueTest() : ReviewDb(ReviewOptions{Policy{1, true}, absl::Hours(1)}) {}

  std::vector<v1::Article> ListAll(v1::ListArticlesRequest request, const std::function<void()>& between = {}) {
    std::vector<v1::Article> out;
    do {
      auto page = service_.ListArticles(request);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      out.insert(out.end(), page->articles().begin(), page->articles().end());
      request.set_page_token(page->next_page_token());
      if (between) between();
    } while (!request.page_token().empty());
    return out;
  }
};

TEST_F(ReviewQueueTest, PagesAreStableWhileArticlesArrive) {
  std::vector<std::string> before;
  for (int i = 0; i < 40; ++i) before.push_back(Submit(absl::StrCat("ans-q-", i)).id());

  // A writer submits 40 more while a reader pages through the queue.
  std::atomic<bool> go{false};
  std::thread writer([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < 40; ++i) Submit(absl::StrCat("ans-q-new-", i));
  });
  v1::ListArticlesRequest request;
  request.set_status(v1::SUBMITTED);
  request.set_page_size(7);
  std::vector<v1::Article> seen = ListAll(request, [&] { go = true; });
  writer.join();

  std::map<std::string, int> count;
  for (const auto& a : seen) ++count[a.id()];
  for (const std::string& id : before) EXPECT_EQ(count[id], 1) << id << " missed or repeated";
  for (const auto& [id, n] : count) EXPECT_EQ(n, 1) << id << " repeated";
  // Oldest first.
  for (size_t i = 1; i < seen.size(); ++i) {
    const auto& p = seen[i - 1].update_time();
    const auto& c = seen[i].update_time();
    EXPECT_TRUE(p.seconds() < c.seconds() || (p.seconds() == c.seconds() && p.nanos() <= c.nanos()));
  }
  // Every arrival is in the queue now, after the articles that were there.
  const std::vector<v1::Article> all = ListAll(request);
  ASSERT_EQ(all.size(), 80u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(all[i].id(), before[i]);

  // A token is bound to its filters.
  auto first = service_.ListArticles(request);
  ASSERT_FALSE(first->next_page_token().empty());
  v1::ListArticlesRequest other = request;
  other.set_page_token(first->next_page_token());
  other.set_status(v1::UNDER_REVIEW);
  EXPECT_EQ(service_.ListArticles(other).status().code(), absl::StatusCode::kInvalidArgument);
  other.set_status(v1::SUBMITTED);
  other.set_overdue_only(true);
  EXPECT_EQ(service_.ListArticles(other).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReviewQueueTest, AReviewersQueueAndOverdueArticles) {
  const std::string ana = NewReviewer("ana"), ben = NewReviewer("ben");
  const v1::Article waiting = Submit("ans-o-waiting");
  const v1::Article fresh = Submit("ans-o-fresh");
  v1::Article reviewing = *Claim(Submit("ans-o-reviewing"), ana);
  v1::Article approved = *Decide(*Claim(Submit("ans-o-approved"), ana), ana, v1::APPROVE);
  v1::Article bens = *Claim(Submit("ans-o-ben"), ben);

  v1::ListArticlesRequest queue;
  queue.set_reviewer_id(ana);
  std::vector<std::string> ids;
  for (const auto& a : ListAll(queue)) ids.push_back(a.id());
  EXPECT_THAT(ids, ::testing::ElementsAre(reviewing.id(), approved.id()));
  queue.set_status(v1::UNDER_REVIEW);
  ids.clear();
  for (const auto& a : ListAll(queue)) ids.push_back(a.id());
  EXPECT_THAT(ids, ::testing::ElementsAre(reviewing.id()));
  queue.set_reviewer_id("rev_unknown");
  EXPECT_TRUE(ListAll(queue).empty());

  // Two hours in their status, past the one-hour SLA, except `fresh`.
  {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    tx.exec_params("UPDATE review.articles SET state_since = state_since - interval '2 hours' "
                   "WHERE answer_id LIKE 'ans-o-%' AND id <> $1",
                   fresh.id());
    tx.commit();
  }
  v1::ListArticlesRequest overdue;
  overdue.set_overdue_only(true);
  ids.clear();
  for (const auto& a : ListAll(overdue)) ids.push_back(a.id());
  // APPROVED is never overdue.
  EXPECT_THAT(ids, ::testing::ElementsAre(waiting.id(), reviewing.id(), bens.id()));
  overdue.set_reviewer_id(ben);
  ids.clear();
  for (const auto& a : ListAll(overdue)) ids.push_back(a.id());
  EXPECT_THAT(ids, ::testing::ElementsAre(bens.id()));

  // A transition restarts the clock; a comment does not.
  ASSERT_TRUE(Comment(reviewing, ana).ok());
  ASSERT_TRUE(Decide(bens, ben, v1::REQUEST_CHANGES).ok());
  overdue.clear_reviewer_id();
  ids.clear();
  for (const auto& a : ListAll(overdue)) ids.push_back(a.id());
  EXPECT_THAT(ids, ::testing::ElementsAre(waiting.id(), reviewing.id()));
}

}  // namespace
}  // namespace medbrief::review
