#include "services/review/article_store.h"

#include <pqxx/pqxx>

#include "common/db/prepared.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/db/arrays.h"
#include "common/db/errors.h"
#include "common/db/timestamps.h"
#include "common/status/macros.h"
#include "services/review/sql.h"

namespace medbrief::review {
namespace {

using v1::AuditEvent;

using db::ExecPrepared;

// An article as read, with what the client does not see.
struct StoredArticle {
  v1::Article article;
  int revision = 1;
  int round = 1;
};

// The columns of MEDBRIEF_REVIEW_ARTICLE_COLUMNS.
StoredArticle ArticleFromRow(const pqxx::row& r) {
  StoredArticle stored;
  v1::Article& a = stored.article;
  a.set_id(r[0].as<std::string>());
  a.set_answer_id(r[1].as<std::string>());
  a.set_question(r[2].as<std::string>());
  a.set_author(r[3].as<std::string>());
  a.set_status(static_cast<ArticleStatus>(r[4].as<int>()));
  a.set_required_approvals(r[5].as<int>());
  a.set_reopen_reason(r[6].as<std::string>());
  stored.revision = r[7].as<int>();
  a.set_etag(EtagOf(stored.revision));
  stored.round = r[8].as<int>();
  if (!r[9].is_null()) db::SetTimestamp(r[9].as<double>(), a.mutable_last_reviewed_time());
  db::SetTimestamp(r[10].as<double>(), a.mutable_create_time());
  db::SetTimestamp(r[11].as<double>(), a.mutable_update_time());
  for (std::string& id : db::ParseTextArray(r[13])) a.add_reviewer_ids(std::move(id));
  for (std::string& id : db::ParseTextArray(r[14])) a.add_approvals(std::move(id));
  return stored;
}

int64_t UpdateSequenceOf(const pqxx::row& r) { return r[12].as<int64_t>(); }

ArticleState StateOf(const StoredArticle& stored) { return review::StateOf(stored.article, stored.round); }

absl::Status ArticleNotFound(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("article_id: article ", id, " not found"));
}

absl::StatusOr<StoredArticle> ReadArticle(pqxx::transaction_base& tx, const char* name, const char* query,
                                          absl::string_view id) {
  const pqxx::result rows = ExecPrepared(tx, name, query, std::string(id));
  if (rows.empty()) return ArticleNotFound(id);
  return ArticleFromRow(rows[0]);
}

// An article as a change is decided on, with the acting reviewer.
struct Current {
  StoredArticle stored;
  std::optional<v1::Reviewer> reviewer;  // when a reviewer_id was given
};

// NOT_FOUND naming article_id or reviewer_id when either is unknown.
absl::StatusOr<Current> ReadCurrent(pqxx::transaction_base& tx, absl::string_view article_id,
                                    absl::string_view reviewer_id) {
  const pqxx::result rows = ExecPrepared(tx, "review_get_article_and_reviewer", sql::kGetArticleAndReviewer,
                                         std::string(article_id), std::string(reviewer_id));
  if (rows.empty()) return ArticleNotFound(article_id);
  Current current{ArticleFromRow(rows[0]), std::nullopt};
  if (!reviewer_id.empty()) {
    if (rows[0][15].is_null()) {
      return absl::NotFoundError(absl::StrCat("reviewer_id: reviewer ", reviewer_id, " not found"));
    }
    current.reviewer.emplace();
    current.reviewer->set_id(rows[0][15].as<std::string>());
    current.reviewer->set_board_member(rows[0][16].as<bool>());
  }
  return current;
}

// How often a change without an etag (ReopenArticle, a comment) is decided
// again when the article changed under it.
constexpr int kAttempts = 20;

absl::Status CheckEtag(const v1::Article& article, absl::string_view etag) {
  if (etag.empty() || etag == article.etag()) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("etag: article ", article.id(), " changed since etag ", etag, " (now ",
                                         article.etag(), "); read it again and retry"));
}

