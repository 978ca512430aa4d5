// medbrief-cli: talks to the medbrief services over gRPC.
//
//   medbrief-cli health ADDR [SERVICE]   grpc.health.v1 Check; exit 0 when SERVING
//   medbrief-cli wait ADDR [SECONDS]      waits until ADDR reports SERVING
//   medbrief-cli import ADDR FORMAT PATH...
//       streams files to ContentService.ImportSources (FORMAT: jsonl, spl, ngc,
//       pubmed; a directory means every file in it) and prints the summary
//       and the throughput
//   medbrief-cli search ADDR QUERY [TOP_K]
//   medbrief-cli ask ADDR QUESTION [options]   AnswerService.Ask, printed as a page
//   medbrief-cli show ADDR ANSWER_ID           AnswerService.GetAnswer
//   medbrief-cli answers ADDR [STATUS]         AnswerService.ListAnswers
//   medbrief-cli reviewer ADDR NAME [--board]  ReviewService.CreateReviewer
//   medbrief-cli queue ADDR [STATUS]           ReviewService.ListArticles
//   medbrief-cli claim|comment|approve ...     review decisions
//
// With MEDBRIEF_TOKEN set, calls carry it as a bearer token (over TLS when
// MEDBRIEF_TLS_CA names the CA, else over local credentials to a loopback
// address).

#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "absl/strings/str_split.h"
#include "common/auth/jwt.h"
#include "common/io/files.h"
#include "tools/cli/commands.h"
#include "tools/cli/connection.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

int Usage() {
  std::fputs(
      "usage:\n"
      "  medbrief-cli health ADDR [SERVICE]   print the health status; exit 0 when SERVING\n"
      "  medbrief-cli wait ADDR [SECONDS]      wait until ADDR reports SERVING (default 30 s)\n"
      "  medbrief-cli import ADDR jsonl|spl|ngc|pubmed PATH...   import files (a directory: all its files)\n"
      "  medbrief-cli search ADDR QUERY [TOP_K]                  search content\n"
      "  medbrief-cli ask ADDR QUESTION [--audience clinician|patient|caregiver|student]\n"
      "                   [--conversation ID] [--max-citations N] [--stream] [--width N]\n"
      "  medbrief-cli show ADDR ANSWER_ID                         an answer with its current review state\n"
      "  medbrief-cli answers ADDR [REVIEW_STATUS]                 answers, newest first\n"
      "  medbrief-cli reviewer ADDR NAME [--board]                register a reviewer (prints its id)\n"
      "  medbrief-cli queue ADDR [STATUS]                         review queue (default SUBMITTED)\n"
      "  medbrief-cli claim ADDR ARTICLE_ID REVIEWER_ID\n"
      "  medbrief-cli comment ADDR ARTICLE_ID REVIEWER_ID TEXT\n"
      "  medbrief-cli approve|request-changes|reject ADDR ARTICLE_ID REVIEWER_ID [NOTE]\n"
      "  medbrief-cli token SUBJECT ROLE[,ROLE...] [HOURS]        mint a development token (HS256, key from\n"
      "                                                          MEDBRIEF_JWT_KEY; roles: reader, author,\n"
      "                                                          reviewer, admin, service; default 12 h)\n",
      stderr);
  return 2;
}

// The status name, or the gRPC error when the check itself failed.
std::string CheckHealth(const std::string& addr, const std::string& service, bool* serving) {
  auto channel = grpc::CreateChannel(addr, grpc::InsecureChannelCredentials());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = grpc::health::v1::Health::NewStub(channel)->Check(&ctx, request, &response);
  *serving = status.ok() && response.status() == HealthCheckResponse::SERVING;
  if (!status.ok()) return "error: " + status.error_message();
  return HealthCheckResponse::ServingStatus_Name(response.status());
}

int Health(int argc, char** argv) {
  if (argc < 3 || argc > 4) return Usage();
  bool serving = false;
  const std::string status = CheckHealth(argv[2], argc == 4 ? argv[3] : "", &serving);
  std::printf("%s %s\n", argv[2], status.c_str());
  return serving ? 0 : 1;
}

