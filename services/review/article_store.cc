#include "services/review/article_store.h"

#include <pqxx/pqxx>

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

// The hot statements are prepared once per connection: planning the
// append_event CTEs costs more than running them. prepare() with the same
// text again is a no-op.
template <typename... Args>
pqxx::result ExecPrepared(pqxx::transaction_base& tx, const char* name, const char* query, Args&&... args) {
  tx.conn().prepare(name, query);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// An article as read, with what the client does not see.
struct StoredArticle {
  v1::Article article;
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
  a.set_etag(EtagOf(r[7].as<int>()));
  stored.round = r[8].as<int>();
  if (!r[9].is_null()) db::SetTimestamp(r[9].as<double>(), a.mutable_last_reviewed_time());
  db::SetTimestamp(r[10].as<double>(), a.mutable_create_time());
  db::SetTimestamp(r[11].as<double>(), a.mutable_update_time());
  for (std::string& id : db::ParseTextArray(r[13])) a.add_reviewer_ids(std::move(id));
  for (std::string& id : db::ParseTextArray(r[14])) a.add_approvals(std::move(id));
  return stored;
}

int64_t UpdateSequenceOf(const pqxx::row& r) { return r[12].as<int64_t>(); }

ArticleState StateOf(const StoredArticle& stored) {
  const v1::Article& a = stored.article;
  ArticleState state;
  state.status = a.status();
  state.author = a.author();
  state.required_approvals = a.required_approvals();
  state.reviewer_ids.assign(a.reviewer_ids().begin(), a.reviewer_ids().end());
  state.approvals.assign(a.approvals().begin(), a.approvals().end());
  state.reopen_reason = a.reopen_reason();
  state.round = stored.round;
  return state;
}

v1::Reviewer ReviewerFromRow(const pqxx::row& r) {
  v1::Reviewer reviewer;
  reviewer.set_id(r[0].as<std::string>());
  reviewer.set_display_name(r[1].as<std::string>());
  reviewer.set_specialty(r[2].as<std::string>());
  reviewer.set_board_member(r[3].as<bool>());
  db::SetTimestamp(r[4].as<double>(), reviewer.mutable_create_time());
  return reviewer;
}

absl::Status ArticleNotFound(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("article_id: article ", id, " not found"));
}

absl::StatusOr<StoredArticle> ReadArticle(pqxx::transaction_base& tx, const char* name, const char* query,
                                          absl::string_view id) {
  const pqxx::result rows = ExecPrepared(tx, name, query, std::string(id));
  if (rows.empty()) return ArticleNotFound(id);
  return ArticleFromRow(rows[0]);
}