// Whether `article_id` exists (for lists that came back empty).
absl::Status CheckArticleExists(pqxx::transaction_base& tx, absl::string_view article_id) {
  if (tx.exec_params(sql::kArticleExists, std::string(article_id)).empty()) return ArticleNotFound(article_id);
  return absl::OkStatus();
}

// Lists read limit + 1 rows: a row beyond the page means there is a next one.
template <typename T>
bool PageFull(Page<T>& page, int limit, int64_t last_sequence) {
  if (static_cast<int>(page.items.size()) < limit) return false;
  page.next_after = last_sequence;
  return true;
}

}  // namespace

std::string EtagOf(int revision) { return absl::StrCat("r", revision); }

ArticleStore::WriteSlot::WriteSlot(ArticleStore& store) : store_(store) {
  absl::MutexLock lock(&store_.writers_mu_);
  const auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(store_.writers_mu_) {
    return store_.writers_ < store_.max_writers_;
  };
  store_.writers_mu_.Await(absl::Condition(&free));
  ++store_.writers_;
}

ArticleStore::WriteSlot::~WriteSlot() {
  absl::MutexLock lock(&store_.writers_mu_);
  --store_.writers_;
}

absl::StatusOr<v1::Reviewer> ArticleStore::CreateReviewer(v1::Reviewer reviewer) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    const pqxx::row row = tx.exec_params1(sql::kInsertReviewer, reviewer.id(), reviewer.display_name(),
                                          reviewer.specialty(), reviewer.board_member());
    db::SetTimestamp(row[0].as<double>(), reviewer.mutable_create_time());
    tx.commit();
    return reviewer;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Article> ArticleStore::Submit(const std::string& id, const std::string& answer_id,
                                                 const std::string& question, const std::string& author,
                                                 int required_approvals) {
  WriteSlot slot(*this);
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);  // one statement, committed on its own
    const pqxx::result submitted =
        ExecPrepared(tx, "review_submit_article", sql::kSubmitArticle, id, answer_id, question, author,
                     required_approvals);
    if (submitted.empty()) {  // the answer has its article: return it as it is
      ASSIGN_OR_RETURN(StoredArticle existing,
                       ReadArticle(tx, "review_get_article_by_answer", sql::kGetArticleByAnswer, answer_id));
      return std::move(existing.article);
    }
    v1::Article article;
    article.set_id(id);
    article.set_answer_id(answer_id);
    article.set_question(question);
    article.set_author(author);
    article.set_status(v1::SUBMITTED);
    article.set_required_approvals(required_approvals);
    article.set_etag(EtagOf(1));
    db::SetTimestamp(submitted[0][0].as<double>(), article.mutable_create_time());
    *article.mutable_update_time() = article.create_time();
    return article;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Article> ArticleStore::Get(absl::string_view id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    ASSIGN_OR_RETURN(StoredArticle stored, ReadArticle(tx, "review_get_article", sql::kGetArticle, id));
    return std::move(stored.article);
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Article> ArticleStore::GetByAnswer(absl::string_view answer_id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    const pqxx::result rows =
        ExecPrepared(tx, "review_get_article_by_answer", sql::kGetArticleByAnswer, std::string(answer_id));
    if (rows.empty()) {
      return absl::NotFoundError(absl::StrCat("answer_id: no article for answer ", answer_id));
    }
    return std::move(ArticleFromRow(rows[0]).article);
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Article> ArticleStore::Change(absl::string_view article_id, absl::string_view reviewer_id,
                                                 absl::string_view etag, Decide decide) {
  WriteSlot slot(*this);
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    // Each statement commits on its own: read, decide, then write only if
    // the revision decided on is still the article's (see kRecordChange).
    pqxx::nontransaction tx(*lease);
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      ASSIGN_OR_RETURN(Current current, ReadCurrent(tx, article_id, reviewer_id));
      StoredArticle& stored = current.stored;
      RETURN_IF_ERROR(CheckEtag(stored.article, etag));
      ASSIGN_OR_RETURN(Outcome outcome, decide(StateOf(stored), current.reviewer ? &*current.reviewer : nullptr));
      if (!outcome.recorded) return std::move(stored.article);

      const v1::AuditEvent& record = outcome.record;
      const int decision = !outcome.decided                                   ? 0
                           : record.action() == AuditEvent::APPROVE          ? v1::APPROVE
                           : record.action() == AuditEvent::REQUEST_CHANGES ? v1::REQUEST_CHANGES
                                                                             : v1::REJECT;
      const pqxx::result changed = ExecPrepared(
          tx, "review_record_change", sql::kRecordChange, stored.article.id(), stored.article.answer_id(),
          record.actor(), AuditEvent::Action_Name(record.action()), static_cast<int>(record.from_status()),
          static_cast<int>(record.to_status()), record.note(), outcome.next.round, outcome.next.reopen_reason,
          outcome.claim_added, decision, stored.round, stored.revision);
      if (changed.empty()) {
        // Another change committed first. With an etag the caller decided on
        // what is gone now; without one (ReopenArticle) decide again.
        if (!etag.empty()) {
          return absl::AbortedError(absl::StrCat("etag: article ", article_id, " changed concurrently since etag ",
                                                 etag, "; read it again and retry"));
        }
        continue;
      }
      v1::Article& article = stored.article;
      const ArticleState& next = outcome.next;
      article.set_status(next.status);
      article.mutable_reviewer_ids()->Assign(next.reviewer_ids.begin(), next.reviewer_ids.end());
      article.mutable_approvals()->Assign(next.approvals.begin(), next.approvals.end());
      article.set_reopen_reason(next.reopen_reason);
      article.set_etag(EtagOf(changed[0][0].as<int>()));
      db::SetTimestamp(changed[0][1].as<double>(), article.mutable_update_time());
      if (!changed[0][2].is_null()) {
        db::SetTimestamp(changed[0][2].as<double>(), article.mutable_last_reviewed_time());
      }
      return std::move(article);
    }
    return absl::AbortedError(absl::StrCat("article ", article_id, " keeps changing; retry"));
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Comment> ArticleStore::AddComment(const std::string& comment_id, absl::string_view article_id,
                                                     absl::string_view reviewer_id, const std::string& anchor,
                                                     Decide decide) {
  WriteSlot slot(*this);
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);  // as in Change: each statement commits on its own
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      ASSIGN_OR_RETURN(Current current, ReadCurrent(tx, article_id, reviewer_id));
      const v1::Reviewer& reviewer = *current.reviewer;
      ASSIGN_OR_RETURN(Outcome outcome, decide(StateOf(current.stored), &reviewer));
      const v1::AuditEvent& record = outcome.record;
      const pqxx::result row =
          ExecPrepared(tx, "review_record_comment", sql::kRecordComment, comment_id, current.stored.article.id(),
                       current.stored.article.answer_id(), reviewer.id(), anchor,
                       static_cast<int>(record.from_status()), record.note());
      if (row.empty()) continue;  // the status changed meanwhile: decide again
      v1::Comment comment;
      comment.set_id(comment_id);
      comment.set_article_id(std::string(article_id));
      comment.set_reviewer_id(reviewer.id());
      comment.set_anchor(anchor);
      comment.set_text(record.note());
      db::SetTimestamp(row[0][0].as<double>(), comment.mutable_create_time());
      return comment;
    }
    return absl::AbortedError(absl::StrCat("article ", article_id, " keeps changing; retry"));
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<Page<v1::Article>> ArticleStore::ListArticles(const ArticleFilter& filter, int64_t after, int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    const pqxx::result rows =
        tx.exec_params(sql::kListArticles, static_cast<int>(filter.status), filter.reviewer_id, filter.overdue_only,
                       absl::ToDoubleSeconds(filter.sla), after, limit + 1);
    Page<v1::Article> page;
    int64_t last = after;
    for (const auto& row : rows) {
      if (PageFull(page, limit, last)) break;
      page.items.push_back(std::move(ArticleFromRow(row).article));
      last = UpdateSequenceOf(row);
    }
    return page;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<Page<v1::Comment>> ArticleStore::ListComments(absl::string_view article_id, int64_t after, int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    const pqxx::result rows = tx.exec_params(sql::kListComments, std::string(article_id), after, limit + 1);
    if (rows.empty()) RETURN_IF_ERROR(CheckArticleExists(tx, article_id));
    Page<v1::Comment> page;
    int64_t last = after;
    for (const auto& r : rows) {
      if (PageFull(page, limit, last)) break;
      v1::Comment& c = page.items.emplace_back();
      c.set_id(r[0].as<std::string>());
      c.set_article_id(r[1].as<std::string>());
      c.set_reviewer_id(r[2].as<std::string>());
      c.set_anchor(r[3].as<std::string>());
      c.set_text(r[4].as<std::string>());
      db::SetTimestamp(r[5].as<double>(), c.mutable_create_time());
      last = r[6].as<int64_t>();
    }
    return page;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<Page<v1::AuditEvent>> ArticleStore::ListAuditEvents(absl::string_view article_id, int64_t after,
                                                                   int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    const pqxx::result rows = tx.exec_params(sql::kListAuditEvents, std::string(article_id), after, limit + 1);
    if (rows.empty()) RETURN_IF_ERROR(CheckArticleExists(tx, article_id));
    Page<v1::AuditEvent> page;
    for (const auto& r : rows) {
      if (PageFull(page, limit, page.items.empty() ? after : page.items.back().sequence())) break;
      v1::AuditEvent& e = page.items.emplace_back();
      e.set_sequence(r[0].as<int64_t>());
      e.set_article_id(r[1].as<std::string>());
      e.set_actor(r[2].as<std::string>());
      AuditEvent::Action action = AuditEvent::ACTION_UNSPECIFIED;
      AuditEvent::Action_Parse(r[3].as<std::string>(), &action);
      e.set_action(action);
      e.set_from_status(static_cast<ArticleStatus>(r[4].as<int>()));
      e.set_to_status(static_cast<ArticleStatus>(r[5].as<int>()));
      e.set_note(r[6].as<std::string>());
      db::SetTimestamp(r[7].as<double>(), e.mutable_create_time());
    }
    return page;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<std::vector<v1::ArticleEvent>> ArticleStore::EventsAfter(int64_t after, int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    std::vector<v1::ArticleEvent> events;
    for (const auto& r : ExecPrepared(tx, "review_events_after", sql::kEventsAfter, after, limit)) {
      v1::ArticleEvent& e = events.emplace_back();
      e.set_sequence(r[0].as<int64_t>());
      e.set_article_id(r[1].as<std::string>());
      e.set_answer_id(r[2].as<std::string>());
      AuditEvent::Action action = AuditEvent::ACTION_UNSPECIFIED;
      AuditEvent::Action_Parse(r[3].as<std::string>(), &action);
      e.set_action(action);
      e.set_status(static_cast<ArticleStatus>(r[4].as<int>()));
      db::SetTimestamp(r[5].as<double>(), e.mutable_create_time());
    }
    return events;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<int64_t> ArticleStore::LastSequence() {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    return tx.exec1(sql::kLastSequence)[0].as<int64_t>();
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<std::vector<std::pair<v1::ArticleStatus, int64_t>>> ArticleStore::QueueCounts() {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::nontransaction tx(*lease);
    // Every queue status, 0 when no article is in it.
    std::vector<std::pair<v1::ArticleStatus, int64_t>> counts = {
        {v1::SUBMITTED, 0}, {v1::UNDER_REVIEW, 0}, {v1::CHANGES_REQUESTED, 0}};
    for (const auto& row : tx.exec(sql::kQueueCounts)) {
      for (auto& [status, count] : counts) {
        if (status == row[0].as<int>()) count = row[1].as<int64_t>();
      }
    }
    return counts;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

}  // namespace medbrief::review
