// medbrief-citation: serves medbrief.citation.v1.CitationService. Reads
// passages and sources from content (--content_addr), follows content's
// source events and re-opens reviews through review (--review_addr).

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/grpc/security.h"
#include "common/log/log.h"
#include "common/service/service_main.h"
#include "citation_migrations.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/citation/article_reopener.h"
#include "services/citation/citation_grpc.h"
#include "services/citation/source_events.h"

namespace medbrief::citation {
namespace {

// Everything the service holds, built in dependency order.
struct Citation {
  Citation(const config::ServiceConfig& config, db::ConnectionPool& pool,
           std::shared_ptr<grpc::Channel> content_upstream, std::shared_ptr<grpc::Channel> review_upstream)
      : store(pool),
        content_channel(std::move(content_upstream)),
        content(content_channel),
        sources(content),
        service(store, content, sources, checker),
        reopener(std::move(review_upstream)),
        handler(store, sources, reopener),
        reopens(FollowerRole::kReopen, config.db_dsn, content_channel, store, handler),
        cache_events(FollowerRole::kCacheOnly, config.db_dsn, content_channel, store, handler) {}

  CitationStore store;
  std::shared_ptr<grpc::Channel> content_channel;
  GrpcContentReader content;
  SourceCache sources;
  SupportChecker checker;
  CitationService service;
  GrpcArticleReopener reopener;
  SourceEventHandler handler;
  SourceEventFollower reopens;       // one replica at a time
  SourceEventFollower cache_events;  // every replica
};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig& config, db::ConnectionPool& pool) {
  if (config.content_addr.empty()) {
    return absl::InvalidArgumentError("--content_addr (MEDBRIEF_CONTENT_ADDR) is required: passages come from content");
  }
  if (config.review_addr.empty()) {
    return absl::InvalidArgumentError(
        "--review_addr (MEDBRIEF_REVIEW_ADDR) is required: a retracted source re-opens reviews there");
  }
  // TLS and service tokens as this service's own settings say.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> content =
      grpcutil::UpstreamChannel(config.content_addr, config, kCallerName);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> review =
      grpcutil::UpstreamChannel(config.review_addr, config, kCallerName);
  if (!review.ok()) return review.status();
  auto citation = std::make_shared<Citation>(config, pool, *std::move(content), *std::move(review));
  citation->reopens.Start();
  citation->cache_events.Start();
  log::Info("upstreams", {{"content", config.content_addr}, {"review", config.review_addr}});

  service::Parts parts;
  parts.services.push_back(std::make_unique<CitationGrpc>(citation->service));
  parts.stop = [citation] {
    citation->reopens.Stop();
    citation->cache_events.Stop();
  };
  parts.keep_alive.push_back(citation);
  return parts;
}

}  // namespace
}  // namespace medbrief::citation

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"citation", {"medbrief.citation.v1.CitationService"}, &medbrief::citation::Migrations(), medbrief::citation::Build});
}
