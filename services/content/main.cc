// medbrief-content: serves medbrief.content.v1.ContentService.

#include <memory>

#include "common/service/service_main.h"
#include "medbrief/content/v1/content.grpc.pb.h"
#include "content_migrations.h"

namespace medbrief::content {
namespace {

// The RPCs are not implemented yet: each answers UNIMPLEMENTED, saying so.
class ContentGrpc final : public v1::ContentService::Service {};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig&, db::ConnectionPool&) {
  service::Parts parts;
  parts.services.push_back(std::make_unique<ContentGrpc>());
  return parts;
}

}  // namespace
}  // namespace medbrief::content

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"content", {"medbrief.content.v1.ContentService"}, &medbrief::content::Migrations(), medbrief::content::Build});
}
