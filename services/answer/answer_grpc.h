#pragma once

// medbrief.answer.v1.AnswerService over gRPC: who calls and by when, the
// domain call, the status mapped; AskStream writes each section as the
// pipeline finishes it. The logic is in AnswerService.

#include "grpcpp/server_context.h"
#include "medbrief/answer/v1/answer.grpc.pb.h"
#include "services/answer/answer_service.h"

namespace medbrief::answer {

class AnswerGrpc final : public v1::AnswerService::Service {
 public:
  explicit AnswerGrpc(AnswerService& service) : service_(service) {}

  grpc::Status Ask(grpc::ServerContext* context, const v1::AskRequest* request, v1::Answer* response) override;
  grpc::Status AskStream(grpc::ServerContext* context, const v1::AskRequest* request,
                         grpc::ServerWriter<v1::AnswerChunk>* writer) override;
  grpc::Status GetAnswer(grpc::ServerContext* context, const v1::GetAnswerRequest* request,
                         v1::Answer* response) override;
  grpc::Status ListAnswers(grpc::ServerContext* context, const v1::ListAnswersRequest* request,
                           v1::ListAnswersResponse* response) override;

 private:
  AnswerService& service_;
};

// The caller of a call: the token's subject (empty with --auth=off) and the
// client's deadline, less a margin so a late answer still reaches it.
Caller CallerOf(const grpc::ServerContext& context);

}  // namespace medbrief::answer
