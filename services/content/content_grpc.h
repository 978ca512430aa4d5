#pragma once

// medbrief.content.v1.ContentService over gRPC: validate, call the domain,
// map the status. The logic is in ContentService.

#include "medbrief/content/v1/content.grpc.pb.h"
#include "services/content/content_service.h"
#include "common/db/outbox_follower.h"

namespace medbrief::content {

// ImportSources reads raw messages (a callback method) so that one which
// does not parse fails the stream: the synchronous API cannot tell such a
// message from the end of the stream. With a callback method gRPC hands each
// call of a synchronous method from its polling thread to a thread of the
// method's (common/grpc/server.cc): Search, in memory and on every answer's
// path, is a callback method too and runs where it is read.
class ContentGrpc final
    : public v1::ContentService::WithCallbackMethod_Search<
          v1::ContentService::WithRawCallbackMethod_ImportSources<v1::ContentService::Service>> {
 public:
  ContentGrpc(ContentService& service, SourceStore& store, db::OutboxFollower& events)
      : service_(service), store_(store), events_(events) {}

  grpc::Status CreateSource(grpc::ServerContext*, const v1::CreateSourceRequest* request, v1::Source* response) override;
  grpc::ServerReadReactor<grpc::ByteBuffer>* ImportSources(grpc::CallbackServerContext* context,
                                                           grpc::ByteBuffer* response) override;
  grpc::Status GetSource(grpc::ServerContext*, const v1::GetSourceRequest* request, v1::Source* response) override;
  grpc::Status ListSources(grpc::ServerContext*, const v1::ListSourcesRequest* request,
                           v1::ListSourcesResponse* response) override;
  grpc::Status UpdateSourceStatus(grpc::ServerContext*, const v1::UpdateSourceStatusRequest* request,
                                  v1::Source* response) override;
  grpc::Status GetPassage(grpc::ServerContext*, const v1::GetPassageRequest* request, v1::Passage* response) override;
  grpc::ServerUnaryReactor* Search(grpc::CallbackServerContext* context, const v1::SearchRequest* request,
                                   v1::SearchResponse* response) override;
  grpc::Status WatchSourceEvents(grpc::ServerContext* context, const v1::WatchSourceEventsRequest* request,
                                 grpc::ServerWriter<v1::SourceEvent>* writer) override;

 private:
  ContentService& service_;
  SourceStore& store_;
  db::OutboxFollower& events_;
};

}  // namespace medbrief::content
