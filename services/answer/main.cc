// medbrief-answer: serves medbrief.answer.v1.AnswerService. Searches content
// (--content_addr), registers citations (--citation_addr) and submits every
// new answer for review (--review_addr), whose events it follows to know
// which answers are approved.

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

#include "common/grpc/security.h"
#include "common/log/log.h"
#include "common/service/service_main.h"
#include "common/status/macros.h"
#include "common/text/vocabulary_paths.h"
#include "answer_migrations.h"
#include "services/answer/answer_grpc.h"
#include "services/answer/answer_service.h"
#include "services/answer/answer_store.h"
#include "services/answer/assemble.h"
#include "services/answer/repair.h"
#include "services/answer/review_events.h"
#include "services/answer/upstreams.h"

namespace medbrief::answer {
namespace {

inline constexpr char kCallerName[] = "medbrief-answer";

// The vocabularies of --plain_language and --abbreviations, loaded when
// either flag is set. Otherwise the builtin ones serve, for which the answer
// core remembers lay wordings and title conditions across answers.
struct Vocabularies {
  PlainLanguage plain_language;
  text::Abbreviations abbreviations;
};

absl::StatusOr<std::shared_ptr<const Vocabularies>> LoadVocabularies(const config::ServiceConfig& config) {
  if (config.plain_language.empty() && config.abbreviations.empty()) return nullptr;
  ASSIGN_OR_RETURN(PlainLanguage plain_language,
                   text::WithPaths(PlainLanguage::Builtin(), config.plain_language, "--plain_language"));
  ASSIGN_OR_RETURN(text::Abbreviations abbreviations,
                   text::WithPaths(text::Abbreviations::Builtin(), config.abbreviations, "--abbreviations"));
  return std::make_shared<const Vocabularies>(Vocabularies{std::move(plain_language), std::move(abbreviations)});
}

AnswerServiceOptions ServiceOptions(const std::shared_ptr<const Vocabularies>& vocabularies) {
  AnswerServiceOptions options;
  if (vocabularies != nullptr) {
    options.assembly.vocabulary = &vocabularies->plain_language;
    options.assembly.abbreviations = &vocabularies->abbreviations;
    options.assembly.lexicon = std::make_shared<const Lexicon>(vocabularies->plain_language, vocabularies->abbreviations);
  }
  return options;
}

// Everything the service holds, built in dependency order.
struct Answer {
  Answer(db::ConnectionPool& pool, std::shared_ptr<grpc::Channel> content, std::shared_ptr<grpc::Channel> citation,
         std::shared_ptr<grpc::Channel> review, const RepairOptions& repair_options,
         std::shared_ptr<const Vocabularies> vocabularies_in)
      : vocabularies(std::move(vocabularies_in)),
        store(pool),
        upstreams(std::move(content), std::move(citation), std::move(review)),
        service(store, upstreams, ServiceOptions(vocabularies)),
        review_events(store, upstreams.review()),
        repairer(store, upstreams, repair_options) {}

  std::shared_ptr<const Vocabularies> vocabularies;  // before the service, which refers to them
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
  absl::StatusOr<std::shared_ptr<const Vocabularies>> vocabularies = LoadVocabularies(config);
  if (!vocabularies.ok()) return vocabularies.status();
  if (*vocabularies != nullptr) {
    log::Info("vocabularies loaded", {{"plain_language_entries", (*vocabularies)->plain_language.size()},
                                      {"abbreviations", (*vocabularies)->abbreviations.size()}});
  }
  RepairOptions repair;
  repair.interval = config.answer_repair_interval;
  repair.call_timeout = std::min(repair.call_timeout, repair.interval);  // a short interval retries quickly
  auto answer = std::make_shared<Answer>(pool, *std::move(content), *std::move(citation), *std::move(review), repair,
                                         *std::move(vocabularies));
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
