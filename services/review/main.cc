// medbrief-review: serves medbrief.review.v1.ReviewService.

#include <memory>
#include <string>

#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/service/service_main.h"
#include "review_migrations.h"
#include "services/review/review_grpc.h"
#include "services/review/sql.h"

namespace medbrief::review {
namespace {

// Everything the service holds, built in dependency order.
struct Review {
  Review(const config::ServiceConfig& config, db::ConnectionPool& pool)
      : store(pool, config.review_max_writers),
        service(store, ReviewOptions{Policy{config.review_required_approvals, config.review_board_only},
                                     config.review_sla}) {}

  ArticleStore store;
  ReviewService service;
  std::unique_ptr<db::OutboxFollower> events;
};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig& config, db::ConnectionPool& pool) {
  auto review = std::make_shared<Review>(config, pool);
  absl::StatusOr<int64_t> sequence = review->store.LastSequence();
  if (!sequence.ok()) return sequence.status();
  // Nothing to apply: the follower only learns the newest sequence, to wake
  // the WatchArticles streams. Notifications carry it (write_event), except
  // for SUBMIT events, which are not announced (migration 0006): those are
  // learned from a later notification or on the follower's poll.
  ArticleStore& store = review->store;
  review->events = std::make_unique<db::OutboxFollower>(
      "article events", config.db_dsn, sql::kNotifyChannel, *sequence,
      [&store](int64_t after, int64_t notified) -> absl::StatusOr<int64_t> {
        if (notified > after) return notified;
        return store.LastSequence();
      });
  review->events->Start();
  log::Info("review policy", {{"required_approvals", config.review_required_approvals},
                              {"board_only", config.review_board_only},
                              {"sla", absl::FormatDuration(config.review_sla)},
                              {"max_writers", config.review_max_writers}});

  metrics::Registry::Default().AddGauge(
      "medbrief_review_queue_articles", "articles waiting on a reviewer or author, by status", [&store] {
        std::vector<metrics::Sample> samples;
        absl::StatusOr<std::vector<std::pair<v1::ArticleStatus, int64_t>>> counts = store.QueueCounts();
        if (!counts.ok()) return samples;  // the scrape shows no sample rather than a wrong one
        for (const auto& [status, count] : *counts) {
          samples.push_back({{{"status", v1::ArticleStatus_Name(status)}}, static_cast<double>(count)});
        }
        return samples;
      });

  service::Parts parts;
  parts.services.push_back(std::make_unique<ReviewGrpc>(review->service, *review->events));
  parts.stop = [review] { review->events->Stop(); };
  parts.keep_alive.push_back(review);
  return parts;
}

}  // namespace
}  // namespace medbrief::review

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"review", {"medbrief.review.v1.ReviewService"}, &medbrief::review::Migrations(), medbrief::review::Build});
}
