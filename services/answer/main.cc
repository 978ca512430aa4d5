// medbrief-answer: serves medbrief.answer.v1.AnswerService. Searches content
// (--content_addr), registers citations (--citation_addr) and submits every
// new answer for review (--review_addr), whose events it follows to know
// which answers are approved.

#include <algorithm>
#include <memory>

#include "common/grpc/security.h"
#include "common/log/log.h"
#include "common/service/service_main.h"
#include "answer_migrations.h"
#include "services/answer/answer_grpc.h"
#include "services/answer/answer_service.h"
#include "services/answer/answer_store.h"
#include "services/answer/repair.h"
#include "services/answer/review_events.h"
#include "services/answer/upstreams.h"

namespace medbrief::answer {
namespace {

inline constexpr char kCallerName[] = "medbrief-answer";

// Everything the service holds, built in dependency order.
struct Answer {
  Answer(db::ConnectionPool& pool, std::shared_ptr<grpc::Channel> content, std::shared_ptr<grpc::Channel> citation,
         std::shared_ptr<grpc::Channel> review, const RepairOptions& repair_options)
      : store(pool),
        upstreams(std::move(content), std::move(citation), std::move(review)),
        service(store, upstreams),
        review_events(store, upstreams.review()),
        repairer(store, upstreams, repair_options) {}

  AnswerStore store;
  Upstreams upstreams;
  AnswerService service;
  ReviewEventFollower review_events;
  Repairer repairer;
};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig& config, db::ConnectionPool& pool) {
  for (const auto& [flag, value] : {std::pair{"--content_addr (MEDBRIEF_CONTENT_ADDR)", &config.content_addr},
                                    std::pair{"--citation_addr (MEDBRIEF_CITATION_ADDR)", &config.citation_addr},
                                    std::pair{"--review_addr (MEDBRIEF_REVIEW_ADDR)", &config.review_addr}}) {
    if (value->empty()) return absl::InvalidArgumentError(absl::StrCat(flag, " is required"));
  }
  // TLS and service tokens as this service's own settings say.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> content =
      grpcutil::UpstreamChannel(config.content_addr, config, kCallerName);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> citation =
      grpcutil::UpstreamChannel(config.citation_addr, config, kCallerName);
  if (!citation.ok()) return citation.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> review =
      grpcutil::UpstreamChannel(config.review_addr, config, kCallerName);
  if (!review.ok()) return review.status();
  RepairOptions repair;
  repair.interval = config.answer_repair_interval;
  repair.call_timeout = std::min(repair.call_timeout, repair.interval);  // a short interval retries quickly
  auto answer = std::make_shared<Answer>(pool, *std::move(content), *std::move(citation), *std::move(review), repair);
  answer->review_events.Start();
  answer->repairer.Start();
  log::Info("upstreams",
            {{"content", config.content_addr}, {"citation", config.citation_addr}, {"review", config.review_addr}});

  service::Parts parts;
  parts.services.push_back(std::make_unique<AnswerGrpc>(answer->service));
  parts.stop = [answer] {
    answer->repairer.Stop();
    answer->review_events.Stop();
  };
  parts.keep_alive.push_back(answer);
  return parts;
}

}  // namespace
}  // namespace medbrief::answer

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"answer", {"medbrief.answer.v1.AnswerService"}, &medbrief::answer::Migrations(), medbrief::answer::Build});
}
