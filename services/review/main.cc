// medbrief-review: serves medbrief.review.v1.ReviewService.

#include <memory>

#include "common/service/service_main.h"
#include "medbrief/review/v1/review.grpc.pb.h"
#include "review_migrations.h"

namespace medbrief::review {
namespace {

// The RPCs are not implemented yet: each answers UNIMPLEMENTED, saying so.
class ReviewGrpc final : public v1::ReviewService::Service {};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig&, db::ConnectionPool&) {
  service::Parts parts;
  parts.services.push_back(std::make_unique<ReviewGrpc>());
  return parts;
}

}  // namespace
}  // namespace medbrief::review

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"review", {"medbrief.review.v1.ReviewService"}, &medbrief::review::Migrations(), medbrief::review::Build});
}
