#include "services/answer/answer_grpc.h"

#include <algorithm>

#include "common/grpc/call_log.h"
#include "common/grpc/security.h"
#include "common/grpc/status.h"

namespace medbrief::answer {

Caller CallerOf(const grpc::ServerContext& context) {
  Caller caller;
  caller.end_user = grpcutil::AuthenticatedSubject(context);
  caller.request_id = grpcutil::RequestId(context);
  const absl::Time now = absl::Now();
  const absl::Time client = absl::FromChrono(context.deadline());
  // A tenth of what the client allows (at most 50 ms) is kept for the reply.
  const absl::Duration margin = std::clamp((client - now) / 10, absl::ZeroDuration(), absl::Milliseconds(50));
  caller.deadline = client - margin;
  return caller;
}

grpc::Status AnswerGrpc::Ask(grpc::ServerContext* context, const v1::AskRequest* request, v1::Answer* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.Ask(*request, CallerOf(*context)));
  return grpc::Status::OK;
}

grpc::Status AnswerGrpc::AskStream(grpc::ServerContext* context, const v1::AskRequest* request,
                                   grpc::ServerWriter<v1::AnswerChunk>* writer) {
  v1::AnswerChunk chunk;
  const auto send_section = [&](const v1::Section& section) {
    *chunk.mutable_section() = section;
    writer->Write(chunk);  // a client gone away is noticed when the call ends
  };
  ASSIGN_OR_RETURN_GRPC(v1::Answer answer, service_.Ask(*request, CallerOf(*context), send_section));

  v1::CitationList* citations = chunk.mutable_citations();
  citations->mutable_citations()->Swap(answer.mutable_citations());
  writer->Write(chunk);
  *chunk.mutable_review() = answer.review();
  writer->Write(chunk);

  v1::AnswerMetadata* metadata = chunk.mutable_metadata();
  metadata->set_id(answer.id());
  metadata->set_question(answer.question());
  metadata->set_audience(answer.audience());
  metadata->set_conversation_id(answer.conversation_id());
  metadata->set_disclaimer(answer.disclaimer());
  *metadata->mutable_follow_up_questions() = answer.follow_up_questions();
  metadata->set_reading_grade(answer.reading_grade());
  *metadata->mutable_degraded_reasons() = answer.degraded_reasons();
  *metadata->mutable_last_updated() = answer.last_updated();
  *metadata->mutable_create_time() = answer.create_time();
  writer->Write(chunk);
  return grpc::Status::OK;
}

grpc::Status AnswerGrpc::GetAnswer(grpc::ServerContext* context, const v1::GetAnswerRequest* request,
                                   v1::Answer* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.GetAnswer(*request, CallerOf(*context)));
  return grpc::Status::OK;
}

grpc::Status AnswerGrpc::ListAnswers(grpc::ServerContext*, const v1::ListAnswersRequest* request,
                                     v1::ListAnswersResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListAnswers(*request));
  return grpc::Status::OK;
}

}  // namespace medbrief::answer
