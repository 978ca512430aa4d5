#include "services/content/content_grpc.h"

#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>

#include "absl/strings/str_cat.h"
#include "common/concurrency/serial_executor.h"
#include "common/grpc/event_stream.h"
#include "common/grpc/status.h"

namespace medbrief::content {

using grpcutil::InvalidArgument;

grpc::Status ContentGrpc::CreateSource(grpc::ServerContext*, const v1::CreateSourceRequest* request,
                                       v1::Source* response) {
  if (!request->has_source()) return InvalidArgument("source", "is required");
  ASSIGN_OR_RETURN_GRPC(WriteResult result, service_.CreateSource(request->source()));
  *response = std::move(result.source);
  return grpc::Status::OK;
}

namespace {

// One ImportSources stream. Each message is parsed and imported on the
// import's own thread (the reactor's callbacks must not block); the next
// read starts when it is done.
class ImportReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  ImportReactor(grpc::CallbackServerContext* context, ContentService& service, grpc::ByteBuffer* response)
      : context_(context), import_(service), response_(response) {
    StartRead(&message_);
  }

  void OnReadDone(bool ok) override {
    worker_.Submit([this, ok] { ok ? Handle() : End(); });
  }

  // The last callback, on a gRPC thread once Finish is done: joining the
  // worker (in its destructor) waits at most for the task that finished.
  void OnDone() override { delete this; }

 private:
  void Handle() {
    ++messages_;
    v1::ImportSourcesRequest request;
    grpc::Status parsed = grpc::GenericDeserialize<grpc::ProtoBufferReader, v1::ImportSourcesRequest>(&message_,
                                                                                                     &request);
    message_.Clear();
    if (!parsed.ok()) {
      import_.Drain().IgnoreError();  // here, not in OnDone's delete on a gRPC thread
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          absl::StrCat("request: message ", messages_, " of the stream is not an ImportSourcesRequest")));
      return;
    }
    if (absl::Status status = import_.Add(request); !status.ok()) {
      import_.Drain().IgnoreError();
      Finish(grpcutil::ToGrpc(status));
      return;
    }
    StartRead(&message_);
  }

  void End() {
    if (context_->IsCancelled()) {
      import_.Drain().IgnoreError();
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the import"));
      return;
    }
    if (absl::Status status = import_.Finish(); !status.ok()) {
      Finish(grpcutil::ToGrpc(status));
      return;
    }
    bool own_buffer = false;
    Finish(grpc::GenericSerialize<grpc::ProtoBufferWriter, v1::ImportSummary>(import_.summary(), response_,
                                                                              &own_buffer));
  }

  grpc::CallbackServerContext* context_;
  ContentService::Import import_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer message_;
  int messages_ = 0;
  concurrency::SerialExecutor worker_{"import-parse"};  // last: joined first, while the rest exists
};

}  // namespace

grpc::ServerReadReactor<grpc::ByteBuffer>* ContentGrpc::ImportSources(grpc::CallbackServerContext* context,
                                                                      grpc::ByteBuffer* response) {
  return new ImportReactor(context, service_, response);
}

grpc::Status ContentGrpc::GetSource(grpc::ServerContext*, const v1::GetSourceRequest* request, v1::Source* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.GetSource(request->id()));
  return grpc::Status::OK;
}

grpc::Status ContentGrpc::ListSources(grpc::ServerContext*, const v1::ListSourcesRequest* request,
                                      v1::ListSourcesResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.ListSources(*request));
  return grpc::Status::OK;
}

grpc::Status ContentGrpc::UpdateSourceStatus(grpc::ServerContext*, const v1::UpdateSourceStatusRequest* request,
                                             v1::Source* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.UpdateSourceStatus(*request));
  return grpc::Status::OK;
}

grpc::Status ContentGrpc::GetPassage(grpc::ServerContext*, const v1::GetPassageRequest* request,
                                     v1::Passage* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.GetPassage(request->id()));
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* ContentGrpc::Search(grpc::CallbackServerContext* context, const v1::SearchRequest* request,
                                              v1::SearchResponse* response) {
  // In memory and short: run on gRPC's thread, without the hand-off to a
  // synchronous method's thread (see the class comment).
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<v1::SearchResponse> result = service_.Search(*request);
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(result.ok() ? grpc::Status::OK : grpcutil::ToGrpc(result.status()));
  return reactor;
}

grpc::Status ContentGrpc::WatchSourceEvents(grpc::ServerContext* context, const v1::WatchSourceEventsRequest* request,
                                            grpc::ServerWriter<v1::SourceEvent>* writer) {
  if (request->after_sequence() < 0) return InvalidArgument("after_sequence", "must be 0 or more");
  const auto read = [this](int64_t after, int limit) -> absl::StatusOr<std::vector<v1::SourceEvent>> {
    absl::StatusOr<std::vector<StoredEvent>> stored = store_.EventsAfter(after, limit);
    if (!stored.ok()) return stored.status();
    std::vector<v1::SourceEvent> events;
    events.reserve(stored->size());
    for (StoredEvent& e : *stored) events.push_back(std::move(e.event));
    return events;
  };
  return grpcutil::StreamEvents<v1::SourceEvent>(
      *context, *writer, request->after_sequence(), read, [](const v1::SourceEvent& e) { return e.sequence(); },
      events_);
}

}  // namespace medbrief::content
