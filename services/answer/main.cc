// medbrief-answer: serves medbrief.answer.v1.AnswerService.

#include <memory>

#include "common/service/service_main.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "answer_migrations.h"

namespace medbrief::answer {
namespace {

// The RPCs are not implemented yet: each answers UNIMPLEMENTED, saying so.
class AnswerGrpc final : public v1::AnswerService::Service {};

absl::StatusOr<service::Parts> Build(const config::ServiceConfig&, db::ConnectionPool&) {
  service::Parts parts;
  parts.services.push_back(std::make_unique<AnswerGrpc>());
  return parts;
}

}  // namespace
}  // namespace medbrief::answer

int main(int argc, char** argv) {
  return medbrief::service::RunService(
      argc, argv,
      {"answer", {"medbrief.answer.v1.AnswerService"}, &medbrief::answer::Migrations(), medbrief::answer::Build});
}