// The acting reviewer, or NOT_FOUND naming reviewer_id.
absl::StatusOr<v1::Reviewer> ReadReviewer(pqxx::transaction_base& tx, absl::string_view id) {
  const pqxx::result rows = ExecPrepared(tx, "review_get_reviewer", sql::kGetReviewer, std::string(id));
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("reviewer_id: reviewer ", id, " not found"));
  return ReviewerFromRow(rows[0]);
}

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
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    const pqxx::result inserted =
        ExecPrepared(tx, "review_insert_article", sql::kInsertArticle, id, answer_id, question, author,
                     required_approvals);
    if (inserted.empty()) {  // the answer has its article: return it as it is
      ASSIGN_OR_RETURN(StoredArticle existing,
                       ReadArticle(tx, "review_get_article_by_answer", sql::kGetArticleByAnswer, answer_id));
      return std::move(existing.article);
    }
    ExecPrepared(tx, "review_record_submit", sql::kRecordSubmit, id, author);
    ASSIGN_OR_RETURN(StoredArticle created, ReadArticle(tx, "review_get_article", sql::kGetArticle, id));
    tx.commit();
    return std::move(created.article);
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Article> ArticleStore::Get(absl::string_view id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    ASSIGN_OR_RETURN(StoredArticle stored, ReadArticle(tx, "review_get_article", sql::kGetArticle, id));
    return std::move(stored.article);
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Article> ArticleStore::GetByAnswer(absl::string_view answer_id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
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
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    ASSIGN_OR_RETURN(StoredArticle current, ReadArticle(tx, "review_lock_article", sql::kLockArticle, article_id));
    std::optional<v1::Reviewer> reviewer;
    if (!reviewer_id.empty()) {
      ASSIGN_OR_RETURN(reviewer, ReadReviewer(tx, reviewer_id));
    }
    RETURN_IF_ERROR(CheckEtag(current.article, etag));
    ASSIGN_OR_RETURN(Outcome outcome, decide(StateOf(current), reviewer ? &*reviewer : nullptr));
    if (!outcome.recorded) return std::move(current.article);

    const v1::AuditEvent& record = outcome.record;
    const std::string id(article_id);
    if (outcome.claim_added) ExecPrepared(tx, "review_insert_claim", sql::kInsertClaim, id, record.actor());
    if (outcome.decided) {
      ExecPrepared(tx, "review_insert_decision", sql::kInsertDecision, id, record.actor(),
                   static_cast<int>(record.action() == AuditEvent::APPROVE          ? v1::APPROVE
                                    : record.action() == AuditEvent::REQUEST_CHANGES ? v1::REQUEST_CHANGES
                                                                                     : v1::REJECT),
                   record.note(), current.round);
    }
    const pqxx::row changed =
        ExecPrepared(tx, "review_record_change", sql::kRecordChange, id, record.actor(),
                     AuditEvent::Action_Name(record.action()), static_cast<int>(record.from_status()),
                     static_cast<int>(record.to_status()), record.note(), outcome.next.round,
                     outcome.next.reopen_reason, outcome.decided)
            .at(0);
    tx.commit();

    v1::Article& article = current.article;
    const ArticleState& next = outcome.next;
    article.set_status(next.status);
    article.mutable_reviewer_ids()->Assign(next.reviewer_ids.begin(), next.reviewer_ids.end());
    article.mutable_approvals()->Assign(next.approvals.begin(), next.approvals.end());
    article.set_reopen_reason(next.reopen_reason);
    article.set_etag(EtagOf(changed[0].as<int>()));
    db::SetTimestamp(changed[1].as<double>(), article.mutable_update_time());
    if (!changed[2].is_null()) db::SetTimestamp(changed[2].as<double>(), article.mutable_last_reviewed_time());
    return std::move(article);
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<v1::Comment> ArticleStore::AddComment(const std::string& comment_id, absl::string_view article_id,
                                                     absl::string_view reviewer_id, const std::string& anchor,
                                                     Decide decide) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    ASSIGN_OR_RETURN(StoredArticle current, ReadArticle(tx, "review_share_article", sql::kShareArticle, article_id));
    ASSIGN_OR_RETURN(v1::Reviewer reviewer, ReadReviewer(tx, reviewer_id));
    ASSIGN_OR_RETURN(Outcome outcome, decide(StateOf(current), &reviewer));
    const v1::AuditEvent& record = outcome.record;
    const pqxx::row row = ExecPrepared(tx, "review_record_comment", sql::kRecordComment, comment_id,
                                       std::string(article_id), reviewer.id(), anchor,
                                       static_cast<int>(record.from_status()), record.note())
                              .at(0);
    tx.commit();
    v1::Comment comment;
    comment.set_id(comment_id);
    comment.set_article_id(std::string(article_id));
    comment.set_reviewer_id(reviewer.id());
    comment.set_anchor(anchor);
    comment.set_text(record.note());
    db::SetTimestamp(row[0].as<double>(), comment.mutable_create_time());
    return comment;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<Page<v1::Article>> ArticleStore::ListArticles(const ArticleFilter& filter, int64_t after, int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
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
    pqxx::read_transaction tx(*lease);
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
    pqxx::read_transaction tx(*lease);
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
    pqxx::read_transaction tx(*lease);
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
    pqxx::read_transaction tx(*lease);
    return tx.exec1(sql::kLastSequence)[0].as<int64_t>();
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

}  // namespace medbrief::review
