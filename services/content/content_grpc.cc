#include "services/content/content_grpc.h"

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

grpc::Status ContentGrpc::ImportSources(grpc::ServerContext*, grpc::ServerReader<v1::ImportSourcesRequest>* reader,
                                        v1::ImportSummary* response) {
  ContentService::Import import(service_);
  v1::ImportSourcesRequest request;
  while (reader->Read(&request)) RETURN_IF_ERROR_GRPC(import.Add(request));
  RETURN_IF_ERROR_GRPC(import.Finish());
  *response = import.summary();
  return grpc::Status::OK;
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

grpc::Status ContentGrpc::Search(grpc::ServerContext*, const v1::SearchRequest* request,
                                 v1::SearchResponse* response) {
  ASSIGN_OR_RETURN_GRPC(*response, service_.Search(*request));
  return grpc::Status::OK;
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
