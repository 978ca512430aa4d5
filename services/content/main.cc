// medbrief-content: serves medbrief.content.v1.ContentService.


#include <fstream>
#include <memory>
#include <string>
#include <utility>

#include "common/log/log.h"
#include "common/metrics/metrics.h"
#include "common/service/service_main.h"
#include "common/text/vocabulary_paths.h"
#include "content_migrations.h"
#include "services/content/content_grpc.h"
#include "services/content/event_follower.h"

namespace medbrief::content {
namespace {

// Everything the service holds, built in dependency order.
struct Content {
  Content(const config::ServiceConfig& config, db::ConnectionPool& pool, text::Abbreviations vocabulary)
      : abbreviations(std::move(vocabulary)),
        store(pool),
        index(analyzer),
        service(store, index, analyzer, abbreviations),
        dsn(config.db_dsn) {}

  text::Abbreviations abbreviations;
  text::Analyzer analyzer;
  SourceStore store;
  search::SearchIndex index;
  ContentService service;
  std::string dsn;
  std::unique_ptr<db::OutboxFollower> events;
};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig& config, db::ConnectionPool& pool) {
  absl::StatusOr<text::Abbreviations> vocabulary =
      text::WithPaths(text::Abbreviations::Builtin(), config.abbreviations, "--abbreviations");
  if (!vocabulary.ok()) return vocabulary.status();
  log::Info("abbreviations loaded", {{"entries", vocabulary->size()}});
  auto content = std::make_shared<Content>(config, pool, *std::move(vocabulary));
  const absl::Time start = absl::Now();
  absl::StatusOr<int64_t> sequence = content->service.LoadIndex();
  if (!sequence.ok()) return sequence.status();
  const search::IndexStats stats = content->index.Stats();
  log::Info("search index built", {{"passages", stats.docs},
                                   {"memory_mb", static_cast<double>(stats.memory_bytes) / (1 << 20)},
                                   {"text_mb", static_cast<double>(stats.text_bytes) / (1 << 20)},
                                   {"process_rss_mb", static_cast<double>(metrics::ResidentBytes()) / (1 << 20)},
                                   {"seconds", absl::ToDoubleSeconds(absl::Now() - start)}});
  content->events = NewEventFollower(content->dsn, content->store, content->service, *sequence);
  content->events->Start();

  search::SearchIndex& index = content->index;
  metrics::Registry::Default().AddGauge("medbrief_search_index", "the in-memory search index", [&index] {
    const search::IndexStats stats = index.Stats();
    return std::vector<metrics::Sample>{{{{"measure", "passages"}}, static_cast<double>(stats.docs)},
                                        {{{"measure", "segments"}}, static_cast<double>(stats.segments)},
                                        {{{"measure", "memory_bytes"}}, static_cast<double>(stats.memory_bytes)},
                                        {{{"measure", "text_bytes"}}, static_cast<double>(stats.text_bytes)}};
  });

  service::Parts parts;
  parts.services.push_back(std::make_unique<ContentGrpc>(content->service, content->store, *content->events));
  parts.stop = [content] { content->events->Stop(); };
  parts.keep_alive.push_back(content);
  return parts;
}

}  // namespace
}  // namespace medbrief::content

int main(int argc, char** argv) {
  return medbrief::service::RunService(argc, argv,
                                       {"content",
                                        {"medbrief.content.v1.ContentService"},
                                        &medbrief::content::Migrations(),
                                        medbrief::content::Build});
}
