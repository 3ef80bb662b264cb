// The OTLP receiver: OTLP/HTTP (protobuf and JSON) and OTLP/gRPC exports of
// traces, logs and metrics, answered per specs/otlp.md: 200 with partial
// success for partly invalid data, 400 for undecodable bodies, 401/403 for
// keys, 415 for unknown media types, 503 + Retry-After when the store is
// behind. A success is sent only after the data is durable in the WAL.
// Thread-safe: handlers run concurrently on the servers' worker threads.
#pragma once

#include "api/common/metrics.h"
#include "api/common/principal.h"
#include "api/common/span_error_sink.h"
#include "net/grpc/server.h"
#include "net/http/router.h"
#include "store/catalog/store.h"

namespace waggle::api {

class OtlpReceiver {
 public:
  // Stored spans with exception events go to `span_errors` too (may be
  // null). Every argument must outlive this object.
  OtlpReceiver(store::Store& store, const PrincipalResolver& principals, IngestMetrics& metrics,
               SpanErrorSink* span_errors = nullptr)
      : store_(store), principals_(principals), metrics_(metrics), span_errors_(span_errors) {}

  // Adds POST /v1/traces, /v1/logs and /v1/metrics to `router`.
  void AddHttpRoutes(net::http::Router& router);
  // Registers the three gRPC Export methods.
  void AddGrpcMethods(net::grpc::GrpcServer& server);

 private:
  store::Store& store_;
  const PrincipalResolver& principals_;
  IngestMetrics& metrics_;
  SpanErrorSink* const span_errors_;
};

}  // namespace waggle::api
