// medbrief-citation: serves medbrief.citation.v1.CitationService.

#include <memory>

#include "common/service/service_main.h"
#include "medbrief/citation/v1/citation.grpc.pb.h"
#include "citation_migrations.h"

namespace medbrief::citation {
namespace {

// The RPCs are not implemented yet: each answers UNIMPLEMENTED, saying so.
class CitationGrpc final : public v1::CitationService::Service {};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig&, db::ConnectionPool&) {
  service::Parts parts;
  parts.services.push_back(std::make_unique<CitationGrpc>());
  return parts;
}

}  // namespace
}  // namespace medbrief::citation

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"citation", {"medbrief.citation.v1.CitationService"}, &medbrief::citation::Migrations(), medbrief::citation::Build});
}