int Wait(int argc, char** argv) {
  if (argc < 3 || argc > 4) return Usage();
  int seconds = 30;
  if (argc == 4 && (!absl::SimpleAtoi(argv[3], &seconds) || seconds <= 0)) return Usage();
  const absl::Time deadline = absl::Now() + absl::Seconds(seconds);
  std::string status;
  while (absl::Now() < deadline) {
    bool serving = false;
    status = CheckHealth(argv[2], "", &serving);
    if (serving) return 0;
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::fprintf(stderr, "%s not SERVING after %d s (%s)\n", argv[2], seconds, status.c_str());
  return 1;
}

namespace content = medbrief::content::v1;

int Import(int argc, char** argv) {
  if (argc < 5) return Usage();
  const std::string format = argv[3];
  content::ImportFormat wire;
  if (format == "jsonl") wire = content::JSONL;
  else if (format == "spl") wire = content::SPL_XML;
  else if (format == "ngc") wire = content::NGC_XML;
  else if (format == "pubmed") wire = content::PUBMED_XML;
  else return Usage();
  auto stub = content::ContentService::NewStub(medbrief::cli::Channel(argv[2]));
  auto ctx = medbrief::cli::Context(24 * 3600);
  content::ImportSummary summary;
  auto writer = stub->ImportSources(ctx.get(), &summary);
  content::ImportSourcesRequest request;
  request.set_format(wire);
  size_t bytes = 0;
  const absl::Time start = absl::Now();
  bool open = true;
  const auto send = [&](std::string payload) {
    bytes += payload.size();
    request.set_payload(std::move(payload));
    open = open && writer->Write(request);
    request.clear_format();  // the first message names it
  };
  for (int i = 4; i < argc && open; ++i) {
    for (const std::string& file : medbrief::io::FilesUnder(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.c_str());
        return 1;
      }
      if (wire != content::JSONL) {
        std::stringstream buffer;
        buffer << in.rdbuf();
        request.set_name(std::filesystem::path(file).filename().string());  // NGC ids come from it
        send(buffer.str());
        continue;
      }
      // JSONL: messages of whole lines, about 1 MiB each.
      std::string chunk, line;
      while (open && std::getline(in, line)) {
        chunk.append(line).push_back('\n');
        if (chunk.size() >= (1 << 20)) send(std::exchange(chunk, {}));
      }
      if (open && !chunk.empty()) send(std::move(chunk));
    }
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!status.ok()) {
    std::fprintf(stderr, "import failed: %s: %s\n", std::to_string(status.error_code()).c_str(),
                 status.error_message().c_str());
    return 1;
  }
  const int items = summary.created() + summary.updated() + summary.unchanged() + summary.failed();
  std::printf("created %d, updated %d, unchanged %d, failed %d in %.1f s (%.0f items/s, %.1f MB/s)\n",
              summary.created(), summary.updated(), summary.unchanged(), summary.failed(), seconds, items / seconds,
              bytes / 1048576.0 / seconds);
  for (const auto& error : summary.errors()) std::printf("  %s: %s\n", error.item().c_str(), error.message().c_str());
  return summary.failed() == 0 ? 0 : 3;
}

int Search(int argc, char** argv) {
  if (argc < 4 || argc > 5) return Usage();
  auto stub = content::ContentService::NewStub(medbrief::cli::Channel(argv[2]));
  auto ctx = medbrief::cli::Context(10);
  content::SearchRequest request;
  request.set_query(argv[3]);
  int top_k = 10;
  if (argc == 5 && !absl::SimpleAtoi(argv[4], &top_k)) return Usage();
  request.set_top_k(top_k);
  content::SearchResponse response;
  const grpc::Status status = stub->Search(ctx.get(), request, &response);
  if (!status.ok()) {
    std::fprintf(stderr, "search failed: %s\n", status.error_message().c_str());
    return 1;
  }
  std::printf("%d hits in %lld us\n", response.hits_size(), static_cast<long long>(response.took_micros()));
  for (const auto& hit : response.hits()) {
    std::printf("%.3f  %s  %s\n        %s\n", hit.score(), hit.passage().id().c_str(), hit.source_title().c_str(),
                hit.passage().text().substr(0, 160).c_str());
  }
  return 0;
}

// Prints a bearer token for local development and tests.
int Token(int argc, char** argv) {
  if (argc < 4 || argc > 5) return Usage();
  const char* key = std::getenv("MEDBRIEF_JWT_KEY");
  if (key == nullptr || *key == '\0') {
    std::fputs("token: set MEDBRIEF_JWT_KEY to the services' signing key\n", stderr);
    return 2;
  }
  int hours = 12;
  if (argc == 5 && (!absl::SimpleAtoi(argv[4], &hours) || hours <= 0 || hours > 24 * 30)) return Usage();
  medbrief::auth::Principal principal;
  principal.subject = argv[2];
  principal.roles = absl::StrSplit(argv[3], ',', absl::SkipEmpty());
  principal.expires = absl::Now() + absl::Hours(hours);
  std::printf("%s\n", medbrief::auth::MintHs256(principal, key).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string command = argv[1];
  if (command == "health") return Health(argc, argv);
  if (command == "wait") return Wait(argc, argv);
  if (command == "import") return Import(argc, argv);
  if (command == "search") return Search(argc, argv);
  if (command == "token") return Token(argc, argv);
  namespace cli = medbrief::cli;
  if (command == "ask") return cli::Ask(argc, argv);
  if (command == "show") return cli::Show(argc, argv);
  if (command == "answers") return cli::ListAnswers(argc, argv);
  if (command == "reviewer") return cli::CreateReviewer(argc, argv);
  if (command == "queue") return cli::Queue(argc, argv);
  if (command == "claim") return cli::Claim(argc, argv);
  if (command == "comment") return cli::Comment(argc, argv);
  if (command == "approve" || command == "request-changes" || command == "reject") return cli::Decide(argc, argv);
  return Usage();
}
